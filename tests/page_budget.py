"""Page weight budget: what an article page costs a reader, measured in Chromium.

    python tests/page_budget.py [OUTPUT_DIR] [--lighthouse]      (make budget)

Serves the built site on 127.0.0.1, opens every article page in headless
Chromium, and adds up the responses it loads, before compression:

- its HTML and CSS: at most 50 KB;
- its whole first view, fonts and images included: at most 160 KB;
- and no request to any other origin.

With --lighthouse, Lighthouse (from npm, on /usr/bin/chromium) also rates the
English post and the French home page, served gzipped as a static host serves
them: performance and accessibility must both be 100.
"""

import gzip
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from dataclasses import dataclass, field
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

HTML_CSS_BUDGET = 50 * 1000
FIRST_VIEW_BUDGET = 160 * 1000
CHROMIUM = "/usr/bin/chromium"
ROOT = Path(__file__).resolve().parent.parent
LIGHTHOUSE = ROOT / "node_modules/lighthouse/cli/index.js"
LIGHTHOUSE_PAGES = (
    "en/blog/responsive-and-resilient-service-an-international-approach-to-digital-government/",
    "fr/",
)
LIGHTHOUSE_CATEGORIES = ("performance", "accessibility")


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class _Compressing(_Quiet):
    """Serves text gzipped, as the static hosts a site is published to do (Lighthouse
    rates what it is served; the byte budgets count the uncompressed bodies)."""

    TEXT = (".html", ".css", ".svg", ".xml", ".js")

    def do_GET(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.endswith("/"):
            path = path / "index.html"
        if not (path.is_file() and path.suffix in self.TEXT and "gzip" in self.headers.get("Accept-Encoding", "")):
            return super().do_GET()
        body = gzip.compress(path.read_bytes(), mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        return None


@dataclass
class Weight:
    html_css: int = 0
    first_view: int = 0
    foreign: list = field(default_factory=list)

    @property
    def within_budget(self):
        return 0 < self.html_css <= HTML_CSS_BUDGET and 0 < self.first_view <= FIRST_VIEW_BUDGET and not self.foreign


def article_pages(output):
    """Every post page of both languages (not the comment status pages)."""
    for blog in ("en/blog", "fr/blogue"):
        for page in sorted((Path(output) / blog).glob("*/index.html")):
            yield page.relative_to(output).parent.as_posix() + "/"


def measure(browser, base_url, path):
    """The Weight of one page: every response of its first view, once the fonts are in."""
    responses, weight = [], Weight()
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.on("request", lambda r: weight.foreign.append(r.url) if not r.url.startswith((base_url, "data:")) else None)
    page.on("response", lambda r: responses.append(r))  # noqa: PLW0108 (Playwright marks its handler: a bound builtin cannot be)
    page.goto(f"{base_url}/{path}", wait_until="load")
    page.evaluate("document.fonts.ready.then(() => true)")
    for response in responses:
        size = len(response.body())
        weight.first_view += size
        if response.request.resource_type in ("document", "stylesheet"):
            weight.html_css += size
    page.close()
    return weight


def serve(output, handler=_Quiet):
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(handler, directory=str(output)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def measure_site(output, browser):
    """{article path: Weight} for the site built in `output`."""
    server, base_url = serve(output)
    try:
        return {path: measure(browser, base_url, path) for path in article_pages(output)}
    finally:
        server.shutdown()
        server.server_close()


def lighthouse_scores(url, categories=LIGHTHOUSE_CATEGORIES):
    """{category: score out of 100} from Lighthouse, run from node_modules on Debian's Chromium."""
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "report.json"
        subprocess.run(
            [shutil.which("node") or "node", str(LIGHTHOUSE), url, f"--only-categories={','.join(categories)}",
             "--output=json", f"--output-path={report}", "--quiet",
             "--chrome-flags=--headless=new --no-sandbox --disable-gpu"],
            check=True, timeout=300, env={**os.environ, "CHROME_PATH": CHROMIUM},
        )
        result = json.loads(report.read_text(encoding="utf-8"))
    return {name: round(result["categories"][name]["score"] * 100) for name in categories}


def main(argv):
    from playwright.sync_api import sync_playwright

    args = [a for a in argv if not a.startswith("--")]
    output = Path(args[0] if args else "output")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
        )
        results = measure_site(output, browser)
        browser.close()
    failed = not results
    print(f"{'article page':<100} {'HTML+CSS':>9} {'first view':>11}")  # noqa: T201
    print(f"{'budget':<100} {HTML_CSS_BUDGET:>9} {FIRST_VIEW_BUDGET:>11}")  # noqa: T201
    for path, weight in results.items():
        failed |= not weight.within_budget
        verdict = "ok" if weight.within_budget else "OVER"
        print(f"{path:<100} {weight.html_css:>9} {weight.first_view:>11}  {verdict}")  # noqa: T201
        for url in weight.foreign:
            print(f"    request to another origin: {url}")  # noqa: T201
    if "--lighthouse" in argv:
        server, base_url = serve(output, _Compressing)
        try:
            for path in LIGHTHOUSE_PAGES:
                scores = lighthouse_scores(f"{base_url}/{path}")
                failed |= any(score < 100 for score in scores.values())
                print(f"Lighthouse /{path}: " + ", ".join(f"{k} {v}" for k, v in scores.items()))  # noqa: T201
        finally:
            server.shutdown()
            server.server_close()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
