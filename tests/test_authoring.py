"""Starting a post (`make newpost`) and what the build does with a translation
that is pending or outdated: a notice in previews, a refusal when publishing."""

import logging
import threading
from datetime import UTC, datetime
from functools import partial
from http.server import ThreadingHTTPServer

import pytest
from bilingual import scaffold, source_text
from bilingual.problems import ContentError
from conftest import ROOT, QuietHandler, build_site, copy_content, soup
from pelican.settings import read_settings
from test_accessibility import axe_violations
from test_html_validity import vnu_errors
from test_makefile import make

# 03:30 UTC on 10 March 2024 is still 9 March in Toronto (22:30 EST).
JUST_AFTER_MIDNIGHT_UTC = datetime(2024, 3, 10, 3, 30, tzinfo=UTC)
PUBLISH = {"SITEURL": "https://blog.example.gc.ca", "COMMENTS_ENDPOINT": "https://comments.example.gc.ca/v3/entry"}
EN_POST = "posts/2020-10-27-digital-nations-summit.en.md"
FR_POST = "posts/2020-10-27-digital-nations-summit.fr.md"


def settings_for(content):
    return read_settings(str(ROOT / "pelicanconf.py"), override={"PATH": str(content)})


def new_item(content, kind="post", title="Greening government IT", **options):
    return scaffold.scaffold(settings_for(content), kind, title, now=JUST_AFTER_MIDNIGHT_UTC, **options)


def test_newpost_writes_both_files_with_one_key_and_the_date_in_toronto(tmp_path):
    content = copy_content(tmp_path / "content")
    english, french = new_item(content, category="Gouvernement numérique", tags="greening government")
    assert english == content / "posts/2024-03-09-greening-government-it.en.md"
    assert french == content / "posts/2024-03-09-greening-government-it.fr.md"
    assert english.read_text(encoding="utf-8") == (
        "Title: Greening government IT\nDate: 2024-03-09 22:30\nAuthor: Mark Levene\nLang: en\n"
        "Translation-Key: greening-government-it\nCategory: Digital government\n"
        "Tags: Greening government\n\nThe text of the post.\n"
    )
    source_hash = source_text.content_hash(source_text.read(english))
    assert french.read_text(encoding="utf-8") == (
        "Title: Greening government IT\nDate: 2024-03-09 22:30\nAuthor: Mark Levene\nLang: fr\n"
        f"Translation-Key: greening-government-it\nTranslation-Of: {source_hash}\nTranslation-Status: pending\n"
        "Category: Gouvernement numérique\nTags: Écologisation du gouvernement\n\n"
        "La traduction de 2024-03-09-greening-government-it.en.md.\n"
    )


def test_newpost_from_a_french_title_folds_accents_in_the_key_and_can_start_in_french(tmp_path):
    content = copy_content(tmp_path / "content")
    french, english = new_item(content, title="L’État « numérique » : où en est-on?", source_lang="fr")
    assert french.name == "2024-03-09-letat-numerique-ou-en-est-on.fr.md"
    assert "Translation-Status: pending" in english.read_text(encoding="utf-8")
    assert "Translation-Status" not in french.read_text(encoding="utf-8")


def test_newpost_names_an_unknown_author_and_lists_the_known_ones(tmp_path):
    content = copy_content(tmp_path / "content")
    with pytest.raises(scaffold.ScaffoldError) as failure:
        new_item(content, author="Marc Levine")
    message = str(failure.value)
    assert message.startswith("AUTHOR: 'Marc Levine' has no bio in ")
    assert "known authors: Mark Levene" in message
    assert not list((content / "posts").glob("2024-*"))
    assert new_item(content, title="By file name", author="mark-levene")[0].read_text().count("Author: Mark Levene") == 1


def test_newpost_checks_the_category_and_never_overwrites(tmp_path):
    content = copy_content(tmp_path / "content")
    with pytest.raises(scaffold.ScaffoldError, match=r"CATEGORY: 'Cooking' is not in .*taxonomy.yml.*Digital government"):
        new_item(content, category="Cooking")
    english, french = new_item(content)
    french.unlink()
    french.write_text("A translator's work\n", encoding="utf-8")
    english.unlink()
    # The English file is gone and the French one holds no key: only the file check can refuse.
    with pytest.raises(scaffold.ScaffoldError, match=r"greening-government-it.fr.md: already exists; nothing was written"):
        new_item(content)
    assert french.read_text(encoding="utf-8") == "A translator's work\n" and not english.exists()


