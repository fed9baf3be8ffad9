"""After a build: every internal href, src and srcset points to a file that exists.

The links of a page are taken as it is rendered (`LinkRecordingTemplate`), so
the check reads no page back from the output, except to name the attribute of
a link that points nowhere, and pages some other way wrote. Read with a regular
expression over the attributes, not a full HTML parser: the pages are the
theme's own output, and a large site has thousands of them.
"""

import multiprocessing
import os
import re
from concurrent.futures import ProcessPoolExecutor
from functools import partial
from pathlib import Path
from urllib.parse import unquote, urlsplit

import jinja2

ATTRIBUTE = re.compile(r"""\s(href|src|srcset)\s*=\s*(["'])(.*?)\2""", re.DOTALL)
# Only the tags that carry one of those attributes (most tags carry none).
TAG = re.compile(r"<(\w+)\b[^>]*?\s(?:href|src|srcset)\s*=[^>]*>", re.DOTALL)
# Below this many pages a second process costs more than it saves.
POOL_THRESHOLD = 200


def references(html):
    """(tag attribute, url) of every href, src and srcset candidate in the page."""
    for tag in TAG.finditer(html):
        for name, _quote, value in ATTRIBUTE.findall(tag.group(0)):
            label = f"{tag.group(1)} {name}"
            if name == "srcset":
                yield from ((label, part.split()[0]) for part in value.split(",") if part.strip())
            else:
                yield label, value.replace("&amp;", "&")


def target_path(page_dir, url, site_host, site_path=""):
    """The output-relative path an internal URL resolves to, or None for other sites.

    `site_path` is the path of SITEURL ("/blog" for https://HOST/blog): the
    output's root is served there, and the rest of the host is another site.
    """
    parts = urlsplit(url)
    if (parts.scheme and parts.scheme not in ("http", "https")) or (parts.netloc and parts.netloc != site_host):
        return None
    if not parts.path:
        return ""  # a fragment of the same page
    path = unquote(parts.path)
    if path.startswith("/"):
        if path != site_path and not path.startswith(f"{site_path}/"):
            return None  # another part of the host, not this output
        joined = path.removeprefix(site_path)
    else:
        joined = f"{page_dir}/{path}"
    normal = []
    for segment in joined.split("/"):
        if segment == "..":
            if normal:
                normal.pop()
        elif segment not in ("", "."):
            normal.append(segment)
    if not normal:
        return "index.html"
    target = "/".join(normal)
    return f"{target}/index.html" if path.endswith("/") else target


class LinkRecordingTemplate(jinja2.Template):
    """A template (Jinja's `Environment.template_class`) that hands the link
    check each page it renders for Pelican's writer, which writes exactly that
    text and then sends `content_written` with the same context (see `LinkCheck.written`)."""

    def render(self, *args, **kwargs):
        html = super().render(*args, **kwargs)
        context = args[0] if len(args) == 1 and not kwargs else None
        state = context.get("BILINGUAL_BUILD") if isinstance(context, dict) else None
        if state is not None and "output_file" in context:
            state.links.last_render = (context, html)
        return html


class LinkCheck:
    """The references of every page written: taken from the page as rendered,
    or else read from the output once.

    A language site may check its pages while the other site is still being
    written (fastbuild builds them in two processes): a reference to a file
    that is not there yet stays pending, and `problems` decides once the whole
    output exists. Pending references are grouped by URL: a site has few
    distinct ones, and thousands of pages share them.
    """

    def __init__(self, output, siteurl=""):
        self.output = Path(output)
        self.site = site_root(siteurl)
        self.checked = set()
        # (url, target, attribute) -> [page] of the references to targets missing when read
        self.pending = {}
        # page -> the distinct output paths its links resolve to, taken as it was rendered
        self.rendered = {}
        # target -> [page] of rendered pages linking to a target missing when checked
        self.unresolved = {}
        # (render context, html) of the page being written (LinkRecordingTemplate)
        self.last_render = None
        # (page folder, url) or url -> target: a site has few distinct URLs
        self.resolved = {}

    def written(self, page, context):
        """Pelican wrote `page` (content_written): take its links if it was just rendered."""
        last, self.last_render = self.last_render, None
        if last is not None and last[0] is context and page.endswith(".html"):
            page_dir = page.rsplit("/", 1)[0] if "/" in page else ""
            # A tuple, not a set: thousands of pages are kept until the end, and a
            # tuple of 40 names takes a sixth of a set's memory (the names are shared).
            self.rendered[page] = tuple({
                target for url in candidate_urls(last[1])
                if (target := self.target(page_dir, url))
            })

    def target(self, page_dir, url):
        key = resolution_key(page_dir, url)
        if key not in self.resolved:
            self.resolved[key] = target_path(page_dir, url, *self.site)
        return self.resolved[key]

    def add_rendered(self, rendered):
        """Pages another process rendered (fastbuild's second language site)."""
        self.rendered.update(rendered)

    def check(self, pages, files, workers=1):
        """Check these pages' links (as rendered, else read from the output); `files`
        holds the output's names as known now (see `scan`)."""
        pages = sorted(set(pages) - self.checked)
        known = files_and_folders(files)
        unread = []
        for page in pages:
            targets = self.rendered.get(page)
            if targets is None:
                unread.append(page)
                continue
            for target in targets:
                if not exists(target, known):
                    self.unresolved.setdefault(target, []).append(page)
        self.checked.update(pages)
        self.read(unread, known, workers)

    def read(self, pages, known, workers):
        """Read pages from the output for their references to files not in `known`."""
        read = partial(missing_targets, self.output, self.site, known)
        if not pages:
            return
        if workers < 2 or len(pages) < POOL_THRESHOLD or "fork" not in multiprocessing.get_all_start_methods():
            parts = [read(pages)]
        else:
            # Forked, not spawned: a worker starts without importing anything again.
            with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
                parts = list(pool.map(read, [pages[i::workers] for i in range(workers)]))
        for part in parts:
            for reference, referring in part.items():
                self.pending.setdefault(reference, []).extend(referring)

    def on_disk(self, target):
        """Whether the output holds the target, `files` aside: a caller may name
        only the pages it wrote, and not, say, the theme's files."""
        path = self.output / target
        return (path / "index.html").is_file() if path.is_dir() else path.is_file()

    def mark_kept(self, pages):
        """Pages a rebuild kept as they were: they link to what they linked to
        when checked, and are not read again."""
        self.checked.update(pages)

    def problems(self, files):
        """(page, attribute, message) of each reference whose target is not in the
        complete output (`files`, then the disk), by page."""
        known = files_and_folders(files)
        # A rendered page is read only if a link of it points to no file: to name the attribute.
        broken = [target for target in self.unresolved if not exists(target, known) and not self.on_disk(target)]
        self.read(sorted({page for target in broken for page in self.unresolved[target]}), known, workers=1)
        self.unresolved = {}
        found = [
            (page, attribute, f"{url!r} points to no file in the output")
            for (url, target, attribute), pages in self.pending.items()
            if not exists(target, known) and not self.on_disk(target)
            for page in pages
        ]
        return sorted(found, key=lambda problem: problem[0])


