"""The items of a session's minutes: where each begins, by its number, the agenda's order or the agenda's bare title.

Where the agenda lists the items first, each is looked for again after it, by its order and
its words (the body may take them in another order: « le point 8 sera vu plus tôt »); a run of
« 1) 2) 3) » spread over the body is not taken for an agenda.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..config import SiteConfig
from ..frenchtext import MARKS, plain

from .extract import Line
from .pages import NUMBER_MARK

CONTINUED = re.compile(r"\b(?:de|du|des|la|le|les|l'|d'|en|et|a|au|aux|pour|par|sur|avec|dans|entre)$")
"""A heading's title cut after one of these words goes on over the next line, whatever its case."""
ORDINAL = re.compile(r"^(?P<ordinal>\d{1,2})\s*(?:-\s*\)|[-–—.)])\s*(?P<rest>(?:\d+\s+)?[^\d\s].*)$")
"""« 3-) Délibération : … », « 2. Election … », « 11 - 1 Boulevard Mendès France »; never « 2.3, … » (a sub-part)."""
SECTION = re.compile(r"^(?:[IVX]{1,4}|[A-H])\s*[.)\-–]\s+\S.{0,70}$")
"""A part of the agenda (« III. Intercommunalité », « C- RESSOURCES HUMAINES »)."""
SEPARATOR = re.compile(r"^\s*[-–—:]+\s*")
LABEL = re.compile(r"^(?:(?:projet de )?d[ée]lib[ée]ration|information|objet|point|rapport)\s*(?:n°\s*\d+\s*)?:\s*", re.IGNORECASE)
INFORMATION = re.compile(r"^information\b", re.IGNORECASE)
DELIBERATION = re.compile(r"^(?:projet de )?d[ée]lib[ée]ration\s*:", re.IGNORECASE)
END = re.compile(r"^(?:questions? diverses|l.ordre du jour (?:[ée]tant )?[ée]puis[ée]|la s[ée]ance est (?:lev[ée]e|close)|fin de (?:l.ordre du jour|s[ée]ance)|.{0,40}annonce la fin de l.ordre du jour)", re.IGNORECASE)
AGENDA_LINES = 4
"""An agenda lists its items in a few lines each: a run of headings 1, 2, 3… spread wider is the body (a « 1) » later is a list in an item)."""
AGENDA = re.compile(r"^ordre du jour\b")
TITLE_KEY = 25
"""The first letters of an agenda's title a heading must start with (a scan's text may garble its end)."""
MOST_ITEMS = 40
SIMILAR = 0.5
"""The share of an agenda item's words its heading in the body must hold to be taken for it."""


@dataclass
class Item:
    """One item of the minutes: its heading, its lines, and what it is."""

    heading: int
    """The line of its heading."""
    number: str | None
    order: int
    title: str
    lines: list[Line]
    information: bool = False
    deliberation: bool = False
    """Labelled « Délibération : » (a document that labels its items so makes only these acts)."""
    announced: bool = False
    """Headed by its bare title, the agenda's: the heading line may go on with the item's text."""
    rest: str = ""
    """What follows the title on its heading's line, when the title is the agenda's."""


def split_items(lines: list[Line], config: SiteConfig) -> tuple[list[Line], list[Item]]:
    """The session's header (everything before the first item) and the items; no items when the
    document is no minutes (no heading, or one alone that neither a number nor the agenda vouches for)."""
    items, sure = _numbered_items(lines, config), True
    if not items:
        items, sure = _ordered_items(lines)
    if not items:
        items = _titled_items(lines)
    if not items or len(items) < 2 and not sure:
        return lines, []
    first = min(item.heading for item in items)
    header = [line for line in lines if line[0] < first]
    agenda = _agenda_table(header)
    starts = sorted(item.heading for item in items)
    ends = {start: end for start, end in zip(starts, starts[1:] + [lines[-1][0] + 1])}
    for item in items:
        body = [line for line in lines if item.heading < line[0] < ends[item.heading]]
        if item.announced:  # the agenda's title; its heading line may go on with the text (« Subventions Associations Le conseil … »)
            body[:0] = [(item.heading, item.rest)] if item.rest else []
        else:
            item.title, body = _whole_title(item.title, body)
            if item.order in agenda:
                item.title, body = _agenda_title(item.title, body, agenda[item.order])
        end = next((i for i, (_, text) in enumerate(body) if END.match(text)), len(body))
        while end and (not body[end - 1][1] or SECTION.match(body[end - 1][1])):
            end -= 1  # the next part's heading (« III. Intercommunalité »), not this item's text
        item.lines = body[:end]
    return header, sorted(items, key=lambda item: item.heading)


def _numbered_items(lines: list[Line], config: SiteConfig) -> list[Item]:
    """Items headed by their act number (« D2024-44 - Objet : … »); a number given twice (the agenda, then the item) is the last."""
    found: dict[str, Item] = {}
    for number, text in lines:
        written = NUMBER_MARK.sub("", text, count=1)
        match = config.number_pattern.match(written)
        if not match or not match.group(0).strip():
            continue
        rest = written[match.end() :]
        separator = SEPARATOR.match(rest)
        if not separator or not rest[separator.end() :].strip():
            continue
        title = LABEL.sub("", rest[separator.end() :].strip())
        key = re.sub(r"\s+", "", match.group(0))
        found[key] = Item(number, match.group(0).strip(), 0, title, [], bool(INFORMATION.match(rest[separator.end() :])))
    items = sorted(found.values(), key=lambda item: item.heading)
    for order, item in enumerate(items, 1):
        item.order = order
    return items


