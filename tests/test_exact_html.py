"""Exact French and exact HTML: a post, a page, an author and terms whose names
hold quotes, "<", "&" and French punctuation next to inline markup, built into
a real site and read back from every kind of page and feed."""

import json
import os
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import jinja2
import pytest
from conftest import ROOT, build_site, copy_content, html_pages, soup

NBSP = "\u00a0"
SITENAME = {"en": "Digital Government Blog", "fr": "Blogue du gouvernement numérique"}
AUTHOR = "Zoë O'Brien \"Zed\" & <Co>"
CATEGORY = {"en": "Tips & 'tricks' <new>", "fr": "Trucs & 'astuces' <nouveau>"}
TAG = {"en": 'Q&A "live" <now>', "fr": 'Q&R "direct" <maintenant>'}
# As written in the source, then as the site must show it (French typography applied).
TITLE_SOURCE = {
    "en": "What \"digital by default\" means & why <it> isn't 'new'",
    "fr": 'Ce que « numérique par défaut » veut dire : "vraiment" & <it>',
}
TITLE = {
    "en": TITLE_SOURCE["en"],
    "fr": f'Ce que «{NBSP}numérique par défaut{NBSP}» veut dire{NBSP}: "vraiment" & <it>',
}
SUMMARY_SOURCE = {
    "en": "A \"quoted\" summary & a <b>bold</b> claim: it's 'fine'.",
    "fr": 'Un résumé **important** : « *cité* » & "droit" !',
}
DESCRIPTION = {
    "en": "A \"quoted\" summary & a bold claim: it's 'fine'.",
    "fr": f'Un résumé important{NBSP}: «{NBSP}cité{NBSP}» & "droit"!',
}
ARCHIVES = {"en": "en/blog", "fr": "fr/blogue"}
SLUG = {"en": "en/blog/tricky", "fr": "fr/blogue/piege"}
PAGE_TITLE_SOURCE = {"en": 'Help & "FAQ" <page>', "fr": 'Aide & "FAQ" : <page>'}
PAGE_TITLE = {"en": PAGE_TITLE_SOURCE["en"], "fr": f'Aide & "FAQ"{NBSP}: <page>'}
PAGE_SLUG = {"en": "en/help-faq", "fr": "fr/aide-faq"}
FRENCH_BODY = """
**Important** : la suite.

Voir le [portail](https://www.canada.ca/fr.html) : il est ouvert.

*Attention* !

« *Citation* » et «*deux*».

<p><abbr title="Accueil > Blogue : aide">AB</abbr> : sigle.</p>

Du `code : x` ; fin.
"""


def write(path, text):
    path.write_text(text, encoding="utf-8")


def tricky_content(content):
    taxonomy = (content / "taxonomy.yml").read_text(encoding="utf-8")
    for section, names in (("categories", CATEGORY), ("tags", TAG)):
        entry = f"  - en: {json.dumps(names['en'])}\n    fr: {json.dumps(names['fr'])}\n"
        taxonomy = taxonomy.replace(f"{section}:\n", f"{section}:\n{entry}")
    write(content / "taxonomy.yml", taxonomy)
    for lang in ("en", "fr"):
        write(
            content / f"authors/zed.{lang}.md",
            f"Title: {AUTHOR}\nRole: Writer & \"editor\"\nLang: {lang}\n\nA bio & <b>more</b>.\n",
        )
        write(
            content / f"posts/tricky.{lang}.md",
            f"Title: {TITLE_SOURCE[lang]}\nDate: 2021-03-02 09:00\nAuthor: {AUTHOR}\nLang: {lang}\n"
            f"Slug: {SLUG[lang].rsplit('/', 1)[1]}\nTranslation-Key: tricky\nCategory: {CATEGORY[lang]}\n"
            f"Tags: {TAG[lang]}\nSummary: {SUMMARY_SOURCE[lang]}\n\n"
            + (FRENCH_BODY if lang == "fr" else "Body.\n"),
        )
    for lang, source in PAGE_TITLE_SOURCE.items():
        write(
            content / f"pages/tricky.{lang}.md",
            f"Title: {source}\nLang: {lang}\nDate: 2021-03-02\nTranslation-Key: tricky-page\n"
            f"Slug: {PAGE_SLUG[lang].rsplit('/', 1)[1]}\n\nText.\n",
        )
    return content


