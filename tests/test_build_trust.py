"""A build never ships output made by something else: another library version,
settings file, plugin code or callable setting; a preview's cache in a publish;
a reader that reads sources differently from Pelican's."""

import logging
import marshal
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import markdown
import pelican_compat as compat
import pytest
from bench.corpus import write_corpus
from conftest import ROOT, build_site
from fastbuild import toolchain
from fastbuild.reader import StoredMarkdownReader
from fastbuild.store import BuildStore
from pelican.readers import MarkdownReader
from pelican.settings import read_settings
from test_fastbuild import PLAIN, build, mark, rewritten
from test_publish_output import tree_digest

POSTS = 8
SUMMIT_POST = "en/blog/responsive-and-resilient-service-an-international-approach-to-digital-government/index.html"


@pytest.fixture
def corpus(tmp_path):
    return write_corpus(tmp_path / "corpus", POSTS)


def set_aside_messages(caplog):
    return [r.getMessage() for r in caplog.records if "set aside" in r.getMessage()]


def test_a_new_library_version_sets_the_cache_aside_and_says_why_once(tmp_path, corpus, monkeypatch, caplog):
    cache = tmp_path / "cache"
    site = build(tmp_path / "fast", corpus, cache)
    marked = mark(site)
    real_version = toolchain.library_version
    monkeypatch.setattr(toolchain, "library_version", lambda name: "9.9" if name == "Markdown" else real_version(name))
    with caplog.at_level(logging.WARNING):
        build(site, corpus, cache)
    [message] = set_aside_messages(caplog)
    assert f"Markdown {real_version('Markdown')} -> 9.9" in message
    # Nothing of the old cache was used: every page was rendered again.
    assert rewritten(site, marked) == marked
    caplog.clear()
    build(site, corpus, cache)
    assert set_aside_messages(caplog) == []


def oldest_first(article):
    return (article.date.timestamp(), article.slug)


def test_a_changed_callable_setting_rebuilds_what_it_orders(tmp_path, corpus, caplog):
    cache = tmp_path / "cache"
    site = build(tmp_path / "fast", corpus, cache)
    with caplog.at_level(logging.WARNING):
        build(site, corpus, cache, ARTICLE_ORDER_BY=oldest_first)
    assert "callable settings changed (ARTICLE_ORDER_BY)" in " ".join(set_aside_messages(caplog))
    plain = build(tmp_path / "plain", corpus, ARTICLE_ORDER_BY=oldest_first, **PLAIN)
    assert tree_digest(site) == tree_digest(plain)


def test_an_edited_settings_file_sets_the_cache_aside(tmp_path, corpus, caplog):
    conf = tmp_path / "pelicanconf.py"
    conf.write_text((ROOT / "pelicanconf.py").read_text(encoding="utf-8").replace(
        'HERE = Path(__file__).resolve().parent', f'HERE = Path({str(ROOT)!r})'
    ), encoding="utf-8")
    cache = tmp_path / "cache"
    build(tmp_path / "fast", corpus, cache, FASTBUILD_SETTINGS_FILES=[str(conf)])
    conf.write_text(conf.read_text(encoding="utf-8") + "\n# an edit that no setting shows\n", encoding="utf-8")
    with caplog.at_level(logging.WARNING):
        build(tmp_path / "fast", corpus, cache, FASTBUILD_SETTINGS_FILES=[str(conf)])
    assert "settings files changed (pelicanconf.py)" in " ".join(set_aside_messages(caplog))


def test_a_cache_that_records_no_toolchain_is_set_aside(tmp_path, corpus, caplog):
    cache = tmp_path / "cache"
    build(tmp_path / "fast", corpus, cache)
    (cache / "fastbuild" / toolchain.MANIFEST).unlink()
    with caplog.at_level(logging.WARNING):
        build(tmp_path / "fast", corpus, cache)
    assert "it records no toolchain" in " ".join(set_aside_messages(caplog))


def poison_conversions(folder, needle, replacement):
    """Rewrite the stored conversions of `folder` as another toolchain might have made them."""
    poisoned = 0
    for path in folder.glob("conversions-*.marshal"):
        if path.stem.endswith("-others"):
            continue
        version, (options, entries) = marshal.loads(path.read_bytes())
        for source, (stamp, html, meta, formatted) in list(entries.items()):
            if needle in html:
                entries[source] = (stamp, html.replace(needle, replacement), meta, formatted)
                poisoned += 1
        path.write_bytes(marshal.dumps((version, (options, entries))))
    return poisoned


