"""The Makefile's targets: another content folder, as the README documents it."""

import os
import shlex
import subprocess

import pytest
from conftest import ROOT, copy_content, html_pages, soup

POST = "posts/2020-10-27-digital-nations-summit.en.md"
ORIGINAL_TITLE = "Responsive and Resilient Service"


def make(*args, env=None):
    return subprocess.run(
        ["make", "--no-print-directory", *args], cwd=ROOT, capture_output=True, text=True, timeout=300,
        env={"PATH": os.environ["PATH"], "COLUMNS": "200", **(env or {})},
    )


@pytest.fixture
def other_content(tmp_path):
    """A copy of the content whose English post has another title."""
    content = copy_content(tmp_path / "other-content")
    post = content / POST
    post.write_text(post.read_text(encoding="utf-8").replace(ORIGINAL_TITLE, "Built From The Other Folder"),
                    encoding="utf-8")
    return content


@pytest.mark.parametrize("how", ["argument", "environment"])
def test_make_html_builds_the_content_path_it_is_given(other_content, tmp_path, how):
    output = tmp_path / "output"
    args = ["html", f"OUTPUTDIR={output}", f"PELICANOPTS=--cache-path {tmp_path / 'cache'}"]
    if how == "argument":
        result = make(*args, f"CONTENT_PATH={other_content}")
    else:
        result = make(*args, env={"CONTENT_PATH": str(other_content)})
    assert result.returncode == 0, result.stdout + result.stderr
    headings = [h1.get_text(" ", strip=True) for page in html_pages(output / "en") for h1 in soup(page).select("h1")]
    assert "Built From The Other Folder – An International Approach to Digital Government" in headings
    assert not [heading for heading in headings if ORIGINAL_TITLE in heading]


# Each target that reads the content, and the command that must name the folder.
CONTENT_TARGETS = {
    "html": "pelican",
    "serve": "pelican -l",
    "devserver": "preview.server",
    "regenerate": "pelican -r",
    "publish": "pelican",
    "moderate": "comments.moderate",
}


@pytest.mark.parametrize("target", sorted(CONTENT_TARGETS))
def test_every_content_target_passes_the_content_path(target, tmp_path):
    folder = tmp_path / "elsewhere"
    result = make("-n", target, f"CONTENT_PATH={folder}", "ARGS=list")
    assert result.returncode == 0, result.stderr
    commands = [line for line in result.stdout.splitlines() if CONTENT_TARGETS[target] in line]
    assert commands, result.stdout
    for command in commands:
        words = shlex.split(command)
        assert str(folder) in words and "content" not in words, command


def test_translation_status_reads_the_content_path(other_content):
    (other_content / "posts/only-english.md").write_text(
        "Title: Only English\nDate: 2021-02-01\nLang: en\nTranslation-Key: only-english\n\nText.\n", encoding="utf-8"
    )
    result = make("translation-status", f"CONTENT_PATH={other_content}")
    assert result.returncode != 0
    assert "post only-english\n  en: " in result.stdout and "  fr: MISSING" in result.stdout
