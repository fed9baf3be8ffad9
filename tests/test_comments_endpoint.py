"""The reference endpoint under attack: each request here is one a real client
could send; the endpoint runs for real on 127.0.0.1."""

import re
from pathlib import Path

import pytest
import yaml
from comments.endpoint import EndpointConfig, check_submission
from comments.settings import read_settings
from endpoint_helpers import KEY, POST_URL, SITE, Endpoint, form

CONFIG = EndpointConfig(queue=Path("unused"), allowed_origins=frozenset())
UUID = "6d1c1e30-7dbb-11eb-9439-0242ac130002"
HEX_ID = "3f9c2a71d04b5e18"


@pytest.fixture
def endpoint(tmp_path):
    running = Endpoint(tmp_path)
    yield running
    running.stop()


def approved_parent(endpoint, name, text):
    folder = endpoint.config.content / "comments" / KEY
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")


def test_accepted_comment_is_queued_with_no_network_details(endpoint):
    status, location = endpoint.post(headers={"Origin": SITE})
    assert (status, location) == (303, POST_URL + "#comment-received")
    [path] = endpoint.queued()
    comment = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert set(comment) == {"id", "key", "name", "date", "lang", "message"}
    assert re.fullmatch(r"[0-9a-f]{16}", comment["id"]) and path.name == f"{comment['id']}.yml"
    assert (comment["key"], comment["lang"], comment["message"]) == (KEY, "en", "Bonjour")
    assert "127.0.0.1" not in path.read_text(encoding="utf-8")
    assert path.stat().st_mode & 0o777 == 0o600  # not public yet: the moderator's account only


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({"fields[message]": "  "}, "missing-fields"),
        ({"fields[name]": None}, "missing-fields"),
        ({"fields[message]": "x" * 2001}, "too-long"),
        ({"fields[name]": "x" * 101}, "too-long"),
        ({"fields[website]": "http://spam.example"}, "rejected"),
        ({"options[slug]": "../../etc"}, "rejected"),
        ({"options[slug]": "a-post\n"}, "rejected"),
        ({"options[slug]": "A-Post"}, "rejected"),
        ({"fields[lang]": "de"}, "rejected"),
        ({"options[parent]": "../x"}, "rejected"),
        ({"options[parent]": HEX_ID + "\n"}, "rejected"),
        ({"options[parent]": HEX_ID}, "rejected"),  # well formed, but no such comment
    ],
)
def test_a_refused_form_lands_on_the_post_with_its_reason_and_queues_nothing(endpoint, fields, reason):
    status, location = endpoint.post(form(**fields))
    assert (status, location) == (303, f"{POST_URL}#comment-not-sent-{reason}")
    assert endpoint.queued() == []


def test_the_old_form_without_a_fragment_gets_the_reason_as_the_fragment(endpoint):
    old = form(**{"options[redirectError]": SITE + "/en/blog/a-post/comment-not-sent/", "fields[message]": ""})
    assert endpoint.post(old) == (303, SITE + "/en/blog/a-post/comment-not-sent/#missing-fields")


@pytest.mark.parametrize("parent", [HEX_ID, UUID])
def test_a_reply_names_an_approved_parent_in_either_id_form(endpoint, parent):
    # One parent as our moderator writes it, one as Staticman writes it (`_id`, JSON).
    approved_parent(endpoint, f"{HEX_ID}.yml", f"id: {HEX_ID}\nname: A\n")
    approved_parent(endpoint, "entry1614900000000.json", f'{{"_id": "{UUID}", "name": "B"}}')
    status, location = endpoint.post(form(**{"options[parent]": parent}))
    assert (status, location) == (303, POST_URL + "#comment-received")
    [path] = endpoint.queued()
    assert yaml.safe_load(path.read_text(encoding="utf-8"))["parent"] == parent


def test_the_old_form_sending_options_lang_still_works(endpoint):
    old = form(**{"fields[lang]": None, "options[lang]": "fr"})
    assert endpoint.post(old)[0] == 303
    [path] = endpoint.queued()
    assert yaml.safe_load(path.read_text(encoding="utf-8"))["lang"] == "fr"


