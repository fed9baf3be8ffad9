"""fastbuild: a build that does each piece of work once, on every core, and
keeps what the next build can reuse.

- The two language sites are built at the same time, in two processes
  (parallel_sites.py); each converts the Markdown files of its own language
  once, and leaves out the other language's published files altogether
  (own_language.py), where pelican-i18n-subsites would read and convert
  every file in both sites. Without a second core or language, the files are
  converted in a process pool.
- Conversions, content objects (content_cache.py) and compiled templates
  are kept in CACHE_PATH between builds.
- A rebuild with no changed input keeps the output as it is; any other
  renders again only the pages whose inputs changed (writer.py), and deletes
  the pages of deleted posts.
"""

import logging
import os
import shutil
import tempfile
from functools import partial
from pathlib import Path

import pelican_compat as compat
from jinja2 import FileSystemBytecodeCache
from pelican import signals
from pelican.contents import Page

from . import conversions, incremental, own_language, parallel_sites, store, term_lists, toolchain
from .reader import StoredMarkdownReader
from .writer import IncrementalWriter

logger = logging.getLogger(__name__)
CACHE_FOLDER = "fastbuild"
# It swaps the page maps the others record, and saves its caches once
# bilingual's whole-build checks have passed; gcds_assets sets the versions
# its cache key holds (GCDS_ASSETS_VERSIONS) as the build starts.
AFTER = ("i18n_subsites", "bilingual", "comments", "gcds_assets", "search")


def is_subsite(settings):
    return settings["DEFAULT_LANG"] in settings.get("I18N_SUBSITES", {})


def load_store(pelican):
    """Once per process: what the previous build left; and the up-to-date check."""
    settings = pelican.settings
    # Receivers stay connected for the whole process: act only for builds that list this plugin.
    if is_subsite(settings) or "fastbuild" not in settings.get("PLUGINS", []):
        return
    problem = compat.order_problem(settings, "fastbuild", AFTER) or compat.problem()
    if problem is not None:
        logger.warning("fastbuild: off, Pelican builds the site its own way (slower): %s", problem)
        return
    keep = settings.get("FASTBUILD_KEEP_CACHE", True)
    folder = cache_folder(settings, keep)
    build_store = settings["FASTBUILD_STORE"] = store.load_store(folder, keep)
    # Compiled templates too are kept between builds (each site's process compiles its own).
    bytecode = FileSystemBytecodeCache(mkdir(folder / "templates"))
    settings["JINJA_ENVIRONMENT"] = {**settings["JINJA_ENVIRONMENT"], "bytecode_cache": bytecode}
    full_run = pelican.run
    settings_part = None

    def run():
        nonlocal settings_part
        if settings_part is None:  # once: a run changes some settings (incremental.settings_digest)
            settings_part = incremental.settings_digest(settings)
        with conversions.one_stamp_per_file(build_store.trusted_stamps()) as stamps:
            try:
                site = incremental.site_digest(settings, settings_part)
                # Taken before the run: a file saved during it makes the next build run again.
                inputs = incremental.build_digest(settings, site)
                if up_to_date(build_store, settings, inputs):
                    logger.info("fastbuild: no input changed since the last build; output kept as it is")
                    return
                build_store.start_run(site, inputs)
                try:
                    full_run()
                finally:
                    build_store.end_run()
                    if not keep:
                        shutil.rmtree(folder, ignore_errors=True)
            finally:
                build_store.keep_stamps(stamps)

    # Pelican's dev server calls run() again on every change; each call checks.
    compat.replace_instance_method(pelican, "run", run)


def cache_folder(settings, keep):
    """CACHE_PATH/fastbuild, set aside if another toolchain made it; or, with
    FASTBUILD_KEEP_CACHE = False (`make publish`), a new empty folder that the
    run deletes: such a build uses nothing that another build left, and leaves nothing."""
    if not keep:
        return Path(tempfile.mkdtemp(prefix="fastbuild-cold-"))
    folder = Path(settings["CACHE_PATH"]) / CACHE_FOLDER
    toolchain.claim(folder, settings)
    return folder


def mkdir(path):
    path.mkdir(parents=True, exist_ok=True)
    return str(path)


def up_to_date(build_store, settings, inputs):
    if not build_store.build_digest or build_store.build_digest != inputs:
        return False
    output = Path(settings["OUTPUT_PATH"])
    return all((output / name).is_file() for name in build_store.pages)


def source_files(settings):
    root = Path(settings["PATH"])
    folders = [*settings["ARTICLE_PATHS"], *settings["PAGE_PATHS"], settings.get("AUTHOR_BIOS_PATH", "")]
    found = set()
    for folder in filter(None, folders):
        found.update(
            path for path in conversions.files_under(root / folder) if path.endswith(conversions.MARKDOWN_SUFFIXES)
        )
    return sorted(found)


