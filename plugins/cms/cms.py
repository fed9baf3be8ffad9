"""cms: Decap CMS at /admin/ in preview builds, for authors who do not use Git.

With CMS_ADMIN = True (pelicanconf.py; publishconf.py sets it False, so no
published site carries it) the main site's build writes into OUTPUT_PATH/admin/:

- index.html: choose the editor's language (as the site's own root page does);
- <lang>/index.html: Decap CMS with its interface in that language where Decap
  has one (it has "fr"), and the site's configuration embedded as JSON: one
  collection of posts, one file per language
  (`<date>-<key>.<lang>.md`, as `make newpost` writes), our metadata names, and
  the authors (content/authors/) and categories and tags (taxonomy.yml) as the
  only choices, read from the content at build time;
- decap-cms.js and the chunks it loads, from node_modules (package.json pins
  decap-cms): no CDN, no request to another origin;
- pelican-cms.js (beside this module): our `Key: value` file format, which
  reads and writes the files byte for byte as Pelican and newpost have them.

Decap saves through decap-server's local file-system backend (never its git
mode, which commits the whole working tree), which `make cms` starts on the
content folder; the preview server passes CMS_API_PATH on to it, so the
editor's page and its API share one origin.
"""

import json
import shutil
from html import escape
from pathlib import Path

from bilingual import catalogs
from bilingual.bilingual import state_of
from bilingual.languages import read_languages, site_languages
from bilingual.scaffold import BODY, entries, known_authors
from bilingual.taxonomy import load_taxonomy
from pelican import signals

FOLDER = "admin"
# Where the editor's page sends its API requests: the preview server forwards
# them to decap-server (`make cms`), on the same origin as the page.
CMS_API_PATH = "/__cms/api/v1"
DECAP_DIST = Path("decap-cms") / "dist"
FORMAT_SCRIPT = Path(__file__).with_name("pelican-cms.js")
# Names the decap-cms version whose files admin/ holds.
STAMP = "decap-cms.version"
# The interface languages decap-cms 3.16.3 bundles (by Decap's codes): the
# editor in any other language is in English.
DECAP_LOCALES = {
    "bg", "ca", "cs", "da", "de", "en", "es", "fa", "fr", "gr", "he", "hr", "hu", "it", "ja", "ko", "lt",
    "mk", "nb_no", "nl", "nn_no", "pl", "pt", "ro", "ru", "sk", "sl", "sr_Cyrl", "sv", "th", "tr", "ua",
    "uk", "vi", "zh_Hans", "zh_Hant",
}


def N_(message):  # noqa: N802 (pybabel's keyword for a message marked here, translated later)
    """Marks a message for `make translations` (pybabel's N_ keyword); translated at build time."""
    return message


# The editor's own words (Decap translates its buttons itself), in English; the
# French are in theme/translations/fr/LC_MESSAGES/messages.po with the theme's.
WORDS = {
    "page_title": N_("Edit the blog"),
    "no_script": N_("The editor needs JavaScript."),
    "no_backend": N_("This preview cannot save: start the editor with `make cms`, then reload this page."),
    "posts": N_("Posts"), "post": N_("Post"),
    "title": N_("Title"), "date": N_("Date"), "author": N_("Author"), "key": N_("Translation key"),
    "key_hint": N_("Lower-case letters, digits and hyphens, the same in both languages; it names the files."),
    "key_error": N_("Use lower-case letters, digits and hyphens only, such as greening-government-it"),
    "slug": N_("Slug"), "slug_hint": N_("The last part of the address; left empty, it comes from the title."),
    "category": N_("Category"), "tags": N_("Tags"), "summary": N_("Summary"), "body": N_("Text"),
}


def words_in(settings, lang):
    """WORDS in `lang`, from the catalogue this build compiled (plugins/bilingual)."""
    state = state_of(settings)
    translate = catalogs.translator(state.catalogs, lang) if state else str
    return {name: translate(message) for name, message in WORDS.items()}


def enabled(settings):
    main = settings["DEFAULT_LANG"] not in settings.get("I18N_SUBSITES", {})
    return main and bool(settings.get("CMS_ADMIN"))


