"""In a parallel build, each language site reads only the posts and pages it writes.

pelican-i18n-subsites has each site read every file of both languages, then
removes the other language's published items (I18N_UNTRANSLATED_*: "remove"):
in that site they only ever serve as the target of a {filename} link, which
points to their page in the other site. Here the other process reads those
items anyway; this site skips them before reading (half the items to read,
restore and sort), and once both sites are read, a {filename} link to one of
them resolves to the URL the other site gave it, as it would have.

A file is skipped only when its header says, beyond doubt, that the other site
publishes it: its Lang is the other site's, and it is published. The other
language's drafts and hidden items are still read, as in a plain build: the
bilingual plugin keeps them out of this site's lists, but a {filename} link
to one finds it here.
"""

import os
import posixpath
from dataclasses import dataclass

import pelican_compat as compat
from pelican.generators import ArticlesGenerator, PagesGenerator
from pelican.utils import posixize_path

from .conversions import MARKDOWN_SUFFIXES, markdown_options, stamp

POLICIES = {ArticlesGenerator: "I18N_UNTRANSLATED_ARTICLES", PagesGenerator: "I18N_UNTRANSLATED_PAGES"}
# Only an explicit status settles it: these settings may give a file another one.
STATUS_SETTINGS = ("DEFAULT_METADATA", "EXTRA_PATH_METADATA", "FILENAME_METADATA", "PATH_METADATA")


@dataclass(frozen=True)
class LinkTarget:
    """An item of the other site, as a {filename} link uses it: by its URL."""

    url: str


def skip_other_language(generator):
    """At generator_init: have the posts or pages generator leave out the files the other site publishes."""
    settings = generator.settings
    store = settings.get("FASTBUILD_STORE")
    kind = next((kind for kind in POLICIES if isinstance(generator, kind)), None)
    if store is None or store.partner is None or kind is None or settings.get(POLICIES[kind]) != "remove":
        return
    options = markdown_options(settings)
    unstated_is_published = settings["WITH_FUTURE_DATES"] and not any(
        "status" in repr(settings.get(name)) for name in STATUS_SETTINGS
    )
    get_files = generator.get_files

    def files_of_this_site(paths, exclude=None, extensions=None):
        found = get_files(paths, exclude, extensions)
        return {
            path for path in found
            if not published_elsewhere(store, os.path.join(generator.path, path), options, unstated_is_published)
        }

    compat.replace_instance_method(generator, "get_files", files_of_this_site)


def published_elsewhere(store, source, options, unstated_is_published):
    """Whether the other process's site publishes this file (then it records the file's stamp)."""
    if not source.endswith(MARKDOWN_SUFFIXES) or store.conversions.get(source) is not None:
        return False  # another reader's format, or a file this process converted
    file_stamp = stamp(source)
    lang, status = store.conversions.lang_and_status(source, options, file_stamp)
    status = status.lower() if status else ("published" if unstated_is_published else None)
    if lang is None or store.partner.owns(lang) or status != "published":
        return False
    store.sources_elsewhere[source] = lang
    # Its translation's page shows a link to it: its stamp is part of that page's key.
    store.read_stamps[source] = file_stamp
    return True


def add_link_targets(generators, store):
    """Once both sites are read: the skipped items, as {filename} links find them."""
    settings = generators[0].settings
    content = generators[0].context["generated_content"]
    root = os.path.abspath(settings["PATH"])
    under_root = root.rstrip(os.sep) + os.sep
    native_urls = compat.native_urls()
    for source, lang in store.sources_elsewhere.items():
        if source in native_urls:
            # Under the content folder, with no "." or ".." part, the rest of the path is relpath's answer.
            inside = source.startswith(under_root) and f"{os.sep}." not in source[len(root):]
            name = posixize_path(source[len(under_root):] if inside else os.path.relpath(os.path.abspath(source), root))
            relative = compat.relpath_to_site(settings["DEFAULT_LANG"], lang)
            content.setdefault(name, LinkTarget(posixpath.join(relative, native_urls[source])))
