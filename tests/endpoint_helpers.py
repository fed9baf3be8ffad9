"""Shared parts for the reference endpoint's tests: a real server on 127.0.0.1,
raw HTTP requests (so tests can send what a browser never would), and forms."""

import http.client
import socket
import threading
import urllib.parse
from pathlib import Path

from comments.endpoint import EndpointConfig, make_server

SITE = "http://127.0.0.1:8000"
KEY = "a-post"
POST_URL = f"{SITE}/en/blog/a-post/"


def form(**overrides):
    """A valid Staticman v3 form as the built site sends it; None drops a field."""
    fields = {
        "fields[name]": "Ana",
        "fields[message]": "Bonjour",
        "fields[lang]": "en",
        "fields[website]": "",
        "options[slug]": KEY,
        "options[redirect]": POST_URL + "#comment-received",
        "options[redirectError]": POST_URL + "#comment-not-sent",
    }
    fields.update(overrides)
    return {k: v for k, v in fields.items() if v is not None}


class Endpoint:
    """A running endpoint in this process; stop() shuts it down."""

    def __init__(self, tmp_path, **config):
        config.setdefault("queue", Path(tmp_path) / "queue")
        config.setdefault("allowed_origins", frozenset({SITE}))
        config.setdefault("content", Path(tmp_path) / "content")
        self.config = EndpointConfig(**config)
        self.server = make_server(self.config)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True)
        self.thread.start()

    @property
    def queue(self):
        return self.config.queue

    def queued(self):
        return sorted(self.queue.glob("*.yml")) if self.queue.is_dir() else []

    def post(self, fields=None, headers=None, body=None, timeout=10):
        """POST a form; return (status, Location header)."""
        data = body if body is not None else urllib.parse.urlencode(fields or form()).encode()
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            connection.putrequest("POST", "/comments", skip_accept_encoding=True)
            sent = {"Content-Type": "application/x-www-form-urlencoded", "Content-Length": str(len(data))}
            sent.update(headers or {})
            for name, value in sent.items():
                if value is not None:
                    connection.putheader(name, value)
            connection.endheaders(data)
            response = connection.getresponse()
            response.read()
            return response.status, response.getheader("Location")
        finally:
            connection.close()

    def raw(self, data, timeout=10):
        """Send raw bytes; return everything the server answers before closing."""
        with socket.create_connection(("127.0.0.1", self.port), timeout=timeout) as sock:
            sock.sendall(data)
            chunks = []
            while chunk := sock.recv(65536):
                chunks.append(chunk)
            return b"".join(chunks)

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


POST_PAGE = """<!DOCTYPE html>
<html lang="{lang}"><head><title>{title} - Blog</title></head>
<body><main><h1>{title}</h1>
<form method="post" action="http://127.0.0.1:8081/comments">
<input type="hidden" name="options[slug]" value="{key}">
<input type="hidden" name="fields[lang]" value="{lang}">
<input type="hidden" name="options[redirect]" value="{url}#{received}">
<input type="hidden" name="options[redirectError]" value="{url}#{error}">
</form></main></body></html>
"""
POSTS = {
    "en": ("en/blog/a-post", "A post &amp; its <em>title</em>", "comment-received", "comment-not-sent"),
    "fr": ("fr/blogue/un-billet", "Un billet « titré »", "commentaire-recu", "commentaire-non-envoye"),
}


def write_built_site(folder, key=KEY):
    """A built site as the comments plugin writes it, reduced to what the endpoint
    reads: each language's post page with its comment form."""
    for lang, (path, title, received, error) in POSTS.items():
        page = Path(folder) / path / "index.html"
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(
            POST_PAGE.format(lang=lang, title=title, key=key, url=f"{SITE}/{path}/", received=received, error=error),
            encoding="utf-8",
        )
    (Path(folder) / "index.html").write_text("<html lang=en><h1>Home</h1></html>", encoding="utf-8")
    return Path(folder)
