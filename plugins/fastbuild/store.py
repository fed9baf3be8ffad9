"""What one build leaves for the next, in the cache folder (CACHE_PATH/fastbuild,
whose toolchain.json says what made it: toolchain.py).

- fastbuild.pickle: which pages the last successful build wrote, from which
  inputs (page keys), and the digest of all its inputs;
- conversions-<owner>.marshal: Markdown conversions, saved by the process that
  made them ("main" and the subsite's language in a parallel build, "all"
  otherwise), so each process loads only its own; and next to it what that
  process knows of the other's files (conversions-<owner>-others.marshal);
- content-<language>.pickle: each site's content objects (content_cache.py).
"""

import os
from dataclasses import dataclass, field
from pathlib import Path

from .content_cache import ContentCache
from .conversions import Conversions
from .pickles import load_pickle, save_pickle

CACHE_FILE = "fastbuild.pickle"
CONVERSIONS_FILE = "conversions-{owner}.marshal"
CONTENT_CACHE_FILE = "content-{lang}.pickle"
FORMAT_VERSION = 5
# More changed paths than this (a checkout): every file is hashed again.
MAX_REPORTED = 200


@dataclass
class BuildStore:
    # Output files (relative names) of the last successful build -> page key
    # (None for pages always rendered again).
    pages: dict = field(default_factory=dict)
    build_digest: str = ""
    # This run only; not saved here.
    site_digest: str = ""
    run_digest: str = ""
    conversions: Conversions = field(default_factory=Conversions)
    conversions_owner: str = ""
    # {absolute source path: its stamp when this process read it this run}.
    read_stamps: dict = field(default_factory=dict)
    skipped: dict = field(default_factory=dict)
    # {absolute source path: Lang} of the files only the other process reads (own_language.py).
    sources_elsewhere: dict = field(default_factory=dict)
    # Output-relative names of the files this process's writers wrote this run
    # (Pelican's content_written and feed_written signals).
    written_names: list = field(default_factory=list)
    # {relative name: page key} of the pages this process's writers rendered.
    page_keys: dict = field(default_factory=dict)
    # Pages the other language's process wrote or kept, and that process.
    elsewhere: dict = field(default_factory=dict)
    partner: object = None
    # {language: ContentCache} of the sites this process builds.
    content_caches: dict = field(default_factory=dict)
    # The cache folder: where this store was loaded from and is saved to,
    # unless the build keeps nothing (a cold publish: FASTBUILD_KEEP_CACHE = False).
    folder: Path = None
    keep: bool = True
    # A long-lived Pelican (`make devserver`, session.py): its caller reports
    # every changed file, and the caches stay in memory between runs.
    long_lived: bool = False
    # {owner: Conversions} of both processes, for the next run (and the next fork).
    kept_conversions: dict = field(default_factory=dict)
    # {path: stamp} as the last run took them, and the paths reported changed since.
    kept_stamps: dict = None
    reported: set = field(default_factory=set)

    def __getstate__(self):
        return {"pages": self.pages, "build_digest": self.build_digest}

    def __setstate__(self, state):
        self.__init__(**state)

    def __post_init__(self):
        # What save_caches wrote this run: ("conversions", owner) or ("content", language).
        self.saved = []

    def start_run(self, site_digest, run_digest):
        self.site_digest, self.run_digest = site_digest, run_digest
        self.read_stamps, self.skipped, self.elsewhere = {}, {}, {}
        self.written_names, self.page_keys = [], {}
        self.sources_elsewhere = {}
        if not self.long_lived:
            # Pelican's own dev server: reload them, the other process may have saved its own.
            self.content_caches = {}
        for cache in self.content_caches.values():
            cache.in_use = False  # until this run's site reads through it

    def use_conversions(self, owner):
        """This process's conversions (kept in memory from the last run when it is the same owner)."""
        if owner != self.conversions_owner:
            kept = self.kept_conversions.get(owner)
            self.conversions = kept if kept is not None else Conversions.load(self.conversions_path(owner))
            self.conversions_owner = owner
            if self.long_lived:
                self.kept_conversions[owner] = self.conversions
        self.conversions.changed = self.conversions.others_changed = False
        return self.conversions

    def conversions_path(self, owner):
        return self.folder / CONVERSIONS_FILE.format(owner=owner)

    def content_cache(self, lang):
        """The language site's content cache, ready for this run (once per run and site)."""
        if lang not in self.content_caches:
            path = self.folder / CONTENT_CACHE_FILE.format(lang=lang)
            self.content_caches[lang] = ContentCache(path, self)
        cache = self.content_caches[lang]
        cache.begin(self.site_digest)
        return cache

    def reload_saved(self, saved):
        """A long-lived parent, after the other process saved its caches: load
        them, so that the next run's fork starts with them in memory."""
        if not self.long_lived:
            return
        for kind, name in saved:
            if kind == "conversions":
                self.kept_conversions[name] = Conversions.load(self.conversions_path(name))
            else:
                self.content_caches[name] = ContentCache(self.folder / CONTENT_CACHE_FILE.format(lang=name), self)

    def trusted_stamps(self):
        """The last run's stamps, less those of the files reported changed since
        (and of everything under a reported folder); None when unknown."""
        if not self.long_lived or self.kept_stamps is None or len(self.reported) > MAX_REPORTED:
            return None
        folders = tuple(path + os.sep for path in self.reported)
        return {
            path: known for path, known in self.kept_stamps.items()
            if path not in self.reported and not path.startswith(folders)
        }

    def keep_stamps(self, stamps):
        """After a run: its stamps for the next one, which needs a new report of changes."""
        if self.long_lived:
            self.kept_stamps, self.reported = stamps, set()

    def save_caches(self):
        """This process's conversions and content objects, for the next build (once per run)."""
        self.saved = []
        if not self.keep:
            return
        if self.conversions.save(self.conversions_path(self.conversions_owner)):
            self.saved.append(("conversions", self.conversions_owner))
        for lang, cache in self.content_caches.items():
            if cache.save():
                self.saved.append(("content", lang))

    def delete_stale_pages(self, output_path):
        """Delete the pages the last build wrote and this one did not, and the
        folders they leave empty (a served empty folder lists itself); return written()."""
        output = Path(output_path)
        written = self.written()
        for name in sorted(set(self.pages) - set(written), reverse=True):
            page = output / name
            page.unlink(missing_ok=True)
            folder = page.parent
            while folder != output and folder.is_dir() and not any(folder.iterdir()):
                folder.rmdir()
                folder = folder.parent
        return written

    def end_run(self):
        if self.partner is not None:
            self.partner.close()
            self.partner = None

    def written(self):
        """{relative name: page key} of every file this run wrote or deliberately kept."""
        names = {**self.elsewhere, **self.skipped}
        for name in self.rendered():
            names.setdefault(name, self.page_keys.get(name))
        return names

    def rendered(self):
        """The relative names of the files this process's writers wrote this run."""
        return [name for name in self.written_names if name not in self.skipped]


def load_store(folder, keep=True):
    """The store the last build saved in `folder`, or an empty one."""
    saved = load_pickle(Path(folder) / CACHE_FILE)
    found = saved[1] if isinstance(saved, tuple) and len(saved) == 2 and saved[0] == FORMAT_VERSION else BuildStore()
    found.folder, found.keep = Path(folder), keep
    return found


def save_store(build_store):
    if build_store.keep:
        save_pickle(build_store.folder / CACHE_FILE, (FORMAT_VERSION, build_store))
