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
