r"""A reference comment endpoint for local previews and tests (127.0.0.1 only).

It keeps the contract of the production (Staticman v3) service: a urlencoded
POST with fields[...] and options[...], answered by `303 See Other` to
options[redirect], or to options[redirectError] with `-<reason>` added to its
fragment. Accepted comments go to a moderation queue outside content/; nothing
is published directly, and no IP address is ever written or logged.

    python -m comments.endpoint --port 8081 --queue comments-queue \
        --allow-origin http://127.0.0.1:8000 --site output
"""

import argparse
import datetime
import re
import secrets
import socket
import sys
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from . import comment_yaml, names, notify
from .approved_ids import approved_ids
from .limits import RateLimiter, reader_address
from .safe_files import atomic_write

MAX_BODY = 64 * 1024
MAX_FIELDS = 32
# Content-Length is one to six ASCII digits, nothing else: int() would also take
# "+331", "3_31", " 331" or Arabic-Indic digits, and disagree with a proxy in front.
CONTENT_LENGTH = r"[0-9]{1,6}"
UNSAFE_IN_HEADER = r"[^\x21-\x7e]"


@dataclass
class EndpointConfig:
    queue: Path
    allowed_origins: frozenset
    content: Path = Path("content")
    languages: tuple = ("en", "fr")
    name_maxlength: int = 100
    message_maxlength: int = 2000
    rate_limit: int = 5
    rate_window: float = 600.0
    trusted_proxies: frozenset = frozenset()
    # Load: connections wait in the kernel's listen queue (backlog) rather than
    # being reset; at most max_connections are handled at once; each connection
    # has request_deadline seconds in all (a client dripping a byte at a time
    # cannot hold its thread), and socket_timeout for any single read.
    backlog: int = 1024
    max_connections: int = 64
    request_deadline: float = 10.0
    socket_timeout: float = 10.0
    notifier: object = None
    stderr: object = field(default=None, repr=False)


def origin(url):
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


def error_url(redirect_error, reason):
    """The not-sent URL for `reason`: `#comment-not-sent` becomes `#comment-not-sent-too-long`."""
    return f"{redirect_error}-{reason}" if "#" in redirect_error else f"{redirect_error}#{reason}"


def check_submission(form, config):
    """('ok', comment) or (reason, None) for a parsed form."""
    if form.get("fields[website]", ""):
        return "rejected", None
    key = form.get("options[slug]", "")
    # fields[lang] is the Staticman v3 contract; options[lang] is what older forms sent.
    lang = form.get("fields[lang]") or form.get("options[lang]", "")
    parent = form.get("options[parent]", "")
    if not names.is_key(key) or lang not in config.languages:
        return "rejected", None
    if parent and (not names.is_parent(parent) or parent not in approved_ids(config.content, key)):
        return "rejected", None
    name = form.get("fields[name]", "").strip()
    message = form.get("fields[message]", "").strip()
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
    if parent:
        comment["parent"] = parent
    return "ok", comment


def write_to_queue(queue, comment):
    """Write the comment atomically as <queue>/<id>.yml; return the path."""
    if not names.is_id(comment["id"]):
        raise ValueError(f"not a comment id: {comment['id']!r}")
    # Readable by the moderator's account only: names and messages not yet public.
    return atomic_write(Path(queue) / f"{comment['id']}.yml", comment_yaml.dump(comment), mode=0o600)


