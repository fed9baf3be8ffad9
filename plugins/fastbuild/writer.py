"""A writer that keeps what did not change instead of rendering it again.

- A post's page is keyed by the post's and its translation's files.
- Each page of a paginated list (home, tag, category, author) is keyed by the
  files of the posts it shows, a page drawn from every post (archives, term
  indexes) by all posts' files; each feed by the files of the posts it
  carries.
Every key also holds the site-wide inputs; list and feed keys hold both
sites' page maps too (links, the language toggle and hreflang read them).
Other pages (site pages, the root pages) are always rendered.
"""

import os
import re

import pelican_compat as compat
from pelican.utils import sanitised_join

from .incremental import digest, post_page_key

INTRASITE_LINK = re.compile(r"\{(?:filename|static|attach|index|tag|category|author)\}")


class IncrementalWriter(compat.KeepFileWriter):
    def __init__(self, output_path, settings=None):
        super().__init__(output_path, settings)
        self.store = settings["FASTBUILD_STORE"]
        self.page_keys = self.store.page_keys
        self.post_keys = {}
        self.sources = None
        self.maps_digest = None

    def write_file(self, name, template, context, *args, **kwargs):
        key = self.page_key(kwargs.get("article"))
        if key is not None:
            if self.unchanged(name, key):
                return
            self.page_keys[name] = key
        else:
            # A list: each page is keyed as Pelican renders it (a page of a
            # paginated list, or a page of every post such as the archives).
            template = KeyedListTemplate(template, self, kwargs.get("dates"))
        super().write_file(name, template, context, *args, **kwargs)

    def write_feed(self, elements, context, path=None, *args, **kwargs):
        if path:
            shown = elements[: self.settings["FEED_MAX_ITEMS"]]
            key = digest(self.store.site_digest, self.site_maps(), path, args, kwargs, self.post_stamps(shown))
            if self.unchanged(path, key):
                return None
            self.page_keys[path] = key
        return super().write_feed(elements, context, path, *args, **kwargs)

    def unchanged(self, name, key):
        """Whether the last build wrote `name` from the same inputs (then it is kept)."""
        if self.store.pages.get(name) == key and os.path.isfile(os.path.join(self.output_path, name)):
            self.store.skipped[name] = key
            return True
        return False

    def page_key(self, article):
        """The key of a post's page, else None."""
        state = self.settings.get("BILINGUAL_BUILD")
        if article is None or state is None:
            return None
        # Work each post's key out once.
        if id(article) not in self.post_keys:
            self.post_keys[id(article)] = self.new_page_key(article, state)
        return self.post_keys[id(article)]

    def new_page_key(self, article, state):
        if INTRASITE_LINK.search(compat.body(article) or ""):
            return None  # it shows other items' URLs: always render it again
        if self.sources is None:
            self.sources = sources_by_key(state.claims)
        # Its own file too: a draft has no claim in the page map. (Pelican's
        # source paths are absolute, as are the keys of read_stamps.)
        sources = {article.source_path, *self.sources.get(article.translation_key, [])}
        stamps = [(path, self.store.read_stamps.get(path)) for path in sources]
        return post_page_key(self.store.site_digest, article, stamps)

    def list_page_key(self, name, template_name, context, all_posts):
        """The key of a list page, from what it shows: a page of a paginated
        list its posts, a page of every post (archives, term indexes) all posts."""
        page = context.get("articles_page")
        if page is not None:
            dates = context.get("dates_page")
            shown = [*page.object_list, *(dates.object_list if dates else [])]
            numbers = (page.number, page.paginator.num_pages)
        else:
            shown, numbers = all_posts, None
        labels = [str(context.get(kind, "")) for kind in ("tag", "category", "author", "site_dates")]
        # Whole files, not only headers: a list may show a body too (a summary
        # cut from it, or a theme that prints the content).
        posts = self.post_stamps(shown)
        return digest(self.store.site_digest, self.site_maps(), name, template_name, numbers, labels, posts)

    def post_stamps(self, posts):
        read_stamps = self.store.read_stamps
        return [(post.source_path, read_stamps.get(post.source_path)) for post in posts]

    def site_maps(self):
        """Every page of both sites and its URL, once per site (final once both are read)."""
        if self.maps_digest is None:
            state = self.settings.get("BILINGUAL_BUILD")
            self.maps_digest = digest(sorted(map(repr, state.sites.items()))) if state else ""
        return self.maps_digest


class KeyedListTemplate:
    """A template that, for a list page whose key has not changed, renders
    nothing and has the writer keep the file as it is."""

    def __init__(self, template, writer, all_posts):
        self.template, self.writer, self.all_posts = template, writer, all_posts

    def __getattr__(self, name):
        return getattr(self.template, name)

    def render(self, context):
        if "articles_page" not in context and self.all_posts is None:
            return self.template.render(context)
        writer, name = self.writer, context["output_file"]
        key = writer.list_page_key(name, self.template.name, context, self.all_posts)
        if writer.unchanged(name, key):
            writer.kept_path = sanitised_join(writer.output_path, name)
            return ""
        writer.page_keys[name] = key
        return self.template.render(context)


def sources_by_key(claims):
    """{translation key: the source files of every language version of that post}."""
    sources = {}
    for claim, source in claims.items():
        if claim[0] == "article":
            sources.setdefault(claim[1], []).append(source)
    return sources
