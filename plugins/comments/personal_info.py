"""Personal information a queued comment may hold, for the moderator to see.

The Rules of Engagement forbid personal information in comments; these checks
flag the common kinds so a moderator does not approve one by accident. They
are hints, not a filter: a flagged comment can still be edited or rejected by
a person, and an unflagged one still needs reading.
"""

import re
from dataclasses import dataclass

# Local parts and domains may use any letters (Zoé@courriel.ca); the top-level domain is letters.
EMAIL = re.compile(r"[\w.%+-]+@[\w-]+(?:\.[\w-]+)*\.[^\W\d_]{2,}")
# North American numbers: optional +1, area code and exchange starting 2-9,
# separated by nothing, spaces, dots or dashes, area code optionally in brackets.
PHONE = re.compile(r"(?<![0-9])(?:\+?1[ .-]?)?(?:\([2-9][0-9]{2}\)|[2-9][0-9]{2})[ .-]?[2-9][0-9]{2}[ .-]?[0-9]{4}(?![0-9])")
# Canadian postal codes: A1A 1A1; letters D, F, I, O, Q, U never appear, W and Z never first.
POSTAL_CODE = re.compile(
    r"(?<![A-Za-z0-9])[ABCEGHJ-NPRSTVXY][0-9][ABCEGHJ-NPRSTV-Z][ -]?[0-9][ABCEGHJ-NPRSTV-Z][0-9](?![A-Za-z0-9])",
    re.IGNORECASE,
)
# Social insurance numbers: nine digits, as 123 456 789, 123-456-789 or 123456789,
# flagged only when the Luhn check digit is right (as every real SIN's is).
SIN = re.compile(r"(?<![0-9])[0-9]{3}([ -]?)[0-9]{3}\1[0-9]{3}(?![0-9])")


@dataclass(frozen=True)
class Finding:
    kind: str
    text: str


def luhn_valid(digits):
    total = 0
    for position, digit in enumerate(int(d) for d in reversed(digits)):
        doubled = digit * 2 if position % 2 else digit
        total += doubled - 9 if doubled > 9 else doubled
    return total % 10 == 0


def findings(message):
    """Every piece of personal information found in `message`, in order of kind."""
    found = [Finding("e-mail address", m.group()) for m in EMAIL.finditer(message)]
    found += [Finding("phone number", m.group()) for m in PHONE.finditer(message)]
    found += [Finding("postal code", m.group()) for m in POSTAL_CODE.finditer(message)]
    found += [
        Finding("social insurance number", m.group())
        for m in SIN.finditer(message)
        if luhn_valid(re.sub(r"[^0-9]", "", m.group()))
    ]
    return found
