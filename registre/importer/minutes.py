"""Minutes (« procès-verbal », « compte rendu ») of a session: one act per deliberation, and the session's record.

A session's minutes hold its header (date, president, attendance, proxies, secretary), often
its agenda, then each item under a heading: an act number (« D2024-44 - Objet : … »), the
agenda's order (« 5-) Délibération : … », « 2. Election du nouvel adjoint ») or the agenda's
bare title (« Subventions Associations »). Where the agenda
lists the items first, each is looked for again after it, by its order and its words (the body
may take them in another order: « le point 8 sera vu plus tôt »). An item is an act when a
vote or a decision is written; an item the council only notes (« prend acte ») is listed, not
an act; an information is neither. Members arriving, leaving or giving a proxy during the
session, or in the header for an item on (« Question 3 à la fin : Arrivée de X »), change the
attendance from that item on, as the chair changing hands changes the president.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from ..config import SiteConfig
from ..models import ATTENDANCE
from ..frenchtext import NAME, clean_name, find_date, plain, split_names

from .body import markdown_body
from .closing import LEAVING, read_vote
from .extract import Extract, Line
from .header import given_first, read_header
from .items import Item, split_items
from .pages import find_page_starts, read_lines, split_acts, without_running

MINUTES = re.compile(r"proces[- ]verbal|compte[- ]rendu|conseil municipal du|seance du")
"""Words of a minutes' first lines (folded)."""
EXTRACT = re.compile(r"\bextrait\b")
"""An extract's first lines say so (« Extrait du registre des délibérations … séance du … »): not minutes."""
ELECTED = re.compile(r"\b(?:ont [ée]t[ée]|a [ée]t[ée]|est|sont) (?:proclam[ée]e?s?|[ée]lue?s?)\b", re.IGNORECASE)
"""An election's outcome (« M. X a été proclamé Maire », « ont été proclamés élus »): the council decided."""
NOTED = re.compile(r"\bprend(?:s|nent)? acte\b|\bpris acte\b|\bprise d.acte\b|\bla pr[ée]sente d[ée]lib[ée]ration\b", re.IGNORECASE)
"""A deliberation without a vote: the council notes a report, or a debate its deliberation records."""
SECRETARY = re.compile(
    r"^[Ss]ecr[ée]taire(?: de s[ée]ance)?\s*:\s*(?P<a>.+)$|(?P<b>" + NAME + r"|(?:Madame|Monsieur|M\.|Mme)\s+[A-ZÀ-Ý][\w'’-]+(?:\s+[A-ZÀ-Ý][\w'’-]+)*)"
    r",?\s+(?:est|a [ée]t[ée]) (?:d[ée]sign[ée]e?|[ée]lue?|nomm[ée]e?)\s+(?:comme |en qualit[ée] de )?secr[ée]taire",
)
MAYOR = re.compile(r"^(?:le|la) maire$", re.IGNORECASE)
RAPPORTEUR = re.compile(
    r"^(?:(?:Madame|Monsieur|M\.|Mme)\s+)(?P<name>(?:le |la )?maire|[A-ZÀ-Ý][\w'’-]+(?:\s+[A-ZÀ-Ý][\w'’-]+){0,3})\s*,?(?:\s+[^,]{0,80},)?\s+"
    r"(?:expose|rapporte|pr[ée]sente|informe|indique|rappelle|propose)\b"
)
ARRIVING = re.compile(r"(?:(?:Madame|Monsieur|M\.|Mme)\s+)?(?P<name>[A-ZÀ-Ý][\w'’-]+(?:\s+[A-ZÀ-Ý][\w'’-]+){0,3})\s*,?\s+(?:arrive|rejoint la s[ée]ance|entre en s[ée]ance|prend place)\b")
GIVES_PROXY = re.compile(
    r"(?:(?:Madame|Monsieur|M\.|Mme)\s+)?(?P<name>[A-ZÀ-Ý][\w'’-]+(?:\s+[A-ZÀ-Ý][\w'’-]+){0,3})\s*,?\s+(?:quitte la s[ée]ance et\s+)?(?:donne|a donn[ée]) (?:pouvoir|procuration) [àa]\s+"
    r"(?:(?:Madame|Monsieur|M\.|Mme)\s+)?(?P<holder>[A-ZÀ-Ý][\w'’-]+(?:\s+[A-ZÀ-Ý][\w'’-]+){0,3})"
)
NAMED_VOTES = [
    re.compile(r"\b(?P<kind>abstentions?|contre|ne prend(?:nent)? pas part au vote)\s*(?:\d+\s*)?:\s*(?:\d+\s*)?\(?(?P<names>[^()\n]+?)\)?\.?$", re.IGNORECASE | re.MULTILINE),
    re.compile(r"\b\d+\s+(?:voix\s+)?(?P<kind>abstentions?|contre)\s*\((?P<names>[^)]+)\)", re.IGNORECASE),
]
"""« Abstentions 4 : M. Papin, Mme Debuisser », « 2 abstentions (Mme X, M. Y) », « 1 contre (Mme Z) »:
members named as running text writes them, read as the lists do."""
VOTE_KINDS = {"abstention": "abstention", "abstentions": "abstention", "contre": "against"}
PLACE = re.compile(r"s.est r[ée]uni[e]?\b[^.]*?\b(?:dans|au|à la|à l.|en)\s+(?P<place>(?:la |le |l.)?(?:salle|mairie|h[ôo]tel|centre|maison|espace|foyer)\b[^,.;(]*)", re.IGNORECASE)
TAKES_CHAIR = re.compile(
    r"(?:(?:Madame|Monsieur|M\.|Mme)\s+)?(?P<a>" + NAME + r")\s*,?\s+prend la [pP]r[ée]sidence"
    r"|c[èe]de la [pP]r[ée]sidence [àa]\s+(?:(?:Madame|Monsieur|M\.|Mme)\s+)?(?P<b>" + NAME + ")"
)
"""The chair changing hands: the eldest opens the session that elects the mayor, who then presides."""
ELECTED_MAYOR = re.compile(r"(?:(?:Madame|Monsieur|M\.|Mme)\s+)?(?P<name>" + NAME + r")\s+a [ée]t[ée] (?:proclam[ée]e?|[ée]lue?)\s+(?:Maire|Pr[ée]sidente?)\b")
PER_ITEM = re.compile(r"^questions?\s+(?P<first>\d+)(?:\s*(?:et|à|a)\s*(?:\d+|la fin))?\s*:", re.IGNORECASE)
"""« Questions 1 et 2 : », « Question 3 à la fin : »: what follows holds from that item on."""
CAME = re.compile(
    r"\b(?P<kind>[Aa]rriv[ée]e|[Rr]etour|[Dd][ée]part|[Ss]ortie)\s+de\s+(?:(?:Madame|Monsieur|M\.|Mme)\s+)?(?P<name>" + NAME + ")"
    r"(?:\s*\(\s*(?:procuration|pouvoir)\s+[àa]\s+(?:(?:Madame|Monsieur|M\.|Mme)\s+)?(?P<proxy>" + NAME + r")\s*\))?"
)
"""« Arrivée de X », « Retour de X », « Départ de X (procuration à Y) », « Sortie de X »."""
PRESENT_COUNT = re.compile(r"^(?:soit\s+)?(?P<count>\d+)\s+pr[ée]sents?\b", re.IGNORECASE)


