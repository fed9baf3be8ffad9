"""A real Staticman v3: its configuration, its files and its redirects.

The files under tests/fixtures/staticman/ were written by Staticman's own steps
and libraries (generate.js there): YAML and JSON, ISO, millisecond and second
dates, replies with _parent, the empty spam-trap key.
"""

import shutil
import threading
from functools import partial
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar
from urllib.parse import parse_qsl

import pytest
import yaml
from bilingual.problems import ContentError
from conftest import LANGS, ROOT, QuietHandler, build_site, copy_content, soup

KEY = "digital-nations-summit-2020"
STATUS_IDS = {"en": ("comment-received", "comment-not-sent"), "fr": ("commentaire-recu", "commentaire-non-envoye")}
FIXTURES = ROOT / "tests/fixtures/staticman/content/comments" / KEY
ANA, BENOIT, NO, CHRIS, DANA = (
    "aee98400-7d5a-11eb-82a5-0123456789ab",
    "9f6a5800-7e8c-11eb-82a5-0123456789ab",
    "a486e000-7f3c-11eb-82a5-0123456789ab",
    "cef0a000-8005-11eb-82a5-0123456789ab",
    "f95a6000-80ce-11eb-82a5-0123456789ab",
)
PRIVACY = {"en": "Privacy Commissioner of Canada", "fr": "commissaire à la protection de la vie privée"}


def staticman_config():
    return yaml.safe_load((ROOT / "staticman.yml").read_text(encoding="utf-8"))["comments"]


def post_page(site, lang):
    pages = sorted((site / lang).glob("*/*/index.html"))
    pages = [p for p in pages if soup(p).select_one("section.gcb-comments")]
    assert len(pages) == 1, pages
    return soup(pages[0])


def sent_fields(form):
    """What a browser sends for this form: {name: value} of every control."""
    return {control["name"]: control.get("value", "") for control in form.select("input[name], textarea[name]")}


@pytest.fixture(scope="module")
def staticman_site(tmp_path_factory):
    """The real site with the Staticman-written fixture comments."""
    root = tmp_path_factory.mktemp("staticman")
    content = copy_content(root / "content")
    shutil.copytree(FIXTURES, content / "comments" / KEY)
    return build_site(root / "output", content)


def test_staticman_yml_says_where_and_how_comments_are_written():
    config = staticman_config()
    assert config["path"] == "content/comments/{options.slug}"
    assert config["format"] == "yaml" and config["moderation"] is True
    assert config["generatedFields"]["date"]["type"] == "date"
    assert set(config["requiredFields"]) <= set(config["allowedFields"])


@pytest.mark.parametrize("lang", LANGS)
def test_every_form_sends_what_staticman_yml_allows_and_requires(staticman_site, lang):
    config = staticman_config()
    forms = post_page(staticman_site, lang).select("form.gcb-form")
    assert len(forms) == 1 + 5  # the post's form and one reply form per comment
    for form in forms:
        sent = sent_fields(form)
        fields = {name[len("fields["):-1]: value for name, value in sent.items() if name.startswith("fields[")}
        trap = form.select_one(".gcb-form__trap input")
        # Staticman refuses a non-empty field not in allowedFields; the trap goes empty.
        assert set(fields) - set(config["allowedFields"]) == {trap["name"][len("fields["):-1]}
        assert fields[trap["name"][len("fields["):-1]] == ""
        assert set(config["requiredFields"]) <= set(fields)
        assert fields["lang"] == lang
        assert sent["options[slug]"] == KEY


@pytest.mark.parametrize("lang", LANGS)
def test_staticman_files_show_threaded_in_both_languages(staticman_site, lang):
    page = post_page(staticman_site, lang)
    top = page.select(".gcb-comments__list > li")
    assert [li["id"] for li in top] == [f"comment-{ANA}", f"comment-{NO}", f"comment-{DANA}"]
    assert [li["id"] for li in top[0].select(":scope > .gcb-comments__replies > li")] == [f"comment-{BENOIT}"]
    assert [li["id"] for li in top[1].select(":scope > .gcb-comments__replies > li")] == [f"comment-{CHRIS}"]
    assert page.select_one("#comments-heading").get_text() == {"en": "5 comments", "fr": "5 commentaires"}[lang]
    # YAML read as text: a commenter named "No" is not the boolean false.
    assert page.select_one(f"#comment-{NO} .gcb-comment__author").get_text() == "No"
    assert page.select_one(f"#comment-{NO}")["lang"] == "fr"
    message = page.select_one(f"#comment-{ANA} .gcb-comment__message")
    assert [p.get_text() for p in message.select("p")] == [
        "Thanks for the summary: which countries joined in 2020?",
        'A second paragraph, with "quotes" & <b>tags</b>.',
    ]


