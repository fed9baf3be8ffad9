"""Screenshots of each page kind, both languages, at 320 and 1280 px, in Chromium.

    python tests/screenshots.py [OUTPUT_DIR] [SHOTS_DIR]      (make screenshots)

Serves the built site on 127.0.0.1 and saves one full-page JPEG per page kind,
language and width into SHOTS_DIR (docs/screenshots/), named
<kind>-<lang>-<width>.jpg, with an index (README.md) linking them. The pages
are found from the site's own settings (URL words per language), so a renamed
folder does not leave a kind out silently: a kind with no page is an error.
"""

import sys
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from pelican.settings import read_settings

CHROMIUM = "/usr/bin/chromium"
WIDTHS = (320, 1280)
ROOT = Path(__file__).resolve().parent.parent
# The first item of a list folder stands for its kind (an author, a tag...).
LIST_AND_ITEM = {
    "archives": ("ARCHIVES_URL", "post"),
    "authors": ("AUTHORS_URL", "author"),
    "categories": ("CATEGORIES_URL", "category"),
    "tags": ("TAGS_URL", "tag"),
}
# A word each language's sample post holds, for a search page with results.
SEARCH_WORD = {"en": "digital", "fr": "num%C3%A9rique"}


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def language_settings(settings):
    """{lang: that language's settings}, the main site's first."""
    main = settings["DEFAULT_LANG"]
    return {main: settings} | {
        lang: {**settings, **overrides} for lang, overrides in settings.get("I18N_SUBSITES", {}).items()
    }


def first_item(output, list_url):
    items = sorted(p.parent for p in (output / list_url).glob("*/index.html"))
    if not items:
        raise SystemExit(f"screenshots: no page under {list_url} in {output}/")
    return items[0].relative_to(output).as_posix() + "/"


def page_kinds(output, settings):
    """[(kind, lang, path)] for every page kind of both languages."""
    kinds = [("splash", "", ""), ("404", "", "404.html")]
    for lang, site in language_settings(settings).items():
        kinds.append(("home", lang, site["INDEX_URL"]))
        for kind, (setting, item_kind) in LIST_AND_ITEM.items():
            kinds.append((kind, lang, site[setting]))
            kinds.append((item_kind, lang, first_item(output, site[setting])))
        if site.get("SEARCH_URL"):
            # With results: the page's script fills them in from the language's index.
            kinds.append(("search", lang, f"{site['SEARCH_URL']}?q={SEARCH_WORD[lang]}"))
        lists = {site[setting].rstrip("/") for setting, _ in LIST_AND_ITEM.values()}
        lists.add(site.get("SEARCH_URL", "").rstrip("/"))
        pages = sorted(
            p.parent.relative_to(output).as_posix() + "/"
            for p in (output / lang).glob("*/index.html")
            if p.parent.relative_to(output).as_posix() not in lists
        )
        kinds.extend(("page", lang, path) for path in pages)
    return kinds


def shoot(browser, base_url, path, target, width):
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.goto(f"{base_url}/{path}", wait_until="networkidle")
    page.screenshot(path=str(target), full_page=True, type="jpeg", quality=55)
    page.close()


def main(argv):
    from playwright.sync_api import sync_playwright

    output = Path(argv[0] if argv else "output").resolve()
    shots = Path(argv[1] if len(argv) > 1 else ROOT / "docs" / "screenshots")
    shots.mkdir(parents=True, exist_ok=True)
    kinds = page_kinds(output, read_settings(str(ROOT / "pelicanconf.py")))
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Quiet, directory=str(output)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base_url = f"http://127.0.0.1:{server.server_address[1]}"
    index = ["# Screenshots", "", "Made by `make screenshots` from `make html`'s output.", ""]
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
            )
            for kind, lang, path in kinds:
                name = "-".join(part for part in (kind, lang) if part)
                row = [f"**{name}** (`/{path}`):"]
                for width in WIDTHS:
                    target = shots / f"{name}-{width}.jpg"
                    shoot(browser, base_url, path, target, width)
                    row.append(f"[{width} px]({target.name})")
                index.append(" ".join(row) + "  ")
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    (shots / "README.md").write_text("\n".join(index) + "\n", encoding="utf-8")
    print(f"{len(kinds) * len(WIDTHS)} screenshots in {shots}/")  # noqa: T201
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
