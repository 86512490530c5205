"""`new`: the file of a new act, at its place, from a few facts; never over an existing number."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any


from .config import SiteConfig
from .errors import ContentError, ContentErrors
from .frontmatter import front_matter
from .load import read_acts
from .names import slugify
from .read import display_path, split_front_matter
from .validate import PLACEHOLDERS, validate_source

BODY = """Monsieur le Président soumet au {body} le rapport suivant :

{PLACEHOLDERS[0]}

## Vu

- Le Code Général des Collectivités Territoriales ;

## Considérant

- {PLACEHOLDERS[1]} ;

## Délibère

### Article 1

{PLACEHOLDERS[2]}

Cette proposition mise aux voix est adoptée.
"""


def act_path(config: SiteConfig, number: str, year: int | None) -> Path:
    """Where an act lives: content/<year>/<slug>.md (content/<slug>.md while its date is unknown)."""
    return config.content_dir.joinpath(*([str(year)] if year else []), f"{slugify(number)}.md")


def _date_or_text(written: str) -> dt.date | str:
    """A date as YAML writes one; a date that is none stays text, for the check to name it."""
    try:
        return dt.date.fromisoformat(written)
    except ValueError:
        return written


def scaffold_act(config: SiteConfig, facts: dict[str, str]) -> tuple[Path, str]:
    """The path and text of a new act; raise ContentErrors if it would be invalid or exists already."""
    parts = config.parse_number(facts["number"]) or {}
    body = facts.get("body") or parts.get("body", "")
    front: dict[str, Any] = {
        "number": facts["number"],
        "title": facts["title"],
        "date": _date_or_text(facts["date"]),
        "body": body,
        "theme": facts.get("theme") or parts.get("theme", ""),
        "rapporteur": facts["rapporteur"],
        "president": "",
        "present": [],
        "represented": [],
        "excused": [],
        "vote": {"result": "adopted"},
    }
    year = facts["date"][:4]
    path = act_path(config, facts["number"], int(year) if year.isdigit() else None)
    body_name = config.bodies[body].name if body in config.bodies else body
    text = front_matter(front, blanks=("president", "present", "represented", "excused")) + BODY.format(body=body_name, PLACEHOLDERS=PLACEHOLDERS)
    shown = display_path(path)
    _, problems = validate_source(split_front_matter(text, shown, path.name), config)
    problems += _already_there(config, facts["number"], path, shown)
    if problems:
        raise ContentErrors(problems)
    return path, text


def _already_there(config: SiteConfig, number: str, path: Path, shown: str) -> list[ContentError]:
    if path.exists():
        return [ContentError(shown, 0, "", "this file exists already")]
    acts, _ = read_acts(config)
    return [ContentError(shown, 2, "number", f'"{a.number}" is already the number of {a.source_path}') for a in acts if a.number == number]


def write_new_act(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8") as file:  # "x": never over a file that appeared meanwhile
        file.write(text)
