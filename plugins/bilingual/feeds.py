"""Atom feeds that say their language (xml:lang), one set per language site."""

from pelican.writers import Writer


class LanguageFeedWriter(Writer):
    def _create_new_feed(self, feed_type, feed_title, context):
        feed = super()._create_new_feed(feed_type, feed_title, context)
        feed.feed["language"] = context["DEFAULT_LANG"]
        # Each language's feed belongs to that language's home page, and needs
        # an id of its own (Pelican gives every feed the site root for both).
        feed.feed["link"] = f"{self.site_url}/{context['INDEX_URL']}"
        feed.feed["id"] = self.feed_url
        return feed
