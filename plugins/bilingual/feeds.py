"""Atom feeds that say their language (xml:lang), one set per language site.

Done on Pelican's feed_generated signal, which hands over each feed once its
entries are in, so that any writer (Pelican's or fastbuild's) writes them so.
"""


def declare_language(context, feed):
    """Each language's feed says its language, belongs to that language's home
    page and has an id of its own (Pelican gives every feed the site root for
    both); its titles stay as written (Pelican's striptags would take "<new>"
    out of a name and turn French no-break spaces into plain ones)."""
    # Receivers stay connected for the whole process: act only for builds that list this plugin.
    if "bilingual" not in context.get("PLUGINS", []):
        return
    site_url, feed_url = context["SITEURL"], feed.feed["feed_url"]
    feed.feed["language"] = context["DEFAULT_LANG"]
    feed.feed["link"] = f"{site_url}/{context['INDEX_URL']}"
    feed.feed["id"] = feed_url
    feed.feed["title"] = feed_title(context, feed_url)
    titles = {article.url: article.title for article in context["articles"]}
    for entry in feed.items:
        entry["title"] = titles.get(entry_url(entry["link"], site_url), entry["title"])


def entry_url(link, site_url):
    """The item URL an entry's link was joined from (SITEURL + "/" + url, or url alone)."""
    link = link.removesuffix("?ref=feed")
    return link.removeprefix(site_url.rstrip("/")).lstrip("/")


def feed_title(context, feed_url):
    """The site's name, and the category's for a category's feed (as Pelican titles them)."""
    pattern = context.get("CATEGORY_FEED_ATOM")
    for category, _posts in context.get("categories", []):
        if pattern and feed_url.endswith(pattern.format(slug=category.slug)):
            return f"{context['SITENAME']} - {category.name}"
    return context["SITENAME"]
