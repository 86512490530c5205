"""The domain: acts, votes, attendance, sessions and grouping terms (frozen dataclasses)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import operator
import sys
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Literal, NamedTuple, TypeVar, get_args

from .config import number_key
from .routes import route, term_url

T = TypeVar("T")


def pickled_as_tuples(cls: type[T]) -> type[T]:
    """A frozen dataclass with slots, pickled as the tuple of its fields. Dataclasses' own
    __getstate__ lists the fields again for each object and __setstate__ loops over them: half
    the time of saving a build's state, a third of reading it (tens of thousands of objects at
    10,000 acts). The setter is written out field by field, as dataclasses write __init__."""
    names = tuple(f.name for f in dataclasses.fields(cls))  # type: ignore[arg-type]
    get = operator.attrgetter(*names)
    slots = {f"set_{i}": cls.__dict__[name].__set__ for i, name in enumerate(names)}  # past the frozen __setattr__
    values = ", ".join(f"v{i}" for i in range(len(names)))
    source = f"def __setstate__(self, state):\n    {values}, = state\n" + "".join(f"    set_{i}(self, v{i})\n" for i in range(len(names)))
    exec(source, slots)  # made from the field names only
    setattr(cls, "__getstate__", (lambda self: get(self)) if len(names) > 1 else (lambda self: (get(self),)))
    setattr(cls, "__setstate__", slots["__setstate__"])
    return cls


Lines = tuple[tuple[str, ...], tuple[int, ...]]
"""Where a file's top-level keys are: the keys (one tuple for every act that has the same, `lines_of`)
and each one's line. A saved state holds the keys once; as a dict per act, they were a fifth of the
time to read 100,000 acts (a plain tuple: a named one is made in Python, slower than the dict)."""


_KEYS: dict[tuple[str, ...], tuple[str, ...]] = {}


def lines_of(lines: dict[str, int]) -> Lines:
    """`Lines` from each top-level key's line, the keys shared with the acts made before."""
    keys = tuple(lines)
    return _KEYS.setdefault(keys, keys), tuple(lines.values())


VoteResult = Literal["adopted", "rejected"]
Presence = Literal["present", "represented", "excused", "absent"]


@pickled_as_tuples
@dataclass(frozen=True, slots=True)
class Proxy:
    """A member absent and represented: `member` gave a proxy to `proxy`, who may be unnamed
    (« Absents ayant voté par procuration » names no holder)."""

    member: str
    proxy: str | None


@pickled_as_tuples
@dataclass(frozen=True, slots=True)
class Vote:
    """The outcome of the vote on an act."""

    result: VoteResult
    unanimous: bool = False
    votes_for: int | None = None
    against: int | None = None
    abstention: int | None = None
    not_voting: int | None = None
    """Members present who did not take part in the vote."""
    against_names: tuple[str, ...] = ()
    abstention_names: tuple[str, ...] = ()
    not_voting_names: tuple[str, ...] = ()

    @property
    def has_counts(self) -> bool:
        return self.votes_for is not None


@pickled_as_tuples
@dataclass(frozen=True, slots=True)
class Attachment:
    """A file annexed to an act, stored under content/."""

    title: str
    file: str
    """Path relative to the content folder, with / separators."""
    line: int
    """Line of the attachment in the act's front matter, for errors found later."""
    original: bool = False
    """The official signed document the act was transcribed from (shown first on its page)."""


def attachment_urls(act_url: str, attachments: tuple[Attachment, ...]) -> list[str]:
    """Where each attachment is published: in its act's folder of annexes, one name each.

    Never beside the act's page (an `index.html` would replace it), and two files of
    one name (`a/convention.pdf`, `b/convention.pdf`) get two addresses, case aside.
    """
    urls, taken = [], set()
    for attachment in attachments:
        name = PurePosixPath(attachment.file)
        candidate, number = name.name, 2
        while candidate.lower() in taken:
            candidate, number = f"{name.stem}-{number}{name.suffix}", number + 1
        taken.add(candidate.lower())
        urls.append(route("attachment", act=act_url, name=candidate))
    return urls


def minutes_url(session: "Session") -> str:
    """Where a session's minutes file is published: beside its page, under its own name."""
    return session.url + PurePosixPath(session.info.minutes_file or "").name


