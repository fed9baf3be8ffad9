"""Moderators are told about each queued comment, by e-mail or webhook.

A real SMTP server (aiosmtpd) and a real HTTP server run on 127.0.0.1; waits
are on events the servers set, bounded by timeouts, never sleeps.
"""

import email
import email.policy
import io
import json
import os
import socket
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult
from comments import endpoint as endpoint_module
from comments.notify import Notifier, SmtpSender, WebhookSender
from comments.post_index import PostIndex
from conftest import ROOT
from endpoint_helpers import KEY, POST_URL, SITE, Endpoint, form, write_built_site

WAIT = 10


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Mailbox:
    """An aiosmtpd handler keeping each message; `release` holds delivery back."""

    def __init__(self):
        self.messages = []
        self.arrived = threading.Event()
        self.release = threading.Event()
        self.release.set()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's hook name)
        self.release.wait(WAIT)  # blocks the server, as a slow mail server would
        self.messages.append((envelope, session.auth_data))
        self.arrived.set()
        return "250 OK"


@pytest.fixture
def smtp():
    mailbox = Mailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield mailbox, controller.port
    mailbox.release.set()
    controller.stop()


@pytest.fixture
def built(tmp_path):
    return write_built_site(tmp_path / "output")


def parsed(envelope):
    return email.message_from_bytes(envelope.content, policy=email.policy.default)


def sender(port, **extra):
    return SmtpSender(host="127.0.0.1", port=port, sender="blog@example.gc.ca", recipients=["mod@example.gc.ca"], **extra)


def test_each_queued_comment_is_mailed_with_both_versions_of_the_post(tmp_path, smtp, built):
    mailbox, port = smtp
    notifier = Notifier([sender(port)], site=built).start()
    endpoint = Endpoint(tmp_path, notifier=notifier)
    try:
        message = "Très bon billet.\n\nÉcrivez-moi : zoe@example.ca\x1b[2J"
        fields = form(**{"fields[lang]": "fr", "fields[name]": "Zoé", "fields[message]": message})
        assert endpoint.post(fields, headers={"Origin": SITE}) == (303, POST_URL + "#comment-received")
        assert mailbox.arrived.wait(WAIT)
    finally:
        endpoint.stop()
        notifier.stop()
    [(envelope, _login)] = mailbox.messages
    [queued] = endpoint.queued()
    mail = parsed(envelope)
    assert envelope.rcpt_tos == ["mod@example.gc.ca"] and mail["From"] == "blog@example.gc.ca"
    assert mail["Subject"] == "Comment to moderate / Commentaire à modérer : A post & its title / Un billet « titré »"
    body = mail.get_content().replace("\r\n", "\n")
    assert f"  en: A post & its title\n      {SITE}/en/blog/a-post/\n" in body
    assert f"  fr: Un billet « titré »\n      {SITE}/fr/blogue/un-billet/\n" in body
    assert f"Id: {queued.stem}\n" in body and "Name / Nom : Zoé\n" in body
    assert "Language / Langue : French / français\n" in body
    assert "Très bon billet.\n\nÉcrivez-moi : zoe@example.ca\\x1b[2J\n" in body
    assert "RENSEIGNEMENTS PERSONNELS POSSIBLES : e-mail address" in body
    assert f'make moderate ARGS="approve {queued.stem}"' in body
    assert "127.0.0.1" not in body.replace(SITE, "")


def test_the_mail_server_login_is_used(tmp_path, built):
    mailbox = Mailbox()

    def authenticator(server, session, envelope, mechanism, auth_data):
        return AuthResult(success=(auth_data.login, auth_data.password) == (b"blog", b"s3cret"), auth_data=auth_data)

    controller = Controller(mailbox, hostname="127.0.0.1", port=free_port(),
                            authenticator=authenticator, auth_require_tls=False)
    controller.start()
    notifier = Notifier([sender(controller.port, user="blog", password="s3cret")], site=built).start()
    try:
        notifier.submit({"id": "3f9c2a71d04b5e18", "key": KEY, "name": "A", "lang": "en", "message": "Hi", "date": "x"})
        assert mailbox.arrived.wait(WAIT)
    finally:
        notifier.stop()
        controller.stop()
    [(_envelope, login)] = mailbox.messages
    assert login.login == b"blog"


