"""`make translation-status`: the state of every post's and page's translation.

    python -m bilingual.translation_status [pelicanconf.py]

For each Translation-Key, prints every language version: the source, and each
translation up to date, OUTDATED (with what changed in the source since the
version it translates, from git when it can), PENDING or MISSING
(translations.py has the rule). Exits 1 when a published item (not a draft)
is missing, outdated or pending, or has no clear source: everything a strict
`make publish` would refuse.
"""

import sys

from pelican.settings import read_settings

from . import source_history, source_text, translations
from .languages import site_languages
from .problems import display_path

FIX = "once the translation is reviewed and updated: make translation-done FILE={path}"


def outdated_lines(assessment):
    """Why a translation is outdated, and the word diff of its source since."""
    path, source = assessment.version.path, assessment.source
    lines = [
        (f"    translates an earlier version of {display_path(source.path)} "
        f"(Translation-Of: {assessment.version.translation_of}; the source is now "
        f"{source_text.content_hash(source.text)})")
    ]
    commit, old = source_history.find_version(source.path, assessment.version.translation_of)
    if commit is None:
        lines.append(f"    what changed cannot be shown: {old}; compare the two versions by hand")
    else:
        lines.append(f"    changed in the source since git commit {commit[:10]}:")
        for name, hunks in source_history.changes(old, source.text).items():
            lines.extend(f"      {name}: {hunk}" for hunk in hunks)
    lines.append("    " + FIX.format(path=display_path(path)))
    return lines


def version_lines(assessment):
    path = display_path(assessment.version.path) if assessment.version else None
    state = assessment.state
    if state == translations.MISSING:
        return [(f"  {assessment.lang}: MISSING; add it with the same Translation-Key, or "
                "'Single-Language: yes' if the item is meant for one language only")]
    if state == translations.NOT_NEEDED:
        return [f"  {assessment.lang}: single-language: not needed"]
    if state == translations.SOURCE:
        return [f"  {assessment.lang}: {path}: source"]
    if state == translations.UP_TO_DATE:
        return [f"  {assessment.lang}: {path}: up to date"]
    if state == translations.PENDING_STATE:
        return [f"  {assessment.lang}: {path}: PENDING (Translation-Status: pending): awaiting translation",
                "    " + FIX.format(path=path)]
    if state == translations.OUTDATED:
        return [f"  {assessment.lang}: {path}: OUTDATED", *outdated_lines(assessment)]
    return [f"  {assessment.lang}: {path}: NO SOURCE: {assessment.why}; {translations.NO_SOURCE_FIX}"]


def status_lines(settings):
    """(lines to print, number of published items that need a translator)."""
    languages = site_languages(settings)
    published = [version for version in translations.scan(settings) if not version.draft]
    lines, needing = [], 0
    for (kind, key), versions in sorted(translations.group(published).items()):
        lines.append(f"{kind} {key}")
        for assessment in translations.assess(versions, languages):
            lines.extend(version_lines(assessment))
            needing += assessment.state in (
                translations.MISSING, translations.OUTDATED, translations.PENDING_STATE, translations.NO_SOURCE,
            )
    return lines, needing


def main(argv=None):
    args = sys.argv[1:] if argv is None else argv
    settings = read_settings(args[0] if args else "pelicanconf.py")
    lines, needing = status_lines(settings)
    sys.stdout.write("\n".join(lines) + "\n")
    if needing:
        sys.stdout.write(f"{needing} translation(s) missing, outdated, pending or without a clear source.\n")
        return 1
    sys.stdout.write("Every published item exists in both languages, and every translation is up to date.\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
