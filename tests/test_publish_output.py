"""What `make publish` writes: atomic, reproducible, linked, with clean feeds and sitemaps."""

import hashlib
import subprocess
import xml.etree.ElementTree as ET

import feedparser
import pytest
from bilingual.output_checks import LinkCheck, broken_links, scan
from conftest import LANGS, ROOT, build_site, copy_content, language_pages, soup

SITEURL = "https://blog.example.gc.ca"
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
# Each language's feed of all posts, in its own URL words (checklist item 18).
FEED = {"en": "feeds/all.atom.xml", "fr": "flux/tous.atom.xml"}


def tree_digest(folder):
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def make_publish(content, output):
    return subprocess.run(
        ["make", "--no-print-directory", "publish", f"INPUTDIR={content}", f"OUTPUTDIR={output}"],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
        env={"PATH": "/usr/bin:/bin", "SITEURL": SITEURL, "COMMENTS_ENDPOINT": "https://c.example.gc.ca/e",
             "COLUMNS": "200"},
    )


def test_failed_publish_leaves_the_previous_output_byte_for_byte(tmp_path):
    content = copy_content(tmp_path / "content")
    output = tmp_path / "output"
    first = make_publish(content, output)
    assert first.returncode == 0, first.stderr
    before = tree_digest(output)
    assert "en/index.html" in before
    (content / "posts/broken.md").write_text("Title: Broken\nDate: 2021-01-01\n\nNo Lang.\n", encoding="utf-8")
    second = make_publish(content, output)
    assert second.returncode != 0
    # Pelican's console wraps long lines; compare with the white space folded.
    assert "posts/broken.md: Lang: missing" in " ".join((second.stdout + second.stderr).split())
    assert tree_digest(output) == before
    assert not (tmp_path / "output.next").exists()


def test_two_publishes_of_the_same_sources_are_byte_identical(tmp_path, published_site):
    again = build_site(tmp_path / "again", conf="publishconf.py", SITEURL=SITEURL,
                       COMMENTS_ENDPOINT="https://comments.example.gc.ca/v3/entry")
    assert tree_digest(again) == tree_digest(published_site)


@pytest.mark.parametrize("which", ["site", "published_site"])
def test_no_internal_link_or_asset_points_to_a_missing_file(which, request):
    site = request.getfixturevalue(which)
    assert broken_links(site, SITEURL) == []


