"""Development settings: the bilingual site as an author previews it locally.

English is Pelican's main site and French an i18n subsite. Both write into one
output tree, each under its own prefix (/en/..., /fr/...), with one shared
SITEURL: that keeps theme and static paths identical in both languages (the stock
"main site at /, subsite at /fr/" layout breaks them once English moves to /en/).
"""

import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

SITEURL = os.environ.get("SITEURL", "")
RELATIVE_URLS = False
PATH = os.environ.get("CONTENT_PATH", str(HERE / "content"))
OUTPUT_PATH = str(HERE / "output")
CACHE_PATH = str(HERE / ".cache" / "pelican")
THEME = str(HERE / "theme")
THEME_STATIC_DIR = "theme"
TIMEZONE = "America/Toronto"
# Dates come from CLDR data through Babel (plugins/bilingual/dates.py), so the
# OS locale never matters: a fresh machine has no French locale installed.
LOCALE = ("C.UTF-8", "C")
DEFAULT_DATE_FORMAT = "%Y-%m-%d"
DEFAULT_PAGINATION = 10
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/page/{number}/", "{base_name}/page/{number}/index.html"),
)

ARTICLE_PATHS = ["posts"]
PAGE_PATHS = ["pages"]
STATIC_PATHS = ["images", "files"]
AUTHOR_BIOS_PATH = "authors"
TAXONOMY_FILE = "taxonomy.yml"
ARTICLE_TRANSLATION_ID = "translation_key"
# A translation whose source has changed since the version its Translation-Of
# names is a warning; True makes it an error (README, "Writing a post").
TRANSLATIONS_STRICT = False


def newest_first(article):
    """Newest posts first; posts of the same moment by slug, whatever order the
    file system lists them in, so that every build orders them the same way."""
    return (-article.date.timestamp(), article.slug)


ARTICLE_ORDER_BY = newest_first
PAGE_TRANSLATION_ID = "translation_key"
SUMMARY_MAX_LENGTH = 50

PLUGIN_PATHS = [str(HERE / "plugins")]
# Beside the plugins, the one module they share (pelican_compat.py, every touch
# of a Pelican internal); Pelican loads plugins from PLUGIN_PATHS without
# making that folder importable.
if PLUGIN_PATHS[0] not in sys.path:
    sys.path.append(PLUGIN_PATHS[0])
# The files these settings come from: a change to them sets fastbuild's cache
# aside (it cannot see every effect of a settings file in the values).
FASTBUILD_SETTINGS_FILES = [__file__]
PLUGINS = ["i18n_subsites", "bilingual", "comments", "gcds_assets", "search", "cms", "fastbuild"]
# The GC Design System packages package.json pins (fonts, tokens, signature and
# wordmark): plugins/gcds_assets copies what the theme uses from here into the output.
GCDS_NODE_MODULES = str(HERE / "node_modules")
# Decap CMS at /admin/ for authors who do not use Git (plugins/cms; `make cms`
# runs it): in previews only, publishconf.py turns it off.
CMS_ADMIN = True
# "Report a problem on this page" (page details): a form's URL, or a mailto: address,
# to which the page's title and address are added as the subject and body.
REPORT_PROBLEM_URL = os.environ.get("REPORT_PROBLEM_URL", "mailto:blog@example.gc.ca")
# Every value is escaped as it is written out, so a quote in a title cannot end
# an attribute; the templates mark what really is HTML (a post's content or
# summary) with |safe.
JINJA_ENVIRONMENT = {
    "autoescape": True,
    "extensions": ["jinja2.ext.i18n"],
    "trim_blocks": True,
    "lstrip_blocks": True,
}
# The build compiles theme/translations/*.po into this folder; nothing here is
# ever edited by hand or committed.
I18N_GETTEXT_SOURCE = str(HERE / "theme" / "translations")
I18N_GETTEXT_LOCALEDIR = str(HERE / ".cache" / "locale")
# A page with no counterpart is never shown in the other language's site.
I18N_UNTRANSLATED_ARTICLES = "remove"
I18N_UNTRANSLATED_PAGES = "remove"

