"""Acts -> Archive: sessions, themes, rapporteurs, years, people and citations."""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from operator import attrgetter
from pathlib import Path
from typing import Iterable, Iterator

from .config import SiteConfig
from .errors import ContentError, warning
from .groupings import GROUPINGS, Grouping, Known
from .models import Act, Person, Proxy, Session, SessionInfo, Term
from .names import person_key, slugify, suspicious_name
from .read import item_line


@dataclass(frozen=True)
class Archive:
    """The whole archive, grouped; terms hold act numbers, never copies of acts."""

    config: SiteConfig
    acts: dict[str, Act]
    """By number, newest first (date, then body, then order)."""
    sessions: dict[str, Session]
    """By id, newest first."""
    terms: dict[str, dict[str, Term]]
    """Each grouping's terms (registre/groupings.py) by key, by the grouping's kind."""
    people: dict[str, Person]
    """By slug, in alphabetical order of names."""
    names: dict[str, str]
    """Display name of each person key."""
    cites: dict[str, tuple[str, ...]]
    """Numbers of the archive's acts that each act quotes."""
    cited_by: dict[str, tuple[str, ...]]
    unresolved: dict[str, tuple[str, ...]]
    """Numbers each act quotes that the archive does not hold, as written."""
    warnings: list[ContentError] = field(default_factory=list)
    members: Members = field(default_factory=lambda: Members())
    shard_months: int = 12
    """Months of acts per search bundle (search_shard_months, else the most that keep bundles under SHARD_ACTS)."""

    def person(self, name: str) -> Person:
        return self.people[slugify(self.names[self.members.key(name)])]

    def knows(self, name: str) -> bool:
        """Whether a name is a person of the acts (a session's secretary need not be)."""
        return self.members.key(name) in self.names

    def gender(self, name: str) -> str:
        """"f", "m", or "x" when members.yaml gives no civility (the strings' inclusive form)."""
        return self.members.genders.get(self.members.key(name), "x")

    def display(self, name: str) -> str:
        """The one spelling the site uses for a person."""
        return self.names.get(self.members.key(name), name)


@dataclass(frozen=True)
class Members:
    """What content/members.yaml says: canonical names, other spellings, roles."""

    names: dict[str, str] = field(default_factory=dict)
    """Canonical name by person key."""
    aliases: dict[str, str] = field(default_factory=dict)
    """Person key of the canonical name, by person key of another spelling."""
    roles: dict[str, tuple[str, ...]] = field(default_factory=dict)
    genders: dict[str, str] = field(default_factory=dict)
    """"f" or "m" by person key, from the civility; the words that agree with a member take its form."""
    _keys: dict[str, str] = field(default_factory=dict, compare=False, repr=False)
    """Names met so far and their keys: a name recurs in every act of its member."""

    def key(self, name: str) -> str:
        """The identity of a person, aliases resolved."""
        key = self._keys.get(name)
        if key is None:
            folded = person_key(name)
            key = self._keys[name] = self.aliases.get(folded, folded)
        return key


sort_key = attrgetter("order_key")
"""Sort acts by date, body, register (the agenda's order), number; reverse it for newest first."""


def find_duplicates(acts: Iterable[Act]) -> list[ContentError]:
    """Two acts with one number, or whose pages would share a URL, are errors naming both files.

    Numbers are compared as the README promises: `ECO 003-2438/17/BM`, `ECO003-2438/17/BM`
    and `ECO 003-02438/17/BM` are one act.
    """
    problems = []
    by_number: dict[tuple[str, ...], Act] = {}
    by_slug: dict[str, Act] = {}
    for act in sorted(acts, key=lambda a: a.source_path):
        line = act.line("number")
        key = act.key
        if key in by_number:
            other = by_number[key]
            written = f' (written "{other.number}")' if other.number != act.number else ""
            problems.append(ContentError(act.source_path, line, "number", f'"{act.number}" is already the number of {other.source_path}{written}'))
        elif act.slug in by_slug:
            other = by_slug[act.slug]
            problems.append(
                ContentError(act.source_path, line, "number", f'"{act.number}" gives the same page as "{other.number}" in {other.source_path} (deliberations/{act.slug}/)')
            )
        by_number.setdefault(key, act)
        by_slug.setdefault(act.slug, act)
    return problems


