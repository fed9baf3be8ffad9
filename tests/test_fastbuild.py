"""The fast build writes exactly what a plain sequential build writes, also after
edits, in two processes or one, and a rebuild renders only what an edit changed."""

import io
import logging
import os
import re
import shutil
import threading

import markdown
import pytest
from bench.corpus import write_corpus
from bilingual.problems import ContentError
from conftest import ROOT, build_site
from fastbuild import content_cache, conversions, parallel_sites, session
from fastbuild.conversions import (
    INLINE_TRIGGERS,
    TRIGGERS_VERSION,
    Converter,
    convert,
    markdown_options,
    read_header,
)
from fastbuild.pickles import load_pickle
from fastbuild.reader import StoredMarkdownReader
from markdown import Markdown
from pelican import Pelican
from pelican.readers import MarkdownReader
from pelican.settings import DEFAULT_CONFIG, read_settings
from test_publish_output import tree_digest

SITEURL = "https://blog.example.gc.ca"
PLAIN = {"PLUGINS": ["i18n_subsites", "bilingual", "comments", "gcds_assets", "search"]}
POSTS = 40  # 80 posts and 16 bios: enough for the conversion pool to be used


def build(output, corpus, cache=None, **overrides):
    settings = {"SITEURL": SITEURL, **overrides}
    if cache is not None:
        settings["CACHE_PATH"] = str(cache)
    return build_site(output, corpus, **settings)


@pytest.fixture
def corpus(tmp_path):
    return write_corpus(tmp_path / "corpus", POSTS)


def add_cross_language_cases(corpus):
    """Links from one language to the other's files, and items of one language
    that pelican-i18n-subsites keeps in both sites' lists (a draft, a hidden page)."""
    french = corpus / "posts/00002.fr.md"
    french.write_text(
        french.read_text(encoding="utf-8")
        + "\nVoir [la version anglaise]({filename}00003.en.md) et [les règles]({filename}/pages/rules-of-engagement.en.md).\n",
        encoding="utf-8",
    )
    (corpus / "posts/draft.en.md").write_text(
        "Title: An English draft\nDate: 2010-03-01 09:00\nAuthor: Author 1\nLang: en\n"
        "Translation-Key: a-draft\nCategory: Category 1\nStatus: draft\n\nNot yet translated.\n",
        encoding="utf-8",
    )
    (corpus / "pages/cachee.fr.md").write_text(
        "Title: Une page cachée\nLang: fr\nTranslation-Key: hidden-page\nStatus: hidden\n\nSeulement en français.\n",
        encoding="utf-8",
    )


@pytest.mark.parametrize("cores", [2, 1], ids=["two processes", "one process"])
def test_fast_build_output_is_byte_identical_to_a_plain_build(tmp_path, corpus, monkeypatch, cores):
    add_cross_language_cases(corpus)
    plain = build(tmp_path / "plain", corpus, **PLAIN)
    # Two cores: each language site in its own process; one: one process, no fork.
    monkeypatch.setattr(os, "cpu_count", lambda: cores)
    fast = build(tmp_path / "fast", corpus)
    assert tree_digest(fast) == tree_digest(plain)
    # The French post's links reach the English pages, which only the English site reads.
    french_post = next(fast.glob("fr/blogue/*-2-*/index.html")).read_text(encoding="utf-8")
    english_post = next(fast.glob("en/blog/post-3-*/index.html")).parent.name
    assert f'href="{SITEURL}/en/blog/{english_post}/"' in french_post
    assert f'href="{SITEURL}/en/rules-of-engagement/"' in french_post


def test_incremental_rebuilds_match_a_plain_build_after_edit_delete_and_add(tmp_path, corpus):
    cache = tmp_path / "cache"
    fast = build(tmp_path / "fast", corpus, cache)
    edited = corpus / "posts/00003.en.md"
    edited.write_text(edited.read_text(encoding="utf-8").replace("Title: Post 3:", "Title: Post 3 edited:"), encoding="utf-8")
    deleted_page = next(fast.glob("en/blog/post-5-*/index.html"))
    for lang in ("en", "fr"):
        (corpus / f"posts/00005.{lang}.md").unlink()
    shutil.copy(corpus / "posts/00007.en.md", corpus / "posts/00099.en.md")
    added = corpus / "posts/00099.en.md"
    added.write_text(
        added.read_text(encoding="utf-8")
        .replace("Post 7:", "Post 99:")
        .replace("post-00007", "post-00099")
        .replace("Lang: en\n", "Lang: en\nSingle-Language: yes\n"),
        encoding="utf-8",
    )
    build(fast, corpus, cache)
    plain = build(tmp_path / "plain", corpus, **PLAIN)
    assert not deleted_page.exists()
    assert not deleted_page.parent.exists()  # nor its folder
    assert tree_digest(fast) == tree_digest(plain)
    for listing in ("en/index.html", "en/blog/index.html", "en/feeds/all.atom.xml", "en/sitemap.xml"):
        assert "post-5-" not in (fast / listing).read_text(encoding="utf-8"), listing
    for listing in ("en/blog/index.html", "en/sitemap.xml"):
        assert "post-3-edited-" in (fast / listing).read_text(encoding="utf-8"), listing
    assert "post-99-" in (fast / "en/blog/index.html").read_text(encoding="utf-8")


