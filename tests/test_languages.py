"""The languages are declared once, in LANGUAGES (pelicanconf.py): everything
that depends on a language's locale, codes, URL words or site settings follows
that table, and nothing else names them."""

import copy
import json
import re
import runpy

import pytest
from bench.corpus import write_corpus
from bilingual.languages import read_languages
from bilingual.problems import ContentError
from conftest import ROOT, build_site, soup

CONF = runpy.run_path(str(ROOT / "pelicanconf.py"))
SUMMIT = {
    "en": "responsive-and-resilient-service-an-international-approach-to-digital-government",
    "fr": "un-service-reactif-et-resilient-une-approche-internationale-du-gouvernement-numerique",
}


def altered_languages():
    """The real table with every value the plugins and the theme use changed."""
    table = copy.deepcopy(CONF["LANGUAGES"])
    table["en"].update(locale="en_GB", iso639_2="enm", name="English (UK)", SITENAME="The Digital Blog")
    table["fr"].update(
        locale="fr_FR",
        iso639_2="fre",
        name="Français de France",
        SITENAME="Le carnet numérique",
        TERMS_URL="https://example.fr/avis.html",
        PRIVACY_URL="https://example.fr/vie-privee.html",
        COMMENTS_RECEIVED_SLUG="bien-recu",
        COMMENTS_ERROR_SLUG="pas-envoye",
    )
    table["fr"]["words"] = {
        "blog": "billets",
        "tags": "etiquettes",
        "authors": "redacteurs",
        "categories": "rubriques",
        "feeds": "fils",
        "all": "tout",
        "search": "fouille",
    }
    return table


@pytest.fixture(scope="module")
def altered_site(tmp_path_factory):
    return build_site(tmp_path_factory.mktemp("languages") / "output", **CONF["language_settings"](altered_languages()))


def head(page):
    doc = soup(page)
    return doc, {
        "html lang": doc.html["lang"],
        "dcterms.language": doc.find("meta", attrs={"name": "dcterms.language"})["content"],
        "og:locale": doc.find("meta", property="og:locale")["content"],
        "og:locale:alternate": doc.find("meta", property="og:locale:alternate")["content"],
        "inLanguage": json.loads(doc.find("script", type="application/ld+json").string)["inLanguage"],
        "hreflang": sorted(link["hreflang"] for link in doc.select('link[rel="alternate"][hreflang]')),
        "toggle": doc.select_one("section.gcb-lang a[hreflang]").get_text(strip=True),
    }


def test_a_changed_table_changes_every_url_that_uses_its_words(altered_site):
    old = CONF["LANGUAGES"]["fr"]["words"]
    new = altered_languages()["fr"]["words"]
    fr = altered_site / "fr"
    post = fr / "billets" / SUMMIT["fr"]
    assert (post / "index.html").is_file()
    # The comment status blocks take their ids from the table too.
    form = soup(post / "index.html").select_one("form.gcb-form")
    assert form.select_one('[name="options[redirect]"]')["value"].endswith("/#bien-recu")
    assert form.select_one('[name="options[redirectError]"]')["value"].endswith("/#pas-envoye")
    assert soup(post / "index.html").select_one("#pas-envoye-too-long[role=status]") is not None
    for folder in ("etiquettes", "redacteurs", "rubriques", "fils/rubriques", "fouille"):
        assert (fr / folder).is_dir(), folder
    assert (fr / "fils/tout.atom.xml").is_file()
    # No page, feed or sitemap of either language names an old URL word.
    files = [path for path in altered_site.rglob("*") if path.suffix in (".html", ".xml", ".txt")]
    assert len(files) >= 30
    stale = [f"fr/{word}/" for key, word in old.items() if word != new[key]]
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert not [url for url in stale if url in text], path
    assert not [path for path in fr.rglob("*") if path.relative_to(fr).parts[0] in old.values()]


def test_a_changed_table_changes_locales_codes_names_and_site_settings(altered_site):
    en_doc, en = head(altered_site / "en/blog" / SUMMIT["en"] / "index.html")
    fr_doc, fr = head(altered_site / "fr/billets" / SUMMIT["fr"] / "index.html")
    # <html lang> and hreflang stay the language's code; the rest follows the table.
    assert en == {
        "html lang": "en",
        "dcterms.language": "enm",
        "og:locale": "en_GB",
        "og:locale:alternate": "fr_FR",
        "inLanguage": "en-GB",
        "hreflang": ["en", "fr", "x-default"],
        "toggle": "Français de France",
    }
    assert fr == {
        "html lang": "fr",
        "dcterms.language": "fre",
        "og:locale": "fr_FR",
        "og:locale:alternate": "en_GB",
        "inLanguage": "fr-FR",
        "hreflang": ["en", "fr", "x-default"],
        "toggle": "English (UK)",
    }
    # Dates in words are in the table's locale (en_GB puts the day first).
    assert en_doc.select_one(".gcb-article__meta time").get_text(strip=True) == "Published 27 October 2020"
    assert fr_doc.select_one(".gcb-article__meta time").get_text(strip=True) == "Publié le 27 octobre 2020"
    # French typography follows the locale's language, not a code.
    assert "normal\u00a0: les principes" in fr_doc.select_one(".gcb-article__body").get_text()
    assert en_doc.title.get_text().endswith(" – The Digital Blog")
    assert fr_doc.title.get_text().endswith(" – Le carnet numérique")
    footer = {a["href"] for a in fr_doc.select("footer a")}
    assert {"https://example.fr/avis.html", "https://example.fr/vie-privee.html"} <= footer
    redirect = fr_doc.find("input", attrs={"name": "options[redirect]"})["value"]
    assert redirect.endswith(f"fr/billets/{SUMMIT['fr']}/#bien-recu")
    splash = soup(altered_site / "index.html")
    assert [a.get_text(strip=True) for a in splash.select("a.gcb-button")] == ["English (UK)", "Français de France"]
    assert "Le carnet numérique" in splash.title.get_text()


