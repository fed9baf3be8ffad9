"""Dates in words from CLDR data (Babel), never from the OS locale.

A fresh machine has no fr_CA locale, so strftime-based Pelican dates would come
out in English; Babel carries its own data.
"""

from babel.dates import format_date

_BABEL_LOCALES = {"en": "en_CA", "fr": "fr_CA"}


def long_date(value, lang):
    """'October 27, 2020' in English, 'le 27 octobre 2020' (and 'le 1er ...') in French."""
    if lang == "fr":
        # Canadian French writes the first of the month as an ordinal: "1er".
        day = "1er" if value.day == 1 else str(value.day)
        return f"le {day} {format_date(value, 'MMMM y', locale='fr_CA')}"
    return format_date(value, "long", locale=_BABEL_LOCALES.get(lang, lang))


def iso_date(value):
    """The numeric form, which stays ISO 8601 in both languages."""
    return value.strftime("%Y-%m-%d")


def last_modified(items):
    """The newest `modified` (else `date`) of the items: the page's date modified."""
    dates = [getattr(item, "modified", None) or getattr(item, "date", None) for item in items]
    dates = [date for date in dates if date is not None]
    return max(dates, default=None)


def first_issued(items):
    """The oldest `date` of the items: when the page's content was first issued."""
    return min((item.date for item in items if getattr(item, "date", None)), default=None)