def test_no_change_rebuild_keeps_the_output_untouched(tmp_path, corpus):
    cache = tmp_path / "cache"
    fast = build(tmp_path / "fast", corpus, cache)
    marked = mark(fast, "*")
    assert len(marked) > 2 * POSTS  # each post's page, in two languages, and the lists
    build(fast, corpus, cache)
    assert rewritten(fast, marked) == set()


def post_folder(site, lang, number):
    return next(site.glob(f"{lang}/{'blog' if lang == 'en' else 'blogue'}/*-{number}-*/index.html")).parent


# Appended to each file before a rebuild: a file that still ends with it was
# kept as it was (file times are no evidence: a clock or a copy can fool them).
MARKER = b"\n<!-- kept by the rebuild -->\n"


def mark(site, pattern="*.html"):
    """Mark every file matching `pattern`; return their relative names."""
    marked = set()
    for path in site.rglob(pattern):
        if path.is_file():
            path.write_bytes(path.read_bytes() + MARKER)
            marked.add(path.relative_to(site).as_posix())
    return marked


def rewritten(site, marked):
    """The marked files that were rewritten or deleted since; the marks are removed."""
    changed = set()
    for name in marked:
        path = site / name
        data = path.read_bytes() if path.exists() else b""
        if data.endswith(MARKER):
            path.write_bytes(data[: -len(MARKER)])
        else:
            changed.add(name)
    return changed


def test_a_rebuild_renders_only_the_pages_an_edit_changed(tmp_path, corpus, monkeypatch):
    cache = tmp_path / "cache"
    site = build(tmp_path / "fast", corpus, cache)
    restored = []
    real_restore = content_cache.restore
    monkeypatch.setattr(content_cache, "restore", lambda *args: restored.append(args[0]) or real_restore(*args))
    # The newest post: on the first page of every list that shows it.
    edited = corpus / f"posts/{POSTS:05d}.en.md"
    edited.write_text(edited.read_text(encoding="utf-8") + "\nOne more paragraph.\n", encoding="utf-8")
    marked = mark(site)
    build(site, corpus, cache)
    changed = rewritten(site, marked)
    english, french = (post_folder(site, lang, POSTS).relative_to(site).as_posix() for lang in ("en", "fr"))
    # Its page, and its French version's (the language toggle).
    assert {f"{english}/index.html", f"{french}/index.html"} <= changed
    # The lists that show it (a list may show a body: a summary cut from it), not the others.
    assert {"en/index.html", "en/blog/index.html"} <= changed
    assert "en/page/2/index.html" in marked
    assert "en/page/2/index.html" not in changed
    # Not the other posts' pages, nor the French lists.
    others = {
        page.relative_to(site).as_posix()
        for folder in ("en/blog", "fr/blogue")
        for page in (site / folder).glob("*/**/index.html")
        if not page.is_relative_to(site / english) and not page.is_relative_to(site / french)
    }
    assert len(others) >= 2 * (POSTS - 1)
    assert not changed & others
    assert not {name for name in changed if name.startswith(("fr/mots-cles/", "fr/categories/", "fr/page/"))}
    assert "fr/index.html" not in changed
    assert len(changed) < len(marked) / 5
    # The unchanged files' items came back from the content cache (in this process at least).
    assert len(restored) > POSTS
    plain = build(tmp_path / "plain", corpus, **PLAIN)
    assert tree_digest(site) == tree_digest(plain)