@pickled_as_tuples
@dataclass(frozen=True, slots=True)
class Quote:
    """An act number quoted in a body."""

    key: tuple[str, ...]
    """The number's parts, to compare with the archive's acts (see config.number_key)."""
    text: str
    """The number as written."""
    line: int


@pickled_as_tuples
@dataclass(frozen=True, slots=True)
class Act:
    """One deliberation, as its content file states it."""

    number: str
    parts: dict[str, str]
    """The number's named parts (theme, order, register, year, body)."""
    slug: str
    title: str
    date: dt.date
    body: str
    theme: str
    rapporteur: str | None
    """Optional: an extract may name no rapporteur."""
    rapporteur_role: str | None
    signatory: str | None
    """Who certified the extract (« Pour extrait conforme »): not the rapporteur unless the text says so."""
    signatory_role: str | None
    president: str | None
    present: tuple[str, ...]
    represented: tuple[Proxy, ...]
    excused: tuple[str, ...]
    absent: tuple[str, ...]
    vote: Vote
    report: str | None
    signed: dt.date | None
    received: dt.date | None
    published: dt.date | None
    matter: str | None
    attachments: tuple[Attachment, ...]
    text_digest: str
    """Hash of the Markdown body: the body itself stays in its file until a page needs it
    (read.read_body), so that 100,000 acts fit in memory."""
    source_path: str
    """Path as shown in messages."""
    relative_path: str
    """Path inside the content folder."""
    body_line: int
    lines: Lines
    """Line of each top-level front-matter key, for checks made after validation (`line`; items: read.item_line)."""
    quoted: tuple[Quote, ...] = ()
    """Act numbers the body quotes, found once when the file is read."""
    actes_id: str | None = None
    """The @ctes identifier on the prefecture's stamp, which citizens also search by."""
    withheld: tuple[tuple[int, str], ...] = ()
    """Passages marked as withheld from publication (registre/withheld.py), with their lines: `check` lists them."""
    session_id: str = field(init=False)
    url: str = field(init=False)
    """Both read on every listing: kept, not recomputed."""
    key: tuple[str, ...] = field(init=False)
    """The number as numbers are compared (config.number_key; the number itself without parts):
    kept, since every build compares every act's (duplicates, citations) and saves it with the act."""
    order_key: tuple[dt.date, str, int, int, str] = field(init=False)
    """Date, body, register and order on the agenda, number: acts sort by it (newest first,
    reversed). Kept as `key` is: every build sorts every act."""

    def line(self, key: str, default: int = 1) -> int:
        """The line of a top-level front-matter key."""
        keys, lines = self.lines
        return lines[keys.index(key)] if key in keys else default

    def __post_init__(self) -> None:
        object.__setattr__(self, "session_id", sys.intern(f"{self.date.isoformat()}-{self.body.lower()}"))
        object.__setattr__(self, "url", route("act", slug=self.slug))
        object.__setattr__(self, "key", number_key(self.parts) if self.parts else (self.number,))
        register, order = self.parts.get("register", ""), self.order
        object.__setattr__(self, "order_key", (self.date, self.body, int(register) if register.isdigit() else 0, int(order) if order.isdigit() else 0, self.number))

    @property
    def order(self) -> str:
        return self.parts.get("order", "")

    @property
    def enforceable(self) -> dt.date | None:
        """When the act took effect (CGCT L2131-1): once put online and, when it was sent to the
        prefecture, received there, whichever is later; unknown until it is put online."""
        if self.published is None:
            return None
        return max(self.published, self.received) if self.received else self.published


ATTENDANCE = ("present", "represented", "excused", "absent")
"""The attendance lists of an act, in the order the minutes give them."""
OUTCOMES = ("adopted", "rejected", "withdrawn", "postponed", "noted")
"""What became of an item of a session's list: voted (adopted, rejected), withdrawn from the
agenda, postponed to a later session, or noted without a vote (« prend acte »)."""


class Listed(NamedTuple):
    """An item of the list of deliberations a session examined (CGCT L2121-25), as its session file gives it."""

    number: str | None
    """The act's number; none for an item withdrawn or postponed before it had one."""
    title: str
    outcome: str | None
    """None when the list does not say (an imported list without outcomes)."""
    line: int


