"""Canada.ca page furniture on the GC Design System, in both languages: signature,
language toggle, search, menu, breadcrumbs, page details, footer and wordmark;
how pages look in Chromium (toggle, fonts, focus, line length, long words, print)."""

import re
import threading
from functools import partial
from http.server import ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest
from conftest import CHROMIUM, LANGS, QuietHandler, build_site, copy_content, language_pages, page_for_url, soup
from page_budget import LIGHTHOUSE_PAGES, lighthouse_scores

CANADA = {"en": "https://www.canada.ca/en.html", "fr": "https://www.canada.ca/fr.html"}
SIGNATURE_ALT = {"en": "Government of Canada", "fr": "Gouvernement du Canada"}
WORDMARK_ALT = {"en": "Symbol of the Government of Canada", "fr": "Symbole du gouvernement du Canada"}
MENU = {
    "en": ["Blog", "Topics", "Tags", "Authors", "Rules of Engagement"],
    "fr": ["Blogue", "Sujets", "Mots-clés", "Auteurs et autrices", "Règles d’engagement"],
}
POST = {
    "en": "en/blog/responsive-and-resilient-service-an-international-approach-to-digital-government/",
    "fr": "fr/blogue/un-service-reactif-et-resilient-une-approche-internationale-du-gouvernement-numerique/",
}


@pytest.mark.parametrize("lang", LANGS)
def test_header_signature_links_to_canada_ca_in_the_page_language(site, lang):
    for page in language_pages(site, lang):
        link = soup(page).select_one("header .gcb-header__signature a")
        assert link["href"] == CANADA[lang], page
        img = link.img
        assert img["alt"] == SIGNATURE_ALT[lang]
        assert img["src"] == f"/theme/gcds/sig-blk-{lang}.svg"
        assert (site / img["src"].lstrip("/")).is_file()


@pytest.mark.parametrize("lang", LANGS)
def test_menu_lists_the_blog_sections_and_marks_the_current_one(site, lang):
    for page in language_pages(site, lang):
        menu = soup(page).select_one("header nav.gcb-menu")
        links = menu.select(".gcb-menu__list a")
        assert [a.get_text(strip=True) for a in links] == MENU[lang], page
        assert all(page_for_url(site, a["href"]) for a in links), page
    blog = soup(site / lang / ("blog" if lang == "en" else "blogue") / "index.html")
    current = blog.select("header nav.gcb-menu [aria-current=page]")
    assert [a.get_text(strip=True) for a in current] == [MENU[lang][0]]


@pytest.mark.parametrize("lang", LANGS)
def test_breadcrumbs_start_at_canada_ca_then_the_blog(site, lang):
    for page in language_pages(site, lang):
        crumbs = soup(page).select("nav.gcb-breadcrumbs > ol > li > a")
        assert crumbs[0]["href"] == CANADA[lang], page
        assert crumbs[0].get_text() == "Canada.ca"
        assert page_for_url(site, crumbs[1]["href"]) == site / lang / "index.html"


SEARCH_PAGE = {"en": "en/search/index.html", "fr": "fr/recherche/index.html"}
SEARCH_LABEL = {
    "en": ("Search Digital Government Blog", "Search", "Search this blog"),
    "fr": ("Rechercher dans le Blogue du gouvernement numérique", "Rechercher", "Rechercher dans ce blogue"),
}


@pytest.mark.parametrize("lang", LANGS)
def test_every_header_searches_its_own_language(site, lang):
    for page in language_pages(site, lang):
        form = soup(page).select_one("header form[role=search]")
        assert form["method"] == "get", page
        assert page_for_url(site, form["action"]) == site / SEARCH_PAGE[lang], page
        field = form.select_one("input[type=search][name=q]")
        label, button, placeholder = SEARCH_LABEL[lang]
        assert form.select_one(f"label[for={field['id']}]").get_text() == label, page
        # Short enough to show whole in the field at 1280 px (the label names the site).
        assert field["placeholder"] == placeholder, page
        assert form.select_one("button[type=submit]").get_text(strip=True) == button, page


@pytest.mark.parametrize("lang", LANGS)
def test_footer_has_the_site_links_and_the_wordmark_image_without_a_stray_colon(site, lang):
    for page in language_pages(site, lang):
        footer = soup(page).select_one("footer")
        assert footer.select(".gcb-footer__main nav a"), page
        img = footer.select_one(".gcb-footer__sub .gcb-footer__wordmark img")
        assert img["alt"] == WORDMARK_ALT[lang]
        assert (site / img["src"].lstrip("/")).is_file()
        assert not re.search(r"\s:|Canada\s*:", footer.get_text(" ", strip=True)), page


@pytest.mark.parametrize("lang", LANGS)
def test_page_details_offer_report_and_plain_share_links(site, lang):
    doc = soup(site / POST[lang] / "index.html")
    details = doc.select_one("main .gcb-details")
    report = urlsplit(details.select_one(".gcb-details__report a")["href"])
    assert report.scheme == "mailto"
    query = parse_qs(report.query)
    assert doc.h1.get_text() in query["subject"][0]
    assert query["body"][0].endswith("/" + POST[lang])
    share = details.select(".gcb-details__share a")
    assert len(share) == 5
    assert all(a["href"].startswith(("mailto:", "https://")) for a in share)
    # No third-party script: the only script on a post is its JSON-LD.
    assert [s.get("type") for s in doc.select("script")] == ["application/ld+json"]