def test_a_rebuild_renders_the_lists_that_show_what_an_edit_changed(tmp_path, corpus):
    cache = tmp_path / "cache"
    site = build(tmp_path / "fast", corpus, cache)
    edited = corpus / f"posts/{POSTS:05d}.en.md"
    text = edited.read_text(encoding="utf-8")
    lists = {"en/index.html", "en/blog/index.html"}
    # A header edit: every list that shows the post.
    marked = mark(site)
    edited.write_text(text.replace("Title: Post", "Title: Edited post"), encoding="utf-8")
    build(site, corpus, cache)
    assert lists <= rewritten(site, marked)
    # With no Summary field, the lists cut the summary from the body: a body edit shows there.
    edited.write_text(re.sub(r"\nSummary:[^\n]*", "", text), encoding="utf-8")
    build(site, corpus, cache)
    marked = mark(site)
    body = edited.read_text(encoding="utf-8")
    head, first_paragraph = body.split("\n\n", 1)
    edited.write_text(f"{head}\n\nA new first sentence. {first_paragraph}", encoding="utf-8")
    build(site, corpus, cache)
    assert lists <= rewritten(site, marked)
    for name in lists:
        assert "A new first sentence." in (site / name).read_text(encoding="utf-8")
    plain = build(tmp_path / "plain", corpus, **PLAIN)
    assert tree_digest(site) == tree_digest(plain)


def test_a_rebuild_checks_the_links_of_the_pages_it_writes_in_both_languages(tmp_path, corpus, monkeypatch):
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    cache = tmp_path / "cache"
    site = build(tmp_path / "fast", corpus, cache)
    for lang in ("en", "fr"):
        post = corpus / f"posts/00004.{lang}.md"
        post.write_text(post.read_text(encoding="utf-8") + f"\n[Nowhere](/{lang}/nowhere/)\n", encoding="utf-8")
    with pytest.raises(ContentError) as failure:
        build(site, corpus, cache)
    assert re.search(r"en/blog/post-4-[^/]+/index.html: a href: '/en/nowhere/' points to no file", str(failure.value))
    assert re.search(r"fr/blogue/[^/]+/index.html: a href: '/fr/nowhere/' points to no file", str(failure.value))


@pytest.mark.parametrize("cores", [2, 1], ids=["two processes", "one process"])
def test_a_link_to_a_deleted_posts_page_is_reported_on_a_rebuild(tmp_path, corpus, monkeypatch, cores):
    monkeypatch.setattr(os, "cpu_count", lambda: cores)
    cache = tmp_path / "cache"
    site = build(tmp_path / "fast", corpus, cache)
    gone = post_folder(site, "en", 5).relative_to(site).as_posix()
    for lang in ("en", "fr"):
        (corpus / f"posts/00005.{lang}.md").unlink()
    post = corpus / "posts/00006.en.md"
    post.write_text(post.read_text(encoding="utf-8") + f"\n[Gone](/{gone}/)\n", encoding="utf-8")
    # The deleted post's old page is still on disk when the links are checked, unless it is deleted first.
    with pytest.raises(ContentError, match=f"'/{gone}/' points to no file"):
        build(site, corpus, cache)


def test_a_failure_in_the_french_sites_process_fails_the_build_with_its_error(tmp_path, corpus):
    french = corpus / "posts/00002.fr.md"
    french.write_text(french.read_text(encoding="utf-8").replace("Lang: fr\n", "Lang: fr\nTemplate: nowhere\n"), encoding="utf-8")
    with pytest.raises(Exception, match="nowhere"):
        build(tmp_path / "fast", corpus)


def test_a_french_process_that_dies_without_a_word_fails_the_build(tmp_path, corpus, monkeypatch):
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    # What the child runs to build the French site: here it just ends, as a crash would.
    monkeypatch.setattr(parallel_sites.compat, "build_next_subsite", lambda pelican: os._exit(3))
    with pytest.raises(parallel_sites.SiteProcessError, match="'fr' site's build process ended without a report"):
        build(tmp_path / "fast", corpus)


def test_a_header_read_finds_the_metadata_a_full_conversion_finds(corpus):
    options = markdown_options({**DEFAULT_CONFIG, "MARKDOWN": DEFAULT_CONFIG["MARKDOWN"]})
    sources = sorted((corpus / "posts").glob("0000*.md")) + sorted((corpus / "authors").glob("*.md"))
    assert len(sources) == 18 + 16  # posts 1-9 in two languages, 8 authors' bios in two
    for path in sources:
        _stamp, (html, meta, _formatted) = convert(str(path), options, ("summary",))
        _stamp, (no_html, header_meta, _none) = read_header(str(path), options)
        assert html and no_html == "" and header_meta == meta, path


