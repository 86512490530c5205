"""The sessions: their index by year, and each session's page with its list of deliberations."""

from __future__ import annotations

import functools
from typing import Any, Iterable, Iterator

from ..legal_record import same_number
from ..models import Act, Listed, Session, minutes_url
from ..routes import route
from . import Page
from .acts import attendance_counts
from .view import View


def plan(view: View) -> Iterator[Page]:
    t = view.t
    yield Page(route("sessions"), "sessions.html", lambda: {"title": t["sessions"], "section": route("sessions"), "by_year": by_year(view.archive.sessions.values())})
    for session in view.raw.sessions.values():
        yield Page(session.url, "session.html", functools.partial(session_context, view, session.id))


def session_context(view: View, session_id: str) -> dict[str, Any]:
    a, t = view.archive, view.t
    session = a.sessions[session_id]
    title = t["session_of"].format(date=view.format_date(session.date)) + f" · {view.config.bodies[session.body].name}"
    counts = [attendance_counts(view, a.acts[number]) for number in session.acts]
    opening = counts[0] if counts else None
    # Members arrive, leave and give proxies during a session: the act from which the lists change says so.
    changed = {number: t["attendance_from"].format(counts=text) for number, text, before in zip(session.acts[1:], counts[1:], counts) if text != before}
    minutes = session.info.minutes_file
    return {
        "title": title, "session": session, "body_term": a.terms["instances"].get(session.body), "opening_counts": opening, "changed_counts": changed,
        "listed": listed_items(view, session),
        "minutes_file": view.file_facts(t["minutes"], minutes, minutes_url(session)) if minutes else None,
        "breadcrumbs": [(route("sessions"), t["sessions"])], "section": route("sessions"),
    }


def listed_items(view: View, session: Session) -> list[tuple[Listed | None, Act | None]]:
    """The session file's list of deliberations, each item with its act when the archive holds it,
    then the session's acts the list leaves out (`check` warns of them); empty without a list."""
    if not session.info.listed:
        return []
    held = {same_number(number, view.config): view.archive.acts[number] for number in session.acts}
    items = [(item, held.pop(same_number(item.number, view.config), None) if item.number else None) for item in session.info.listed]
    return items + [(None, act) for act in held.values()]


def by_year(sessions: Iterable[Session]) -> list[tuple[int, list[Session]]]:
    grouped: dict[int, list[Session]] = {}
    for session in sessions:
        grouped.setdefault(session.date.year, []).append(session)
    return list(grouped.items())