def group_acts(
    acts: Iterable[Act], config: SiteConfig, session_infos: dict[str, SessionInfo] | None = None, members: Members | None = None
) -> Archive:
    """Group valid, unique acts into the archive."""
    members = members or Members()
    ordered = sorted(acts, key=sort_key, reverse=True)
    by_number = {a.number: a for a in ordered}
    names, name_warnings = choose_names(ordered, members, config.content_dir)
    cites, cited_by, unresolved, citation_warnings = find_citations(ordered, config)
    return Archive(
        config=config,
        acts=by_number,
        sessions=group_sessions(ordered, session_infos or {}, config),
        terms={grouping.kind: _terms(grouping, ordered, Known(config, members.key, names)) for grouping in GROUPINGS},
        people=group_people(ordered, names, members),
        names=names,
        cites=cites,
        cited_by=cited_by,
        unresolved=unresolved,
        warnings=name_warnings + citation_warnings,
        members=members,
        shard_months=config.search_shard_months or shard_months(ordered),
    )


SHARD_ACTS = 2000
"""Acts per search bundle at most, unless the configuration says otherwise: Pagefind needs ~300 MB
per 1,000 acts to index a bundle (two at once), `serve` reindexes an edited act's bundle, and a
reader's first search fetches one bundle's index."""