def test_report_a_problem_goes_to_the_configured_address(tmp_path):
    site = build_site(tmp_path / "output", REPORT_PROBLEM_URL="https://forms.example.gc.ca/report")
    link = soup(site / "en/index.html").select_one(".gcb-details__report a")
    assert link["href"] == "https://forms.example.gc.ca/report"


@pytest.mark.parametrize("page", ["index.html", "404.html"])
def test_language_selection_and_404_carry_the_signature_and_wordmark_in_both_languages(site, page):
    doc = soup(site / page)
    signature = doc.select_one(".gcb-splash__signature img")
    assert signature["alt"] == f"{SIGNATURE_ALT['en']} / {SIGNATURE_ALT['fr']}"
    assert (site / signature["src"].lstrip("/")).is_file()
    wordmark = doc.select_one(".gcb-splash__wordmark img")
    assert wordmark["alt"] == f"{WORDMARK_ALT['en']} / {WORDMARK_ALT['fr']}"
    alternates = {link["hreflang"]: link["href"] for link in doc.select('link[rel=alternate][hreflang]')}
    assert alternates == {"en": "/en/", "fr": "/fr/", "x-default": "/"}


# In Chromium.
in_chromium = pytest.mark.browser


@pytest.fixture
def open_page(browser, served_site):
    contexts = []

    def open_(path, width=1280, media=None):
        context = browser.new_context(viewport={"width": width, "height": 900})
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        if media:
            page.emulate_media(media=media)
        page.goto(f"{served_site}/{path}")
        return page

    yield open_
    for context in contexts:
        context.close()


@in_chromium
@pytest.mark.parametrize("path", ["en/", "fr/", POST["fr"], "fr/regles-dengagement/"])
def test_language_toggle_stays_top_right_at_320px(open_page, path):
    page = open_page(path, width=320)
    toggle = page.locator("section.gcb-lang a").bounding_box()
    signature = page.locator(".gcb-header__signature img").bounding_box()
    assert toggle["x"] + toggle["width"] <= 320 and toggle["x"] + toggle["width"] >= 320 - 24, toggle
    assert toggle["y"] < 40 and abs((toggle["y"] + toggle["height"] / 2) - (signature["y"] + signature["height"] / 2)) < 16
    assert signature["x"] + signature["width"] < toggle["x"]


@in_chromium
@pytest.mark.parametrize("lang", LANGS)
def test_text_is_set_in_the_gcds_fonts_at_the_gcds_sizes(open_page, lang):
    page = open_page(POST[lang])
    page.evaluate("document.fonts.ready")
    assert page.evaluate("document.fonts.check('700 41px Lato')")
    assert page.evaluate("document.fonts.check('400 20px \"Noto Sans\"')")
    loaded = page.evaluate("[...document.fonts].filter(f => f.status === 'loaded').map(f => f.family + ' ' + f.weight)")
    assert {"Lato 700", "Noto Sans 400"} <= {name.replace('"', "") for name in loaded}
    body = page.evaluate("getComputedStyle(document.querySelector('.gcb-article__body p'))")
    assert body["fontSize"] == "20px" and body["fontFamily"].startswith('"Noto Sans"')
    assert page.evaluate("getComputedStyle(document.querySelector('h1')).fontFamily").startswith("Lato")


@in_chromium
@pytest.mark.parametrize("lang", LANGS)
def test_main_column_is_centred_in_the_gcds_container(open_page, lang):
    page = open_page(POST[lang], width=1920)
    main = page.locator("main").bounding_box()
    header = page.locator(".gcb-header__brand-inner").bounding_box()
    assert abs(main["x"] - (1920 - main["x"] - main["width"])) <= 1
    assert main["x"] == header["x"] and main["width"] == header["width"] == 1140


LINE_LENGTHS = """() => {
  const longest = [];
  for (const p of document.querySelectorAll('.gcb-article__body p')) {
    const lines = new Map();
    const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
    const range = document.createRange();
    while (walker.nextNode()) {
      const node = walker.currentNode;
      for (let i = 0; i < node.length; i++) {
        range.setStart(node, i); range.setEnd(node, i + 1);
        const rect = range.getClientRects()[0];
        if (rect) { const top = Math.round(rect.top); lines.set(top, (lines.get(top) || 0) + 1); }
      }
    }
    longest.push(Math.max(...lines.values()));
  }
  return longest;
}"""


@in_chromium
@pytest.mark.parametrize("lang", LANGS)
def test_running_text_lines_hold_at_most_75_characters_at_1280px(open_page, lang):
    page = open_page(POST[lang])
    page.evaluate("document.fonts.ready")
    longest = page.evaluate(LINE_LENGTHS)
    assert len(longest) >= 5
    assert max(longest) <= 75, longest
    assert max(longest) >= 55, longest  # and still a full measure, not a narrow strip