@dataclass
class SessionRecord:
    """What the minutes say of the session itself, for its session file."""

    date: dt.date | None = None
    place: str | None = None
    president: str | None = None
    """Who opened the session (the chair may change hands: each act says who presided its vote)."""
    secretary: str | None = None
    attendance: dict[str, int] = field(default_factory=dict)
    """The header's counts: its lists' lengths, or the count it writes (« Soit 31 présents »)."""
    listed: list[tuple[str | None, str, str]] = field(default_factory=list)
    """(number, title, outcome) of each deliberation examined, in the body's order."""
    from_item: dict[int, list[tuple[str, Any]]] = field(default_factory=dict)
    """What the header says holds from an item on (« Question 3 à la fin : Arrivée de X, 30 présents »):
    ("arrived" | "left", name), ("proxy", (name, holder)) and ("present", count), by the item's order."""


def read_session(header: list[Line], lines: list[Line], config: SiteConfig, path: str) -> tuple[Extract, SessionRecord]:
    """The session's facts every act shares (date, body, president, attendance) and its record's."""
    session = Extract(path)
    read_header(header, config, session, frozenset())
    for number, text in header:
        if chair := TAKES_CHAIR.search(text):
            session.front["president"] = _member(chair.group("a") or chair.group("b"), session.front)
            session.findings.pop("president", None)
    record = SessionRecord(date=session.front.get("date"))
    if record.date is None:
        for number, text in header:
            if (day := find_date(text)) and MINUTES.search(plain(text)) and "convocation" not in plain(text):
                session.found("date", day, number, "the minutes' title")
                record.date = day
                break
    if "body" not in session.front and len(config.bodies) == 1:
        session.front["body"] = next(iter(config.bodies))
    order = None
    for _, text in header:
        if per_item := PER_ITEM.match(text.strip()):
            order = int(per_item.group("first"))
        elif order is not None and (came := CAME.search(text)):
            name, holder = clean_name(came.group("name")), came.group("proxy")
            if holder:
                change: tuple[str, Any] = ("proxy", (name, clean_name(holder)))
            else:
                change = ("arrived" if plain(came.group("kind")).startswith(("arriv", "retour")) else "left", name)
            record.from_item.setdefault(order, []).append(change)
        elif order is not None and (count := PRESENT_COUNT.match(text.strip())):
            record.from_item.setdefault(order, []).append(("present", int(count.group("count"))))
    front = session.front
    record.president = front.get("president")
    # « Absents excusés : A, B » then « Pouvoirs : A à C »: A is represented, not excused.
    represented = {plain(p["member"]) for p in front.get("represented", [])}
    if "excused" in front:
        front["excused"] = [n for n in front["excused"] if plain(n) not in represented]
    record.attendance = {key: len(front[key]) for key in ATTENDANCE if front.get(key)}
    if "_count" in front:
        record.attendance["present"] = front["_count"][0]
    if place := PLACE.search(" ".join(line for _, line in header)):
        record.place = " ".join(place.group("place").split())
    for number, line in lines:
        if match := SECRETARY.search(line):
            record.secretary = _member(clean_name(match.group("a") or match.group("b")), session.front)
            break
    return session, record