def test_publish_never_uses_a_cache_it_did_not_make_in_that_run(tmp_path):
    cache = tmp_path / "cache"
    common = {"CACHE_PATH": str(cache), "SITEURL": "https://blog.example.gc.ca",
              "COMMENTS_ENDPOINT": "https://comments.example.gc.ca/v3/entry"}
    build_site(tmp_path / "preview", **common)
    assert poison_conversions(cache / "fastbuild", "Digital Nations", "POISONED") > 0
    # A preview build trusts its own cache (so the poison shows there)...
    assert "POISONED" in (build_site(tmp_path / "preview-2", **common) / SUMMIT_POST).read_text(encoding="utf-8")
    # ...a publish builds cold in a folder of its own, and leaves none behind.
    before = set(Path(tempfile.gettempdir()).glob("fastbuild-cold-*"))
    published = build_site(tmp_path / "published", conf="publishconf.py", **common)
    assert "Digital Nations" in (published / SUMMIT_POST).read_text(encoding="utf-8")
    assert "POISONED" not in (published / SUMMIT_POST).read_text(encoding="utf-8")
    assert set(Path(tempfile.gettempdir()).glob("fastbuild-cold-*")) == before


def test_unexpected_internals_turn_the_speed_layer_off_with_one_warning(tmp_path, corpus, monkeypatch, caplog):
    monkeypatch.setitem(compat.EXPECTED_VERSIONS, "pelican", "0.0")
    with caplog.at_level(logging.WARNING):
        fast = build(tmp_path / "fast", corpus, tmp_path / "cache")
    [warning] = [r.getMessage() for r in caplog.records if r.getMessage().startswith("fastbuild")]
    assert "fastbuild: off" in warning and "pelican is 4.12.0" in warning
    assert not (tmp_path / "cache" / "fastbuild").exists()
    plain = build(tmp_path / "plain", corpus, **PLAIN)
    assert tree_digest(fast) == tree_digest(plain)


def test_every_internal_that_fastbuild_touches_is_where_it_was_checked():
    assert compat.problem() is None


# Reader parity: the stored reader reads every source as Pelican's reader does.
TRICKY_SOURCES = {
    "bom.md": "\ufeffTitle: Starts with a byte-order mark\nDate: 2020-10-27 09:00\nLang: en\n\nBody : text.\n",
    "crlf.md": (
        "Title: Windows line ends\r\nDate: 2020-10-27\r\nLang: fr\r\nSummary: Un résumé : court\r\n\r\nLe corps ; enfin !\r\n"
    ),
    "bom-crlf.md": "\ufeffTitle: Both\r\nLang: fr\r\nTags: un, deux\r\n\r\nTexte « cité ».\r\n",
    "cr-only.md": "Title: Old Mac line ends\rLang: en\r\rBody.\r",
    "unusual.md": (
        "TITLE:    Spaced   title  \nlang: en\nAuthors: A; B\nTags: x\nTags: y\nSummary: First line\n"
        "    continued *line*\nModified: 2021-03-04T21:30:00-05:00\nDate: 2020-10-27_09:00\nEmpty:\n"
        "Status: Draft\nSlug: a_slug\n\n# Heading\n\nText.\n"
    ),
    "front-matter.md": "---\nTitle: Fenced header\nLang: en\n---\n\nBody after a fence.\n",
    "no-header.md": "Just a body, no header at all: none.\n",
    "header-only.md": "Title: Nothing else\nLang: en\n",
}


def reader_settings(tmp_path):
    return read_settings(str(ROOT / "pelicanconf.py"), override={"PATH": str(tmp_path), "CACHE_PATH": str(tmp_path / "c")})


def comparable(metadata):
    return {name: repr(value) for name, value in metadata.items()}


def sources_to_compare(tmp_path):
    tricky = tmp_path / "tricky"
    tricky.mkdir()
    for name, text in TRICKY_SOURCES.items():
        (tricky / name).write_bytes(text.encode("utf-8"))
    real = sorted((ROOT / "content").rglob("*.md"))
    assert len(real) >= 6
    return [*real, *sorted(tricky.iterdir())]


