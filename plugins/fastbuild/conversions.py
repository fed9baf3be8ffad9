"""Markdown conversions done once per build, on every core, and kept between builds.

pelican-i18n-subsites runs a whole second Pelican for French, which reads and
converts every file again. Here each file is converted once: by the process
that builds its language's site (parallel_sites.py), the other process reading
its header only, or, in a build in one process, in a process pool. Results are
keyed by the digest of the file's bytes and saved in the cache folder,
so a rebuild converts only the files that changed.
"""

import gc
import hashlib
import os
import re
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import markdown
from markdown import Markdown

from .pickles import load_marshal, save_marshal

FORMAT_VERSION = 3
# Below this many files a pool costs more than it saves.
POOL_THRESHOLD = 64
# The files Pelican's Markdown reader reads.
MARKDOWN_EXTENSIONS = ("md", "markdown", "mkd", "mdown")
MARKDOWN_SUFFIXES = tuple(f".{extension}" for extension in MARKDOWN_EXTENSIONS)

_worker_markdown = {}

# What a document must contain for each of Python-Markdown's inline patterns to
# ever match (read off their regular expressions, for the version named below). The
# inline pass tries every pattern at every text node, and most documents
# contain no backtick, backslash, "<", "&" or image: skipping the patterns that
# cannot match makes a conversion a quarter faster and changes nothing.
# Reference links match only names a "[name]: url" line defines; a tab or a
# carriage return may turn into the "  \n" of a line break. Read for the
# Python-Markdown of TRIGGERS_VERSION; another version converts in full.
TRIGGERS_VERSION = "3.11.3"
INLINE_TRIGGERS = {
    "backtick": ("`",),
    "escape": ("\\",),
    "reference": ("]:",),
    "link": ("[",),
    "image_link": ("![",),
    "image_reference": ("![",),
    "short_reference": ("]:",),
    "short_image_ref": ("![",),
    "footnote": ("[^",),
    "autolink": ("<",),
    "automail": ("<",),
    "linebreak": ("  \n", "\t", "\r"),
    "html": ("<",),
    "entity": ("&",),
    "em_strong": ("*", "_"),
}


def others_path(path):
    """Where the part about the other process's files is saved, next to the conversions."""
    path = Path(path)
    return path.with_name(f"{path.stem}-others{path.suffix}")


# During a build, {path: stamp} of the files read so far (see one_stamp_per_file).
_run_stamps = None


def stamp(path):
    """A file's stamp: the digest of its bytes, never its time (a checkout, a
    copy or a clock can give a changed file an old time); within a build, as
    first read in it."""
    if _run_stamps is not None and path in _run_stamps:
        return _run_stamps[path]
    return record_stamp_of(path, Path(path).read_bytes())


def record_stamp_of(path, data):
    known = hashlib.blake2b(data, digest_size=16).hexdigest()
    if _run_stamps is not None:
        _run_stamps[path] = known
    return known


def read_source(path):
    """(stamp, text) of a source file, decoded as Pelican's readers decode it:
    UTF-8 with any byte-order mark left out, and universal newlines. The stamp
    is the one this build first took (a file saved since is read again next build)."""
    data = Path(path).read_bytes()
    known = _run_stamps.get(path) if _run_stamps is not None else None
    if known is None:
        known = record_stamp_of(path, data)
    text = data.decode("utf-8-sig").replace("\r\n", "\n").replace("\r", "\n")
    return known, text


@contextmanager
def one_stamp_per_file(known=None):
    """For one build: each file's stamp is taken once, before anything else reads
    it (the digests, the conversions, the content cache and the language split
    would each hash it again). A file saved during the build keeps the earlier stamp,
    so the next build reads it again. `known`: stamps still valid (a long-lived
    Pelican's files that no change was reported for); yields every stamp of the build."""
    global _run_stamps  # noqa: PLW0603
    _run_stamps = dict(known or {})
    try:
        yield _run_stamps
    finally:
        _run_stamps = None


def files_under(folder):
    """Every file under `folder` (an absolute path each), Python caches left out."""
    # Made absolute once: the paths of its entries are then absolute and normal too.
    folders = [os.path.abspath(folder)]
    while folders:
        try:
            entries = list(os.scandir(folders.pop()))
        except FileNotFoundError:
            continue
        for entry in entries:
            if entry.is_dir():
                if entry.name != "__pycache__":
                    folders.append(entry.path)
            else:
                yield entry.path


def markdown_options(settings):
    """The Markdown options Pelican's reader uses (it always adds the meta extension)."""
    options = dict(settings["MARKDOWN"])
    extensions = list(options.get("extensions", []))
    for name in (*options.get("extension_configs", {}), "markdown.extensions.meta"):
        if name not in extensions:
            extensions.append(name)
    options["extensions"] = extensions
    return options