@pytest.fixture(scope="module")
def tricky(tmp_path_factory):
    """The tricky site, and the theme templates its build loaded."""
    tmp = tmp_path_factory.mktemp("tricky")
    content = tricky_content(copy_content(tmp / "content"))
    loaded = []
    original = jinja2.FileSystemLoader.get_source

    def recording(self, environment, template):
        source = original(self, environment, template)
        loaded.append(source[1])
        return source

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(jinja2.FileSystemLoader, "get_source", recording)
        # One process, so that every template load is seen here.
        patch.setattr(os, "cpu_count", lambda: 1)
        site = build_site(tmp / "output", content)
    return site, loaded


def page(site, url):
    return soup(site / url / "index.html")


def metas(doc):
    values = {}
    for meta in doc.select("meta[content]"):
        values[meta.get("name") or meta.get("property")] = meta["content"]
    return values


def links_to(doc, url):
    return [a.get_text() for a in doc.select(f'a[href="/{url}/"]')]


# A start tag as HTML allows it: attribute names hold no quote or "<", values are quoted.
START_TAG = re.compile(
    r"""<[a-zA-Z][a-zA-Z0-9-]*(?:\s+[^\s"'<>/=]+(?:=(?:"[^"]*"|'[^']*'))?)*\s*/?>"""
)
RAW_TEXT = re.compile(r"<(script|style)\b[^>]*>.*?</\1>", re.DOTALL)


