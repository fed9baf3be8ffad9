"""The build's checks of translations: a pending one (a gap: refused by a
strict publish, a warning and a notice on the page in previews) and an
outdated one (a warning, an error with `TRANSLATIONS_STRICT = True`).

Currency is decided from the files' text (translations.py), after both sites
are read: each language site may be built in its own process, which reads
only its own language's items, but both know every item's file (`claims`), so
both reach the same findings.
"""

from pathlib import Path

from pelican.contents import Article, Page

from . import source_text, translations
from .problems import display_path

PELICAN_KINDS = {pelican: kind for _setting, kind, pelican in translations.KINDS}


def check_pending(item, state):
    """As each item is read: `Translation-Status: pending` is a gap in the bilingual content."""
    value = item.metadata.get(translations.TRANSLATION_STATUS)
    if value is None or not isinstance(item, (Article, Page)) or item.status == "draft":
        return
    fix = f"translate it, then run 'make translation-done FILE={display_path(item.source_path)}'"
    if str(value).strip().lower() == translations.PENDING:
        state.problems.gap(item.source_path, "Translation-Status", f"pending: not translated yet; {fix}")
    else:
        state.problems.error(
            item.source_path, "Translation-Status",
            f"{value!r} is not a value it takes; 'pending' marks a translation not written yet "
            "(remove the line once it is translated)",
        )


def check_currency(state, settings):
    """Once both sites are read: each translation renders its source's current text."""
    report = state.problems.error if settings.get("TRANSLATIONS_STRICT", False) else state.problems.warning
    groups = {}
    for claim, path in state.claims.items():
        if claim[0] in PELICAN_KINDS:
            kind, key, lang = claim
            version = translations.Version(PELICAN_KINDS[kind], Path(path), source_text.read(path))
            groups.setdefault((kind, key), {})[lang] = version
    for _group, versions in sorted(groups.items()):
        if len(versions) < 2:
            continue  # a missing version is check_translations' finding
        for found in translations.assess(versions, state.languages):
            where = found.version.path if found.version else None
            if found.state == translations.OUTDATED:
                fix = f"make translation-done FILE={display_path(where)}"
                report(where, "Translation-Of", (
                    f"renders an earlier version of {display_path(found.source.path)}, whose text has changed "
                    f"since; 'make translation-status' shows what changed; update the translation, then run '{fix}'"
                ))
            elif found.state == translations.NO_SOURCE:
                report(where, "Translation-Of",
                       f"cannot tell which version is the source: {found.why}; {translations.NO_SOURCE_FIX}")
