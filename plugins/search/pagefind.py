"""Pagefind, the indexer: one index per language, built beside the live one
and swapped in whole.

The binary comes from the pinned `pagefind_bin` wheel (requirements.txt): no
download at build time. Each language's folder is indexed on its own with
--force-language, so French words get French stemming and a French page is
never found from an English search page.
"""

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from .settings import SearchSettingError

# Pagefind's ready-made interfaces: the search page uses its JavaScript API
# (pagefind.js) with our own accessible markup, so these are never loaded.
UNUSED_FILES = (
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-highlight.js",
)
ENTRY = "pagefind-entry.json"


class PagefindError(RuntimeError):
    exitcode = 1
    is_content_error = True


@dataclass(frozen=True)
class Job:
    site: Path  # the language's folder of the output
    bundle: Path  # where its index goes (inside `site`)
    language: str  # ISO 639-1, for stemming
    globs: tuple = ("**/*.html",)  # the files to read, relative to `site`

    def command(self, executable):
        return [
            str(executable),
            "--site", str(self.site),
            "--glob", "{" + ",".join(self.globs) + "}",
            "--output-path", str(staging(self.bundle)),
            "--force-language", self.language,
            "--quiet",
        ]


def staging(bundle):
    return bundle.with_name(bundle.name + ".next")


def executable():
    """The pagefind binary of the installed wheel; an error that says how to get it."""
    try:
        from pagefind_bin import get_executable  # noqa: PLC0415 (only builds that index need it)

        return get_executable()
    except (ImportError, FileNotFoundError) as error:
        raise SearchSettingError(
            f"search: the Pagefind binary is missing ({error}); install the pinned requirements "
            "(.venv/bin/pip install -r requirements.txt, which has pagefind_bin) or set "
            "SEARCH_PAGEFIND = False to build without a search index"
        ) from None


def version(binary):
    """'pagefind 1.5.2': part of what an index is built from."""
    return subprocess.run([str(binary), "--version"], capture_output=True, text=True, check=True).stdout.strip()


def build(jobs, binary, low_priority=False):
    """Index every job's folder, then swap each new index in; any failure
    leaves every live index as it was.

    One language after the other: Pagefind spreads its work over every core
    itself, and two at once would hold both indexes in memory (at N=2000,
    290 MB each) for no gain in time on a machine of two cores.
    """
    failures = []
    for job in jobs:
        shutil.rmtree(staging(job.bundle), ignore_errors=True)
        # In the background the next rebuild must not wait for Pagefind's cores
        # (coreutils' nice: preexec_fn is unsafe in a process with threads).
        command = ["nice", "-n", "10", *job.command(binary)] if low_priority else job.command(binary)
        done = subprocess.run(command, capture_output=True, text=True)
        if done.returncode != 0 or not (staging(job.bundle) / ENTRY).is_file():
            failures.append(f"{job.site} (exit {done.returncode}): {(done.stdout + done.stderr).strip()}")
            break
    if failures:
        for job in jobs:
            shutil.rmtree(staging(job.bundle), ignore_errors=True)
        raise PagefindError("search: Pagefind failed to index " + "; ".join(failures))
    for job in jobs:
        prune(staging(job.bundle))
        swap(staging(job.bundle), job.bundle)


def prune(folder):
    for name in UNUSED_FILES:
        (folder / name).unlink(missing_ok=True)


def swap(new, live):
    """Put `new` in place of `live` with two renames: never a half-written index."""
    old = live.with_name(live.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if live.exists():
        live.rename(old)
    new.rename(live)
    shutil.rmtree(old, ignore_errors=True)
