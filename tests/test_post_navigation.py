"""A post leads somewhere: the previous and next post in its language, related
posts by shared tags, a visible link to the language's feed, its reading time;
feeds in each language's URL words; author pages' headings. Built sites read
back with BeautifulSoup, in both languages."""

import copy
import random
import re
import runpy
import threading
from functools import partial
from http.server import ThreadingHTTPServer
from types import SimpleNamespace

import pytest
from bench.corpus import write_corpus
from bilingual.languages import read_languages
from bilingual.post_links import RELATED_POSTS, related_posts
from bilingual.problems import ContentError
from conftest import LANGS, ROOT, QuietHandler, build_site, copy_content, language_pages, page_for_url, soup
from test_accessibility import axe_violations
from test_html_validity import vnu_errors
from test_publish_output import tree_digest

SITEURL = "https://blog.example.gc.ca"
CONF = runpy.run_path(str(ROOT / "pelicanconf.py"))
SUMMIT_TITLE = {
    "en": "Responsive and Resilient Service – An International Approach to Digital Government",
    "fr": "Un service réactif et résilient – Une approche internationale en matière de gouvernement numérique",
}
TAGS = {
    "DN": {"en": "Digital Nations", "fr": "Nations numériques"},
    "IC": {"en": "International collaboration", "fr": "Collaboration internationale"},
    "GG": {"en": "Greening government", "fr": "Écologisation du gouvernement"},
}
# Beside the real summit post (2020-10-27, tags DN, IC, GG): (letter, date, tags, languages).
POSTS = [
    ("E", "2019-05-01", ["DN"], LANGS),
    ("A", "2020-09-01", ["DN", "IC"], LANGS),
    ("F", "2020-10-30", ["GG"], ("en",)),  # English only: no French neighbour
    ("B", "2020-11-15", ["DN"], LANGS),
    ("C", "2021-01-10", [], LANGS),  # no tags: nothing related
    ("D", "2021-02-01", ["IC", "GG"], LANGS),
]
# 1,200 words: 6 minutes at English's 200 words a minute, 5 at French's 240.
LONG_POST, LONG_BODY = "A", " ".join(["word"] * 1200)
NAME = {"en": "Post", "fr": "Billet"}
SUMMIT = "summit"


def title(letter, lang):
    return SUMMIT_TITLE[lang] if letter == SUMMIT else f"{NAME[lang]} {letter}"


def write_post(folder, letter, date, tags, lang, single):
    names = ", ".join(TAGS[tag][lang] for tag in tags)
    body = LONG_BODY if letter == LONG_POST else f"The text of post {letter}."
    (folder / f"{date}-post-{letter.lower()}.{lang}.md").write_text(
        f"Title: {title(letter, lang)}\nDate: {date} 09:00\nAuthor: Mark Levene\nLang: {lang}\n"
        f"Translation-Key: post-{letter.lower()}\nCategory: Digital government\n"
        + (f"Tags: {names}\n" if names else "")
        + ("Single-Language: yes\n" if single else "")
        + f"Summary: Post {letter}.\n\n{body}\n",
        encoding="utf-8",
    )


@pytest.fixture(scope="module")
def posts_site(tmp_path_factory):
    """The real content and six more posts, published under an absolute SITEURL."""
    base = tmp_path_factory.mktemp("post-navigation")
    content = copy_content(base / "content")
    for letter, date, tags, langs in POSTS:
        for lang in langs:
            write_post(content / "posts", letter, date, tags, lang, single=len(langs) == 1)
    return build_site(base / "output", content, SITEURL=SITEURL)


def post_page(site, letter, lang):
    """The page of the post titled title(letter, lang), found by its <h1>."""
    found = [page for page in site.glob(f"{lang}/*/*/index.html") if page_h1(page) == title(letter, lang)]
    assert len(found) == 1, (letter, lang, found)
    return found[0]


def page_h1(page):
    h1 = soup(page).find("h1")
    return h1.get_text() if h1 else None


def target_h1(site, href):
    """The <h1> of the page a link leads to; the link must lead to a file."""
    target = page_for_url(site, href)
    assert target is not None, href
    return page_h1(target)


def neighbours(site, letter, lang):
    doc = soup(post_page(site, letter, lang))
    nav = doc.select("nav.gcb-post-nav")
    assert len(nav) <= 1
    links = {a["rel"][0]: a for a in nav[0].select("a[rel]")} if nav else {}
    return {rel: target_h1(site, a["href"]) for rel, a in links.items()}


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", {"prev": "Post A", "next": "Post F"}),
        # The English-only post F is not a French post's neighbour.
        ("fr", {"prev": "Billet A", "next": "Billet B"}),
    ],
)
def test_a_post_links_to_the_posts_before_and_after_it_in_its_language(posts_site, lang, expected):
    assert neighbours(posts_site, SUMMIT, lang) == expected