@pytest.mark.parametrize("text", [
    "2010-01-02", "2010-01-02 09:00", "2010-01-02_09:00", "2010-01-02T09:00:30", "2010-01-02  09:00",
    "2010-01-02 09:00+05:00", "2010-02-30", "2 janvier 2010", "January 2, 2010",
])
def test_dates_are_read_as_pelican_reads_them(text):
    fast, stock = StoredMarkdownReader(dict(DEFAULT_CONFIG)), MarkdownReader(dict(DEFAULT_CONFIG))
    for name in ("date", "modified"):
        try:
            expected = stock.process_metadata(name, text)
        except ValueError as error:
            with pytest.raises(ValueError, match=re.escape(str(error))):
                fast.process_metadata(name, text)
        else:
            got = fast.process_metadata(name, text)
            assert (got, type(got), got.tzinfo) == (expected, type(expected), expected.tzinfo)


def test_french_markdown_is_typeset_as_it_is_converted():
    md = Markdown(extensions=["meta", "bilingual.typography"])
    assert md.convert("Lang: fr\n\nNote : « oui » !\n\n    code : x") == (
        "<p>Note\u00a0: «\u00a0oui\u00a0»!</p>\n<pre><code>code : x\n</code></pre>"
    )
    assert md.reset().convert("Lang: en\n\nNote : yes !") == "<p>Note : yes !</p>"


MARKDOWN_SAMPLES = [
    "Plain words only.\n\nTwo paragraphs.",
    "Some *emphasis*, __strong__ and a [link](https://example.gc.ca \"title\").",
    "Code: `x = 1` and ``a ` b``, an escaped \\*star\\* and a \\\\ backslash.",
    "A [reference][ref] link, a [short] one and an ![image][pic].\n\n[ref]: https://a.example\n[short]: /b\n[pic]: /c.png",
    "An undefined [reference][nowhere], [brackets] and ![alt](/img.png \"t\").",
    "A footnote[^1] and an abbreviation: HTML.\n\n[^1]: The note.\n\n*[HTML]: HyperText Markup Language",
    "Auto <https://example.gc.ca> and <mail@example.gc.ca>, inline <b>HTML</b>, &amp; &#233; &copy;.",
    "Line one  \nline two\twith a tab,\r\nwindows line  \r\nand a tab line\t\nend.",
    "| a | b |\n|---|---|\n| *c* | `d` |\n\nTerm\n:   Definition with _under_ score.",
    "```python\nprint('<b>&amp;')\n```\n\n    indented *code*\n\n> quoted **text** with [link](/x)",
    "<div markdown=\"1\">*inside* html</div>\n\n{: #id .class }\n\n# Heading {: #custom }",
    "Étoiles ** isolées ** et _ seules _ ; « guillemets » : fin !",
    "Only __strong__ and _em_ here.",
    "Tabbed end\t\nnext line.",
]


@pytest.mark.parametrize("text", MARKDOWN_SAMPLES)
def test_conversions_skip_only_inline_patterns_that_cannot_match(text):
    options = markdown_options(read_settings(str(ROOT / "pelicanconf.py")))
    converter = Converter(options)
    html, md = converter.convert(text)
    present = {name for name in INLINE_TRIGGERS if name in converter.full.inlinePatterns}
    can_match = {name for name in present if any(trigger in text for trigger in INLINE_TRIGGERS[name])}
    # The instance that converted holds exactly the patterns that can match: an
    # equal output alone would only compare md.convert with itself.
    assert {name for name in present if name in md.inlinePatterns} == can_match
    assert html == Markdown(**options).convert(text)


def test_converted_metadata_comes_from_the_instance_that_converted():
    converter = Converter(markdown_options(read_settings(str(ROOT / "pelicanconf.py"))))
    first = converter.convert("Title: One\n\nPlain words.")[1].Meta
    second = converter.convert("Title: Two\n\nMore words.")[1].Meta
    assert (first["title"], second["title"]) == (["One"], ["Two"])


def test_inline_pattern_skipping_applies_to_the_installed_markdown():
    # Upgrading Python-Markdown turns the skipping off until INLINE_TRIGGERS is checked against the new patterns.
    converter = Converter(markdown_options(read_settings(str(ROOT / "pelicanconf.py"))))
    assert markdown.__version__ == TRIGGERS_VERSION
    assert converter.for_text("Plain words.") is not converter.full
    names = {name for name in INLINE_TRIGGERS if name in converter.full.inlinePatterns}
    assert len(names) == len(converter.full.inlinePatterns)