def relative_luminance(rgb):
    def channel(value):
        value /= 255
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a, b):
    la, lb = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


FOCUS_COLOURS = """el => {
  const rgb = value => (value.match(/\\d+(\\.\\d+)?/g) || []).slice(0, 3).map(Number);
  let parent = el.parentElement, background = 'rgb(255, 255, 255)';
  while (parent) {
    const bg = getComputedStyle(parent).backgroundColor;
    if (bg && bg !== 'rgba(0, 0, 0, 0)' && bg !== 'transparent') { background = bg; break; }
    parent = parent.parentElement;
  }
  const style = getComputedStyle(el);
  return {outline: rgb(style.outlineColor), style: style.outlineStyle, width: parseFloat(style.outlineWidth),
          background: rgb(background), text: el.textContent.trim()};
}"""


@in_chromium
@pytest.mark.parametrize("path", ["en/", POST["fr"]])
def test_every_link_and_control_shows_a_focus_outline_of_3_to_1_on_its_background(open_page, path):
    page = open_page(path)
    checked = 0
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement === document.body"):
            break
        focus = page.evaluate_handle("document.activeElement").evaluate(FOCUS_COLOURS)
        assert focus["style"] != "none" and focus["width"] >= 2, focus
        assert contrast(focus["outline"], focus["background"]) >= 3, focus
        checked += 1
    assert checked >= 15


@in_chromium
@pytest.mark.parametrize(
    ("path", "selector", "same"),
    [
        ("en/", 'footer .gcb-footer__main a[href$="/blog/"]', True),
        ("fr/", "header .gcb-menu__list a", True),
        ("", ".gcb-splash .gcb-button", True),
        # The harness can tell: in the text, a visited link is another colour.
        (POST["en"], ".gcb-article__terms a", False),
    ],
)
def test_visited_links_look_the_same_as_others_in_the_page_furniture(browser, served_site, tmp_path, path, selector, same):
    # Only a profile on disk keeps the history :visited reads (a new context is incognito).
    context = browser.browser_type.launch_persistent_context(
        tmp_path / "profile", executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"],
        viewport={"width": 1280, "height": 900},
    )
    try:
        page = context.pages[0] if context.pages else context.new_page()
        page.goto(f"{served_site}/{path}")
        link = page.locator(selector).first
        before, href = link.screenshot(animations="disabled"), link.get_attribute("href")
        link.click()
        page.wait_for_url(f"{served_site}{href}")
        page.go_back()
        page.mouse.move(0, 0)
        after = page.locator(selector).first.screenshot(animations="disabled")
    finally:
        context.close()
    assert (before == after) is same


@pytest.fixture(scope="module")
def long_words_site(tmp_path_factory):
    content = copy_content(tmp_path_factory.mktemp("long") / "content")
    url = "https://www.example.gc.ca/" + "/".join(["a-very-long-path-segment-without-spaces"] * 8)
    word = "Donaudampfschifffahrtsgesellschaftskapitänskajütenschlüsselanhänger" * 2
    for lang in LANGS:
        (content / "posts" / f"2021-01-01-long.{lang}.md").write_text(
            f"Title: Long {word}\nDate: 2021-01-01\nAuthor: Mark Levene\nLang: {lang}\nTranslation-Key: long\n"
            f"Category: Digital government\nSingle-Language: no\n\nSee {url} and <{url}> and {word}.\n",
            encoding="utf-8",
        )
    return build_site(tmp_path_factory.mktemp("long") / "output", content)


@in_chromium
@pytest.mark.parametrize("lang", LANGS)
def test_long_urls_and_words_wrap_at_320px(browser, long_words_site, lang):
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(QuietHandler, directory=str(long_words_site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        context = browser.new_context(viewport={"width": 320, "height": 800})
        page = context.new_page()
        posts = sorted((long_words_site / lang).glob("*/long*/index.html"))
        assert len(posts) == 1
        page.goto(f"http://127.0.0.1:{server.server_address[1]}/{posts[0].parent.relative_to(long_words_site).as_posix()}/")
        assert page.evaluate("document.documentElement.scrollWidth") <= 320
        context.close()
    finally:
        server.shutdown()
        server.server_close()


@in_chromium
def test_print_leaves_out_the_form_and_menu_and_keeps_the_wordmark_and_link_targets(open_page):
    page = open_page(POST["en"], media="print")
    for hidden in (".gcb-form", ".gcb-menu", ".gcb-search, .gcb-lang", ".gcb-details__share"):
        assert not page.locator(hidden).first.is_visible(), hidden
    assert page.locator(".gcb-footer__wordmark img").is_visible()
    after = page.evaluate("getComputedStyle(document.querySelector('.gcb-article__terms a'), '::after').content")
    assert after == '" (/en/categories/digital-government/)"', after
    assert page.evaluate("getComputedStyle(document.querySelector('.gcb-menu a'), '::after').content") == "none"


@in_chromium
@pytest.mark.parametrize("path", LIGHTHOUSE_PAGES)
def test_lighthouse_accessibility_scores_100(served_site, path):
    assert lighthouse_scores(f"{served_site}/{path}", ["accessibility"]) == {"accessibility": 100}
