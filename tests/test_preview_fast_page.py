"""`make devserver`'s fast path: an edit to the body of one post known from the
last rebuild writes that post's page first, from the last rebuild's objects,
before the whole site is rebuilt; anything it cannot be sure of (a changed
header, a new file, a template, the other language's file) is left to the
rebuild. The page the rebuild leaves is a cold build's, and the open tab
reloads once per edit."""

import re
import shutil

import pytest
from conftest import ROOT, build_site
from playwright.sync_api import expect
from preview.early_page import edited_files
from preview.server import Builds
from preview.tabs import Tabs
from test_preview import (  # noqa: F401 (the fixture)
    BUILT,
    POST,
    POST_URL,
    ServerOutput,
    add_paragraph,
    preview,
    start_preview_server,
)

EARLY = r"Build \d+: edited page written in"
FRENCH_POST = "posts/2020-10-27-digital-nations-summit.fr.md"


def lines_until(output, pattern, timeout=60):
    """The server's lines up to and including the next one matching `pattern`."""
    seen = []
    while True:
        line = output.lines.get(timeout=timeout)
        seen.append(line)
        if re.search(pattern, line):
            return seen


def early_pages(lines):
    return [line for line in lines if re.search(EARLY, line)]


def html_files(site):
    """{relative name: bytes} of every HTML page but the search index's."""
    pages = {
        path.relative_to(site).as_posix(): path.read_bytes()
        for path in site.rglob("*.html") if "pagefind" not in path.parts
    }
    assert len(pages) > 20
    return pages


@pytest.mark.browser
def test_an_edit_writes_its_page_before_the_rebuild_and_the_rebuild_leaves_a_cold_builds_site(
    preview, browser, tmp_path  # noqa: F811 (the fixture)
):
    url, content, output, _conf = preview
    output.wait_for(BUILT)
    for page_url, source in ((POST_URL, POST), ("en/rules-of-engagement/", "pages/rules-of-engagement.en.md")):
        page = browser.new_page()
        loads = []
        page.on("load", lambda page=page, loads=loads: loads.append(page.url))
        page.goto(url + page_url)
        before = len(loads)
        for number in (1, 2):
            text = f"A quick paragraph, number {number}."
            with page.expect_navigation(timeout=60_000):
                path = content / source
                path.write_text(path.read_text(encoding="utf-8") + f"\n{text}\n", encoding="utf-8")
            # The page is written (and the tab reloaded) before the rebuild ends.
            lines = lines_until(output, EARLY)
            assert not [line for line in lines if re.search(BUILT, line)]
            assert len(early_pages(lines)) == 1
            expect(page.locator("main")).to_contain_text(text)
            lines_until(output, BUILT)
            # The rebuild wrote the same page again: no second reload for it
            # (one after the first edit would show here at the second).
            assert len(loads) == before + number
        page.close()
    cold = build_site(tmp_path / "cold", content=content)
    assert html_files(tmp_path / "output") == html_files(cold)


@pytest.mark.browser
def test_a_title_change_is_left_to_the_rebuild(preview, browser):  # noqa: F811 (the fixture)
    url, content, output, _conf = preview
    output.wait_for(BUILT)
    post = content / POST
    # A new title is a new slug, a new URL and new neighbours' links: the whole rebuild's work.
    post.write_text(post.read_text(encoding="utf-8").replace(
        "Title: Responsive and Resilient Service", "Title: Resilient Service", 1), encoding="utf-8")
    lines = lines_until(output, BUILT)
    assert early_pages(lines) == []
    page = browser.new_page()
    page.goto(url + "en/blog/resilient-service-an-international-approach-to-digital-government/")
    expect(page.locator("h1")).to_contain_text("Resilient Service")
    page.close()


