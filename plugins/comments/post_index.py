"""Each post's title and address in every language, read from the built site.

A moderator told about a new comment wants to see which post it is on, in both
languages. The built site already says so: every post's comment form carries
the post's translation key (options[slug]) and its address (options[redirect],
the post's URL plus a fragment), and the page its language (<html lang>) and
title (<h1>). Reading the output, rather than the sources and settings, gives
exactly what readers see, with the deployed URLs.
"""

import threading
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

MARKER = b'name="options[slug]"'


@dataclass(frozen=True)
class Post:
    lang: str
    title: str
    url: str


class _PostPage(HTMLParser):
    """The language, first <h1> and comment-form fields of one page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.lang = ""
        self.title = []
        self.in_h1 = False
        self.h1_done = False
        self.fields = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.lang = attrs.get("lang") or ""
        elif tag == "h1" and not self.h1_done:
            self.in_h1 = True
        elif tag == "input" and attrs.get("name", "").startswith(("options[", "fields[lang]")):
            self.fields.setdefault(attrs["name"], attrs.get("value") or "")

    def handle_endtag(self, tag):
        if tag == "h1" and self.in_h1:
            self.in_h1, self.h1_done = False, True

    def handle_data(self, data):
        if self.in_h1:
            self.title.append(data)


def read_post(path):
    """(key, Post) for a post page with a comment form, else None."""
    data = Path(path).read_bytes()
    if MARKER not in data:
        return None
    page = _PostPage()
    page.feed(data.decode("utf-8", errors="replace"))
    key = page.fields.get("options[slug]")
    redirect = page.fields.get("options[redirect]", "")
    lang = page.lang or page.fields.get("fields[lang]") or page.fields.get("options[lang]", "")
    if not key or not redirect:
        return None
    title = " ".join("".join(page.title).split())
    return key, Post(lang=lang, title=title, url=redirect.split("#", 1)[0])


def build_index(site):
    """{translation key: {lang: Post}} for every post page under `site`."""
    index = {}
    for path in sorted(Path(site).rglob("*.html")):
        found = read_post(path)
        if found:
            key, post = found
            index.setdefault(key, {}).setdefault(post.lang, post)
    return index


class PostIndex:
    """The index of a built site, read when first needed and again when a key is
    missing (the site was rebuilt with a new post since)."""

    def __init__(self, site):
        self.site = Path(site)
        self.index = None
        self.lock = threading.Lock()

    def posts(self, key):
        """{lang: Post} for `key`, empty if the built site has no such post."""
        with self.lock:
            if self.index is None or key not in self.index:
                self.index = build_index(self.site) if self.site.is_dir() else {}
            return dict(self.index.get(key, {}))