def test_a_slow_mail_server_does_not_keep_the_reader_waiting(tmp_path, smtp, built):
    mailbox, port = smtp
    mailbox.release.clear()  # the mail server accepts the message but does not answer
    notifier = Notifier([sender(port)], site=built).start()
    endpoint = Endpoint(tmp_path, notifier=notifier)
    try:
        # Answered while the mail server is still holding the notice back: had the
        # endpoint sent it itself, this request would wait WAIT seconds and time out.
        assert endpoint.post(timeout=WAIT / 2) == (303, POST_URL + "#comment-received")
        assert not mailbox.arrived.is_set()
        mailbox.release.set()
        assert mailbox.arrived.wait(WAIT)
    finally:
        endpoint.stop()
        notifier.stop()


def test_past_the_bounded_queue_notices_are_dropped_with_one_line_each(built):
    sent, log = [], io.StringIO()

    class Recorder:
        def send(self, subject, text, payload):
            sent.append(payload["comment"]["id"])

    # Not started yet: nothing leaves the queue while it fills.
    notifier = Notifier([Recorder()], site=built, size=2, stderr=log)
    ids = [f"{n:016x}" for n in range(4)]
    for comment_id in ids:
        notifier.submit({"id": comment_id, "key": KEY, "name": "A", "lang": "en", "message": "Hi", "date": "x"})
    notifier.start().stop()
    assert sent == ids[:2]
    assert log.getvalue().splitlines() == [
        f"comments endpoint: too many notices waiting; comment {comment_id} was queued but not notified" for comment_id in ids[2:]
    ]


def test_an_unreachable_mail_server_costs_one_line_and_the_comment_is_kept(tmp_path, built):
    log = io.StringIO()
    notifier = Notifier([sender(free_port())], site=built, stderr=log).start()
    endpoint = Endpoint(tmp_path, notifier=notifier)
    try:
        assert endpoint.post() == (303, POST_URL + "#comment-received")
    finally:
        endpoint.stop()
        notifier.stop()
    [queued] = endpoint.queued()
    [line] = log.getvalue().splitlines()
    assert line.startswith(f"comments endpoint: could not notify about comment {queued.stem} by SmtpSender (")


class Hook(BaseHTTPRequestHandler):
    received: ClassVar[list] = []
    arrived: ClassVar[threading.Event] = threading.Event()

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.received.append((self.headers["Content-Type"], json.loads(body)))
        self.send_response(204)
        self.end_headers()
        self.arrived.set()

    def log_message(self, format, *args):  # noqa: A002
        pass


def test_a_webhook_gets_the_comment_and_both_versions_as_json(tmp_path, built):
    hook = ThreadingHTTPServer(("127.0.0.1", 0), Hook)
    threading.Thread(target=hook.serve_forever, daemon=True).start()
    notifier = Notifier([WebhookSender(f"http://127.0.0.1:{hook.server_address[1]}/hook")], site=built).start()
    endpoint = Endpoint(tmp_path, notifier=notifier)
    try:
        endpoint.post(form(**{"fields[message]": "Call 613-555-0199"}))
        assert Hook.arrived.wait(WAIT)
    finally:
        endpoint.stop()
        notifier.stop()
        hook.shutdown()
        hook.server_close()
    [(content_type, payload)] = Hook.received
    assert content_type == "application/json; charset=utf-8"
    assert payload["posts"] == {
        "en": {"title": "A post & its title", "url": f"{SITE}/en/blog/a-post/"},
        "fr": {"title": "Un billet « titré »", "url": f"{SITE}/fr/blogue/un-billet/"},
    }
    assert payload["comment"]["message"] == "Call 613-555-0199"
    assert payload["personal_information"] == ["phone number"]
    assert payload["subject"].startswith("Comment to moderate")


def test_the_post_index_finds_a_post_added_after_it_was_first_read(tmp_path):
    site = write_built_site(tmp_path / "output")
    index = PostIndex(site)
    assert index.posts("another-post") == {}
    write_built_site(tmp_path / "output2", key="another-post")
    for lang in ("en", "fr"):
        (site / lang / "new").mkdir()
        source = next((tmp_path / "output2" / lang).rglob("index.html"))
        (site / lang / "new" / "index.html").write_bytes(source.read_bytes())
    assert sorted(index.posts("another-post")) == ["en", "fr"]


def test_the_post_index_reads_the_real_built_site(site):
    index = PostIndex(site)
    posts = index.posts("digital-nations-summit-2020")
    assert sorted(posts) == ["en", "fr"]
    for lang, post in posts.items():
        assert f"/{lang}/" in post.url and post.title