def scan(output):
    """The relative name of every file in the output."""
    found = set()
    folders = [(str(output), "")]
    while folders:
        folder, prefix = folders.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.is_dir():
                    folders.append((entry.path, f"{prefix}{entry.name}/"))
                else:
                    found.add(prefix + entry.name)
    return found


def broken_links(output, siteurl=""):
    """(page, attribute, message) for each internal reference to a missing file, in every page of `output`."""
    links, files = LinkCheck(output, siteurl), scan(output)
    links.check([name for name in files if name.endswith(".html")], files)
    return links.problems(files)


def files_and_folders(files):
    return set(files), {name.rsplit("/", 1)[0] for name in files if "/" in name}


def exists(target, files_and_folders):
    files, folders = files_and_folders
    if target in folders:
        target = f"{target}/index.html"
    return target is None or target == "" or target in files


def site_root(siteurl):
    """(host, path) where the output's root is served: ("HOST", "/blog") for https://HOST/blog/."""
    parts = urlsplit(siteurl)
    return parts.netloc, parts.path.rstrip("/")


def missing_targets(output, site, files, pages):
    """{(url, target, attribute): [page]} of the references in `pages` to files not in `files`.

    Each page is first read for the distinct values of its href, src and
    srcset attributes, wherever they stand (one pass of a regular expression,
    in C): every page repeats the same navigation, and a site has few distinct
    URLs, each resolved once. Only a page with a value that resolves to no file
    is read again tag by tag (`references`), which finds a subset of those
    values, to name the attribute and leave out text that merely looks like one.
    """
    resolved = {}
    missing = {}
    for page in pages:
        html = (output / page).read_text(encoding="utf-8")
        page_dir = page.rsplit("/", 1)[0] if "/" in page else ""
        if all(found(page_dir, url, site, files, resolved) for url in candidate_urls(html)):
            continue
        for attribute, url in references(html):
            if not found(page_dir, url, site, files, resolved):
                missing.setdefault((url, resolved[resolution_key(page_dir, url)][0], attribute), []).append(page)
    return missing


CANDIDATE = re.compile(r"""\s(href|src|srcset)\s*=\s*(?:"([^"]*)"|'([^']*)')""")


def candidate_urls(html):
    """Every distinct URL an href, src or srcset attribute may hold in the page (a superset of `references`)."""
    urls = set()
    for name, double, single in set(CANDIDATE.findall(html)):
        value = double or single
        if name == "srcset":
            urls.update(part.split()[0] for part in value.split(",") if part.strip())
        else:
            urls.add(value.replace("&amp;", "&"))
    return urls


def resolution_key(page_dir, url):
    # An absolute or root-relative URL resolves the same on every page; a relative one depends on the page's folder.
    return (page_dir, url) if is_relative(url) else url


def found(page_dir, url, site, files, resolved):
    """Whether the URL resolves to a file of `files` (or another site); resolved once per key."""
    key = resolution_key(page_dir, url)
    if key not in resolved:
        target = target_path(page_dir, url, *site)
        resolved[key] = (target, exists(target, files))
    return resolved[key][1]


def is_relative(url):
    return not url.startswith(("/", "#", "http:", "https:", "mailto:", "tel:", "data:"))
