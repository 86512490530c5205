"""Where everything is published: the one table of the site's addresses.

Models, page plans, exports and layouts (as `routes`) take their URLs from here;
a grouping's folder is its kind (registre/groupings.py). URLs are relative to
the site's root: "" is the home page, folders end with "/".
"""

from __future__ import annotations

ROUTES = {
    "home": "",
    "act": "deliberations/{slug}/",
    "attachment": "{act}annexes/{name}",
    "sessions": "seances/",
    "session": "seances/{id}/",
    "members": "elus/",
    "member": "elus/{slug}/",
    "member_year": "elus/{slug}/{year}/",
    "grouping": "{kind}/",
    "term": "{kind}/{slug}/",
    "listing_page": "{listing}page/{n}/",
    "feed": "{page}feed.xml",
    "search": "recherche/",
    "data": "donnees/",
    "accessibility": "accessibilite/",
    "not_found": "404.html",
    "csv": "donnees/deliberations.csv",
    "spreadsheet": "donnees/deliberations-tableur.csv",
    "json": "donnees/deliberations.json",
    "calendar": "seances.ics",
    "sitemap": "sitemap.xml",
    "robots": "robots.txt",
    "feed_xsl": "feed.xsl",
    "feed_css": "feed.css",
    "static": "static/",
}


def route(which: str, /, **parts: str | int) -> str:
    """The URL of a route, its parts filled in: route("session", id="2017-10-19-bm")."""
    return ROUTES[which].format(**parts) if parts else ROUTES[which]


def term_url(kind: str, slug: str) -> str:
    return route("term", kind=kind, slug=slug)


def feed_url(page: str) -> str:
    """The Atom feed of a listing page (the site's latest acts at the root)."""
    return route("feed", page=page)


def page_url(listing: str, n: int | None) -> str:
    """A listing's own page (None) at its URL, its numbered pages under it."""
    return listing if n is None else route("listing_page", listing=listing, n=n)
