"""Sitemaps: an index at the root and one per language, with hreflang alternates.

Written from the same page map as the language toggle, so a sitemap lists
exactly the pages the sites wrote, each with every language version (itself
included) and x-default, as search engines expect for bilingual sites.
"""

from pathlib import Path
from urllib.parse import urlsplit
from xml.sax.saxutils import quoteattr

from .counterparts import alternates

SITEMAP = "sitemap.xml"
# Pages that exist for a moment of a reader's visit, not to be found by search.
UNLISTED_KINDS = ()


def write_sitemaps(settings, state):
    """Write the index, the language sitemaps and robots.txt; only with an absolute SITEURL."""
    siteurl = settings["SITEURL"]
    if not urlsplit(siteurl).scheme:
        return  # a local preview: sitemaps need absolute URLs
    output = Path(settings["OUTPUT_PATH"])
    for lang in state.languages:
        entries = [
            url_entry(siteurl, url, alternates(state, kind, key))
            for (kind, key), url in sorted(state.sites[lang].items(), key=lambda item: item[1])
            if kind not in UNLISTED_KINDS and kind != "splash"
        ]
        write(output / lang / SITEMAP, urlset(entries))
    index = "".join(
        f"  <sitemap><loc>{siteurl}/{lang}/{SITEMAP}</loc></sitemap>\n" for lang in state.languages
    )
    write(
        output / SITEMAP,
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        f"{index}</sitemapindex>\n",
    )
    write(output / "robots.txt", f"User-agent: *\nAllow: /\n\nSitemap: {siteurl}/{SITEMAP}\n")


def url_entry(siteurl, url, alternates):
    links = "".join(
        f'    <xhtml:link rel="alternate" hreflang="{version.lang}" href={quoteattr(f"{siteurl}/{version.url}")}/>\n'
        for version in alternates
    )
    return f"  <url>\n    <loc>{siteurl}/{url}</loc>\n{links}  </url>\n"


def urlset(entries):
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:xhtml="http://www.w3.org/1999/xhtml">\n' + "".join(entries) + "</urlset>\n"
    )


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
