r"""Comments as YAML that reads back exactly as it was written.

YAML treats U+0085, U+2028, U+2029 and CR as line breaks: in a plain or block
scalar they come back as spaces or LF, so a message would change on its way
from the queue to the site. Such strings are written double-quoted, where
PyYAML escapes them (\N, \L, \P, \r); messages with only LF line breaks
keep the readable block style. Every dump is read back and compared, so any
case this misses fails loudly instead of altering a comment.
"""

import yaml

# Characters YAML reads as line breaks: a plain or block scalar would fold or normalise them.
BREAKS = frozenset("\r\x85\u2028\u2029")


def _printable(ch):
    """PyYAML's rule for a character it may write raw (else a block or plain
    scalar is refused); tab and line feed are fine in a block scalar."""
    return (
        ch in "\t\n"
        or "\x20" <= ch <= "\x7e"
        or "\xa0" <= ch <= "\ud7ff"
        or ("\ue000" <= ch <= "\ufffd" and ch != "\ufeff")
        or ch >= "\U00010000"
    )


def _str(dumper, value):
    if any(ch in BREAKS or not _printable(ch) for ch in value):
        style = '"'  # escapes: \N, \L, \P, \r, \e, \x00 ...
    elif "\n" in value:
        style = "|"  # a multi-paragraph message stays readable
    else:
        style = None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


class _Dumper(yaml.SafeDumper):
    pass


_Dumper.add_representer(str, _str)


def dump(mapping):
    text = yaml.dump(mapping, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1_000_000)
    if yaml.safe_load(text) != mapping:
        # Never write a comment that would read back changed: escape everything.
        text = yaml.safe_dump(mapping, allow_unicode=False, sort_keys=False, default_style='"', width=1_000_000)
        if yaml.safe_load(text) != mapping:
            raise ValueError("this comment cannot be written as YAML that reads back unchanged")
    return text


def load(text):
    return yaml.safe_load(text)