@pytest.mark.parametrize("lang", LANGS)
def test_each_language_has_a_clean_atom_feed_of_only_its_posts(published_site, lang):
    feed = feedparser.parse((published_site / lang / FEED[lang]).read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.feed.language == lang
    self_link = next(link.href for link in feed.feed.links if link.rel == "self")
    assert self_link == f"{SITEURL}/{lang}/{FEED[lang]}"
    assert feed.feed.link == f"{SITEURL}/{lang}/"
    assert feed.feed.title == {"en": "Digital Government Blog", "fr": "Blogue du gouvernement numérique"}[lang]
    assert feed.entries
    blog = {"en": "blog", "fr": "blogue"}[lang]
    for entry in feed.entries:
        assert entry.link.startswith(f"{SITEURL}/{lang}/{blog}/")


@pytest.mark.parametrize(
    ("lang", "feed_path", "category"),
    [("en", "feeds/categories", "digital-government"), ("fr", "flux/categories", "gouvernement-numerique")],
)
def test_category_feeds_exist_per_language(published_site, lang, feed_path, category):
    feed = feedparser.parse((published_site / lang / f"{feed_path}/{category}.atom.xml").read_bytes())
    assert not feed.bozo and feed.feed.language == lang and len(feed.entries) == 1
    page = soup(published_site / lang / "categories" / category / "index.html")
    links = [link["href"] for link in page.select('link[type="application/atom+xml"]')]
    assert f"{SITEURL}/{lang}/{feed_path}/{category}.atom.xml" in links


@pytest.mark.parametrize("lang", LANGS)
def test_every_page_links_to_its_languages_feed(published_site, lang):
    for page in language_pages(published_site, lang):
        hrefs = [link["href"] for link in soup(page).select('link[rel="alternate"][type="application/atom+xml"]')]
        assert f"{SITEURL}/{lang}/{FEED[lang]}" in hrefs, page


def test_sitemap_index_names_one_sitemap_per_language_and_robots_points_at_it(published_site):
    index = ET.parse(published_site / "sitemap.xml").getroot()
    assert [loc.text for loc in index.iterfind("s:sitemap/s:loc", NS)] == [
        f"{SITEURL}/en/sitemap.xml", f"{SITEURL}/fr/sitemap.xml"
    ]
    assert f"Sitemap: {SITEURL}/sitemap.xml" in (published_site / "robots.txt").read_text()


@pytest.mark.parametrize("lang", LANGS)
def test_language_sitemap_lists_its_pages_with_reciprocal_alternates(published_site, lang):
    root = ET.parse(published_site / lang / "sitemap.xml").getroot()
    urls = root.findall("s:url", NS)
    assert len(urls) > 10
    for url in urls:
        loc = url.find("s:loc", NS).text
        assert loc.startswith(f"{SITEURL}/{lang}/")
        path = published_site / loc.removeprefix(SITEURL + "/") / "index.html"
        assert path.is_file(), loc
        alternates = {link.get("hreflang"): link.get("href") for link in url.findall("x:link", NS)}
        assert set(alternates) == {"en", "fr", "x-default"}, loc
        assert alternates[lang] == loc
        page_links = {link["hreflang"]: link["href"] for link in soup(path).select('link[rel="alternate"][hreflang]')}
        assert page_links == alternates, loc
    assert not [u for u in urls if "comment" in u.find("s:loc", NS).text]


def translation_status(content):
    return subprocess.run(
        [".venv/bin/python", "-m", "bilingual.translation_status", "pelicanconf.py"],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": "plugins", "CONTENT_PATH": str(content)},
    )


def test_translation_status_passes_on_the_real_content():
    result = translation_status(ROOT / "content")
    assert result.returncode == 0, result.stdout
    assert "post digital-nations-summit-2020" in result.stdout


def test_translation_status_flags_missing_and_outdated_translations(tmp_path):
    content = copy_content(tmp_path / "content")
    english = content / "posts/2020-10-27-digital-nations-summit.en.md"
    english.write_text(english.read_text().replace("Our theme this year", "This year, our theme"))
    (content / "posts/new.md").write_text(
        "Title: New\nDate: 2021-02-01\nLang: en\nTranslation-Key: new-post\n\nText.\n", encoding="utf-8"
    )
    result = translation_status(content)
    assert result.returncode == 1
    assert "2020-10-27-digital-nations-summit.fr.md: OUTDATED" in result.stdout
    assert "post new-post\n  en: " in result.stdout and "  fr: MISSING" in result.stdout


def test_link_check_reads_relative_links_srcset_and_ignores_other_sites(tmp_path):
    (tmp_path / "en/a").mkdir(parents=True)
    (tmp_path / "en/b").mkdir(parents=True)
    (tmp_path / "en/b/index.html").write_text("<p>b</p>", encoding="utf-8")
    (tmp_path / "img.png").write_bytes(b"png")
    (tmp_path / "en/a/index.html").write_text(
        '<a href="../b/">ok</a> <a href="#top">ok</a> <a href="https://www.canada.ca/x">other site</a>'
        '<a href="mailto:x@example.gc.ca">mail</a> <img src="/img.png" srcset="/img.png 1x, /img@2x.png 2x" alt="">'
        '<a href="../c/">missing</a> <a href="https://blog.example.gc.ca/en/d/">missing, absolute</a>',
        encoding="utf-8",
    )
    problems = broken_links(tmp_path, SITEURL)
    assert [(page, attribute) for page, attribute, _ in problems] == [
        ("en/a/index.html", "img srcset"), ("en/a/index.html", "a href"), ("en/a/index.html", "a href")
    ]
    assert {message.split("'")[1] for _, _, message in problems} == {
        "/img@2x.png", "../c/", "https://blog.example.gc.ca/en/d/"
    }


def test_a_link_to_a_page_not_yet_written_waits_for_the_whole_output(tmp_path):
    """The language sites are written by two processes: a page may link to one the other has not written yet."""
    (tmp_path / "fr/a").mkdir(parents=True)
    (tmp_path / "fr/a/index.html").write_text('<a href="/en/a/">EN</a> <a href="/en/gone/">gone</a>', encoding="utf-8")
    links = LinkCheck(tmp_path, SITEURL)
    links.check(["fr/a/index.html"], scan(tmp_path))
    assert len(links.pending) == 2  # neither English page exists yet
    (tmp_path / "en/a").mkdir(parents=True)
    (tmp_path / "en/a/index.html").write_text("<p>a</p>", encoding="utf-8")
    assert links.problems(scan(tmp_path)) == [("fr/a/index.html", "a href", "'/en/gone/' points to no file in the output")]
