"""Telling moderators about each queued comment: by e-mail (SMTP) or webhook.

The reader must not wait for a mail server: the endpoint hands each queued
comment to a background thread through a bounded queue. If the queue is full
(the mail server is down or slow and comments keep coming), the notice is
dropped with one line on stderr; the comment itself is safe in the moderation
queue, and `moderate list` shows it.

Settings come from flags or, for the same names, environment variables
(COMMENTS_SMTP_HOST ...). The SMTP password is read from COMMENTS_SMTP_PASSWORD
only: a command line is visible to every user of the machine (ps).
"""

import json
import os
import queue
import smtplib
import ssl
import sys
import threading
import urllib.request
from dataclasses import dataclass, field
from email.message import EmailMessage

from . import personal_info
from .post_index import PostIndex
from .visible_text import visible

QUEUE_SIZE = 100
FIELDS = ("id", "key", "name", "date", "lang", "message", "parent")
TIMEOUT = 30
LANGUAGE_NAMES = {"en": "English / anglais", "fr": "French / français"}


def compose(comment, posts):
    """(subject, text, payload) of the notice for one queued comment."""
    titles = " / ".join(post.title for _lang, post in sorted(posts.items())) or comment["key"]
    subject = f"Comment to moderate / Commentaire à modérer : {titles}"
    lines = ["A new comment is waiting for moderation.", "Un nouveau commentaire attend la modération.", ""]
    lines.append("Post / Billet :")
    for lang, post in sorted(posts.items()):
        lines += [f"  {lang}: {visible(post.title)}", f"      {post.url}"]
    if not posts:
        lines.append(f"  {comment['key']} (not found in the built site / introuvable dans le site produit)")
    lines += [
        "",
        f"Id: {comment['id']}",
        f"Name / Nom : {visible(comment['name'])}",
        f"Language / Langue : {LANGUAGE_NAMES.get(comment['lang'], comment['lang'])}",
    ]
    if comment.get("parent"):
        lines.append(f"Reply to / Réponse à : {comment['parent']}")
    kinds = sorted({finding.kind for finding in personal_info.findings(comment["message"])})
    if kinds:
        lines.append(f"MAY HOLD PERSONAL INFORMATION / RENSEIGNEMENTS PERSONNELS POSSIBLES : {', '.join(kinds)}")
    lines += ["", visible(comment["message"], keep_newlines=True), ""]
    lines += [
        f'make moderate ARGS="show {comment["id"]}"',
        f'make moderate ARGS="approve {comment["id"]}"',
        f'make moderate ARGS="reject {comment["id"]}"',
    ]
    payload = {
        "comment": {name: comment[name] for name in FIELDS if name in comment},
        "posts": {lang: {"title": post.title, "url": post.url} for lang, post in sorted(posts.items())},
        "personal_information": kinds,
    }
    return subject, "\n".join(lines) + "\n", payload


@dataclass
class SmtpSender:
    host: str
    port: int
    sender: str
    recipients: list
    user: str = ""
    password: str = field(default="", repr=False)
    starttls: bool = False
    cafile: str = ""  # a private CA for the mail server's certificate; else the system's

    def send(self, subject, text, payload):
        message = EmailMessage()
        message["Subject"] = subject
        message["From"] = self.sender
        message["To"] = ", ".join(self.recipients)
        message.set_content(text)
        with smtplib.SMTP(self.host, self.port, timeout=TIMEOUT) as smtp:
            if self.starttls:
                smtp.starttls(context=ssl.create_default_context(cafile=self.cafile or None))
            if self.user:
                smtp.login(self.user, self.password)
            smtp.send_message(message)


@dataclass
class WebhookSender:
    url: str

    def send(self, subject, text, payload):
        body = json.dumps({"subject": subject, "text": text, **payload}, ensure_ascii=False).encode()
        request = urllib.request.Request(
            self.url, data=body, method="POST", headers={"Content-Type": "application/json; charset=utf-8"}
        )
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
            response.read()


