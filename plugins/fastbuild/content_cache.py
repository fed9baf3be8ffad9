"""Content objects kept between builds: an unchanged file is not read again.

Pelican turns every file into a Content object on every build (metadata,
dates, URLs, the checks plugins run on each item), in both language sites.
Here each site keeps a snapshot of each object as it stood once read: its
attributes, without the settings and context it shares with the build, and
with category, tag and author names in place of their objects. A file whose
stamp is unchanged, in a build whose site-wide inputs (settings, theme,
plugins, other content; incremental.site_digest) are unchanged, is restored
from its snapshot; `content_object_init` is sent for it again, so per-item
checks still see every item of every build.

Not replayed for a restored item: the readers' preread and context signals,
and Pelican's warning about images without alt text.
"""

import os
from pathlib import Path

import pelican_compat as compat
from pelican import signals
from pelican.urlwrappers import URLWrapper

from .conversions import stamp
from .pickles import load_pickle, save_pickle

FORMAT_VERSION = 2
SHARED = ("settings", compat.CONTEXT)


class ContentCache:
    """{source path: (key, snapshot)} of one language site.

    `store` is the build's BuildStore: a restored file's stamp is recorded in
    its read_stamps, and an item's body is taken from its conversion rather
    than saved twice.
    """

    def __init__(self, path, store):
        self.path = Path(path)
        self.store = store
        self.site_key, self.entries, self.seen, self.changed = None, {}, set(), False
        self.wrappers = {}
        # Whether this run reads through it: a long-lived parent also holds the
        # other process's cache, which it must neither save nor empty.
        self.in_use = False
        saved = load_pickle(self.path)
        if isinstance(saved, tuple) and len(saved) == 3 and saved[0] == FORMAT_VERSION:
            self.site_key, self.entries = saved[1:]

    def begin(self, site_key):
        """Start a run (a long-lived Pelican keeps its caches between runs)."""
        if site_key != self.site_key:
            # Another site's inputs (or no cache): read every file.
            self.site_key, self.entries = site_key, {}
        self.seen, self.in_use = set(), True
        # One category, tag or author object per name for the restored items,
        # as equal as Pelican's one per item, and each slug worked out once.
        self.wrappers = {}

    def read_file(self, read, settings, base_path, path, content_class, context, key_extra):
        """Pelican's Readers.read_file (`read`), or the item restored from its snapshot."""
        source = os.path.abspath(os.path.join(base_path, path))
        self.seen.add(source)
        source_stamp = stamp(source)
        key = (content_class.__qualname__, source_stamp, key_extra)
        entry = self.entries.get(source)
        if entry is not None and entry[0] == key:
            body = self.store.conversions.get(source, source_stamp)
            if entry[1][0].get(compat.BODY) is not CONVERTED or body is not None:
                self.store.read_stamps[source] = source_stamp
                item = restore(entry[1], content_class, settings, context, self.wrappers, body)
                signals.content_object_init.send(item)
                return item
        item = read()
        self.entries[source] = (key, snapshot(item, self.store.conversions.get(source, source_stamp)))
        self.changed = True
        return item

    def save(self):
        """Keep the snapshots of the files this build read (deleted files are
        forgotten); return whether anything was written."""
        if not self.in_use:
            return False
        gone = set(self.entries) - self.seen
        for source in gone:
            del self.entries[source]
        if not (self.changed or gone):
            return False
        save_pickle(self.path, (FORMAT_VERSION, self.site_key, self.entries))
        self.changed = False
        return True


# A category, tag or author in a snapshot: (WRAPPER, class, name).
WRAPPER = "fastbuild.content_cache.wrapper"


class Converted:
    """In a snapshot: the body is the file's stored conversion."""

    def __reduce__(self):
        return "CONVERTED"  # the module's one instance, after unpickling too


CONVERTED = Converted()


def snapshot(item, converted):
    """The item's own attributes as read, free of the build's shared objects;
    the body is left out when it is the file's stored conversion (`converted`).

    A snapshot is (attributes, metadata, thaw): `thaw` names the attributes
    and metadata fields that hold categories, tags or authors, so that a
    restore copies the rest as they are (most of them, and most items)."""
    state = {name: freeze(value) for name, value in vars(item).items() if name not in SHARED}
    metadata = {name: freeze(value) for name, value in item.metadata.items()}
    state.pop("metadata", None)
    # Pelican formats an item's URL again on each of its many uses; the inputs
    # of the format are the item's own, read, so a restored item keeps the result.
    for attribute in ("url", "save_as"):
        try:
            state.setdefault(f"override_{attribute}", getattr(item, attribute))
        except KeyError:
            pass  # a kind of item with no URL of its own (author bios)
    if converted is not None and state.get(compat.BODY) == converted[0]:
        state[compat.BODY] = CONVERTED
    thaw = (
        tuple(name for name, value in state.items() if frozen_wrappers(value)),
        tuple(name for name, value in metadata.items() if frozen_wrappers(value)),
    )
    return state, metadata, thaw


def freeze(value):
    """The value with categories, tags and authors as names, its lists and dicts
    copied (the build goes on changing the item's)."""
    if isinstance(value, URLWrapper):
        return (WRAPPER, type(value), value.name)
    if isinstance(value, list):
        return [freeze(element) for element in value]
    if isinstance(value, dict):
        return {key: freeze(element) for key, element in value.items()}
    return value


def copied(value):
    """A copy of a snapshot's list or dict, nested ones too: a long-lived Pelican
    restores the same snapshot on every run, and the build changes what it gets."""
    if isinstance(value, list):
        return [copied(element) for element in value]
    if isinstance(value, dict):
        return {key: copied(element) for key, element in value.items()}
    return value


def frozen_wrappers(value):
    """Whether a frozen value holds a category, tag or author."""
    if isinstance(value, tuple) and len(value) == 3 and value[0] == WRAPPER:
        return True
    if isinstance(value, dict):
        value = list(value.values())
    return isinstance(value, list) and any(frozen_wrappers(element) for element in value)


def restore(entry, content_class, settings, context, wrappers, converted):
    state, metadata, (thaw_state, thaw_metadata) = entry

    def thawed(value):
        if isinstance(value, tuple) and len(value) == 3 and value[0] == WRAPPER:
            if value not in wrappers:
                wrappers[value] = value[1](value[2], settings)
            return wrappers[value]
        if isinstance(value, list):
            return [thawed(element) for element in value]
        if isinstance(value, dict):
            return {key: thawed(element) for key, element in value.items()}
        return value

    # Copies: Pelican and plugins change an item's lists and metadata as they build.
    mutable = (list, dict)
    attributes = {name: copied(value) if type(value) in mutable else value for name, value in state.items()}
    for name in thaw_state:
        attributes[name] = thawed(state[name])
    if state.get(compat.BODY) is CONVERTED:
        attributes[compat.BODY] = converted[0]
    attributes["metadata"] = restored_metadata = {
        name: copied(value) if type(value) in mutable else value for name, value in metadata.items()
    }
    for name in thaw_metadata:
        restored_metadata[name] = thawed(metadata[name])
    return compat.restore_content(content_class, attributes, settings, context)