@pytest.mark.parametrize("lang", LANGS)
def test_the_oldest_and_newest_posts_have_one_neighbour_each(posts_site, lang):
    assert neighbours(posts_site, "E", lang) == {"next": title("A", lang)}
    assert neighbours(posts_site, "D", lang) == {"prev": title("C", lang)}


@pytest.mark.parametrize("lang", LANGS)
def test_the_neighbour_links_are_labelled_in_the_pages_language(posts_site, lang):
    nav = soup(post_page(posts_site, SUMMIT, lang)).select_one("nav.gcb-post-nav")
    labels = [span.get_text() for span in nav.select(".gcb-post-nav__label")]
    assert nav["aria-label"] == {"en": "Previous and next posts", "fr": "Articles précédent et suivant"}[lang]
    assert labels == {"en": ["Previous post", "Next post"], "fr": ["Article précédent", "Article suivant"]}[lang]


def related(site, letter, lang):
    section = soup(post_page(site, letter, lang)).select("section.gcb-related")
    if not section:
        return None
    [section] = section
    heading = section.find("h2")
    assert section["aria-labelledby"] == heading["id"]
    assert heading.get_text() == {"en": "Related posts", "fr": "Articles connexes"}[lang]
    return [target_h1(site, a["href"]) for a in section.select("li a")]


@pytest.mark.parametrize("lang", LANGS)
def test_related_posts_are_those_sharing_most_tags_then_the_newest_three_at_most(posts_site, lang):
    # D and A share two tags with the summit (D is newer), B, F and E one each.
    assert related(posts_site, SUMMIT, lang) == [title(letter, lang) for letter in ("D", "A", "B")]
    # A shares DN and IC with the summit (three tags in all), DN with E and B, IC with D.
    assert related(posts_site, "A", lang) == [title(letter, lang) for letter in (SUMMIT, "D", "B")]


def test_related_posts_match_a_count_of_every_shared_tag():
    """The fast selection (set intersections, then a merge by date) picks what
    scoring every other post would: most shared tags, then the newest."""
    rng = random.Random(12)
    tags = [SimpleNamespace(slug=f"tag-{number}") for number in range(8)]
    by_date = [SimpleNamespace(tags=rng.sample(tags, rng.randint(0, 4))) for _ in range(300)]
    found = related_posts(by_date)
    assert len(found) == len(by_date)
    place = {id(post): rank for rank, post in enumerate(by_date)}
    shown = 0
    for rank, post in enumerate(by_date):
        mine = {tag.slug for tag in post.tags}
        shared = {other: len(mine & {tag.slug for tag in by_date[other].tags}) for other in range(len(by_date))}
        expected = sorted((other for other in shared if shared[other] and other != rank), key=lambda o: (-shared[o], -o))
        assert [place[id(other)] for other in found[rank]] == expected[:RELATED_POSTS], rank
        shown += len(found[rank])
    assert shown > 2 * len(by_date)


@pytest.mark.parametrize("lang", LANGS)
def test_a_post_sharing_no_tag_shows_no_related_posts(posts_site, lang):
    assert related(posts_site, "C", lang) is None


FEED = {"en": "en/feeds/all.atom.xml", "fr": "fr/flux/tous.atom.xml"}


@pytest.mark.parametrize("lang", LANGS)
def test_a_post_shows_a_subscribe_link_to_its_languages_feed(posts_site, lang):
    doc = soup(post_page(posts_site, SUMMIT, lang))
    [section] = doc.select("section.gcb-subscribe")
    assert section.find("h2").get_text() == {"en": "Subscribe", "fr": "S’abonner"}[lang]
    link = section.select_one("a[href]")
    assert link["href"] == f"{SITEURL}/{FEED[lang]}"
    assert link.get_text() == {"en": "Atom feed of new posts", "fr": "Fil Atom des nouveaux articles"}[lang]
    assert section.find("code").get_text() == f"{SITEURL}/{FEED[lang]}"
    assert (posts_site / FEED[lang]).is_file()
    # The feed browsers discover is the same one.
    discovered = doc.select_one('head link[rel="alternate"][type="application/atom+xml"]')["href"]
    assert discovered == link["href"]