class Notifier:
    """Sends notices from one background thread; submit() never blocks."""

    def __init__(self, senders, site=None, size=QUEUE_SIZE, stderr=None):
        self.senders = senders
        self.posts = PostIndex(site) if site else None
        self.pending = queue.Queue(maxsize=size)
        self.stderr = stderr or sys.stderr
        self.thread = threading.Thread(target=self.run, name="comment-notices", daemon=True)

    def start(self):
        self.thread.start()
        return self

    def submit(self, comment):
        try:
            self.pending.put_nowait(comment)
        except queue.Full:
            self.say(f"too many notices waiting; comment {comment['id']} was queued but not notified")

    def stop(self):
        """Send what is waiting, then end the thread."""
        self.pending.put(None)
        self.thread.join()

    def run(self):
        while (comment := self.pending.get()) is not None:
            try:
                posts = self.posts.posts(comment["key"]) if self.posts else {}
            except OSError as error:
                self.say(f"could not read the built site for titles ({error.strerror}); notice sent without them")
                posts = {}
            subject, text, payload = compose(comment, posts)
            for sender in self.senders:
                try:
                    sender.send(subject, text, payload)
                except (OSError, smtplib.SMTPException, ValueError) as error:
                    # One line, no traceback: it could hold the server's reply, never a reader's address.
                    self.say(f"could not notify about comment {comment['id']} by {type(sender).__name__} ({error})")

    def say(self, text):
        self.stderr.write(f"comments endpoint: {text}\n")
        self.stderr.flush()


def add_arguments(parser):
    env = os.environ.get
    group = parser.add_argument_group("moderator notices (each flag can also be set by the environment variable shown)")
    group.add_argument("--smtp-host", default=env("COMMENTS_SMTP_HOST", ""), help="COMMENTS_SMTP_HOST")
    group.add_argument("--smtp-port", type=int, default=int(env("COMMENTS_SMTP_PORT", "587")), help="COMMENTS_SMTP_PORT")
    group.add_argument("--smtp-user", default=env("COMMENTS_SMTP_USER", ""),
                       help="COMMENTS_SMTP_USER; the password is read from COMMENTS_SMTP_PASSWORD only")
    group.add_argument("--smtp-starttls", action="store_true",
                       default=env("COMMENTS_SMTP_STARTTLS", "").lower() in ("1", "true", "yes"), help="COMMENTS_SMTP_STARTTLS=1")
    group.add_argument("--smtp-cafile", default=env("COMMENTS_SMTP_CAFILE", ""),
                       help="COMMENTS_SMTP_CAFILE: the CA that signed the mail server's certificate, if not a public one")
    group.add_argument("--mail-from", default=env("COMMENTS_MAIL_FROM", ""), help="COMMENTS_MAIL_FROM")
    group.add_argument("--mail-to", action="append", default=[a for a in env("COMMENTS_MAIL_TO", "").split(",") if a],
                       help="COMMENTS_MAIL_TO (comma-separated); repeatable")
    group.add_argument("--webhook", default=env("COMMENTS_WEBHOOK_URL", ""), help="COMMENTS_WEBHOOK_URL: receives a JSON POST")


LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")


def from_arguments(args, site=None):
    """A Notifier for the parsed flags, or None when no notice is configured."""
    senders = []
    if args.smtp_host:
        if not args.mail_from or not args.mail_to:
            raise ValueError("--smtp-host needs --mail-from and --mail-to (or COMMENTS_MAIL_FROM and COMMENTS_MAIL_TO)")
        if args.smtp_user and not args.smtp_starttls and args.smtp_host not in LOOPBACK_HOSTS:
            # A login without STARTTLS sends the password in clear across the network.
            raise ValueError(
                f"--smtp-user logs in to {args.smtp_host} without encryption: add --smtp-starttls "
                "(COMMENTS_SMTP_STARTTLS), or send through a mail relay on this machine"
            )
        senders.append(
            SmtpSender(
                host=args.smtp_host,
                port=args.smtp_port,
                sender=args.mail_from,
                recipients=args.mail_to,
                user=args.smtp_user,
                password=os.environ.get("COMMENTS_SMTP_PASSWORD", ""),
                starttls=args.smtp_starttls,
                cafile=args.smtp_cafile,
            )
        )
    if args.webhook:
        if not args.webhook.startswith(("https://", "http://")):
            raise ValueError(f"--webhook must be an http(s) URL, got {args.webhook!r}")
        senders.append(WebhookSender(args.webhook))
    return Notifier(senders, site=site) if senders else None
