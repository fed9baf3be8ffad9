"""Canadian French typography, applied to French content at build time.

A non-breaking space before ":" and inside « », and none before ";", "!" or
"?" (Canadian usage). Only text is touched: tags, attributes (so URLs) and
code, pre, kbd, samp, script and style elements pass through as written.

The body of a French Markdown document is typeset as Python-Markdown converts
it (FrenchTypography), so a build that keeps conversions keeps this work too;
titles, summaries and other formats are typeset once the item is read.
"""

import re

from markdown.extensions import Extension
from markdown.postprocessors import Postprocessor
from pelican.readers import MarkdownReader

LANG = "fr"
NBSP = "\u00a0"
SPACES = "[ \u00a0\u202f\t]"
UNTOUCHED = {"code", "pre", "kbd", "samp", "script", "style", "textarea"}
RULES = (
    # "mot :" / "mot:" before a space or the end of the text (never "https://", "10:30").
    (re.compile(rf"(?<=\S){SPACES}*:(?=\s|$)"), f"{NBSP}:"),
    (re.compile(rf"«{SPACES}*"), f"«{NBSP}"),
    (re.compile(rf"{SPACES}*»"), f"{NBSP}»"),
    (re.compile(rf"(?<=\S){SPACES}+([;!?])"), r"\1"),
)


# Every rule needs one of these: most text runs have none and are left at once.
TRIGGERS = re.compile("[:«»;!?]")


def french_text(text):
    if not TRIGGERS.search(text):
        return text
    for pattern, replacement in RULES:
        text = pattern.sub(replacement, text)
    return text


# Comments, declarations and tags are passed through; only text between them changes.
MARKUP = re.compile(r"(<!--.*?-->|<![^>]*>|<\?[^>]*>|</?([a-zA-Z][\w-]*)[^>]*>)", re.DOTALL)


def french_html(html):
    """The HTML with French spacing rules applied to its text only."""
    out, untouched, position = [], 0, 0
    for match in MARKUP.finditer(html):
        text = html[position : match.start()]
        out.append(text if untouched else french_text(text))
        out.append(match.group(1))
        tag = (match.group(2) or "").lower()
        if tag in UNTOUCHED:
            untouched += -1 if match.group(1).startswith("</") else 1
            untouched = max(untouched, 0)
        position = match.end()
    tail = html[position:]
    out.append(tail if untouched else french_text(tail))
    return "".join(out)


class FrenchTypography(Extension):
    """Python-Markdown extension: typeset the documents whose `Lang` is French."""

    def extendMarkdown(self, md):  # noqa: N802 (Python-Markdown's name)
        # Priority 0: after every other postprocessor, on the final HTML.
        md.postprocessors.register(FrenchPostprocessor(md), "french_typography", 0)


class FrenchPostprocessor(Postprocessor):
    def run(self, text):
        # Meta is the document's header (an empty dict for a metadata field).
        lang = getattr(self.md, "Meta", {}).get("lang") or [None]
        return french_html(text) if lang[0] == LANG else text


def makeExtension(**kwargs):  # noqa: N802 (Python-Markdown's name)
    return FrenchTypography(**kwargs)


def apply_to_item(item):
    """Typeset a French item's title and summary in place, and its body unless
    Markdown conversion did (FrenchTypography). Once only: an item restored
    as it stood after this (fastbuild's content cache) is already typeset."""
    if getattr(item, "_typeset", False):
        return
    item._typeset = True
    converted = item.source_path.rsplit(".", 1)[-1] in MarkdownReader.file_extensions
    if getattr(item, "_content", None) and not converted:
        item._content = french_html(item._content)
    if getattr(item, "title", None):
        item.title = french_html(item.title)
    if "summary" in item.metadata:
        item.metadata["summary"] = french_html(item.metadata["summary"])
        # Pelican copies _summary back over the metadata when refreshing links.
        item._summary = item.metadata["summary"]
