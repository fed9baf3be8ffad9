r"""Text from readers, made safe to print on a moderator's terminal.

A comment is typed by anyone: an escape sequence (ESC [2J clears the screen),
a carriage return, a backspace or a right-to-left override could hide or
disguise text when printed raw. Every control, format, separator, private-use
or unassigned character is shown as an escape a moderator can read (\x1b,
\u202e), and a backslash as \\ so an escape typed by the reader cannot pass
for one made here.
"""

import unicodedata

HIDDEN = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}


def escape(ch):
    code = ord(ch)
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def visible(text, keep_newlines=False):
    """`text` with every character that could act on a terminal shown as an escape.
    keep_newlines leaves LF as a real line break (for showing a comment in full)."""
    out = []
    for ch in text:
        if ch == "\\":
            out.append("\\\\")
        elif ch == "\n" and keep_newlines:
            out.append(ch)
        elif unicodedata.category(ch) in HIDDEN:
            out.append(escape(ch))
        else:
            out.append(ch)
    return "".join(out)
