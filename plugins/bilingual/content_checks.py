"""Per-item checks and normalisation, run as each post or page is read.

Pelican labels an item with no `Lang` as the language of whichever site reads
it, so an untagged English post would also be published as French; here that is
an error naming the file instead.
"""

import re
from pathlib import Path
from urllib.parse import unquote

import pelican_compat as compat
from pelican.contents import Article, Page
from pelican.urlwrappers import Category, Tag

from .problems import display_path

TRANSLATION_KEY = "translation-key"


def check_item(item, state):
    """Validate Lang and Translation-Key, and name taxonomy terms in the item's language."""
    if not isinstance(item, (Article, Page)):
        return
    # Shown relative to the working folder (display_path) only in a problem's message.
    source = item.source_path
    # Pelican would log these and leave the item out (Content.is_valid); named here, as it is read.
    for prop in item.mandatory_properties:
        if not hasattr(item, prop):
            state.problems.error(source, prop.capitalize(), f"missing; add '{prop.capitalize()}:' to the metadata")
    choices = " or ".join(f"'Lang: {lang}'" for lang in state.languages)
    if "lang" not in item.metadata:
        state.problems.error(source, "Lang", f"missing; add {choices} to the metadata")
    elif item.lang not in state.languages:
        state.problems.error(
            source, "Lang", f"{item.lang!r} is not a language of this site; use {choices}"
        )
    key = item.metadata.get(TRANSLATION_KEY)
    if not key:
        state.problems.warning(
            source,
            "Translation-Key",
            "missing; the item cannot be linked to its translation "
            "(give both language versions the same Translation-Key)",
        )
        # A key no other item shares keeps Pelican's translation grouping working;
        # lowercase letters, digits and hyphens, as comment keys need.
        key = "untranslated-" + re.sub(r"[^a-z0-9]+", "-", item.get_relative_source_path().lower()).strip("-")
    item.translation_key = key
    if str(item.metadata.get("single-language", "")).lower() in ("yes", "true"):
        state.single_language.add(key)
    record_identity(item, source, state)
    check_links(item, source, state)
    if isinstance(item, Article):
        translate_terms(item, source, state)


def record_identity(item, source, state):
    """One item per translation key and language, and one item per output file."""
    kind = "article" if isinstance(item, Article) else "page"
    if item.status == "draft":
        return
    claims = state.claims
    key_claim = (kind, item.translation_key, item.lang)
    first = claims.setdefault(key_claim, source)
    if first != source:
        state.problems.error(
            source, "Translation-Key",
            f"{item.translation_key!r} in {item.lang!r} is already used by {display_path(first)}; "
            "each language version needs its own file and one shared key",
        )
    # Only the item's own language site writes it; elsewhere its URL is a link.
    if item.lang == item.settings["DEFAULT_LANG"]:
        first = claims.setdefault(("output", item.save_as), source)
        if first != source:
            state.problems.error(
                source, "Slug", f"writes {item.save_as}, as {display_path(first)} does; give one of them another Slug"
            )


def translate_terms(article, source, state):
    """Replace category and tag names by their names in the article's language."""
    category = getattr(article, "category", None)
    if category is not None:
        name = term_name(state, "category", category.name, article.lang, source, "Category")
        if name != category.name:
            article.category = Category(name, article.settings)
    tags = getattr(article, "tags", None)
    if tags:
        names = [term_name(state, "tag", tag.name, article.lang, source, "Tags") for tag in tags]
        if names != [tag.name for tag in tags]:
            article.tags = [Tag(name, article.settings) for name in names]


def term_name(state, kind, name, lang, source, field_name):
    names = state.taxonomy.names(kind, name)
    if names is None:
        state.problems.warning(
            source,
            field_name,
            f"{name!r} has no entry in {state.taxonomy_file}; without one its page "
            "cannot link to the other language",
        )
        return name
    return names.get(lang, name)


INTRASITE_LINK = re.compile(r"""(?:href|src)\s*=\s*["']\{(filename|static|attach)\}([^"'#?]+)""")


def check_links(item, source, state):
    """Every {filename}/{static} link must name a file of the content folder."""
    content = compat.body(item) or ""
    if "{" not in content:
        return  # no intrasite link at all (most items): nothing to resolve
    content_root = Path(item.settings["PATH"])
    here = Path(item.source_path).parent
    for kind, quoted in INTRASITE_LINK.findall(content):
        target = unquote(quoted)
        path = content_root / target.lstrip("/") if target.startswith("/") else here / target
        if not path.resolve().is_file():
            state.problems.error(
                source, "link", f"{{{kind}}}{target} points to no file in the content folder; fix the path"
            )


def check_translations(state):
    """Every published post and page exists in both languages, unless declared single-language."""
    for claim, source in state.claims.items():
        if claim[0] not in ("article", "page"):
            continue
        kind, key, _lang = claim
        missing = [other for other in state.languages if (kind, key, other) not in state.claims]
        if missing and key not in state.single_language:
            state.problems.gap(
                source,
                "Translation-Key",
                f"no {'/'.join(missing)} version; add one with the same Translation-Key, "
                "or 'Single-Language: yes' if it is meant for one language only",
            )
