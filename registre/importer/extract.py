"""What is read from one act: its fields as found, the text kept, the problems to report."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..errors import ContentError, warning


Line = tuple[int, str]
"""A line of the extract: its 1-based number and its text."""


@dataclass
class Extract:
    """What was read from one extract, and what could not be."""

    path: str
    front: dict[str, Any] = field(default_factory=dict)
    body: str = ""
    problems: list[ContentError] = field(default_factory=list)

    def missing(self, line: int, name: str, message: str) -> None:
        self.problems.append(warning(self.path, line, name, message))


def paragraphs(lines: list[Line]) -> list[list[Line]]:
    """Blocks of lines separated by blank lines."""
    blocks: list[list[Line]] = [[]]
    for number, line in lines:
        if line:
            blocks[-1].append((number, line))
        elif blocks[-1]:
            blocks.append([])
    return [b for b in blocks if b]
