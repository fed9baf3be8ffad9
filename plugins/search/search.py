"""search: a search page in each language (a direct template, `search`) and,
once the whole site is written, one Pagefind index per language.

The indexes are built in the main process's `finalized`, after bilingual's
(which, in a fastbuild build, waits for the other language's process and
deletes the pages of deleted posts): so an index sees exactly the pages the
build leaves. An index is built again only when a page of its language
changed: what it was built from (the bytes of every page of that language,
Pagefind's version and options) is recorded in CACHE_PATH/search/.
"""

import hashlib
import json
import logging
import threading
from pathlib import Path

import pelican_compat as compat
from pelican import signals

from . import pagefind
from .settings import SearchSettingError, item_globs, language_folder, read_settings

logger = logging.getLogger(__name__)
# Its `finalized` must come after bilingual's, which settles the whole output;
# fastbuild's, which records the build, comes after it.
AFTER = ("i18n_subsites", "bilingual", "comments")
RECORD = "search/indexes.json"


def is_subsite(settings):
    return settings["DEFAULT_LANG"] in settings.get("I18N_SUBSITES", {})


def uses_search(settings):
    # Receivers stay connected for the whole process: act only for builds that list this plugin.
    return "search" in [str(name).rsplit(".", 1)[-1] for name in settings.get("PLUGINS") or []]


def check_settings(pelican):
    """At start-up: the plugin order and the SEARCH_* settings, before anything is read."""
    settings = pelican.settings
    if is_subsite(settings) or not uses_search(settings):
        return
    if problem := compat.order_problem(settings, "search", AFTER):
        raise SearchSettingError(f"search: {problem}")
    read_settings(settings)
    for _lang, site_settings in language_sites(settings):
        item_globs(site_settings, language_folder(site_settings))


def add_template_values(generator):
    """Where the search page finds its language's index and pages."""
    settings = generator.settings
    if not uses_search(settings):
        return
    folder = language_folder(settings)
    generator.context["SEARCH_SITE_URL"] = f"{folder}/"
    generator.context["SEARCH_BUNDLE_URL"] = f"{folder}/{read_settings(settings).bundle}/"


def language_sites(settings):
    """(code, settings) of each language site: the main one and the subsites."""
    yield settings["DEFAULT_LANG"], settings
    for lang, overrides in settings.get("I18N_SUBSITES", {}).items():
        yield lang, {**settings, **overrides, "DEFAULT_LANG": lang}


def index_site(pelican):
    """The whole output written and checked: index each language whose pages changed."""
    settings = pelican.settings
    if is_subsite(settings) or not uses_search(settings):
        return
    checked = read_settings(settings)
    if not checked.enabled:
        return
    if checked.background:
        background.request(settings, checked)
    else:
        index_languages(settings, checked)


def index_languages(settings, checked):
    binary = pagefind.executable()
    tool = pagefind.version(binary)
    output = Path(settings["OUTPUT_PATH"])
    record_path = Path(settings["CACHE_PATH"]) / RECORD
    record = load_record(record_path)
    stale = {}
    for lang, site_settings in language_sites(settings):
        name = language_folder(site_settings)
        folder = output / name
        globs = tuple(item_globs(site_settings, name))
        job = pagefind.Job(site=folder, bundle=folder / checked.bundle, language=lang, globs=globs)
        inputs = pages_digest(folder, globs, [tool, *job.command("pagefind")[1:]])
        if record.get(str(job.bundle)) == inputs and (job.bundle / pagefind.ENTRY).is_file():
            logger.info("search: %s index kept: no page of %s changed", lang, folder)
            continue
        stale[job] = inputs
    if not stale:
        return
    pagefind.build(list(stale), binary, low_priority=checked.background)
    for job, inputs in stale.items():
        record[str(job.bundle)] = inputs
        report(job)
    if checked.keep_record:
        save_record(record_path, record)


class Background:
    """One indexing at a time, after the build has returned: a request made
    while one runs is kept (the latest only) and run next, so the index ends
    matching the last build. A failure is logged; the preview goes on."""

    def __init__(self):
        self.lock = threading.Lock()
        self.pending = None
        self.running = False
        self.idle = threading.Event()
        self.idle.set()

    def request(self, settings, checked):
        with self.lock:
            self.pending = (dict(settings), checked)
            if self.running:
                return
            self.running = True
            self.idle.clear()
        threading.Thread(target=self.work, name="search-index", daemon=True).start()

    def work(self):
        while True:
            with self.lock:
                if self.pending is None:
                    self.running = False
                    self.idle.set()
                    return
                settings, checked = self.pending
                self.pending = None
            try:
                index_languages(settings, checked)
            except Exception as error:  # noqa: BLE001 (a preview reports and keeps the last index)
                logger.error("search: the index was not rebuilt: %s", error)  # noqa: TRY400


background = Background()


def pages_digest(folder, globs, options):
    """What an index is built from: every file Pagefind reads (its path and
    bytes; never its time), Pagefind's version and options."""
    digest = hashlib.blake2b(json.dumps(options).encode(), digest_size=16)
    pages = sorted({path.relative_to(folder).as_posix() for pattern in globs for path in folder.glob(pattern)})
    for name in pages:
        digest.update(name.encode() + b"\0")
        digest.update(hashlib.blake2b((folder / name).read_bytes(), digest_size=16).digest())
    return digest.hexdigest()


def report(job):
    entry = json.loads((job.bundle / pagefind.ENTRY).read_text(encoding="utf-8"))
    count = sum(language["page_count"] for language in entry["languages"].values())
    if count == 0:
        logger.warning(
            "search: no page of %s was indexed; the theme marks what to index with "
            "data-pagefind-body (article.html, page.html)",
            job.site,
        )
    else:
        logger.info("search: %s index built: %d pages of %s", job.language, count, job.site)


def load_record(path):
    try:
        found = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return found if isinstance(found, dict) else {}


def save_record(path, record):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(record, indent=1, sort_keys=True), encoding="utf-8")


def register():
    # Start-up, before anything is read: a wrong plugin order or setting stops the build at once.
    signals.initialized.connect(check_settings)
    # Each generator of each language site: the search page's URLs for its language.
    signals.generator_init.connect(add_template_values)
    # Once the whole output is written and settled (after bilingual's finalized).
    signals.finalized.connect(index_site)