def test_french_feeds_use_french_url_words_and_english_ones_are_unchanged(posts_site):
    fr, en = posts_site / "fr", posts_site / "en"
    assert (fr / "flux/tous.atom.xml").is_file()
    assert (fr / "flux/categories/gouvernement-numerique.atom.xml").is_file()
    assert not (fr / "feeds").exists()
    assert (en / "feeds/all.atom.xml").is_file()
    assert (en / "feeds/categories/digital-government.atom.xml").is_file()
    self_link = re.search(r'<link href="([^"]+)" rel="self"', (fr / "flux/tous.atom.xml").read_text(encoding="utf-8"))
    assert self_link.group(1) == f"{SITEURL}/fr/flux/tous.atom.xml"
    pages = language_pages(posts_site, "fr")
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert "/feeds/" not in text, page
        assert f'href="{SITEURL}/fr/flux/tous.atom.xml"' in text, page
    category = soup(fr / "categories/gouvernement-numerique/index.html")
    feeds = [link["href"] for link in category.select('link[type="application/atom+xml"]')]
    assert f"{SITEURL}/fr/flux/categories/gouvernement-numerique.atom.xml" in feeds


@pytest.mark.parametrize(("lang", "expected"), [("en", "6 min read"), ("fr", "Lecture\u00a0: 5\u00a0min")])
def test_reading_time_follows_the_languages_reading_speed(posts_site, lang, expected):
    meta = soup(post_page(posts_site, LONG_POST, lang)).select_one(".gcb-article__meta")
    assert meta.select_one(".gcb-article__reading-time").get_text() == expected


@pytest.mark.parametrize(("lang", "expected"), [("en", "1 min read"), ("fr", "Lecture\u00a0: 1\u00a0min")])
def test_a_short_post_reads_in_one_minute(posts_site, lang, expected):
    time = soup(post_page(posts_site, "B", lang)).select_one(".gcb-article__reading-time")
    assert time.get_text() == expected


@pytest.mark.parametrize(("lang", "expected"), [("en", "3 min read"), ("fr", "Lecture\u00a0: 3\u00a0min")])
def test_the_real_post_shows_its_reading_time_and_subscribe_link(site, post_pages, lang, expected):
    doc = soup(post_pages[lang])
    assert doc.select_one(".gcb-article__reading-time").get_text() == expected
    link = doc.select_one("section.gcb-subscribe a[href]")
    assert link["href"] == f"/{FEED[lang]}"
    assert (site / FEED[lang]).is_file()
    # The real site has one post per language: no neighbour, nothing related.
    assert not doc.select("nav.gcb-post-nav, section.gcb-related")


@pytest.mark.parametrize("lang", LANGS)
def test_the_ways_onward_are_not_part_of_the_post_text_search_indexes(posts_site, lang):
    doc = soup(post_page(posts_site, SUMMIT, lang))
    # Outside the post's <article> (search indexes that), and marked for search to skip.
    blocks = doc.select("nav.gcb-post-nav, section.gcb-related, section.gcb-subscribe")
    assert len(blocks) == 3
    for block in blocks:
        assert block.find_parent("article") is None, block["class"]
        assert block.find_parent("main") is not None, block["class"]
        assert block.has_attr("data-pagefind-ignore"), block["class"]
    # The reading time sits with the post's date, inside it: marked to skip.
    [reading_time] = doc.select("article .gcb-article__reading-time")
    assert reading_time.has_attr("data-pagefind-ignore")


@pytest.mark.parametrize("lang", LANGS)
def test_an_author_page_has_the_name_as_h1_and_post_titles_as_h2(posts_site, lang):
    page = next((posts_site / lang).glob("*/mark-levene/index.html"))
    main = soup(page).find("main")
    assert [h.get_text() for h in main.find_all("h1")] == ["Mark Levene"]
    # Every heading of the author's part of the page is a post title (page details follow it).
    details = main.select_one("#gcb-details-heading").parent
    headings = [h for h in main.find_all(["h2", "h3", "h4", "h5", "h6"]) if details not in h.parents]
    posts = len([letter for letter, *_rest, langs in POSTS if lang in langs]) + 1
    assert len(headings) == posts
    assert all(h.name == "h2" and h.a and h.find_parent("ul", class_="gcb-posts") for h in headings)
    assert {h.get_text() for h in headings} == {
        title(letter, lang) for letter, *_rest, langs in [*POSTS, (SUMMIT, LANGS)] if lang in langs
    }


def test_the_french_authors_page_says_auteurs_et_autrices(posts_site):
    page = soup(posts_site / "fr/auteurs/index.html")
    assert page.find("h1").get_text() == "Auteurs et autrices"
    assert page.title.get_text().startswith("Auteurs et autrices – ")


@pytest.mark.parametrize(("value", "shown"), [(0, "0"), (-5, "-5"), ("200", "'200'"), (True, "True"), (None, "None")])
def test_a_bad_reading_speed_names_the_setting_the_value_and_what_was_expected(value, shown):
    table = copy.deepcopy(CONF["LANGUAGES"])
    table["fr"]["words_per_minute"] = value
    settings = {"LANGUAGES": table, "DEFAULT_LANG": "en", "I18N_SUBSITES": {"fr": {}}}
    message = (
        "LANGUAGES['fr']['words_per_minute'] must be a reading speed in words per minute, "
        f"a whole number above 0 such as 200, got {shown}"
    )
    with pytest.raises(ContentError, match=re.escape(message)):
        read_languages(settings)


