"""One build in its own process, as `make html` runs it; prints its figures as JSON.

    python tests/bench/build_once.py {ours,plain,stock} CORPUS OUTPUT CACHE [--english-only]

ours: this project's settings, theme and plugins; plain: the same without the
fastbuild plugin (Pelican's own sequential build); stock: Pelican and
pelican-i18n-subsites with Pelican's default theme, as first tried.
"""

import json
import sys
import time
from pathlib import Path

from pelican import Pelican
from pelican.settings import read_settings

ROOT = Path(__file__).resolve().parents[2]


def settings_for(kind, corpus, output, cache, english_only):
    common = {"PATH": str(corpus), "OUTPUT_PATH": str(output), "CACHE_PATH": str(cache)}
    if kind in ("ours", "plain"):
        overrides = {**common, "I18N_GETTEXT_LOCALEDIR": str(Path(cache) / "locale")}
        plugins = ["bilingual", "comments", "gcds_assets"] + (["fastbuild"] if kind == "ours" else [])
        if english_only:
            overrides.update(I18N_SUBSITES={}, PLUGINS=plugins)
        else:
            overrides.update(PLUGINS=["i18n_subsites", *plugins])
        return read_settings(str(ROOT / "pelicanconf.py"), override=overrides)
    # The stock stack as first tried: Pelican and pelican-i18n-subsites, default theme.
    stock = {
        **common,
        "PLUGINS": [] if english_only else ["i18n_subsites"],
        "I18N_SUBSITES": {} if english_only else {"fr": {}},
        "ARTICLE_PATHS": ["posts"],
        "PAGE_PATHS": ["pages"],
        "ARTICLE_TRANSLATION_ID": "translation-key",
        "PAGE_TRANSLATION_ID": "translation-key",
        "I18N_UNTRANSLATED_ARTICLES": "remove",
        "TIMEZONE": "America/Toronto",
        "CACHE_CONTENT": False,
    }
    return read_settings(None, override=stock)


def main(argv):
    kind, corpus, output, cache = argv[:4]
    english_only = "--english-only" in argv
    start = time.perf_counter()
    Pelican(settings_for(kind, corpus, output, cache, english_only)).run()
    seconds = time.perf_counter() - start
    pages = sum(1 for _ in Path(output).rglob("*.html"))
    print(json.dumps({"seconds": seconds, "pages": pages}))  # noqa: T201


if __name__ == "__main__":
    main(sys.argv[1:])
