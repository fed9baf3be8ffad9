"""Content problems of one build, reported together: those of the sources before
anything is written, those of the written pages (links) once they are."""

import logging
import os
from dataclasses import dataclass, field

logger = logging.getLogger(__name__)


def display_path(path):
    """The path as the author typed it: relative to the working folder when inside it."""
    path = str(path)
    relative = os.path.relpath(path)
    return path if relative.startswith("..") else relative


class ContentError(Exception):
    """The sources cannot be published as they are; the message lists every problem."""

    exitcode = 1
    is_content_error = True


@dataclass(frozen=True)
class Problem:
    source: str
    field: str
    message: str

    def __str__(self):
        return f"{self.source}: {self.field}: {self.message}"


@dataclass
class ContentProblems:
    """Collects problems from both language sites so that one run reports them all."""

    strict: bool = False
    errors: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    # False in a process whose problems another process reports.
    echo: bool = True

    def error(self, source, field_name, message):
        self.add_error(Problem(display_path(source), field_name, message))

    def add_error(self, problem):
        if problem not in self.errors:
            self.errors.append(problem)

    def warning(self, source, field_name, message):
        self.add_warning(Problem(display_path(source), field_name, message))

    def add_warning(self, problem):
        if problem not in self.warnings:
            self.warnings.append(problem)
            if self.echo:
                logger.warning("%s", problem)

    def merge(self, other):
        """Add the problems another process found (the same build, the other language's site)."""
        for problem in other.errors:
            self.add_error(problem)
        for problem in other.warnings:
            self.add_warning(problem)

    def gap(self, source, field_name, message):
        """A gap in the bilingual content: an error when publishing, a warning in previews."""
        if self.strict:
            self.error(source, field_name, message)
        else:
            self.warning(source, field_name, message)

    def summary(self):
        """The closing lines of a build: what the author should still look at."""
        if self.warnings:
            lines = "\n".join(f"  - {p}" for p in self.warnings)
            logger.warning("%d content warning(s):\n%s", len(self.warnings), lines)

    def raise_if_any(self, written_to=None):
        """Stop the build on any error. `written_to`: the output folder, once the
        site is written (the link check runs then), so that the message says so."""
        if self.errors:
            lines = "\n".join(f"  - {p}" for p in self.errors)
            done = f"found after writing the site to {display_path(written_to)}" if written_to else "nothing was written"
            raise ContentError(f"{len(self.errors)} content error(s); {done}:\n{lines}")
