"""A long-lived Pelican, run again after every change (`make devserver`).

Its caller promises to report every file that changes between runs (a file
watcher does). Then each run hashes only the reported files, the others keep
the stamps the last run took, and the conversions and content objects of both
language sites stay in memory between runs instead of being loaded from the
cache folder each time. Output is the same as without: what is kept is keyed
by the files' contents, as on disk.
"""

import os


def keep_between_runs(settings):
    """Before the first run: keep caches in memory, and trust reported changes."""
    store = settings.get("FASTBUILD_STORE")
    if store is not None:
        store.long_lived = True


def report_changes(settings, paths):
    """Before a run: the files (or folders) changed since the last run began."""
    store = settings.get("FASTBUILD_STORE")
    if store is not None:
        store.reported.update(os.path.abspath(path) for path in paths)


def page_replaced(settings, name):
    """Before a run: the preview wrote the output file `name` (relative) itself
    (preview/early_page.py). The run renders it again, whatever its key, and
    runs even if no input changed: what stays on disk is the build's own page."""
    store = settings.get("FASTBUILD_STORE")
    if store is not None:
        if name in store.pages:
            store.pages[name] = None
        store.build_digest = ""
