"""A reader in a real headless Chromium: choose a language, switch, switch back."""

import pytest

pytestmark = pytest.mark.browser


@pytest.fixture
def page(browser):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 320, "height": 640})
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def test_reader_goes_from_language_selection_to_french_post_and_back(page, served_site):
    page.goto(f"{served_site}/")
    page.get_by_role("link", name="Français").click()
    page.wait_for_url(f"{served_site}/fr/")
    assert page.locator("html").get_attribute("lang") == "fr"
    page.get_by_role("link", name="Un service réactif et résilient").first.click()
    assert "/fr/blogue/un-service-reactif-et-resilient" in page.url
    french_post = page.url
    page.get_by_role("link", name="English", exact=True).click()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").inner_text().startswith("Responsive and Resilient Service")
    page.get_by_role("link", name="Français", exact=True).click()
    assert page.url == french_post


def test_skip_link_is_the_first_thing_keyboard_users_reach(page, served_site):
    page.goto(f"{served_site}/en/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Skip to main content"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main-content"


@pytest.mark.parametrize("width", [320, 640])
@pytest.mark.parametrize("path", ["en/", "fr/blogue/", "en/rules-of-engagement/", "fr/auteurs/mark-levene/", ""])
def test_pages_reflow_without_horizontal_scrolling(browser, served_site, width, path, post_pages, site):
    """320 px is a small phone; 640 px is a 1280 px window at 200% zoom."""
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    for url in (f"{served_site}/{path}", f"{served_site}/{post_pages['fr'].parent.relative_to(site).as_posix()}/"):
        page.goto(url)
        assert page.evaluate("document.documentElement.scrollWidth") <= width, url
    context.close()


def test_focused_links_show_a_visible_outline(page, served_site):
    page.goto(f"{served_site}/en/")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("", "none")


def test_print_stylesheet_hides_navigation(page, served_site):
    page.emulate_media(media="print")
    page.goto(f"{served_site}/en/")
    assert not page.locator("section.gcb-lang").is_visible()
    assert page.locator("main h1").is_visible()


def test_article_pages_stay_within_the_weight_budget_and_on_this_origin(site, browser):
    from page_budget import FIRST_VIEW_BUDGET, HTML_CSS_BUDGET, measure_site

    results = measure_site(site, browser)
    assert len(results) == 2
    for path, weight in results.items():
        assert 0 < weight.html_css <= HTML_CSS_BUDGET, (path, weight)
        # Fonts and images are in the first view: it weighs more than the HTML and CSS.
        assert weight.html_css < weight.first_view <= FIRST_VIEW_BUDGET, (path, weight)
        assert weight.foreign == [], path
