"""Per-item checks and normalisation, run as each post or page is read.

Pelican labels an item with no `Lang` as the language of whichever site reads
it, so an untagged English post would also be published as French; here that is
an error naming the file instead.
"""

import os

from pelican.contents import Article, Page
from pelican.urlwrappers import Category, Tag

TRANSLATION_KEY = "translation-key"


def display_path(path):
    """The path as the author typed it: relative to the working folder when inside it."""
    relative = os.path.relpath(path)
    return path if relative.startswith("..") else relative


def check_item(item, state):
    """Validate Lang and Translation-Key, and name taxonomy terms in the item's language."""
    if not isinstance(item, (Article, Page)):
        return
    source = display_path(item.source_path)
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
        # A key no other item shares keeps Pelican's translation grouping working.
        key = f"untranslated:{item.get_relative_source_path()}"
    item.translation_key = key
    if isinstance(item, Article):
        translate_terms(item, source, state)


def translate_terms(article, source, state):
    """Replace category and tag names by their names in the article's language."""
    category = getattr(article, "category", None)
    if category is not None:
        name = term_name(state, "category", category.name, article.lang, source, "Category")
        article.category = Category(name, article.settings)
    tags = getattr(article, "tags", None)
    if tags:
        article.tags = [
            Tag(term_name(state, "tag", tag.name, article.lang, source, "Tags"), article.settings)
            for tag in tags
        ]


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
