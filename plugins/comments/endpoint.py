"""A reference comment endpoint for local previews and tests (127.0.0.1 only).

It keeps the contract of the production (Staticman-compatible) service: a
urlencoded POST with fields[...] and options[...], answered by `303 See Other`
to options[redirect], or to options[redirectError]#<reason>. Accepted comments
go to a moderation queue outside content/; nothing is published directly, and
no IP address is ever written (the rate limit keeps a salted hash in memory).

    python -m comments.endpoint --port 8081 --queue comments-queue \
        --allow-origin http://127.0.0.1:8000
"""

import argparse
import datetime
import hashlib
import os
import re
import secrets
import tempfile
import threading
import time
from collections import defaultdict, deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import yaml

MAX_BODY = 64 * 1024
KEY_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,199}$")
UNSAFE_IN_HEADER = re.compile(r"[^\x21-\x7e]")


@dataclass
class EndpointConfig:
    queue: Path
    allowed_origins: frozenset
    languages: tuple = ("en", "fr")
    name_maxlength: int = 100
    message_maxlength: int = 2000
    rate_limit: int = 5
    rate_window: float = 600.0


@dataclass
class RateLimiter:
    """At most `limit` submissions per client per window, kept in memory only."""

    limit: int
    window: float
    salt: bytes = field(default_factory=lambda: secrets.token_bytes(16))
    seen: dict = field(default_factory=lambda: defaultdict(deque))
    lock: threading.Lock = field(default_factory=threading.Lock)

    def allow(self, client):
        key = hashlib.sha256(self.salt + client.encode()).hexdigest()
        now = time.monotonic()
        with self.lock:
            times = self.seen[key]
            while times and now - times[0] > self.window:
                times.popleft()
            if len(times) >= self.limit:
                return False
            times.append(now)
            return True


def origin(url):
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


def check_submission(form, config):
    """('ok', comment) or (reason, None) for a parsed form."""
    name = form.get("fields[name]", "").strip()
    message = form.get("fields[message]", "").strip()
    if form.get("fields[website]", ""):
        return "rejected", None
    key = form.get("options[slug]", "")
    lang = form.get("options[lang]", "")
    if not KEY_PATTERN.match(key) or lang not in config.languages:
        return "rejected", None
    if not name or not message:
        return "missing-fields", None
    if len(name) > config.name_maxlength or len(message) > config.message_maxlength:
        return "too-long", None
    comment = {
        "id": secrets.token_hex(8),
        "key": key,
        "name": name,
        "date": datetime.datetime.now(datetime.UTC).replace(microsecond=0).isoformat(),
        "lang": lang,
        "message": message,
    }
    parent = form.get("options[parent]", "")
    if re.fullmatch(r"[0-9a-f]{16}", parent):
        comment["parent"] = parent
    return "ok", comment


def write_to_queue(queue, comment):
    """Write the comment atomically as <queue>/<id>.yml."""
    queue.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile("w", dir=queue, suffix=".tmp", delete=False, encoding="utf-8") as tmp:
        yaml.safe_dump(comment, tmp, allow_unicode=True, sort_keys=False)
    os.replace(tmp.name, queue / f"{comment['id']}.yml")


class CommentHandler(BaseHTTPRequestHandler):
    config: EndpointConfig
    limiter: RateLimiter

    def do_POST(self):
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            self.plain(400, "Content-Length must be a number of bytes")
            return
        if not 0 < length <= MAX_BODY:
            self.plain(413 if length else 411, "a urlencoded body of at most 64 KiB is required")
            return
        body = self.rfile.read(length).decode("utf-8", errors="replace")
        form = {k: v[0] for k, v in parse_qs(body, keep_blank_values=True).items()}
        redirect, redirect_error = form.get("options[redirect]", ""), form.get("options[redirectError]", "")
        # Only the site's own pages may be redirected to: never an open redirect,
        # and never a line break or other byte that would forge a header.
        unsafe = any(UNSAFE_IN_HEADER.search(url) for url in (redirect, redirect_error))
        if unsafe or not {origin(redirect), origin(redirect_error)} <= self.config.allowed_origins:
            self.plain(400, "options[redirect] and options[redirectError] must be pages of the configured site")
            return
        if not self.limiter.allow(self.client_address[0]):
            self.see_other(f"{redirect_error}#too-many")
            return
        result, comment = check_submission(form, self.config)
        if result != "ok":
            self.see_other(f"{redirect_error}#{result}")
            return
        write_to_queue(self.config.queue, comment)
        self.see_other(redirect)

    def see_other(self, location):
        self.send_response(303)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def plain(self, status, text):
        data = f"{text}\n".encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format, *args):  # noqa: A002
        # The default log line starts with the client's IP address: not kept.
        pass


def make_server(config, host="127.0.0.1", port=0):
    handler = type(
        "ConfiguredCommentHandler",
        (CommentHandler,),
        {"config": config, "limiter": RateLimiter(config.rate_limit, config.rate_window)},
    )
    return ThreadingHTTPServer((host, port), handler)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=8081)
    parser.add_argument("--queue", type=Path, default=Path("comments-queue"))
    parser.add_argument("--allow-origin", action="append", default=[], help="the site's origin; repeatable")
    args = parser.parse_args(argv)
    origins = frozenset(args.allow_origin or ["http://127.0.0.1:8000", "http://localhost:8000"])
    server = make_server(EndpointConfig(queue=args.queue, allowed_origins=origins), port=args.port)
    print(f"comments endpoint on http://127.0.0.1:{args.port}/ -> queue {args.queue}/")  # noqa: T201
    server.serve_forever()


if __name__ == "__main__":
    main()
