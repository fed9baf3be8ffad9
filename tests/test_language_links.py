"""Language toggle, hreflang and <html lang> on every page of both languages."""

import pytest
from conftest import LANGS, ROOT, html_pages, language_pages, page_for_url, soup


def page_lang(site, page):
    """The language a page belongs to, from where it lives in the output tree."""
    first = page.relative_to(site).parts[0]
    return first if first in LANGS else None


def toggle_link(page):
    return soup(page).select_one("section.gcb-lang a[hreflang]")


def test_every_language_page_has_the_right_html_lang(site):
    pages = [p for p in html_pages(site) if page_lang(site, p)]
    assert len(pages) > 20
    for page in pages:
        assert soup(page).html["lang"] == page_lang(site, page), page


@pytest.mark.parametrize("lang", LANGS)
def test_every_toggle_points_to_an_existing_page_in_the_other_language(site, lang):
    other = next(code for code in LANGS if code != lang)
    for page in language_pages(site, lang):
        link = toggle_link(page)
        assert link is not None, f"{page} has no language toggle"
        assert link["lang"] == link["hreflang"] == other
        assert link.get_text(strip=True) == {"en": "English", "fr": "Français"}[other]
        target = page_for_url(site, link["href"])
        assert target is not None, f"{page}: toggle {link['href']} has no file"
        assert page_lang(site, target) == other


@pytest.mark.parametrize("lang", LANGS)
def test_toggling_twice_returns_to_the_same_page(site, lang):
    for page in language_pages(site, lang):
        there = page_for_url(site, toggle_link(page)["href"])
        back = page_for_url(site, toggle_link(there)["href"])
        assert back == page, f"{page} -> {there} -> {back}"


def test_toggle_on_english_post_points_to_french_post(site, post_pages):
    assert page_for_url(site, toggle_link(post_pages["en"])["href"]) == post_pages["fr"]


@pytest.mark.parametrize("lang", LANGS)
def test_hreflang_links_are_reciprocal_and_include_the_page_itself(site, lang):
    for page in language_pages(site, lang):
        alternates = {
            link["hreflang"]: link["href"]
            for link in soup(page).select('link[rel="alternate"][hreflang]')
        }
        assert set(alternates) == {"en", "fr", "x-default"}, page
        assert page_for_url(site, alternates[lang]) == page
        for code in LANGS:
            other_page = page_for_url(site, alternates[code])
            assert other_page is not None, f"{page}: hreflang {code} has no file"
            back = {
                link["hreflang"]: link["href"]
                for link in soup(other_page).select('link[rel="alternate"][hreflang]')
            }
            assert back == alternates, f"{page} and {other_page} disagree"


def test_hreflang_urls_are_absolute_under_publish(published_site, post_pages, site):
    post = published_site / post_pages["fr"].relative_to(site)
    hrefs = [link["href"] for link in soup(post).select('link[rel="alternate"][hreflang]')]
    assert len(hrefs) == 3
    assert all(href.startswith("https://blog.example.gc.ca/") for href in hrefs), hrefs


def test_language_selection_page_links_to_both_homes_each_part_in_its_language(site):
    page = soup(site / "index.html")
    sections = page.select("section[lang]")
    assert [s["lang"] for s in sections] == ["en", "fr"]
    links = {s["lang"]: s.select_one("a[hreflang]") for s in sections}
    assert links["en"]["href"] == "/en/" and links["en"].get_text(strip=True) == "English"
    assert links["fr"]["href"] == "/fr/" and links["fr"].get_text(strip=True) == "Français"
    assert page.select_one(".gcb-splash__signature img")["alt"] == "Government of Canada / Gouvernement du Canada"


def test_posts_are_paired_by_translation_key_not_by_slug(post_pages):
    en_slug = post_pages["en"].parent.name
    fr_slug = post_pages["fr"].parent.name
    assert en_slug != fr_slug
    assert fr_slug.startswith("un-service-reactif-et-resilient")


def test_category_page_toggles_to_its_translated_category(site):
    toggle = toggle_link(site / "fr/categories/gouvernement-numerique/index.html")
    assert toggle["href"] == "/en/categories/digital-government/"


def test_static_theme_files_exist_once_in_the_output(site):
    stylesheets = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.css"))
    # Each of the theme's stylesheets once, under /theme/, never in a language's folder.
    theme = sorted(f"theme/css/{p.name}" for p in (ROOT / "theme/static/css").glob("*.css"))
    assert "theme/css/site.css" in theme
    assert stylesheets == [*theme, "theme/gcds/gcds.css"]
    for lang in LANGS:
        hrefs = [link["href"] for link in soup(site / lang / "index.html").select('link[rel="stylesheet"]')]
        assert [page_for_url(site, href) for href in hrefs] == [site / "theme/gcds/gcds.css", site / "theme/css/site.css"]
