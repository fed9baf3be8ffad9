"""Translations that know what they translate: `Translation-Of`, `make
translation-status` and `make translation-done`, run as an author runs them,
on copies of the real content."""

import os
import subprocess

from bilingual import source_text
from conftest import ROOT, copy_content

EN_POST = "posts/2020-10-27-digital-nations-summit.en.md"
FR_POST = "posts/2020-10-27-digital-nations-summit.fr.md"
EN_WORDS = "the pandemic has changed our plans"
FR_WORDS = "la pandémie a bouleversé nos plans"


def run(module, *args, content):
    return subprocess.run(
        [".venv/bin/python", "-m", f"bilingual.{module}", *args],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
        env={"PATH": os.environ["PATH"], "PYTHONPATH": "plugins", "CONTENT_PATH": str(content)},
    )


def status(content):
    return run("translation_status", "pelicanconf.py", content=content)


def done(content, path):
    return run("translation_done", "--settings", "pelicanconf.py", str(path), content=content)


def replace(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_the_real_content_is_up_to_date_in_both_languages():
    result = status(ROOT / "content")
    assert result.returncode == 0, result.stdout
    assert f"  en: content/{EN_POST}: source\n  fr: content/{FR_POST}: up to date\n" in result.stdout
    assert "  fr: content/pages/regles-dengagement.fr.md: up to date" in result.stdout


def test_the_hash_covers_title_summary_and_body_only():
    text = (ROOT / "content" / EN_POST).read_text(encoding="utf-8")
    original = source_text.content_hash(source_text.parse(text))
    same = [
        text.replace("Date: 2020-10-27 09:00", "Date: 2021-01-01 10:00\nModified: 2021-01-05"),
        text.replace("Tags: Digital Nations, ", "Tags: "),
        text.replace(EN_WORDS, EN_WORDS.replace(" ", "\n")),  # reflowed: the same words
        text.replace("\n", "\r\n"),
    ]
    changed = [
        text.replace("Title: Responsive", "Title: Agile"),
        text.replace("Summary: Canada is hosting", "Summary: Canada hosts"),
        text.replace(EN_WORDS, EN_WORDS.replace("changed", "upended")),
        text.replace("This year, Canada is hosting", "This year,\n\nCanada is hosting"),  # a new paragraph
    ]
    assert [source_text.content_hash(source_text.parse(t)) for t in same] == [original] * len(same)
    assert original not in [source_text.content_hash(source_text.parse(t)) for t in changed]
    assert len(original) == 12 and int(original, 16) >= 0


def test_an_english_edit_without_a_date_change_outdates_the_french(tmp_path):
    content = copy_content(tmp_path / "content")
    replace(content / EN_POST, EN_WORDS, EN_WORDS.replace("changed", "upended"))
    result = status(content)
    assert result.returncode == 1
    assert f"  fr: {content / FR_POST}: OUTDATED\n" in result.stdout
    # Not in a git repository: said, with what to do.
    assert "what changed cannot be shown: git is not available here or the file is not in a git repository" in result.stdout
    assert f"make translation-done FILE={content / FR_POST}" in result.stdout
    assert "  fr: " + str(content / "pages/regles-dengagement.fr.md") + ": up to date" in result.stdout


def swap_direction(content):
    """Make the French post the source and the English one its up-to-date translation."""
    french, english = content / FR_POST, content / EN_POST
    lines = french.read_text(encoding="utf-8").splitlines(keepends=True)
    french.write_text("".join(line for line in lines if not line.startswith("Translation-Of:")), encoding="utf-8")
    replace(english, "Translation-Key: digital-nations-summit-2020\n",
            "Translation-Key: digital-nations-summit-2020\nTranslation-Of: 000000000000\n")
    assert done(content, english).returncode == 0


def test_a_french_source_outdates_its_english_translation(tmp_path):
    content = copy_content(tmp_path / "content")
    swap_direction(content)
    result = status(content)
    assert result.returncode == 0, result.stdout
    assert f"  en: {content / EN_POST}: up to date\n  fr: {content / FR_POST}: source\n" in result.stdout
    replace(content / FR_POST, FR_WORDS, FR_WORDS.replace("bouleversé", "chamboulé"))
    result = status(content)
    assert result.returncode == 1
    assert f"  en: {content / EN_POST}: OUTDATED\n" in result.stdout
    assert f"  fr: {content / FR_POST}: source\n" in result.stdout


def test_mark_done_round_trip_changes_only_the_translation_of_line(tmp_path):
    content = copy_content(tmp_path / "content")
    french = content / FR_POST
    replace(content / EN_POST, "Summary: Canada is hosting", "Summary: Canada hosts")
    before = french.read_bytes()
    assert status(content).returncode == 1
    result = done(content, french)
    assert result.returncode == 0, result.stderr
    after = french.read_bytes()
    new_hash = source_text.content_hash(source_text.read(content / EN_POST))
    assert f"Translation-Of: {new_hash}".encode() in after and new_hash.encode() not in before
    changed = [(old, new) for old, new in zip(before.splitlines(), after.splitlines(), strict=True) if old != new]
    assert changed == [(b"Translation-Of: 0264d7d78355", f"Translation-Of: {new_hash}".encode())]
    assert status(content).returncode == 0


def test_mark_done_removes_the_pending_marker_and_adds_a_missing_line(tmp_path):
    content = copy_content(tmp_path / "content")
    french = content / FR_POST
    lines = french.read_text(encoding="utf-8").splitlines(keepends=True)
    marked = [line.replace("Translation-Of: 0264d7d78355\n", "Translation-Status: pending\n") for line in lines]
    french.write_text("".join(marked), encoding="utf-8")
    result = status(content)
    assert result.returncode == 1
    assert f"  fr: {french}: PENDING (Translation-Status: pending)" in result.stdout
    assert done(content, french).returncode == 0
    assert french.read_text(encoding="utf-8") == "".join(lines)
    assert status(content).returncode == 0


def test_mark_done_refuses_the_source_and_names_the_translation(tmp_path):
    content = copy_content(tmp_path / "content")
    english = content / EN_POST
    before = english.read_bytes()
    result = done(content, english)
    assert result.returncode == 1
    assert f"{english}: Translation-Of: this is the source of {content / FR_POST}" in result.stderr
    assert f"make translation-done FILE={content / FR_POST}" in result.stderr
    assert english.read_bytes() == before


def test_status_exit_codes_for_missing_pending_and_no_source(tmp_path):
    content = copy_content(tmp_path / "content")
    assert status(content).returncode == 0
    (content / "posts/only-english.en.md").write_text(
        "Title: Only English\nDate: 2021-02-01\nLang: en\nTranslation-Key: only-english\n\nText.\n", encoding="utf-8")
    result = status(content)
    assert result.returncode == 1 and "post only-english\n  en: " in result.stdout and "  fr: MISSING" in result.stdout
    (content / "posts/only-english.en.md").write_text(
        "Title: Only English\nDate: 2021-02-01\nLang: en\nTranslation-Key: only-english\nStatus: draft\n\nText.\n",
        encoding="utf-8")
    assert status(content).returncode == 0  # a draft is not published, so not counted
    replace(content / EN_POST, "Translation-Key: digital-nations-summit-2020\n",
            "Translation-Key: digital-nations-summit-2020\nTranslation-Of: 0264d7d78355\n")
    result = status(content)
    assert result.returncode == 1
    assert "NO SOURCE: every version has Translation-Of (or is pending), so none is the source" in result.stdout


def git(repo, *args):
    subprocess.run(["git", "-C", str(repo), "-c", "user.name=Test", "-c", "user.email=test@example.org", *args],
                   check=True, capture_output=True)


def test_outdated_shows_a_word_diff_from_git_history(tmp_path):
    content = copy_content(tmp_path / "content")
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", "content")
    git(tmp_path, "commit", "-q", "-m", "first")
    english = content / EN_POST
    replace(english, EN_WORDS, EN_WORDS.replace("changed", "upended"))
    replace(english, "Title: Responsive and", "Title: Agile and")
    git(tmp_path, "mv", f"content/{EN_POST}", "content/posts/renamed.en.md")  # the history follows a rename
    git(tmp_path, "commit", "-q", "-am", "second")
    first = subprocess.run(["git", "-C", str(tmp_path), "rev-parse", "HEAD~1"], capture_output=True, text=True).stdout
    result = status(content)
    assert result.returncode == 1
    assert f"changed in the source since git commit {first[:10]}:" in result.stdout
    assert "      title: [-Responsive-]{+Agile+} and Resilient Service –…" in result.stdout
    assert "      body: …fall, the pandemic has [-changed-]{+upended+} our plans and, for…" in result.stdout
    assert "summary:" not in result.stdout


def test_a_byte_order_mark_hides_no_field_and_changes_no_hash(tmp_path):
    plain = "Title: A title\nLang: en\nTranslation-Key: k\n\nThe body.\n"
    with_bom = tmp_path / "bom.md"
    with_bom.write_bytes(b"\xef\xbb\xbf" + plain.encode("utf-8"))
    read = source_text.read(with_bom)
    assert read.get("title") == "A title" and read.body.strip() == "The body."
    assert source_text.content_hash(read) == source_text.content_hash(source_text.parse(plain))


def test_a_fenced_header_ends_where_markdown_ends_it():
    lines = ["---\n", "Title: T\n", "Translation-Status: pending\n", "---\n", "Translation-Status: pending\n"]
    # The second "Translation-Status" is body text: mark-done must not touch it.
    assert source_text.header_end(lines) == 3
    assert source_text.parse("".join(lines)).body == "Translation-Status: pending\n"