@pytest.mark.parametrize(
    ("comment", "iso", "en", "fr"),
    [
        # 21:30 in Ottawa on 4 March is 02:30 UTC on 5 March (ISO string).
        (ANA, "2021-03-04", "March 4, 2021", "4 mars 2021"),
        (BENOIT, "2021-03-06", "March 6, 2021", "6 mars 2021"),  # milliseconds
        (NO, "2021-03-07", "March 7, 2021", "7 mars 2021"),  # seconds
    ],
)
def test_dates_are_shown_in_the_site_time_zone(staticman_site, comment, iso, en, fr):
    for lang, words in (("en", en), ("fr", fr)):
        date = post_page(staticman_site, lang).select_one(f"#comment-{comment} time")
        assert date["datetime"] == iso
        assert words in date.get_text()


@pytest.mark.parametrize("lang", LANGS)
def test_each_comment_has_a_reply_form_without_javascript(staticman_site, lang):
    page = post_page(staticman_site, lang)
    replies = page.select("details.gcb-reply")
    assert len(replies) == 5
    for details in replies:
        comment = details.find_parent("li")
        name = comment.select_one(".gcb-comment__author").get_text()
        assert details.summary.get_text() == {"en": f"Reply to {name}", "fr": f"Répondre à {name}"}[lang]
        form = details.select_one("form")
        assert sent_fields(form)["options[parent]"] == comment["id"].removeprefix("comment-")
        assert PRIVACY[lang] in form.select_one(".gcb-form__privacy").get_text(" ")
        for control in form.select("input:not([type=hidden]), textarea"):
            assert control["id"].startswith(f"reply-{comment['id'].removeprefix('comment-')}-")
            assert form.select_one(f'label[for="{control["id"]}"]') is not None
    assert page.select_one("form.gcb-form:not(.gcb-form--reply) [name='options[parent]']") is None
    ids = [tag["id"] for tag in page.select("[id]")]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("lang", LANGS)
def test_the_post_has_one_status_block_per_outcome(staticman_site, lang):
    page = post_page(staticman_site, lang)
    received, not_sent = STATUS_IDS[lang]
    blocks = page.select('.gcb-comments [role="status"]')
    reasons = ["missing-fields", "too-long", "too-many", "rejected", "unavailable"]
    assert [b["id"] for b in blocks] == [received, not_sent, *(f"{not_sent}-{r}" for r in reasons)]
    form = page.select_one("form.gcb-form:not(.gcb-form--reply)")
    url = form.select_one('[name="options[redirect]"]')["value"]
    assert url.endswith(f"/#{received}")
    assert form.select_one('[name="options[redirectError]"]')["value"] == url.replace(f"#{received}", f"#{not_sent}")


def test_no_comment_status_pages_are_written(staticman_site):
    for lang in LANGS:
        folders = [p.parent.name for p in (staticman_site / lang).glob("*/*/*/index.html")]
        assert not [f for f in folders if "comment" in f], folders


def fails(tmp_path, files):
    """Build with these extra files under content/comments/; return the error text."""
    content = copy_content(tmp_path / "content")
    for name, text in files.items():
        path = content / "comments" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    with pytest.raises(ContentError) as failure:
        build_site(tmp_path / "output", content)
    return str(failure.value)


def test_every_unusable_file_is_an_error_naming_it_the_field_and_the_fix(tmp_path):
    good = (FIXTURES / f"{ANA}.yml").read_text(encoding="utf-8")
    message = fails(tmp_path, {
        f"{KEY}/broken.json": '{"_id": "x1", "name": ',
        f"{KEY}/nodate.json": '{"_id": "x2", "name": "A", "message": "m", "lang": "en"}',
        f"{KEY}/baddate.yml": good.replace(ANA, "x3").replace("'2021-03-05T02:30:00.000Z'", "yesterday"),
        f"{KEY}/notes.txt": "not a comment",
        f"{KEY}/copy.yml": good,
        f"{KEY}/{ANA}.yml": good,
        "no-such-post/c.json": '{"_id": "x4", "name": "A", "message": "m", "lang": "en", "date": 0}',
        "stray.yml": good,
    })
    expected = [
        f"comments/{KEY}/broken.json: file: not valid JSON",
        f"comments/{KEY}/nodate.json: comment: missing field(s) date;",
        f"comments/{KEY}/baddate.yml: date: 'yesterday' is not a date; use an ISO 8601 date",
        f"comments/{KEY}/notes.txt: comment: not a comment file; name it <id>.yml",
        f"comments/{KEY}/copy.yml: _id: '{ANA}' is also the id of",
        "comments/no-such-post/c.json: comment: no published post has the Translation-Key 'no-such-post'",
        "comments/stray.yml: comment: a comment file belongs in a folder named after its post's Translation-Key",
    ]
    for line in expected:
        assert line in message