class Converter:
    """Markdown instances for one set of options: the full one, and copies with
    the inline patterns a document cannot match deregistered (Python-Markdown's
    public Registry API), one copy per set of patterns left out."""

    # Documents fall into few such sets; past this many, convert in full.
    MOST_COPIES = 64

    def __init__(self, options, without_meta=False):
        self.options = options
        self.without_meta = without_meta
        self.full = self.instance(())
        self.copies = {}

    def instance(self, unused):
        md = Markdown(**self.options)
        if self.without_meta:
            md.preprocessors.deregister("meta")
        for name in unused:
            md.inlinePatterns.deregister(name)
        return md

    def for_text(self, text):
        """The instance to convert `text` with (see INLINE_TRIGGERS), reset."""
        md = self.full
        if markdown.__version__ == TRIGGERS_VERSION:
            unused = tuple(
                name for name in INLINE_TRIGGERS
                if name in md.inlinePatterns and not any(trigger in text for trigger in INLINE_TRIGGERS[name])
            )
            if unused and (unused in self.copies or len(self.copies) < self.MOST_COPIES):
                md = self.copies.get(unused) or self.copies.setdefault(unused, self.instance(unused))
        md.reset()
        return md

    def convert(self, text):
        """(html, the instance that converted it: it holds the document's Meta)."""
        md = self.for_text(text)
        count = len(md.inlinePatterns)
        html = md.convert(text)
        if md is not self.full and len(md.inlinePatterns) != count:
            # An extension added patterns for this document: convert in full.
            md = self.full
            md.reset()
            html = md.convert(text)
        return html, md


def _markdowns(options):
    """This process's two converters for these options: one for documents,
    one for formatted metadata fields (Pelican removes the meta preprocessor there)."""
    key = repr(options)
    if key not in _worker_markdown:
        _worker_markdown[key] = (Converter(options), Converter(options, without_meta=True))
    return _worker_markdown[key]


def convert(path, options, formatted_fields):
    """(html, raw metadata, {formatted field: html}) of one file, as Pelican's
    MarkdownReader converts it (formatted fields, such as the summary, are Markdown)."""
    documents, fields = _markdowns(options)
    before, text = read_source(path)
    html, md = documents.convert(text)
    return before, (html, *_metadata(md, fields, formatted_fields))


def read_header(path, options):
    """(stamp, ("", raw metadata, {})): a file's metadata only.

    A language site needs the other language's files for their metadata alone
    (URLs, translation keys, checks); the body's conversion is the costly part.
    Markdown's own preprocessors read the header, so the metadata is exactly
    what a full conversion finds, except that formatted fields (the summary)
    stay as written: only the item's own language site shows them.
    """
    documents, fields = _markdowns(options)
    document_md = documents.full
    document_md.reset()
    before, text = read_source(path)
    lines = text.split("\n")
    for name in ("normalize_whitespace", "meta"):
        lines = document_md.preprocessors[name].run(lines)
    return before, ("", *_metadata(document_md, fields, ()))


LANG_LINE = re.compile(r"^lang:[ \t]*(\S+)", re.IGNORECASE | re.MULTILINE)


def guess_language(path):
    """A file's `Lang:`, read cheaply from the first lines of its header, else None.

    Used only to share the conversions between the two sites' processes: a
    wrong guess costs time (the reader converts what it needs), never output.
    """
    with open(path, encoding="utf-8-sig", errors="replace") as source:
        head = source.read(4096).split("\n\n", 1)[0]
    match = LANG_LINE.search(head)
    return match.group(1) if match else None


def _metadata(document_md, fields, formatted_fields):
    meta = {name.lower(): list(values) for name, values in getattr(document_md, "Meta", {}).items()}
    formatted = {name: fields.convert("\n".join(meta[name]))[0] for name in formatted_fields if name in meta}
    return meta, formatted


def _convert_batch(paths, options, formatted_fields):
    with gc_paused():
        return [convert(path, options, formatted_fields) for path in paths]


