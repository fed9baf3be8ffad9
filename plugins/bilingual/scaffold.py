"""`make newpost` / `make newpage`: both language files of a new item, in one command.

    python -m bilingual.scaffold post|page --title "…" [--author …] [--category …]
        [--tags "a, b"] [--key …] [--source en|fr] [--settings pelicanconf.py]

The source file (English unless --source says otherwise) gets the README's
metadata; the other language's file shares its Translation-Key, names the
source's current text in `Translation-Of` and is marked
`Translation-Status: pending` until a translator runs `make translation-done`.
The author must have a bio in the content folder and the category and tags an
entry in taxonomy.yml (either language's name), so that a typo is caught now
rather than as a build warning. Nothing is written if either file exists.
"""

import argparse
import re
import sys
import unicodedata
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from pelican.settings import read_settings

from . import source_text, translations
from .languages import read_languages, site_languages
from .problems import display_path
from .taxonomy import load_taxonomy

KEY_LENGTH = 60
# The placeholder body of each file, in English or in French (LANGUAGES says
# which a language is), by what the file is.
BODY = {
    "post": {False: "The text of the post.", True: "Le texte de l’article."},
    "page": {False: "The text of the page.", True: "Le texte de la page."},
    "pending": {False: "The translation of {source}.", True: "La traduction de {source}."},
}


class ScaffoldError(Exception):
    """The item cannot be started as asked; the message names the field and the fix."""


def key_from_title(title):
    """Lower-case ASCII letters, digits and hyphens (accents folded), at most KEY_LENGTH, cut at a hyphen."""
    # An apostrophe joins its words, as in URLs the site already has ("regles-dengagement").
    title = re.sub(r"['’]", "", title)
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii")
    key = re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")
    if len(key) > KEY_LENGTH:
        key = key[:KEY_LENGTH].rsplit("-", 1)[0]
    return key


def known_authors(settings):
    """{what may be typed (name, lower-case name, file name): the name posts give}."""
    folder = Path(settings["PATH"]) / settings.get("AUTHOR_BIOS_PATH", "authors")
    names = {}
    for path in sorted(folder.glob("*.md")):
        name = source_text.read(path).get("title")
        if name:
            stem = path.name.split(".")[0]
            names.update({name: name, name.lower(): name, stem: name})
    return names, folder


def pick_author(settings, wanted):
    names, folder = known_authors(settings)
    known = sorted(set(names.values()))
    if not wanted and len(known) == 1:
        return known[0]
    listing = ", ".join(known) or "none yet"
    if not wanted:
        raise ScaffoldError(f"AUTHOR: missing; give one of the authors with a bio in {display_path(folder)}: {listing}")
    if wanted in names or wanted.lower() in names:
        return names.get(wanted) or names[wanted.lower()]
    raise ScaffoldError(
        f"AUTHOR: {wanted!r} has no bio in {display_path(folder)}; known authors: {listing} "
        f"(a new author first needs <name>.<lang>.md there in each language)"
    )


def entries(taxonomy, kind):
    """Each term of a kind once, as {lang: name} (the taxonomy maps every name to it)."""
    found = {}
    for (term_kind, _name), names in taxonomy.terms.items():
        if term_kind == kind:
            found[tuple(sorted(names.items()))] = names
    return list(found.values())


def pick_term(taxonomy, taxonomy_file, kind, field_name, wanted, lang):
    """{lang: name} of a category or tag given by either language's name."""
    names = taxonomy.names(kind, wanted)
    if names is None:
        known = "; ".join(sorted(" / ".join(entry.values()) for entry in entries(taxonomy, kind))) or "none yet"
        raise ScaffoldError(
            f"{field_name}: {wanted!r} is not in {display_path(taxonomy_file)}; use a name listed there "
            f"(in either language: {known}), or add the term there first"
        )
    return names


def languages_of(settings, source_lang):
    languages = site_languages(settings)
    source_lang = source_lang or languages[0]
    if source_lang not in languages:
        raise ScaffoldError(f"SOURCE: {source_lang!r} is not a language of this site; use one of {', '.join(languages)}")
    return source_lang, [lang for lang in languages if lang != source_lang]


def header(fields):
    return "".join(f"{name}: {value}\n" for name, value in fields.items() if value)


