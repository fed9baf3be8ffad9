"""The fast build writes exactly what a plain sequential build writes, also after edits."""

import shutil

import pytest
from bench.corpus import write_corpus
from conftest import build_site
from test_publish_output import tree_digest

SITEURL = "https://blog.example.gc.ca"
PLAIN = {"PLUGINS": ["i18n_subsites", "bilingual", "comments"]}
POSTS = 40  # 80 posts and 16 bios: enough for the conversion pool to be used


def build(output, corpus, cache=None, **overrides):
    settings = {"SITEURL": SITEURL, **overrides}
    if cache is not None:
        settings["CACHE_PATH"] = str(cache)
    return build_site(output, corpus, **settings)


@pytest.fixture
def corpus(tmp_path):
    return write_corpus(tmp_path / "corpus", POSTS)


def test_fast_build_output_is_byte_identical_to_a_plain_build(tmp_path, corpus):
    fast = build(tmp_path / "fast", corpus)
    plain = build(tmp_path / "plain", corpus, **PLAIN)
    assert tree_digest(fast) == tree_digest(plain)


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
    assert tree_digest(fast) == tree_digest(plain)
    for listing in ("en/index.html", "en/blog/index.html", "en/feeds/all.atom.xml", "en/sitemap.xml"):
        assert "post-5-" not in (fast / listing).read_text(encoding="utf-8"), listing
    for listing in ("en/blog/index.html", "en/sitemap.xml"):
        assert "post-3-edited-" in (fast / listing).read_text(encoding="utf-8"), listing
    assert "post-99-" in (fast / "en/blog/index.html").read_text(encoding="utf-8")


def test_no_change_rebuild_keeps_the_output_untouched(tmp_path, corpus):
    cache = tmp_path / "cache"
    fast = build(tmp_path / "fast", corpus, cache)
    times = {p: p.stat().st_mtime_ns for p in fast.rglob("*") if p.is_file()}
    build(fast, corpus, cache)
    assert {p: p.stat().st_mtime_ns for p in fast.rglob("*") if p.is_file()} == times
