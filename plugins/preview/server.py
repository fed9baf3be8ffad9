"""`make devserver`: build, serve the output on 127.0.0.1, rebuild on every
change, and reload each open browser tab as soon as its page is rebuilt.

    python -m preview.server CONTENT -o OUTPUT -s pelicanconf.py [-b 127.0.0.1] [-p 8000]

`pelican -lr` rebuilds but leaves the reload to the reader. Here the server
adds a few lines of script to each HTML page as it serves it, never to the
files, so no built page (and no published one) can carry it: the script
listens for server-sent events. A tab reloads once per rebuild: as soon as
its own page is written (the edited post's page comes first, while the rest
of the site is still being written), or else once the rebuild has succeeded.
A failed rebuild reloads no other tab: they keep the last good pages, and the
terminal shows the errors. The same Pelican instance runs every rebuild, and
fastbuild is told which files the watcher saw change (fastbuild/session.py),
so it hashes only those and keeps its caches in memory between rebuilds.
"""

import argparse
import http.client
import logging
import os
import queue
import threading
import time
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, quote, urlsplit

import watchfiles
from fastbuild import session as fastbuild_session
from pelican import Pelican, signals
from pelican.log import init as init_logging
from pelican.settings import read_settings
from pelican.utils import FileChangeFilter

from preview import early_page
from preview.tabs import Tabs

logger = logging.getLogger(__name__)

EVENTS_PATH = "/__preview/events"
LOADED_PATH = "/__preview/loaded"
# A tab gives its page and the build it shows, so that a rebuild finished (or
# its page written) while it loaded is not missed; and says when it has
# loaded and painted (two frames after `load`), which the rebuild after an
# early page waits for (tabs.py).
SCRIPT = (
    '<script>new EventSource("{events}?since={build}&page={page}")'
    '.addEventListener("reload", () => location.reload());'
    'addEventListener("load", () => requestAnimationFrame(() => requestAnimationFrame('
    '() => fetch("{loaded}?since={build}&page={page}"))));</script>'
)
KEEP_ALIVE_SECONDS = 15
# A page that asks not to be reloaded: the browser editor (plugins/cms), whose
# unsaved text a reload would lose, and whose saves are themselves rebuilds.
NO_RELOAD = '<meta name="gcb-preview-reload" content="off">'
# Where the browser editor's API requests arrive (plugins/cms), forwarded to
# decap-server (--cms-api) so that the editor and its API share one origin.
CMS_API_PATH = "/__cms/api/v1"
CMS_API_TIMEOUT_SECONDS = 30
LOCAL_NAMES = ("127.0.0.1", "localhost", "::1")


class Builds:
    """Which rebuild each page shows, which serving threads wait on.

    Rebuilds are numbered as they start. A page shows the last rebuild that
    succeeded, or a later one that wrote it (its tab reloads as soon as it is
    written, before the rest of the site is).
    """

    def __init__(self):
        self.started = 0
        self.good = 0
        self.written = {}  # {output-relative file name: the last rebuild that wrote it}
        # {file name: (earlier, later)}: `later` wrote the same bytes as `earlier`
        # (the edited page written early, then by the rebuild): a tab that shows earlier shows later.
        self.same = {}
        self.changed = threading.Condition()
        self.tabs = Tabs()

    def start(self):
        with self.changed:
            self.started += 1
            return self.started

    def succeeded(self, number):
        with self.changed:
            self.good = number
            self.changed.notify_all()

    def page_written(self, number, name):
        with self.changed:
            self.written[name] = number
            self.changed.notify_all()

    def same_page(self, name, earlier, later):
        with self.changed:
            self.written[name] = later
            self.same[name] = (earlier, later)
            self.changed.notify_all()

    def shown(self, name):
        """The rebuild a tab showing the file `name` shows once it has loaded it."""
        return max(self.good, self.written.get(name, 0))

    def caught_up(self, name, seen):
        """The rebuild a tab that loaded `name` from rebuild `seen` shows: a later one that wrote the same bytes."""
        earlier, later = self.same.get(name, (None, None))
        return later if seen == earlier else seen

    def wait_past(self, name, seen, timeout):
        """What the page shows once past `seen`, or None after `timeout` seconds."""
        with self.changed:
            if self.changed.wait_for(lambda: self.shown(name) > self.caught_up(name, seen), timeout):
                return self.shown(name)
        return None


