"""fastbuild: a build that does each piece of work once, on every core, and
keeps what the next build can reuse.

- Each Markdown file is converted once per build, in a process pool, and both
  language sites read the result (pelican-i18n-subsites would convert every
  file again for French); conversions are kept in CACHE_PATH between builds.
- A rebuild with no changed input keeps the output as it is.
- A rebuild renders again only the pages of posts whose inputs changed (plus
  every list, feed and sitemap), and deletes the pages of deleted posts.
"""

import logging
import os
from pathlib import Path

from pelican import signals

from . import conversions, incremental, store
from .reader import StoredMarkdownReader
from .writer import writer_class

logger = logging.getLogger(__name__)
MARKDOWN_EXTENSIONS = ("md", "markdown", "mkd", "mdown")


def is_subsite(settings):
    return settings["DEFAULT_LANG"] in settings.get("I18N_SUBSITES", {})


def load_store(pelican):
    """Once per process: what the previous build left; and the up-to-date check."""
    settings = pelican.settings
    # Receivers stay connected for the whole process: act only for builds that list this plugin.
    if is_subsite(settings) or "fastbuild" not in settings.get("PLUGINS", []):
        return
    settings["FASTBUILD_STORE"] = store.load(settings["CACHE_PATH"])
    full_run = pelican.run

    def run():
        build_store = settings["FASTBUILD_STORE"]
        site = incremental.site_digest(settings)
        if up_to_date(build_store, settings, site):
            logger.info("fastbuild: no input changed since the last build; output kept as it is")
            return
        # Taken before the run: a file saved during it makes the next build run again.
        build_store.start_run(site, incremental.build_digest(settings, site))
        full_run()

    # Pelican's dev server calls run() again on every change; each call checks.
    pelican.run = run


def up_to_date(build_store, settings, site):
    if not build_store.build_digest or build_store.build_digest != incremental.build_digest(settings, site):
        return False
    output = Path(settings["OUTPUT_PATH"])
    return all((output / name).is_file() for name in build_store.pages)


def source_files(settings):
    root = Path(settings["PATH"])
    folders = [*settings["ARTICLE_PATHS"], *settings["PAGE_PATHS"], settings.get("AUTHOR_BIOS_PATH", "")]
    found = set()
    for folder in filter(None, folders):
        for extension in MARKDOWN_EXTENSIONS:
            found.update(os.path.abspath(p) for p in (root / folder).rglob(f"*.{extension}"))
    return sorted(found)


def convert_changed(pelican):
    """Each run, before any reader exists: convert new and changed files, in parallel."""
    settings = pelican.settings
    build_store = settings.get("FASTBUILD_STORE")
    if build_store is None or is_subsite(settings):
        return
    build_store.conversions.refresh(
        source_files(settings),
        options=conversions.markdown_options(settings),
        formatted_fields=tuple(settings["FORMATTED_FIELDS"]),
        workers=os.cpu_count() or 1,
    )


def use_stored_reader(readers):
    if "FASTBUILD_STORE" in readers.settings:
        for extension in MARKDOWN_EXTENSIONS:
            if extension in readers.reader_classes:
                readers.reader_classes[extension] = StoredMarkdownReader


def incremental_writer(pelican):
    if "FASTBUILD_STORE" not in pelican.settings:
        return None
    try:  # Feeds that declare their language, when the bilingual plugin is in use.
        from bilingual.feeds import LanguageFeedWriter  # noqa: PLC0415
    except ImportError:
        return writer_class()
    return writer_class(LanguageFeedWriter)


def finish_build(pelican):
    """After a successful build: delete what no longer exists, save for the next build."""
    settings = pelican.settings
    build_store = settings.get("FASTBUILD_STORE")
    if build_store is None or is_subsite(settings):
        return
    output = Path(settings["OUTPUT_PATH"])
    written = build_store.written(output)
    for name in sorted(set(build_store.pages) - set(written)):
        (output / name).unlink(missing_ok=True)
    build_store.pages = written
    build_store.build_digest = build_store.run_digest
    store.save(settings["CACHE_PATH"], build_store)


def register():
    signals.initialized.connect(load_store)
    # Sent at the start of every run, before generators (and their readers) exist.
    signals.get_generators.connect(convert_changed)
    signals.readers_init.connect(use_stored_reader)
    signals.get_writer.connect(incremental_writer)
    # After the bilingual plugin's checks of the finished output.
    signals.finalized.connect(finish_build)
