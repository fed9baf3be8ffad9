"""What the search index costs a build: Pagefind run on each language's folder
of a built site, as plugins/search runs it (both languages at once), and the
digest of the pages by which a rebuild decides whether to run it.

    python tests/bench/search_index.py OUTPUT [--repeat 3]

CPU seconds and peak memory are the Pagefind processes' own (os.wait4's
resource usage: user + system time, maximum resident set size).
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "plugins"))
from pelican.settings import read_settings  # noqa: E402
from search import pagefind  # noqa: E402
from search.search import language_sites, pages_digest  # noqa: E402
from search.settings import item_globs, language_folder  # noqa: E402


def jobs_for(output, scratch):
    """The jobs plugins/search makes from pelicanconf.py, indexing into `scratch`."""
    settings = read_settings(str(ROOT / "pelicanconf.py"), override={"SITEURL": "https://bench.invalid"})
    jobs = []
    for lang, site_settings in language_sites(settings):
        folder = language_folder(site_settings)
        globs = tuple(item_globs(site_settings, folder))
        jobs.append(pagefind.Job(output / folder, Path(scratch) / lang, lang, globs))
    return jobs


def index_once(output, binary):
    """One cold index of every language, into a scratch folder; its figures."""
    with tempfile.TemporaryDirectory(prefix="search-bench-") as scratch:
        jobs = jobs_for(output, scratch)
        start = time.perf_counter()
        # One after the other, as the plugin runs them.
        usages = [os.wait4(subprocess.Popen(job.command(binary), stdout=subprocess.DEVNULL).pid, 0)[2] for job in jobs]
        wall = time.perf_counter() - start
        pages = sum(
            language["page_count"]
            for job in jobs
            for language in json.loads((pagefind.staging(job.bundle) / pagefind.ENTRY).read_text())["languages"].values()
        )
    return {
        "wall": wall,
        "cpu": sum(usage.ru_utime + usage.ru_stime for usage in usages),
        "peak_mb": [usage.ru_maxrss / 1024 for usage in usages],
        "pages": pages,
    }


def digest_once(output):
    start = time.perf_counter()
    for job in jobs_for(output, output):
        pages_digest(job.site, job.globs, [])
    return time.perf_counter() - start


def measure(output, repeat):
    output = Path(output)
    binary = pagefind.executable()
    runs = [index_once(output, binary) for _ in range(repeat)]
    digests = [digest_once(output) for _ in range(repeat)]
    jobs = jobs_for(output, output)
    read = sum(len({path for pattern in job.globs for path in job.site.glob(pattern)}) for job in jobs)
    return {
        "languages": [job.language for job in jobs],
        "pages_indexed": runs[0]["pages"],
        "html_files": read,
        "wall": statistics.median(run["wall"] for run in runs),
        "cpu": statistics.median(run["cpu"] for run in runs),
        "peak_mb": max(max(run["peak_mb"]) for run in runs),
        "digest": statistics.median(digests),
        "version": pagefind.version(binary),
    }


def report(figures, repeat):
    print(  # noqa: T201
        f"search index ({figures['version']}, {' then '.join(figures['languages'])}), median of {repeat}: "
        f"{figures['pages_indexed']} pages indexed, {figures['wall']:.2f} s wall, {figures['cpu']:.2f} CPU s, "
        f"peak {figures['peak_mb']:.0f} MB; "
        f"the unchanged-pages check reads the {figures['html_files']} files Pagefind reads in {figures['digest']:.2f} s"
    )


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("output", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    report(measure(args.output, args.repeat), args.repeat)


if __name__ == "__main__":
    main()
