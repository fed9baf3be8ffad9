"""The cache folder's files, each written whole or not at all."""

import marshal
import os
import pickle
from pathlib import Path


def write_atomically(path, write):
    """Call write(file) on a temporary file, then put it at `path`: a build
    stopped midway leaves the previous file."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp")
    with open(temporary, "wb") as cache:
        write(cache)
    os.replace(temporary, path)


def save_pickle(path, data):
    """Pickle without the memo (tens of thousands of entries for a large site, and
    memory that outlives the save); the data holds no cycles."""

    def write(cache):
        pickler = pickle.Pickler(cache, protocol=pickle.HIGHEST_PROTOCOL)
        pickler.fast = True
        pickler.dump(data)

    write_atomically(path, write)


def load_pickle(path):
    """What save_pickle wrote, or None (missing, unreadable, or from other code)."""
    try:
        with open(path, "rb") as cache:
            return pickle.load(cache)
    except (OSError, pickle.UnpicklingError, EOFError, ValueError, AttributeError, TypeError, ImportError):
        return None


def save_marshal(path, data):
    """For plain data (str, tuples, lists, dicts): unlike pickle, marshal keeps
    no UTF-8 copy of each string it writes (French bodies: 15 MB at 2,000 posts)."""
    write_atomically(path, lambda cache: marshal.dump(data, cache))


def load_marshal(path):
    """What save_marshal wrote, or None (missing, unreadable, another Python's)."""
    try:
        with open(path, "rb") as cache:
            return marshal.load(cache)
    except (OSError, EOFError, ValueError, TypeError):
        return None
