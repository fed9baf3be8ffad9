"""After a build: every internal href, src and srcset points to a file that exists."""

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

LINK_ATTRIBUTES = {"href", "src"}


class _References(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if value is None:
                continue
            if name in LINK_ATTRIBUTES:
                self.found.append((f"{tag} {name}", value))
            elif name == "srcset":
                self.found.extend((f"{tag} srcset", part.split()[0]) for part in value.split(",") if part.strip())


def target_file(output, page, url, siteurl_host):
    """The file an internal URL resolves to, or None for a URL of another site."""
    parts = urlsplit(url)
    if parts.scheme and parts.scheme not in ("http", "https") or (parts.netloc and parts.netloc != siteurl_host):
        return None
    if not parts.path:
        return page  # a fragment on the same page
    if parts.path.startswith("/"):
        path = output / unquote(parts.path).lstrip("/")
    else:
        path = page.parent / unquote(parts.path)
    return path / "index.html" if parts.path.endswith("/") or path.is_dir() else path


def broken_links(output, siteurl=""):
    """(page, attribute, message) for each internal reference to a missing file."""
    output = Path(output)
    host = urlsplit(siteurl).netloc
    problems = []
    for page in sorted(output.rglob("*.html")):
        parser = _References()
        parser.feed(page.read_text(encoding="utf-8"))
        for attribute, url in parser.found:
            target = target_file(output, page, url, host)
            if target is not None and not target.resolve().is_file():
                problems.append(
                    (str(page.relative_to(output)), attribute, f"{url!r} points to no file in the output")
                )
    return problems
