"""A Markdown source as a translator sees it: its header fields, its body, and
the content hash that a translation's `Translation-Of` records.

The hash is read from the file's text, not from what Pelican makes of it: the
same text must give the same hash in a build, in `make translation-status`, in
`make translation-done` and for an old version taken out of git, and a new
Markdown or typography release must not make every translation look outdated.

What is hashed: the Title, the Summary and the body, and nothing else. Dates,
tags, the category, the slug or the author are not the translator's text (terms
are translated once, in taxonomy.yml), so changing them does not outdate a
translation. The file's bytes and time are not used either: a file time changes
with every checkout, and reflowing a paragraph or changing a line ending is not
a change a translator needs to see. Each field is Unicode NFC, with every run of
spaces and line breaks inside a paragraph made one space, and paragraphs (split
on blank lines) kept apart: splitting or joining paragraphs counts as a change.
"""

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

# Python-Markdown's `meta` extension, which Pelican's Markdown reader uses:
# `Key: value` lines, continued by lines indented four spaces, up to a blank line.
FIELD = re.compile(r"^[ ]{0,3}([A-Za-z0-9_-]+):\s*(.*)$")
CONTINUED = re.compile(r"^[ ]{4,}(.*)$")
FENCE = re.compile(r"^(-{3}|\.{3})(\s.*)?$")
HASHED_FIELDS = ("title", "summary")
HASH_BYTES = 6  # printed as 12 hex digits: plenty to tell one version of a text from another


@dataclass
class SourceText:
    """The header fields (lower-case names) and body of one Markdown file."""

    fields: dict
    body: str

    def get(self, name, default=""):
        return self.fields.get(name, default)


def header_end(lines):
    """Index of the first line after the header's fields (an opening `---` fence
    counts as header): the blank line or closing fence that ends it, or the
    first line that Markdown reads as body. `lines` may keep their line ends."""
    index = 1 if lines and lines[0].startswith("---") and FENCE.match(lines[0].rstrip("\r\n")) else 0
    has_field = False
    while index < len(lines):
        line = lines[index].rstrip("\r\n")
        if not line.strip() or FENCE.match(line):
            break
        if FIELD.match(line):
            has_field = True
        elif not (CONTINUED.match(line) and has_field):
            break  # not a header line: the body starts here
        index += 1
    return index


def parse(text):
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    end = header_end(lines)
    fields, key = {}, None
    for line in lines[:end]:
        if match := FIELD.match(line):
            key = match.group(1).lower()
            fields[key] = match.group(2).strip()
        elif (more := CONTINUED.match(line)) and key:
            fields[key] = f"{fields[key]} {more.group(1).strip()}".strip()
    # The blank line or fence that ends the header is neither header nor body.
    ends_with_separator = end < len(lines) and (not lines[end].strip() or FENCE.match(lines[end]))
    return SourceText(fields, "\n".join(lines[end + 1 if ends_with_separator else end :]))


def read(path):
    # As Pelican reads a source: a byte-order mark is not part of the text.
    return parse(Path(path).read_text(encoding="utf-8-sig"))


def normalise(text):
    """NFC; one space for any run of white space in a paragraph; paragraphs kept apart."""
    text = unicodedata.normalize("NFC", text)
    paragraphs = (" ".join(block.split()) for block in re.split(r"\n\s*\n", text))
    return "\n\n".join(p for p in paragraphs if p)


def hashed_text(source):
    """The exact text the hash is taken of: each field named, then the body."""
    head = "".join(f"{name}: {normalise(source.get(name))}\n" for name in HASHED_FIELDS)
    return f"{head}\n{normalise(source.body)}\n"


def content_hash(source):
    """BLAKE2b (6-byte digest, 12 hex digits) of `hashed_text`, UTF-8."""
    return hashlib.blake2b(hashed_text(source).encode("utf-8"), digest_size=HASH_BYTES).hexdigest()
