"""Canadian French typography, applied to French content at build time.

A non-breaking space before ":" and inside « », and none before ";", "!" or
"?" (Canadian usage). Only text is touched: tags, attributes (so URLs) and
code, pre, kbd, samp, script and style elements pass through as written.
"""

import re

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


def apply_to_item(item):
    """Typeset a French item's body, title and summary in place."""
    if getattr(item, "_content", None):
        item._content = french_html(item._content)
    if getattr(item, "title", None):
        item.title = french_html(item.title)
    if "summary" in item.metadata:
        item.metadata["summary"] = french_html(item.metadata["summary"])
        # Pelican copies _summary back over the metadata when refreshing links.
        item._summary = item.metadata["summary"]
