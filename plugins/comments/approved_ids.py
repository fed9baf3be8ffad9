"""Which comments of a post are approved: the ids in content/comments/<key>/.

Replies must name an approved parent (a reply to a comment nobody can see
would be shown nowhere), so the endpoint and the moderator both ask this. It
reads files as our moderator writes them (`id`, YAML) and as Staticman does
(`_id`, YAML or JSON).
"""

import json
from pathlib import Path

import yaml

from .safe_files import OutsideFolderError, confined

SUFFIXES = (".yml", ".yaml", ".json")


def approved_ids(content, key):
    """The ids of the approved comments of the post `key` (empty if none)."""
    try:
        folder = confined(Path(content) / "comments", key)
    except OutsideFolderError:
        return set()
    ids = set()
    for path in sorted(folder.iterdir()) if folder.is_dir() else ():
        if path.suffix not in SUFFIXES:
            continue
        try:
            text = path.read_text(encoding="utf-8")
            data = json.loads(text) if path.suffix == ".json" else yaml.safe_load(text)
        except (OSError, ValueError, yaml.YAMLError):
            continue  # the build names unreadable files; here it is just not a parent
        if isinstance(data, dict):
            ids.update(str(data[name]) for name in ("id", "_id") if data.get(name))
    return ids
