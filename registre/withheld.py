"""Passages withheld from publication: kept in the source, never in a page, the search index or the open data.

An act often names private persons (an owner aided, an agent, a neighbour) whom the law does
not let a collectivity put online. Staff mark them in the content file:

- a name or a few words, within a line: `[Jean Dupont]{.non-publie}`, title included;
- whole paragraphs, between two fences:

      ::: non-publie
      The passage.
      :::

Everything published (page, search documents, feeds, CSV, JSON) is made from the text with each
marked passage replaced by `withheld_text` (« [information non publiée] »). Lines keep their
numbers, so errors still point at the right line of the source.
"""

from __future__ import annotations

import re
from typing import Iterable

from .errors import ContentError, warning
from .models import Act

MARK = "non-publie"
"""In both markings: a text without it has nothing withheld."""
SPAN = re.compile(r"\[([^\[\]\n]+)\]\{\.non-publie\}")
BLOCK = re.compile(r"^:::[ \t]*non-publie[ \t]*\n(.*?)^:::[ \t]*$", re.MULTILINE | re.DOTALL)


def withhold(text: str, placeholder: str) -> str:
    """The text as published: every marked passage replaced by the placeholder, lines kept."""
    if MARK not in text:  # most texts: no passage marked, no pattern run
        return text
    text = BLOCK.sub(lambda m: placeholder + "\n" * m.group(0).count("\n"), text)
    return SPAN.sub(placeholder, text)


def withheld_passages(text: str, first_line: int = 1) -> tuple[tuple[int, str], ...]:
    """Each marked passage with the line it starts on (`first_line` being the text's first)."""
    if MARK not in text:
        return ()
    found = [(m.start(), m.group(1).strip()) for pattern in (BLOCK, SPAN) for m in pattern.finditer(text)]
    return tuple((first_line + text.count("\n", 0, start), " ".join(passage.split())) for start, passage in sorted(found))


def withheld_notes(acts: Iterable[Act]) -> list[ContentError]:
    """What `check` lists: each passage withheld, and a warning where an act's attachments,
    published as they are, may still show what its text withholds."""
    found = []
    for act in acts:
        found += [ContentError(act.source_path, line, "", f"withheld from publication: « {passage} »", "note") for line, passage in act.withheld]
        if act.withheld and act.attachments:
            titles = ", ".join(f"« {a.title} »" for a in act.attachments)
            found.append(warning(act.source_path, act.line("attachments", 0), "attachments", f"published as they are ({titles}): make sure they do not show what the text withholds"))
    return found
