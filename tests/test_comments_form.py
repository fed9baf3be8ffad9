"""The comment form and approved comments, read back from built pages."""

import json

import pytest
from bilingual.problems import ContentError
from conftest import LANGS, build_site, copy_content, soup

KEY = "digital-nations-summit-2020"
STATUS_IDS = {"en": ("comment-received", "comment-not-sent"), "fr": ("commentaire-recu", "commentaire-non-envoye")}
HOSTILE = 'Nice post <script>alert("x")</script> <img src=x onerror=alert(1)>'
HOSTILE_NAME = '<b>Bo</b> & "Co" <script>x</script>'


def write_comment(content, name, text):
    folder = content / "comments" / KEY
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def commented_site(tmp_path_factory):
    """The real site with three approved comments, one a reply, one hostile."""
    root = tmp_path_factory.mktemp("commented")
    content = copy_content(root / "content")
    write_comment(content, "a.yml", "id: a1\nname: Ana\ndate: 2020-10-28T10:00:00Z\nlang: en\nmessage: First!\n")
    write_comment(content, "b.yml", "id: b2\nname: Benoît\ndate: 2020-10-29T10:00:00Z\nlang: fr\nmessage: Merci\nparent: a1\n")
    write_comment(content, "c.yml", f"id: c3\nname: Eve\ndate: 2020-10-30T10:00:00Z\nlang: en\nmessage: '{HOSTILE}'\n")
    write_comment(content, "d.json", json.dumps({"id": "d4", "name": HOSTILE_NAME, "date": "2020-10-31", "lang": "en",
                                                  "message": "m", "parent": "c3"}))
    return build_site(root / "output", content)


@pytest.mark.parametrize("lang", LANGS)
def test_form_posts_staticman_fields_to_the_endpoint(site, post_pages, lang):
    form = soup(post_pages[lang]).select_one("form.gcb-form")
    assert form["method"] == "post"
    assert form["action"] == "http://127.0.0.1:8081/comments"
    assert form["enctype"] == "application/x-www-form-urlencoded"
    hidden = {i["name"]: i["value"] for i in form.select('input[type="hidden"]')}
    assert hidden["options[slug]"] == KEY
    assert hidden["fields[lang]"] == lang
    assert "options[lang]" not in hidden  # Staticman writes fields, never options
    post_url = "/" + post_pages[lang].parent.relative_to(site).as_posix() + "/"
    received, not_sent = STATUS_IDS[lang]
    # Back to the post itself, to the status block the fragment names.
    assert hidden["options[redirect]"] == f"http://127.0.0.1:8000{post_url}#{received}"
    assert hidden["options[redirectError]"] == f"http://127.0.0.1:8000{post_url}#{not_sent}"
    assert form.select_one('[name="fields[name]"]').has_attr("required")
    assert form.select_one('textarea[name="fields[message]"]')["maxlength"] == "2000"
    assert not form.select('[name="fields[email]"]')


@pytest.mark.parametrize("lang", LANGS)
def test_every_control_has_a_label_and_required_ones_say_so(post_pages, lang):
    form = soup(post_pages[lang]).select_one("form.gcb-form")
    controls = form.select("input:not([type=hidden]), textarea")
    assert [control["name"] for control in controls] == ["fields[name]", "fields[message]", "fields[website]"]
    for control in controls:
        label = form.select_one(f'label[for="{control["id"]}"]')
        assert label is not None, control
        if control.has_attr("required"):
            assert {"en": "(required)", "fr": "(obligatoire)"}[lang] in label.get_text()
    message = form.select_one("#comment-message")
    assert form.select_one(f'#{message["aria-describedby"]}') is not None


@pytest.mark.parametrize("lang", LANGS)
def test_honeypot_is_hidden_from_people_and_assistive_technology(post_pages, lang):
    form = soup(post_pages[lang]).select_one("form.gcb-form")
    trap = form.select_one('[name="fields[website]"]')
    assert trap["tabindex"] == "-1"
    assert trap.find_parent(attrs={"aria-hidden": "true"}) is not None


@pytest.mark.parametrize("lang", LANGS)
def test_privacy_notice_and_rules_link_come_before_the_submit_button(site, post_pages, lang):
    form = soup(post_pages[lang]).select_one("form.gcb-form")
    text = form.get_text(" ")
    order = [str(node) for node in form.descendants]
    privacy = form.select_one(".gcb-form__privacy")
    button = form.select_one('button[type="submit"]')
    assert order.index(str(privacy)) < order.index(str(button))
    expected = {"en": "Privacy Commissioner", "fr": "commissaire à la protection de la vie privée"}[lang]
    assert expected in text
    rules = {"en": "/en/rules-of-engagement/", "fr": "/fr/regles-dengagement/"}[lang]
    assert rules in [a["href"] for a in form.select("a")]