def _ordered_items(lines: list[Line]) -> tuple[list[Item], bool]:
    """Items headed by their order on the agenda (« 3-) Délibération : … », « 2. Election … »), and
    whether the agenda announced them (then one item is minutes too)."""
    candidates = []
    for number, text in lines:
        match = ORDINAL.match(text)
        if match and len(text) < 250:
            rest = match.group("rest")
            candidates.append(Item(number, None, int(match.group("ordinal")), LABEL.sub("", rest).strip(), [], bool(INFORMATION.match(rest)), bool(DELIBERATION.match(rest))))
    ones = [c for c in candidates if c.order == 1]
    agenda = [c for c in candidates if len(ones) >= 2 and ones[0].heading <= c.heading < ones[1].heading]
    if agenda and agenda[-1].heading - agenda[0].heading <= AGENDA_LINES * len(agenda):
        # The agenda first, then the items: each agenda item is the heading after it that holds its words.
        body = [c for c in candidates if c.heading >= ones[1].heading]
        chosen = []
        for announced in agenda:
            same = [c for c in body if c.order == announced.order]
            scored = sorted(same, key=lambda c: (-_overlap(announced.title, c.title), c.heading))
            if scored and (_overlap(announced.title, scored[0].title) >= SIMILAR or len(same) == 1):
                chosen.append(scored[0])
        return chosen, True
    chain: list[Item] = []  # no agenda: 1, 2, 3… each after the one before
    for candidate in candidates:
        if candidate.order == len(chain) + 1:
            chain.append(candidate)
    return chain, False


def _titled_items(lines: list[Line]) -> list[Item]:
    """Items headed by their bare title, as the agenda (« Ordre du jour ») announced it: each is the
    first line after the agenda that starts with that title's words."""
    start = next((i for i, (_, text) in enumerate(lines) if AGENDA.match(plain(text))), None)
    if start is None:
        return []
    agenda: list[str] = [""]  # one title a paragraph: a long one wraps
    end = start + 1
    for end in range(start + 1, min(len(lines), start + 80)):
        text = lines[end][1]
        if END.match(MARKS.sub("", text)) or len(agenda) > MOST_ITEMS:
            break
        if not text:
            agenda.append("") if agenda[-1] else None
        else:
            agenda[-1] = f"{agenda[-1]} {text}".strip()
    items: list[Item] = []
    taken: set[int] = set()
    titles = [MARKS.sub("", title) for title in agenda]  # « > Subventions aux associations »
    for order, title in enumerate((title for title in titles if title), 1):
        key = plain(title)[:TITLE_KEY]
        found = next(((n, t) for n, t in lines[end + 1 :] if n not in taken and plain(t).startswith(key)), None)
        if found:
            taken.add(found[0])
            rest = found[1][len(title) :].strip() if plain(found[1]).startswith(plain(title)) else ""
            items.append(Item(found[0], None, order, title, [], announced=True, rest=rest))
    return items


def _overlap(announced: str, heading: str) -> float:
    words = set(re.findall(r"\w{3,}", plain(announced)))
    return len(words & set(re.findall(r"\w{3,}", plain(heading)))) / len(words) if words else 0.0


def _whole_title(title: str, body: list[Line]) -> tuple[str, list[Line]]:
    """A heading's title goes on over the next lines: all of them when the heading is a paragraph
    of its own (up to three lines), else while they start in lower case (« … de » / « l'Oise »),
    follow a word that needs more, or close a parenthesis."""
    block = next((i for i, (_, text) in enumerate(body) if not text), len(body))
    # Not a sentence of the text (« Adopté à l'unanimité. »): a title's lines do not end with a full stop.
    sentence = any(text.endswith(".") and not text[0].islower() for _, text in body[:block])
    if 0 < block <= 2 and not sentence and not any(ORDINAL.match(text) for _, text in body[:block]):
        title = " ".join([title, *(text for _, text in body[:block])])
        return _capitalised(title), body[block:]
    taken = 0
    for _, text in body[:3]:
        if not text or ORDINAL.match(text):
            break
        if not (text[0].islower() or CONTINUED.search(plain(title)) or title.count("(") > title.count(")")):
            break
        title += " " + text
        taken += 1
    return _capitalised(title), body[taken:]


AGENDA_ROW = re.compile(r"^\|\s*(?P<order>\d{1,2})\s*[.)-]?\s*\|\s*(?P<title>[^|]*\S)\s*\|")
"""A row of the agenda as a table (« | 20 | Aire de basket 3x3 - Demande de subvention … | »)."""


def _agenda_table(header: list[Line]) -> dict[int, str]:
    """The titles an agenda set as a table gives each item, by its order."""
    return {int(m.group("order")): m.group("title") for _, text in header if (m := AGENDA_ROW.match(text))}


def _agenda_title(title: str, body: list[Line], announced: str) -> tuple[str, list[Line]]:
    """A heading cut where the layout set a blank line (« 20 - Aire de basket 3x3 - », « », « Demande de
    subvention … »): the lines after it that go on with the agenda's title for that item are the title's."""
    whole = _words(announced)
    if _words(title) == whole or whole[: len(_words(title))] != _words(title):
        return title, body
    taken = 0
    for index, (_, text) in enumerate(body[:6]):
        if not text:
            continue
        longer = _words(f"{title} {text}")
        if whole[: len(longer)] != longer:
            break
        title, taken = f"{title} {text}", index + 1
        if len(longer) == len(whole):
            break
    return _capitalised(title), body[taken:]


def _words(text: str) -> list[str]:
    """Titles are compared word by word, accents and case aside."""
    return plain(text).split()


def _capitalised(title: str) -> str:
    title = " ".join(title.split()).rstrip(" .:")
    return title[:1].upper() + title[1:]
