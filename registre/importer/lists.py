"""Lists and registers of deliberations: a « liste des délibérations » of one session, or a
« répertoire chronologique » of a year's, read as the lists of their sessions.

Two layouts are read. A table (as registre.pdftext lays ruled tables out, in Markdown) whose
header names a date, a number, an object and an outcome column, in any order and wording
(« DATE | Numéro | OBJET | Approuvée/ Rejetée »): one session per date. Or the session's
date under the title, then one item per paragraph. An outcome the document does not give is
not guessed: the item has none, and import says so at its line.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any
from pathlib import Path

from ..config import SiteConfig
from ..errors import ContentError, ContentErrors, warning
from ..frenchtext import MARKS, find_date, plain
from ..frontmatter import flow, scalar
from ..read import display_path

TITLE = re.compile(r"^\W*(?:liste des (?:deliberations|actes)|repertoire (?:chronologique )?des (?:deliberations|actes))")
"""How a list or a register names itself in its first lines (« Extrait du registre des délibérations », an act's header, is not one)."""
OUTCOMES = [
    ("adopted", re.compile(r"^(?:approuve|adopte|vote|accepte|favorable)")),
    ("rejected", re.compile(r"^(?:rejete|refuse|defavorable|non adopte)")),
    ("postponed", re.compile(r"^(?:ajourne|reporte|differe)")),
    ("withdrawn", re.compile(r"^(?:retire)")),
    ("noted", re.compile(r"^(?:pri[st]e? acte|prend acte|prise d.acte|information)")),
]
COLUMNS = {
    "date": re.compile(r"^date"),
    "number": re.compile(r"^(?:n°|no\b|num|ref)"),
    "title": re.compile(r"^(?:objet|intitule|titre|libelle|deliberation)"),
    "outcome": re.compile(r"^(?:approuve|adopte|rejete|decision|resultat|vote|suite)"),
}
LEADING_NUMBER = re.compile(r"^(?:n°\s*)?(\d{4}[-_/.]\d{1,4}|\d{1,4}[-_/.]\d{4})\s*[-:–]\s+", re.IGNORECASE)


@dataclass
class ListedItem:
    number: str | None
    title: str
    outcome: str | None
    line: int


@dataclass
class SessionList:
    """The items one session examined, as the document lists them."""

    date: dt.date
    items: list[ListedItem] = field(default_factory=list)


def is_list(text: str) -> bool:
    """Whether the document names itself a list or a register of deliberations in its first lines."""
    first = [line for line in text.split("\n") if line.strip()][:4]
    return any(TITLE.match(plain(line)) for line in first)


def outcome_of(text: str) -> str | None:
    folded = plain(text).strip()
    return next((outcome for outcome, pattern in OUTCOMES if pattern.match(folded)), None)


def read_lists(text: str, shown: str) -> tuple[list[SessionList], list[ContentError]]:
    """The sessions a list or register holds, with what to check (outcomes and dates not found)."""
    lines = text.split("\n")
    rows = [(number, _cells(line)) for number, line in enumerate(lines, 1) if line.lstrip().startswith("|")]
    sessions, problems = _from_table(rows, shown) if rows else _from_paragraphs(lines, shown)
    for session in sessions:
        problems += [warning(shown, item.line, "outcome", f"« {item.title[:60]} »: the document gives no outcome") for item in session.items if not item.outcome]
    return [s for s in sessions if s.items], problems


def _cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def _from_table(rows: list[tuple[int, list[str]]], shown: str) -> tuple[list[SessionList], list[ContentError]]:
    sessions: dict[dt.date, SessionList] = {}
    problems: list[ContentError] = []
    roles: dict[str, int] = {}
    for line, cells in rows:
        found = {role: i for role, pattern in COLUMNS.items() for i, cell in enumerate(cells) if pattern.match(plain(cell))}
        if "title" in found and ("date" in found or "number" in found) and len(found) >= 2 and not any(_date(cells[i]) for i in found.values()):
            roles = found  # a header row, repeated after each page break
            continue
        if not roles or all(set(cell) <= set("-: ") for cell in cells) or len(cells) <= max(roles.values()):
            continue
        day = _date(cells[roles["date"]]) if "date" in roles else None
        if day is None:
            problems.append(warning(shown, line, "date", f"no date read in « {' | '.join(cells)[:80]} »: row left out"))
            continue
        number = cells[roles["number"]] if "number" in roles and cells[roles["number"]] else None
        outcome = outcome_of(cells[roles["outcome"]]) if "outcome" in roles else None
        sessions.setdefault(day, SessionList(day)).items.append(ListedItem(number, " ".join(cells[roles["title"]].split()), outcome, line))
    return sorted(sessions.values(), key=lambda s: s.date), problems


def _from_paragraphs(lines: list[str], shown: str) -> tuple[list[SessionList], list[ContentError]]:
    """The session's date on a line of its own under the title, then an item per paragraph."""
    sessions: list[SessionList] = []
    paragraph: list[tuple[int, str]] = []

    def close() -> None:
        if paragraph and sessions:
            title = " ".join(" ".join(text for _, text in paragraph).split())
            number = LEADING_NUMBER.match(title)
            sessions[-1].items.append(ListedItem(number.group(1) if number else None, title[number.end() :] if number else title, None, paragraph[0][0]))
        paragraph.clear()

    for line_number, line in enumerate(lines, 1):
        text = MARKS.sub("", line).strip()
        day = _date(text) if len(text) < 40 else None
        if not text or TITLE.match(plain(text)) or day:
            close()
            if day:
                sessions.append(SessionList(day))
            continue
        if MARKS.match(line) and paragraph:
            close()
        paragraph.append((line_number, text))
    close()
    if not sessions:
        return [], [warning(shown, 1, "date", "no session date under the list's title: nothing read")]
    return sessions, []


def _date(text: str) -> dt.date | None:
    return find_date(text)


def body_of(text: str, shown: str, config: SiteConfig, given: str | None) -> str:
    """The body whose sessions the document lists: given, named in the document, or the only one."""
    if given:
        if given not in config.bodies:
            raise ContentErrors([ContentError(shown, 0, "body", f'unknown body "{given}" (known: {", ".join(sorted(config.bodies))})')])
        return given
    folded = plain(text)
    named = [code for code, body in config.bodies.items() if plain(body.name) in folded]
    if len(named) == 1 or len(config.bodies) == 1:
        return named[0] if named else next(iter(config.bodies))
    known = ", ".join(f"{code} ({body.name})" for code, body in sorted(config.bodies.items()))
    raise ContentErrors([ContentError(shown, 0, "body", f"the document does not say which body sat: give --body (known: {known})")])


def session_file(values: dict[str, Any], existing: str | None) -> str:
    """A session file holding these values (`deliberations` a list of items): a new one, or an
    existing one with the keys it lacks added at its end (its own are kept, comments included)."""
    lines = []
    for key, value in values.items():
        if existing is not None and re.search(rf"^{key}\s*:", existing, re.MULTILINE):
            continue
        if key == "deliberations":
            lines.append("deliberations:")
            lines += ["  - " + flow({k: v for k, v in item.items() if v}) for item in value]
        elif isinstance(value, dict) and value:
            lines.append(f"{key}: {flow(value)}")
        elif value:
            lines.append(f"{key}: {scalar(value)}")
    block = "\n".join(lines) + "\n" if lines else ""
    if existing is None:
        return block
    return existing + ("" if existing.endswith("\n") or not existing else "\n") + block


def items_of(session: SessionList) -> list[dict[str, Any]]:
    return [{"number": item.number, "title": item.title, "outcome": item.outcome} for item in session.items]


def write_sessions(
    sessions: list[tuple[dt.date, dict[str, Any]]], body: str, config: SiteConfig, shown: str, output_dir: Path | None
) -> tuple[dict[dt.date, Path], list[ContentError]]:
    """Write each session's facts into its file, an existing file keeping its own: a list it holds
    already is left as it is, and said (`check` compares the two with the acts)."""
    folder = (output_dir or config.content_dir) / "sessions"
    folder.mkdir(parents=True, exist_ok=True)
    written, kept = {}, []
    for day, values in sessions:
        path = folder / f"{day.isoformat()}-{body.lower()}.yaml"
        existing = path.read_text(encoding="utf-8") if path.is_file() else None
        if existing is not None and re.search(r"^deliberations\s*:", existing, re.MULTILINE):
            kept.append(warning(display_path(path), 0, "deliberations", f"lists deliberations already: its list is left as it is ({shown} not written there)"))
        text = session_file(values, existing)
        if text != existing:
            path.write_text(text, encoding="utf-8")
        written[day] = path
    return written, kept
