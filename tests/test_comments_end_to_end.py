"""A reader comments with JavaScript off; a moderator approves; the comment shows.

Real parts throughout: the built site and the reference endpoint each on their
own HTTP server on 127.0.0.1, Debian's headless Chromium, the moderator command.
"""

import re
import subprocess
import sys
import threading
import urllib.error
import urllib.parse
import urllib.request
from functools import partial
from http.server import ThreadingHTTPServer

import pytest
from comments.endpoint import EndpointConfig, make_server
from conftest import ROOT, QuietHandler, build_site, copy_content, soup

pytestmark = pytest.mark.browser
KEY = "digital-nations-summit-2020"


def serve(server):
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    """Content copy, site server, endpoint and a build wired to both."""
    root = tmp_path_factory.mktemp("e2e")
    content = copy_content(root / "content")
    output = root / "output"
    output.mkdir()
    site_server = serve(ThreadingHTTPServer(("127.0.0.1", 0), partial(QuietHandler, directory=str(output))))
    site_url = f"http://127.0.0.1:{site_server.server_address[1]}"
    queue = root / "queue"
    endpoint = serve(make_server(EndpointConfig(queue=queue, allowed_origins=frozenset({site_url}))))
    endpoint_url = f"http://127.0.0.1:{endpoint.server_address[1]}/comments"

    def build():
        build_site(output, content, SITEURL=site_url, COMMENTS_ENDPOINT=endpoint_url)

    build()
    yield {"content": content, "queue": queue, "site": site_url, "endpoint": endpoint_url, "build": build, "output": output}
    for server in (site_server, endpoint):
        server.shutdown()
        server.server_close()


@pytest.fixture
def page(no_js_page):
    return no_js_page


def post_url(stack, lang):
    blog = {"en": "blog", "fr": "blogue"}[lang]
    folder = next((stack["output"] / lang / blog).glob("*/index.html")).parent.name
    return f"{stack['site']}/{lang}/{blog}/{folder}/"


def queued(stack):
    return sorted(stack["queue"].glob("*.yml")) if stack["queue"].exists() else []


@pytest.mark.parametrize(
    ("lang", "name_label", "message_label", "submit", "thanks", "status_id"),
    [
        ("en", "Name", "Comment", "Submit comment", "Comment received", "comment-received"),
        ("fr", "Nom", "Commentaire", "Envoyer le commentaire", "Commentaire reçu", "commentaire-recu"),
    ],
)
def test_reader_submits_a_comment_and_lands_back_on_the_post_thanked(
    stack, page, lang, name_label, message_label, submit, thanks, status_id
):
    before = len(queued(stack))
    page.goto(post_url(stack, lang))
    page.get_by_role("textbox", name=re.compile(f"^{name_label} ")).fill(f"Reader {lang}")
    page.get_by_role("textbox", name=re.compile(f"^{message_label} ")).fill(
        f"A thought in {lang}.\n\nSecond paragraph."
    )
    page.get_by_role("button", name=submit).click()
    page.wait_for_load_state()
    assert page.url == f"{post_url(stack, lang)}#{status_id}"
    assert page.locator("html").get_attribute("lang") == lang
    # Only the targeted status block shows (CSS :target), on the post itself.
    shown = page.locator('[role="status"]:visible')
    assert shown.count() == 1
    assert shown.get_attribute("id") == status_id
    assert shown.locator("h3").inner_text() == thanks
    assert len(queued(stack)) == before + 1


def test_browser_will_not_send_an_empty_message(stack, page):
    before = len(queued(stack))
    page.goto(post_url(stack, "en"))
    page.get_by_role("textbox", name=re.compile("^Name ")).fill("Someone")
    from playwright.sync_api import expect

    page.get_by_role("button", name="Submit comment").click()
    # A browser refuses an invalid form by focusing its first invalid control, and
    # sends nothing: wait for that (bounded by the page's timeout), not for a while.
    expect(page.get_by_role("textbox", name=re.compile("^Comment "))).to_be_focused()
    expect(page).to_have_url(post_url(stack, "en"))
    assert len(queued(stack)) == before


def post_form(stack, **fields):
    """Submit like a client that skips the browser's checks; return the redirect."""
    base = post_url(stack, "en")
    form = {
        "options[slug]": KEY,
        "fields[lang]": "en",
        "options[redirect]": base + "#comment-received",
        "options[redirectError]": base + "#comment-not-sent",
        "fields[name]": "Bot",
        "fields[message]": "Buy now",
        **fields,
    }
    request = urllib.request.Request(stack["endpoint"], data=urllib.parse.urlencode(form).encode(), method="POST")
    opener = urllib.request.build_opener(NoRedirect)
    try:
        opener.open(request, timeout=5)
    except urllib.error.HTTPError as response:
        return response.code, response.headers.get("Location")
    raise AssertionError("the endpoint did not redirect")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@pytest.mark.parametrize(
    ("fields", "reason"),
    [({"fields[website]": "http://spam.example"}, "rejected"), ({"fields[message]": "  "}, "missing-fields")],
)
def test_filled_honeypot_and_empty_message_are_refused_with_no_file(stack, fields, reason):
    before = len(queued(stack))
    status, location = post_form(stack, **fields)
    assert status == 303
    assert location.endswith(f"/#comment-not-sent-{reason}")
    assert len(queued(stack)) == before


def test_redirect_to_another_site_is_refused(stack):
    status, _location = post_form(stack, **{"options[redirect]": "https://evil.example/"})
    assert status == 400


def test_approved_comment_shows_under_both_versions_of_the_post(stack):
    ids = [path.stem for path in queued(stack) if "Reader fr" in path.read_text(encoding="utf-8")]
    assert ids, "the French comment should be in the queue"
    subprocess.run(
        [sys.executable, "-m", "comments.moderate", "--queue", str(stack["queue"]),
         "--content", str(stack["content"]), "approve", ids[0]],
        cwd=ROOT, env={"PYTHONPATH": str(ROOT / "plugins"), "PATH": "/usr/bin:/bin"},
        check=True, capture_output=True,
    )
    assert (stack["content"] / "comments" / KEY / f"{ids[0]}.yml").exists()
    assert not (stack["queue"] / f"{ids[0]}.yml").exists()
    stack["build"]()
    for lang in ("en", "fr"):
        blog = {"en": "blog", "fr": "blogue"}[lang]
        post = next((stack["output"] / lang / blog).glob("*/index.html"))
        comment = soup(post).select_one(f"#comment-{ids[0]}")
        assert comment is not None, lang
        assert comment["lang"] == "fr"
        assert [p.get_text() for p in comment.select(".gcb-comment__message p")] == [
            "A thought in fr.", "Second paragraph."
        ]


def test_redirect_with_a_line_break_is_refused_and_nothing_queued(stack):
    before = len(queued(stack))
    base = post_url(stack, "en")
    status, location = post_form(stack, **{"options[redirect]": base + "#comment-received\r\nSet-Cookie: x=1"})
    assert status == 400 and location is None
    assert len(queued(stack)) == before


def test_malformed_content_length_gets_a_clear_refusal(stack):
    host, port = stack["endpoint"].split("//")[1].split("/")[0].split(":")
    import http.client

    connection = http.client.HTTPConnection(host, int(port), timeout=5)
    connection.putrequest("POST", "/comments")
    connection.putheader("Content-Length", "lots")
    connection.endheaders()
    assert connection.getresponse().status == 400
    connection.close()