# Comments go to a moderated endpoint; `make comments-endpoint` runs a local one.
COMMENTS_ENDPOINT = os.environ.get("COMMENTS_ENDPOINT", "http://127.0.0.1:8081/comments")
# The form's redirect targets must be absolute; with a root-relative SITEURL
# (local preview) they point where `make serve` serves the site.
COMMENTS_PREVIEW_SITEURL = f"http://127.0.0.1:{os.environ.get('PORT', '8000')}"

# One Atom feed per language, and per category in each language; each lists
# only its own language's posts, since each language site holds only those.
FEED_ALL_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
FEED_ALL_RSS = None
CATEGORY_FEED_RSS = None
TRANSLATION_FEED_RSS = None
YEAR_ARCHIVE_SAVE_AS = ""
MONTH_ARCHIVE_SAVE_AS = ""
DAY_ARCHIVE_SAVE_AS = ""
# Each language's Pagefind index is built at the end of every build
# (plugins/search); the preview indexes in the background (SEARCH_IN_BACKGROUND).
# `SEARCH_PAGEFIND=no` builds without an index (the search page says so).
SEARCH_PAGEFIND = os.environ.get("SEARCH_PAGEFIND", "yes") != "no"
# "search": the search page of each language (plugins/search indexes each
# language's pages with Pagefind once the site is written).
DIRECT_TEMPLATES = ["index", "archives", "authors", "categories", "tags", "search"]
# The bilingual language-selection page and 404 page, at the root of the site.
TEMPLATE_PAGES = {"splash.html": "index.html", "404.html": "404.html"}


def language_paths(lang, words):
    """URL settings for one language, every path under its own prefix."""
    blog, tags, authors, categories, search, feeds, everything = (
        words["blog"],
        words["tags"],
        words["authors"],
        words["categories"],
        words["search"],
        words["feeds"],
        words["all"],
    )
    paths = {
        # FEED_ATOM, not FEED_ALL_ATOM: Pelican adds every translation to the
        # "all" feed, mixing both languages in one. Feed URLs are in the
        # language's own words too (/fr/flux/tous.atom.xml).
        "FEED_ATOM": f"{lang}/{feeds}/{everything}.atom.xml",
        "CATEGORY_FEED_ATOM": f"{lang}/{feeds}/{categories}/{{slug}}.atom.xml",
        "INDEX_URL": f"{lang}/",
        "INDEX_SAVE_AS": f"{lang}/index.html",
        "ARCHIVES_URL": f"{lang}/{blog}/",
        "ARCHIVES_SAVE_AS": f"{lang}/{blog}/index.html",
        "ARTICLE_URL": f"{lang}/{blog}/{{slug}}/",
        "ARTICLE_SAVE_AS": f"{lang}/{blog}/{{slug}}/index.html",
        "DRAFT_URL": f"{lang}/drafts/{{slug}}/",
        "DRAFT_SAVE_AS": f"{lang}/drafts/{{slug}}/index.html",
        "PAGE_URL": f"{lang}/{{slug}}/",
        "PAGE_SAVE_AS": f"{lang}/{{slug}}/index.html",
        "AUTHORS_URL": f"{lang}/{authors}/",
        "AUTHORS_SAVE_AS": f"{lang}/{authors}/index.html",
        "AUTHOR_URL": f"{lang}/{authors}/{{slug}}/",
        "AUTHOR_SAVE_AS": f"{lang}/{authors}/{{slug}}/index.html",
        "CATEGORIES_URL": f"{lang}/{categories}/",
        "CATEGORIES_SAVE_AS": f"{lang}/{categories}/index.html",
        "CATEGORY_URL": f"{lang}/{categories}/{{slug}}/",
        "CATEGORY_SAVE_AS": f"{lang}/{categories}/{{slug}}/index.html",
        "TAGS_URL": f"{lang}/{tags}/",
        "TAGS_SAVE_AS": f"{lang}/{tags}/index.html",
        "TAG_URL": f"{lang}/{tags}/{{slug}}/",
        "TAG_SAVE_AS": f"{lang}/{tags}/{{slug}}/index.html",
        # Setting SEARCH_URL also puts the search form in the header.
        "SEARCH_URL": f"{lang}/{search}/",
        "SEARCH_SAVE_AS": f"{lang}/{search}/index.html",
    }
    # Pelican uses the *_LANG_* variants for items not in the site's language;
    # every item lives under its own language's prefix either way.
    for kind in ("ARTICLE", "DRAFT", "PAGE"):
        paths[f"{kind}_LANG_URL"] = paths[f"{kind}_URL"]
        paths[f"{kind}_LANG_SAVE_AS"] = paths[f"{kind}_SAVE_AS"]
    return paths