def test_newpage_writes_a_dated_page_pair(tmp_path):
    content = copy_content(tmp_path / "content")
    english, french = new_item(content, kind="page", title="Accessibility")
    assert english == content / "pages/accessibility.en.md"
    assert english.read_text(encoding="utf-8").startswith("Title: Accessibility\nDate: 2024-03-09\nLang: en\n")
    assert "Translation-Status: pending\n" in french.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def pending_site(tmp_path_factory):
    """A preview build with a new post started in English and a page started in French."""
    root = tmp_path_factory.mktemp("pending")
    content = copy_content(root / "content")
    new_item(content)
    new_item(content, kind="page", title="Accessibilité", source_lang="fr")
    return build_site(root / "output", content)


PENDING_PAGES = {
    "fr": ("fr/blogue/greening-government-it/index.html", "Traduction à venir",
           "Cette version est en attente de traduction et n’est pas prête à être publiée."),
    "en": ("en/accessibilite/index.html", "Translation pending",
           "This version is awaiting translation and is not ready to be published."),
}


@pytest.mark.parametrize("lang", sorted(PENDING_PAGES))
def test_a_pending_translation_previews_with_a_notice_in_its_language(pending_site, lang):
    path, heading, text = PENDING_PAGES[lang]
    page = soup(pending_site / path)
    [notice] = page.select("main .gcb-notice")
    assert notice["role"] == "note"
    assert notice.get_text(" ", strip=True) == f"{heading} {text}"
    # Sources and up-to-date translations show no notice.
    source = {"fr": "en/blog/greening-government-it/index.html", "en": "fr/accessibilite/index.html"}[lang]
    assert not soup(pending_site / source).select(".gcb-notice")


def test_pending_pages_are_valid_html(pending_site):
    assert vnu_errors(pending_site) == []


@pytest.fixture(scope="module")
def served_pending_site(pending_site):
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(QuietHandler, directory=str(pending_site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.mark.browser
@pytest.mark.parametrize("width", [320, 1280])
@pytest.mark.parametrize("lang", sorted(PENDING_PAGES))
def test_pending_pages_have_no_axe_violations(browser, served_pending_site, lang, width):
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    try:
        assert axe_violations(page, f"{served_pending_site}/{PENDING_PAGES[lang][0]}") == []
    finally:
        context.close()


def test_publish_refuses_a_pending_translation_naming_file_field_and_fix(tmp_path):
    content = copy_content(tmp_path / "content")
    _english, french = new_item(content)
    with pytest.raises(ContentError) as failure:
        build_site(tmp_path / "output", content, conf="publishconf.py", **PUBLISH)
    message = str(failure.value)
    assert "posts/2024-03-09-greening-government-it.fr.md: Translation-Status: pending: not translated yet" in message
    assert f"make translation-done FILE={french}" in message
    assert not (tmp_path / "output").exists()


def edit_english_body(content):
    english = content / EN_POST
    text = english.read_text(encoding="utf-8")
    english.write_text(text.replace("Our theme this year", "This year, our theme"), encoding="utf-8")


def test_publish_warns_about_an_outdated_translation(tmp_path, caplog):
    content = copy_content(tmp_path / "content")
    edit_english_body(content)
    with caplog.at_level(logging.WARNING):
        output = build_site(tmp_path / "output", content, conf="publishconf.py", **PUBLISH)
    assert (output / "fr/index.html").is_file()
    warnings = [r.getMessage() for r in caplog.records]
    assert any(f"{FR_POST}: Translation-Of: renders an earlier version of" in w for w in warnings), warnings


def test_translations_strict_makes_an_outdated_translation_fail_publish(tmp_path):
    content = copy_content(tmp_path / "content")
    edit_english_body(content)
    with pytest.raises(ContentError) as failure:
        build_site(tmp_path / "output", content, conf="publishconf.py", TRANSLATIONS_STRICT=True, **PUBLISH)
    message = str(failure.value)
    assert f"{FR_POST}: Translation-Of: renders an earlier version of" in message
    assert f"{EN_POST}, whose text has changed since" in message
    assert "make translation-done FILE=" in message


def test_make_newpost_takes_the_title_as_typed_and_reads_the_content_path(tmp_path):
    content = copy_content(tmp_path / "content")
    title = "It's \"$5\" – a test"
    result = make("newpost", f"TITLE={title}", f"CONTENT_PATH={content}", "AUTHOR=Mark Levene")
    assert result.returncode == 0, result.stderr
    [english] = (content / "posts").glob("*-its-5-a-test.en.md")
    assert english.read_text(encoding="utf-8").startswith(f"Title: {title}\n")
    french = english.with_name(english.name.replace(".en.", ".fr."))
    assert make("translation-done", f"FILE={french}", f"CONTENT_PATH={content}").returncode == 0
    assert "Translation-Status" not in french.read_text(encoding="utf-8")
    result = make("newpost", "TITLE=Another", f"CONTENT_PATH={content}", "AUTHOR=Nobody")
    assert result.returncode != 0 and "AUTHOR: 'Nobody' has no bio in" in result.stderr
