"""The two language sites built at the same time, each in its own process.

pelican-i18n-subsites builds the French site after the English one, in one
process, and each site converts every file of both languages. Here the main
process forks as a build starts: the child builds the French subsite while the
parent builds the English site. Each converts only the files in its own
language; of the other language's files it reads none that the other site
publishes (own_language.py), and the rest (drafts, hidden items) for their
metadata alone.

Two messages cross between the processes:
- once both sites are read, each sends the other its page map, the URLs of its
  items and its checks' findings, so that both know every page of the build
  and both stop, before writing anything, on the same errors;
- once the French site is written, the child saves its own conversions and
  content objects and sends what it wrote and found, which the parent needs
  for the link check of the whole output and for the next build.
"""

import gc
import logging
import os
import sys
import traceback
from contextlib import contextmanager
from multiprocessing import Pipe

import pelican_compat as compat


class SiteProcessError(Exception):
    """The other language site's process failed; the message is its error."""

    exitcode = 1

    def __init__(self, message, is_content_error=False):
        super().__init__(message)
        # A content error's message says it all: no traceback (bilingual.pelican_log).
        self.is_content_error = is_content_error


def subsite_language(settings):
    """The language a second process can build, or None: a single core, one
    language, or a system where forking a running program is not safe."""
    subsites = settings.get("I18N_SUBSITES") or {}
    if len(subsites) != 1 or (os.cpu_count() or 1) < 2 or "BILINGUAL_BUILD" not in settings:
        return None
    # Windows cannot fork; macOS system libraries may crash in a forked child.
    if not hasattr(os, "fork") or sys.platform == "darwin":
        return None
    return next(iter(subsites))


class Partner:
    """One end of a parallel build: the connection to the other process."""

    def __init__(self, language, connection, child_pid=None):
        self.language = language  # the subsite's language, which the child builds
        self.connection = connection
        self.child_pid = child_pid  # set in the parent only

    @property
    def in_child(self):
        return self.child_pid is None

    def owns(self, lang):
        """Whether this process converts files in `lang` (the parent takes every other language)."""
        return (lang == self.language) == self.in_child

    # Both sites read: swap what each learned (the child sends first, so a
    # large message never blocks both ends at once).
    def exchange(self, state):
        mine = site_record(state, self)
        if self.in_child:
            self.connection.send(("read", mine))
            theirs = self.receive()
        else:
            theirs = self.receive()
            self.connection.send(("read", mine))
        merge_site_record(state, theirs)

    def receive(self):
        try:
            kind, payload = self.connection.recv()
        except (EOFError, OSError):
            raise SiteProcessError(self.ended_message()) from None
        if kind == "failed":
            raise SiteProcessError(*payload)
        return payload

    def ended_message(self):
        other = "the main site's" if self.in_child else f"the {self.language!r} site's"
        return f"{other} build process ended without a report"

    # The parent, once its own site is written: save its caches and read its
    # pages' links while the child may still be writing, then wait for the child's site.
    def join(self, state, store):
        store.save_caches()
        check_own_links(state, store)
        report = self.receive()
        state.problems.merge(report["problems"])
        state.links.mark_kept(report["kept"])
        state.links.add_rendered(report["rendered_links"])
        store.elsewhere.update(report["written"])
        store.reload_saved(report["saved"])

    def close(self):
        """Close the connection and, in the parent, wait for the child to exit."""
        self.connection.close()
        if self.child_pid is not None:
            os.waitpid(self.child_pid, 0)
            self.child_pid = None
            gc.unfreeze()


def site_record(state, partner):
    """What one process learned by reading: its site's page map, item URLs and check findings."""
    return {
        "sites": {lang: pages for lang, pages in state.sites.items() if partner.owns(lang)},
        "claims": state.claims,
        "single_language": state.single_language,
        "problems": state.problems,
        # pelican-i18n-subsites links each item to its translations through this table.
        "native_urls": dict(compat.native_urls()),
    }


def merge_site_record(state, record):
    state.sites.update(record["sites"])
    for claim, source in record["claims"].items():
        state.claims.setdefault(claim, source)
    state.single_language |= record["single_language"]
    state.problems.merge(record["problems"])
    compat.native_urls().update(record["native_urls"])


@contextmanager
def no_record_being_printed():
    """Hold every root log handler's lock (public logging API) while forking.

    A thread of the dev server that was printing a record at that moment would
    otherwise leave the console's own lock held forever in the child, and the
    child's first message would hang. A handler prints only under its lock, and
    logging gives the child new handler locks, so only the parent releases them.
    """
    handlers = list(logging.getLogger().handlers)
    for handler in handlers:
        handler.acquire()
    parent = os.getpid()
    try:
        yield
    finally:
        if os.getpid() == parent:
            for handler in reversed(handlers):
                handler.release()


def fork(language):
    """Fork; return (this process's Partner, whether it is the child)."""
    parent_end, child_end = Pipe()
    # What exists now is shared by both processes until one writes to it, and
    # the garbage collector's passes write to every object it tracks: keep it
    # out of those passes (the parent puts it back once the child has ended).
    # No collection first: it would cost each rebuild more than the little
    # garbage of settings and plugins it would free.
    gc.freeze()
    with no_record_being_printed():
        pid = os.fork()
    if pid == 0:
        parent_end.close()
        return Partner(language, child_end), True
    child_end.close()
    return Partner(language, parent_end, child_pid=pid), False


def build_subsite_and_exit(pelican, partner, store, convert_own):
    """In the child: build the subsite, report to the parent, and exit without returning."""
    code = 1
    try:
        state = pelican.settings["BILINGUAL_BUILD"]
        # The parent logs every warning once, the child's included.
        state.problems.echo = False
        convert_own()
        compat.build_next_subsite(pelican)
        # Its conversions and content objects. Its pages' links are read by the
        # parent once this process is done: the two processes' peaks stay apart.
        store.save_caches()
        report = {
            "problems": state.problems,
            "written": store.written(),
            "kept": list(store.skipped),
            "rendered_links": state.links.rendered,
            "saved": store.saved,
        }
        partner.connection.send(("done", report))
        code = 0
    except SiteProcessError:
        pass  # the parent failed first and reports its own error
    except BaseException as error:  # noqa: BLE001 (every failure must reach the parent)
        report_failure(partner, error)
    finally:
        os._exit(code)


def check_own_links(state, store):
    """Read the links of the pages this process wrote, while the other may still
    write: a link to a page this process wrote or kept resolves now, any other
    once the whole output is there (bilingual's finish_build)."""
    pages = [name for name in store.rendered() if name.endswith(".html")]
    state.links.check(pages, dict.fromkeys(store.written()))


def report_failure(partner, error):
    content_error = getattr(error, "is_content_error", False)
    if content_error:
        message = str(error)
    else:
        message = f"the {partner.language!r} site failed:\n{''.join(traceback.format_exception(error))}"
    try:
        partner.connection.send(("failed", (message, content_error)))
    except OSError:
        pass  # the parent is gone
