"""axe-core (WCAG 2.1 A and AA) on every kind of page, both languages, 320 and 1280 px: the
GC Design System header, menu, breadcrumbs, page details and footer included."""

import pytest
from conftest import ROOT

pytestmark = pytest.mark.browser

AXE = ROOT / "node_modules/axe-core/axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PAGES = {
    "en": [
        "en/", "en/blog/", "en/blog/responsive-and-resilient-service-an-international-approach-to-digital-government/",
        "en/rules-of-engagement/", "en/authors/", "en/authors/mark-levene/", "en/categories/",
        "en/categories/digital-government/", "en/tags/", "en/tags/digital-nations/",
        # The post with its "not sent" status block shown (CSS :target).
        "en/blog/responsive-and-resilient-service-an-international-approach-to-digital-government/#comment-not-sent-too-long",
    ],
    "fr": [
        "fr/", "fr/blogue/", "fr/blogue/un-service-reactif-et-resilient-une-approche-internationale-du-gouvernement-numerique/",
        "fr/regles-dengagement/", "fr/auteurs/", "fr/auteurs/mark-levene/", "fr/categories/",
        "fr/categories/gouvernement-numerique/", "fr/mots-cles/", "fr/mots-cles/nations-numeriques/",
        "fr/blogue/un-service-reactif-et-resilient-une-approche-internationale-du-gouvernement-numerique/#commentaire-recu",
    ],
    "root": ["", "404.html"],
}


@pytest.fixture(scope="module", params=[320, 1280], ids=lambda width: f"{width}px")
def axe_page(request, browser):
    context = browser.new_context(viewport={"width": request.param, "height": 800})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def axe_violations(page, url):
    page.goto(url)
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})", TAGS
    )
    return [
        f"{v['id']}: {v['help']} ({', '.join(n['target'][0] for n in v['nodes'][:3])})"
        for v in result["violations"]
    ]


@pytest.mark.parametrize("path", [p for paths in PAGES.values() for p in paths])
def test_page_has_no_axe_violations(axe_page, served_site, site, path):
    file = path.split("#", 1)[0]
    assert (site / file / "index.html").exists() or (site / file).is_file(), path
    assert axe_violations(axe_page, f"{served_site}/{path}") == []


def test_the_axe_harness_reports_a_page_with_known_faults(axe_page, served_site, tmp_path_factory):
    """Guards against a silent harness: a page missing lang and alt text must fail."""
    axe_page.goto(f"{served_site}/")
    axe_page.set_content("<!DOCTYPE html><html><head><title>x</title></head><body><img src='a.png'></body></html>")
    axe_page.add_script_tag(path=str(AXE))
    result = axe_page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", TAGS)
    assert {"html-has-lang", "image-alt"} <= {v["id"] for v in result["violations"]}
