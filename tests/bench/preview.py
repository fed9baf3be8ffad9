"""The preview's figure: from saving a post to the rebuilt page on disk, and to
the open browser tab showing it (`make devserver`, headless Chromium).

    python tests/bench/preview.py CORPUS WORK [--edits 3]

The server runs on a copy of CORPUS in WORK; one English post is open in the
browser, and each round appends a paragraph to it. Prints medians as JSON.
"""

import argparse
import json
import queue
import re
import shutil
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"


def start_server(corpus, work):
    """The preview server on a copy of the corpus; returns (process, its URL, its output lines)."""
    server = subprocess.Popen(
        [sys.executable, "-u", "-m", "preview.server", str(corpus), "-o", str(work / "output"),
         "-s", str(ROOT / "pelicanconf.py"), "-p", "0", "--cache-path", str(work / "cache")],
        cwd=ROOT, env={"PYTHONPATH": str(ROOT / "plugins"), "PATH": "/usr/bin:/bin"},
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    lines = drained(server, work / "server.log")
    url = wait_for(lines, r"Serving the preview at (\S+)").group(1)
    wait_for(lines, BUILT)
    return server, url, lines


def drained(server, log_path):
    """A queue of the lines a server prints, also copied to `log_path`. Its
    output is read all along: a full pipe would stop the server mid-rebuild."""
    lines = queue.Queue()
    log = open(log_path, "w", encoding="utf-8")  # noqa: SIM115 (open while the server runs)

    def drain():
        for line in server.stdout:
            log.write(line)
            log.flush()
            lines.put(line)

    threading.Thread(target=drain, daemon=True).start()
    return lines


BUILT = r"Build (\d+): built in ([0-9.]+) s"


def wait_for(lines, pattern, timeout=300):
    """The next output line that matches `pattern`."""
    while True:
        try:
            line = lines.get(timeout=timeout)
        except queue.Empty:
            raise SystemExit(f"preview bench: no line matching {pattern!r} within {timeout} s") from None
        if match := re.search(pattern, line):
            return match
        if re.search(r"Build \d+ failed", line):
            raise SystemExit(f"preview bench: a rebuild failed: {line}")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("work", type=Path)
    parser.add_argument("--edits", type=int, default=3)
    args = parser.parse_args(argv)
    shutil.rmtree(args.work, ignore_errors=True)
    corpus = Path(shutil.copytree(args.corpus, args.work / "corpus"))
    server, url, lines = start_server(corpus, args.work)
    english = sorted((corpus / "posts").glob("*.en.md"))
    post = english[len(english) // 2]
    page_file = None
    on_disk, in_browser, whole = [], [], []
    try:
        slug = re.search(r"^Title: (.*)$", post.read_text(encoding="utf-8"), re.M).group(1)
        page_file = next((args.work / "output/en/blog").glob(f"{slugify(slug)}/index.html"))
        page_url = url + page_file.parent.relative_to(args.work / "output").as_posix() + "/"

        def idle():
            # Idle again before the next edit: the rest of the site is still being written.
            whole.append(float(wait_for(lines, BUILT).group(2)))

        on_disk, in_browser = measure_edits(page_url, post, page_file, args.edits, idle)
    finally:
        server.terminate()
        server.wait(timeout=30)
    print_figures(on_disk, in_browser, whole)


def print_figures(on_disk, in_browser, whole):
    """The medians, and each edit's figure, as the line make bench reads."""
    print(json.dumps({  # noqa: T201
        "on_disk": statistics.median(on_disk), "in_browser": statistics.median(in_browser),
        "whole_rebuild": statistics.median(whole),
        "each": {"on_disk": on_disk, "in_browser": in_browser, "whole_rebuild": whole},
    }))


def measure_edits(page_url, post, page_file, edits, idle):
    """Open `page_url` in Chromium; `edits` times, append a paragraph to `post`
    and time it to `page_file` on disk and to the tab; call idle() after each.
    Returns (seconds to disk, seconds to the browser), one per edit."""
    on_disk, in_browser = [], []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page()
        page.goto(page_url)
        for number in range(edits):
            marker = f"Preview edit number {number}."
            with page.expect_navigation(timeout=120_000):
                start = time.perf_counter()
                post.write_text(post.read_text(encoding="utf-8") + f"\n{marker}\n", encoding="utf-8")
                while marker not in page_file.read_text(encoding="utf-8", errors="replace"):
                    if time.perf_counter() - start > 120:
                        raise SystemExit("preview bench: the edited page was not rebuilt within 120 s")
                    time.sleep(0.005)  # a bench may poll; a test may not
                on_disk.append(time.perf_counter() - start)
            page.wait_for_function("m => document.body.innerText.includes(m)", arg=marker, timeout=120_000)
            in_browser.append(time.perf_counter() - start)
            idle()
        browser.close()
    return on_disk, in_browser


def slugify(title):
    """The slug Pelican gives a plain ASCII title (the bench corpus has no accents in English)."""
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")


if __name__ == "__main__":
    main()
