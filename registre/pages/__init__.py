"""Page types: each plans its pages from the archive (`plan(view) -> pages`); the renderer only renders.

A page is an address, a layout and a function making the layout's data. A new
page type is a module here with a `plan` function, listed in PAGE_TYPES.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from ..routes import page_url


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

    @property
    def output_path(self) -> str:
        return self.url + "index.html" if self.url == "" or self.url.endswith("/") else self.url


@dataclass(frozen=True)
class Pager:
    """One page of a long listing."""

    number: int
    count: int
    items: tuple[str, ...]
    urls: tuple[str, ...]

    @property
    def previous(self) -> str | None:
        return self.urls[self.number - 2] if self.number > 1 else None

    @property
    def next(self) -> str | None:
        return self.urls[self.number] if self.number < self.count else None


def paginate(listing: str, numbers: tuple[str, ...], size: int) -> list[Pager]:
    """Split a listing into pages of `size` acts."""
    count = max(1, -(-len(numbers) // size))
    urls = tuple(page_url(listing, n) for n in range(1, count + 1))
    return [Pager(n, count, numbers[(n - 1) * size : n * size], urls) for n in range(1, count + 1)]
