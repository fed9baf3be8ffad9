"""Approved comments: content/comments/<translation-key>/<id>.{yml,yaml,json}.

Two writers make these files, and the build reads both without edits:
- Staticman v3 (lib/Staticman.js): `_id` (a UUID v1) first, `_parent` when
  options[parent] was sent, then the form's fields in the order they were
  sent (an empty spam trap included), then generatedFields (`date` as an ISO
  8601 string, or a millisecond or second timestamp); js-yaml safeDump, or
  JSON with `format: json`.
- our reference endpoint's moderator: `id` (16 hex digits), optional `parent`.
A file the build cannot use stops it with an error naming the file, the field
and the fix: a comment is never dropped silently.
"""

import datetime
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml
from markupsafe import Markup, escape

SUFFIXES = (".yml", ".yaml", ".json")
TEXT_FIELDS = ("name", "message", "lang")
# Ids end up in HTML ids and fragments (#comment-<id>): Staticman's UUIDs and
# our endpoint's hex ids both fit; anything else is a hand edit gone wrong.
ID_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}")
# A number this large is milliseconds (as 10**11 seconds is the year 5138).
MILLISECONDS_FROM = 10**11


class CommentFileError(ValueError):
    """What is wrong with one file: the field and the fix."""

    def __init__(self, field_name, message):
        super().__init__(f"{field_name}: {message}")
        self.field_name, self.message = field_name, message


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


def read_mapping(path):
    """The file's keys and values, every scalar as text (YAML) or as JSON typed it."""
    text = Path(path).read_text(encoding="utf-8")
    if Path(path).suffix == ".json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            raise CommentFileError("file", f"not valid JSON ({error.msg}, line {error.lineno}); "
                                   "write one object, as Staticman's format: json does") from error
    else:
        try:
            # BaseLoader builds no objects and keeps every scalar as the text it is
            # ("no" stays a name, "2021-03-04" a string): safe, and nothing guessed.
            data = yaml.load(text, Loader=yaml.BaseLoader)
        except yaml.YAMLError as error:
            raise CommentFileError("file", f"not valid YAML ({error.__class__.__name__}); "
                                   "write one mapping, as Staticman's format: yaml does") from error
    if not isinstance(data, dict):
        raise CommentFileError("file", "expected a mapping of _id (or id), name, message, lang and date")
    return data


def text(value):
    """A field's text; JSON numbers count, lists and mappings do not."""
    if value is None:
        return ""
    if isinstance(value, (dict, list, bool)):
        raise TypeError
    return str(value)


def first_of(data, names):
    """The value of the first of `names` present and not empty ('_id' before 'id')."""
    for name in names:
        if text(data.get(name)).strip():
            return name, text(data[name]).strip()
    return names[0], ""


def parse_date(value, zone):
    """An aware datetime in `zone` from an ISO 8601 string or a ms/s timestamp."""
    raw = text(value).strip()
    if re.fullmatch(r"[0-9]+", raw):
        number = int(raw)
        seconds = number / 1000 if number >= MILLISECONDS_FROM else number
        return datetime.datetime.fromtimestamp(seconds, tz=datetime.UTC).astimezone(zone)
    parsed = datetime.datetime.fromisoformat(raw)
    # A date with no offset was written in the site's time zone (a hand-made file).
    return parsed.replace(tzinfo=zone) if parsed.tzinfo is None else parsed.astimezone(zone)