def _members(front: dict[str, Any]) -> list[str]:
    return [*front.get("present", []), *(p["member"] for p in front.get("represented", [])), *front.get("excused", []), *front.get("absent", [])]


def _member(written: str, front: dict[str, Any]) -> str:
    """A name as running text writes it (« Monsieur Ribeiro ») as the attendance lists do (« Romain RIBEIRO »)."""
    name = clean_name(written)
    folded = plain(name).split()
    for member in _members(front):
        words = plain(member).split()
        if folded and (words == folded or (len(folded) == 1 and folded[0] == words[-1]) or folded[-len(words):] == words):
            return member
    if len(folded) == 1 and len(folded[0]) >= 5:
        # A surname misspelled by a letter (« M. Thuiller » for Jean-Claude THUILLIER): the one member it is that close to.
        close = [member for member in _members(front) if _one_letter_apart(folded[0], plain(member).split()[-1])]
        if len(close) == 1:
            return close[0]
    return given_first(name)


def _one_letter_apart(a: str, b: str) -> bool:
    """One letter changed, added or dropped."""
    if abs(len(a) - len(b)) > 1 or a == b:
        return False
    start = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
    return a[start + (len(a) >= len(b)) :] == b[start + (len(b) >= len(a)) :]


def read_items(items: list[Item], session: Extract, record: SessionRecord, path: str, config: SiteConfig) -> list[Extract]:
    """One extract per item that is an act, each with the attendance as it stood at its vote."""
    front = session.front
    state = {key: list(front.get(key, [])) for key in ATTENDANCE}
    acts = []
    labelled = any(item.deliberation for item in items)
    chair = front.get("president")
    counted = None
    for item in items:
        for kind, value in record.from_item.get(item.order, []):
            if kind == "present":
                counted = int(value)
            elif kind == "proxy":  # « Départ de X (procuration à Y) »
                member = _member(value[0], front)
                _remove(state, member)
                state["represented"].append({"member": member, "proxy": _member(value[1], front)})
            else:
                member = _member(value, front)
                _remove(state, member)
                state["present" if kind == "arrived" else "absent"].append(member)
        _attendance_changes(item, state, front)
        extract = Extract(path)
        if counted is not None and counted != len(state["present"]):
            extract.missing(item.heading, "present", f"the minutes count {counted} present for this item, the lists give {len(state['present'])}: check who came or left")
        for key in ("date", "body"):
            if key in session.findings:
                finding = session.findings[key]
                extract.found(key, finding.value, finding.line, finding.how)
            elif key in front:
                extract.front[key] = front[key]
        for _, text in item.lines:
            if taken := TAKES_CHAIR.search(text):
                chair = _member(taken.group("a") or taken.group("b"), front)
        if chair:
            extract.front["president"] = chair
        # The mayor just elected presides from the next item on.
        chair = next((_member(m.group("name"), front) for _, text in item.lines if (m := ELECTED_MAYOR.search(text))), chair)
        read_vote(item.lines, extract)
        if "result" not in extract.front.get("vote", {}) and (elected := next((n for n, t in item.lines if ELECTED.search(t)), None)):
            extract.front["vote"] = {"result": "adopted"}
            extract.missing(elected, "vote", "an election: its result read as the act adopted; give the vote's counts")
        decided = "result" in extract.front.get("vote", {})
        if labelled and not item.deliberation:
            continue
        noted = bool(NOTED.search(" ".join(text for _, text in item.lines)))
        if item.information and not decided or not decided and not noted:
            continue
        if not decided:
            record.listed.append((item.number, item.title, "noted"))
            continue
        number = item.number or _proposed_number(record.date, item.order)
        record.listed.append((number, item.title, extract.front["vote"]["result"]))
        _named_votes(item.lines, extract, front)
        if item.number:
            extract.found("number", item.number, item.heading, "the item's heading")
        else:
            extract.front["number"] = number
            extract.missing(item.heading, "number", f"the minutes give no number: « {number} » proposed from the session's date and the item's order; give the register's")
        extract.found("title", item.title, item.heading, "the item's heading")
        for key, names in state.items():
            if names:
                extract.front[key] = [dict(n) if isinstance(n, dict) else n for n in names]
        for at, text in item.lines[:6]:
            if reporter := RAPPORTEUR.match(text):
                name = reporter.group("name")
                # « Madame le maire expose »: the president, when the mayor presides.
                who = front.get("president") if MAYOR.match(name) else _member(name, front)
                if who:
                    extract.found("rapporteur", who, at, "« X expose »")
                break
        if len(config.themes) == 1:
            extract.front["theme"] = next(iter(config.themes))
        extract.body = markdown_body(item.lines).strip() + "\n"
        for key, message in (("present", "no list of members present found in the session's header"), ("date", "no session date found"), ("body", "the body could not be read")):
            if not extract.front.get(key):
                extract.missing(item.heading, key, message)
        acts.append(extract)
    return acts


