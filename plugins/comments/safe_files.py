"""Files written whole, in the folder they belong to, or not at all.

A build or a moderator reading at any moment sees the old file or the new one,
never a half-written one: the text goes to a temporary file in the same folder
(same file system, so the rename is atomic), is flushed to disk, then renamed
over the target with os.replace.
"""

import os
import tempfile
from pathlib import Path


class OutsideFolderError(ValueError):
    """A path that would leave the folder it must stay in."""


def confined(folder, *parts):
    """folder/parts..., refused if it resolves outside `folder` (`..`, absolute
    parts, symbolic links pointing elsewhere)."""
    base = Path(folder).resolve()
    target = base.joinpath(*parts).resolve()
    if target != base and base not in target.parents:
        raise OutsideFolderError(f"{Path(folder).joinpath(*parts)} is outside {folder}/")
    return target


def atomic_write(path, text, mode=0o644):
    """Write `text` (UTF-8) to `path` atomically, creating its folder if needed.
    `mode` is set explicitly: a temporary file is private (0600), which suits the
    queue but not content/ files a build or a web server run by others reads."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
    try:
        os.fchmod(descriptor, mode)
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path