def test_a_reply_to_a_missing_comment_is_an_error(tmp_path):
    reply = (FIXTURES / f"{BENOIT}.yml").read_text(encoding="utf-8")
    message = fails(tmp_path, {f"{KEY}/{BENOIT}.yml": reply})
    assert f"{BENOIT}.yml: _parent: '{ANA}' is not a comment on this post" in message


@pytest.fixture(scope="module")
def crowded_site(tmp_path_factory):
    """1,000 approved comments (JSON, as Staticman writes them) on the post."""
    root = tmp_path_factory.mktemp("crowded")
    content = copy_content(root / "content")
    folder = content / "comments" / KEY
    folder.mkdir(parents=True)
    for number in range(1000):
        (folder / f"c{number:04d}.json").write_text(
            f'{{"_id":"c{number:04d}","lang":"en","name":"N{number}","message":"m","website":"","date":{1615291200 + number}}}',
            encoding="utf-8",
        )
    return build_site(root / "output", content)


def test_counts_use_each_language_s_digit_grouping(crowded_site):
    assert post_page(crowded_site, "en").select_one("#comments-heading").get_text() == "1,000 comments"
    assert post_page(crowded_site, "fr").select_one("#comments-heading").get_text() == "1\u00a0000 commentaires"


@pytest.mark.parametrize(("lang", "text"), [("en", "No comments yet"), ("fr", "Aucun commentaire")])
def test_no_comments_reads_as_words(site, lang, text):
    assert post_page(site, lang).select_one("#comments-heading").get_text() == text


def test_readme_documents_the_staticman_set_up():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Comments", 1)[1].split("\n## ", 1)[0]
    for needed in ("staticman.yml", "https://HOST/v3/entry/github/OWNER/REPO/BRANCH/comments", "pull request"):
        assert needed in section


def test_fixture_files_are_staticman_s_own_bytes():
    """Key order and quoting as js-yaml safeDump and JSON.stringify write them."""
    files = sorted(p.name for p in FIXTURES.iterdir())
    assert len(files) == 5 and sum(name.endswith(".json") for name in files) == 2
    ana = (FIXTURES / f"{ANA}.yml").read_text(encoding="utf-8")
    assert ana.startswith(f"_id: {ANA}\nlang: en\nname: Ana\nmessage: |-\n")
    assert ana.endswith("website: ''\ndate: '2021-03-05T02:30:00.000Z'\n")
    assert (FIXTURES / f"{BENOIT}.yml").read_text(encoding="utf-8").startswith(f"_id: {BENOIT}\n_parent: {ANA}\n")
    assert Path(FIXTURES / f"{CHRIS}.json").read_text(encoding="utf-8").startswith(f'{{"_id":"{CHRIS}","_parent":"{NO}",')


