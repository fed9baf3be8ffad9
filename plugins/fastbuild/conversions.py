"""Markdown conversions done once per build, on every core, and kept between builds.

pelican-i18n-subsites runs a whole second Pelican for French, which reads and
converts every file again; here each file is converted once, in a process pool,
and both language sites read the result. Results are keyed by the file's
modification time and size and saved in the cache folder, so a rebuild converts
only the files that changed.
"""

import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from markdown import Markdown

# Below this many files a pool costs more than it saves.
POOL_THRESHOLD = 64

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


def _markdowns(options):
    """This process's two Markdown instances for these options: one for documents,
    one for formatted metadata fields (Pelican removes the meta preprocessor there)."""
    key = repr(options)
    if key not in _worker_markdown:
        field_md = Markdown(**options)
        field_md.preprocessors.deregister("meta")
        _worker_markdown[key] = (Markdown(**options), field_md)
    return _worker_markdown[key]


def convert(path, options, formatted_fields):
    """(html, raw metadata, {formatted field: html}) of one file, as Pelican's
    MarkdownReader converts it (formatted fields, such as the summary, are Markdown)."""
    document_md, field_md = _markdowns(options)
    document_md.reset()
    # Stamped before reading: a save during the build makes the next build convert again.
    before = stamp(path)
    html = document_md.convert(Path(path).read_text(encoding="utf-8"))
    meta = {name.lower(): list(values) for name, values in getattr(document_md, "Meta", {}).items()}
    formatted = {}
    for name in formatted_fields:
        if name in meta:
            field_md.reset()
            formatted[name] = field_md.convert("\n".join(meta[name]))
    return before, (html, meta, formatted)


def _convert_batch(paths, options, formatted_fields):
    return [convert(path, options, formatted_fields) for path in paths]


@dataclass
class Conversions:
    """{absolute path: (stamp, html, raw metadata)} for one content folder."""

    options_key: str = ""
    entries: dict = field(default_factory=dict)

    def get(self, path):
        entry = self.entries.get(path)
        if entry is not None and entry[0] == stamp(path):
            return entry[1:]
        return None

    def put(self, path, stamped):
        file_stamp, converted = stamped
        self.entries[path] = (file_stamp, *converted)

    def refresh(self, paths, options, formatted_fields, workers):
        """Convert the files that are new or changed since the last build; forget deleted ones."""
        key = repr((options, formatted_fields))
        if key != self.options_key:
            self.entries, self.options_key = {}, key
        wanted = set(paths)
        for gone in set(self.entries) - wanted:
            del self.entries[gone]
        todo = sorted(path for path in wanted if self.get(path) is None)
        if len(todo) >= POOL_THRESHOLD and workers > 1:
            batches = [todo[i::workers * 4] for i in range(workers * 4)]
            with ProcessPoolExecutor(max_workers=workers) as pool:
                results = pool.map(
                    _convert_batch, batches, [options] * len(batches), [formatted_fields] * len(batches)
                )
                for batch, converted in zip(batches, results, strict=True):
                    for path, result in zip(batch, converted, strict=True):
                        self.put(path, result)
        else:
            for path in todo:
                self.put(path, convert(path, options, formatted_fields))
        return len(todo)