def start_build(pelican):
    """Each run, before any reader exists: start the subsite's process, and
    convert this process's new and changed files."""
    settings = pelican.settings
    build_store = settings.get("FASTBUILD_STORE")
    if build_store is None or is_subsite(settings):
        return
    options, fields = conversions.markdown_options(settings), tuple(settings["FORMATTED_FIELDS"])
    files = source_files(settings)
    language = parallel_sites.subsite_language(settings)
    state = settings.get("BILINGUAL_BUILD")
    if state is not None:  # run last of before_checks, once every site is written
        state.before_checks.append(partial(settle_output, state, build_store, settings["OUTPUT_PATH"]))
    if language is None:
        converted = build_store.use_conversions("all")
        converted.prepare(files, options, fields)
        converted.convert(converted.stale(files), options, fields, workers=os.cpu_count() or 1)
        return
    partner, in_child = parallel_sites.fork(language)
    build_store.partner = partner
    converted = build_store.use_conversions(language if in_child else "main")
    # A file converted before and unchanged is still this process's; a guess for the rest.
    own = [path for path in files if converted.get(path) is not None or partner.owns(converted.guess(path))]
    converted.prepare(own, options, fields, others=set(files) - set(own))
    convert_own = partial(converted.convert, converted.stale(own), options, fields)
    if in_child:
        parallel_sites.build_subsite_and_exit(pelican, partner, build_store, convert_own)
    # The child builds the subsite; this process goes on with the main site alone.
    compat.skip_queued_subsites()
    join = partial(partner.join, state, build_store)
    state.before_checks.insert(0, join)
    convert_own()


def settle_output(state, build_store, output):
    """Both sites written: delete the pages of deleted posts before the links
    are checked, and tell the check which pages were kept and written."""
    state.links.mark_kept(build_store.skipped)
    state.output_files = set(build_store.delete_stale_pages(output))


def exchange_sites(generators):
    """Each site read (in either process): learn the other site's pages and findings."""
    settings = generators[0].settings
    build_store = settings.get("FASTBUILD_STORE")
    if build_store is not None and build_store.partner is not None:
        build_store.partner.exchange(settings["BILINGUAL_BUILD"])
        own_language.add_link_targets(generators, build_store)


def use_stored_reader(readers):
    """Every reader of this site: Markdown from the stored conversions, and
    items of unchanged files restored from the content cache."""
    settings = readers.settings
    build_store = settings.get("FASTBUILD_STORE")
    if build_store is None:
        return
    for extension in conversions.MARKDOWN_EXTENSIONS:
        if extension in readers.reader_classes:
            readers.reader_classes[extension] = StoredMarkdownReader
    if not build_store.keep:
        return  # a cold build that keeps nothing: snapshots would cost it 3% for no later use
    cache = build_store.content_cache(settings["DEFAULT_LANG"])
    read_file = readers.read_file

    def cached_read_file(base_path, path, content_class=Page, fmt=None, context=None, **signals_):
        def read():
            return read_file(base_path, path, content_class, fmt, context, **signals_)

        # In a parallel build the other language's files are read for their metadata only.
        mode = (fmt, build_store.partner is not None)
        return cache.read_file(read, settings, base_path, path, content_class, context, mode)

    compat.replace_instance_method(readers, "read_file", cached_read_file)


def incremental_writer(pelican):
    return IncrementalWriter if "FASTBUILD_STORE" in pelican.settings else None


def finish_build(pelican):
    """After a successful build: delete what no longer exists, save for the next build."""
    settings = pelican.settings
    build_store = settings.get("FASTBUILD_STORE")
    if build_store is None or is_subsite(settings):
        return
    build_store.pages = build_store.delete_stale_pages(settings["OUTPUT_PATH"])
    build_store.build_digest = build_store.run_digest
    store.save_store(build_store)
    build_store.save_caches()


def record_written(path, context=None, **_signal):
    """Each file a writer wrote (Pelican's record of them is private)."""
    build_store = (context or {}).get("FASTBUILD_STORE")
    if build_store is not None:
        build_store.written_names.append(Path(path).relative_to(context["OUTPUT_PATH"]).as_posix())


def register():
    signals.initialized.connect(load_store)
    # Sent at the start of every run, before generators (and their readers) exist.
    signals.get_generators.connect(start_build)
    signals.readers_init.connect(use_stored_reader)
    signals.generator_init.connect(own_language.skip_other_language)
    signals.article_generator_finalized.connect(term_lists.index_term_lists)
    # After the bilingual and comments plugins have recorded the site's pages.
    signals.all_generators_finalized.connect(exchange_sites)
    signals.get_writer.connect(incremental_writer)
    # What the writers wrote: the pages whose links this process checks, and the next build's record.
    signals.content_written.connect(record_written)
    signals.feed_written.connect(record_written)
    # After the bilingual plugin's checks of the finished output.
    signals.finalized.connect(finish_build)
