"""What one build leaves for the next: conversions, and which pages it wrote from which inputs."""

import os
import pickle
from dataclasses import dataclass, field
from pathlib import Path

from .conversions import Conversions

CACHE_FILE = "fastbuild.pickle"
FORMAT_VERSION = 3


@dataclass
class BuildStore:
    conversions: Conversions = field(default_factory=Conversions)
    # Output files (relative names) of the last successful build -> page key
    # (None for pages always rendered again).
    pages: dict = field(default_factory=dict)
    build_digest: str = ""
    # This run only; not saved.
    site_digest: str = ""
    run_digest: str = ""
    skipped: dict = field(default_factory=dict)
    writers: list = field(default_factory=list)
    # Pages the other language's process wrote or kept, and that process.
    elsewhere: dict = field(default_factory=dict)
    partner: object = None

    def __getstate__(self):
        return {"conversions": self.conversions, "pages": self.pages, "build_digest": self.build_digest}

    def __setstate__(self, state):
        self.__init__(**state)

    def start_run(self, site_digest, run_digest):
        self.site_digest, self.run_digest = site_digest, run_digest
        self.skipped, self.writers, self.elsewhere = {}, [], {}

    def end_run(self):
        if self.partner is not None:
            self.partner.close()
            self.partner = None

    def written(self, output_path):
        """{relative name: page key} of every file this run wrote or deliberately kept."""
        names = {**self.elsewhere, **self.skipped}
        for writer, name in self.rendered(output_path):
            names.setdefault(name, writer.page_keys.get(name))
        return names

    def rendered(self, output_path):
        """(writer, relative name) of each file this process's writers wrote this run."""
        root = Path(output_path)
        return [
            (writer, Path(path).relative_to(root).as_posix())
            for writer in self.writers
            for path in writer._written_files  # noqa: SLF001 (Pelican's own record)
        ]


def load(cache_path):
    try:
        with open(Path(cache_path) / CACHE_FILE, "rb") as cache:
            version, store = pickle.load(cache)
    except (OSError, pickle.UnpicklingError, EOFError, ValueError, AttributeError, TypeError):
        return BuildStore()
    return store if version == FORMAT_VERSION else BuildStore()


def save(cache_path, store):
    target = Path(cache_path) / CACHE_FILE
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_suffix(".tmp")
    with open(temporary, "wb") as cache:
        pickle.dump((FORMAT_VERSION, store), cache, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(temporary, target)
