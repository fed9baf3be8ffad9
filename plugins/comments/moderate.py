"""The moderator's command: list the queue, approve or reject a comment.

    python -m comments.moderate list
    python -m comments.moderate approve ID     # moves it to content/comments/<key>/
    python -m comments.moderate reject ID      # deletes it

Approving writes the approved-comment format the build reads (id, name, date,
lang, message, optional parent); rejecting deletes the file, keeping nothing.
"""

import argparse
import sys
from pathlib import Path

import yaml

APPROVED_FIELDS = ("id", "name", "date", "lang", "message", "parent")


def queued(queue):
    return sorted(Path(queue).glob("*.yml"))


def find(queue, comment_id):
    path = Path(queue) / f"{comment_id}.yml"
    if not path.is_file():
        raise SystemExit(f"moderate: no comment {comment_id!r} in {queue}/ (see 'list')")
    return path, yaml.safe_load(path.read_text(encoding="utf-8"))


def approve(queue, content, comment_id):
    path, comment = find(queue, comment_id)
    target = Path(content) / "comments" / comment["key"] / f"{comment_id}.yml"
    target.parent.mkdir(parents=True, exist_ok=True)
    approved = {name: comment[name] for name in APPROVED_FIELDS if comment.get(name)}
    target.write_text(yaml.safe_dump(approved, allow_unicode=True, sort_keys=False), encoding="utf-8")
    path.unlink()
    return target


def reject(queue, comment_id):
    path, _comment = find(queue, comment_id)
    path.unlink()


def main(argv=None):
    parser = argparse.ArgumentParser(description="Moderate queued comments.")
    parser.add_argument("--queue", default="comments-queue")
    parser.add_argument("--content", default="content")
    parser.add_argument("action", choices=("list", "approve", "reject"))
    parser.add_argument("id", nargs="?")
    args = parser.parse_args(argv)
    if args.action == "list":
        for path in queued(args.queue):
            comment = yaml.safe_load(path.read_text(encoding="utf-8"))
            first_line = comment["message"].splitlines()[0][:60]
            sys.stdout.write(f"{comment['id']}  {comment['lang']}  {comment['key']}  {comment['name']}: {first_line}\n")
        return
    if not args.id:
        parser.error(f"{args.action} needs the comment's id (see 'list')")
    if args.action == "approve":
        sys.stdout.write(f"approved: {approve(args.queue, args.content, args.id)}\n")
    else:
        reject(args.queue, args.id)
        sys.stdout.write(f"rejected and deleted: {args.id}\n")


if __name__ == "__main__":
    main()