class CommentHandler(BaseHTTPRequestHandler):
    config: EndpointConfig
    limiter: RateLimiter

    def setup(self):
        self.timeout = self.config.socket_timeout
        super().setup()
        # The whole exchange has a deadline: past it the socket is shut down, which
        # ends any read the handler is blocked in, however slowly the client drips.
        self.watchdog = threading.Timer(self.config.request_deadline, self.cut_off)
        self.watchdog.daemon = True
        self.watchdog.start()

    def cut_off(self):
        try:
            self.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass  # already closed

    def finish(self):
        self.watchdog.cancel()
        try:
            super().finish()
        except OSError:
            pass  # the client is gone; nothing to tell it

    def do_POST(self):
        self.close_connection = True
        body = self.read_body()
        if body is None:
            return
        offered = self.headers.get_all("Origin") or []
        # A browser always sends Origin on a cross-site POST; `null` (sandboxed
        # frames, file: pages, some redirects) is not the site, so it is refused.
        if len(offered) > 1 or (offered and offered[0] not in self.config.allowed_origins):
            self.plain(403, "this endpoint takes comments only from the site's own pages (Origin)",
                       "ce service n’accepte que les commentaires envoyés depuis les pages du site (Origin)")
            return
        try:
            pairs = parse_qs(body, keep_blank_values=True, max_num_fields=MAX_FIELDS)
        except ValueError:
            self.plain(400, f"a form of at most {MAX_FIELDS} fields is expected",
                       f"un formulaire d’au plus {MAX_FIELDS} champs est attendu")
            return
        form = {k: v[0] for k, v in pairs.items()}
        redirect, redirect_error = form.get("options[redirect]", ""), form.get("options[redirectError]", "")
        # Only the site's own pages may be redirected to: never an open redirect,
        # and never a line break or other byte that would forge a header.
        unsafe = any(re.search(UNSAFE_IN_HEADER, url) for url in (redirect, redirect_error))
        if unsafe or not {origin(redirect), origin(redirect_error)} <= self.config.allowed_origins:
            self.plain(400, "options[redirect] and options[redirectError] must be pages of the configured site",
                       "options[redirect] et options[redirectError] doivent être des pages du site configuré")
            return
        result, comment = check_submission(form, self.config)
        if result != "ok":
            self.see_other(error_url(redirect_error, result))
            return
        reader = reader_address(self.client_address[0], self.headers.get_all("X-Forwarded-For"), self.config.trusted_proxies)
        if not self.limiter.allow(reader):
            self.see_other(error_url(redirect_error, "too-many"))
            return
        try:
            write_to_queue(self.config.queue, comment)
        except (OSError, ValueError) as error:
            self.limiter.give_back(reader)
            cause = getattr(error, "strerror", None) or type(error).__name__
            self.say(f"could not write to the queue {self.config.queue}/ ({cause}); "
                     "the reader was sent to the 'not sent' message")
            self.see_other(error_url(redirect_error, "unavailable"))
            return
        if self.config.notifier is not None:
            self.config.notifier.submit(comment)
        self.see_other(redirect)

    def read_body(self):
        """The request body as text, or None after answering a malformed request."""
        if self.headers.get_all("Transfer-Encoding"):
            self.plain(400, "Transfer-Encoding is not accepted: send the form with a Content-Length",
                       "Transfer-Encoding n’est pas accepté : envoyez le formulaire avec un Content-Length")
            return None
        lengths = self.headers.get_all("Content-Length") or []
        if not lengths:
            self.plain(411, "a Content-Length is required", "un Content-Length est requis")
            return None
        if len(lengths) > 1 or not re.fullmatch(CONTENT_LENGTH, lengths[0]):
            self.plain(400, "Content-Length must be one number of bytes, in ASCII digits only",
                       "Content-Length doit être un seul nombre d’octets, en chiffres ASCII seulement")
            return None
        length = int(lengths[0])
        if not 0 < length <= MAX_BODY:
            self.plain(413 if length else 411, "a urlencoded body of 1 byte to 64 KiB is required",
                       "un corps urlencoded de 1 octet à 64 Kio est requis")
            return None
        try:
            data = self.rfile.read(length)
        except OSError:
            return None  # timed out or cut off: the client is gone
        if len(data) < length:
            return None
        return data.decode("utf-8", errors="replace")

    def see_other(self, location):
        self.send_response(303)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def plain(self, status, english, french):
        """A refusal a person may read (a misconfigured site's reader, a developer), in both languages."""
        data = f"{english}\n\n{french}\n".encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Language", "en, fr")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(data)

    def say(self, text):
        stream = self.config.stderr or sys.stderr
        stream.write(f"comments endpoint: {text}\n")
        stream.flush()

    def log_message(self, format, *args):  # noqa: A002
        # The default log line starts with the client's IP address: not kept.
        pass


