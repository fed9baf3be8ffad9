"""What changed in a source since the version a translation renders: that
version is looked up in the source file's git history (the commit whose text
has the hash in `Translation-Of`), then compared word by word with the file
as it is now, field by field.

Git is asked, never required: without git, outside a repository, or when no
commit holds that version (it was never committed), the caller is told why.
"""

import difflib
import re
import subprocess
from pathlib import Path

from . import source_text

CONTEXT_WORDS = 4
FIELDS = ("title", "summary", "body")


def git(folder, *args):
    """The output of a git command run in `folder`, or None if git is missing or fails."""
    try:
        result = subprocess.run(["git", "-C", str(folder), *args], capture_output=True, text=True, timeout=60)
    except (FileNotFoundError, subprocess.TimeoutExpired):
        return None
    return result.stdout if result.returncode == 0 else None


def find_version(path, wanted):
    """(commit, SourceText) of the newest commit of `path` whose content hash is
    `wanted`, or (None, the reason none was found)."""
    path = Path(path).resolve()
    top = git(path.parent, "rev-parse", "--show-toplevel")
    if top is None:
        return None, "git is not available here or the file is not in a git repository"
    top = Path(top.strip())
    # --follow: the history goes on through a rename; each commit names the path it had then.
    log = git(top, "log", "--follow", "--format=commit %H", "--name-only", "--", str(path.relative_to(top)))
    if log is None:
        return None, "git could not read the file's history"
    commit = None
    for line in log.splitlines():
        if line.startswith("commit "):
            commit = line.removeprefix("commit ")
        elif line.strip() and commit:
            text = git(top, "show", f"{commit}:{line.strip()}")
            if text is not None and source_text.content_hash(source_text.parse(text)) == wanted:
                return commit, source_text.parse(text)
            commit = None
    return None, f"no commit in the file's git history has the version with hash {wanted}"


def field_text(source, name):
    return source_text.normalise(source.body if name == "body" else source.get(name))


def words(tokens):
    return " ".join("¶" if token == "\n\n" else token for token in tokens)


def word_diff(old, new):
    """Lines of `[-removed-]{+added+}` hunks with a few words of context; ¶ marks a paragraph break."""
    before = re.findall(r"\n\n|\S+", old)
    after = re.findall(r"\n\n|\S+", new)
    hunks = []
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        lead = words(before[max(0, i1 - CONTEXT_WORDS):i1])
        tail = words(before[i2:i2 + CONTEXT_WORDS])
        removed = f"[-{words(before[i1:i2])}-]" if i2 > i1 else ""
        added = f"{{+{words(after[j1:j2])}+}}" if j2 > j1 else ""
        hunks.append(" ".join(part for part in (lead and f"…{lead}", removed + added, tail and f"{tail}…") if part))
    return hunks


def changes(old, new):
    """{field: hunks} of every field that differs between two SourceTexts."""
    found = {}
    for name in FIELDS:
        hunks = word_diff(field_text(old, name), field_text(new, name))
        if hunks:
            found[name] = hunks
    return found
