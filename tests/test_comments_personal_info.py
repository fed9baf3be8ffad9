"""Personal information the Rules of Engagement forbid, flagged for moderators."""

import pytest
from comments.personal_info import findings, luhn_valid


def kinds(message):
    return [(finding.kind, finding.text) for finding in findings(message)]


@pytest.mark.parametrize(
    ("message", "found"),
    [
        ("Write to ana.b+blog@example.gc.ca please", [("e-mail address", "ana.b+blog@example.gc.ca")]),
        ("Écrivez à Zoé_1@courriel.qc.ca.", [("e-mail address", "Zoé_1@courriel.qc.ca")]),
        ("Call 613-555-0199 today", [("phone number", "613-555-0199")]),
        ("Appelez le (819) 555 0123", [("phone number", "(819) 555 0123")]),
        ("or +1 416.555.0142", [("phone number", "+1 416.555.0142")]),
        ("6135550199", [("phone number", "6135550199")]),
        ("We are at K1A 0B1.", [("postal code", "K1A 0B1")]),
        ("code postal h2x1y4", [("postal code", "h2x1y4")]),
        ("my SIN is 046 454 286", [("social insurance number", "046 454 286")]),
        ("NAS : 046-454-286", [("social insurance number", "046-454-286")]),
    ],
)
def test_each_kind_is_found(message, found):
    assert kinds(message) == found


@pytest.mark.parametrize(
    "message",
    [
        "In 2021, 613 people came; page 1234567.",
        "Version 1.2.3 at 10:30, tel. 555-0199 (no area code)",
        "The number 123 456 789 fails the Luhn check",
        "D1A 1A1 and W1A 1A1 are not Canadian postal codes",
        "Area code 123-555-0199 cannot start with 1",
        "An @ sign alone, or user@localhost, is not an address",
    ],
)
def test_ordinary_text_is_not_flagged(message):
    assert kinds(message) == []


def test_luhn():
    assert luhn_valid("046454286") and not luhn_valid("046454287") and not luhn_valid("123456789")
