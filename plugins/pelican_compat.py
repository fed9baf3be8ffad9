"""Every touch of a private or internal API of Pelican and pelican-i18n-subsites
that this project's plugins make, in one place.

The plugins stand on Pelican's public surface (signals, the get_writer and
readers_init hooks, Writer and Reader subclasses) where one exists; what is
below has no public equivalent. ruff's SLF001 allows private names in this
module only (ruff.toml), so a new touch elsewhere fails `make lint`.

At start-up, `problem()` checks the exact versions and the shapes these
touches expect. fastbuild (a speed layer) then switches itself off for that
build, with one warning, and Pelican builds the site its own way: slower,
never wrong. bilingual needs only the content attributes (`content_problem()`),
and stops with an error naming them if they are not there, rather than skip
French typography or link checks without a word. (Python-Markdown needs no
touch: fastbuild trims its inline patterns through its public Registry API.)
"""

import inspect
import os
from importlib.metadata import PackageNotFoundError, version

from pelican.contents import Content
from pelican.generators import Generator
from pelican.plugins.i18n_subsites import i18n_subsites
from pelican.readers import Readers
from pelican.settings import DEFAULT_CONFIG
from pelican.writers import Writer

# The versions whose internals were read for the code below.
EXPECTED_VERSIONS = {"pelican": "4.12.0", "pelican-i18n-subsites": "1.0.0"}
# The names and parameters the touches below rely on.
SHAPES = (
    (i18n_subsites, "_SUBSITE_QUEUE", dict),
    (i18n_subsites, "_NATIVE_CONTENT_URL_DB", dict),
    (i18n_subsites, "create_next_subsite", ("pelican_obj",)),
    (i18n_subsites, "relpath_to_site", ("lang", "target_lang")),
    (Writer, "_open_w", ("self", "filename", "encoding", "override")),
    (Generator, "get_files", ("self", "paths", "exclude", "extensions")),
    (Readers, "read_file", ("self", "base_path", "path", "content_class", "fmt", "context")),
    (Content, "__init__", ("self", "content", "metadata", "settings", "source_path", "context")),
)


def installed_version(name):
    try:
        return version(name)
    except PackageNotFoundError:
        return None


def defined(owner, name):
    """The attribute as its owner defines it, not as Pelican's memoizing decorator wraps it."""
    value = vars(owner).get(name, getattr(owner, name)) if isinstance(owner, type) else getattr(owner, name)
    return getattr(value, "func", value)


def problem():
    """Why fastbuild cannot run with what is installed, or None."""
    for name, expected in EXPECTED_VERSIONS.items():
        found = installed_version(name)
        if found != expected:
            return f"{name} is {found}, fastbuild was checked against {expected}"
    for owner, name, shape in SHAPES:
        owner_name = getattr(owner, "__name__", type(owner).__name__)
        if not hasattr(owner, name):
            return f"{owner_name}.{name} is missing"
        value = defined(owner, name)
        if isinstance(shape, type) and not isinstance(value, shape):
            return f"{owner_name}.{name} is a {type(value).__name__}, not a {shape.__name__}"
        if isinstance(shape, tuple):
            parameters = tuple(inspect.signature(value).parameters)
            if parameters[: len(shape)] != shape:
                return f"{owner_name}.{name} takes {parameters}, not {shape}"
    return content_problem()


def content_problem():
    """Why Pelican's content objects do not hold their body and summary where
    the plugins read and set them, or None."""
    item = Content("<p>Body</p>", metadata={"title": "T", "summary": "<p>S</p>"}, settings=dict(DEFAULT_CONFIG))
    missing = [name for name in (BODY, SUMMARY, CONTEXT) if name not in vars(item)]
    if missing or vars(item)[BODY] != "<p>Body</p>":
        return f"pelican {installed_version('pelican')} content objects have no {', '.join(missing) or BODY} attribute"
    return None


# Pelican calls the receivers of a signal in the order they were connected,
# which is the order of PLUGINS: a plugin whose receivers rely on another's
# having run declares it (its AFTER) and checks it here.


def order_problem(settings, plugin, after):
    """Why PLUGINS does not list `plugin` after each of `after` it also lists, or None."""
    # Pelican names a namespace plugin by its module ("pelican.plugins.i18n_subsites").
    plugins = [str(name).rsplit(".", 1)[-1] for name in settings.get("PLUGINS") or []]
    before = [name for name in after if name in plugins and plugins.index(name) > plugins.index(plugin)]
    if before:
        return f"PLUGINS lists {plugin!r} before {', '.join(map(repr, before))}; it must come after them, got {plugins!r}"
    return None


# pelican-i18n-subsites: it builds every language site in one process, from
# module globals; fastbuild hands one site to a second process.


def skip_queued_subsites():
    """In the main process, once the child builds the subsite: build none here."""
    i18n_subsites._SUBSITE_QUEUE.clear()


def build_next_subsite(pelican):
    i18n_subsites.create_next_subsite(pelican)


def native_urls():
    """{source path: URL} of every item, by which the stock plugin links translations."""
    return i18n_subsites._NATIVE_CONTENT_URL_DB


def relpath_to_site(lang, target_lang):
    return i18n_subsites.relpath_to_site(lang, target_lang)


# Pelican's Writer: a list page whose key is unchanged is rendered as nothing
# and must not be opened (opening truncates it); write_file has no hook for that.


class KeepFileWriter(Writer):
    """A Writer that leaves `kept_path` as it is when Pelican opens it next."""

    kept_path = None

    def _open_w(self, filename, encoding, override=False):
        if filename == self.kept_path:
            self.kept_path = None
            return open(os.devnull, "w", encoding=encoding)
        return super()._open_w(filename, encoding, override)


# Pelican's Content: its body and summary as read (before Pelican rewrites their
# links) and the build's context, in attributes that have no public setter.
BODY, SUMMARY, CONTEXT = "_content", "_summary", "_context"


def body(item):
    """An item's body as read, before Pelican rewrites its links."""
    return vars(item).get(BODY)


def set_body(item, html):
    setattr(item, BODY, html)


def set_summary(item, html):
    """The summary as read; Pelican copies it back over the metadata when refreshing links."""
    item.metadata["summary"] = html
    setattr(item, SUMMARY, html)


def restore_content(content_class, attributes, settings, context):
    """An item restored from a snapshot without running __init__ (which reads
    settings, formats URLs and dates: most of the reading time of a rebuild)."""
    item = content_class.__new__(content_class)
    vars(item).update(attributes)
    item.settings = settings
    setattr(item, CONTEXT, context)
    return item


def replace_instance_method(instance, name, replacement):
    """Pelican's Readers.read_file, Pelican.run and a generator's get_files have no
    hook before they run: fastbuild wraps them on the one instance it is given."""
    setattr(instance, name, replacement)
