"""The Government of Canada page checklist, on every built page of both languages."""

import json

import pytest
from bilingual.typography import french_html
from conftest import LANGS, language_pages, page_for_url, soup

NBSP = "\u00a0"
WORDS = {
    "en": {"skip": "Skip to main content", "lang_heading": "Language selection", "modified": "Date modified:",
           "about": "About this site", "terms": "Terms and conditions", "privacy": "Privacy", "code": "eng"},
    "fr": {"skip": "Passer au contenu principal", "lang_heading": "Sélection de la langue",
           "modified": f"Date de modification{NBSP}:", "about": "À propos de ce site", "terms": "Avis",
           "privacy": "Confidentialité", "code": "fra"},
}


@pytest.mark.parametrize("lang", LANGS)
def test_first_focusable_element_is_the_skip_link_to_main(site, lang):
    for page in language_pages(site, lang):
        doc = soup(page)
        first = doc.body.find(["a", "button", "input", "textarea", "select"])
        assert first.get_text(strip=True) == WORDS[lang]["skip"], page
        assert doc.select_one(first["href"]).name == "main"


@pytest.mark.parametrize("lang", LANGS)
def test_toggle_sits_under_a_visually_hidden_language_selection_heading(site, lang):
    for page in language_pages(site, lang):
        section = soup(page).select_one("header section.gcb-lang")
        heading = section.find("h2")
        assert heading.get_text(strip=True) == WORDS[lang]["lang_heading"]
        assert "gcb-visually-hidden" in heading["class"]
        assert len(section.find_all("a")) == 1


@pytest.mark.parametrize("lang", LANGS)
def test_every_page_has_breadcrumbs_details_footer_and_metadata(site, lang):
    words = WORDS[lang]
    for page in language_pages(site, lang):
        doc = soup(page)
        assert doc.select_one("nav.gcb-breadcrumbs > ol > li > a"), page
        details = doc.select_one("main .gcb-details")
        assert details.dt.get_text() == words["modified"], page
        date = details.select_one("time")["datetime"]
        assert len(date) == 10 and date[4] == date[7] == "-"
        footer = doc.select_one("footer")
        assert footer.h2.get_text(strip=True) == words["about"]
        link_texts = [a.get_text(strip=True) for a in footer.select("a")]
        assert words["terms"] in link_texts and words["privacy"] in link_texts
        assert "Canada" in footer.select_one(".gcb-footer__wordmark img")["alt"]
        meta = {m["name"]: m["content"] for m in doc.select("meta[name]")}
        for name in ("description", "dcterms.title", "dcterms.language", "dcterms.issued", "dcterms.modified"):
            assert meta.get(name), f"{page}: {name}"
        assert meta["dcterms.language"] == words["code"]
        assert meta["dcterms.modified"] == date


@pytest.mark.parametrize("lang", LANGS)
def test_post_has_open_graph_and_blogposting_json_ld(published_site, site, post_pages, lang):
    doc = soup(published_site / post_pages[lang].relative_to(site))
    og = {m["property"]: m["content"] for m in doc.select("meta[property]")}
    assert og["og:type"] == "article"
    assert og["og:locale"] == {"en": "en_CA", "fr": "fr_CA"}[lang]
    assert og["og:url"].startswith("https://blog.example.gc.ca/")
    data = json.loads(doc.select_one('script[type="application/ld+json"]').string)
    assert data["@type"] == "BlogPosting"
    assert data["inLanguage"] == {"en": "en-CA", "fr": "fr-CA"}[lang]
    assert data["author"][0]["name"] == "Mark Levene"
    assert data["datePublished"].startswith("2020-10-27")
    assert data["dateModified"].startswith("2020-10-27")
    assert "<" not in data["description"]


def test_french_post_follows_canadian_french_typography(post_pages):
    body = soup(post_pages["fr"]).select_one(".gcb-article__body").get_text()
    assert f"c’est normal{NBSP}: les principes" in body
    assert f"«{NBSP}un service réactif et résilient{NBSP}»" in body
    assert " :" not in body and "« " not in body and " »" not in body
    for mark in ";!?":
        assert f" {mark}" not in body and f"{NBSP}{mark}" not in body


def test_english_post_is_left_as_written(post_pages):
    body = soup(post_pages["en"]).select_one(".gcb-article__body").get_text()
    assert NBSP not in body


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ("<p>Note : voir « ceci » ; et cela ! Vraiment ?</p>", f"<p>Note{NBSP}: voir «{NBSP}ceci{NBSP}»; et cela! Vraiment?</p>"),
        ("<p>Heure:</p>", f"<p>Heure{NBSP}:</p>"),
        ('<p><a href="https://a.ca/x?y=1" title="a : b">https://a.ca</a> à 10:30</p>',
         '<p><a href="https://a.ca/x?y=1" title="a : b">https://a.ca</a> à 10:30</p>'),
        ("<pre><code>x = {'a' : 1} ; print('?')</code></pre>", "<pre><code>x = {'a' : 1} ; print('?')</code></pre>"),
        ("<p>A &amp; B : <code>c : d</code> fin !</p>", f"<p>A &amp; B{NBSP}: <code>c : d</code> fin!</p>"),
        # Across inline markup: the space may sit before or after the closing tag.
        ("<p><strong>Important</strong> : la suite</p>", f"<p><strong>Important</strong>{NBSP}: la suite</p>"),
        ('<p><a href="/x">portail</a>: il</p>', f'<p><a href="/x">portail</a>{NBSP}: il</p>'),
        ("<p><em>Attention</em> !</p>", "<p><em>Attention</em>!</p>"),
        ("<p><em>Attention </em>? <b>Oui </b>:</p>", f"<p><em>Attention</em>? <b>Oui</b>{NBSP}:</p>"),
        (
            "<p>«<em>cité</em>» et « <a href='/'>lien</a> »</p>",
            f"<p>«{NBSP}<em>cité</em>{NBSP}» et «{NBSP}<a href='/'>lien</a>{NBSP}»</p>",
        ),
        ("<p>voir <code>x</code> : y</p><p>: seul</p>", f"<p>voir <code>x</code>{NBSP}: y</p><p>: seul</p>"),
        # A run that opens with "»" gets its space whether or not markup follows.
        ("<p>» fin <em>x</em></p>", f"<p>{NBSP}» fin <em>x</em></p>"),
        # An attribute value holding ">" is still part of the tag.
        (
            '<p><abbr title="Accueil > Blogue : aide">AB</abbr> : b</p>',
            f'<p><abbr title="Accueil > Blogue : aide">AB</abbr>{NBSP}: b</p>',
        ),
        ("<p><a title='a > b ; c !'>x</a></p>", "<p><a title='a > b ; c !'>x</a></p>"),
    ],
)
def test_french_typography_touches_text_only(html, expected):
    assert french_html(html) == expected


def test_french_category_has_its_french_name_and_url(site):
    page = soup(site / "fr/categories/gouvernement-numerique/index.html")
    assert page.h1.get_text() == f"Catégorie{NBSP}: Gouvernement numérique"


def test_404_page_speaks_both_languages_and_links_home(site):
    doc = soup(site / "404.html")
    assert [span["lang"] for span in doc.h1.select("span[lang]")] == ["en", "fr"]
    sections = {s["lang"]: s for s in doc.select("section[lang]")}
    assert set(sections) == {"en", "fr"}
    for lang, section in sections.items():
        home = section.select_one("a")
        assert page_for_url(site, home["href"]) == site / lang / "index.html"
    assert doc.select_one('meta[name="robots"]')["content"] == "noindex"
