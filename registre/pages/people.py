"""The members: their index, and each member's pages (attendance per session, proxies held, acts
reported): the own page with every year's counts and the newest year, a page for each older year."""

from __future__ import annotations

import functools
from collections import Counter
from typing import Any, Iterator

from ..models import PRESENCES, AttendanceRecord, Person
from ..routes import route
from . import Page
from .listing import YEAR_ANCHOR
from .member_years import MemberYear, member_year_url
from .view import View, capitalized

PRESENT = next(code for code, presence in PRESENCES.items() if presence == "present")


def plan(view: View) -> Iterator[Page]:
    t = view.t
    yield Page(route("members"), "people.html", lambda: {"title": t["members"], "section": route("members"), "people": list(view.archive.people.values())})
    years = view.raw_derived["member_years"]
    for person in view.raw.people.values():
        yield Page(person.url, "person.html", functools.partial(person_context, view, person.slug, None))
        for year in years[person.slug][1:]:  # the newest is on the member's own page
            yield Page(member_year_url(person.slug, year), "person.html", functools.partial(person_context, view, person.slug, year))


def person_context(view: View, slug: str, year: int | None) -> dict[str, Any]:
    """A member's own page (`year` None: every year's counts and the newest year), or an older year's page."""
    person = view.archive.people[slug]
    context: dict[str, Any] = {"person": person, "summary": {}, "years": [], "breadcrumbs": [(route("members"), view.t["members"])], "section": route("members")}
    if year is None:
        years = view.member_years[slug]
        shown = years[0] if years else None
        context["title"] = person.name
        context["summary"] = attendance_summary(view, person)
        context["years"] = [(y, f"{person.url}#{YEAR_ANCHOR.format(year=y)}" if y == shown else member_year_url(slug, y)) for y in years]
    else:
        shown = year
        context["title"] = f"{person.name} · {year}"
        context["breadcrumbs"].append((person.url, person.name))
    entry = view.member_year[(slug, shown)] if shown is not None else None
    return context | {
        "year": shown, "anchor": YEAR_ANCHOR.format(year=shown), "own_page": year is None,
        "sessions": attendance_by_session(view, person.name, entry) if entry else [],
        "proxies": proxies_by_session(view, entry.proxies_held) if entry else [], "reported": entry.reported if entry else (),
    }


def attendance_by_session(view: View, name: str, entry: MemberYear) -> list[dict[str, Any]]:
    """One row per session of a year: the member's situation there, in runs of the agenda's items
    (« présente, points 1 à 5 ; absente, points 6 à 11 » for a member who left)."""
    a = view.archive
    records: dict[str, dict[str, AttendanceRecord]] = {}
    proxies, start = dict(entry.proxies_given), 0
    for session_id, count in entry.sessions:
        by_act = records.setdefault(session_id, {})
        for place in range(start, start + count):
            by_act[entry.attended[place]] = AttendanceRecord(entry.attended[place], PRESENCES[entry.presences[place]], proxies.get(place))
        start += count
    rows = []
    for session_id, by_act in records.items():
        session = a.sessions[session_id]
        runs: list[dict[str, Any]] = []
        for point, number in enumerate(session.acts, 1):
            if (found := by_act.get(number)) is None:
                continue
            if runs and (runs[-1]["presence"], runs[-1]["proxy"]) == (found.presence, found.proxy) and runs[-1]["last"] == point - 1:
                runs[-1]["last"] = point
            else:
                word = view.status_word(found.presence, name)
                runs.append({"presence": found.presence, "proxy": found.proxy, "word": word if runs else capitalized(word), "first": point, "last": point})
        whole = len(runs) == 1 and len(by_act) == len(session.acts)
        for run in runs:
            run["points"] = "" if whole else points(view, run["first"], run["last"])
        rows.append({"session": session, "runs": runs})
    return rows


def points(view: View, first: int, last: int) -> str:
    single, several = view.t["points"]
    return str(single.format(first=first) if first == last else several.format(first=first, last=last))


def attendance_summary(view: View, person: Person) -> dict[str, str]:
    """What the rate counts, in words: sessions attended at all, then the acts of those sessions (every year)."""
    if not person.sessions:
        return {}
    t = view.t
    present: dict[str, bool] = {}  # by session: present for one act at least
    start = 0
    for session_id, count in person.sessions:
        present[session_id] = present.get(session_id, False) or PRESENT in person.presences[start : start + count]
        start += count
    counts = Counter({PRESENCES[code]: n for code, n in Counter(person.presences).items()})  # not records: thousands at 10,000 acts
    total = sum(counts.values())
    forms = {p: t["status_count"].format(status=view.status_word(p, person.name), count=counts[p]) for p in ("present", "represented", "excused", "absent")}
    return {
        "sessions": t["attendance_sessions"].format(
            status=capitalized(view.status_word("present", person.name)), present=view.count(sum(present.values()), t["sessions_count"]), total=len(present)
        ),
        "acts": t["attendance_acts"].format(total=view.count(total, t["acts"]), rate=round(100 * counts["present"] / total), **forms),
    }


def proxies_by_session(view: View, held: tuple[tuple[str, str], ...]) -> list[dict[str, Any]]:
    """The proxies a member held, one line per session and member represented."""
    grouped: dict[str, Counter[str]] = {}
    for number, member in held:
        grouped.setdefault(view.archive.acts[number].session_id, Counter())[member] += 1
    return [{"session": view.archive.sessions[session_id], "members": list(members.items())} for session_id, members in grouped.items()]
