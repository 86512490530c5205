"""A member's attendance, proxies held and acts reported, year by year.

A member's own page gives the counts of every year and the newest year's sessions; a page
under it gives each older year's. So an act added changes the own page only (a member's page
of 100,000 acts was half a megabyte, rendered again for each member present). A year's page
reads its entry of `member_year` (in the derived maps, registre/pages/view.py), not the
member's columns, for a rebuild to know that it did not change.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..routes import route

if TYPE_CHECKING:
    from ..group import Archive


@dataclass(frozen=True)
class MemberYear:
    """What a member's page shows of one year: the member's columns (models.Person), cut to it."""

    sessions: tuple[tuple[str, int], ...]
    """(session id, how many acts in a row of `attended` are of it), newest first."""
    attended: tuple[str, ...]
    presences: str
    proxies_given: tuple[tuple[int, str], ...]
    """(place in this year's `attended`, who held the proxy)."""
    proxies_held: tuple[tuple[str, str], ...]
    reported: tuple[str, ...]


def member_year_url(slug: str, year: int) -> str:
    return route("member_year", slug=slug, year=year)


def member_maps(archive: Archive) -> dict[str, dict[Any, Any]]:
    """Each member's years, newest first, by slug; what each year's page shows, by (slug, year)."""
    years_of: dict[str, tuple[int, ...]] = {}
    by_year: dict[tuple[str, int], MemberYear] = {}
    year_of_session = {session_id: session.date.year for session_id, session in archive.sessions.items()}
    for person in archive.people.values():
        # `attended` is newest first (group.group_acts sorts the acts by date): a year is one stretch of it.
        runs: dict[int, list[tuple[str, int, int]]] = {}  # year: (session id, start in `attended`, count)
        starts: list[int] = []  # where each session's acts start, and their year
        years_at: list[int] = []
        start = 0
        for session_id, count in person.sessions:
            year = year_of_session[session_id]
            runs.setdefault(year, []).append((session_id, start, count))
            starts.append(start)
            years_at.append(year)
            start += count
        given: dict[int, list[tuple[int, str]]] = {}
        for place, member in person.proxies_given:
            given.setdefault(years_at[bisect.bisect_right(starts, place) - 1], []).append((place, member))
        held: dict[int, list[tuple[str, str]]] = {}
        for number, member in person.proxies_held:
            held.setdefault(archive.acts[number].date.year, []).append((number, member))
        reported: dict[int, list[str]] = {}
        for number in person.reported:
            reported.setdefault(archive.acts[number].date.year, []).append(number)
        years = sorted(runs.keys() | held.keys() | reported.keys(), reverse=True)
        years_of[person.slug] = tuple(years)
        for year in years:
            cut = runs.get(year, [])
            first, end = (cut[0][1], cut[-1][1] + cut[-1][2]) if cut else (0, 0)
            by_year[(person.slug, year)] = MemberYear(
                tuple((session_id, count) for session_id, _, count in cut),
                person.attended[first:end],
                person.presences[first:end],
                tuple((place - first, member) for place, member in given.get(year, ())),
                tuple(held.get(year, ())),
                tuple(reported.get(year, ())),
            )
    return {"member_years": years_of, "member_year": by_year}
