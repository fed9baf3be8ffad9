"""Bad content stops the build with a message naming the file and the field."""

import pytest
from bilingual.problems import ContentError
from conftest import build_site, copy_content, soup

POST = """Title: {title}
Date: 2021-03-01
Author: Mark Levene
Category: Digital government
{extra}

Body text.
"""


def add_post(content, name, extra, title="A test post"):
    (content / "posts" / name).write_text(POST.format(title=title, extra=extra), encoding="utf-8")


def test_post_without_lang_stops_the_build_naming_the_file(tmp_path):
    content = copy_content(tmp_path / "content")
    add_post(content, "no-lang.md", "Translation-Key: no-lang")
    with pytest.raises(ContentError) as failure:
        build_site(tmp_path / "output", content)
    message = str(failure.value)
    assert "posts/no-lang.md: Lang: missing" in message
    assert "'Lang: en' or 'Lang: fr'" in message
    assert not (tmp_path / "output" / "en").exists()


def test_post_in_a_language_the_site_lacks_stops_the_build(tmp_path):
    content = copy_content(tmp_path / "content")
    add_post(content, "german.md", "Lang: de\nTranslation-Key: german")
    add_post(content, "no-lang.md", "Translation-Key: other")
    with pytest.raises(ContentError) as failure:
        build_site(tmp_path / "output", content)
    message = str(failure.value)
    assert "posts/german.md: Lang: 'de' is not a language of this site" in message
    # Every problem of the run is reported at once, not only the first.
    assert "posts/no-lang.md: Lang: missing" in message


def test_untranslated_post_is_published_only_in_its_language(tmp_path):
    content = copy_content(tmp_path / "content")
    add_post(content, "only-english.md", "Lang: en\nTranslation-Key: only-english", "Only English")
    site = build_site(tmp_path / "output", content)
    assert (site / "en/blog/only-english/index.html").exists()
    assert not list(site.glob("fr/**/only-english*"))
    toggle = soup(site / "en/blog/only-english/index.html").select_one("section.gcb-lang")
    link = toggle.select_one("a")
    assert link["href"] == "/fr/"
    note = toggle.select_one(".gcb-lang__note")
    assert note["lang"] == "fr" and "non traduite" in note.get_text()


def test_dev_server_rerun_forgets_an_error_once_it_is_fixed(tmp_path):
    """`make devserver` reruns one Pelican instance; a fixed file must build again."""
    from conftest import ROOT
    from pelican import Pelican
    from pelican.settings import read_settings

    content = copy_content(tmp_path / "content")
    add_post(content, "no-lang.md", "Translation-Key: fixed-later")
    settings = read_settings(
        str(ROOT / "pelicanconf.py"),
        override={"PATH": str(content), "OUTPUT_PATH": str(tmp_path / "out"),
                  "CACHE_PATH": str(tmp_path / "cache"), "I18N_GETTEXT_LOCALEDIR": str(tmp_path / "locale")},
    )
    pelican = Pelican(settings)
    with pytest.raises(ContentError):
        pelican.run()
    add_post(content, "no-lang.md", "Lang: en\nTranslation-Key: fixed-later")
    pelican.run()
    assert (tmp_path / "out/en/blog/a-test-post/index.html").exists()
    assert (tmp_path / "out/fr/index.html").exists()


def test_draft_with_terms_no_published_post_uses_builds_and_links_only_to_real_pages(tmp_path):
    content = copy_content(tmp_path / "content")
    with (content / "taxonomy.yml").open("a", encoding="utf-8") as taxonomy:
        taxonomy.write("  - en: Brand new\n    fr: Tout nouveau\n")
    add_post(
        content,
        "draft.en.md",
        "Lang: en\nTranslation-Key: a-draft\nTags: Brand new, Digital Nations\nStatus: draft",
        "A draft",
    )
    site = build_site(tmp_path / "output", content)
    doc = soup(site / "en/drafts/a-draft/index.html")
    tags = doc.select(".gcb-article__terms .gcb-inline-list li")
    assert [tag.get_text() for tag in tags] == ["Brand new", "Digital Nations"]
    # A term only drafts use has no page yet: its name is shown, not linked.
    assert tags[0].a is None
    assert tags[1].a["href"] == "/en/tags/digital-nations/"
    assert not (site / "en/tags/brand-new").exists()


def test_error_found_after_writing_says_the_site_was_written(tmp_path):
    content = copy_content(tmp_path / "content")
    add_post(content, "broken.en.md", "Lang: en\nTranslation-Key: broken\nSingle-Language: yes", "Broken")
    post = content / "posts/broken.en.md"
    post.write_text(post.read_text(encoding="utf-8") + '\n<p><a href="/en/nowhere/">x</a></p>\n', encoding="utf-8")
    with pytest.raises(ContentError) as failure:
        build_site(tmp_path / "output", content)
    message = str(failure.value)
    assert "'/en/nowhere/' points to no file in the output" in message
    assert "nothing was written" not in message
    assert f"after writing the site to {tmp_path / 'output'}" in message
    assert (tmp_path / "output/en/blog/broken/index.html").exists()
