"""fastbuild: each Markdown source converted once per build, on every core.

The converted HTML is shared by both language sites and kept between builds
(in CACHE_PATH), so the French subsite and later rebuilds reuse it.
"""

import os
from pathlib import Path

from pelican import signals

from . import conversions
from .reader import StoredMarkdownReader

MARKDOWN_EXTENSIONS = ("md", "markdown", "mkd", "mdown")


def is_subsite(settings):
    return settings["DEFAULT_LANG"] in settings.get("I18N_SUBSITES", {})


def load_store(pelican):
    """Once per process: the store saved by the previous build, if any."""
    settings = pelican.settings
    if not is_subsite(settings) and settings.get("FASTBUILD_ENABLED", True):
        settings["FASTBUILD_CONVERSIONS"] = conversions.load(settings["CACHE_PATH"])


def source_files(settings):
    root = Path(settings["PATH"])
    folders = [*settings["ARTICLE_PATHS"], *settings["PAGE_PATHS"], settings.get("AUTHOR_BIOS_PATH", "")]
    found = set()
    for folder in filter(None, folders):
        for extension in MARKDOWN_EXTENSIONS:
            found.update(os.path.abspath(p) for p in (root / folder).rglob(f"*.{extension}"))
    return sorted(found)


def convert_changed(pelican):
    """Each run, before any reader: convert new and changed files, in parallel."""
    settings = pelican.settings
    store = settings.get("FASTBUILD_CONVERSIONS")
    if store is None or is_subsite(settings):
        return
    options = conversions.markdown_options(settings)
    store.refresh(source_files(settings), options, workers=os.cpu_count() or 1)


def use_stored_reader(readers):
    if "FASTBUILD_CONVERSIONS" in readers.settings:
        for extension in MARKDOWN_EXTENSIONS:
            if extension in readers.reader_classes:
                readers.reader_classes[extension] = StoredMarkdownReader


def save_store(pelican):
    settings = pelican.settings
    if "FASTBUILD_CONVERSIONS" in settings and not is_subsite(settings):
        conversions.save(settings["CACHE_PATH"], settings["FASTBUILD_CONVERSIONS"])


def register():
    signals.initialized.connect(load_store)
    # Sent at the start of every run, before generators (and their readers) exist.
    signals.get_generators.connect(convert_changed)
    signals.readers_init.connect(use_stored_reader)
    # After the main site, which writes last: save for the next build.
    signals.finalized.connect(save_store)
