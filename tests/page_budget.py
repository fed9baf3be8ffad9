"""Page weight budget: what an article page costs a reader, measured in Chromium.

    python tests/page_budget.py [OUTPUT_DIR]      (make budget)

Serves the built site on 127.0.0.1, opens every article page in headless
Chromium, and adds up every response it loads (HTML, CSS, JS, fonts; content
images excluded), before compression, and lists requests to any other origin.
Budget: at most 50 KB per article page, and no other origin.
"""

import sys
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

BUDGET_BYTES = 50 * 1000
CHROMIUM = "/usr/bin/chromium"
CONTENT_IMAGE_TYPES = ("image",)


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def article_pages(output):
    """Every post page of both languages (not the comment status pages)."""
    for blog in ("en/blog", "fr/blogue"):
        for page in sorted((Path(output) / blog).glob("*/index.html")):
            yield page.relative_to(output).parent.as_posix() + "/"


def measure(browser, base_url, path):
    """(bytes loaded, [requests to other origins]) for one page."""
    loaded, foreign = [], []
    page = browser.new_page()
    page.on("request", lambda r: foreign.append(r.url) if not r.url.startswith((base_url, "data:")) else None)
    page.on("response", lambda r: loaded.append(r))  # noqa: PLW0108 (Playwright marks its handler: a bound builtin cannot be)
    page.goto(f"{base_url}/{path}", wait_until="load")
    total = sum(len(r.body()) for r in loaded if r.request.resource_type not in CONTENT_IMAGE_TYPES)
    page.close()
    return total, foreign


def measure_site(output, browser):
    """{article path: (bytes, foreign requests)} for the site built in `output`."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Quiet, directory=str(output)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base_url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        return {path: measure(browser, base_url, path) for path in article_pages(output)}
    finally:
        server.shutdown()
        server.server_close()


def main(argv):
    from playwright.sync_api import sync_playwright

    output = Path(argv[0] if argv else "output")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
        )
        results = measure_site(output, browser)
        browser.close()
    failed = False
    print(f"{'article page':<100} {'bytes':>8}  budget {BUDGET_BYTES}")  # noqa: T201
    for path, (total, foreign) in results.items():
        over = total > BUDGET_BYTES or foreign
        failed |= bool(over)
        print(f"{path:<100} {total:>8}  {'OVER' if over else 'ok'}")  # noqa: T201
        for url in foreign:
            print(f"    request to another origin: {url}")  # noqa: T201
    return 1 if failed or not results else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