class FakeStaticman(BaseHTTPRequestHandler):
    """Staticman v3's answer to a form POST (controllers/process.js), on 127.0.0.1:
    _validateFields against staticman.yml, then a 302 to options[redirect], or to
    options[redirectError] (no reason: Staticman gives none). `reason`, when set,
    is appended as our reference endpoint does (#comment-not-sent-too-long)."""

    received: ClassVar[list] = []
    fail = False
    reason = ""

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"])).decode("utf-8")
        form = dict(parse_qsl(body, keep_blank_values=True))
        type(self).received.append(form)
        config = staticman_config()
        fields = {name[len("fields["):-1]: value for name, value in form.items() if name.startswith("fields[")}
        invalid = [name for name, value in fields.items() if name not in config["allowedFields"] and value != ""]
        missing = [name for name in config["requiredFields"] if not fields.get(name, "").strip()]
        ok = not (invalid or missing or self.fail)
        target = form["options[redirect]"] if ok else form["options[redirectError]"]
        if not ok and self.reason:
            target += f"-{self.reason}"
        self.send_response(302)
        self.send_header("Location", target)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    """The fixture-commented site and a fake Staticman, each on its own server."""
    root = tmp_path_factory.mktemp("live")
    content = copy_content(root / "content")
    shutil.copytree(FIXTURES, content / "comments" / KEY)
    output = root / "output"
    output.mkdir()
    servers = [
        ThreadingHTTPServer(("127.0.0.1", 0), partial(QuietHandler, directory=str(output))),
        ThreadingHTTPServer(("127.0.0.1", 0), FakeStaticman),
    ]
    for server in servers:
        threading.Thread(target=server.serve_forever, daemon=True).start()
    site_url, endpoint = (f"http://127.0.0.1:{server.server_address[1]}" for server in servers)
    build_site(output, content, SITEURL=site_url,
               COMMENTS_ENDPOINT=f"{endpoint}/v3/entry/github/owner/repo/main/comments")
    posts = {lang: next((output / lang).glob("*/*/index.html")).parent.relative_to(output).as_posix() for lang in LANGS}
    yield {lang: f"{site_url}/{path}/" for lang, path in posts.items()}
    for server in servers:
        server.shutdown()
        server.server_close()


def visible_statuses(page):
    return [page.locator('[role="status"]:visible').nth(i).get_attribute("id")
            for i in range(page.locator('[role="status"]:visible').count())]


@pytest.mark.browser
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(("fail", "reason", "block"), [(False, "", 0), (True, "", 1), (True, "too-long", 1)])
def test_staticman_sends_the_reader_back_to_the_post_with_one_status_shown(live, no_js_page, lang, fail, reason, block):
    page = no_js_page
    FakeStaticman.fail, FakeStaticman.reason = fail, reason
    page.goto(live[lang])
    assert visible_statuses(page) == []  # nothing shown before a comment is sent
    page.locator("#comment-name").fill(f"Reader {lang}")
    page.locator("#comment-message").fill("A comment.")
    with page.expect_navigation():
        page.locator("form.gcb-form:not(.gcb-form--reply) button[type=submit]").click()
    expected = STATUS_IDS[lang][block] + (f"-{reason}" if reason else "")
    assert page.url == f"{live[lang]}#{expected}"
    assert visible_statuses(page) == [expected]
    sent = FakeStaticman.received[-1]
    assert (sent["fields[lang]"], sent["options[slug]"], sent["fields[website]"]) == (lang, KEY, "")
    assert "options[parent]" not in sent


@pytest.mark.browser
@pytest.mark.parametrize("lang", LANGS)
def test_a_reply_is_sent_from_its_details_form_without_javascript(live, no_js_page, lang):
    page = no_js_page
    FakeStaticman.fail, FakeStaticman.reason = False, ""
    page.goto(live[lang])
    summary = {"en": "Reply to Ana", "fr": "Répondre à Ana"}[lang]
    page.get_by_text(summary, exact=True).click()
    page.locator(f"#reply-{ANA}-name").fill("Replier")
    page.locator(f"#reply-{ANA}-message").fill("A reply.")
    with page.expect_navigation():
        page.locator(f"#comment-{ANA} > details button[type=submit]").click()
    assert page.url == f"{live[lang]}#{STATUS_IDS[lang][0]}"
    assert visible_statuses(page) == [STATUS_IDS[lang][0]]
    sent = FakeStaticman.received[-1]
    assert (sent["options[parent]"], sent["fields[name]"], sent["fields[lang]"]) == (ANA, "Replier", lang)


def test_a_post_with_threaded_comments_and_reply_forms_is_valid_html(staticman_site):
    from test_html_validity import vnu_errors

    posts = [next((staticman_site / lang).glob("*/*/index.html")).parent for lang in LANGS]
    assert all(soup(post / "index.html").select("details.gcb-reply form") for post in posts)
    for post in posts:
        assert vnu_errors(post) == []


@pytest.mark.browser
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("width", [320, 1280])
def test_comments_reply_form_and_status_pass_axe(live, browser, lang, width):
    from test_accessibility import AXE, TAGS

    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{live[lang]}#{STATUS_IDS[lang][1]}-too-long")
    page.locator(f"#comment-{ANA} > details > summary").click()
    assert page.locator(f"#reply-{ANA}-name").is_visible()
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})", TAGS
    )
    context.close()
    assert [(v["id"], [n["target"] for n in v["nodes"][:3]]) for v in result["violations"]] == []
