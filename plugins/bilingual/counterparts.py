"""Which page is the equivalent of which, across the two language sites.

Each language site records the pages it will write, keyed by a
language-independent identity (a post's Translation-Key, a taxonomy term, an
author's slug, a list page's name). The language toggle and the hreflang links
of a page are then lookups of the same identity in each language.
"""

from dataclasses import dataclass

from pelican.generators import ArticlesGenerator, PagesGenerator
from pelican.paginator import Paginator


@dataclass(frozen=True)
class Version:
    lang: str
    url: str


@dataclass(frozen=True)
class Toggle:
    """The language toggle of a page; `equivalent` is False when it falls back to the home page."""

    lang: str
    url: str
    equivalent: bool


def record_site(generators, state):
    """Record every page this language site writes, by its identity."""
    articles_gen = next(g for g in generators if isinstance(g, ArticlesGenerator))
    pages_gen = next(g for g in generators if isinstance(g, PagesGenerator))
    settings = articles_gen.settings
    urls = {("splash", None): ""}
    # Every direct template but the (paginated) home is one page per language
    # (archives, term indexes, the search page), named by its template.
    for name in settings["DIRECT_TEMPLATES"]:
        if name != "index":
            urls[(name, None)] = settings[f"{name.upper()}_URL"]
    # The home pages' URLs as Pelican's writer will make them, from PAGINATION_PATTERNS.
    per_page = settings["PAGINATED_TEMPLATES"].get("index") or settings["DEFAULT_PAGINATION"]
    home = Paginator(settings["INDEX_SAVE_AS"], settings["INDEX_URL"], articles_gen.articles, settings, per_page)
    for number in home.page_range:
        urls[("index", number)] = home.page(number).url
    for item in articles_gen.articles + pages_gen.pages + pages_gen.hidden_pages:
        # Pelican formats an item's URL again on every access, and list pages
        # ask for thousands; from here on the URL is final, so keep it.
        item.override_url, item.override_save_as = item.url, item.save_as
    for article in articles_gen.articles:
        urls[("article", article.translation_key)] = article.url
    for page in pages_gen.pages + pages_gen.hidden_pages:
        urls[("page", page.translation_key)] = page.url
    # Pelican leaves `tags` a dict but turns `categories` into a list of pairs.
    for kind, terms in (("category", articles_gen.categories), ("tag", articles_gen.tags.items())):
        for term, _articles in terms:
            term_id = state.taxonomy.term_id(kind, term.name)
            if term_id is not None:
                urls[(kind, term_id)] = term.url
    for author, _articles in articles_gen.authors:
        urls[("author", author.slug)] = author.url
    state.sites[settings["DEFAULT_LANG"]] = urls


def page_key(state, kind, item=None):
    """The language-independent identity of a page: what both its versions share."""
    if kind in ("article", "page"):
        return item.translation_key
    if kind == "author":
        return item.slug
    if kind in ("category", "tag"):
        return state.taxonomy.term_id(kind, item.name)
    return item


def versions(state, kind, key):
    """Every language version of a page, in site order."""
    found = ((lang, state.sites.get(lang, {}).get((kind, key))) for lang in state.languages)
    return [Version(lang, url) for lang, url in found if url is not None]


def alternates(state, kind, key):
    """The versions plus x-default, for <link rel=alternate> and the sitemaps.

    x-default is the language-selection page for the home pages, else the main
    language's version; a page with no counterpart gets no alternates at all.
    """
    found = versions(state, kind, key)
    if len(found) < 2:
        return []
    default = "" if kind == "index" else found[0].url
    return [*found, Version("x-default", default)]


def language_versions(state, kind, item=None):
    return versions(state, kind, page_key(state, kind, item))


def hreflang_links(state, kind, item=None):
    return alternates(state, kind, page_key(state, kind, item))


def language_toggle(state, lang, kind, item=None):
    """The equivalent page in the other language, or that language's home page.

    None on a site built in one language only (the benchmark's baseline).
    """
    other = next((code for code in state.languages if code != lang), None)
    if other is None:
        return None
    for version in language_versions(state, kind, item):
        if version.lang == other:
            return Toggle(other, version.url, equivalent=True)
    return Toggle(other, state.sites[other][("index", 1)], equivalent=False)