@pickled_as_tuples
@dataclass(frozen=True, slots=True)
class SessionInfo:
    """Optional facts about a session from content/sessions/<id>.yaml: its page's facts and its legal record."""

    place: str | None = None
    agenda: str | None = None
    minutes: str | None = None
    minutes_file: str | None = None
    """The minutes as a file under content/, published beside the session page."""
    video: str | None = None
    notes: str | None = None
    president: str | None = None
    """Who presided, as the minutes say (else the session's acts tell)."""
    secretary: str | None = None
    """The member the session chose as its secretary (« secrétaire de séance »)."""
    listed: tuple[Listed, ...] = ()
    """The list of deliberations examined, in the agenda's order; empty when the file gives none."""
    list_published: dt.date | None = None
    attendance: tuple[tuple[str, int], ...] = ()
    """The minutes' counts at the opening (present, represented, excused, absent), those they give."""
    minutes_adopted: dt.date | None = None
    """The session that adopted the minutes (the next one, L2121-15)."""
    minutes_published: dt.date | None = None
    source_path: str = ""
    lines: tuple[tuple[str, int], ...] = ()
    """The line of each key of the file, for `check`'s warnings."""

    def line(self, key: str) -> int:
        return dict(self.lines).get(key, 1)


@pickled_as_tuples
@dataclass(frozen=True, slots=True)
class Session:
    """A sitting of one body on one date; holds act numbers in agenda order."""

    id: str
    date: dt.date
    body: str
    acts: tuple[str, ...]
    president: str | None
    info: SessionInfo

    @property
    def url(self) -> str:
        return route("session", id=self.id)

    @property
    def examined(self) -> int:
        """How many deliberations the session examined: its list's, or its acts' when it has no list (or a shorter one)."""
        return max(len(self.acts), len(self.info.listed))


@pickled_as_tuples
@dataclass(frozen=True, slots=True)
class Term:
    """A grouping (theme, rapporteur, year, body): name, slug and the numbers of its acts."""

    kind: str
    """The grouping's kind (registre/groupings.py), which is also its URL folder: "themes", "annees", "matieres"…"""
    key: str
    name: str
    slug: str
    acts: tuple[str, ...]
    """Act numbers, newest first."""
    years: tuple[tuple[int, int, int], ...]
    """(year, acts of that year, index of its first in `acts`), newest first: a listing's jump list and
    chart read this, not every act's date (a page of a term of 50,000 acts would read 50,000 acts)."""

    @property
    def url(self) -> str:
        return term_url(self.kind, self.slug)


class AttendanceRecord(NamedTuple):
    """A member's situation for one act (a tuple: hundreds of thousands are made, a dataclass costs 5x more)."""

    act: str
    presence: Presence
    proxy: str | None = None
    """For `represented`: who held the proxy."""


PRESENCES: dict[str, Presence] = {presence[0]: presence for presence in get_args(Presence)}
"""Each presence by its first letter."""


@pickled_as_tuples
@dataclass(frozen=True, slots=True)
class Person:
    """An elected member, one person however the name is accented, cased or spaced."""

    key: str
    name: str
    slug: str
    attended: tuple[str, ...]
    """The numbers of the acts of the sessions the member was listed in, newest first."""
    presences: str
    """The member's presence at each of them, by its first letter (PRESENCES). Columns, not a record
    per act: hundreds of thousands are kept between builds, and records made loading them 80x slower."""
    sessions: tuple[tuple[str, int], ...]
    """(session id, how many acts in a row of `attended` are of it): a member's page groups the
    attendance by session without reading every act it lists (tens of thousands at 100,000 acts)."""
    proxies_given: tuple[tuple[int, str], ...]
    """(place in `attended`, who held the proxy) where the member was represented."""
    proxies_held: tuple[tuple[str, str], ...]
    """(act number, member represented) for each proxy this member held."""
    reported: tuple[str, ...]
    """Numbers of the acts this member reported, newest first."""
    roles: tuple[str, ...]

    @property
    def url(self) -> str:
        return route("member", slug=self.slug)

    def attendance(self) -> tuple[AttendanceRecord, ...]:
        """One record per act of a session the member was listed in, newest first (a method, not a
        property: a rebuild compares people by their fields, not by hundreds of thousands of records)."""
        proxies = dict(self.proxies_given)
        return tuple(AttendanceRecord(number, PRESENCES[code], proxies.get(place)) for place, (number, code) in enumerate(zip(self.attended, self.presences)))