def test_smtp_settings_come_from_the_environment_in_the_command(tmp_path, smtp, built):
    mailbox, port = smtp
    env = {
        "PYTHONPATH": str(ROOT / "plugins"), "PATH": "/usr/bin:/bin",
        "COMMENTS_SMTP_HOST": "127.0.0.1", "COMMENTS_SMTP_PORT": str(port),
        "COMMENTS_MAIL_FROM": "blog@example.gc.ca", "COMMENTS_MAIL_TO": "a@example.gc.ca,b@example.gc.ca",
    }
    command = [sys.executable, "-m", "comments.endpoint", "--port", "0", "--queue", str(tmp_path / "queue"),
               "--content", str(tmp_path / "content"), "--site", str(built), "--allow-origin", SITE]
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        banner = process.stdout.readline()
        port_text = banner.split("http://127.0.0.1:")[1].split("/")[0]
        running = Endpoint.__new__(Endpoint)
        running.port = int(port_text)
        assert running.post(headers={"Origin": SITE}) == (303, POST_URL + "#comment-received")
        assert mailbox.arrived.wait(WAIT)
    finally:
        process.terminate()
        _out, err = process.communicate(timeout=WAIT)
    [(envelope, _login)] = mailbox.messages
    assert envelope.rcpt_tos == ["a@example.gc.ca", "b@example.gc.ca"]
    assert "A post & its title" in parsed(envelope)["Subject"]
    assert "Traceback" not in err


def test_smtp_without_addresses_is_refused_at_start(capsys):
    with pytest.raises(SystemExit):
        endpoint_module.main(["--smtp-host", "127.0.0.1"])
    assert "--smtp-host needs --mail-from and --mail-to" in capsys.readouterr().err


def test_the_password_is_never_a_flag():
    assert "--smtp-password" not in subprocess.run(
        [sys.executable, "-m", "comments.endpoint", "--help"], cwd=ROOT, capture_output=True, text=True,
        env={"PYTHONPATH": str(ROOT / "plugins"), "PATH": os.environ["PATH"]}, check=True,
    ).stdout


def test_a_notice_for_a_post_missing_from_the_built_site_names_its_key(tmp_path):
    from comments.notify import compose

    comment = {"id": "3f9c2a71d04b5e18", "key": "not-built", "name": "A", "lang": "en", "message": "Hi",
               "date": "x", "parent": "0123456789abcdef"}
    subject, text, payload = compose(comment, PostIndex(tmp_path / "never-built").posts("not-built"))
    assert subject.endswith(": not-built")
    assert "  not-built (not found in the built site / introuvable dans le site produit)\n" in text
    assert "Reply to / Réponse à : 0123456789abcdef\n" in text
    assert payload["posts"] == {}


@pytest.fixture
def certificate(tmp_path):
    """A self-signed certificate for 127.0.0.1, made by openssl for this test."""
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out", str(cert),
         "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"],
        check=True, capture_output=True,
    )
    return key, cert


@pytest.mark.parametrize("trusted", [True, False])
def test_starttls_logs_in_only_over_a_verified_connection(tmp_path, built, certificate, trusted):
    import ssl

    key, cert = certificate
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    mailbox = Mailbox()

    def authenticator(server, session, envelope, mechanism, auth_data):
        return AuthResult(success=(auth_data.login, auth_data.password) == (b"blog", b"s3cret"), auth_data=auth_data)

    # The server refuses to log anyone in before STARTTLS (auth_require_tls).
    controller = Controller(mailbox, hostname="127.0.0.1", port=free_port(), tls_context=context,
                            require_starttls=True, authenticator=authenticator)
    controller.start()
    log = io.StringIO()
    smtp = sender(controller.port, user="blog", password="s3cret", starttls=True, cafile=str(cert) if trusted else "")
    notifier = Notifier([smtp], site=built, stderr=log).start()
    try:
        notifier.submit({"id": "3f9c2a71d04b5e18", "key": KEY, "name": "A", "lang": "en", "message": "Hi", "date": "x"})
    finally:
        notifier.stop()  # returns once the notice is sent or has failed
        controller.stop()
    if trusted:
        [(_envelope, login)] = mailbox.messages
        assert login.login == b"blog" and log.getvalue() == ""
    else:
        # A certificate nobody vouches for: no password is sent, one line says why.
        assert mailbox.messages == []
        assert "CERTIFICATE_VERIFY_FAILED" in log.getvalue() and "s3cret" not in log.getvalue()


def test_a_login_without_starttls_to_another_host_is_refused_at_start(capsys):
    with pytest.raises(SystemExit):
        endpoint_module.main(["--smtp-host", "mail.example", "--mail-from", "a@example.gc.ca",
                              "--mail-to", "b@example.gc.ca", "--smtp-user", "blog"])
    assert "--smtp-user logs in to mail.example without encryption: add --smtp-starttls" in capsys.readouterr().err
