"""Page types: each plans its pages from the archive (`plan(view) -> pages`); the renderer only renders.

A page is an address, a layout and a function making the layout's data. A new
page type is a module here with a `plan` function, listed in PAGE_TYPES.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable



@dataclass(frozen=True)
class Page:
    """One page to render: where it goes, with which layout, and what it shows."""

    url: str
    """Relative URL: "" for the home page, "deliberations/x/", or a file name like "404.html"."""
    template: str
    make_context: Callable[[], dict[str, Any]]
    """Data for the layout, computed only when the page is rendered."""
    search_shard: str | None = None
    """For an act's page: the search bundle (its year) its search document goes to."""
    shows_exports: bool = False
    """Made from the data files (the open data page gives their sizes): rendered in the build's own
    process once they are made, while forked workers render the others (build._render_order)."""

    output_path: str = field(init=False, compare=False)
    """Its file in output/ (asked of every page several times a build: made once)."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "output_path", self.url + "index.html" if self.url == "" or self.url.endswith("/") else self.url)
