"""Builds real sites into temporary folders and reads them back."""

import shutil
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from pelican import Pelican
from pelican.settings import read_settings

ROOT = Path(__file__).resolve().parent.parent
LANGS = ("en", "fr")
CHROMIUM = "/usr/bin/chromium"


def build_site(output, content=ROOT / "content", conf="pelicanconf.py", **overrides):
    """Run a full Pelican build of `content` into `output`; return the output path."""
    output = Path(output)
    settings = read_settings(
        str(ROOT / conf),
        override={
            "PATH": str(content),
            "OUTPUT_PATH": str(output),
            "CACHE_PATH": str(output.parent / f"{output.name}-cache"),
            "I18N_GETTEXT_LOCALEDIR": str(output.parent / f"{output.name}-locale"),
            "CACHE_CONTENT": False,
            **overrides,
        },
    )
    Pelican(settings).run()
    return output


def copy_content(target):
    """A writable copy of the real content, for tests that add faulty files."""
    return Path(shutil.copytree(ROOT / "content", target))


def soup(path):
    return BeautifulSoup(Path(path).read_text(encoding="utf-8"), "html.parser")


def html_pages(site):
    return sorted(Path(site).rglob("*.html"))


# The HTML pages each language site writes from the real content: its home, all posts,
# the post, the rules page, the author list and page,
# the category list and page, the tag list and three tags.
PAGES_PER_LANGUAGE = 12


def language_pages(site, lang):
    """Every HTML page of one language site built from the real content; fails if
    there are fewer than it writes, so a test looping over them always checks them."""
    pages = html_pages(Path(site) / lang)
    assert len(pages) >= PAGES_PER_LANGUAGE, f"{lang}: {len(pages)} pages, {PAGES_PER_LANGUAGE} expected"
    return pages


def page_for_url(site, url):
    """The file a root-relative or absolute site URL is served from, or None."""
    path = url.split("://", 1)[-1]
    path = "/" + path.split("/", 1)[1] if "://" in url else path
    target = Path(site) / path.lstrip("/")
    if url.endswith("/") or target.is_dir():
        target = target / "index.html"
    return target if target.is_file() else None


@pytest.fixture(scope="session")
def site(tmp_path_factory):
    """The real site, as `make html` builds it."""
    return build_site(tmp_path_factory.mktemp("site") / "output")


@pytest.fixture(scope="session")
def published_site(tmp_path_factory):
    """The real site as `make publish` builds it, with an absolute SITEURL."""
    return build_site(
        tmp_path_factory.mktemp("published") / "output",
        conf="publishconf.py",
        SITEURL="https://blog.example.gc.ca",
        COMMENTS_ENDPOINT="https://comments.example.gc.ca/v3/entry",
    )


@pytest.fixture(scope="session")
def post_pages(site):
    """{lang: path} of the summit post in each language."""
    return {
        "en": site / "en/blog/responsive-and-resilient-service-an-international-approach-to-digital-government/index.html",
        "fr": site / "fr/blogue/un-service-reactif-et-resilient-une-approche-internationale-du-gouvernement-numerique/index.html",
    }


@pytest.fixture(scope="session")
def served_site(site):
    """The built site on a real HTTP server on 127.0.0.1; yields its base URL."""
    handler = partial(QuietHandler, directory=str(site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def browser():
    """Debian's headless Chromium driven by Playwright; never a downloaded browser."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield chromium
        chromium.close()


@pytest.fixture
def no_js_page(browser):
    """A tab with JavaScript off: what a reader without scripts gets (forms, :target)."""
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()
