"""The members: their index, and each member's page (attendance per session, proxies held, acts reported)."""

from __future__ import annotations

import functools
from collections import Counter
from typing import Any, Iterator

from ..models import PRESENCES, AttendanceRecord, Person
from ..routes import route
from . import Page
from .view import View, capitalized


def plan(view: View) -> Iterator[Page]:
    t = view.t
    yield Page(route("members"), "people.html", lambda: {"title": t["members"], "section": route("members"), "people": list(view.archive.people.values())})
    for person in view.raw.people.values():
        yield Page(person.url, "person.html", functools.partial(person_context, view, person.slug))


def person_context(view: View, slug: str) -> dict[str, Any]:
    person = view.archive.people[slug]
    rows = attendance_by_session(view, person)
    return {
        "title": person.name, "person": person, "sessions": rows, "summary": attendance_summary(view, person, rows),
        "proxies": proxies_by_session(view, person), "breadcrumbs": [(route("members"), view.t["members"])], "section": route("members"),
    }


def attendance_by_session(view: View, person: Person) -> list[dict[str, Any]]:
    """One row per session: the member's situation there, in runs of the agenda's items
    (« présente, points 1 à 5 ; absente, points 6 à 11 » for a member who left)."""
    a = view.archive
    records: dict[str, dict[str, AttendanceRecord]] = {}
    attendance, start = person.attendance(), 0
    for session_id, count in person.sessions:
        records.setdefault(session_id, {}).update((record.act, record) for record in attendance[start : start + count])
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
                word = view.status_word(found.presence, person.name)
                runs.append({"presence": found.presence, "proxy": found.proxy, "word": word if runs else capitalized(word), "first": point, "last": point})
        whole = len(runs) == 1 and len(by_act) == len(session.acts)
        for run in runs:
            run["points"] = "" if whole else points(view, run["first"], run["last"])
        rows.append({"session": session, "runs": runs, "present": any(r["presence"] == "present" for r in runs)})
    return rows


def points(view: View, first: int, last: int) -> str:
    single, several = view.t["points"]
    return str(single.format(first=first) if first == last else several.format(first=first, last=last))


def attendance_summary(view: View, person: Person, rows: list[dict[str, Any]]) -> dict[str, str]:
    """What the rate counts, in words: sessions attended at all, then the acts of those sessions."""
    if not rows:
        return {}
    t = view.t
    counts = Counter({PRESENCES[code]: n for code, n in Counter(person.presences).items()})  # not records: thousands at 10,000 acts
    total = sum(counts.values())
    forms = {p: t["status_count"].format(status=view.status_word(p, person.name), count=counts[p]) for p in ("present", "represented", "excused", "absent")}
    return {
        "sessions": t["attendance_sessions"].format(
            status=capitalized(view.status_word("present", person.name)), present=view.count(sum(r["present"] for r in rows), t["sessions_count"]), total=len(rows)
        ),
        "acts": t["attendance_acts"].format(total=view.count(total, t["acts"]), rate=round(100 * counts["present"] / total), **forms),
    }


def proxies_by_session(view: View, person: Person) -> list[dict[str, Any]]:
    """The proxies a member held, one line per session and member represented."""
    grouped: dict[str, Counter[str]] = {}
    for number, member in person.proxies_held:
        grouped.setdefault(view.archive.acts[number].session_id, Counter())[member] += 1
    return [{"session": view.archive.sessions[session_id], "members": list(members.items())} for session_id, members in grouped.items()]
