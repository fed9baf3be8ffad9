"""Canadian French typography, applied to French content at build time.

A non-breaking space before ":" and inside « », and none before ";", "!" or
"?" (Canadian usage). Only text is touched: tags, attributes (so URLs) and
code, pre, kbd, samp, script, style and textarea elements pass through as
written. The rules see through inline markup: in "<em>Attention</em> !" the
space before "!" goes, though it sits in another text node than the word.

The body of a French Markdown document is typeset as Python-Markdown converts
it (FrenchTypography), so a build that keeps conversions keeps this work too;
titles, summaries and other formats are typeset once the item is read.
"""

import re
from functools import partial

import pelican_compat as compat
from markdown.extensions import Extension
from markdown.postprocessors import Postprocessor
from pelican.readers import MarkdownReader

NBSP = "\u00a0"
SPACES = "[ \u00a0\u202f\t]"
UNTOUCHED = {"code", "pre", "kbd", "samp", "script", "style", "textarea"}
# Elements inside a run of text: "<strong>Important</strong> :" is one sentence.
# Any other tag (a paragraph, a list item, <br>) ends the text before it.
INLINE = {
    "a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "del", "dfn", "em", "i", "ins",
    "kbd", "mark", "q", "s", "samp", "small", "span", "strong", "sub", "sup", "time", "u", "var",
}
# Each rule finds a run of spaces (maybe empty) beside a mark, and what the run becomes.
# The group "mark" says which text node a no-break space goes into: the mark's own.
RULES = (
    # "mot :" / "mot:" before a space or the end of the text (never "https://", "10:30").
    (re.compile(rf"(?<=\S)(?P<run>{SPACES}*)(?P<mark>:)(?=\s|$)"), NBSP),
    (re.compile(rf"(?P<mark>«)(?P<run>{SPACES}*)"), NBSP),
    (re.compile(rf"(?P<run>{SPACES}*)(?P<mark>»)"), NBSP),
    (re.compile(rf"(?<=\S)(?P<run>{SPACES}+)(?P<mark>[;!?])"), ""),
)
# What the rules read for the content of an untouched element: a word they may
# neither change nor see into ("<code>x</code> :" still takes a no-break space).
OPAQUE = "\ufffc"


# Every rule needs one of these: most text runs have none and are left at once.
TRIGGERS = re.compile("[:«»;!?]")


def french_text(text):
    """Plain text (a title, a name) with the French spacing rules applied."""
    return typeset([text], [True])[0]


# Comments, declarations and tags are passed through; only text between them
# changes. An attribute value may hold ">" ('title="Accueil > Blogue"').
MARKUP = re.compile(
    r"""(<!--.*?-->|<![^>]*>|<\?[^>]*>|</?([a-zA-Z][\w-]*)(?:[^>"']|"[^"]*"|'[^']*')*>)""", re.DOTALL
)


def french_html(html):
    """The HTML with French spacing rules applied to its text only.

    The rules read each run of text with its inline tags taken out, so that
    they see "<em>Attention</em> !" as "Attention !"; each change is then made
    in the text node it belongs to."""
    if not TRIGGERS.search(html):
        return html
    out, run, kinds, untouched, position = [], [], [], 0, 0
    for match in MARKUP.finditer(html):
        text = html[position : match.start()]
        if text:
            run.append(text)
            kinds.append(OPAQUE if untouched else True)
        tag = (match.group(2) or "").lower()
        if tag in UNTOUCHED:
            untouched = max(untouched + (-1 if match.group(1).startswith("</") else 1), 0)
        if tag and tag not in INLINE:
            # A block tag or <br>: the run of text ends here.
            out += typeset(run, kinds)
            out.append(match.group(1))
            run, kinds = [], []
        else:
            run.append(match.group(1))
            kinds.append(False)
        position = match.end()
    if html[position:]:
        run.append(html[position:])
        kinds.append(OPAQUE if untouched else True)
    out += typeset(run, kinds)
    return "".join(out)