LOCALE = "LANGUAGES['fr']['locale'] must be a CLDR locale such as 'pt_BR', got "


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda table: table["fr"].update(locale="fr-CA"), LOCALE + "'fr-CA'"),
        (lambda table: table["fr"].update(locale="xx_QQ"), LOCALE + "'xx_QQ'"),
        (
            lambda table: table["en"].update(iso639_2="en"),
            "LANGUAGES['en']['iso639_2'] must be three lowercase letters such as 'por', got 'en'",
        ),
        (
            lambda table: table["fr"].pop("name"),
            "LANGUAGES['fr']['name'] must be the language's name in itself, such as 'Português', got None",
        ),
        (
            lambda table: table.pop("fr"),
            "I18N_SUBSITES names the language 'fr', which LANGUAGES does not declare; expected one of 'en'",
        ),
    ],
)
def test_a_mistake_in_the_table_names_the_setting_the_value_and_what_was_expected(change, message):
    table = copy.deepcopy(CONF["LANGUAGES"])
    change(table)
    settings = {"LANGUAGES": table, "DEFAULT_LANG": "en", "I18N_SUBSITES": {"fr": {}}}
    with pytest.raises(ContentError, match=re.escape(message)):
        read_languages(settings)


def test_a_mistake_in_the_table_stops_the_build_before_it_starts(tmp_path):
    table = copy.deepcopy(CONF["LANGUAGES"])
    table["fr"]["iso639_2"] = "FR"
    with pytest.raises(ContentError, match=re.escape("LANGUAGES['fr']['iso639_2']")):
        build_site(tmp_path / "output", LANGUAGES=table)
    assert not (tmp_path / "output").exists()


def test_home_pages_toggle_and_hreflang_follow_pagination_patterns(tmp_path):
    """Page 2 of each home is where PAGINATION_PATTERNS puts it, and so are the
    links to it from the other language (the link check fails the build otherwise)."""
    write_corpus(tmp_path / "content", 3)
    patterns = ((1, "{url}", "{save_as}"), (2, "{base_name}/p{number}/", "{base_name}/p{number}/index.html"))
    site = build_site(tmp_path / "output", content=tmp_path / "content", DEFAULT_PAGINATION=2, PAGINATION_PATTERNS=patterns)
    for lang, other in (("en", "fr"), ("fr", "en")):
        page = soup(site / lang / "p2/index.html")
        assert page.select_one("section.gcb-lang a[hreflang]")["href"] == f"/{other}/p2/"
        alternates = {link["hreflang"]: link["href"] for link in page.select('link[rel="alternate"][hreflang]')}
        assert alternates == {"en": "/en/p2/", "fr": "/fr/p2/", "x-default": "/"}
    assert not list(site.glob("*/page"))


def forbidden_patterns():
    """What only the table may say, as (value, pattern): each language's locale
    (in either form), ISO 639-2 code, name, site name and links, and the other
    languages' URL words and slugs where they differ from the main language's."""
    table = CONF["LANGUAGES"]
    main = next(iter(table.values()))
    found = []
    for entry in table.values():
        for locale in (entry["locale"], entry["locale"].replace("_", "-")):
            found.append((locale, rf"\b{locale}\b"))
        # Short words ("eng", "English") are code only when quoted.
        found += [(entry[key], rf"[\"']{re.escape(entry[key])}[\"']") for key in ("iso639_2", "name")]
        found += [(entry[key], re.escape(entry[key])) for key in ("SITENAME", "TERMS_URL", "PRIVACY_URL")]
        if entry is not main:
            own = [(word, main["words"][key]) for key, word in entry["words"].items()]
            own += [(entry[key], main[key]) for key in ("COMMENTS_RECEIVED_SLUG", "COMMENTS_ERROR_SLUG")]
            found += [(value, rf"(?<![\w-]){re.escape(value)}(?![\w-])") for value, main_value in own if value != main_value]
    return [(value, re.compile(pattern)) for value, pattern in found]


def test_no_module_or_template_outside_the_table_names_a_language():
    patterns = forbidden_patterns()
    # Each pattern finds its value as code would write it, so none is vacuous.
    assert all(pattern.search(repr(value)) for value, pattern in patterns)
    assert {"fr_CA", "en_CA", "fr-CA", "eng", "fra", "blogue", "mots-cles", "auteurs"} <= {value for value, _ in patterns}
    files = [*(ROOT / "plugins").rglob("*.py"), *(ROOT / "theme/templates").rglob("*.html"), ROOT / "publishconf.py"]
    assert len(files) > 40
    found = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in files
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if any(pattern.search(line) for _value, pattern in patterns)
    ]
    assert found == []
