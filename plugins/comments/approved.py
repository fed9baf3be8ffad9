"""Approved comments: content/comments/<translation-key>/<id>.yml, as a moderator merges them."""

import datetime
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from markupsafe import Markup, escape

REQUIRED = ("id", "name", "date", "lang", "message")


@dataclass
class Comment:
    id: str
    name: str
    date: datetime.datetime
    lang: str
    message: str
    parent: str = ""
    source: str = ""
    replies: list = field(default_factory=list)

    @property
    def message_html(self):
        """The message as paragraphs of escaped text: HTML in it is shown, never run."""
        paragraphs = [p.strip() for p in self.message.replace("\r\n", "\n").split("\n\n")]
        return Markup("\n").join(
            Markup("<p>{}</p>").format(Markup("<br>").join(escape(line) for line in p.split("\n")))
            for p in paragraphs
            if p
        )


def parse_date(value):
    if isinstance(value, datetime.datetime):
        return value if value.tzinfo else value.replace(tzinfo=datetime.UTC)
    if isinstance(value, datetime.date):
        return datetime.datetime(value.year, value.month, value.day, tzinfo=datetime.UTC)
    parsed = datetime.datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=datetime.UTC)


def read_comment(path, languages):
    """One approved comment; raise ValueError saying what is wrong with it."""
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise ValueError(f"not valid YAML ({error.__class__.__name__})") from error
    if not isinstance(data, dict):
        raise ValueError("expected a mapping of id, name, date, lang, message")  # noqa: TRY004 (callers catch ValueError)
    missing = [name for name in REQUIRED if not str(data.get(name) or "").strip()]
    if missing:
        raise ValueError(f"missing field(s) {', '.join(missing)}")
    if data["lang"] not in languages:
        raise ValueError(f"lang {data['lang']!r} is not one of {', '.join(languages)}")
    try:
        date = parse_date(data["date"])
    except ValueError as error:
        raise ValueError(f"date {data['date']!r} is not an ISO 8601 date") from error
    return Comment(
        id=str(data["id"]),
        name=str(data["name"]),
        date=date,
        lang=data["lang"],
        message=str(data["message"]),
        parent=str(data.get("parent") or ""),
        source=str(path),
    )


def load_threads(folder, languages, report_error):
    """{translation key: [top-level comments, oldest first, replies nested]}."""
    threads = {}
    for key_dir in sorted(p for p in Path(folder).glob("*") if p.is_dir()):
        comments = []
        for path in sorted(key_dir.glob("*.y*ml")):
            try:
                comments.append(read_comment(path, languages))
            except ValueError as error:
                report_error(path, str(error))
        threads[key_dir.name] = thread(comments, report_error)
    return threads


def thread(comments, report_error):
    by_id = {c.id: c for c in comments}
    top = []
    for comment in sorted(comments, key=lambda c: (c.date, c.id)):
        if not comment.parent:
            top.append(comment)
        elif comment.parent in by_id:
            by_id[comment.parent].replies.append(comment)
        else:
            report_error(comment.source, f"parent {comment.parent!r} is not a comment on this post")
    shown = set()
    pending = list(top)
    while pending:
        comment = pending.pop()
        shown.add(comment.id)
        pending.extend(comment.replies)
    for comment in comments:
        if comment.id not in shown and comment.parent in by_id:
            # Its parents loop back on themselves and never reach a top-level comment.
            report_error(comment.source, f"parent {comment.parent!r} makes a loop of replies")
    return top


def count(comments):
    return sum(1 + count(c.replies) for c in comments)