def site_data(settings):
    """What the format script needs to know of the site: its languages, the
    taxonomy's names in each, and what newpost writes in a pending translation."""
    languages = site_languages(settings)
    described = read_languages(settings)
    taxonomy = load_taxonomy(str(Path(settings["PATH"]) / settings["TAXONOMY_FILE"]), languages)
    return {
        "languages": languages,
        "terms": {kind: entries(taxonomy, kind) for kind in ("category", "tag")},
        "pending_body": {lang: BODY["pending"][described[lang].french] for lang in languages},
    }


def options(terms, lang, first):
    """Decap select options: the value is the first language's name (the format
    script writes each file's own), the label the editor's language's."""
    return [{"label": names.get(lang, names[first]), "value": names[first]} for names in terms]


def post_fields(words, data, authors, lang):
    first = data["languages"][0]
    # newpost's rule for a key (bilingual/scaffold.py).
    key_pattern = ["^[a-z0-9]+(-[a-z0-9]+)*$", words["key_error"]]
    single_author = {"default": authors[0]} if len(authors) == 1 else {}
    return [
        {"name": "title", "label": words["title"], "widget": "string", "i18n": True},
        {"name": "date", "label": words["date"], "widget": "datetime", "i18n": "duplicate",
         "format": "YYYY-MM-DD HH:mm", "date_format": "YYYY-MM-DD", "time_format": "HH:mm", "default": "{{now}}"},
        {"name": "author", "label": words["author"], "widget": "select", "i18n": "duplicate",
         "options": authors, **single_author},
        # Each file's own language: the format script writes it (see pelican-cms.js).
        {"name": "lang", "label": "Lang", "widget": "hidden", "i18n": "none", "default": first},
        {"name": "translation_key", "label": words["key"], "widget": "string", "i18n": "duplicate",
         "hint": words["key_hint"], "pattern": key_pattern},
        {"name": "slug", "label": words["slug"], "widget": "string", "i18n": True, "required": False,
         "hint": words["slug_hint"]},
        {"name": "category", "label": words["category"], "widget": "select", "i18n": "duplicate",
         "options": options(data["terms"]["category"], lang, first)},
        {"name": "tags", "label": words["tags"], "widget": "select", "i18n": "duplicate", "multiple": True,
         "required": False, "options": options(data["terms"]["tag"], lang, first)},
        # One line, as the header holds it.
        {"name": "summary", "label": words["summary"], "widget": "string", "i18n": True, "required": False},
        {"name": "body", "label": words["body"], "widget": "markdown", "i18n": True},
    ]


def decap_config(settings, data, lang):
    """Decap's configuration for the editor in `lang` (its interface language)."""
    words = words_in(settings, lang)
    authors = sorted(set(known_authors(settings)[0].values()))
    languages = data["languages"]
    return {
        "load_config_file": False,
        "backend": {"name": "proxy", "proxy_url": CMS_API_PATH, "branch": "main"},
        "publish_mode": "simple",
        "locale": lang if lang in DECAP_LOCALES else "en",
        # decap-server serves the content folder: these paths are relative to it.
        "media_folder": settings["STATIC_PATHS"][0],
        "public_folder": f"/{settings['STATIC_PATHS'][0]}",
        # The first language's file is the source, and written first (pelican-cms.js relies on it).
        "i18n": {"structure": "multiple_files", "locales": languages, "default_locale": languages[0]},
        "slug": {"encoding": "ascii", "clean_accents": True},
        "collections": [
            {
                "name": "posts", "label": words["posts"], "label_singular": words["post"],
                "folder": settings["ARTICLE_PATHS"][0], "extension": "md", "format": "pelican",
                "create": True, "i18n": True, "identifier_field": "title",
                # newpost's file name: the post's own date (Decap's {{year}} is today's), then the key.
                "slug": "{{fields.date | date('YYYY-MM-DD')}}-{{fields.translation_key}}",
                "summary": "{{title}} ({{fields.date | date('YYYY-MM-DD')}})",
                "sortable_fields": ["date", "title"],
                "fields": post_fields(words, data, authors, lang),
            },
        ],
    }


def script_json(value):
    """JSON that cannot end the <script> element it sits in."""
    return json.dumps(value, ensure_ascii=False, indent=1).replace("</", "<\\/")


