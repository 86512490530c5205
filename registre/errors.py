"""Errors and warnings about content, located at `path:line`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning", "note"]
"""A note tells what a run found without being a problem (a passage withheld from publication)."""


@dataclass(frozen=True, slots=True, order=True)
class ContentError(Exception):
    """A problem in one input file, at one line, about one field."""

    path: str
    """Path of the file as the user typed it (relative to the working directory when possible)."""
    line: int
    """1-based line in the file; 0 when the problem concerns the whole file."""
    field: str
    """Dotted key the problem is about (`date`, `vote.for`), or "" for the file itself."""
    message: str
    severity: Severity = "error"

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        prefix = f"{where}: {self.field}: " if self.field else f"{where}: "
        label = f"{self.severity}: " if self.severity != "error" else ""
        return printable(f"{prefix}{label}{self.message}")

    def as_dict(self) -> dict[str, object]:
        return {
            "path": self.path,
            "line": self.line,
            "field": self.field,
            "message": self.message,
            "severity": self.severity,
        }


class ContentErrors(Exception):
    """Every problem found in one run; raised only when at least one is an error."""

    def __init__(self, problems: list[ContentError]) -> None:
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    @property
    def errors(self) -> list[ContentError]:
        return [p for p in self.problems if p.severity == "error"]


class SearchFailed(Exception):
    """Pagefind stopped, failed or fell silent: the search index could not be made."""


class ServeFailed(Exception):
    """The preview cannot listen where it was asked to."""


def printable(text: str) -> str:
    """Escape control characters: a message quoting content must stay one line, and harmless in a terminal."""
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in text)


def warning(path: str, line: int, field: str, message: str) -> ContentError:
    return ContentError(path, line, field, message, "warning")


def raise_if_errors(problems: list[ContentError]) -> None:
    """Raise ContentErrors carrying warnings too, if any problem is an error."""
    if any(p.severity == "error" for p in problems):
        raise ContentErrors(problems)