class WrittenPages:
    """Tells the server each page a rebuild writes, as it is written, from
    either process (fastbuild builds the French site in a forked one). This
    process tells it at once; a forked one writes a line of the rebuild's
    number and the file's name, tab-separated, on a pipe both inherit."""

    def __init__(self, output, builds):
        self.output, self.builds = output, builds
        self.number = 0  # the rebuild under way (a forked process knows it too)
        self.pid = os.getpid()
        # {file name: (rebuild, bytes)} of the page written early (early_page.py),
        # until the rebuild after it has written it again.
        self.early = {}
        reading, self.writing = os.pipe()
        threading.Thread(target=self.read, args=(reading,), daemon=True).start()
        signals.content_written.connect(self.written)

    def written(self, path, **_signal):
        name = Path(os.path.relpath(path, self.output)).as_posix()
        if os.getpid() == self.pid:
            # Before the rebuild is declared done, so that its end does not reload this page's tab again.
            self.report(self.number, name, path)
            return
        # One write of less than PIPE_BUF bytes: lines from two processes never mix.
        os.write(self.writing, f"{self.number}\t{name}\n".encode())

    def report(self, number, name, path):
        early = self.early.pop(name, None)
        if early is not None and early[0] == number - 1 and Path(path).read_bytes() == early[1]:
            self.builds.same_page(name, early[0], number)  # the tab shows it already
        else:
            self.builds.page_written(number, name)

    def wrote_early(self, number, name):
        """The page `name` was written early, in rebuild `number`."""
        self.early = {name: (number, (Path(self.output) / name).read_bytes())}

    def read(self, reading):
        with open(reading, encoding="utf-8") as lines:
            for line in lines:
                number, name = line.rstrip("\n").split("\t", 1)
                self.builds.page_written(int(number), Path(name).as_posix())


