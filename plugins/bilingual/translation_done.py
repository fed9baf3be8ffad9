"""`make translation-done FILE=…`: a translator's "this renders the current source".

    python -m bilingual.translation_done [--settings pelicanconf.py] FILE

Writes the source's current content hash into the translation's
`Translation-Of:` line (adding the line after `Translation-Key:` if there is
none) and removes a `Translation-Status: pending` line. Nothing else in the
file changes, byte for byte, so the commit shows exactly what was declared.
With no `Translation-Of` in either version yet, FILE becomes the translation:
that is how an existing pair is put under this scheme.
"""

import argparse
import sys
from pathlib import Path

from pelican.settings import read_settings

from . import source_text, translations
from .problems import display_path


class NotMarkedError(Exception):
    """The file cannot be marked; the message names it and says what to do."""


def find_pair(settings, path):
    """(the translation at `path`, its source) as Versions of the content folder."""
    path = Path(path).resolve()
    versions = list(translations.scan(settings))
    this = next((v for v in versions if v.path.resolve() == path), None)
    where = display_path(path)
    if this is None:
        raise NotMarkedError(f"{where}: not a post or page of {display_path(settings['PATH'])}; name a file of its "
                      "posts or pages folder")
    others = [v for v in versions if (v.kind, v.key) == (this.kind, this.key) and v is not this and not v.draft]
    if not others:
        raise NotMarkedError(f"{where}: Translation-Key: no other language version has {this.key!r}; "
                      "a translation needs its source, with the same Translation-Key")
    if len(others) > 1:
        listing = ", ".join(display_path(v.path) for v in others)
        raise NotMarkedError(f"{where}: Translation-Key: {this.key!r} is shared by {listing}; keep one file per language")
    other = others[0]
    theirs = display_path(other.path)
    if other.is_translation and not this.is_translation:
        raise NotMarkedError(
            f"{where}: Translation-Of: this is the source of {theirs} (it has no Translation-Of and is not "
            f"pending); mark the translation instead: make translation-done FILE={theirs}"
        )
    if other.is_translation:
        raise NotMarkedError(
            f"{where}: Translation-Of: {theirs} has one too (or is pending), so neither is the source; "
            "remove the line from the source version"
        )
    return this, other


def field_name(line):
    match = source_text.FIELD.match(line.rstrip("\r\n"))
    return match.group(1).lower() if match else None


def is_pending_marker(line):
    return field_name(line) == translations.TRANSLATION_STATUS and line.split(":", 1)[1].strip().lower() == translations.PENDING


def mark(path, new_hash):
    """Set Translation-Of, drop a pending marker; every other byte stays as it was."""
    lines = Path(path).read_bytes().decode("utf-8").splitlines(keepends=True)
    end = source_text.header_end(lines)
    newline = "\r\n" if lines and lines[0].endswith("\r\n") else "\n"
    header = [line for line in lines[:end] if not is_pending_marker(line)]
    names = [field_name(line) for line in header]
    if translations.TRANSLATION_OF in names:
        index = names.index(translations.TRANSLATION_OF)
        ending = header[index][len(header[index].rstrip("\r\n")):]
        header[index] = f"Translation-Of: {new_hash}{ending}"
    else:
        after = names.index("translation-key") + 1 if "translation-key" in names else len(header)
        if header and not header[after - 1].endswith("\n"):
            header[after - 1] += newline  # a header that ends the file without a line break
        header.insert(after, f"Translation-Of: {new_hash}{newline}")
    Path(path).write_bytes("".join(header + lines[end:]).encode("utf-8"))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--settings", default="pelicanconf.py")
    parser.add_argument("file")
    args = parser.parse_args(argv)
    if not args.file:
        sys.stderr.write("Name the translation: make translation-done FILE=content/posts/<file>.fr.md\n")
        return 2
    settings = read_settings(args.settings)
    try:
        translation, source = find_pair(settings, args.file)
    except NotMarkedError as error:
        sys.stderr.write(f"{error}\n")
        return 1
    new_hash = source_text.content_hash(source.text)
    mark(translation.path, new_hash)
    sys.stdout.write(f"{display_path(translation.path)}: Translation-Of: {new_hash} "
                     f"(the current text of {display_path(source.path)}); commit it with the translation\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