class CommentServer(ThreadingHTTPServer):
    """A threaded server with a deep listen queue and a cap on threads."""

    daemon_threads = True

    def __init__(self, address, handler, config):
        self.request_queue_size = config.backlog
        self.slots = threading.BoundedSemaphore(config.max_connections)
        self.stopping = threading.Event()
        self.config = config
        super().__init__(address, handler)

    def process_request(self, request, client_address):
        # Past the cap, new connections wait in the listen queue (not reset, not a
        # new thread each); the accept loop still notices a shutdown.
        while not self.slots.acquire(timeout=0.5):
            if self.stopping.is_set():
                self.shutdown_request(request)
                return
        try:
            super().process_request(request, client_address)
        except BaseException:
            self.slots.release()
            raise

    def process_request_thread(self, request, client_address):
        try:
            super().process_request_thread(request, client_address)
        finally:
            self.slots.release()

    def handle_error(self, request, client_address):
        # socketserver's default prints a traceback naming the client's address.
        # A client that hangs up or times out is normal; anything else gets one
        # line naming the error, never the address.
        error = sys.exc_info()[1]
        if isinstance(error, OSError):
            return
        stream = self.config.stderr or sys.stderr
        stream.write(f"comments endpoint: a request failed ({type(error).__name__})\n")
        stream.flush()

    def shutdown(self):
        self.stopping.set()
        super().shutdown()


def make_server(config, host="127.0.0.1", port=0):
    handler = type(
        "ConfiguredCommentHandler",
        (CommentHandler,),
        {"config": config, "limiter": RateLimiter(config.rate_limit, config.rate_window)},
    )
    return CommentServer((host, port), handler, config)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=8081, help="0 picks a free port")
    parser.add_argument("--queue", type=Path, default=Path("comments-queue"))
    parser.add_argument("--content", type=Path, default=Path("content"), help="where approved comments are (for replies)")
    parser.add_argument("--site", type=Path, help="the built site (OUTPUTDIR), for post titles and links in notifications")
    parser.add_argument("--allow-origin", action="append", default=[], help="the site's origin; repeatable")
    parser.add_argument("--trusted-proxy", action="append", default=[], metavar="ADDR",
                        help="a reverse proxy whose X-Forwarded-For is believed; repeatable")
    parser.add_argument("--rate-limit", type=int, default=5, help="accepted comments per reader per 10 minutes")
    parser.add_argument("--max-connections", type=int, default=64)
    parser.add_argument("--request-timeout", type=float, default=10.0, help="seconds a connection may take in all")
    notify.add_arguments(parser)
    args = parser.parse_args(argv)
    origins = frozenset(args.allow_origin or ["http://127.0.0.1:8000", "http://localhost:8000"])
    try:
        notifier = notify.from_arguments(args, site=args.site)
    except ValueError as error:
        parser.error(str(error))
    config = EndpointConfig(
        queue=args.queue,
        content=args.content,
        allowed_origins=origins,
        trusted_proxies=frozenset(args.trusted_proxy),
        rate_limit=args.rate_limit,
        max_connections=args.max_connections,
        request_deadline=args.request_timeout,
        socket_timeout=args.request_timeout,
        notifier=notifier,
    )
    server = make_server(config, port=args.port)
    if notifier is not None:
        notifier.start()
    sys.stdout.write(f"comments endpoint on http://127.0.0.1:{server.server_address[1]}/ -> queue {args.queue}/\n")
    sys.stdout.flush()
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        if notifier is not None:
            notifier.stop()  # the notices still waiting are sent before the endpoint ends


if __name__ == "__main__":
    main()