class PreviewHandler(SimpleHTTPRequestHandler):
    """Serves the output; HTML pages with the reload script; the reload events."""

    def __init__(self, *args, builds, cms_api=None, **kwargs):
        self.builds = builds
        self.cms_api = cms_api
        super().__init__(*args, **kwargs)

    def end_headers(self):
        # Every response, stylesheets and images included: a reload must fetch what a rebuild changed.
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def do_GET(self):
        url = urlsplit(self.path)
        if url.path == EVENTS_PATH:
            query = parse_qs(url.query)
            since = query.get("since", ["0"])[0]
            self.send_events(query.get("page", [""])[0], int(since) if since.isdigit() else 0)
            return
        if url.path == LOADED_PATH:
            query = parse_qs(url.query)
            since = query.get("since", ["0"])[0]
            self.builds.tabs.page_loaded(query.get("page", [""])[0], int(since) if since.isdigit() else 0)
            self.send_response(204)
            self.end_headers()
            return
        page = Path(self.translate_path(url.path))
        if page.is_dir() and url.path.endswith("/"):
            page = page / "index.html"
        if page.suffix == ".html" and page.is_file():
            self.send_page(page)
            return
        super().do_GET()

    def do_POST(self):
        if urlsplit(self.path).path != CMS_API_PATH or not self.cms_api:
            self.send_error(404, "Only the browser editor's API (make cms) takes POST requests")
            return
        # Only the editor's own page: another site open in the author's browser could
        # send a form (text/plain, no CORS preflight) that writes into the content.
        # And only under this machine's own name: a site that re-points its own
        # name at 127.0.0.1 (DNS rebinding) would otherwise pass as the page's origin.
        origin, host = self.headers.get("Origin"), self.headers.get("Host") or ""
        if (
            self.headers.get_content_type() != "application/json"
            or urlsplit(f"http://{host}").hostname not in LOCAL_NAMES
            or (origin is not None and origin != f"http://{host}")
        ):
            self.send_error(403, "The editor's API takes JSON from the editor's own page only")
            return
        self.forward_to_cms_api()

    def forward_to_cms_api(self):
        """Pass the request to decap-server and its answer back, unchanged."""
        api = urlsplit(self.cms_api)
        length = int(self.headers.get("Content-Length") or 0)
        request = self.rfile.read(length)
        connection = http.client.HTTPConnection(api.hostname, api.port, timeout=CMS_API_TIMEOUT_SECONDS)
        try:
            connection.request("POST", api.path, body=request, headers={"Content-Type": "application/json"})
            response = connection.getresponse()
            answer = response.read()
        except OSError as error:
            self.send_error(502, f"decap-server at {self.cms_api} did not answer ({error}); is `make cms` running?")
            return
        finally:
            connection.close()
        self.send_response(response.status)
        self.send_header("Content-Type", response.getheader("Content-Type", "application/json"))
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def send_page(self, page):
        name = page.resolve().relative_to(Path(self.directory).resolve()).as_posix()
        # Taken before the file is read: a write after this is a reason to reload.
        shown = self.builds.shown(name)
        script = SCRIPT.format(events=EVENTS_PATH, loaded=LOADED_PATH, build=shown, page=quote(name))
        html = page.read_text(encoding="utf-8")
        if NO_RELOAD in html:
            script = ""
        head, body_end, tail = html.rpartition("</body>")
        body = (f"{head}{script}{body_end}{tail}" if body_end else html + script).encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def send_events(self, name, seen):
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.end_headers()
        self.builds.tabs.listen(name, 1)
        try:
            while True:
                shown = self.builds.wait_past(name, seen, KEEP_ALIVE_SECONDS)
                if shown is None:
                    self.wfile.write(b": still here\n\n")  # a comment line: notices a closed tab
                else:
                    seen = shown
                    self.wfile.write(b"event: reload\ndata: reload\n\n")
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            return  # the tab reloaded or closed
        finally:
            self.builds.tabs.listen(name, -1)

    def log_message(self, format, *args):  # noqa: A002 (http.server's name)
        logger.debug(format, *args)