@pytest.fixture(scope="module")
def served_posts(posts_site):
    """posts_site on a real HTTP server on 127.0.0.1; yields its base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(QuietHandler, directory=str(posts_site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def answer_from(site, route):
    target = page_for_url(site, route.request.url)
    if target is None:
        route.fulfill(status=404)
    else:
        types = {".css": "text/css", ".html": "text/html", ".xml": "application/atom+xml"}
        route.fulfill(body=target.read_bytes(), content_type=types.get(target.suffix, "application/octet-stream"))


@pytest.mark.browser
@pytest.mark.parametrize("width", [320, 1280])
@pytest.mark.parametrize("lang", LANGS)
def test_a_post_with_every_way_onward_passes_axe_and_fits_the_screen(browser, posts_site, served_posts, lang, width):
    page_path = post_page(posts_site, SUMMIT, lang).parent.relative_to(posts_site).as_posix()
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        # The site's URLs are absolute (SITEURL): each is answered from the built files.
        page.route(f"{SITEURL}/**", partial(answer_from, posts_site))
        assert axe_violations(page, f"{served_posts}/{page_path}/") == []
        assert page.locator("nav.gcb-post-nav a").count() == 2
        assert page.locator("section.gcb-related li").count() == 3
        assert page.evaluate("document.documentElement.scrollWidth") <= width
    finally:
        context.close()


def test_post_pages_with_every_way_onward_are_valid_html(posts_site, tmp_path):
    for lang in LANGS:
        for letter in (SUMMIT, "E", "D"):
            page = post_page(posts_site, letter, lang)
            (tmp_path / f"{lang}-{letter}.html").write_bytes(page.read_bytes())
    assert len(list(tmp_path.glob("*.html"))) == 6
    assert vnu_errors(tmp_path) == []


# fastbuild keeps a post's page when its inputs are unchanged: what it shows of
# its neighbours and related posts is one of them.
CORPUS_POSTS = 12
CORPUS_NAME = {"en": "Post", "fr": "Article"}


def corpus_post(site, lang, number):
    """(page, URL) of the corpus post numbered `number`, found by its <h1>."""
    # French typography puts a no-break space before the colon.
    prefix = re.compile(rf"{CORPUS_NAME[lang]} {number}\u00a0?:")
    [page] = [page for page in site.glob(f"{lang}/*/*/index.html") if prefix.match(page_h1(page) or "")]
    return page, f"{SITEURL}/{page.parent.relative_to(site).as_posix()}/"


def onward_titles(site, lang, url):
    """{post page: the titles its neighbour and related links give the post at `url`}."""
    found = {}
    for page in site.glob(f"{lang}/*/*/index.html"):
        doc = soup(page)
        nav = [a.select_one(".gcb-post-nav__title") for a in doc.select("nav.gcb-post-nav a") if a["href"] == url]
        rel = [a for a in doc.select("section.gcb-related a") if a["href"] == url]
        if nav or rel:
            found[page] = {element.get_text() for element in nav + rel}
    return found


@pytest.mark.parametrize("lang", LANGS)
def test_a_rebuild_after_a_retitle_shows_the_new_title_wherever_the_post_is_linked(tmp_path, lang):
    corpus = write_corpus(tmp_path / "corpus", CORPUS_POSTS)
    fast = build_site(tmp_path / "fast", corpus, SITEURL=SITEURL)
    number = CORPUS_POSTS // 2
    edited = corpus / f"posts/{number:05d}.{lang}.md"
    page, url = corpus_post(fast, lang, number)
    before = onward_titles(fast, lang, url)
    # Its two neighbours at least, and the posts that list it as related.
    assert len(before) >= 2
    assert all(titles == {page_h1(page)} for titles in before.values())
    # A new title, the same slug (as a retitled post keeps its URL): only the title changes.
    new_title = {"en": "A title edited since", "fr": "Un titre modifié depuis"}[lang]
    text = edited.read_text(encoding="utf-8")
    text = re.sub(r"^Title: .*$", f"Title: {new_title}\nSlug: {page.parent.name}", text, count=1, flags=re.M)
    edited.write_text(text, encoding="utf-8")
    build_site(fast, corpus, SITEURL=SITEURL)
    assert page_h1(page) == new_title
    after = onward_titles(fast, lang, url)
    assert set(after) == set(before)
    assert all(titles == {new_title} for titles in after.values()), after
    cold = build_site(tmp_path / "cold", corpus, SITEURL=SITEURL, PLUGINS=[p for p in CONF["PLUGINS"] if p != "fastbuild"])
    assert tree_digest(fast) == tree_digest(cold)
