"""Long listings (a theme's, a body's acts…) in pages: the listing's own page holds its newest
acts, numbered pages under it the older ones, numbered from the oldest.

So an act added at the newest end changes the listing's own page only: a numbered page keeps
its acts (a link to it stays true), and a build renders it again only when it is made. Pages
read their entry of `listing_pages` (in `derived` maps, registre/pages/view.py), not the
listing's acts, for a rebuild to know that.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..routes import page_url

if TYPE_CHECKING:
    from ..group import Archive

YEAR_ANCHOR = "annee-{year}"
"""The anchor of a year's heading on a listing, where its jump list points."""


@dataclass(frozen=True)
class Pager:
    """One page of a long listing: its acts, newest first, and the pages either side."""

    number: int | None
    """None for the listing's own page (its newest acts); 1 for its oldest acts, 2 for the next…"""
    items: tuple[str, ...]
    newer: str | None
    older: str | None


def _split(count: int, size: int) -> tuple[int, int]:
    """(numbered pages, acts on the listing's own page) of a listing of `count` acts."""
    numbered = max(0, count // size - 1)
    return numbered, count - numbered * size


def paginate(listing: str, numbers: tuple[str, ...], size: int) -> list[Pager]:
    """Split a listing (newest first) into its own page and numbered pages of `size` acts; its
    own page holds the acts not on a full page (`size` to 2 × `size` − 1 once there are more)."""
    numbered, top = _split(len(numbers), size)
    pages = [own_page(listing, numbers, size)]
    for n in range(numbered, 0, -1):
        end = top + (numbered - n + 1) * size
        newer = page_url(listing, n + 1) if n < numbered else listing
        pages.append(Pager(n, numbers[end - size : end], newer, page_url(listing, n - 1) if n > 1 else None))
    return pages


def own_page(listing: str, numbers: tuple[str, ...], size: int) -> Pager:
    """The listing's own page alone (the first of `paginate`): its newest acts."""
    numbered, top = _split(len(numbers), size)
    return Pager(None, numbers[:top], None, page_url(listing, numbered) if numbered else None)


def page_number(position: int, count: int, size: int) -> int | None:
    """The page of a listing of `count` acts holding the one at `position` (newest first); None: its own page."""
    numbered, top = _split(count, size)
    return None if position < top else numbered - (position - top) // size


def year_starts(url: str, years: tuple[tuple[int, int, int], ...], count: int, size: int) -> tuple[tuple[int, str], ...]:
    """Where each year of a listing (`Term.years`) starts: the page and anchor of its newest act."""
    return tuple((y, f"{page_url(url, page_number(first, count, size))}#{YEAR_ANCHOR.format(year=y)}") for y, _, first in years)


def listing_maps(archive: Archive) -> dict[str, dict[Any, Any]]:
    """What the numbered pages of every listing show of it, by (kind, key, number); where each
    term's years start, by (kind, key); each year's sessions: they change only when what a page
    shows does (a year's page does not read every session, nor a numbered page its whole listing)."""
    size = archive.config.page_size
    pages: dict[tuple[str, str, int | None], Pager] = {}
    starts: dict[tuple[str, str], tuple[tuple[int, str], ...]] = {}
    for kind, terms in archive.terms.items():
        for key, term in terms.items():
            starts[(kind, key)] = year_starts(term.url, term.years, len(term.acts), size)
            if len(term.acts) >= 2 * size:
                pages.update(((kind, key, pager.number), pager) for pager in paginate(term.url, term.acts, size)[1:])
    sessions: dict[str, list[str]] = {}
    for session in archive.sessions.values():
        sessions.setdefault(str(session.date.year), []).append(session.id)
    return {"listing_pages": pages, "year_starts": starts, "sessions_by_year": {year: tuple(ids) for year, ids in sessions.items()}}