def serve(output, host, port, builds, cms_api=None):
    """Start the server in a daemon thread; return it (its port is server.server_address[1])."""
    os.makedirs(output, exist_ok=True)
    handler = partial(PreviewHandler, builds=builds, cms_api=cms_api, directory=str(output))
    server = ThreadingHTTPServer((host, port), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def watched_paths(settings_file, settings):
    """What Pelican's own autoreload watches (the settings file, the theme, the
    content and its static folders), and the interface translations."""
    content = settings["PATH"]
    paths = [settings_file, settings["THEME"], content, *(os.path.join(content, p) for p in settings["STATIC_PATHS"])]
    # The interface translations, which a build compiles (they may lie outside the theme).
    if settings.get("I18N_GETTEXT_SOURCE"):
        paths.append(settings["I18N_GETTEXT_SOURCE"])
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


def rebuild(pelican, builds, pages, last, changed=()):
    started = time.perf_counter()
    write_early(pelican, builds, pages, last, changed)
    number = pages.number = builds.start()
    last.start()
    try:
        pelican.run()
    except Exception as error:  # noqa: BLE001 (a preview reports and waits for the next edit)
        last.forget()
        logger.error("Build %d failed; the open tabs keep the last good pages:\n%s", number, error)  # noqa: TRY400
    else:
        last.succeeded()
        builds.succeeded(number)
        logger.warning("Build %d: built in %.2f s; the open tabs reload", number, time.perf_counter() - started)
    finally:
        pages.early = {}


def write_early(pelican, builds, pages, last, changed):
    """The edited page first, when early_page.py is sure of it: its tab reloads now."""
    started = time.perf_counter()
    # The number this page is written in, taken only if it is written.
    pages.number = builds.started + 1
    try:
        name = last.write_edited(changed)
    except Exception:
        logger.debug("The edited page could not be written early", exc_info=True)
        name = None
    if name is None:
        return
    number = builds.start()
    pages.wrote_early(number, name)
    fastbuild_session.page_replaced(pelican.settings, name)
    # Short: Pelican's console wraps long lines (and a test reads this one).
    logger.warning("Build %d: edited page written in %.2f s", number, time.perf_counter() - started)
    logger.info("Written early: %s", name)
    builds.tabs.wait_for_reload(Path(name).as_posix(), number)


def new_pelican(settings):
    pelican = Pelican(settings)
    fastbuild_session.keep_between_runs(pelican.settings)
    return pelican


def build_forever(settings_file, overrides, builds, pages, last):
    """Build, then rebuild after every change to the settings, theme or content.
    Settings that cannot be read (a typo in pelicanconf.py, a wrong LANGUAGES
    entry) are reported, and the preview goes on with the last good ones."""
    settings_file = os.path.abspath(settings_file)
    settings = read_settings(settings_file, override=overrides)
    # Watching from before the first build: nothing saved meanwhile goes unseen.
    found, stop = start_watching(settings_file, settings)
    pelican = new_pelican(settings)
    rebuild(pelican, builds, pages, last)
    while True:
        changed = next_changes(found)
        logger.warning("Changed: %s; rebuilding", ", ".join(sorted(changed)))
        if settings_file in changed:
            try:
                settings = read_settings(settings_file, override=overrides)
                pelican = new_pelican(settings)
                last.forget()  # its objects were built with the old settings
            except Exception as error:  # noqa: BLE001 (the preview goes on with the last good settings)
                logger.error("The settings could not be read; the preview keeps the last good ones:\n%s", error)  # noqa: TRY400
                continue
            # New settings may name other folders: a watcher of those.
            stop.set()
            found, stop = start_watching(settings_file, settings)
        else:
            # Only these are hashed again; a new Pelican (new settings) hashes everything.
            fastbuild_session.report_changes(pelican.settings, changed)
        rebuild(pelican, builds, pages, last, changed)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("content")
    parser.add_argument("-o", "--output", required=True)
    parser.add_argument("-s", "--settings", required=True)
    parser.add_argument("-b", "--bind", default="127.0.0.1")
    parser.add_argument("-p", "--port", type=int, default=8000)
    parser.add_argument("--cache-path", help="CACHE_PATH for this preview (default: the settings')")
    parser.add_argument("--cms-api", help="decap-server's API URL, e.g. http://127.0.0.1:8082/api/v1 (make cms): "
                        f"the browser editor's requests to {CMS_API_PATH} go there")
    args = parser.parse_args(argv)
    init_logging(level=logging.WARNING)
    overrides = {
        "PATH": os.path.abspath(args.content),
        "OUTPUT_PATH": os.path.abspath(args.output),
        # An edit shows without waiting for Pagefind; the index follows a moment later.
        "SEARCH_IN_BACKGROUND": True,
    }
    if args.cache_path:
        overrides["CACHE_PATH"] = os.path.abspath(args.cache_path)
    builds = Builds()
    pages = WrittenPages(overrides["OUTPUT_PATH"], builds)
    server = serve(overrides["OUTPUT_PATH"], args.bind, args.port, builds, args.cms_api)
    # The first line a caller (or a test) reads: where the preview is.
    print(f"Serving the preview at http://{args.bind}:{server.server_address[1]}/", flush=True)  # noqa: T201
    try:
        build_forever(args.settings, overrides, builds, pages, early_page.LastBuild())
    except KeyboardInterrupt:
        server.shutdown()


if __name__ == "__main__":
    main()