def _named_votes(lines: list[Line], extract: Extract, front: dict[str, Any]) -> None:
    """Who voted against, abstained or did not vote, when the minutes name them as running text does."""
    text = "\n".join(t for _, t in lines)  # a list after « : » ends with its line; « (…) » may wrap
    members = {plain(m) for m in _members(front)}
    names = extract.front["vote"].setdefault("names", {})
    for pattern in NAMED_VOTES:
        for match in pattern.finditer(text):
            kind = VOTE_KINDS.get(match.group("kind").lower(), "not_voting")
            found = [_member(n, front) for n in split_names(match.group("names"))]
            names[kind] = list(dict.fromkeys([*names.get(kind, []), *(n for n in found if plain(n) in members)]))
    extract.front["vote"]["names"] = {k: v for k, v in names.items() if v}
    if not extract.front["vote"]["names"]:
        del extract.front["vote"]["names"]


def _attendance_changes(item: Item, state: dict[str, list[Any]], front: dict[str, Any]) -> None:
    """Members leaving, arriving or giving a proxy within an item: from it on, the lists change."""
    for _, text in item.lines:
        for match in GIVES_PROXY.finditer(text):
            member, holder = _member(match.group("name"), front), _member(match.group("holder"), front)
            _remove(state, member)
            state["represented"].append({"member": member, "proxy": holder})
        if (leaving := LEAVING.match(text)) and not GIVES_PROXY.search(text):
            member = _member(leaving.group(1), front)
            if member in state["present"]:
                _remove(state, member)
                state["absent"].append(member)
        for match in ARRIVING.finditer(text):
            member = _member(match.group("name"), front)
            if member in _members(front) and member not in state["present"]:
                _remove(state, member)
                state["present"].append(member)


def _remove(state: dict[str, list[Any]], member: str) -> None:
    for key, names in state.items():
        state[key] = [n for n in names if (n["member"] if isinstance(n, dict) else n) != member]


def _proposed_number(day: dt.date | None, order: int) -> str:
    return f"{day:%Y%m%d}-{order:02d}" if day else f"{order:02d}"


WORDY = re.compile(r"[^\W\d_]{3,}\W+[^\W\d_]{3,}")
"""A line of two words or more: not the scraps OCR reads in a stamp or a seal (« )E [1 », « ; REI »)."""


def is_minutes(lines: list[Line]) -> bool:
    """Whether a document is minutes: its first lines of words say so, and not « extrait »."""
    first = [plain(text) for _, text in lines if WORDY.search(text)][:12]
    return any(MINUTES.search(text) for text in first) and not any(EXTRACT.search(text) for text in first)


def import_minutes(text: str, path: str, config: SiteConfig) -> tuple[list[Extract], SessionRecord] | None:
    """The acts of a session's minutes and its record; None when the document is no minutes."""
    lines = without_running(read_lines(text), find_page_starts(text))
    if len(split_acts(lines, config)) > 1 or not is_minutes(lines):
        return None  # a series of extracts, or one act
    header, items = split_items(lines, config)
    if not items:
        return None
    session, record = read_session(header, lines, config, path)
    return read_items(items, session, record, path, config), record
