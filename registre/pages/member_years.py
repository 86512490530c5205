"""A member's attendance, proxies held and acts reported, year by year.

A member's own page gives the counts of every year and the newest year's sessions; a page
under it gives each older year's. So an act added changes the own page only (a member's page
of 100,000 acts was half a megabyte, rendered again for each member present). A year's page
reads its entry of `member_year` (in the derived maps, registre/pages/view.py), not the
member's columns, for a rebuild to know that it did not change.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from itertools import accumulate
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
    # Years negated, to ascend where a member's columns go newest first.
    year_of_session = {session_id: -session.date.year for session_id, session in archive.sessions.items()}
    year_of_act = {number: -act.date.year for number, act in archive.acts.items()}
    for person in archive.people.values():
        # A member's columns are newest first (group.group_people): a year is one stretch of each, cut
        # where bisect finds it (element by element, it took a second a build at 100,000 acts).
        session_years = [year_of_session[session_id] for session_id, _ in person.sessions]
        starts = list(accumulate([count for _, count in person.sessions], initial=0))  # where each session's acts start in `attended`
        given_places = [place for place, _ in person.proxies_given]
        held_years = [year_of_act[number] for number, _ in person.proxies_held]
        reported_years = list(map(year_of_act.__getitem__, person.reported))
        years = sorted({*session_years, *held_years, *reported_years})
        years_of[person.slug] = tuple(-year for year in years)
        for year in years:
            cut = slice(bisect_left(session_years, year), bisect_right(session_years, year))
            first, end = starts[cut.start], starts[cut.stop]
            given = person.proxies_given[bisect_left(given_places, first) : bisect_left(given_places, end)]
            by_year[(person.slug, -year)] = MemberYear(
                person.sessions[cut],
                person.attended[first:end],
                person.presences[first:end],
                tuple((place - first, member) for place, member in given),
                person.proxies_held[bisect_left(held_years, year) : bisect_right(held_years, year)],
                person.reported[bisect_left(reported_years, year) : bisect_right(reported_years, year)],
            )
    return {"member_years": years_of, "member_year": by_year}
