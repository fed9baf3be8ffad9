"""The moderator's command: list the queue, show, approve or reject a comment.

    python -m comments.moderate list
    python -m comments.moderate show ID        # one comment in full
    python -m comments.moderate approve ID     # moves it to content/comments/<key>/
    python -m comments.moderate reject ID      # deletes it

Approving writes the approved-comment format the build reads (id, name, date,
lang, message, optional parent); rejecting deletes the file, keeping nothing.

Everything in a queued file came from a reader, so nothing in it is trusted:
ids are 16 hexadecimal digits and nothing else (no `../`), the key must be a
translation key and the target must resolve inside content/comments/, reader
text is printed with control characters shown as escapes, and the approved
file is written whole (temporary file, then rename) so a build never reads half
of it. A reply is approved only once its parent is.
"""

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

from . import comment_yaml, names, personal_info
from .approved_ids import approved_ids
from .safe_files import OutsideFolderError, atomic_write, confined
from .visible_text import visible

APPROVED_FIELDS = ("id", "name", "date", "lang", "message", "parent")
LANGUAGES = ("en", "fr")
PREVIEW = 60


class ModerationError(SystemExit):
    """A refusal the moderator can act on; the message says what to do."""

    def __init__(self, message):
        super().__init__(f"moderate: {message}")


@dataclass
class Queued:
    path: Path
    comment: dict


def check(path, comment):
    """Refuse a queued file that is not what the endpoint writes, naming the field."""
    if not isinstance(comment, dict):
        return "not a mapping of id, key, name, date, lang, message"
    for name in ("id", "key", "name", "date", "lang", "message"):
        if name not in comment:
            return f"no {name!r} field"
    for name in ("name", "message"):
        if not isinstance(comment[name], str):
            return f"{name!r} is not text"
    if not names.is_id(comment["id"]) or comment["id"] != path.stem:
        return f"'id' {visible(str(comment['id']))!r} is not 16 hex digits matching the file name"
    if not names.is_key(comment["key"]):
        return f"'key' {visible(str(comment['key']))!r} is not a translation key (a-z, 0-9 and -)"
    if comment["lang"] not in LANGUAGES:
        return f"'lang' {visible(str(comment['lang']))!r} is not one of {', '.join(LANGUAGES)}"
    if "parent" in comment and not names.is_parent(comment["parent"]):
        return f"'parent' {visible(str(comment['parent']))!r} is not a comment id"
    return None


def read(path):
    try:
        confined(path.parent, path.name)
    except OutsideFolderError as error:  # a symbolic link out of the queue
        raise ModerationError(f"{error}; inspect or delete it") from error
    try:
        comment = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise ModerationError(f"{path}: cannot be read ({type(error).__name__}); inspect or delete it") from error
    problem = check(path, comment)
    if problem:
        raise ModerationError(f"{path}: {problem}; this file was not written by the endpoint, inspect or delete it")
    return Queued(path, comment)


def queued(queue):
    return sorted(Path(queue).glob("*.yml"))


def find(queue, comment_id):
    if not names.is_id(comment_id):
        raise ModerationError(f"{visible(comment_id)!r} is not a comment id: 16 hexadecimal digits, as 'list' shows them")
    path = Path(queue) / f"{comment_id}.yml"
    if not path.is_file():
        raise ModerationError(f"no comment {comment_id} in {queue}/ (see 'list')")
    return read(path)


def approve(queue, content, comment_id):
    item = find(queue, comment_id)
    comment = item.comment
    parent = comment.get("parent")
    if parent and parent not in approved_ids(content, comment["key"]):
        waiting = names.is_id(parent) and (Path(queue) / f"{parent}.yml").is_file()
        raise ModerationError(
            f"{comment_id} replies to {parent}, which is "
            + ("still in the queue: approve it first" if waiting else f"not an approved comment on {comment['key']}")
            + f", or reject {comment_id}"
        )
    try:
        target = confined(Path(content) / "comments", comment["key"], f"{comment_id}.yml")
    except OutsideFolderError as error:
        raise ModerationError(f"{item.path}: {error}") from error
    approved = {name: comment[name] for name in APPROVED_FIELDS if name in comment}
    atomic_write(target, comment_yaml.dump(approved))
    item.path.unlink()
    return target


def reject(queue, comment_id):
    path = find(queue, comment_id).path
    path.unlink()


def flags(message):
    kinds = sorted({finding.kind for finding in personal_info.findings(message)})
    return f"  [PERSONAL INFORMATION? {', '.join(kinds)}]" if kinds else ""


def list_queue(queue, content, out):
    paths = queued(queue)
    for path in paths:
        try:
            comment = read(path).comment
        except ModerationError as error:
            out.write(f"?? {visible(str(error.code))}\n")
            continue
        message = comment["message"]
        preview = visible(message[:PREVIEW]) + ("…" if len(message) > PREVIEW else "")
        reply = ""
        if comment.get("parent"):
            approved = comment["parent"] in approved_ids(content, comment["key"])
            reply = f"  (reply to {comment['parent']}{'' if approved else ', NOT YET APPROVED'})"
        out.write(
            f"{comment['id']}  {comment['lang']}  {comment['key']}  {visible(comment['name'])}: {preview}"
            f"{reply}{flags(message)}\n"
        )
    out.write(f"{len(paths)} comment(s) waiting in {queue}/\n")


def show(queue, comment_id, out):
    comment = find(queue, comment_id).comment
    for name in ("id", "key", "lang", "date", "parent", "name"):
        if name in comment:
            out.write(f"{name}: {visible(str(comment[name]))}\n")
    for finding in personal_info.findings(comment["message"]):
        out.write(f"personal information? {finding.kind}: {visible(finding.text)}\n")
    out.write("message:\n")
    out.write(visible(comment["message"], keep_newlines=True) + "\n")


def main(argv=None, out=None):
    out = out or sys.stdout
    parser = argparse.ArgumentParser(description="Moderate queued comments.")
    parser.add_argument("--queue", default="comments-queue")
    parser.add_argument("--content", default="content")
    parser.add_argument("action", choices=("list", "show", "approve", "reject"))
    parser.add_argument("id", nargs="?")
    args = parser.parse_args(argv)
    if args.action == "list":
        list_queue(args.queue, args.content, out)
        return
    if not args.id:
        parser.error(f"{args.action} needs the comment's id (see 'list')")
    if args.action == "show":
        show(args.queue, args.id, out)
    elif args.action == "approve":
        out.write(f"approved: {approve(args.queue, args.content, args.id)}\n")
    else:
        reject(args.queue, args.id)
        out.write(f"rejected and deleted: {args.id}\n")


if __name__ == "__main__":
    main()
