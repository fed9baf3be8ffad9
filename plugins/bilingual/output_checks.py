"""After a build: every internal href, src and srcset points to a file that exists.

Read with a regular expression over the attributes, not a full HTML parser:
the pages are the theme's own output, and a large site has thousands of them.
"""

import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

ATTRIBUTE = re.compile(r"""\s(href|src|srcset)\s*=\s*(["'])(.*?)\2""", re.DOTALL)
TAG = re.compile(r"<(\w+)\b[^>]*>", re.DOTALL)


def references(html):
    """(tag attribute, url) of every href, src and srcset candidate in the page."""
    for tag in TAG.finditer(html):
        for name, _quote, value in ATTRIBUTE.findall(tag.group(0)):
            label = f"{tag.group(1)} {name}"
            if name == "srcset":
                yield from ((label, part.split()[0]) for part in value.split(",") if part.strip())
            else:
                yield label, value.replace("&amp;", "&")


def target_path(page_dir, url, site_host):
    """The output-relative path an internal URL resolves to, or None for other sites."""
    parts = urlsplit(url)
    if (parts.scheme and parts.scheme not in ("http", "https")) or (parts.netloc and parts.netloc != site_host):
        return None
    if not parts.path:
        return ""  # a fragment of the same page
    path = unquote(parts.path)
    joined = path.lstrip("/") if path.startswith("/") else f"{page_dir}/{path}"
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


def broken_links(output, siteurl="", written_since=0):
    """(page, attribute, message) for each internal reference to a missing file.

    Only pages written since `written_since` (a time in ns) are read: a page an
    incremental build kept as it was links to the same pages as before.
    """
    output = Path(output)
    host = urlsplit(siteurl).netloc
    stats = {p.relative_to(output).as_posix(): p.stat() for p in output.rglob("*") if p.is_file()}
    files = set(stats)
    folders = {p.rsplit("/", 1)[0] for p in files if "/" in p}
    problems = []
    fresh = (p for p in files if p.endswith(".html") and stats[p].st_mtime_ns >= written_since)
    for page in sorted(fresh):
        page_dir = page.rsplit("/", 1)[0] if "/" in page else ""
        for attribute, url in references((output / page).read_text(encoding="utf-8")):
            target = target_path(page_dir, url, host)
            if target in folders:
                target = f"{target}/index.html"
            if target is not None and target != "" and target not in files:
                problems.append((page, attribute, f"{url!r} points to no file in the output"))
    return problems
