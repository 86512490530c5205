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
from . import Page
from .listing import YEAR_ANCHOR, own_page, paginate
from .view import View


def plan(view: View) -> Iterator[Page]:
    for grouping in GROUPINGS:
        yield Page(route("grouping", kind=grouping.kind), "terms.html", functools.partial(index_context, view, grouping))
        for term in view.raw.terms[grouping.kind].values():
            for pager in paginate(term.url, term.acts, view.config.page_size):
                url = page_url(term.url, pager.number)
                yield Page(url, "term.html", functools.partial(term_context, view, term.kind, term.key, pager.number))


def index_context(view: View, grouping: Grouping) -> dict[str, Any]:
    index = route("grouping", kind=grouping.kind)
    return {"title": view.t[grouping.label], "section": index, "grouping": grouping, "terms": list(view.archive.terms[grouping.kind].values())}


def term_context(view: View, kind: str, key: str, number: int | None) -> dict[str, Any]:
    """A listing's own page (`number` None: its newest acts, its count, chart and years) or one of
    its numbered pages, which reads only what it shows (registre/pages/listing.py)."""
    a, t = view.archive, view.t
    grouping = BY_KIND[kind]
    term = a.terms[kind][key]
    index = route("grouping", kind=term.kind)
    starts = view.year_starts[(kind, key)] if not grouping.period else ()
    context: dict[str, Any] = {
        "heading": term.name, "term": term, "grouping": grouping, "section": index, "chart": Markup(""), "sessions": [], "themes": [],
        "feeds": [(feed_url(term.url), f"{view.config.title} · {term.name}")] if grouping.feed else [],
    }
    if number is None:
        pager = own_page(term.url, term.acts, view.config.page_size)
        counts = {y: n for y, n, _ in term.years}
        if not grouping.period:
            label = f"{t['acts_per_year']} : " + ", ".join(f"{y} : {n}" for y, n in sorted(counts.items()))
            context["chart"] = year_chart(counts, label)
        context |= {
            "title": term.name, "breadcrumbs": [(index, t[grouping.label])], "count": len(term.acts),
            "years": [(y, counts[y], where) for y, where in starts] if len(starts) > 1 else [],
            "sessions": [a.sessions[i] for i in view.sessions_by_year.get(term.key, ())] if grouping.period else [],
            "themes": themes_of_period(view, term) if grouping.period else [],
        }
    else:
        pager = view.listing_pages[(kind, key, number)]
        newest, oldest = a.acts[pager.items[0]].date, a.acts[pager.items[-1]].date
        span = t["acts_from_to"].format(first=view.format_date(oldest), last=view.format_date(newest))
        context |= {
            "title": f"{term.name} · {span}", "breadcrumbs": [(index, t[grouping.label]), (term.url, term.name)], "span": span,
            "years": [(y, None, where) for y, where in starts] if len(starts) > 1 else [],
        }
    by_year: dict[int, list[str]] = {}
    for act in pager.items:
        by_year.setdefault(a.acts[act].date.year, []).append(act)
    return context | {"pager": pager, "by_year": [(y, YEAR_ANCHOR.format(year=y), numbers) for y, numbers in by_year.items()]}


def themes_of_period(view: View, term: Term) -> list[tuple[Term, int, str]]:
    """Narrowing without JavaScript: a year's page lists its themes, each linking to where
    that year starts on the theme's pages."""
    a, year = view.archive, int(term.key)
    counts = Counter(a.acts[n].theme for n in term.acts)
    # The year's themes only, in the themes' order: not every theme, each changing with its acts.
    themes = sorted((a.terms["themes"][key] for key in counts), key=BY_KIND["themes"].order)
    return [(theme, counts[theme.key], dict(view.year_starts[("themes", theme.key)])[year]) for theme in themes]
