"""`make bench`: build a synthetic bilingual corpus and print the build's figures.

    python tests/bench/run.py --posts 500 --repeat 3

Every figure is the median of --repeat builds, each in a fresh process as
`make html` runs it: cold build (empty output and cache), no-change rebuild,
one-post-edit rebuild, peak memory (the build process plus its workers), pages
written; for this project's stack and for the stock stack (Pelican with
pelican-i18n-subsites and its default theme), bilingual and English-only.
"""

import argparse
import json
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.corpus import write_corpus  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
BUILD = Path(__file__).with_name("build_once.py")


def build(kind, corpus, work, english_only=False, fresh=True):
    if fresh:
        shutil.rmtree(work, ignore_errors=True)
    args = [sys.executable, str(BUILD), kind, str(corpus), str(work / "output"), str(work / "cache")]
    if english_only:
        args.append("--english-only")
    result = subprocess.run(args, cwd=ROOT, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise SystemExit(f"bench: {kind} build failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def median_of(runs, key="seconds"):
    return statistics.median(run[key] for run in runs)


def edit_post(corpus, number):
    path = corpus / "posts" / f"{number:05d}.en.md"
    path.write_text(path.read_text(encoding="utf-8") + f"\nAn edit, number {number}.\n", encoding="utf-8")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, default=500, help="English posts, each with a French translation")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--work", type=Path, default=ROOT / ".cache" / "bench")
    args = parser.parse_args(argv)
    work = args.work / str(args.posts)
    bilingual = write_corpus(work / "corpus-bilingual", args.posts)
    english = write_corpus(work / "corpus-english", args.posts, languages=("en",))
    rows = {}
    for kind in ("ours", "stock"):
        for label, corpus, english_only in (("bilingual", bilingual, False), ("English-only", english, True)):
            runs = [build(kind, corpus, work / f"{kind}-{label}", english_only) for _ in range(args.repeat)]
            rows[(kind, label, "cold")] = runs
            rebuilds = [build(kind, corpus, work / f"{kind}-{label}", english_only, fresh=False) for _ in range(args.repeat)]
            rows[(kind, label, "no-change")] = rebuilds
            edits = []
            for number in range(1, args.repeat + 1):
                edit_post(corpus, number)
                edits.append(build(kind, corpus, work / f"{kind}-{label}", english_only, fresh=False))
            rows[(kind, label, "one-edit")] = edits
    report(args, rows)


def report(args, rows):
    print(f"Build benchmark: N={args.posts} English posts + {args.posts} French translations, "  # noqa: T201
          f"median of {args.repeat} runs each")
    print(f"{'stack':<6} {'site':<13} {'cold s':>8} {'no-change s':>12} {'one-edit s':>11} {'peak MB':>8} {'pages':>7}")  # noqa: T201
    for kind in ("ours", "stock"):
        for label in ("bilingual", "English-only"):
            cold, same, edit = (rows[(kind, label, step)] for step in ("cold", "no-change", "one-edit"))
            peak = max(run["peak_kb"] for run in cold + same + edit) / 1024
            print(f"{kind:<6} {label:<13} {median_of(cold):>8.2f} {median_of(same):>12.2f} "  # noqa: T201
                  f"{median_of(edit):>11.2f} {peak:>8.0f} {cold[0]['pages']:>7}")
    cold = {kind: median_of(rows[(kind, "bilingual", "cold")]) for kind in ("ours", "stock")}
    ratios = [
        ("bilingual cold / English-only cold (ours)", median_of(rows[("ours", "bilingual", "cold")])
         / median_of(rows[("ours", "English-only", "cold")]), 1.2),
        ("bilingual cold (ours) / English-only cold (stock)", cold["ours"]
         / median_of(rows[("stock", "English-only", "cold")]), 1.2),
        ("bilingual cold / English-only cold (stock)", cold["stock"]
         / median_of(rows[("stock", "English-only", "cold")]), None),
        ("one-edit rebuild / cold (ours)", median_of(rows[("ours", "bilingual", "one-edit")]) / cold["ours"], 0.08),
        ("no-change rebuild / cold (ours)", median_of(rows[("ours", "bilingual", "no-change")]) / cold["ours"], 0.05),
        ("peak memory, ours / stock (bilingual)",
         max(r["peak_kb"] for r in rows[("ours", "bilingual", "cold")])
         / max(r["peak_kb"] for r in rows[("stock", "bilingual", "cold")]), 1.5),
    ]
    print()  # noqa: T201
    for name, value, target in ratios:
        verdict = "" if target is None else f"  (target <= {target}: {'met' if value <= target else 'NOT met'})"
        print(f"{name:<52} {value:6.2f}{verdict}")  # noqa: T201


if __name__ == "__main__":
    main()
