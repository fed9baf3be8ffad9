"""`make translation-status`: which posts and pages lack a translation or lag behind.

    python -m bilingual.translation_status [pelicanconf.py]

For each Translation-Key, prints every language version and flags a missing
one, or a translation whose Modified date is older than its source's (the
version in the main language). Exits 1 if a published item lacks a
counterpart, unless it is declared Single-Language.
"""

import sys
from pathlib import Path

from pelican.contents import Article, Page
from pelican.readers import Readers
from pelican.settings import read_settings
from pelican.utils import get_date


def read_items(settings):
    """(kind, metadata, source) of every post and page, read but not built."""
    readers = Readers(settings)
    root = Path(settings["PATH"])
    for kind, paths, content_class in (("post", "ARTICLE_PATHS", Article), ("page", "PAGE_PATHS", Page)):
        for folder in settings[paths]:
            for path in sorted((root / folder).rglob("*.md")):
                item = readers.read_file(str(root), str(path.relative_to(root)), content_class=content_class)
                yield kind, item.metadata, str(path.relative_to(root.parent))


def last_changed(metadata):
    value = metadata.get("modified") or metadata.get("date")
    return get_date(value) if isinstance(value, str) else value


def status_lines(settings):
    """(lines to print, number of published items missing a counterpart)."""
    languages = (settings["DEFAULT_LANG"], *settings["I18N_SUBSITES"])
    groups = {}
    for kind, metadata, source in read_items(settings):
        if metadata.get("status") == "draft":
            continue
        key = metadata.get("translation-key") or f"(no key) {source}"
        groups.setdefault((kind, key), {})[metadata.get("lang", "?")] = (source, metadata)
    lines, missing = [], 0
    for (kind, key), versions in sorted(groups.items()):
        single = any(str(m.get("single-language", "")).lower() in ("yes", "true") for _, m in versions.values())
        source = versions.get(languages[0])
        lines.append(f"{kind} {key}")
        for lang in languages:
            if lang not in versions:
                note = "single-language: not needed" if single else "MISSING"
                missing += 0 if single else 1
                lines.append(f"  {lang}: {note}")
                continue
            path, metadata = versions[lang]
            changed = last_changed(metadata)
            flag = ""
            source_changed = last_changed(source[1]) if source else None
            if lang != languages[0] and changed and source_changed and changed < source_changed:
                flag = f"  OUTDATED: older than {languages[0]} ({source_changed:%Y-%m-%d})"
            lines.append(f"  {lang}: {path} (modified {changed:%Y-%m-%d}){flag}" if changed else f"  {lang}: {path}")
    return lines, missing


def main(argv=None):
    args = sys.argv[1:] if argv is None else argv
    settings = read_settings(args[0] if args else "pelicanconf.py")
    lines, missing = status_lines(settings)
    sys.stdout.write("\n".join(lines) + "\n")
    if missing:
        sys.stdout.write(f"{missing} published item(s) lack a translation.\n")
        return 1
    sys.stdout.write("Every published item exists in both languages.\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
