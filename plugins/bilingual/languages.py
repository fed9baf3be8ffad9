"""The site's languages, as the LANGUAGES setting declares them (pelicanconf.py).

pelicanconf.py derives every per-language setting from that table (DEFAULT_LANG,
I18N_SUBSITES, URL words, site names); this module reads, once per build, what
the plugin itself needs of it: each language's CLDR locale, ISO 639-2 code,
name and reading speed. Nothing else in the plugins or the theme names a locale or a code.
"""

import re
from dataclasses import dataclass

from babel import Locale, UnknownLocaleError

from .problems import ContentError

# The language Babel gives every French locale, Canadian or other.
FRENCH = "fr"
ISO_639_2 = re.compile(r"[a-z]{3}")


@dataclass(frozen=True)
class Language:
    code: str  # as in URLs, `Lang:` and <html lang>: "fr"
    locale: str  # CLDR locale (language_TERRITORY), for dates and og:locale
    iso639_2: str  # three letters (ISO 639-2/T), for dcterms.language
    name: str  # the language's name in itself, on the language toggle
    words_per_minute: int  # reading speed, for a post's reading time

    @property
    def tag(self):
        """The locale as a BCP 47 tag (a hyphen for the underscore), for JSON-LD's inLanguage."""
        return self.locale.replace("_", "-")

    @property
    def french(self):
        """French typography and date forms ("le 1er") follow the locale's language."""
        return Locale.parse(self.locale).language == FRENCH


def site_languages(settings):
    """The codes of the languages this site is built in, the main site's first."""
    return (settings["DEFAULT_LANG"], *settings.get("I18N_SUBSITES", {}))


def read_languages(settings):
    """{code: Language} from LANGUAGES; every language a site is built in must be there.

    Errors name the setting, the value found and what was expected.
    """
    table = settings.get("LANGUAGES")
    if not isinstance(table, dict) or not table:
        raise ContentError(
            "bilingual: LANGUAGES must map each language code to its description "
            f"(locale, iso639_2, name, words, words_per_minute; see pelicanconf.py), got {table!r}"
        )
    languages = {code: read_language(code, entry) for code, entry in table.items()}
    main, *subsites = site_languages(settings)
    for setting, code in [("DEFAULT_LANG", main), *(("I18N_SUBSITES", code) for code in subsites)]:
        if code not in languages:
            raise ContentError(
                f"bilingual: {setting} names the language {code!r}, which LANGUAGES does not "
                f"declare; expected one of {', '.join(map(repr, languages))}"
            )
    return languages


def read_language(code, entry):
    where = f"LANGUAGES[{code!r}]"
    if not isinstance(entry, dict):
        raise ContentError(f"bilingual: {where} must be a dict, got {entry!r}")
    values = {}
    for key, expected in (
        ("locale", "a CLDR locale such as 'pt_BR'"),
        ("iso639_2", "an ISO 639-2/T code such as 'por'"),
        ("name", "the language's name in itself, such as 'Português'"),
    ):
        value = entry.get(key)
        if not isinstance(value, str) or not value:
            raise ContentError(f"bilingual: {where}[{key!r}] must be {expected}, got {value!r}")
        values[key] = value
    try:
        Locale.parse(values["locale"])
    except (UnknownLocaleError, ValueError, TypeError):
        raise ContentError(
            f"bilingual: {where}['locale'] must be a CLDR locale such as 'pt_BR', "
            f"got {values['locale']!r}"
        ) from None
    speed = entry.get("words_per_minute")
    if isinstance(speed, bool) or not isinstance(speed, int) or speed <= 0:
        raise ContentError(
            f"bilingual: {where}['words_per_minute'] must be a reading speed in words per "
            f"minute, a whole number above 0 such as 200, got {speed!r}"
        )
    values["words_per_minute"] = speed
    if not ISO_639_2.fullmatch(values["iso639_2"]):
        raise ContentError(
            f"bilingual: {where}['iso639_2'] must be three lowercase letters such as 'por', "
            f"got {values['iso639_2']!r}"
        )
    return Language(code=code, **values)
