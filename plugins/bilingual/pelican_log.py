"""Turn what Pelican only logs into named content problems.

Pelican has no signal or exception for a file it cannot read: the generator
catches the reader's exception, logs it and carries on
without the file. A deploy pipeline needs that as an error, listed with the
others and naming the file and the field: the record is recognised by its
shape (the generators' logger, an exception, one path), not by its text.
Any other error Pelican logs is a problem of the build too. An item with a
missing mandatory field is named by content_checks as it is read, so Pelican's
own record of it (which carries the item) is not counted twice.
"""

import logging
import os
import sys

from pelican.contents import Content

from .problems import display_path

# Every pelican.* logger, plugins' included (pelican.plugins.i18n_subsites...).
CAPTURED_LOGGERS = ("pelican",)
# The field a reader's error is about, by the words of Pelican's date parser.
FIELD_HINTS = (("valid date", "Date"),)


class ProblemLogHandler(logging.Handler):
    def __init__(self, problems, content_path):
        super().__init__(level=logging.WARNING)
        self.problems = problems
        self.content_path = content_path

    def emit(self, record):
        args = record.args if isinstance(record.args, tuple) else ()
        # Logged inside the generator's `except`, with exc_info only when DEBUG is
        # set; the exception being handled is still the current one.
        error = record.exc_info[1] if record.exc_info else sys.exc_info()[1]
        if record.name == "pelican.generators" and error is not None and len(args) == 1:
            text = str(error) or "could not be read"
            field_name = next((f for hint, f in FIELD_HINTS if hint in text), "file")
            source = os.path.join(self.content_path, str(args[0]))
            self.problems.error(display_path(source), field_name, text)
        elif any(isinstance(arg, Content) for arg in args):
            pass  # about an item the checks have seen as it was read
        elif record.levelno >= logging.ERROR:
            self.problems.error("build", record.name, record.getMessage())


def attach(problems, content_path):
    """Send Pelican's errors of this run to `problems`; return a detach function."""
    handler = ProblemLogHandler(problems, content_path)
    loggers = [logging.getLogger(name) for name in CAPTURED_LOGGERS]
    for logger in loggers:
        for old in [h for h in logger.handlers if isinstance(h, ProblemLogHandler)]:
            logger.removeHandler(old)
        logger.addHandler(handler)

    def detach():
        for logger in loggers:
            logger.removeHandler(handler)

    return detach


class HideContentErrorTraceback(logging.Filter):
    """Pelican logs any build failure with its traceback; an author needs only the message."""

    def filter(self, record):
        error = record.exc_info[1] if record.exc_info else None
        if getattr(error, "is_content_error", False):
            record.exc_info = None
        return True


def hide_content_error_tracebacks():
    logger = logging.getLogger("pelican")
    if not any(isinstance(f, HideContentErrorTraceback) for f in logger.filters):
        logger.addFilter(HideContentErrorTraceback())