# The site's languages, declared once: DEFAULT_LANG (the first), I18N_SUBSITES
# (the others) and every per-language setting are derived from this table
# below, and the bilingual plugin takes each language's locale (dates,
# og:locale, JSON-LD), ISO 639-2 code (dcterms.language), name (the
# language toggle) and reading speed (a post's reading time) from it. Lowercase keys describe the language, "words" are
# its URL path words, UPPERCASE keys are settings of that language's site.
LANGUAGES = {
    "en": {
        "locale": "en_CA",
        "iso639_2": "eng",
        "name": "English",
        "words": {
            "blog": "blog",
            "tags": "tags",
            "authors": "authors",
            "categories": "categories",
            "feeds": "feeds",
            "all": "all",
            "search": "search",
        },
        # Reading speed, for the reading time shown on each post.
        "words_per_minute": 200,
        "SITENAME": "Digital Government Blog",
        "CANADA_URL": "https://www.canada.ca/en.html",
        "SIGNATURE_IMAGE": "sig-blk-en.svg",
        "WORDMARK_IMAGE": "wmms-spl-en.svg",
        "TERMS_URL": "https://www.canada.ca/en/transparency/terms.html",
        "PRIVACY_URL": "https://www.canada.ca/en/transparency/privacy.html",
        "COMMENTS_RECEIVED_SLUG": "comment-received",
        "COMMENTS_ERROR_SLUG": "comment-not-sent",
    },
    "fr": {
        "locale": "fr_CA",
        "iso639_2": "fra",
        "name": "Français",
        "words": {
            "blog": "blogue",
            "tags": "mots-cles",
            "authors": "auteurs",
            "categories": "categories",
            "feeds": "flux",
            "all": "tous",
            "search": "recherche",
        },
        "words_per_minute": 240,
        "SITENAME": "Blogue du gouvernement numérique",
        "CANADA_URL": "https://www.canada.ca/fr.html",
        "SIGNATURE_IMAGE": "sig-blk-fr.svg",
        "WORDMARK_IMAGE": "wmms-spl-fr.svg",
        "TERMS_URL": "https://www.canada.ca/fr/transparence/avis.html",
        "PRIVACY_URL": "https://www.canada.ca/fr/transparence/confidentialite.html",
        "COMMENTS_RECEIVED_SLUG": "commentaire-recu",
        "COMMENTS_ERROR_SLUG": "commentaire-non-envoye",
    },
}


def language_settings(languages):
    """The settings a LANGUAGES table decides: DEFAULT_LANG, the main site's own
    settings and I18N_SUBSITES. A function, so that a test can build the site
    from an altered table.

    SITEURL, OUTPUT_PATH and the shared theme/static settings of each subsite are
    filled in from the main settings by plugins/bilingual, so that publishconf.py
    and test overrides apply to both languages at once.
    """

    def site(lang):
        entry = languages[lang]
        own = {name: value for name, value in entry.items() if name.isupper()}
        return {**own, **language_paths(lang, entry["words"])}

    main, *others = languages
    return {
        "LANGUAGES": languages,
        "DEFAULT_LANG": main,
        **site(main),
        "I18N_SUBSITES": {lang: site(lang) for lang in others},
    }


globals().update(language_settings(LANGUAGES))