def test_closed_comments_show_a_notice_and_no_form(tmp_path):
    content = copy_content(tmp_path / "content")
    posts = sorted((content / "posts").glob("*.md"))
    assert len(posts) == 2  # the post in each language
    for post in posts:
        post.write_text(post.read_text(encoding="utf-8").replace("Lang:", "Comments: closed\nLang:", 1), encoding="utf-8")
    site = build_site(tmp_path / "output", content)
    for lang, text in (("en", "Comments are closed."), ("fr", "Les commentaires sont fermés.")):
        page = soup(next((site / lang).glob("*/*/index.html")))
        assert page.select_one("form.gcb-form") is None
        assert page.select_one(".gcb-comments__closed").get_text(strip=True) == text


@pytest.mark.parametrize("lang", LANGS)
def test_approved_comments_show_threaded_under_both_versions(commented_site, lang):
    page = soup(next((commented_site / lang).glob("*/*/index.html")))
    top = page.select(".gcb-comments__list > li")
    assert [li["id"] for li in top] == ["comment-a1", "comment-c3"]
    reply = top[0].select_one(".gcb-comments__replies > li")
    assert reply["id"] == "comment-b2" and reply["lang"] == "fr"
    assert top[0]["lang"] == "en"
    heading = page.select_one("#comments-heading").get_text(strip=True)
    assert heading == {"en": "4 comments", "fr": "4 commentaires"}[lang]
    date = top[0].select_one("time")
    assert date["datetime"] == "2020-10-28"
    assert date.get_text() == {"en": "October 28, 2020", "fr": "le 28 octobre 2020"}[lang]


def test_hostile_comment_text_is_shown_not_run(commented_site):
    page = soup(next((commented_site / "en").glob("*/*/index.html")))
    message = page.select_one("#comment-c3 .gcb-comment__message")
    assert message.find("script") is None and message.find("img") is None
    assert message.get_text() == HOSTILE


def test_malformed_comment_file_stops_the_build_naming_it(tmp_path):
    content = copy_content(tmp_path / "content")
    write_comment(content, "bad.yml", "id: x\nname: Ana\ndate: not-a-date\nlang: en\nmessage: hi\n")
    write_comment(content, "worse.yml", "id: y\nname: Bo\ndate: 2020-10-28\nlang: de\n")
    with pytest.raises(ContentError) as failure:
        build_site(tmp_path / "output", content)
    message = str(failure.value)
    assert f"comments/{KEY}/bad.yml: date: 'not-a-date' is not a date; use an ISO 8601 date" in message
    assert f"comments/{KEY}/worse.yml: comment: missing field(s) message;" in message


def test_publish_refuses_a_plain_http_endpoint(tmp_path):
    from comments.settings import CommentsSettingError

    with pytest.raises(CommentsSettingError, match="must be an https URL in publish mode"):
        build_site(
            tmp_path / "output",
            conf="publishconf.py",
            SITEURL="https://blog.example.gc.ca",
            COMMENTS_ENDPOINT="http://comments.example.gc.ca/entry",
        )


def test_replies_that_loop_on_each_other_stop_the_build(tmp_path):
    content = copy_content(tmp_path / "content")
    write_comment(content, "x.yml", "id: x1\nname: A\ndate: 2020-10-28\nlang: en\nmessage: a\nparent: y1\n")
    write_comment(content, "y.yml", "id: y1\nname: B\ndate: 2020-10-29\nlang: en\nmessage: b\nparent: x1\n")
    with pytest.raises(ContentError, match="makes a loop of replies"):
        build_site(tmp_path / "output", content)


@pytest.mark.parametrize("lang", LANGS)
def test_a_hostile_name_is_shown_as_text_in_the_comment_and_its_reply_summary(commented_site, lang):
    page = soup(next((commented_site / lang).glob("*/*/index.html")))
    comment = page.select_one("#comment-d4")
    assert comment.select_one(".gcb-comment__author").get_text() == HOSTILE_NAME
    summary = comment.select_one("details > summary")
    assert summary.get_text() == {"en": f"Reply to {HOSTILE_NAME}", "fr": f"Répondre à {HOSTILE_NAME}"}[lang]
    assert comment.find("b") is None and comment.find("script") is None


@pytest.mark.parametrize(("lang", "limit"), [("en", "Maximum 2,000 characters."), ("fr", "Maximum de 2\u00a0000 caractères.")])
def test_the_length_limit_is_written_with_the_language_s_digit_grouping(post_pages, lang, limit):
    hint = soup(post_pages[lang]).select_one("#comment-message-hint").get_text()
    assert hint.endswith(limit)


def test_a_status_id_that_cannot_be_a_fragment_is_refused(tmp_path):
    from comments.settings import CommentsSettingError

    with pytest.raises(CommentsSettingError, match="COMMENTS_RECEIVED_SLUG is the id of a status block"):
        build_site(tmp_path / "output", COMMENTS_RECEIVED_SLUG="Merci bien")