def read_comment(path, languages, zone):
    """One approved comment; raise CommentFileError naming the field and the fix."""
    data = read_mapping(path)
    try:
        values = {name: text(data.get(name)).strip() for name in TEXT_FIELDS}
        id_name, comment_id = first_of(data, ("_id", "id"))
        parent_name, parent = first_of(data, ("_parent", "parent"))
        present = {"_id": comment_id, **values, "date": text(data.get("date")).strip()}
    except TypeError:
        raise CommentFileError("file", "_id, _parent, name, message, lang and date must each be text") from None
    missing = [name for name, value in present.items() if not value]
    if missing:
        raise CommentFileError(
            "comment",
            f"missing field(s) {', '.join(missing)}; Staticman writes _id and date itself and "
            "name, message and lang from the form's fields[...] (see staticman.yml)",
        )
    if not ID_PATTERN.fullmatch(comment_id):
        raise CommentFileError(id_name, f"{comment_id!r} is not a comment id; use letters, digits and hyphens, as a UUID")
    if parent and not ID_PATTERN.fullmatch(parent):
        raise CommentFileError(parent_name, f"{parent!r} is not a comment id; use the _id of the comment it replies to")
    if values["lang"] not in languages:
        raise CommentFileError("lang", f"{values['lang']!r} is not one of {', '.join(languages)}; use the site's language code")
    try:
        date = parse_date(data["date"], zone)
    except (TypeError, ValueError, OverflowError, OSError):
        raise CommentFileError(
            "date",
            f"{data['date']!r} is not a date; use an ISO 8601 date (2021-03-04T21:30:00-05:00) or a "
            "timestamp in milliseconds or seconds, as Staticman's date generatedField writes",
        ) from None
    return Comment(
        id=comment_id,
        name=values["name"],
        date=date,
        lang=values["lang"],
        message=text(data["message"]),
        parent=parent,
        source=str(path),
    )


def comment_files(folder):
    """The files of a folder, except dotfiles (.gitkeep keeps an empty folder in git)."""
    return sorted(p for p in Path(folder).iterdir() if not p.name.startswith("."))


def load_threads(folder, languages, keys, timezone, report_error):
    """{translation key: [top-level comments, oldest first, replies nested]}.

    `keys` are the posts' translation keys; report_error(path, field, message)
    is called for every file that cannot be shown.
    """
    threads = {}
    folder = Path(folder)
    if not folder.is_dir():
        return threads
    zone = ZoneInfo(timezone)
    for entry in comment_files(folder):
        if not entry.is_dir():
            report_error(entry, "comment", "a comment file belongs in a folder named after its post's "
                         "Translation-Key: comments/<key>/<id>.yml")
            continue
        comments = []
        for path in comment_files(entry):
            if entry.name not in keys:
                report_error(path, "comment", f"no published post has the Translation-Key {entry.name!r}; "
                             "move the file to the folder of its post's key, or delete it")
            elif path.suffix not in SUFFIXES:
                report_error(path, "comment", f"not a comment file; name it <id>{' or <id>'.join(SUFFIXES)}")
            else:
                try:
                    comments.append(read_comment(path, languages, zone))
                except CommentFileError as error:
                    report_error(path, error.field_name, error.message)
        threads[entry.name] = thread(unique(comments, report_error), report_error)
    return threads


def unique(comments, report_error):
    """The comments, each id once: a second file with the same id is an error."""
    seen = {}
    for comment in comments:
        if comment.id in seen:
            report_error(comment.source, "_id", f"{comment.id!r} is also the id of {seen[comment.id]}; "
                         "give each comment its own id (delete the duplicate)")
        else:
            seen[comment.id] = comment.source
    return [c for c in comments if seen[c.id] == c.source]


def thread(comments, report_error):
    by_id = {c.id: c for c in comments}
    top = []
    for comment in sorted(comments, key=lambda c: (c.date, c.id)):
        if not comment.parent:
            top.append(comment)
        elif comment.parent in by_id:
            by_id[comment.parent].replies.append(comment)
        else:
            report_error(comment.source, "_parent", f"{comment.parent!r} is not a comment on this post; "
                         "use the _id of a comment in the same folder")
    shown = set()
    pending = list(top)
    while pending:
        comment = pending.pop()
        shown.add(comment.id)
        pending.extend(comment.replies)
    for comment in comments:
        if comment.id not in shown and comment.parent in by_id:
            # Its parents loop back on themselves and never reach a top-level comment.
            report_error(comment.source, "_parent", f"{comment.parent!r} makes a loop of replies; "
                         "point one of them at no parent")
    return top


def count(comments):
    return sum(1 + count(c.replies) for c in comments)
