"""Canadian French typography, applied to French content at build time.

A non-breaking space before ":" and inside « », and none before ";", "!" or
"?" (Canadian usage). Only text is touched: tags, attributes (so URLs) and
code, pre, kbd, samp, script and style elements pass through as written.
"""

import re
from html.parser import HTMLParser

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


def french_text(text):
    for pattern, replacement in RULES:
        text = pattern.sub(replacement, text)
    return text


class _Typographer(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=False)
        self.out = []
        self.untouched_depth = 0

    def handle_starttag(self, tag, attrs):
        self.out.append(self.get_starttag_text())
        if tag in UNTOUCHED:
            self.untouched_depth += 1

    def handle_startendtag(self, tag, attrs):
        self.out.append(self.get_starttag_text())

    def handle_endtag(self, tag):
        self.out.append(f"</{tag}>")
        if tag in UNTOUCHED and self.untouched_depth:
            self.untouched_depth -= 1

    def handle_data(self, data):
        self.out.append(data if self.untouched_depth else french_text(data))

    def handle_entityref(self, name):
        self.out.append(f"&{name};")

    def handle_charref(self, name):
        self.out.append(f"&#{name};")

    def handle_comment(self, data):
        self.out.append(f"<!--{data}-->")

    def handle_decl(self, decl):
        self.out.append(f"<!{decl}>")

    def handle_pi(self, data):
        self.out.append(f"<?{data}>")

    def unknown_decl(self, data):
        self.out.append(f"<![{data}]>")


def french_html(html):
    """The HTML with French spacing rules applied to its text only."""
    parser = _Typographer()
    parser.feed(html)
    parser.close()
    return "".join(parser.out)


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
