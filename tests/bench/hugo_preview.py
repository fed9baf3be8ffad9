"""`hugo server`'s figure on the bench corpus, measured as the preview's is:
from saving a post to its rebuilt page on disk, and to the open tab showing it.

    python tests/bench/hugo_preview.py CORPUS WORK [--edits 3]

The corpus is turned into a Hugo site (hugo_site.py); `hugo server` runs with
--renderToDisk (so the page on disk can be timed) and its own live reload.
Prints medians as JSON, or {"skipped": reason} when Hugo is not installed.
"""

import argparse
import json
import shutil
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.hugo_site import write_site
from bench.preview import drained, measure_edits, print_figures, wait_for


def start_hugo(site, output):
    server = subprocess.Popen(
        ["hugo", "server", "--renderToDisk", "--destination", str(output), "--bind", "127.0.0.1",
         "--port", "1313", "--baseURL", "http://127.0.0.1:1313/", "--appendPort=false", "--source", str(site)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    lines = drained(server, output.parent / "hugo.log")
    wait_for(lines, r"Web Server is available at")
    return server, lines


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("work", type=Path)
    parser.add_argument("--edits", type=int, default=3)
    args = parser.parse_args(argv)
    if shutil.which("hugo") is None:
        print(json.dumps({"skipped": "hugo is not installed"}))  # noqa: T201
        return
    shutil.rmtree(args.work, ignore_errors=True)
    args.work.mkdir(parents=True)
    files = write_site(args.corpus, args.work / "site")
    english = sorted(source for source in files if source.parent.name == "posts" and source.name.endswith(".en.md"))
    post = files[english[len(english) // 2]]
    server, lines = start_hugo(args.work / "site", args.work / "public")
    rebuilds = []
    try:
        page_file = args.work / "public/en/posts" / post.stem / "index.html"

        def idle():
            # Hugo prints the rebuild's time once it is done ("Total in 123 ms").
            rebuilds.append(float(wait_for(lines, r"Total in (\d+) ms").group(1)) / 1000)

        on_disk, in_browser = measure_edits(f"http://127.0.0.1:1313/en/posts/{post.stem}/", post, page_file,
                                            args.edits, idle)
    finally:
        server.terminate()
        server.wait(timeout=30)
    print_figures(on_disk, in_browser, rebuilds)


if __name__ == "__main__":
    main()