def test_a_new_file_the_other_languages_file_and_a_template_are_left_to_the_rebuild(tmp_path):
    theme = shutil.copytree(ROOT / "theme", tmp_path / "theme")
    conf = tmp_path / "theme-conf.py"
    conf.write_text(
        (ROOT / "pelicanconf.py").read_text(encoding="utf-8").replace(
            "HERE = Path(__file__).resolve().parent", f"HERE = Path({str(ROOT)!r})")
        + f"\nTHEME = {str(theme)!r}\n", encoding="utf-8")
    content = shutil.copytree(ROOT / "content", tmp_path / "content")
    server = start_preview_server(content, conf, tmp_path)
    try:
        output = ServerOutput(server.stdout)
        output.wait_for(BUILT)
        # A plain edit takes the fast path: what follows would too, were it not for what each changes.
        add_paragraph(content, "A plain edit.")
        assert len(early_pages(lines_until(output, BUILT))) == 1
        # A page's body too (the menu marks the page it is on: the early page does as well).
        rules = content / "pages/rules-of-engagement.en.md"
        rules.write_text(rules.read_text(encoding="utf-8") + "\nA plain edit.\n", encoding="utf-8")
        assert len(early_pages(lines_until(output, BUILT))) == 1
        english = (content / POST).read_text(encoding="utf-8")
        (content / "posts/2020-11-01-a-new-post.en.md").write_text(
            english.replace("Translation-Key: ", "Translation-Key: new-").replace("Title: ", "Title: New ", 1)
            + "\nSingle-Language: yes\n", encoding="utf-8")
        assert early_pages(lines_until(output, r"Build \d+(: built in| failed)")) == []
        french = content / FRENCH_POST
        french.write_text(french.read_text(encoding="utf-8") + "\nUn paragraphe ajouté.\n", encoding="utf-8")
        assert early_pages(lines_until(output, BUILT)) == []
        written = [page for page in (tmp_path / "output/fr/blogue").glob("*/index.html")
                   if "Un paragraphe ajouté." in page.read_text(encoding="utf-8")]
        assert len(written) == 1
        template = theme / "templates/article.html"
        template.write_text(template.read_text(encoding="utf-8") + "\n{# edited #}\n", encoding="utf-8")
        assert early_pages(lines_until(output, BUILT)) == []
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_a_tab_that_saw_the_early_page_does_not_reload_when_the_rebuild_writes_the_same_bytes():
    builds = Builds()
    builds.succeeded(builds.start())
    post, home = "en/blog/a-post/index.html", "en/index.html"
    early = builds.start()
    builds.page_written(early, post)
    assert builds.wait_past(post, 1, 0) == early  # the edited post's tab reloads at once
    rebuild = builds.start()
    builds.same_page(post, early, rebuild)
    builds.succeeded(rebuild)
    assert builds.wait_past(post, early, 0) is None  # the tab that reloaded early: not again
    assert builds.wait_past(home, 1, 0) == rebuild  # the others once the rebuild is done
    # Another rebuild that writes it: it reloads again.
    later = builds.start()
    builds.page_written(later, post)
    assert builds.wait_past(post, early, 0) == later


def test_a_tab_reloads_again_when_the_rebuild_writes_other_bytes_than_the_early_page():
    builds = Builds()
    builds.succeeded(builds.start())
    post = "en/blog/a-post/index.html"
    early = builds.start()
    builds.page_written(early, post)
    rebuild = builds.start()
    builds.page_written(rebuild, post)
    assert builds.wait_past(post, early, 0) == rebuild


def test_an_editors_backup_and_probe_files_do_not_hide_the_one_edited_file(tmp_path):
    post = tmp_path / "post.en.md"
    post.write_text("Title: A post\n", encoding="utf-8")
    # vim's, saving post.en.md: made and deleted by the time the watcher reports them.
    gone = [str(tmp_path / "post.en.md~"), str(tmp_path / "4913")]
    assert edited_files({str(post), *gone}, {"md", "html"}) == [str(post)]
    # A post deleted, or a second file edited: not one edit.
    assert len(edited_files({str(post), str(tmp_path / "other.en.md")}, {"md"})) == 2
    other = tmp_path / "notes.txt"
    other.write_text("a static file", encoding="utf-8")
    assert len(edited_files({str(post), str(other)}, {"md"})) == 2


def test_the_rebuild_after_an_early_page_waits_for_a_tab_showing_it_only():
    tabs = Tabs()
    name = "en/blog/a-post/index.html"
    tabs.wait_for_reload(name, 2, timeout=60)  # no tab shows it: at once
    tabs.listen(name, 1)
    tabs.page_loaded(name, 2)
    tabs.wait_for_reload(name, 2, timeout=60)  # loaded as of this rebuild: at once
    # Not loaded as of rebuild 3 yet: the wait is bounded (it returns).
    tabs.wait_for_reload(name, 3, timeout=0)
    assert tabs.loaded[name] == 2
