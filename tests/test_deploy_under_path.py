"""A site published under a path of a larger site (SITEURL=https://HOST/blog).

The output is served as a host would: mounted under /blog/ on a real HTTP
server, with nothing else on the host. A crawl from /blog/ follows every
internal href, src and srcset, the comment form's redirect targets, the
sitemaps and the feeds; a link that forgets the path answers 404.
"""

import http.client
import threading
import xml.etree.ElementTree as ET
from functools import partial
from http.server import ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from bilingual.output_checks import LinkCheck, scan
from bs4 import BeautifulSoup
from conftest import QuietHandler, build_site, html_pages

MOUNT = "/blog"
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml",
      "atom": "http://www.w3.org/2005/Atom"}


class MountedHandler(QuietHandler):
    """Serves the output under MOUNT only, as a larger site hosting the blog would."""

    def translate_path(self, path):
        if path != MOUNT and not path.startswith(MOUNT + "/"):
            return "/nonexistent/outside-the-mount"
        return super().translate_path(path.removeprefix(MOUNT) or "/")


@pytest.fixture(scope="module")
def mounted(tmp_path_factory):
    """(SITEURL, output) of the site published with SITEURL ending in /blog and served there."""
    output = tmp_path_factory.mktemp("under-path") / "output"
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(MountedHandler, directory=str(output)))
    siteurl = f"http://127.0.0.1:{server.server_address[1]}{MOUNT}"
    # The server needs its port before the build, which writes it into every URL.
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        build_site(output, conf="publishconf.py", SITEURL=siteurl,
                   COMMENTS_ENDPOINT="https://comments.example.gc.ca/v3/entry")
        yield siteurl, output
    finally:
        server.shutdown()
        server.server_close()


def get(url):
    """(status, content type, body) of one GET, redirects not followed."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    try:
        connection.request("GET", parts.path or "/")
        response = connection.getresponse()
        return response.status, response.getheader("Content-Type", ""), response.read()
    finally:
        connection.close()


def not_ok(urls):
    """{url: status} of the URLs that do not answer 200."""
    return {url: status for url in sorted(set(urls)) if (status := get(url)[0]) != 200}


def links_of(page_url, html):
    """Every URL a reader or a browser follows from this page."""
    page = BeautifulSoup(html, "html.parser")
    for tag in page.find_all(href=True):
        yield urljoin(page_url, tag["href"])
    for tag in page.find_all(src=True):
        yield urljoin(page_url, tag["src"])
    for tag in page.find_all(srcset=True):
        yield from (urljoin(page_url, part.split()[0]) for part in tag["srcset"].split(",") if part.strip())
    # Where the comment endpoint sends the reader back to.
    for field in page.select('input[name^="options[redirect"]'):
        yield field["value"]
    # Where a search form (a GET form) takes the reader.
    for form in page.select("form[action]"):
        if form.get("method", "get").lower() == "get":
            yield urljoin(page_url, form["action"])


def crawl(siteurl, seeds):
    """{url: status} of every internal URL reachable from the seeds, and the HTML pages among them."""
    host = urlsplit(siteurl).netloc
    statuses, pages, queue = {}, set(), list(seeds)
    while queue:
        url = queue.pop().split("#", 1)[0]
        if urlsplit(url).netloc != host or url in statuses:
            continue
        status, kind, body = get(url)
        statuses[url] = status
        if status == 200 and kind.startswith("text/html"):
            pages.add(url)
            queue.extend(links_of(url, body.decode("utf-8")))
    return statuses, pages


def test_link_check_resolves_urls_under_the_path_of_siteurl(tmp_path):
    (tmp_path / "en/a").mkdir(parents=True)
    (tmp_path / "en/a/index.html").write_text(
        '<a href="https://host.example/blog/en/a/">abs</a> <a href="/blog/en/a/">root</a>'
        '<a href="https://host.example/blog/en/gone/">gone</a> <a href="https://host.example/en/">another part of the host</a>',
        encoding="utf-8",
    )
    links = LinkCheck(tmp_path, "https://host.example/blog")
    links.check(["en/a/index.html"], scan(tmp_path))
    assert links.problems(scan(tmp_path)) == [
        ("en/a/index.html", "a href", "'https://host.example/blog/en/gone/' points to no file in the output")
    ]


def test_every_internal_link_of_a_site_under_a_path_answers_200(mounted):
    siteurl, output = mounted
    # The bilingual 404 page is reached by no link: a host serves it for any missing URL.
    # The search pages are reached only by the header's search form (a GET form).
    seeds = [f"{siteurl}/", f"{siteurl}/404.html"]
    statuses, pages = crawl(siteurl, seeds)
    assert {url: status for url, status in statuses.items() if status != 200} == {}
    # Every page written was reached, in both languages.
    written = {f"{siteurl}/{path.relative_to(output).as_posix()}".removesuffix("index.html") for path in html_pages(output)}
    assert pages == written
    for lang in ("en", "fr"):
        assert len([url for url in pages if url.startswith(f"{siteurl}/{lang}/")]) >= 12, lang
    assert f"{siteurl}/theme/css/site.css" in statuses


def test_sitemaps_robots_and_feeds_point_under_the_path(mounted):
    siteurl, _ = mounted
    status, _, robots = get(f"{siteurl}/robots.txt")
    assert status == 200
    assert f"Sitemap: {siteurl}/sitemap.xml" in robots.decode()
    index = ET.fromstring(get(f"{siteurl}/sitemap.xml")[2])
    sitemaps = [loc.text for loc in index.iterfind("s:sitemap/s:loc", NS)]
    assert sitemaps == [f"{siteurl}/en/sitemap.xml", f"{siteurl}/fr/sitemap.xml"]
    listed = []
    for sitemap in sitemaps:
        root = ET.fromstring(get(sitemap)[2])
        listed += [loc.text for loc in root.iterfind("s:url/s:loc", NS)]
        listed += [link.get("href") for link in root.iterfind("s:url/x:link", NS)]
    feeds = [f"{siteurl}/en/feeds/all.atom.xml", f"{siteurl}/fr/flux/tous.atom.xml"]
    for feed in feeds:
        root = ET.fromstring(get(feed)[2])
        listed += [link.get("href") for link in root.iterfind(".//atom:link", NS)]
    assert len([url for url in listed if "/en/" in url]) >= 20 and len([url for url in listed if "/fr/" in url]) >= 20
    assert [url for url in listed if not url.startswith(f"{siteurl}/")] == []
    assert not_ok(listed) == {}


def test_hreflang_alternates_point_under_the_path(mounted):
    siteurl, output = mounted
    alternates = [
        link["href"]
        for page in html_pages(output / "en") + html_pages(output / "fr")
        for link in BeautifulSoup(Path(page).read_text(encoding="utf-8"), "html.parser").select("link[hreflang]")
    ]
    assert len(alternates) >= 28 * 2
    assert [url for url in alternates if not url.startswith(f"{siteurl}/")] == []
    assert not_ok(alternates) == {}
