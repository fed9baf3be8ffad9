"""French pages: CLDR dates with no OS locale, and no English interface text."""

import datetime
from pathlib import Path
import re
import subprocess
import sys

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po
from bilingual.dates import long_date
from conftest import ROOT, html_pages, soup

PO_FILE = ROOT / "theme/translations/fr/LC_MESSAGES/messages.po"
# Messages spelled the same in both languages; any other untranslated one is a bug.
SAME_IN_BOTH = {"Pagination", "Page %(number)s"}


def template_messages():
    """Every message the theme's templates mark for translation."""
    method_map = [("templates/**.html", "jinja2")]
    options = {"templates/**.html": {"extensions": "jinja2.ext.i18n"}}
    keywords = {"_": None, "gettext": None, "ngettext": (1, 2), "gettext_in": (2,)}
    messages = {
        message if isinstance(message, str) else message[0]
        for _file, _line, message, _comments, _context in extract_from_dir(
            str(ROOT / "theme"), method_map, options, keywords=keywords
        )
    }
    # The templates mark about 70: none found would leave the tests looping over them checking nothing.
    assert len(messages) > 50, sorted(messages)
    return messages


def french_catalog():
    with PO_FILE.open("rb") as po:
        return read_po(po, locale="fr_CA")


@pytest.mark.parametrize(
    ("day", "lang", "expected"),
    [
        (datetime.date(2020, 10, 27), "en", "October 27, 2020"),
        (datetime.date(2020, 10, 27), "fr", "le 27 octobre 2020"),
        (datetime.date(2020, 11, 1), "fr", "le 1er novembre 2020"),
        (datetime.date(2021, 2, 1), "en", "February 1, 2021"),
    ],
)
def test_long_dates_follow_canadian_usage(day, lang, expected):
    assert long_date(day, lang) == expected


def test_french_dates_need_no_french_os_locale():
    code = (
        "import datetime, locale, sys; sys.path.insert(0, 'plugins');"
        "from bilingual.dates import long_date;"
        "locale.setlocale(locale.LC_ALL, 'C');"
        "print(long_date(datetime.date(2020, 11, 1), 'fr'))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={"LANG": "C", "LC_ALL": "C", "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == "le 1er novembre 2020"


def test_french_post_shows_its_date_in_french_words(post_pages):
    meta = soup(post_pages["fr"]).select_one(".gcb-article__meta time")
    assert meta["datetime"] == "2020-10-27"
    assert meta.get_text(strip=True) == "Publié le 27 octobre 2020"


def test_english_post_shows_its_date_in_english_words(post_pages):
    meta = soup(post_pages["en"]).select_one(".gcb-article__meta time")
    assert meta.get_text(strip=True) == "Published October 27, 2020"


def test_every_interface_message_has_a_french_translation():
    catalog = french_catalog()
    for message in template_messages():
        entry = catalog.get(message)
        assert entry is not None, f"{message!r} is missing from {PO_FILE.name}"
        assert not entry.fuzzy, f"{message!r} is fuzzy"
        strings = entry.string if isinstance(entry.string, tuple) else (entry.string,)
        assert all(strings), f"{message!r} has no French text"
        if message not in SAME_IN_BOTH:
            assert strings[0] != message, f"{message!r} is left in English"


def test_french_catalog_header_is_filled_in():
    catalog = french_catalog()
    header = dict(catalog.mime_headers)
    for field in ("Project-Id-Version", "Report-Msgid-Bugs-To", "PO-Revision-Date", "Last-Translator", "Language-Team"):
        assert not re.search(r"VERSION|EMAIL@ADDRESS|FULL NAME|YEAR-MO-DA|LL@li\.org|PACKAGE", header[field]), field
    assert catalog.revision_date.tzinfo is not None
    assert catalog.revision_date.utcoffset() is not None
    assert "@" in header["Last-Translator"] and "@" in header["Language-Team"]


def test_french_pages_show_no_english_interface_text(site):
    english = {}
    for message in template_messages() - SAME_IN_BOTH:
        # Placeholders become wildcards: "By %(authors)s" matches "By Mark Levene".
        pattern = re.sub(r"%\\\(\w+\\\)[sd]", ".+", re.escape(message))
        english[message] = re.compile(rf"^{pattern}$")
    pages = html_pages(site / "fr")
    assert pages
    for page in pages:
        doc = soup(page)
        texts = [t.strip() for t in doc.find_all(string=True) if t.strip()]
        texts += [
            node[attr].strip()
            for attr in ("aria-label", "alt", "title", "content")
            for node in doc.find_all(attrs={attr: True})
        ]
        for text in texts:
            for message, pattern in english.items():
                assert not pattern.match(text), f"{page}: English {message!r} in {text!r}"


def test_french_page_details_say_date_de_modification(post_pages):
    details = soup(post_pages["fr"]).select_one(".gcb-details")
    assert details.dt.get_text() == "Date de modification\u00a0:"
    assert details.select_one("time")["datetime"] == "2020-10-27"


def test_dev_server_rerun_shows_an_edited_translation(tmp_path):
    """`make devserver` reruns one Pelican instance; a .po edit must show on the next run."""
    import shutil

    from conftest import ROOT as project
    from pelican import Pelican
    from pelican.settings import read_settings

    translations = Path(shutil.copytree(project / "theme/translations", tmp_path / "translations"))
    settings = read_settings(
        str(project / "pelicanconf.py"),
        override={"OUTPUT_PATH": str(tmp_path / "out"), "CACHE_PATH": str(tmp_path / "cache"),
                  "I18N_GETTEXT_SOURCE": str(translations), "I18N_GETTEXT_LOCALEDIR": str(tmp_path / "locale")},
    )
    pelican = Pelican(settings)
    pelican.run()
    home = tmp_path / "out/fr/index.html"
    assert "Accueil du blogue" in home.read_text(encoding="utf-8")
    po = translations / "fr/LC_MESSAGES/messages.po"
    po.write_text(po.read_text(encoding="utf-8").replace('"Accueil du blogue"', '"Page d’accueil du blogue"'), encoding="utf-8")
    pelican.run()
    assert "Page d’accueil du blogue" in home.read_text(encoding="utf-8")
