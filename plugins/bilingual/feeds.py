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
        # Titles are text: Pelican's striptags would take out "<new>" in a name
        # and turn French no-break spaces into plain ones.
        feed.feed["title"] = f"{context['SITENAME']} - {feed_title}" if feed_title else context["SITENAME"]
        return feed

    def _add_item_to_the_feed(self, feed, item):
        super()._add_item_to_the_feed(feed, item)
        feed.items[-1]["title"] = item.title