def typeset(pieces, kinds):
    """Apply RULES to `pieces` read as one text. `kinds[i]` is True for a
    piece of text, else what the rules read in its place (False: nothing).
    Returns the pieces, with their text changed."""
    seen = "".join(piece if kind is True else (kind or "") for piece, kind in zip(pieces, kinds, strict=True))
    if not TRIGGERS.search(seen):
        return pieces
    if kinds == [True]:
        # One piece of text, no markup: the same rules, the short way.
        for pattern, replacement in RULES:
            seen = pattern.sub(partial(replace_run, replacement=replacement), seen)
        return [seen]
    # Which piece each character of the text belongs to.
    owner = [number for number, kind in enumerate(kinds) for _ in (pieces[number] if kind is True else kind or "")]
    for pattern, replacement in RULES:
        new_text, new_owner, position = [], [], 0
        for match in pattern.finditer(seen):
            start, end = match.span("run")
            new_text.append(seen[position:start])
            new_owner += owner[position:start]
            if replacement:
                # A no-break space goes into the text node of its mark.
                new_text.append(replacement)
                new_owner.append(owner[match.start("mark")])
            position = end
        if new_text:  # something matched (a zero-length run at 0 leaves `position` at 0)
            new_text.append(seen[position:])
            seen, owner = "".join(new_text), new_owner + owner[position:]
    # Characters stay in order, so each piece of text is the characters it owns.
    text = {number: [] for number, kind in enumerate(kinds) if kind is True}
    for char, number in zip(seen, owner, strict=True):
        if number in text:
            text[number].append(char)
    return ["".join(text[number]) if number in text else piece for number, piece in enumerate(pieces)]


def replace_run(match, replacement):
    """The match with its run of spaces replaced."""
    whole, start = match.group(0), match.start()
    return whole[: match.start("run") - start] + replacement + whole[match.end("run") - start :]


class FrenchTypography(Extension):
    """Python-Markdown extension: typeset the documents whose `Lang` is French."""

    def __init__(self, **kwargs):
        # A build passes the codes LANGUAGES declares French (bilingual.py);
        # a bare Markdown instance typesets `Lang: fr`.
        self.config = {"languages": [["fr"], "the `Lang` codes of French documents"]}
        super().__init__(**kwargs)

    def extendMarkdown(self, md):  # noqa: N802 (Python-Markdown's name)
        # Priority 0: after every other postprocessor, on the final HTML.
        processor = FrenchPostprocessor(md, frozenset(self.getConfig("languages")))
        md.postprocessors.register(processor, "french_typography", 0)


class FrenchPostprocessor(Postprocessor):
    def __init__(self, md, languages):
        super().__init__(md)
        self.languages = languages

    def run(self, text):
        # Meta is the document's header (an empty dict for a metadata field).
        lang = getattr(self.md, "Meta", {}).get("lang") or [None]
        return french_html(text) if lang[0] in self.languages else text


def makeExtension(**kwargs):  # noqa: N802 (Python-Markdown's name)
    return FrenchTypography(**kwargs)


def apply_to_item(item):
    """Typeset a French item's title and summary in place, and its body unless
    Markdown conversion did (FrenchTypography). Once only: an item restored
    as it stood after this (fastbuild's content cache) is already typeset."""
    if getattr(item, "french_typeset", False):
        return
    item.french_typeset = True
    converted = item.source_path.rsplit(".", 1)[-1] in MarkdownReader.file_extensions
    if compat.body(item) and not converted:
        compat.set_body(item, french_html(compat.body(item)))
    if getattr(item, "title", None):
        # A title is text, not HTML: "<main>" in it is a word, not a tag.
        item.title = french_text(item.title)
    if "summary" in item.metadata:
        compat.set_summary(item, french_html(item.metadata["summary"]))
