"""The build: load (read, validate, group), then render, write aside, index and swap."""

from __future__ import annotations

import time
from typing import Callable, NamedTuple

from .config import SiteConfig
from .errors import ContentError, ContentErrors
from .load import load_archive
from .render import Renderer
from .search import index_site
from .write import write_site

Progress = Callable[[str], None]


class BuildResult(NamedTuple):
    acts: int
    pages: int
    changed: int
    warnings: list[ContentError]
    seconds: float


def build_site(config: SiteConfig, *, search: bool = True, progress: Progress | None = None) -> BuildResult:
    """Build the whole site into config.output_dir; raise ContentErrors and leave it as it was on failure."""
    started = time.perf_counter()
    say = progress or (lambda message: None)
    archive = load_archive(config)
    say(f"loaded {len(archive.acts)} acts")
    site = Renderer(archive, config.layouts_dir).render_all()
    say(f"rendered {len(site.pages)} pages")

    def index(staging):  # type: ignore[no-untyped-def]
        pages = index_site(staging, config.language)
        say(f"indexed {pages} pages for search")

    changed = write_site(site, config.output_dir, index if search else None)
    return BuildResult(len(archive.acts), len(site.pages), changed, archive.warnings, time.perf_counter() - started)


def check_site(config: SiteConfig) -> list[ContentError]:
    """Validate everything a build would, rendering in memory; return every problem."""
    try:
        archive = load_archive(config)
        Renderer(archive, config.layouts_dir).render_all()
    except ContentErrors as exc:
        return exc.problems
    return archive.warnings
