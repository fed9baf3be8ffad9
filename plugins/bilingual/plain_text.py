"""The text of an HTML fragment, for what holds text only: <title>, <meta>
content, JSON-LD and feed titles."""

import html
import re

from .typography import MARKUP

# White space as HTML collapses it. Not str.split(), as Jinja's striptags uses:
# it splits on U+00A0 too, and so undoes French typography.
HTML_SPACE = re.compile("[ \t\n\r\f]+")


def html_text(fragment):
    """Tags taken out, character references decoded, runs of white space made one
    space; no-break spaces stay as they are."""
    text = html.unescape(MARKUP.sub("", str(fragment)))
    return HTML_SPACE.sub(" ", text).strip(" \t\n\r\f")
