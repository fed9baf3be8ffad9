"""Exact French and exact HTML: a post, a page, an author and terms whose names
hold quotes, "<", "&" and French punctuation next to inline markup, built into
a real site and read back from every kind of page and feed."""

import json
import os

import jinja2
import pytest
from conftest import build_site, copy_content, soup

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
PAGE_TITLE = {"en": 'Help & "FAQ" <page>', "fr": f'Aide & "FAQ"{NBSP}: <page>'}
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
    for lang, source in (("en", 'Help & "FAQ" <page>'), ("fr", 'Aide & "FAQ" : <page>')):
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
