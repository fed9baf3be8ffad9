"""The preview's fast path: when the one file an edit changed is the source of
a post or page the last rebuild wrote, and only its body changed, its page is
written first, from that rebuild's objects (its generator, the template
context, the post's neighbours, related posts and comments), so that the
open tab shows the edit before the whole site is rebuilt. The rebuild then
runs as always and writes the page again; it is what stays on disk.

Anything it cannot be sure of is left to the rebuild: more than one changed
file, a file the last rebuild did not write a page for (new, deleted, a
draft, the other language's, which its own process builds), a template or
settings change, a changed header (title, slug, date, tags: they move the
post and change other pages), a body that links to other items
(`{filename}`), or a problem the checks find in it. It lives in the preview
server only: no `make html` or `make publish` ever loads it.
"""

import logging
import os

import pelican_compat as compat
from bilingual.post_links import PostLinks
from fastbuild.writer import INTRASITE_LINK
from pelican import signals
from pelican.generators import ArticlesGenerator, PagesGenerator
from pelican.writers import Writer

logger = logging.getLogger(__name__)

# The lists whose items each generator writes with one page per item, as it writes them.
WRITTEN = {
    ArticlesGenerator: ("translations", "articles", "hidden_translations", "hidden_articles"),
    PagesGenerator: ("translations", "pages", "hidden_translations", "hidden_pages", "draft_translations", "draft_pages"),
}


class LastBuild:
    """The main site's post and page generators of the last rebuild that
    succeeded, as they stood once their pages were written."""

    def __init__(self):
        self.generators, self.pending = [], []
        # Receivers held by this object (blinker keeps weak references).
        signals.article_writer_finalized.connect(self.written)
        signals.page_writer_finalized.connect(self.written)

    def written(self, generator, **_signal):
        settings = generator.settings
        # Only the main site: the other language's is built in a process of its own.
        if settings["DEFAULT_LANG"] not in settings.get("I18N_SUBSITES", {}) and type(generator) in WRITTEN:
            self.pending.append(generator)

    def start(self):
        self.pending = []

    def succeeded(self):
        self.generators, self.pending = self.pending, []

    def forget(self):
        """A failed rebuild or new settings: nothing to build on until the next success."""
        self.generators, self.pending = [], []

    def write_edited(self, changed):
        """Write the page of the one edited file if it is sure to be right; its
        output-relative name, or None (then only the rebuild writes it)."""
        if not self.generators:
            return None
        changed = edited_files(changed, self.generators[0].readers.extensions)
        if len(changed) != 1:
            return None
        path = os.path.abspath(changed[0])
        found = self.find(path) if os.path.isfile(path) else None
        if found is None:
            return None
        generator, old = found
        item = read_again(generator, old)
        if item is None:
            return None
        write(generator, item, in_place_of(generator.context, old, item))
        return item.save_as

    def find(self, path):
        """(generator, item) of the item read from `path`, or None."""
        for generator in self.generators:
            lang = generator.settings["DEFAULT_LANG"]
            for name in WRITTEN[type(generator)]:
                for item in getattr(generator, name):
                    # In its own language's site only: elsewhere it is a link.
                    if item.source_path == path and getattr(item, "lang", lang) == lang:
                        return generator, item
        return None


def edited_files(changed, extensions):
    """The changed paths, less those gone that no reader reads: the backup and
    probe files an editor writes and deletes as it saves (vim's `post.md~`, `4913`)."""
    return sorted(
        path for path in changed
        if os.path.exists(path) or os.path.splitext(path)[1].lstrip(".") in extensions
    )


def read_again(generator, old):
    """The item read from its file again, with what the build added to `old`
    once it was read; None if anything but its body changed."""
    state = generator.settings.get("BILINGUAL_BUILD")
    errors = len(state.problems.errors) if state else 0
    try:
        item = generator.readers.read_file(
            base_path=generator.path,
            path=os.path.relpath(old.source_path, generator.path),
            content_class=type(old),
            context=generator.context,
        )
    except Exception:  # noqa: BLE001 (the rebuild reports it)
        return None
    if state and len(state.problems.errors) > errors:
        return None
    same_place = (item.metadata, item.save_as, item.url) == (old.metadata, old.save_as, old.url)
    if not same_place or INTRASITE_LINK.search(compat.body(item) or ""):
        return None
    # What the build set on the item once read (neighbours, related posts, comments):
    # the same for the item as edited, since its header is the same.
    for name, value in vars(old).items():
        if name not in vars(item):
            setattr(item, name, value)
    if isinstance(getattr(old, "post_links", None), PostLinks):
        # Its reading time comes from the new body.
        item.post_links = old.post_links.for_post(item)
    return item


def in_place_of(context, old, item):
    """The template context with `item` in place of `old` in its lists (the
    menu marks the page it is on by comparing the items of `pages` with it)."""
    return {
        name: [item if each is old else each for each in value] if type(value) is list and old in value else value
        for name, value in context.items()
    }


def write(generator, item, context):
    """Write the item's page as its generator does (generate_articles, generate_output)."""
    settings = generator.settings
    writer = Writer(settings["OUTPUT_PATH"], settings=settings)
    kind = {"article": item, "category": getattr(item, "category", None), "blog": True}
    if isinstance(generator, PagesGenerator):
        signals.page_generator_write_page.send(generator, content=item)
        kind = {"page": item}
    else:
        signals.article_generator_write_article.send(generator, content=item)
    writer.write_file(
        item.save_as,
        generator.get_template(item.template),
        context,
        relative_urls=settings["RELATIVE_URLS"],
        override_output=hasattr(item, "override_save_as"),
        url=item.url,
        **kind,
    )
