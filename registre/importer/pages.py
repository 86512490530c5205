"""Normalise: numbered lines, page breaks, running headers and footers, and the acts a document holds."""

from __future__ import annotations

import re
from collections import Counter

from ..config import SiteConfig

from .extract import Line


NUMBER_MARK = re.compile(r"^(?:d[ée]lib[ée]ration\s+)?n[°o]\s*:?\s*", re.IGNORECASE)


def split_acts(lines: list[Line], config: SiteConfig) -> list[list[Line]]:
    """The acts of a document: one per line holding an act number alone (« D.C. 2020/1-002 »).

    Each act runs from its number to the next one. The header before the first number (the
    session, its attendance) is each act's, until the document's opening line (« MAIRIE DE
    MASSIAC ») or one of the next comes again: a new header starts there, for the acts after it.
    """
    numbered = [index for index, (_, line) in enumerate(lines) if written_number(line, config)]
    if len(numbered) < 2:
        return [lines]
    opening_lines = [line for _, line in lines[: numbered[0]] if line][:OPENING_LINES]
    header, parts = lines[: numbered[0]], []
    for start, end in zip(numbered, numbered[1:] + [len(lines)]):
        piece = lines[start:end]
        cut = next((i for i in range(1, len(piece)) if piece[i][1] in opening_lines), len(piece))
        if cut < len(piece):  # back over the header's first lines, printed again (« AIRIE DE MASSIAC », its M lost)
            cut = _header_start(piece, cut, opening_lines)
        parts.append(header + piece[:cut])
        header = piece[cut:] or header
    return parts


OPENING_LINES = 3
"""A new header starts where one of the document's first lines comes again (a header printed
again may leave out its first line)."""


def _header_start(piece: list[Line], cut: int, opening_lines: list[str]) -> int:
    """Where a header found at `cut` (one of the opening lines) really starts: the lines above it
    that are the opening lines before that one, even cut short."""
    before = opening_lines[: opening_lines.index(piece[cut][1])]
    at = cut
    for expected in reversed(before):
        above = at - 1
        while above > 0 and not piece[above][1]:
            above -= 1
        text = piece[above][1]
        if above < 1 or len(text) < 4 or not (expected.endswith(text) or expected.startswith(text)):
            break
        at = above
    return at


def written_number(line: str, config: SiteConfig) -> str | None:
    """The act number a line holds alone, or after « n° » / « Délibération n° » (« n° 2014 / 182 »)."""
    written = NUMBER_MARK.sub("", line, count=1).strip()
    return written if config.number_pattern.fullmatch(written) else None


def _raw_lines(text: str) -> list[str]:
    return text.replace("\r\n", "\n").replace("\r", "\n").removeprefix("\ufeff").split("\n")


def read_lines(text: str) -> list[Line]:
    """Numbered lines; page breaks and Markdown bold (some converters add it) taken off."""
    out = []
    for number, raw in enumerate(_raw_lines(text), 1):
        line = raw.replace("\f", "").replace("\u00a0", " ").strip()
        out.append((number, line.strip("*").strip() if line.startswith("**") or line.endswith("**") else line))
    return out


def find_page_starts(text: str) -> set[int]:
    """The numbers of the lines that start a page (after the first)."""
    return {number for number, raw in enumerate(_raw_lines(text), 1) if raw.startswith("\f")}


RUNNING_EDGE = 3
"""A running header or footer stands among the first or last lines of a page."""
RUNNING_PAGES = 3


def _shape(text: str) -> str:
    """A line, its figures aside: « Page 2/8 » and « Page 3/8 » are one running footer."""
    return re.sub(r"\d+", "#", text)


def without_running(lines: list[Line], page_starts: set[int]) -> list[Line]:
    """The lines of one act without its running headers and footers: the same text (figures aside:
    « Page 2/8 ») at the top or the bottom of at least half its pages, and of three at least.
    Within one act: in a series of extracts, each act's own header and closing come again."""
    pages: list[list[Line]] = [[]]
    for item in lines:
        if item[0] in page_starts and pages[-1]:
            pages.append([])
        if item[1]:
            pages[-1].append(item)
    if len(pages) < RUNNING_PAGES:
        return lines
    edges = [page[:RUNNING_EDGE] + page[-RUNNING_EDGE:] for page in pages]
    seen = Counter(text for edge in edges for text in {_shape(line) for _, line in edge})
    repeated = {text for text, count in seen.items() if count >= max(RUNNING_PAGES, len(pages) / 2)}
    running = {number for edge in edges for number, line in edge if _shape(line) in repeated}
    return [(number, "" if number in running else line) for number, line in lines]
