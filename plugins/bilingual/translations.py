"""Which language version of an item is the source, and whether each translation
is up to date, outdated, pending or missing: one rule, shared by the build
(translation_checks.py), `make translation-status` and `make translation-done`.

The rule: a translation names the version of its source it renders, in
`Translation-Of: <content hash>` (source_text.py), or is marked
`Translation-Status: pending` while it is not written yet. The source is the
language version with neither; the other is its translation, whichever
language each is in. A group in which every version is so marked, or (with
two versions) none is, has no clear source: it is reported, never guessed.
"""

from dataclasses import dataclass
from pathlib import Path

from . import source_text

TRANSLATION_OF = "translation-of"
TRANSLATION_STATUS = "translation-status"
PENDING = "pending"
# (setting naming the folders, kind as people say it, Pelican's name for it)
KINDS = (("ARTICLE_PATHS", "post", "article"), ("PAGE_PATHS", "page", "page"))

SOURCE, UP_TO_DATE, OUTDATED, PENDING_STATE, MISSING, NOT_NEEDED, NO_SOURCE = (
    "source", "up to date", "outdated", "pending", "missing", "not needed", "no source",
)


@dataclass
class Version:
    kind: str  # "post" or "page"
    path: Path
    text: source_text.SourceText

    @property
    def key(self):
        return self.text.get("translation-key") or f"(no key) {self.path}"

    @property
    def lang(self):
        return self.text.get("lang") or "?"

    @property
    def translation_of(self):
        return self.text.get(TRANSLATION_OF)

    @property
    def pending(self):
        return self.text.get(TRANSLATION_STATUS).lower() == PENDING

    @property
    def is_translation(self):
        return bool(self.translation_of) or self.pending

    @property
    def draft(self):
        return self.text.get("status").lower() == "draft"

    @property
    def single_language(self):
        return self.text.get("single-language").lower() in ("yes", "true")


@dataclass
class Assessment:
    lang: str
    version: Version  # None when missing
    state: str
    source: Version = None  # for a translation: the version it translates
    why: str = None  # for NO_SOURCE: why no version is the source


# How an item with no clear source is put right (said by the build and by translation-status).
NO_SOURCE_FIX = "only the translation has 'Translation-Of:' ('make translation-done FILE=<the translation>' sets it)"


def scan(settings):
    """Every Markdown post and page of the content folder, read as text (not built)."""
    root = Path(settings["PATH"])
    for setting, kind, _pelican_kind in KINDS:
        for folder in settings[setting]:
            for path in sorted((root / folder).rglob("*.md")):
                yield Version(kind, path, source_text.read(path))


def group(versions):
    """{(kind, key): {lang: Version}}; two versions of one key and language keep the first."""
    groups = {}
    for version in versions:
        groups.setdefault((version.kind, version.key), {}).setdefault(version.lang, version)
    return groups


def find_source(versions):
    """(source Version or None, why there is none). A lone version is its own source."""
    untranslated = [v for v in versions.values() if not v.is_translation]
    if len(untranslated) == 1:
        return untranslated[0], None
    if not untranslated:
        if len(versions) == 1:
            return None, "its source is missing"
        return None, "every version has Translation-Of (or is pending), so none is the source"
    return None, "no version has Translation-Of (or is pending), so none is marked as the translation"


def assess(versions, languages):
    """One Assessment per language of the site, for one group's {lang: Version}."""
    source, why = find_source(versions)
    single = any(v.single_language for v in versions.values())
    found = []
    for lang in languages:
        version = versions.get(lang)
        if version is None:
            found.append(Assessment(lang, None, NOT_NEEDED if single else MISSING))
        elif source is None:
            found.append(Assessment(lang, version, NO_SOURCE, why=why))
        elif version is source:
            found.append(Assessment(lang, version, SOURCE))
        elif version.pending:
            found.append(Assessment(lang, version, PENDING_STATE, source))
        elif version.translation_of == source_text.content_hash(source.text):
            found.append(Assessment(lang, version, UP_TO_DATE, source))
        else:
            found.append(Assessment(lang, version, OUTDATED, source))
    return found
