"""`make devserver`: build, serve the output on 127.0.0.1, rebuild on every
change, and reload the open browser tabs once each rebuild is written.

    python -m preview.server CONTENT -o OUTPUT -s pelicanconf.py [-b 127.0.0.1] [-p 8000]

`pelican -lr` rebuilds but leaves the reload to the reader. Here the server
adds a few lines of script to each HTML page as it serves it, never to the
files, so no built page (and no published one) can carry it: the script
listens for server-sent events, and one event is sent after each rebuild that
succeeded. A failed rebuild sends none: the tab keeps the last good pages, and
the terminal shows the errors. The same Pelican instance runs every rebuild,
so fastbuild keeps its conversions in memory between them.
"""

import argparse
import logging
import os
import queue
import threading
import time
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import watchfiles
from pelican import Pelican
from pelican.log import init as init_logging
from pelican.settings import read_settings
from pelican.utils import FileChangeFilter

logger = logging.getLogger(__name__)

EVENTS_PATH = "/__preview/events"
# A tab gives the build it shows, so that a rebuild finished while it loaded is not missed.
SCRIPT = (
    '<script>new EventSource("{path}?since={build}")'
    ".addEventListener(\"reload\", () => location.reload());</script>"
)
KEEP_ALIVE_SECONDS = 15


class Builds:
    """The number of rebuilds that succeeded, which serving threads wait on."""

    def __init__(self):
        self.count = 0
        self.changed = threading.Condition()

    def succeeded(self):
        with self.changed:
            self.count += 1
            self.changed.notify_all()

    def wait_past(self, seen, timeout):
        """The count once it is past `seen`, or None after `timeout` seconds."""
        with self.changed:
            if self.changed.wait_for(lambda: self.count > seen, timeout):
                return self.count
        return None


class PreviewHandler(SimpleHTTPRequestHandler):
    """Serves the output; HTML pages with the reload script; the reload events."""

    def __init__(self, *args, builds, **kwargs):
        self.builds = builds
        super().__init__(*args, **kwargs)

    def end_headers(self):
        # Every response, stylesheets and images included: a reload must fetch what a rebuild changed.
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def do_GET(self):
        url = urlsplit(self.path)
        if url.path == EVENTS_PATH:
            since = parse_qs(url.query).get("since", ["0"])[0]
            self.send_events(int(since) if since.isdigit() else 0)
            return
        page = Path(self.translate_path(url.path))
        if page.is_dir() and url.path.endswith("/"):
            page = page / "index.html"
        if page.suffix == ".html" and page.is_file():
            self.send_page(page)
            return
        super().do_GET()

    def send_page(self, page):
        script = SCRIPT.format(path=EVENTS_PATH, build=self.builds.count)
        html = page.read_text(encoding="utf-8")
        head, body_end, tail = html.rpartition("</body>")
        body = (f"{head}{script}{body_end}{tail}" if body_end else html + script).encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def send_events(self, seen):
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.end_headers()
        try:
            while True:
                count = self.builds.wait_past(seen, KEEP_ALIVE_SECONDS)
                if count is None:
                    self.wfile.write(b": still here\n\n")  # a comment line: notices a closed tab
                else:
                    seen = count
                    self.wfile.write(b"event: reload\ndata: reload\n\n")
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            return  # the tab reloaded or closed

    def log_message(self, format, *args):  # noqa: A002 (http.server's name)
        logger.debug(format, *args)