@contextmanager
def gc_paused():
    """No garbage collection while converting: a conversion makes thousands of
    short-lived objects and no cycles, and each collection pass walks every
    conversion kept so far (a tenth of the conversion time at 2,000 posts)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@dataclass
class Conversions:
    """{absolute path: (stamp, html, raw metadata, formatted fields)} of the files one process converts.

    `headers` holds this run's metadata-only reads; `changed` whether this run
    converted or forgot anything, `others_changed` whether it learned anything
    new of the other process's files. Those two parts are saved apart: an edit
    to a file of the other language must not rewrite every conversion.
    """

    options_key: str = ""
    entries: dict = field(default_factory=dict)
    # {path: (stamp, guess_language)} of the files of the other process's language.
    guesses: dict = field(default_factory=dict)
    # {path: (stamp, Lang, Status)} as those files' headers give them (None when absent).
    header_fields: dict = field(default_factory=dict)
    headers: dict = field(default_factory=dict)
    changed: bool = False
    others_changed: bool = False

    @classmethod
    def load(cls, path):
        loaded = cls()
        saved, others = load_marshal(path), load_marshal(others_path(path))
        if isinstance(saved, tuple) and len(saved) == 2 and saved[0] == FORMAT_VERSION:
            loaded.options_key, loaded.entries = saved[1]
        if isinstance(others, tuple) and len(others) == 2 and others[0] == FORMAT_VERSION:
            loaded.guesses, loaded.header_fields = others[1]
        return loaded

    def save(self, path):
        """Write what changed this run, then count it as saved; return whether anything was written."""
        written = self.changed or self.others_changed
        if self.changed:
            save_marshal(path, (FORMAT_VERSION, (self.options_key, self.entries)))
        if self.others_changed:
            save_marshal(others_path(path), (FORMAT_VERSION, (self.guesses, self.header_fields)))
        self.changed = self.others_changed = False
        return written

    def guess(self, path):
        """guess_language, kept while the file is unchanged."""
        file_stamp = stamp(path)
        known = self.guesses.get(path)
        if known is None or known[0] != file_stamp:
            known = self.guesses[path] = (file_stamp, guess_language(path))
            self.others_changed = True
        return known[1]

    def get(self, path, file_stamp=None):
        """(html, metadata, formatted fields) of the file if converted as it is
        now (`file_stamp`, when the caller has just taken it), else None."""
        entry = self.entries.get(path)
        if entry is not None and entry[0] == (file_stamp or stamp(path)):
            return entry[1:]
        return None

    def put(self, path, stamped):
        file_stamp, converted = stamped
        self.entries[path] = (file_stamp, *converted)
        self.changed = True

    def prepare(self, paths, options, formatted_fields, others=()):
        """Start converting `paths`: forget everything if the options changed, and
        other files (deleted, or now the other process's: `others`, whose guesses stay)."""
        key = repr((options, formatted_fields))
        gone = set(self.entries) - set(paths)
        self.changed = self.changed or bool(gone) or key != self.options_key
        if key != self.options_key:
            self.entries, self.options_key = {}, key
        for path in gone:
            self.entries.pop(path, None)
        others = set(others)
        forgotten = (set(self.guesses) | set(self.header_fields)) - others
        self.others_changed = self.others_changed or bool(forgotten)
        self.guesses = {path: known for path, known in self.guesses.items() if path in others}
        self.header_fields = {path: known for path, known in self.header_fields.items() if path in others}
        self.headers = {}

    def stale(self, paths):
        """The files that are new or changed since they were last converted."""
        return sorted(path for path in paths if self.get(path) is None)

    def language(self, path, options):
        """A file's `Lang` metadata (None when it has none), reading no more than its header."""
        stored = self.get(path) or self.header(path, options)
        values = stored[1].get("lang")
        return values[0] if values else None

    def lang_and_status(self, path, options, file_stamp):
        """(Lang, Status) as the file's header gives them (None when absent), kept
        while the file is unchanged; `file_stamp` is its stamp now."""
        known = self.header_fields.get(path)
        if known is None or known[0] != file_stamp:
            header_stamp, (_html, meta, _formatted) = self.headers.get(path) or self._read_header(path, options)
            values = [meta[name][0] if meta.get(name) else None for name in ("lang", "status")]
            known = self.header_fields[path] = (header_stamp, *values)
            self.others_changed = True
        return known[1:]

    def header(self, path, options):
        """(html, metadata, formatted fields), with the html left empty: the header only."""
        return (self.headers.get(path) or self._read_header(path, options))[1]

    def _read_header(self, path, options):
        self.headers[path] = read_header(path, options)
        return self.headers[path]

    def read_stamp(self, path):
        """The file's stamp when this run read it (a save since then must not count)."""
        # A header read is this run's; a stored conversion may predate a change.
        entry = self.headers.get(path) or self.entries.get(path)
        return entry[0] if entry else None

    def convert(self, paths, options, formatted_fields, workers=1):
        """Convert these files, in a pool of `workers` processes when there are enough."""
        if len(paths) >= POOL_THRESHOLD and workers > 1:
            batches = [paths[i::workers * 4] for i in range(workers * 4)]
            with ProcessPoolExecutor(max_workers=workers) as pool:
                results = pool.map(
                    _convert_batch, batches, [options] * len(batches), [formatted_fields] * len(batches)
                )
                for batch, converted in zip(batches, results, strict=True):
                    for path, result in zip(batch, converted, strict=True):
                        self.put(path, result)
        else:
            for path, converted in zip(paths, _convert_batch(paths, options, formatted_fields), strict=True):
                self.put(path, converted)
