"""Markdown conversions done once per build, on every core, and kept between builds.

pelican-i18n-subsites runs a whole second Pelican for French, which reads and
converts every file again; here each file is converted once, in a process pool,
and both language sites read the result. Results are keyed by the file's
modification time and size and saved in the cache folder, so a rebuild converts
only the files that changed.
"""

import os
import pickle
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from markdown import Markdown

# Below this many files a pool costs more than it saves.
POOL_THRESHOLD = 64
CACHE_FILE = "fastbuild-conversions.pickle"
FORMAT_VERSION = 1

_worker_markdown = {}


def stamp(path):
    info = os.stat(path)
    return (info.st_mtime_ns, info.st_size)


def markdown_options(settings):
    """The Markdown options Pelican's reader uses (it always adds the meta extension)."""
    options = dict(settings["MARKDOWN"])
    extensions = list(options.get("extensions", []))
    for name in (*options.get("extension_configs", {}), "markdown.extensions.meta"):
        if name not in extensions:
            extensions.append(name)
    options["extensions"] = extensions
    return options


def convert(path, options):
    """(html, raw metadata) of one file, as Pelican's MarkdownReader converts it."""
    key = repr(options)
    md = _worker_markdown.get(key)
    if md is None:
        md = _worker_markdown[key] = Markdown(**options)
    md.reset()
    text = Path(path).read_text(encoding="utf-8")
    html = md.convert(text)
    return html, {name: list(values) for name, values in getattr(md, "Meta", {}).items()}


def _convert_batch(paths, options):
    return [convert(path, options) for path in paths]


@dataclass
class Conversions:
    """{absolute path: (stamp, html, raw metadata)} for one content folder."""

    options_key: str = ""
    entries: dict = field(default_factory=dict)
    changed: bool = False

    def get(self, path):
        entry = self.entries.get(path)
        if entry is not None and entry[0] == stamp(path):
            return entry[1], entry[2]
        return None

    def put(self, path, html, meta):
        self.entries[path] = (stamp(path), html, meta)
        self.changed = True

    def refresh(self, paths, options, workers):
        """Convert the files that are new or changed since the last build; forget deleted ones."""
        key = repr(options)
        if key != self.options_key:
            self.entries, self.options_key = {}, key
        wanted = set(paths)
        for gone in set(self.entries) - wanted:
            del self.entries[gone]
            self.changed = True
        todo = sorted(path for path in wanted if self.get(path) is None)
        if len(todo) >= POOL_THRESHOLD and workers > 1:
            batches = [todo[i::workers * 4] for i in range(workers * 4)]
            with ProcessPoolExecutor(max_workers=workers) as pool:
                results = pool.map(_convert_batch, batches, [options] * len(batches))
                for batch, converted in zip(batches, results, strict=True):
                    for path, (html, meta) in zip(batch, converted, strict=True):
                        self.put(path, html, meta)
        else:
            for path in todo:
                self.put(path, *convert(path, options))
        return len(todo)


def load(cache_path):
    try:
        with open(Path(cache_path) / CACHE_FILE, "rb") as cache:
            version, conversions = pickle.load(cache)
    except (OSError, pickle.UnpicklingError, EOFError, ValueError, AttributeError):
        return Conversions()
    return conversions if version == FORMAT_VERSION else Conversions()


def save(cache_path, conversions):
    if not conversions.changed:
        return
    conversions.changed = False
    target = Path(cache_path) / CACHE_FILE
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_suffix(".tmp")
    with open(temporary, "wb") as cache:
        pickle.dump((FORMAT_VERSION, conversions), cache, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(temporary, target)