def serve(output, host, port, builds):
    """Start the server in a daemon thread; return it (its port is server.server_address[1])."""
    os.makedirs(output, exist_ok=True)
    handler = partial(PreviewHandler, builds=builds, directory=str(output))
    server = ThreadingHTTPServer((host, port), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def watched_paths(settings_file, settings):
    """What Pelican's own autoreload watches: the settings file, the theme, the content and its static folders."""
    content = settings["PATH"]
    paths = [settings_file, settings["THEME"], content, *(os.path.join(content, p) for p in settings["STATIC_PATHS"])]
    return sorted({os.path.abspath(path) for path in paths if os.path.exists(path)})


def watch(paths, settings, found, stop):
    """Put each set of changed paths into `found`, until `stop` is set. It runs in
    a thread from before the first build, across rebuilds: an edit saved while a
    rebuild runs is the next set, never lost (pelican -r starts a new watcher
    after each rebuild, and misses such an edit)."""
    ignored = FileChangeFilter(ignore_file_patterns=settings.get("IGNORE_FILES", []))
    for changes in watchfiles.watch(*paths, watch_filter=ignored, stop_event=stop):
        found.put({path for _change, path in changes})


def start_watching(settings_file, settings):
    """A watcher thread of what these settings name; return (its queue, its stop event)."""
    found, stop = queue.Queue(), threading.Event()
    paths = watched_paths(settings_file, settings)
    threading.Thread(target=watch, args=(paths, settings, found, stop), daemon=True).start()
    return found, stop


def next_changes(found):
    """The next set of changed paths, with everything saved meanwhile: one rebuild."""
    changed = found.get()
    while not found.empty():
        changed |= found.get_nowait()
    return changed


def rebuild(pelican, builds):
    started = time.perf_counter()
    try:
        pelican.run()
    except Exception as error:  # noqa: BLE001 (a preview reports and waits for the next edit)
        logger.error("The rebuild failed; the open tabs keep the last good pages:\n%s", error)  # noqa: TRY400
    else:
        builds.succeeded()
        logger.warning("Built in %.2f s; the open tabs reload", time.perf_counter() - started)


def build_forever(settings_file, overrides, builds):
    """Build, then rebuild after every change to the settings, theme or content.
    Settings that cannot be read (a typo in pelicanconf.py, a wrong LANGUAGES
    entry) are reported, and the preview goes on with the last good ones."""
    settings_file = os.path.abspath(settings_file)
    settings = read_settings(settings_file, override=overrides)
    pelican = Pelican(settings)
    found, stop = start_watching(settings_file, settings)
    rebuild(pelican, builds)
    while True:
        changed = next_changes(found)
        logger.warning("Changed: %s; rebuilding", ", ".join(sorted(changed)))
        if settings_file in changed:
            try:
                settings = read_settings(settings_file, override=overrides)
                pelican = Pelican(settings)
            except Exception as error:  # noqa: BLE001 (the preview goes on with the last good settings)
                logger.error("The settings could not be read; the preview keeps the last good ones:\n%s", error)  # noqa: TRY400
                continue
            # New settings may name other folders: a watcher of those.
            stop.set()
            found, stop = start_watching(settings_file, settings)
        rebuild(pelican, builds)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("content")
    parser.add_argument("-o", "--output", required=True)
    parser.add_argument("-s", "--settings", required=True)
    parser.add_argument("-b", "--bind", default="127.0.0.1")
    parser.add_argument("-p", "--port", type=int, default=8000)
    parser.add_argument("--cache-path", help="CACHE_PATH for this preview (default: the settings')")
    args = parser.parse_args(argv)
    init_logging(level=logging.WARNING)
    overrides = {"PATH": os.path.abspath(args.content), "OUTPUT_PATH": os.path.abspath(args.output)}
    if args.cache_path:
        overrides["CACHE_PATH"] = os.path.abspath(args.cache_path)
    builds = Builds()
    server = serve(overrides["OUTPUT_PATH"], args.bind, args.port, builds)
    # The first line a caller (or a test) reads: where the preview is.
    print(f"Serving the preview at http://{args.bind}:{server.server_address[1]}/", flush=True)  # noqa: T201
    try:
        build_forever(args.settings, overrides, builds)
    except KeyboardInterrupt:
        server.shutdown()


if __name__ == "__main__":
    main()