def test_every_start_tag_of_every_page_is_well_formed(tricky):
    site, _loaded = tricky
    pages = html_pages(site)
    assert len(pages) > 30
    checked = 0
    for path in pages:
        html = RAW_TEXT.sub("", path.read_text(encoding="utf-8"))
        for start in re.finditer(r"<[a-zA-Z]", html):
            match = START_TAG.match(html, start.start())
            assert match, f"{path}: malformed tag {html[start.start():start.start() + 120]!r}"
            checked += 1
    assert checked > 1000


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_post_page_shows_and_describes_the_post_exactly(tricky, lang):
    site, _loaded = tricky
    doc = page(site, SLUG[lang])
    assert doc.title.get_text() == f"{TITLE[lang]} – {SITENAME[lang]}"
    meta = metas(doc)
    assert meta["dcterms.title"] == meta["og:title"] == TITLE[lang]
    assert meta["description"] == meta["og:description"] == DESCRIPTION[lang]
    assert doc.h1.get_text() == TITLE[lang]
    data = json.loads(doc.select_one('script[type="application/ld+json"]').string)
    assert data["headline"] == TITLE[lang]
    assert data["description"] == DESCRIPTION[lang]
    assert data["author"][0]["name"] == AUTHOR
    assert AUTHOR in doc.select_one(".gcb-article__meta").get_text()
    terms = [a.get_text() for a in doc.select(".gcb-article__terms a")]
    assert terms == [CATEGORY[lang], TAG[lang]]
    assert doc.select_one(".gcb-bio__name").get_text() == AUTHOR
    assert doc.select_one(".gcb-bio__role").get_text() == 'Writer & "editor"'
    assert doc.select_one(".gcb-bio__text").get_text().strip() == "A bio & more."


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_pages_listing_the_post_show_its_title_and_summary_exactly(tricky, lang):
    site, _loaded = tricky
    post = page(site, SLUG[lang])
    category, tag = (a["href"].strip("/") for a in post.select(".gcb-article__terms a"))
    author = post.select_one(".gcb-bio__name a")["href"].strip("/")
    lists = [lang, ARCHIVES[lang], category, tag, author]
    for url in lists:
        doc = page(site, url)
        assert links_to(doc, SLUG[lang]) == [TITLE[lang]], url
        item = doc.select_one(f'a[href="/{SLUG[lang]}/"]').find_parent("li")
        assert item.select_one(".gcb-posts__summary").get_text() == DESCRIPTION[lang], url
        assert AUTHOR in item.select_one(".gcb-posts__meta").get_text(), url
    for url, name in ((category, CATEGORY[lang]), (tag, TAG[lang]), (author, AUTHOR)):
        doc = page(site, url)
        assert doc.h1.get_text().endswith(name), url
        assert metas(doc)["dcterms.title"] == metas(doc)["og:title"] == doc.h1.get_text(), url
        assert doc.title.get_text() == f"{doc.h1.get_text()} – {SITENAME[lang]}", url
    assert metas(page(site, author))["description"] == "A bio & more."
    for term, name in ((category, CATEGORY[lang]), (tag, TAG[lang]), (author, AUTHOR)):
        url = term.rsplit("/", 1)[0]  # the index of every term of that kind
        assert name in [a.get_text() for a in page(site, url).select(".gcb-terms a")], url
    # A comment's status is shown on the post itself: no pages under it.
    assert sorted((site / SLUG[lang]).glob("*/index.html")) == []


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_page_and_footer_show_the_page_title_exactly(tricky, lang):
    site, _loaded = tricky
    doc = page(site, PAGE_SLUG[lang])
    assert doc.h1.get_text() == PAGE_TITLE[lang]
    assert metas(doc)["dcterms.title"] == metas(doc)["og:title"] == PAGE_TITLE[lang]
    assert doc.title.get_text() == f"{PAGE_TITLE[lang]} – {SITENAME[lang]}"
    assert PAGE_TITLE[lang] in links_to(page(site, lang), PAGE_SLUG[lang])


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_feeds_carry_the_exact_title(tricky, lang):
    site, _loaded = tricky
    atom = "{http://www.w3.org/2005/Atom}"
    feeds = [site / lang / "feeds/all.atom.xml", *sorted((site / lang / "feeds/categories").glob("*.atom.xml"))]
    titles = []
    for feed in feeds:
        for entry in ET.parse(feed).getroot().iter(f"{atom}entry"):
            titles.append(entry.find(f"{atom}title").text)
    assert titles.count(TITLE[lang]) == 2  # the language's feed and the category's


def test_french_typography_sees_across_inline_markup(tricky):
    site, _loaded = tricky
    body = page(site, SLUG["fr"]).select_one(".gcb-article__body")
    paragraphs = body.find_all("p")
    assert [p.get_text() for p in paragraphs] == [
        f"Important{NBSP}: la suite.",
        f"Voir le portail{NBSP}: il est ouvert.",
        "Attention!",
        f"«{NBSP}Citation{NBSP}» et «{NBSP}deux{NBSP}».",
        f"AB{NBSP}: sigle.",
        "Du code : x; fin.",
    ]
    # The spaces belong to the text around the markup; the marked-up words keep theirs.
    assert paragraphs[0].strong.get_text() == "Important"
    assert paragraphs[1].a.get_text() == "portail"
    assert paragraphs[1].a["href"] == "https://www.canada.ca/fr.html"
    assert paragraphs[2].em.get_text() == "Attention"
    assert [em.get_text() for em in paragraphs[3].find_all("em")] == ["Citation", "deux"]
    # An attribute holding ">" is left as written.
    assert paragraphs[4].abbr["title"] == "Accueil > Blogue : aide"
    assert paragraphs[5].code.get_text() == "code : x"


def test_every_template_comes_from_the_theme(tricky):
    _site, loaded = tricky
    templates = ROOT / "theme" / "templates"
    assert any(name.endswith("article.html") for name in loaded)
    outside = {Path(name).name for name in loaded if not name.startswith(f"{templates}{os.sep}")}
    # Pelican loads period_archives.html in every build but renders it only for
    # year, month and day archives, which pelicanconf.py turns off.
    assert outside <= {"period_archives.html"}