def preview_pelican(output, corpus, cache):
    """One Pelican for many runs, as `make devserver` keeps it."""
    settings = read_settings(str(ROOT / "pelicanconf.py"), override={
        "PATH": str(corpus), "OUTPUT_PATH": str(output), "CACHE_PATH": str(cache),
        "I18N_GETTEXT_LOCALEDIR": str(output.parent / "locale"), "CACHE_CONTENT": False, "SITEURL": SITEURL,
    })
    return Pelican(settings)


@pytest.mark.parametrize("watched", [True, False], ids=["changes reported", "no report"])
@pytest.mark.parametrize("cores", [2, 1], ids=["two processes", "one process"])
def test_runs_of_one_pelican_render_only_what_each_edit_changed(tmp_path, corpus, monkeypatch, cores, watched):
    monkeypatch.setattr(os, "cpu_count", lambda: cores)
    site = tmp_path / "fast"
    pelican = preview_pelican(site, corpus, tmp_path / "cache")
    if watched:  # as the preview runs it: only the reported files are hashed again
        session.keep_between_runs(pelican.settings)
    pelican.run()
    hashed = []
    record_stamp = conversions.record_stamp_of
    monkeypatch.setattr(conversions, "record_stamp_of", lambda path, data: hashed.append(path) or record_stamp(path, data))
    # The first run changes the settings it reads (Pelican's Markdown reader adds
    # its extensions to MARKDOWN): the second must not take that for a new site.
    for number, (lang, post) in enumerate([("en", 7), ("fr", 8), ("en", 7), ("fr", 7)]):
        edited = corpus / f"posts/{post:05d}.{lang}.md"
        edited.write_text(edited.read_text(encoding="utf-8") + f"\nEdit number {number}.\n", encoding="utf-8")
        session.report_changes(pelican.settings, [edited])
        marked = mark(site)
        hashed.clear()
        other_cache = tmp_path / f"cache/fastbuild/content-{'fr' if lang == 'en' else 'en'}.pickle"
        other_before = other_cache.read_bytes()
        pelican.run()
        # The other language's content objects are not emptied, nor (in two
        # processes, where a site reads none of the other's posts) saved again.
        assert other_cache.read_bytes() == other_before or cores == 1
        assert len(load_pickle(other_cache)[2]) > POSTS
        changed = rewritten(site, marked)
        assert hashed == [str(edited)] if watched else len(hashed) > 2 * POSTS
        page = (post_folder(site, lang, post) / "index.html").relative_to(site).as_posix()
        assert page in changed
        assert f"Edit number {number}." in (site / page).read_text(encoding="utf-8")
        assert len(changed) < len(marked) / 5, sorted(changed)[:20]
    # A folder reported: every file under it is hashed again (a folder moved or replaced).
    for lang in ("en", "fr"):
        (corpus / f"posts/00005.{lang}.md").unlink()
    shutil.copytree(corpus / "posts", tmp_path / "posts")
    shutil.rmtree(corpus / "posts")
    (tmp_path / "posts/00009.en.md").write_text(
        (tmp_path / "posts/00009.en.md").read_text(encoding="utf-8") + "\nMoved back.\n", encoding="utf-8")
    shutil.move(tmp_path / "posts", corpus / "posts")
    session.report_changes(pelican.settings, [corpus / "posts"])
    pelican.run()
    assert "Moved back." in (post_folder(site, "en", 9) / "index.html").read_text(encoding="utf-8")
    plain = build(tmp_path / "plain", corpus, **PLAIN)
    assert tree_digest(site) == tree_digest(plain)


def test_a_fork_waits_for_no_log_record_being_printed_and_the_child_can_print():
    # A dev-server thread printing while the build forks must not leave a lock held in the child.
    handler = logging.StreamHandler(io.StringIO())
    logging.getLogger().addHandler(handler)
    try:
        with parallel_sites.no_record_being_printed():
            others = []
            thread = threading.Thread(target=lambda: others.append(handler.lock.acquire(blocking=False)))
            thread.start()
            thread.join()
            pid = os.fork()
            if pid == 0:
                os._exit(0 if handler.lock.acquire(blocking=False) else 1)
        assert others == [False], "another thread could print while the build forked"
        assert os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) == 0, "the child found the handler's lock held"
        assert handler.lock.acquire(blocking=False), "the parent did not release the handler's lock"
        handler.release()
    finally:
        logging.getLogger().removeHandler(handler)
