"""`make publish` reports every content problem at once, naming file and field,
and leaves the previously published site exactly as it was."""

import shutil
from pathlib import Path

import pytest
from conftest import build_site, copy_content
from test_publish_output import make_publish, tree_digest

ENDPOINT = "https://comments.example.gc.ca/v3/entry"


@pytest.fixture(scope="module")
def previous_output(tmp_path_factory):
    """A site as a successful `make publish` left it."""
    root = tmp_path_factory.mktemp("previous")
    result = make_publish(copy_content(root / "content"), root / "output")
    assert result.returncode == 0, result.stdout + result.stderr
    return root / "output"


def publish(tmp_path, content):
    return build_site(
        tmp_path / "output", content, conf="publishconf.py",
        SITEURL="https://blog.example.gc.ca", COMMENTS_ENDPOINT=ENDPOINT,
    )


def post(content, name, lang="en", key="extra", date="Date: 2021-03-01", body="Body text.", extra=""):
    (content / "posts" / name).write_text(
        f"Title: Extra {lang} {name}\n{date}\nAuthor: Mark Levene\nCategory: Digital government\n"
        f"Lang: {lang}\nTranslation-Key: {key}\n{extra}\n\n{body}\n",
        encoding="utf-8",
    )


@pytest.fixture
def failure(tmp_path, previous_output):
    """Run `make publish` over the previous output; return its error, folded to one line."""

    def run(_tmp_path, content):
        output = Path(shutil.copytree(previous_output, tmp_path / "published"))
        before = tree_digest(output)
        result = make_publish(content, output)
        assert result.returncode != 0
        assert tree_digest(output) == before, "a failed publish changed the previous output"
        return " ".join((result.stdout + result.stderr).split())

    return run


@pytest.fixture
def content(tmp_path):
    return copy_content(tmp_path / "content")


def test_post_without_translation_is_an_error_when_publishing(tmp_path, content, failure):
    post(content, "lonely.md")
    assert "posts/lonely.md: Translation-Key: no fr version" in failure(tmp_path, content)


def test_post_without_translation_is_only_a_warning_in_preview(tmp_path, content):
    post(content, "lonely.md")
    site = build_site(tmp_path / "output", content)
    assert (site / "en/blog/extra-en-lonelymd/index.html").exists()


def test_single_language_flag_allows_a_post_in_one_language(tmp_path, content):
    post(content, "lonely.md", extra="Single-Language: yes")
    assert (publish(tmp_path, content) / "en/blog/extra-en-lonelymd/index.html").exists()


def test_two_items_with_one_key_and_language_are_an_error(tmp_path, content, failure):
    post(content, "one.md", key="twin")
    post(content, "two.md", key="twin")
    post(content, "un.md", lang="fr", key="twin")
    message = failure(tmp_path, content)
    # Whichever of the two is read second is named, with the first.
    assert "Translation-Key: 'twin' in 'en' is already used by" in message
    assert "posts/one.md" in message and "posts/two.md" in message


def test_two_items_writing_one_url_are_an_error(tmp_path, content, failure):
    post(content, "a.md", key="a", extra="Slug: same")
    post(content, "b.md", key="b", extra="Slug: same")
    post(content, "a-fr.md", lang="fr", key="a")
    post(content, "b-fr.md", lang="fr", key="b")
    assert "Slug: writes en/blog/same/index.html, as" in failure(tmp_path, content)


def test_missing_and_unparsable_dates_are_errors(tmp_path, content, failure):
    post(content, "nodate.md", key="d1", date="", extra="Single-Language: yes")
    post(content, "baddate.md", key="d2", date="Date: the day after", extra="Single-Language: yes")
    message = failure(tmp_path, content)
    assert "posts/nodate.md: Date: missing" in message
    assert "posts/baddate.md: Date: 'the day after' is not a valid date" in message


def test_author_without_bio_in_the_language_is_an_error_when_publishing(tmp_path, content, failure):
    (content / "authors/mark-levene.fr.md").unlink()
    message = failure(tmp_path, content)
    assert "Author: 'Mark Levene' has no bio in 'fr'" in message


def test_link_to_missing_content_is_an_error(tmp_path, content, failure):
    post(content, "links.md", key="l", extra="Single-Language: yes", body="[gone]({filename}/posts/gone.md)")
    assert "posts/links.md: link: {filename}/posts/gone.md points to no file" in failure(tmp_path, content)


def test_link_to_a_page_the_site_does_not_have_is_an_error(tmp_path, content, failure):
    post(content, "links.md", key="l", extra="Single-Language: yes", body="[page](/en/no-such-page/)")
    message = failure(tmp_path, content)
    assert "en/blog/extra-en-linksmd/index.html: a href: '/en/no-such-page/' points to no file" in message


def test_all_problems_of_a_run_are_reported_together(tmp_path, content, failure):
    post(content, "nolang.md", lang="en", key="x")
    (content / "posts/nolang.md").write_text(
        (content / "posts/nolang.md").read_text().replace("Lang: en\n", ""), encoding="utf-8"
    )
    post(content, "baddate.md", key="y", date="Date: never")
    (content / "comments/digital-nations-summit-2020").mkdir(parents=True)
    (content / "comments/digital-nations-summit-2020/c.yml").write_text("id: 1\n", encoding="utf-8")
    message = failure(tmp_path, content)
    for expected in ("nolang.md: Lang: missing", "baddate.md: Date:", "c.yml: comment: missing field(s)"):
        assert expected in message


def test_preview_lists_its_warnings_in_a_closing_summary(tmp_path, content, caplog):
    post(content, "lonely.md")
    build_site(tmp_path / "output", content)
    summaries = [r.getMessage() for r in caplog.records if "content warning(s)" in r.getMessage()]
    assert len(summaries) == 1
    assert "posts/lonely.md: Translation-Key: no fr version" in summaries[0]
