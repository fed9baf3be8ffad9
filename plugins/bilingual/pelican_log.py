"""Turn what Pelican only logs into named content problems.

Pelican logs an unreadable file ("Could not process ...") or a post with no
date and carries on without it; a deploy pipeline needs those as errors, listed
with the others and naming the file and the field.
"""

import logging
import os
import sys

from .problems import display_path

# Every pelican.* logger, plugins' included (pelican.plugins.i18n_subsites...).
CAPTURED_LOGGERS = ("pelican",)
FIELD_HINTS = (("valid date", "Date"),)


class ProblemLogHandler(logging.Handler):
    def __init__(self, problems, content_path):
        super().__init__(level=logging.WARNING)
        self.problems = problems
        self.content_path = content_path

    def emit(self, record):
        message = record.msg
        if message.startswith("Could not process"):
            # Pelican logs this inside its `except` without exc_info unless DEBUG
            # is set; the exception being handled is still the current one.
            error = record.exc_info[1] if record.exc_info else sys.exc_info()[1]
            text = str(error) if error else "could not be read"
            field_name = next((f for hint, f in FIELD_HINTS if hint in text), "file")
            source = os.path.join(self.content_path, str(record.args[0]))
            self.problems.error(display_path(source), field_name, text)
        elif message.startswith("Skipping %s: could not find information about"):
            item, prop = record.args
            self.problems.error(
                display_path(item.source_path), prop.capitalize(), f"missing; add '{prop.capitalize()}:' to the metadata"
            )
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
