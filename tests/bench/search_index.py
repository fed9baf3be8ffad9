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
from search import pagefind  # noqa: E402
from search.search import pages_digest  # noqa: E402


def index_once(output, languages, binary):
    """One cold index of every language, into a scratch folder; its figures."""
    with tempfile.TemporaryDirectory(prefix="search-bench-") as scratch:
        jobs = [pagefind.Job(output / lang, Path(scratch) / lang, lang) for lang in languages]
        start = time.perf_counter()
        processes = [subprocess.Popen(job.command(binary), stdout=subprocess.DEVNULL) for job in jobs]
        usages = [os.wait4(process.pid, 0)[2] for process in processes]
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


def digest_once(output, languages):
    start = time.perf_counter()
    for lang in languages:
        pages_digest(output / lang, "pagefind", [])
    return time.perf_counter() - start


def measure(output, repeat):
    output = Path(output)
    languages = sorted(path.parent.name for path in output.glob("*/index.html"))
    binary = pagefind.executable()
    runs = [index_once(output, languages, binary) for _ in range(repeat)]
    digests = [digest_once(output, languages) for _ in range(repeat)]
    html = sum(1 for lang in languages for _ in (output / lang).rglob("*.html"))
    return {
        "languages": languages,
        "pages_indexed": runs[0]["pages"],
        "html_files": html,
        "wall": statistics.median(run["wall"] for run in runs),
        "cpu": statistics.median(run["cpu"] for run in runs),
        "peak_mb": max(max(run["peak_mb"]) for run in runs),
        "peak_sum_mb": max(sum(run["peak_mb"]) for run in runs),
        "digest": statistics.median(digests),
        "version": pagefind.version(binary),
    }


def report(figures, repeat):
    print(  # noqa: T201
        f"search index ({figures['version']}, {' + '.join(figures['languages'])} at once), median of {repeat}: "
        f"{figures['pages_indexed']} pages indexed, {figures['wall']:.2f} s wall, {figures['cpu']:.2f} CPU s, "
        f"peak {figures['peak_mb']:.0f} MB per process ({figures['peak_sum_mb']:.0f} MB both); "
        f"the unchanged-pages check reads {figures['html_files']} HTML files in {figures['digest']:.2f} s"
    )


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("output", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    report(measure(args.output, args.repeat), args.repeat)


if __name__ == "__main__":
    main()
