r"""What a comment id, a translation key and a parent id may look like.

Every check is a full match of ASCII characters: `re.match` with `$` would let
`a-post\n` through (`$` matches before a final newline), and `\d` or `\w`
would let other scripts' digits and letters through. Ids and keys become file
and folder names, so these patterns are what keeps them inside their folder.
"""

import re

# Our endpoint's ids: 16 lowercase hexadecimal digits.
HEX_ID = re.compile(r"[0-9a-f]{16}")
# Staticman v3's `_id`: a UUID (v1), lowercase as it writes it.
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
# A post's Translation-Key as the build uses it for content/comments/<key>/.
KEY = re.compile(r"[a-z0-9][a-z0-9-]{0,199}")


def is_id(value):
    """An id our endpoint writes (and the moderator accepts on its command line)."""
    return isinstance(value, str) and HEX_ID.fullmatch(value) is not None


def is_parent(value):
    """A comment id in either form a reply may name: ours or Staticman's."""
    return isinstance(value, str) and (HEX_ID.fullmatch(value) or UUID.fullmatch(value)) is not None


def is_key(value):
    return isinstance(value, str) and KEY.fullmatch(value) is not None