def test_the_stored_reader_reads_every_source_as_pelicans_reader_does(tmp_path):
    settings = reader_settings(tmp_path)
    settings["FASTBUILD_STORE"] = BuildStore()
    stock, fast = MarkdownReader(settings), StoredMarkdownReader(settings)
    sources = sources_to_compare(tmp_path)
    for path in sources:
        stock_html, stock_meta = stock.read(str(path))
        fast_html, fast_meta = fast.read(str(path))
        assert (fast_html, comparable(fast_meta)) == (stock_html, comparable(stock_meta)), path
    # The byte-order mark does not hide the first field (it did: the error then blamed Lang).
    assert fast.read(str(tmp_path / "tricky" / "bom.md"))[1]["title"] == "Starts with a byte-order mark"


def test_a_post_that_starts_with_a_byte_order_mark_builds(tmp_path, corpus):
    post = corpus / "posts/00002.en.md"
    post.write_bytes(b"\xef\xbb\xbf" + post.read_bytes().replace(b"\n", b"\r\n"))
    fast = build(tmp_path / "fast", corpus, tmp_path / "cache")
    plain = build(tmp_path / "plain", corpus, **PLAIN)
    assert tree_digest(fast) == tree_digest(plain)


# Another Python-Markdown in a scratch virtual environment: the wheel comes
# from `make test-tools` (the tests reach no registry themselves).
OTHER_MARKDOWN = "3.10.2"
BUILD_SCRIPT = """
import sys
sys.path[:0] = [{tests!r}, {plugins!r}]
from conftest import build_site
build_site({output!r}, {corpus!r}, SITEURL="https://blog.example.gc.ca", CACHE_PATH={cache!r})
"""


def scratch_environment(tmp_path):
    """A virtual environment with Markdown OTHER_MARKDOWN, and this one's other packages behind it."""
    [wheel] = (ROOT / ".cache" / "wheels").glob(f"markdown-{OTHER_MARKDOWN}-*.whl")
    venv = tmp_path / "scratch-venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    [site_packages] = venv.glob("lib/python*/site-packages")
    ours = Path(markdown.__file__).parent.parent
    (site_packages / "project-packages.pth").write_text(f"{ours}\n", encoding="utf-8")
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-index",
         "--disable-pip-version-check", "--target", str(site_packages), str(wheel)],
        check=True,
    )
    return venv / "bin" / "python"


def build_in(python, output, corpus, cache):
    script = BUILD_SCRIPT.format(tests=str(ROOT / "tests"), plugins=str(ROOT / "plugins"),
                                 output=str(output), corpus=str(corpus), cache=str(cache))
    done = subprocess.run([str(python), "-c", script], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    return done.stderr


def test_a_markdown_downgrade_and_upgrade_rebuild_as_a_cold_build_would(tmp_path, corpus):
    python = scratch_environment(tmp_path)
    version = subprocess.run([str(python), "-c", "import markdown; print(markdown.__version__)"],
                             capture_output=True, text=True, check=True).stdout.strip()
    assert version == OTHER_MARKDOWN
    cache = tmp_path / "cache"
    site = build(tmp_path / "site", corpus, cache)
    marked = mark(site)
    # Downgrade: the cache is set aside, once, and the output is what a cold build makes.
    log = build_in(python, site, corpus, cache)
    assert log.count("set aside") == 1 and f"Markdown {markdown.__version__} -> {OTHER_MARKDOWN}" in log
    assert rewritten(site, marked) == marked
    cold = tmp_path / "cold"
    build_in(python, cold, corpus, tmp_path / "cold-cache")
    assert tree_digest(site) == tree_digest(cold)
    # And back: the same again with this environment's Markdown.
    build(site, corpus, cache)
    assert tree_digest(site) == tree_digest(build(tmp_path / "plain", corpus, **PLAIN))
    assert os.listdir(cache / "fastbuild")


def test_a_publish_writes_what_pelican_alone_writes(tmp_path):
    common = {"SITEURL": "https://blog.example.gc.ca", "COMMENTS_ENDPOINT": "https://comments.example.gc.ca/v3/entry"}
    fast = build_site(tmp_path / "fast", conf="publishconf.py", CACHE_PATH=str(tmp_path / "cache"), **common)
    plain = build_site(tmp_path / "plain", conf="publishconf.py", **PLAIN, **common)
    assert tree_digest(fast) == tree_digest(plain)
    assert not (tmp_path / "cache" / "fastbuild").exists()  # it kept nothing
