"""`make bench`: build a synthetic bilingual corpus and print the build's figures.

    python tests/bench/run.py --posts 500 --repeat 3

Every figure is the median of --repeat builds, each in a fresh process as
`make html` runs it: cold build (empty output and cache), no-change rebuild,
one-post-edit rebuild, peak memory of the cold builds (summed PSS of the
build's processes, see memory.py), pages written; then the search index of
the bilingual site (search_index.py), which `make html` adds to a build. Stacks, each bilingual and English-only:
- ours: this project's settings, theme and plugins;
- plain: the same without the fastbuild plugin, i.e. Pelican's own
  sequential build of the same theme (cold builds only);
- stock: Pelican and pelican-i18n-subsites with Pelican's default theme, as
  first tried (cold builds only).
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.corpus import write_corpus
from bench.memory import run_measured
from bench.search_index import measure as measure_search
from bench.search_index import report as report_search

ROOT = Path(__file__).resolve().parents[2]
BUILD = Path(__file__).with_name("build_once.py")
PREVIEW = Path(__file__).with_name("preview.py")
HUGO = Path(__file__).with_name("hugo_preview.py")
STACKS = {"ours": ("cold", "no-change", "one-edit"), "plain": ("cold",), "stock": ("cold",)}
SITES = ("bilingual", "English-only")


def build(kind, corpus, work, english_only=False, fresh=True):
    if fresh:
        shutil.rmtree(work, ignore_errors=True)
    args = [sys.executable, str(BUILD), kind, str(corpus), str(work / "output"), str(work / "cache")]
    if english_only:
        args.append("--english-only")
    if fresh:  # memory peaks in cold builds; rebuilds run unobserved
        result, peak_kb = run_measured(args, cwd=ROOT)
    else:
        result, peak_kb = subprocess.run(args, cwd=ROOT, capture_output=True, text=True, check=False), 0
    if result.returncode != 0:
        raise SystemExit(f"bench: {kind} build failed:\n{result.stderr[-3000:]}")
    return {**json.loads(result.stdout.strip().splitlines()[-1]), "peak_kb": peak_kb}


def median_of(runs, key="seconds"):
    return statistics.median(run[key] for run in runs)


def edit_post(corpus, number):
    path = corpus / "posts" / f"{number:05d}.en.md"
    path.write_text(path.read_text(encoding="utf-8") + f"\nAn edit, number {number}.\n", encoding="utf-8")


def measure_once(kind, steps, corpus, work, english_only, number):
    """{step: figures} of one round for one stack and site: a cold build, then
    (ours) a rebuild with no change and one after editing one post."""
    figures = {"cold": build(kind, corpus, work, english_only)}
    if "no-change" in steps:
        figures["no-change"] = build(kind, corpus, work, english_only, fresh=False)
    if "one-edit" in steps:
        edit_post(corpus, number)
        figures["one-edit"] = build(kind, corpus, work, english_only, fresh=False)
    return figures


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, default=500, help="English posts, each with a French translation")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--work", type=Path, default=ROOT / ".cache" / "bench")
    args = parser.parse_args(argv)
    work = args.work / str(args.posts)
    corpora = {
        "bilingual": write_corpus(work / "corpus-bilingual", args.posts),
        "English-only": write_corpus(work / "corpus-english", args.posts, languages=("en",)),
    }
    rows = {(kind, site): {step: [] for step in steps} for kind, steps in STACKS.items() for site in SITES}
    # Round by round, every stack once per round: this machine's speed drifts
    # over minutes, and each ratio compares figures taken side by side.
    for number in range(1, args.repeat + 1):
        for kind, steps in STACKS.items():
            for site in SITES:
                once = measure_once(kind, steps, corpora[site], work / f"{kind}-{site}", site != "bilingual", number)
                for step, figures in once.items():
                    rows[(kind, site)][step].append(figures)
    report(args, rows)
    # The stacks above build without the search plugin; its index, on the
    # bilingual site just built, is measured apart.
    print()  # noqa: T201
    report_search(measure_search(work / "ours-bilingual" / "output", args.repeat), args.repeat)
    # Outside .cache/: Pelican's IGNORE_FILES ("**/.*") leaves every path with
    # a dot-folder in it unwatched, so the preview would never see the edits.
    with tempfile.TemporaryDirectory(prefix="bench-preview-") as preview_work:
        report_preview(corpora["bilingual"], Path(preview_work), args.repeat)


def report_preview(corpus, work, edits):
    """`make devserver` on the bilingual corpus: an edit, to the page on disk and to
    the open tab; then `hugo server` on the same corpus, timed the same way."""
    print()  # noqa: T201
    for name, script in (("preview (make devserver)", PREVIEW), ("hugo server", HUGO)):
        result = subprocess.run([sys.executable, str(script), str(corpus), str(work / script.stem), "--edits", str(edits)],
                                cwd=ROOT, capture_output=True, text=True, check=False)
        if result.returncode != 0:
            raise SystemExit(f"bench: {name} failed:\n{result.stderr[-3000:]}")
        figures = json.loads(result.stdout.strip().splitlines()[-1])
        if "skipped" in figures:
            print(f"{name}: not measured, {figures['skipped']}")  # noqa: T201
            continue
        verdict = f"  (target <= 0.5: {'met' if figures['in_browser'] <= 0.5 else 'NOT met'})" if script == PREVIEW else ""
        print(f"{name}, one-post edit, median of {edits}: page on disk {figures['on_disk']:.2f} s, "  # noqa: T201
              f"in the browser {figures['in_browser']:.2f} s, whole rebuild {figures['whole_rebuild']:.2f} s{verdict}")
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    print(f"load average when done (1, 5, 15 min): {load}")  # noqa: T201


def report(args, rows):
    print(f"Build benchmark: N={args.posts} English posts + {args.posts} French translations, "  # noqa: T201
          f"median of {args.repeat} runs each")
    print(f"{'stack':<6} {'site':<13} {'cold s':>8} {'no-change s':>12} {'one-edit s':>11} {'peak MB':>8} {'pages':>7}")  # noqa: T201
    for (kind, site), steps in rows.items():
        times = [f"{median_of(steps[step]):.2f}" if step in steps else "-" for step in ("cold", "no-change", "one-edit")]
        peak = max(run["peak_kb"] for runs in steps.values() for run in runs) / 1024
        print(f"{kind:<6} {site:<13} {times[0]:>8} {times[1]:>12} {times[2]:>11} {peak:>8.0f} "  # noqa: T201
              f"{steps['cold'][0]['pages']:>7}")

    def cold(kind, site="bilingual"):
        return median_of(rows[(kind, site)]["cold"])

    ours = rows[("ours", "bilingual")]
    ratios = [
        ("bilingual (ours) / English-only (plain, same theme)", cold("ours") / cold("plain", "English-only"), 1.2),
        ("bilingual / English-only, both ours", cold("ours") / cold("ours", "English-only"), None),
        ("bilingual / English-only, both plain", cold("plain") / cold("plain", "English-only"), None),
        ("bilingual / English-only, both stock", cold("stock") / cold("stock", "English-only"), None),
        ("one-edit rebuild / cold (ours)", median_of(ours["one-edit"]) / cold("ours"), 0.08),
        ("no-change rebuild / cold (ours)", median_of(ours["no-change"]) / cold("ours"), 0.05),
        ("peak memory, ours / stock (bilingual)", max(r["peak_kb"] for r in ours["cold"])
         / max(r["peak_kb"] for r in rows[("stock", "bilingual")]["cold"]), 1.5),
    ]
    print()  # noqa: T201
    for name, value, target in ratios:
        verdict = "" if target is None else f"  (target <= {target}: {'met' if value <= target else 'NOT met'})"
        print(f"{name:<52} {value:6.2f}{verdict}")  # noqa: T201


if __name__ == "__main__":
    main()
