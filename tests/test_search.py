"""Search in the reader's language: one Pagefind index per language, built by
the build itself, and a search page in each language that finds only pages of
its own language, with its own words, and works as far as it can without
JavaScript."""

import gzip
import json
import logging
import re
import subprocess
import threading
from functools import partial
from http.server import ThreadingHTTPServer

import pytest
from bench.corpus import write_corpus
from conftest import LANGS, ROOT, QuietHandler, build_site, soup
from search import pagefind
from search.settings import SearchSettingError
from test_accessibility import axe_violations

SEARCH_PAGES = {"en": "en/search/", "fr": "fr/recherche/"}
# A word of each language's post that the other language's pages do not have.
WORDS = {"en": "government", "fr": "gouvernement"}
# Two pages each (the post and the Rules of Engagement); French typography's no-break spaces.
COUNT = {"en": "2 results for “government”", "fr": "2 résultats pour «\u00a0gouvernement\u00a0»"}
SEARCHING = {"en": "Searching…", "fr": "Recherche en cours…"}


def fragments(site, lang):
    """{url: what the index holds of that page} from a language's index files."""
    found = {}
    for path in sorted((site / lang / "pagefind/fragment").glob("*.pf_fragment")):
        data = gzip.decompress(path.read_bytes())
        assert data.startswith(b"pagefind_dcd"), path
        fragment = json.loads(data[len(b"pagefind_dcd") :])
        found[fragment["url"]] = fragment
    return found


@pytest.mark.parametrize("lang", LANGS)
def test_each_language_has_its_own_index_of_its_posts_and_pages(site, lang):
    entry = json.loads((site / lang / "pagefind/pagefind-entry.json").read_text(encoding="utf-8"))
    # Forced to the language (its stemming), with the post and the page, nothing else.
    assert list(entry["languages"]) == [lang]
    assert entry["languages"][lang]["page_count"] == 2
    indexed = fragments(site, lang)
    assert len(indexed) == 2
    posts = {"en": "/blog/", "fr": "/blogue/"}[lang]
    assert sorted(url.startswith(posts) for url in indexed) == [False, True]
    # Only what the article marks: no header, menu, bio or comment form.
    bio = soup(site / lang / ("authors" if lang == "en" else "auteurs") / "mark-levene/index.html")
    bio_text = bio.select_one(".gcb-bio__text, main p").get_text(" ", strip=True)[:40]
    for fragment in indexed.values():
        assert bio_text not in fragment["content"]
        assert not fragment["content"].startswith(("Government of Canada", "Gouvernement du Canada"))
    # Pagefind's own interfaces are not used, so not published.
    assert not list((site / lang / "pagefind").glob("pagefind-*ui*"))


def test_the_post_marks_its_body_for_the_index_and_its_bio_and_comments_out(post_pages):
    for page in post_pages.values():
        doc = soup(page)
        assert doc.select_one("article[data-pagefind-body] h1")
        assert doc.select(".gcb-bio[data-pagefind-ignore]")
        assert doc.select(".gcb-comments[data-pagefind-ignore]")


@pytest.mark.parametrize("lang", LANGS)
def test_search_pages_toggle_to_each_other(site, lang):
    other = next(code for code in LANGS if code != lang)
    doc = soup(site / SEARCH_PAGES[lang] / "index.html")
    assert doc.select_one("a.gcb-lang__link[hreflang]")["href"] == f"/{SEARCH_PAGES[other]}"
    alternates = {link["hreflang"]: link["href"] for link in doc.select('link[rel="alternate"][hreflang]')}
    assert alternates == {"en": "/en/search/", "fr": "/fr/recherche/", "x-default": "/en/search/"}
    form = doc.select_one('form[role="search"][method="get"]')
    assert form["action"] == f"/{SEARCH_PAGES[lang]}"
    field = form.select_one('input[name="q"]')
    assert doc.select_one(f'label[for="{field["id"]}"]').get_text(strip=True)
    # Every text the script shows is in the page's language, in data- attributes.
    data = doc.select_one("#search-page").attrs
    assert data["data-bundle"] == f"/{lang}/pagefind/pagefind.js"
    assert data["data-searching"] == SEARCHING[lang]