@pytest.mark.parametrize("length", ["+7", "7_0", "٧".encode(), " 7", "-1", "0x10", "1e2", "7, 7"])
def test_content_length_must_be_ascii_digits(endpoint, length):
    status, _ = endpoint.post(body=b"a=1&b=22", headers={"Content-Length": length})
    assert status == 400
    assert endpoint.queued() == []


def test_a_valid_form_with_a_signed_content_length_is_not_queued(endpoint):
    import urllib.parse

    data = urllib.parse.urlencode(form()).encode()
    status, _ = endpoint.post(body=data, headers={"Content-Length": f"+{len(data)}"})
    assert status == 400 and endpoint.queued() == []


def test_two_content_lengths_and_any_transfer_encoding_are_refused(endpoint):
    import urllib.parse

    data = urllib.parse.urlencode(form()).encode()
    head = f"POST /comments HTTP/1.1\r\nHost: x\r\nContent-Length: {len(data)}\r\n"
    answer = endpoint.raw(f"{head}Content-Length: {len(data)}\r\nConnection: close\r\n\r\n".encode() + data)
    assert answer.startswith(b"HTTP/1.0 400 ")
    chunked = f"{len(data):x}\r\n".encode() + data + b"\r\n0\r\n\r\n"
    head = b"POST /comments HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
    answer = endpoint.raw(head + chunked)
    assert answer.startswith(b"HTTP/1.0 400 ") or answer.startswith(b"HTTP/1.0 411 ")
    assert endpoint.queued() == []


def test_a_failed_queue_write_sends_the_reader_to_the_not_sent_block(tmp_path):
    blocker = tmp_path / "queue"
    blocker.write_text("a file where the queue folder should be", encoding="utf-8")
    endpoint = Endpoint(tmp_path, queue=blocker)
    try:
        assert endpoint.post() == (303, POST_URL + "#comment-not-sent-unavailable")
    finally:
        endpoint.stop()


def test_queue_files_are_written_whole_and_leave_no_temporary_files(endpoint):
    for _ in range(3):
        endpoint.post()
    names = sorted(p.name for p in endpoint.queue.iterdir())
    assert len(names) == 3 and all(re.fullmatch(r"[0-9a-f]{16}\.yml", n) for n in names)


def test_line_separators_and_controls_survive_the_queue_exactly(endpoint):
    message = "a\x85b\u2028c\u2029d\r\ne\x1b[2J\tf \u202e g\x00"
    endpoint.post(form(**{"fields[message]": message}))
    [path] = endpoint.queued()
    assert yaml.safe_load(path.read_text(encoding="utf-8"))["message"] == message


def test_check_submission_without_a_server():
    result, _comment = check_submission(form(), CONFIG)
    assert result == "ok"
    assert check_submission(form(**{"options[slug]": "a-post\n"}), CONFIG)[0] == "rejected"


def test_publish_accepts_a_loopback_http_endpoint_for_local_rehearsals():
    checked = read_settings(
        {"COMMENTS_ENDPOINT": "http://127.0.0.1:8081/comments", "COMMENTS_REQUIRE_HTTPS": True, "SITEURL": "https://x.gc.ca"}
    )
    assert checked.endpoint == "http://127.0.0.1:8081/comments"


def test_make_comments_endpoint_reads_the_content_and_the_built_site(tmp_path):
    import shlex
    import subprocess

    from conftest import ROOT

    folder = tmp_path / "elsewhere"
    result = subprocess.run(
        ["make", "-n", "comments-endpoint", f"CONTENT_PATH={folder}", "ARGS=--trusted-proxy 127.0.0.1"],
        cwd=ROOT, capture_output=True, text=True, check=True,
    )
    lines = result.stdout.replace("\\\n", " ").splitlines()
    [command] = [line for line in lines if "comments.endpoint" in line]
    words = shlex.split(command)
    assert words[words.index("--content") + 1] == str(folder)
    assert words[words.index("--site") + 1] == "output"
    assert words[-2:] == ["--trusted-proxy", "127.0.0.1"]