def shard_months(acts: list[Act]) -> int:
    """The most months per search bundle (12, 6, 4, 3, 2, 1: they divide a year) that keep each under SHARD_ACTS acts."""
    for months in (12, 6, 4, 3, 2):
        per_bundle = Counter((act.date.year, (act.date.month - 1) // months) for act in acts)
        if max(per_bundle.values(), default=0) <= SHARD_ACTS:
            return months
    return 1


def _terms(grouping: Grouping, acts: list[Act], known: Known) -> dict[str, Term]:
    groups: dict[str, list[str]] = defaultdict(list)
    years: dict[str, dict[int, list[int]]] = defaultdict(dict)
    for act in acts:
        if (key := grouping.key_of(act, known)) is not None:  # an act without a rapporteur is on no rapporteur's page
            years[key].setdefault(act.date.year, [0, len(groups[key])])[0] += 1
            groups[key].append(act.number)
    terms = [
        Term(grouping.kind, k, grouping.name_of(k, known), grouping.slug_of(k, known), tuple(numbers), tuple((y, n, first) for y, (n, first) in years[k].items()))
        for k, numbers in groups.items()
    ]
    terms.sort(key=grouping.order, reverse=grouping.newest_first)
    return {t.key: t for t in terms}


def session_of(session_id: str, config: SiteConfig) -> tuple[dt.date, str] | None:
    """The date and body code a session file's name gives (`2022-07-04-cm`), or None."""
    day, body = session_id[:10], session_id[11:]
    codes = {code.lower(): code for code in config.bodies}
    try:
        return (dt.date.fromisoformat(day), codes[body]) if session_id[10:11] == "-" else None
    except (ValueError, KeyError):
        return None


def group_sessions(acts: list[Act], infos: dict[str, SessionInfo], config: SiteConfig) -> dict[str, Session]:
    """A session is a date and a body; its acts in agenda order. A session file listing the
    deliberations examined makes a session even when the archive holds none of its acts."""
    groups: dict[str, list[Act]] = defaultdict(list)
    for act in acts:
        groups[act.session_id].append(act)
    sessions = [
        Session(session_id, *found, (), info.president, info)
        for session_id, info in infos.items()
        if info.listed and session_id not in groups and (found := session_of(session_id, config))
    ]
    for session_id, members in groups.items():
        members.sort(key=sort_key)
        presidents = Counter(a.president for a in members if a.president)
        president = min(presidents, key=lambda p: (-presidents[p], p)) if presidents else None
        first, info = members[0], infos.get(session_id, SessionInfo())
        sessions.append(Session(session_id, first.date, first.body, tuple(a.number for a in members), info.president or president, info))
    sessions.sort(key=lambda s: (s.date, s.body), reverse=True)
    return {s.id: s for s in sessions}


def _names_of(act: Act) -> list[tuple[str, str]]:
    """Every (field, name) an act mentions, the field as `present[3]`."""
    found = [(role, name) for role, name in (("rapporteur", act.rapporteur), ("signatory", act.signatory), ("president", act.president)) if name]
    for key in ("present", "excused", "absent"):
        found += [(f"{key}[{i}]", n) for i, n in enumerate(getattr(act, key))]
    for i, proxy in enumerate(act.represented):
        found += [(f"represented[{i}].member", proxy.member)] + ([(f"represented[{i}].proxy", proxy.proxy)] if proxy.proxy else [])
    vote = act.vote
    for key, names in (("against", vote.against_names), ("abstention", vote.abstention_names), ("not_voting", vote.not_voting_names)):
        found += [(f"vote.names.{key}[{i}]", n) for i, n in enumerate(names)]
    return found


Lists = tuple[tuple[str, ...], tuple[Proxy, ...], tuple[str, ...], tuple[str, ...]]
"""An act's attendance lists: present, represented, excused, absent (`_lists`)."""


def _lists(act: Act) -> Lists:
    """An act's attendance lists: the acts of a session mostly share theirs, and are taken by the run."""
    return act.present, act.represented, act.excused, act.absent


def _listed_names(lists: Lists) -> Iterator[str]:
    """The names of attendance lists (`_lists`)."""
    present, represented, excused, absent = lists
    yield from present
    yield from excused
    yield from absent
    for proxy in represented:
        yield proxy.member
        if proxy.proxy:
            yield proxy.proxy


def _other_names(act: Act) -> Iterator[str]:
    """The names of _names_of outside the attendance lists, without their fields."""
    for name in (act.rapporteur, act.signatory, act.president):
        if name:
            yield name
    yield from act.vote.against_names
    yield from act.vote.abstention_names
    yield from act.vote.not_voting_names


def _all_names(act: Act) -> list[str]:
    """The names of _names_of, without their fields."""
    return [*_listed_names(_lists(act)), *_other_names(act)]


def choose_names(acts: list[Act], members: Members, content_dir: Path) -> tuple[dict[str, str], list[ContentError]]:
    """Pick one spelling per person (members.yaml's, else the most used, accents preferred); warn where others appear."""
    used: Counter[str] = Counter()
    # A run of acts with the same lists counts them once, times its length (100,000 acts: 4.5 million names).
    for lists, same in itertools.groupby(acts, key=_lists):
        run = list(same)
        for name in _listed_names(lists):
            used[name] += len(run)
        for act in run:
            used.update(_other_names(act))
    spellings: dict[str, dict[str, int]] = defaultdict(dict)
    for name, count in used.items():
        spellings[members.key(name)][name] = count
    names: dict[str, str] = {}
    problems = []
    by_path: list[Act] = []  # sorted once a warning needs it

    def warn(name: str, message: str) -> None:
        nonlocal by_path
        by_path = by_path or sorted(acts, key=lambda a: a.source_path)
        act, field_name = _first_use(by_path, name)
        problems.append(warning(act.source_path, item_line(content_dir, act.relative_path, field_name), field_name, f'"{name}" {message}'))

    for key, counts in spellings.items():
        best = members.names.get(key) or min(counts, key=lambda n: (-counts[n], -sum(not c.isascii() for c in n), n))
        names[key] = best
        aliases = {alias for alias, target in members.aliases.items() if target == key}
        for other in sorted(counts):
            if reason := suspicious_name(other):  # « Jean DUPОNT » with a Cyrillic О reads as Jean DUPONT
                warn(other, f"{reason}: a look-alike of another name?")
            # An alias declared in members.yaml is a known spelling, not a mistake.
            if other != best and person_key(other) not in aliases:
                warn(other, f'is spelled "{best}" elsewhere; one person, one spelling')
    return names, problems


def _first_use(by_path: list[Act], name: str) -> tuple[Act, str]:
    """The first file (by path) and field where a name is written: looked for only for a warning."""
    return next((act, field_name) for act in by_path for field_name, n in _names_of(act) if n == name)


def group_people(acts: list[Act], names: dict[str, str], members: Members) -> dict[str, Person]:
    """Each member's attendance, proxies held and acts reported, newest first."""
    attended: dict[str, list[str]] = defaultdict(list)
    presences: dict[str, list[str]] = defaultdict(list)
    sessions: dict[str, list[tuple[str, int]]] = defaultdict(list)
    given: dict[str, list[tuple[int, str]]] = defaultdict(list)
    proxies: dict[str, list[tuple[str, str]]] = defaultdict(list)
    reported: dict[str, list[str]] = defaultdict(list)
    roles: dict[str, set[str]] = defaultdict(set)
    key = members.key
    for act in acts:
        if act.rapporteur:
            reported[key(act.rapporteur)].append(act.number)
            if act.rapporteur_role:
                roles[key(act.rapporteur)].add(act.rapporteur_role)
    # The acts of a session mostly list the same members: a run of acts with the same lists is
    # taken at once, not act by act (100,000 acts of 60 members each were 6 million steps).
    for lists, same in itertools.groupby(acts, key=_lists):
        present, represented, excused, absent = lists
        listed = [
            *((key(name), "p", None) for name in present),
            *((key(proxy.member), "r", key(proxy.proxy) if proxy.proxy else None) for proxy in represented),
            *((key(name), "e", None) for name in excused),
            *((key(name), "a", None) for name in absent),
        ]
        held = [(holder, names[member]) for member, _, holder in listed if holder is not None]
        run = list(same)
        # A member listed twice in an act: act by act, so that each act's entries stay together.
        for part in [run] if len({member for member, _, _ in listed}) == len(listed) else [[act] for act in run]:
            numbers = [act.number for act in part]
            by_session = [(session, len(list(acts_of))) for session, acts_of in itertools.groupby(part, lambda act: act.session_id)]
            for member, code, holder in listed:
                if holder is not None:
                    first = len(attended[member])
                    given[member].extend((first + i, names[holder]) for i in range(len(numbers)))
                attended[member].extend(numbers)
                presences[member].append(code * len(numbers))
                kept = sessions[member]
                for session, count in by_session:
                    if kept and kept[-1][0] == session:
                        kept[-1] = (session, kept[-1][1] + count)
                    else:
                        kept.append((session, count))
            for number in numbers:
                for holder, name in held:
                    proxies[holder].append((number, name))
    keys = set(names)  # everyone named, a president or a voter not on the lists included: each has a page
    people = [
        Person(
            k, names[k], slugify(names[k]), tuple(attended[k]), "".join(presences[k]),
            tuple(sessions[k]),
            tuple(given[k]), tuple(proxies[k]), tuple(reported[k]),
            tuple(dict.fromkeys(members.roles.get(k, ()) + tuple(sorted(roles[k])))),
        )
        for k in keys
    ]
    people.sort(key=lambda p: (surname_key(p.name), p.slug))
    return {p.slug: p for p in people}


def people_kept(before: Archive, after: Archive) -> Archive:
    """`after`, holding `before`'s people where no act that names them came, went or changed: the
    same values, now the same objects. A member's columns are made of the acts naming them, their
    spellings and members.yaml; those of two builds compared number by number (changed_keys: the
    people and their years) took 0.85 s at 100,000 acts, whereas the same objects compare at once."""
    if before.members != after.members or before.names != after.names:  # a spelling is also in others' proxies
        return after
    named: set[str] = set()
    for number in before.acts.keys() | after.acts.keys():
        was, now = before.acts.get(number), after.acts.get(number)
        if was is not now:
            for act in (was, now):
                if act is not None:
                    named.update(map(after.members.key, _all_names(act)))
    people = {
        slug: kept if (kept := before.people.get(slug)) is not None and kept.key == person.key and person.key not in named else person
        for slug, person in after.people.items()
    }
    return dataclasses.replace(after, people=people)


def surname_key(name: str) -> str:
    """Sort "Martine VASSAL" under V: the upper-case words are the surname."""
    words = name.split()
    surname = [w for w in words if w.isupper() and len(w) > 1]
    return slugify(" ".join(surname + words))


def find_citations(acts: list[Act], config: SiteConfig):  # type: ignore[no-untyped-def]
    """Which acts each act quotes, which quote it, and which quoted numbers are not held."""
    held = {a.key: a.number for a in acts if a.parts}
    cites: dict[str, tuple[str, ...]] = {}
    cited_by: dict[str, list[str]] = defaultdict(list)
    unresolved: dict[str, tuple[str, ...]] = {}
    problems = []
    for act in acts:
        found: list[str] = []
        missing: list[str] = []
        for quote in act.quoted:
            target = held.get(quote.key)
            if target == act.number:
                continue
            if target:
                if target not in found:
                    found.append(target)
            elif quote.text not in missing:
                missing.append(quote.text)
                problems.append(warning(act.source_path, quote.line, "body", f'quotes "{quote.text}", which the archive does not hold'))
        cites[act.number] = tuple(found)
        unresolved[act.number] = tuple(missing)
        for target in found:
            cited_by[target].append(act.number)
    return cites, {k: tuple(v) for k, v in cited_by.items()}, unresolved, problems
