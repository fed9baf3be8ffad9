"""`make devserver`: an edit rebuilds the site and reloads the open tab, once per
rebuild; the reload script is added as pages are served, never to a file."""

import queue
import re
import subprocess
import sys
import threading
import urllib.request

import pytest
from conftest import ROOT, build_site, copy_content
from pelican import signals
from playwright.sync_api import expect
from preview.server import Builds, WrittenPages

POST = "posts/2020-10-27-digital-nations-summit.en.md"
POST_URL = "en/blog/responsive-and-resilient-service-an-international-approach-to-digital-government/"
SERVER_LINE = re.compile(r"Serving the preview at (http://127\.0\.0\.1:\d+/)")
BUILT = r"Build (\d+): built in"


class ServerOutput:
    """The server's output lines, read as they come."""

    def __init__(self, stream):
        self.lines = queue.Queue()
        threading.Thread(target=lambda: [self.lines.put(line) for line in stream], daemon=True).start()

    def wait_for(self, pattern, timeout=60):
        """The first line from now on that matches `pattern` (a bounded wait)."""
        while True:
            line = self.lines.get(timeout=timeout)
            if match := re.search(pattern, line):
                return match


def start_preview_server(content, conf, work):
    """`make devserver`'s server on `content` with the settings `conf`, its output and cache in `work`."""
    return subprocess.Popen(
        [sys.executable, "-u", "-m", "preview.server", str(content), "-o", str(work / "output"),
         "-s", str(conf), "-p", "0", "--cache-path", str(work / "cache")],
        cwd=ROOT, env={"PYTHONPATH": str(ROOT / "plugins"), "PATH": "/usr/bin:/bin"},
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )


@pytest.fixture
def preview(tmp_path):
    """The preview server as `make devserver` runs it, on a copy of the content; yields (url, content, output)."""
    content = copy_content(tmp_path / "content")
    # A copy of the settings that a test may break; its paths still lead to this project.
    conf = tmp_path / "pelicanconf.py"
    conf.write_text((ROOT / "pelicanconf.py").read_text(encoding="utf-8").replace(
        "HERE = Path(__file__).resolve().parent", f"HERE = Path({str(ROOT)!r})"), encoding="utf-8")
    server = start_preview_server(content, conf, tmp_path)
    try:
        output = ServerOutput(server.stdout)
        yield output.wait_for(SERVER_LINE).group(1), content, output, conf
    finally:
        server.terminate()
        server.wait(timeout=30)


def add_paragraph(content, text):
    post = content / POST
    post.write_text(post.read_text(encoding="utf-8") + f"\n{text}\n", encoding="utf-8")


@pytest.mark.browser
def test_an_edit_reloads_the_open_tabs_once_per_rebuild(preview, browser):
    url, content, output, _conf = preview
    output.wait_for(BUILT)
    # The edited post's tab (reloaded as soon as its page is written), and a
    # page the edit does not change (reloaded once the rebuild is done).
    page, other = browser.new_page(), browser.new_page()
    loads, other_loads = [], []
    page.on("load", lambda: loads.append(page.url))
    other.on("load", lambda: other_loads.append(other.url))
    page.goto(url + POST_URL)
    other.goto(url + "fr/")
    expect(page.locator("h1")).to_contain_text("Responsive and Resilient Service")
    before, other_before = len(loads), len(other_loads)
    for number, text in enumerate(["A first added paragraph.", "A second added paragraph."], start=1):
        with page.expect_navigation(timeout=60_000), other.expect_navigation(timeout=60_000):
            add_paragraph(content, text)
        expect(page.locator("main")).to_contain_text(text)
        output.wait_for(BUILT)
        # One reload per rebuild: a second reload of the same rebuild would show here at the next edit.
        assert (len(loads), len(other_loads)) == (before + number, other_before + number)
    page.close()
    other.close()


def test_a_tab_reloads_as_soon_as_its_page_is_written_and_others_once_the_rebuild_is_done(tmp_path):
    builds = Builds()
    builds.succeeded(builds.start())
    pages = WrittenPages(str(tmp_path), builds)
    try:
        post, home = "en/blog/a-post/index.html", "en/index.html"
        shown = {name: builds.shown(name) for name in (post, home)}
        assert shown == {post: 1, home: 1}
        pages.number = number = builds.start()
        assert builds.wait_past(post, shown[post], 0) is None
        # As Pelican's writer reports it, from either process: through the pipe.
        signals.content_written.send(str(tmp_path / post), context={})
        assert builds.wait_past(post, shown[post], 30) == number  # before the rebuild is done
        assert builds.wait_past(home, shown[home], 0) is None
        builds.succeeded(number)
        assert builds.wait_past(home, shown[home], 0) == number
        # The post's tab reloaded once this rebuild wrote it: not again when it ends.
        assert builds.wait_past(post, builds.shown(post), 0) is None
    finally:
        signals.content_written.disconnect(pages.written)


@pytest.mark.browser
def test_a_failed_rebuild_keeps_the_tab_and_the_fix_reloads_it(preview, browser):
    url, content, output, _conf = preview
    output.wait_for(BUILT)
    page = browser.new_page()
    page.goto(url + POST_URL)
    expect(page.locator("h1")).to_contain_text("Responsive and Resilient Service")
    post = content / POST
    good = post.read_text(encoding="utf-8")
    loads = []
    page.on("load", lambda: loads.append(page.url))
    broken = good.replace("Lang: en\n", "")
    # The broken build sends no reload; the fixed one does, and the page shows the fix.
    post.write_text(broken, encoding="utf-8")
    output.wait_for(r"Build \d+ failed")
    with page.expect_navigation(timeout=60_000):
        post.write_text(good + "\nThe fixed version.\n", encoding="utf-8")
    expect(page.locator("main")).to_contain_text("The fixed version.")
    assert len(loads) == 1
    page.close()


@pytest.mark.browser
def test_settings_that_cannot_be_read_keep_the_preview_running(preview, browser):
    url, content, output, conf = preview
    output.wait_for(BUILT)
    good = conf.read_text(encoding="utf-8")
    conf.write_text(good + "\nthis is not Python\n", encoding="utf-8")
    output.wait_for("The settings could not be read")
    conf.write_text(good, encoding="utf-8")
    output.wait_for(BUILT)
    page = browser.new_page()
    page.goto(url + POST_URL)
    with page.expect_navigation(timeout=60_000):
        add_paragraph(content, "Still previewing.")
    expect(page.locator("main")).to_contain_text("Still previewing.")
    # Nothing it serves is cached: a reload fetches the stylesheet a rebuild changed.
    with urllib.request.urlopen(url + "theme/css/site.css") as response:
        assert response.headers["Cache-Control"] == "no-store"
    page.close()


def test_no_built_or_published_page_carries_the_reload_script(tmp_path):
    preview = build_site(tmp_path / "preview")
    published = build_site(tmp_path / "published", conf="publishconf.py", SITEURL="https://blog.example.gc.ca",
                           COMMENTS_ENDPOINT="https://comments.example.gc.ca/v3/entry")
    pages = [*preview.rglob("*.html"), *published.rglob("*.html")]
    assert len(pages) > 20
    assert [page for page in pages if "__preview" in page.read_text(encoding="utf-8")] == []
