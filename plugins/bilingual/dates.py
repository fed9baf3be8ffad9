"""Dates in words from CLDR data (Babel), never from the OS locale.

A fresh machine has no French locale, so strftime-based Pelican dates would come
out in English; Babel carries its own data. Each language's locale is declared
in LANGUAGES (pelicanconf.py); the templates' long_date filter passes it here.
"""

from datetime import date
from functools import lru_cache

from babel import Locale
from babel.dates import format_date

from .languages import FRENCH


def long_date(value, locale):
    """The date in words in a CLDR locale: 'October 27, 2020' in Canadian
    English, 'le 27 octobre 2020' (and 'le 1er ...') in French."""
    # A post's date is shown on every list page it is on: format each day once.
    return _long_date(value.year, value.month, value.day, locale)


@lru_cache(maxsize=4096)
def _long_date(year, month, day, locale):
    value = date(year, month, day)
    if Locale.parse(locale).language == FRENCH:
        # French writes a date after "le", and the first of the month as an ordinal: "1er".
        day_text = "1er" if day == 1 else str(day)
        return f"le {day_text} {format_date(value, 'MMMM y', locale=locale)}"
    return format_date(value, "long", locale=locale)


def iso_date(value):
    """The numeric form, which stays ISO 8601 in both languages."""
    return f"{value.year:04d}-{value.month:02d}-{value.day:02d}"


def last_modified(items):
    """The newest `modified` (else `date`) of the items: the page's date modified."""
    dates = [getattr(item, "modified", None) or getattr(item, "date", None) for item in items]
    dates = [date for date in dates if date is not None]
    return max(dates, default=None)


def first_issued(items):
    """The oldest `date` of the items: when the page's content was first issued."""
    return min((item.date for item in items if getattr(item, "date", None)), default=None)
