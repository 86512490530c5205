"""The site's own pages: home, search, open data, accessibility statement, 404."""

from __future__ import annotations

import re
from typing import Any, Iterator

from ..routes import route
from . import Page
from .acts import search_shard, shard_order
from .view import View, build_date, file_size

HOME_SESSIONS = 6
HOME_ACTS = 10
DATA_FILES = (("csv", "CSV"), ("spreadsheet", "CSV"), ("json", "JSON"), ("feed", "Atom"), ("calendar", "iCalendar"))
"""The files the open data page lists (routes), with their format."""


def plan(view: View) -> Iterator[Page]:
    a, t = view.archive, view.t
    yield Page(route("home"), "home.html", lambda: {
        "title": t["home"], "latest_sessions": list(a.sessions.values())[:HOME_SESSIONS], "latest_acts": list(a.acts)[:HOME_ACTS],
        "latest_date": max((act.date for act in a.acts.values()), default=None), "built": build_date(),
    })
    yield search_page(view)
    yield Page(route("not_found"), "404.html", lambda: {"title": t["not_found_title"]})
    yield Page(route("data"), "data.html", lambda: data_context(view), shows_exports=True)
    yield Page(route("accessibility"), "accessibility.html", lambda: {"title": t["accessibility"]})


def search_page(view: View) -> Page:
    """The search page, with the bundles it searches (newest first) and `serve`'s edits bundle."""
    return Page(route("search"), "search.html", lambda: search_context(view))


def search_context(view: View) -> dict[str, Any]:
    acts = view.archive.acts.values()
    shards = sorted({search_shard(act, view.archive.shard_months) for act in acts}, key=shard_order, reverse=True) if view.search_documents else []
    # The number pattern for the browser: a number typed whole is looked for in its own year first.
    number_pattern = re.sub(r"\(\?P=(\w+)\)", r"\\k<\1>", view.config.number_pattern.pattern.replace("(?P<", "(?<"))
    return {
        "title": view.t["search"], "section": route("search"), "shards": shards, "edits": [view.edits_bundle] if view.edits_bundle else [],
        "number_pattern": number_pattern,
    }


def data_context(view: View) -> dict[str, Any]:
    files = view.exports()
    listed = [(route(name, page=route("home")) if name == "feed" else route(name), kind) for name, kind in DATA_FILES]
    return {
        "title": view.t["open_data"],
        "section": "",
        "files": [{"url": path, "kind": kind, "size": file_size(len(files[path]))} for path, kind in listed],
        "acts_count": len(view.archive.acts),
    }