@pytest.fixture
def tab(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def search(page, base, lang, query):
    """Open the search page with ?q= and wait for the script's answer; return the requests made."""
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(f"{base}/{SEARCH_PAGES[lang]}?q={query}")
    status = page.locator("#search-page-status")
    status.filter(has_not_text=SEARCHING[lang]).filter(has_text=re.compile(".")).wait_for()
    return requests


@pytest.mark.browser
@pytest.mark.parametrize("lang", LANGS)
def test_a_search_finds_only_pages_of_its_own_language_with_its_own_words(tab, served_site, lang):
    requests = search(tab, served_site, lang, WORDS[lang])
    status = tab.locator("#search-page-status").inner_text()
    assert status == COUNT[lang]
    links = tab.locator("#search-page-results li h3 a")
    assert links.count() == 2
    urls = [links.nth(i).get_attribute("href") for i in range(links.count())]
    assert all(url.startswith(f"{served_site}/{lang}/") for url in urls), urls
    titles = links.all_inner_texts()
    expected = {"en": "Responsive and Resilient Service", "fr": "Un service réactif et résilient"}[lang]
    assert any(title.startswith(expected) for title in titles), titles
    # The excerpt marks the words found; the heading names the list for screen readers.
    assert tab.locator("#search-page-results li p mark").count() >= 1
    assert tab.locator("#search-page-results ol").get_attribute("aria-labelledby") == "search-page-results-heading"
    assert tab.locator("#search-page-results-heading").inner_text() == {"en": "Results", "fr": "Résultats"}[lang]
    assert tab.locator("#search-page-q").input_value() == WORDS[lang]
    assert tab.locator("#search-page-nojs").is_hidden()
    # The index, its script and the results' fragments all come from this site.
    assert len(requests) > 3
    assert [url for url in requests if not url.startswith(served_site)] == []
    assert any(url.startswith(f"{served_site}/{lang}/pagefind/") for url in requests)


@pytest.mark.browser
def test_a_french_word_is_not_found_from_the_english_search_page(tab, served_site):
    search(tab, served_site, "en", "numérique")
    assert tab.locator("#search-page-status").inner_text().startswith("No results for “numérique”.")
    assert tab.locator("#search-page-results li").count() == 0


@pytest.mark.browser
def test_the_language_toggle_goes_between_the_search_pages(tab, served_site):
    tab.goto(f"{served_site}/en/search/")
    tab.locator("a.gcb-lang__link").click()
    tab.wait_for_url(f"{served_site}/fr/recherche/")
    assert tab.locator("h1").inner_text() == "Recherche dans le blogue"
    tab.locator("a.gcb-lang__link").click()
    tab.wait_for_url(f"{served_site}/en/search/")
    assert tab.locator("h1").inner_text() == "Search the blog"


@pytest.mark.browser
@pytest.mark.parametrize("lang", LANGS)
def test_without_javascript_the_page_says_so_and_offers_the_lists(browser, served_site, lang):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        page.goto(f"{served_site}/{SEARCH_PAGES[lang]}?q={WORDS[lang]}")
        notice = page.locator("#search-page-nojs")
        assert notice.is_visible()
        assert "JavaScript" in notice.inner_text()
        browse = page.locator(".gcb-search__browse a")
        hrefs = [browse.nth(i).get_attribute("href") for i in range(browse.count())]
        words = {"en": ["blog", "categories", "tags"], "fr": ["blogue", "categories", "mots-cles"]}[lang]
        assert hrefs == [f"/{lang}/{word}/" for word in words]
    finally:
        context.close()


@pytest.mark.browser
@pytest.mark.parametrize("width", [320, 1280])
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("query", ["", "word"], ids=["empty", "with results"])
def test_the_search_page_has_no_axe_violations(browser, served_site, lang, width, query):
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        if query:
            search(page, served_site, lang, WORDS[lang])
            assert page.locator("#search-page-results li").count() == 2
            url = page.url
        else:
            url = f"{served_site}/{SEARCH_PAGES[lang]}"
        assert axe_violations(page, url) == []
    finally:
        context.close()


@pytest.mark.browser
def test_a_published_site_has_its_indexes_and_its_search_works_under_its_siteurl(tmp_path, browser):
    """`make publish` builds the indexes; the search works where SITEURL says (here with a path)."""
    root = tmp_path / "host"
    (root / "blog").mkdir(parents=True)
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(QuietHandler, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        output = root / "blog"
        result = subprocess.run(
            ["make", "--no-print-directory", "publish", f"OUTPUTDIR={output}"],
            cwd=ROOT, capture_output=True, text=True, timeout=300,
            env={"PATH": "/usr/bin:/bin", "SITEURL": f"{base}/blog", "COMMENTS_ENDPOINT": "https://c.example.gc.ca/e"},
        )
        assert result.returncode == 0, result.stdout + result.stderr
        for lang in LANGS:
            assert len(fragments(output, lang)) == 2
        context = browser.new_context()
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.goto(f"{base}/blog/fr/recherche/?q=gouvernement")
        page.locator("#search-page-results li").first.wait_for()
        hrefs = page.locator("#search-page-results li h3 a").evaluate_all("links => links.map(a => a.href)")
        assert len(hrefs) == 2
        assert all(href.startswith(f"{base}/blog/fr/") for href in hrefs), hrefs
        context.close()
    finally:
        server.shutdown()
        server.server_close()


def indexed_words(site, lang):
    return " ".join(fragment["content"] for fragment in fragments(site, lang).values())


def test_a_rebuild_indexes_again_only_the_language_whose_pages_changed(tmp_path, caplog):
    """With fastbuild (the French site in its own process): an edit, a deletion
    and an unchanged language, each as the index must see them."""
    corpus = write_corpus(tmp_path / "corpus", 4)
    # A draft and a hidden page are written, but never found by a search.
    (corpus / "posts/draft.fr.md").write_text(
        "Title: Un brouillon\nDate: 2010-03-01 09:00\nAuthor: Author 1\nLang: fr\nTranslation-Key: a-draft\n"
        "Category: Category 1\nStatus: draft\nSingle-Language: yes\n\nUn mot secret : xylophage.\n",
        encoding="utf-8",
    )
    (corpus / "pages/cachee.fr.md").write_text(
        "Title: Une page cachée\nLang: fr\nTranslation-Key: hidden-page\nStatus: hidden\nSingle-Language: yes\n\n"
        "Un autre mot secret : ornithorynque.\n",
        encoding="utf-8",
    )
    cache = tmp_path / "cache"
    site = build_site(tmp_path / "out", corpus, CACHE_PATH=str(cache))
    assert len(fragments(site, "fr")) == 5  # 4 posts and the rules page
    assert list(site.glob("fr/drafts/*/index.html"))
    assert (site / "fr/une-page-cachee/index.html").is_file()
    assert "xylophage" not in indexed_words(site, "fr")
    assert "ornithorynque" not in indexed_words(site, "fr")
    french = corpus / "posts/00002.fr.md"
    french.write_text(french.read_text(encoding="utf-8") + "\nUn mot introuvable : zymurgie.\n", encoding="utf-8")
    deleted = next(iter(url for url in fragments(site, "fr") if "-3-" in url))
    (corpus / "posts/00003.fr.md").unlink()
    (corpus / "posts/00003.en.md").write_text(
        (corpus / "posts/00003.en.md").read_text(encoding="utf-8").replace("Lang: en\n", "Lang: en\nSingle-Language: yes\n"),
        encoding="utf-8",
    )
    with caplog.at_level(logging.INFO, logger="search.search"):
        build_site(site, corpus, CACHE_PATH=str(cache))
    assert "zymurgie" in indexed_words(site, "fr")
    assert deleted not in fragments(site, "fr")
    assert len(fragments(site, "fr")) == 4
    messages = [record.getMessage() for record in caplog.records]
    assert any(message.startswith("search: fr index built: 4 pages") for message in messages), messages
    # The English pages changed too (a post lost its translation), so English is indexed again;
    assert any(message.startswith("search: en index built") for message in messages), messages
    # an edit to an English post alone leaves the French index as it is.
    caplog.clear()
    marker = site / "fr/pagefind/pagefind-entry.json"
    marked = marker.read_bytes() + b"\n"
    marker.write_bytes(marked)
    english_post = corpus / "posts/00001.en.md"
    english_post.write_text(english_post.read_text(encoding="utf-8") + "\nA rare word: quokka.\n", encoding="utf-8")
    with caplog.at_level(logging.INFO, logger="search.search"):
        build_site(site, corpus, CACHE_PATH=str(cache))
    assert "quokka" in indexed_words(site, "en")
    assert marker.read_bytes() == marked
    assert any(record.getMessage().startswith("search: fr index kept") for record in caplog.records)


def test_search_bundle_must_be_one_folder_name(tmp_path):
    with pytest.raises(SearchSettingError, match=re.escape("search: SEARCH_BUNDLE must be one folder name")):
        build_site(tmp_path / "out", SEARCH_BUNDLE="../pagefind")


def test_a_missing_pagefind_binary_says_how_to_install_it(monkeypatch):
    import pagefind_bin

    def missing():
        raise FileNotFoundError("pagefind_bin/pagefind")

    monkeypatch.setattr(pagefind_bin, "get_executable", missing)
    with pytest.raises(SearchSettingError, match=r"pip install -r requirements\.txt.*SEARCH_PAGEFIND = False"):
        pagefind.executable()


def test_a_failed_index_leaves_the_live_index_as_it_was(tmp_path):
    site = tmp_path / "en"
    live = site / "pagefind"
    live.mkdir(parents=True)
    (live / pagefind.ENTRY).write_text("{}", encoding="utf-8")
    job = pagefind.Job(site=site, bundle=live, language="en")
    with pytest.raises(pagefind.PagefindError, match=re.escape(str(site))):
        pagefind.build([job], "/bin/false")
    assert (live / pagefind.ENTRY).read_text(encoding="utf-8") == "{}"
    assert not pagefind.staging(live).exists()


@pytest.fixture(scope="module")
def served_corpus(tmp_path_factory):
    """A site of 25 posts per language, served on 127.0.0.1; yields (base URL, output)."""
    folder = tmp_path_factory.mktemp("search-corpus")
    output = build_site(folder / "output", write_corpus(folder / "corpus", 25))
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(QuietHandler, directory=str(output)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}", output
    server.shutdown()
    server.server_close()


@pytest.mark.browser
def test_results_come_twenty_at_a_time_and_more_moves_to_the_first_new_one(tab, served_corpus):
    base, _ = served_corpus
    # Every synthetic English post has the word "service".
    search(tab, base, "en", "service")
    count = int(tab.locator("#search-page-status").inner_text().split()[0])
    assert count >= 25
    items = tab.locator("#search-page-results li")
    assert items.count() == 20
    more = tab.get_by_role("button", name="Show more results")
    more.click()
    items.nth(20).wait_for()
    assert items.count() == min(count, 40)
    focused = tab.evaluate("document.activeElement.href")
    assert focused == items.nth(20).locator("a").get_attribute("href")
    assert more.is_hidden() == (count <= 40)


@pytest.mark.browser
def test_without_an_index_the_page_says_search_is_not_available(tab, served_corpus):
    base, output = served_corpus
    bundle = output / "fr/pagefind"
    bundle.rename(output / "fr/pagefind-set-aside")
    try:
        search(tab, base, "fr", "service")
        assert tab.locator("#search-page-status").inner_text().startswith("La recherche n’est pas disponible")
        assert tab.locator(".gcb-search__browse a").count() == 3
    finally:
        (output / "fr/pagefind-set-aside").rename(bundle)


def test_search_pagefind_no_in_the_environment_builds_without_indexing(tmp_path, monkeypatch):
    import runpy

    monkeypatch.setenv("SEARCH_PAGEFIND", "no")
    assert runpy.run_path(str(ROOT / "pelicanconf.py"))["SEARCH_PAGEFIND"] is False
    monkeypatch.delenv("SEARCH_PAGEFIND")
    assert runpy.run_path(str(ROOT / "pelicanconf.py"))["SEARCH_PAGEFIND"] is True
    site = build_site(tmp_path / "out", SEARCH_PAGEFIND=False)
    assert (site / "fr/recherche/index.html").is_file()
    assert not (site / "fr/pagefind").exists()


def test_in_the_background_the_build_returns_first_and_the_index_follows(tmp_path, monkeypatch):
    """The preview's mode (SEARCH_IN_BACKGROUND): the build does not wait for
    Pagefind, and the index is there, of both languages, once the worker is idle."""
    from search.search import background

    release = threading.Event()
    real_build = pagefind.build

    def held_build(*args, **kwargs):
        assert release.wait(120)  # the build below has returned before Pagefind runs
        return real_build(*args, **kwargs)

    monkeypatch.setattr(pagefind, "build", held_build)
    site = build_site(tmp_path / "out", SEARCH_IN_BACKGROUND=True)
    assert not (site / "en/pagefind").exists()
    assert not background.idle.is_set()
    release.set()
    assert background.idle.wait(120)
    for lang in LANGS:
        assert (site / lang / "pagefind/pagefind-entry.json").is_file(), lang
    assert "digital" in indexed_words(site, "en")