def editor_page(settings, data, lang):
    words = words_in(settings, lang)
    embedded = script_json({"site": {**data, "source": data["languages"][0]},
                            "config": decap_config(settings, data, lang)})
    return f"""<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<meta name="gcb-preview-reload" content="off">
<link rel="icon" href="../../theme/gcds/favicon.svg" type="image/svg+xml">
<title>{escape(words["page_title"])}</title>
</head>
<body>
<noscript><p>{escape(words["no_script"])}</p></noscript>
<p id="gcb-cms-no-backend" role="alert" hidden>{escape(words["no_backend"])}</p>
<script>window.CMS_MANUAL_INIT = true;</script>
<script src="../decap-cms.js"></script>
<script type="application/json" id="gcb-cms">{embedded}</script>
<script src="../pelican-cms.js"></script>
</body>
</html>
"""


def choice_page(settings, languages):
    words = {lang: words_in(settings, lang) for lang in languages}
    # Each editor by its language's name, as the site's own language-selection page does.
    described = read_languages(settings)
    links = "\n".join(
        f'<li lang="{lang}"><a href="{lang}/" hreflang="{lang}">{escape(described[lang].name)}</a></li>'
        for lang in languages
    )
    title = escape(" / ".join(words[lang]["page_title"] for lang in languages))
    heading = " / ".join(f'<span lang="{lang}">{escape(words[lang]["page_title"])}</span>' for lang in languages)
    return f"""<!DOCTYPE html>
<html lang="{languages[0]}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<link rel="icon" href="../theme/gcds/favicon.svg" type="image/svg+xml">
<title>{title}</title>
</head>
<body>
<main>
<h1>{heading}</h1>
<ul>
{links}
</ul>
</main>
</body>
</html>
"""


def decap_files(modules):
    """decap-cms.js, the chunks it loads by name and its licence notice; not the source maps."""
    dist = modules / DECAP_DIST
    files = [dist / "decap-cms.js", *sorted(dist.glob("*.decap-cms.js")), *sorted(dist.glob("*.wasm")),
             dist / "decap-cms.js.LICENSE.txt"]
    missing = [str(path) for path in files[:1] if not path.is_file()]
    if missing:
        raise CmsError(f"cms: {missing[0]} is missing: decap-cms is not installed. Run `npm ci` in the "
                       "project folder (or `make html`, which installs it), or set CMS_ADMIN = False.")
    return files


class CmsError(Exception):
    """The editor cannot be written; the message says how to fix it."""

    exitcode = 1
    is_content_error = True


def write_admin(settings):
    target = Path(settings["OUTPUT_PATH"]) / FOLDER
    modules = Path(settings.get("GCDS_NODE_MODULES") or Path.cwd() / "node_modules")
    data = site_data(settings)
    for lang in data["languages"]:
        (target / lang).mkdir(parents=True, exist_ok=True)
        (target / lang / "index.html").write_text(editor_page(settings, data, lang), encoding="utf-8")
    (target / "index.html").write_text(choice_page(settings, data["languages"]), encoding="utf-8")
    copy_decap(modules, target)
    shutil.copyfile(FORMAT_SCRIPT, target / FORMAT_SCRIPT.name)


def copy_decap(modules, target):
    """Decap's 6.5 MB, copied once per installed version: a preview rebuild
    (every save in the editor is one) does not copy them again."""
    files = decap_files(modules)
    stamp = target / STAMP
    installed = json.loads((modules / "decap-cms/package.json").read_text(encoding="utf-8"))["version"]
    if stamp.is_file() and stamp.read_text(encoding="utf-8") == installed and all(
        (target / source.name).is_file() for source in files
    ):
        return
    stamp.unlink(missing_ok=True)
    for source in files:
        shutil.copyfile(source, target / source.name)
    stamp.write_text(installed, encoding="utf-8")


class CmsGenerator:
    """Writes /admin/ with the rest of the output (after DELETE_OUTPUT_DIRECTORY has emptied it)."""

    def __init__(self, context, settings, path, theme, output_path, *args, **kwargs):
        self.settings = settings

    def generate_output(self, writer):
        write_admin(self.settings)


def get_generators(pelican):
    return CmsGenerator if enabled(pelican.settings) else None


def register():
    # A generator, as gcds_assets: its files are part of the output a build writes.
    signals.get_generators.connect(get_generators)