def scaffold(settings, kind, title, author=None, category=None, tags=None, key=None, source_lang=None, now=None):
    """Write both language files; return their paths, source first. `now`: an aware datetime (tests)."""
    title = " ".join((title or "").split())
    if not title:
        raise ScaffoldError(f"TITLE: missing; make new{kind} TITLE=\"The title\"")
    key = key or key_from_title(title)
    if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", key):
        raise ScaffoldError(f"KEY: {key!r} is not lower-case ASCII letters, digits and hyphens; give one: KEY=my-{kind}")
    source_lang, others = languages_of(settings, source_lang)
    root = Path(settings["PATH"])
    taxonomy_file = root / settings["TAXONOMY_FILE"]
    taxonomy = load_taxonomy(str(taxonomy_file), (source_lang, *others))
    day = (now or datetime.now(UTC)).astimezone(ZoneInfo(settings["TIMEZONE"]))
    for version in translations.scan(settings):
        if version.kind == kind and version.key == key:
            raise ScaffoldError(f"KEY: {key!r} is already the Translation-Key of {display_path(version.path)}; "
                                "choose another title, or give a key: KEY=…")
    folder = root / settings["ARTICLE_PATHS" if kind == "post" else "PAGE_PATHS"][0]
    stem = f"{day:%Y-%m-%d}-{key}" if kind == "post" else key
    paths = {lang: folder / f"{stem}.{lang}.md" for lang in (source_lang, *others)}
    for path in paths.values():
        if path.exists():
            raise ScaffoldError(f"{display_path(path)}: already exists; nothing was written (give another KEY=…)")
    common = {"Date": f"{day:%Y-%m-%d %H:%M}" if kind == "post" else f"{day:%Y-%m-%d}"}
    terms = {}
    if kind == "post":
        common["Author"] = pick_author(settings, author)
        category = category or single_category(taxonomy, taxonomy_file)
        terms["Category"] = pick_term(taxonomy, taxonomy_file, "category", "CATEGORY", category, source_lang)
        wanted_tags = [tag.strip() for tag in (tags or "").split(",") if tag.strip()]
        terms["Tags"] = [pick_term(taxonomy, taxonomy_file, "tag", "TAGS", tag, source_lang) for tag in wanted_tags]
    described, texts = read_languages(settings), {}
    for lang in paths:
        fields = {"Title": title, **common, "Lang": lang, "Translation-Key": key}
        if lang != source_lang:
            fields["Translation-Of"] = source_text.content_hash(source_text.parse(texts[source_lang]))
            fields[translations.TRANSLATION_STATUS.title()] = translations.PENDING
        if "Category" in terms:
            fields["Category"] = terms["Category"][lang]
            fields["Tags"] = ", ".join(names[lang] for names in terms["Tags"])
        body = BODY[kind if lang == source_lang else "pending"][described[lang].french].format(source=paths[source_lang].name)
        texts[lang] = f"{header(fields)}\n{body}\n"
    folder.mkdir(parents=True, exist_ok=True)
    for lang, path in paths.items():
        with path.open("x", encoding="utf-8") as file:  # "x": never over a file made meanwhile
            file.write(texts[lang])
    return list(paths.values())


def single_category(taxonomy, taxonomy_file):
    """The site's category when it has only one: a CATEGORY that need not be typed."""
    categories = entries(taxonomy, "category")
    if len(categories) == 1:
        return next(iter(categories[0].values()))
    raise ScaffoldError(f"CATEGORY: missing; give one of the categories of {display_path(taxonomy_file)}")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("kind", choices=("post", "page"))
    parser.add_argument("--title", default="")
    parser.add_argument("--author", default="")
    parser.add_argument("--category", default="")
    parser.add_argument("--tags", default="")
    parser.add_argument("--key", default="")
    parser.add_argument("--source", default="")
    parser.add_argument("--settings", default="pelicanconf.py")
    args = parser.parse_args(argv)
    settings = read_settings(args.settings)
    try:
        paths = scaffold(settings, args.kind, args.title, args.author, args.category, args.tags, args.key, args.source)
    except ScaffoldError as error:
        sys.stderr.write(f"{error}\n")
        return 1
    source, *others = paths
    sys.stdout.write(f"Wrote {display_path(source)} (the source: write the {args.kind} here)\n")
    for path in others:
        sys.stdout.write(f"Wrote {display_path(path)} (Translation-Status: pending; once translated: "
                         f"make translation-done FILE={display_path(path)})\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
