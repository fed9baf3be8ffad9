r"""Comments as YAML that reads back exactly as it was written.

YAML treats U+0085, U+2028, U+2029 and CR as line breaks: in a plain or block
scalar they come back as spaces or LF, so a message would change on its way
from the queue to the site. Such strings are written double-quoted, where
PyYAML escapes them (\N, \L, \P, \r); messages with only LF line breaks
keep the readable block style. Every dump is read back and compared, so any
case this misses fails loudly instead of altering a comment.
"""

import yaml

# Characters YAML would fold or normalise, plus anything PyYAML cannot print raw.
BREAKS = ("\r", "\x85", "\u2028", "\u2029")


class _Dumper(yaml.SafeDumper):
    pass


def _str(dumper, value):
    if any(ch in value for ch in BREAKS) or not all(ch == "\n" or ch == "\t" or dumper.check_printable(ch) for ch in value):
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style='"')
    if "\n" in value:
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


_Dumper.add_representer(str, _str)


def _printable(ch):
    # The same rule PyYAML's emitter uses to decide whether a character needs escaping.
    return (
        ch in "\x09\x0a\x0d\x85"
        or "\x20" <= ch <= "\x7e"
        or "\xa0" <= ch <= "\ud7ff"
        or "\ue000" <= ch <= "\ufffd"
        or ch >= "\U00010000"
    )


_Dumper.check_printable = staticmethod(lambda ch: _printable(ch) and ch != "\ufeff")


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
