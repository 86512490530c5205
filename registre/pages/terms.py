"""Groupings (registre/groupings.py): each one's index of terms, and each term's acts in pages."""

from __future__ import annotations

import functools
from collections import Counter
from typing import Any, Iterator

from markupsafe import Markup

from ..charts import year_chart
from ..groupings import BY_KIND, GROUPINGS, Grouping
from ..models import Term
from ..routes import feed_url, page_url, route
from . import Page, paginate
from .view import View

YEAR_ANCHOR = "annee-{year}"
"""The anchor of a year's heading on a listing, where its jump list points."""


def plan(view: View) -> Iterator[Page]:
    for grouping in GROUPINGS:
        yield Page(route("grouping", kind=grouping.kind), "terms.html", functools.partial(index_context, view, grouping))
        for term in view.raw.terms[grouping.kind].values():
            for pager in paginate(term.url, term.acts, view.config.page_size):
                yield Page(pager.urls[pager.number - 1], "term.html", functools.partial(term_context, view, term.kind, term.key, pager.number))


def index_context(view: View, grouping: Grouping) -> dict[str, Any]:
    index = route("grouping", kind=grouping.kind)
    return {"title": view.t[grouping.label], "section": index, "grouping": grouping, "terms": list(view.archive.terms[grouping.kind].values())}


def term_context(view: View, kind: str, key: str, page: int) -> dict[str, Any]:
    a, t = view.archive, view.t
    grouping = BY_KIND[kind]
    term = a.terms[kind][key]
    pager = view.remember(("pages", term.url), lambda: paginate(term.url, term.acts, view.config.page_size))[page - 1]
    first = pager.number == 1
    sessions = [s for s in a.sessions.values() if str(s.date.year) == term.key] if grouping.period and first else []
    title = term.name if first else f"{term.name} · {t['page']} {pager.number}"
    index = route("grouping", kind=term.kind)
    crumbs = [(index, t[grouping.label])] + ([] if first else [(term.url, term.name)])
    chart = Markup("")
    years = years_of(view, term)
    if first and not grouping.period:
        label = f"{t['acts_per_year']} : " + ", ".join(f"{y} : {n}" for y, (n, _) in sorted(years.items()))
        chart = year_chart({y: n for y, (n, _) in years.items()}, label)
    feeds = [(feed_url(term.url), f"{view.config.title} · {term.name}")] if grouping.feed else []
    by_year: dict[int, list[str]] = {}
    for number in pager.items:
        by_year.setdefault(a.acts[number].date.year, []).append(number)
    return {
        "title": title, "heading": term.name, "term": term, "grouping": grouping, "pager": pager, "sessions": sessions, "breadcrumbs": crumbs,
        "section": index, "chart": chart, "feeds": feeds, "by_year": [(y, YEAR_ANCHOR.format(year=y), numbers) for y, numbers in by_year.items()],
        "years": [(y, n, where) for y, (n, where) in years.items()] if not grouping.period and len(years) > 1 else [],
        "themes": themes_of_period(view, grouping, term) if first else [],
    }


def themes_of_period(view: View, grouping: Grouping, term: Term) -> list[tuple[Term, int, str]]:
    """Narrowing without JavaScript: a year's page lists its themes, each linking to where
    that year starts on the theme's pages."""
    if not grouping.period:
        return []
    a = view.archive
    counts = Counter(a.acts[n].theme for n in term.acts)
    return [(theme, counts[key], years_of(view, theme)[int(term.key)][1]) for key, theme in a.terms["themes"].items() if key in counts]


def years_of(view: View, term: Term) -> dict[int, tuple[int, str]]:
    """Each year of a term, newest first: its count of acts and where its list starts (page and anchor)."""
    size = view.config.page_size
    return {y: (count, f"{page_url(term.url, first // size + 1)}#{YEAR_ANCHOR.format(year=y)}") for y, count, first in term.years}
