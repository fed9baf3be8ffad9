"""A writer that keeps the pages of unchanged posts instead of rendering them again."""

import os
import re
from pathlib import Path

from pelican.writers import Writer

from .incremental import post_page_key

INTRASITE_LINK = re.compile(r"\{(?:filename|static|attach|index|tag|category|author)\}")


def writer_class(base=Writer):
    class IncrementalWriter(base):
        def __init__(self, output_path, settings=None):
            super().__init__(output_path, settings)
            self.store = settings["FASTBUILD_STORE"]
            self.store.writers.append(self)
            self.page_keys = {}
            self.sources = None

        def write_file(self, name, template, context, *args, **kwargs):
            key = self.page_key(kwargs.get("article"))
            if key is not None:
                if self.store.pages.get(name) == key and (Path(self.output_path) / name).is_file():
                    self.store.skipped[name] = key
                    return
                self.page_keys[name] = key
            super().write_file(name, template, context, *args, **kwargs)

        def page_key(self, article):
            """The key of a page showing one post (the post, its comment pages), else None."""
            state = self.settings.get("BILINGUAL_BUILD")
            if article is None or state is None:
                return None
            if INTRASITE_LINK.search(article._content or ""):
                return None  # it shows other items' URLs: always render it again
            if self.sources is None:
                self.sources = sources_by_key(state.claims)
            # Its own file too: a draft has no claim in the page map.
            sources = {os.path.abspath(p) for p in (article.source_path, *self.sources.get(article.translation_key, []))}
            return post_page_key(self.store.site_digest, article, [(p, self.read_stamp(p)) for p in sources])

        def read_stamp(self, path):
            """The file's stamp when this build converted it (a save since then must not count)."""
            entry = self.store.conversions.entries.get(path)
            return entry[0] if entry else None

    return IncrementalWriter


def sources_by_key(claims):
    """{translation key: the source files of every language version of that post}."""
    sources = {}
    for claim, source in claims.items():
        if claim[0] == "article":
            sources.setdefault(claim[1], []).append(source)
    return sources
