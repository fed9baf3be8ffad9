"""Which posts' bodies a page reads while it renders.

A list page (home, archives, a tag's page) shows its posts' titles, dates,
terms and summaries: all from their headers, so an edit to a post's body
leaves it as it was. Unless it shows a body after all: a template may print a
post's content, and a summary that is not in the header is cut from the body.
So each list page records, as it renders, the posts whose body it read
(Pelican's get_content, or get_summary without a Summary field), and its key
holds those posts' files as well as every shown post's header (writer.py).
"""

from contextlib import contextmanager

import pelican_compat as compat

_reads = None  # the source paths read by the render in progress, if recording


def _tracked(name):
    def wrap(original):
        def tracked(self, *args, **kwargs):
            if _reads is not None and (name == "get_content" or "summary" not in self.metadata):
                _reads.add(self.source_path)
            # A function or Pelican's memoized callable: bound the same way.
            return original.__get__(self, type(self))(*args, **kwargs)

        return tracked

    return wrap


def install():
    """Once per process: Content records body reads (inert unless a render records)."""
    for name in ("get_content", "get_summary"):
        compat.replace_content_method(name, _tracked(name))


@contextmanager
def recording():
    """Collect the source paths of the bodies read meanwhile into the set yielded."""
    global _reads  # noqa: PLW0603
    outer, _reads = _reads, set()
    try:
        yield _reads
    finally:
        if outer is not None:
            outer |= _reads
        _reads = outer
