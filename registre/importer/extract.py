"""What is read from one act: its fields as found, the text kept, the problems to report."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..errors import ContentError, warning
from ..frenchtext import plain


Line = tuple[int, str]
"""A line of the extract: its 1-based number and its text."""


@dataclass(frozen=True, slots=True)
class Finding:
    """A field as read: its value, the line it was read on and how."""

    value: Any
    line: int
    how: str


@dataclass
class Extract:
    """What was read from one extract, and what could not be."""

    path: str
    front: dict[str, Any] = field(default_factory=dict)
    """The fields to write (and, under names starting with _, what later stages need)."""
    findings: dict[str, Finding] = field(default_factory=dict)
    body: str = ""
    problems: list[ContentError] = field(default_factory=list)

    def found(self, key: str, value: Any, line: int, how: str) -> None:
        """A field read somewhere: the first reading is written; another, different one is a
        conflict, reported with both lines (« Séance du 22 mai » against the stamp's date)."""
        first = self.findings.get(key)
        if first is None:
            self.findings[key] = Finding(value, line, how)
            self.front[key] = value
        elif first.value != value:
            self.missing(line, key, f'"{value}" ({how}) differs from "{first.value}" read on line {first.line} ({first.how}): the first is written; check it')

    def missing(self, line: int, name: str, message: str) -> None:
        self.problems.append(warning(self.path, line, name, message))


def paragraphs(lines: list[Line]) -> list[list[Line]]:
    """Blocks of lines separated by blank lines, or by the line stating the outcome (`OUTCOME`)."""
    blocks: list[list[Line]] = [[]]
    for number, line in lines:
        if line[:1].isupper() and blocks[-1] and OUTCOME.match(plain(line)):
            blocks.append([])
        if line:
            blocks[-1].append((number, line))
        elif blocks[-1]:
            blocks.append([])
    return [b for b in blocks if b]


OUTCOME = re.compile(r"le conseil(?: \w+)? (?:adopte|rejette)\b|(?:adoptee?s?|rejetee?s?) (?:a l'unanimite|a la majorite|par \d)")
"""A line stating the outcome (« Le Conseil Adopte. », « Adoptée à l'unanimité »), a capital first (a line
wrapped mid-sentence is none): never the end of the list item or paragraph above it, though no blank
line parts them (« - Suppléant : X » / « Le Conseil Adopte. »)."""
