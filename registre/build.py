"""The build: load (read, validate, group), then render, write, index.

A full build writes the site aside and swaps it with output/. A rebuild after a
change (in `serve`) renders only the pages the change touches and replaces
those files in place.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Callable, NamedTuple

import jinja2

from .config import SiteConfig
from .errors import ContentError, ContentErrors
from .group import Archive
from .load import ActCache, load_archive
from .render import Page, Renderer, Site
from .search import index_site
from .write import update_site, write_site

Progress = Callable[[str], None]


class BuildResult(NamedTuple):
    acts: int
    pages: int
    changed: int
    warnings: list[ContentError]
    seconds: float


class Builder:
    """Builds a site, then rebuilds only what each change touches; keeps what it needs between runs."""

    def __init__(self, config: SiteConfig, *, search: bool = True, progress: Progress | None = None) -> None:
        self.config = config
        self.search = search
        self.say = progress or (lambda message: None)
        self.cache: ActCache = {}
        self.archive: Archive | None = None
        self.depends: dict[str, frozenset[str] | None] = {}
        """What each page written depends on, by output path."""
        self.copies: dict[str, tuple[Path, tuple[int, int]]] = {}
        self.exported: set[str] = set()
        """Output paths of the data files (feeds, open data) last written."""
        self.env: jinja2.Environment | None = None

    def build(self) -> BuildResult:
        """Build everything into a folder beside output/, then swap it in."""
        started = time.perf_counter()
        archive = load_archive(self.config, self.cache)
        self.say(f"loaded {len(archive.acts)} acts")
        renderer = Renderer(archive, self.config.layouts_dir, self.say)
        self.env = renderer.env
        plan = list(renderer.plan())
        site = renderer.render_all(plan)
        pages = len(site.pages)
        exported = renderer.exports()
        site.pages.update(exported)
        self.say(f"rendered {pages} pages")
        changed = write_site(site, self.config.output_dir, self._index if self.search else None)
        self._remember(archive, plan, site, set(exported))
        return BuildResult(len(archive.acts), pages, changed, archive.warnings, time.perf_counter() - started)

    def rebuild(self, changed_paths: set[Path] | None, written: Callable[[], None] | None = None) -> BuildResult:
        """Render again only the pages that changed files touch, and replace them in output/.

        `written` is called once the pages are in place, before the search index is redone.
        """
        if self.archive is None or changed_paths is None or not self.config.output_dir.is_dir():
            result = self.build()
            if written:
                written()
            return result
        started = time.perf_counter()
        before = self.archive
        archive = load_archive(self.config, self.cache)
        renderer = Renderer(archive, self.config.layouts_dir, self.say, self.env)
        plan = list(renderer.plan())
        layouts = self.config.layouts_dir.resolve()
        changed_layouts = {p.relative_to(layouts).as_posix() for p in changed_paths if p.is_relative_to(layouts)}
        # The site's words are on every page; a layout is on the pages that use it.
        everything = archive.names != before.names or any(n.startswith("strings/") for n in changed_layouts)
        templates = renderer.templates_using({n for n in changed_layouts if n.endswith(".html")})
        touched, listed = changed_acts(before, archive)
        to_render = [p for p in plan if everything or p.template in templates or self._touched(p, touched, listed)]
        site = renderer.render_all(to_render)
        exported = renderer.exports()
        site.pages.update(exported)
        all_copies = renderer.copies()
        copies = {path: source for path, source in all_copies.items() if self.copies.get(path) != (source, _stamp(source))}
        removed = (set(self.depends) - {p.output_path for p in plan}) | (set(self.copies) - set(all_copies)) | (self.exported - set(exported))
        changed = update_site(Site(site.pages, copies), self.config.output_dir, removed)
        self._remember(archive, plan, Site(site.pages, all_copies), set(exported))
        self.say(f"{changed} files written in {time.perf_counter() - started:.2f} s")
        if written:
            written()
        if self.search and changed:
            self._index(self.config.output_dir, in_place=True)
        return BuildResult(len(archive.acts), len(plan), changed, archive.warnings, time.perf_counter() - started)

    def _touched(self, page: Page, touched: set[str], listed: set[str]) -> bool:
        """Render a page again if it is new, lists every act, is the page of a changed act,
        or lists (or listed) an act whose listed facts changed."""
        if page.output_path not in self.depends:
            return True
        old = self.depends[page.output_path]
        if page.depends is None or old is None or page.owner in touched:
            return True
        return bool((page.depends | old) & listed)

    def _remember(self, archive: Archive, plan: list[Page], site: Site, exported: set[str]) -> None:
        self.exported = exported
        self.archive = archive
        self.depends = {p.output_path: p.depends for p in plan}
        self.copies = {path: (source, _stamp(source)) for path, source in site.copies.items()}

    def _index(self, site_dir: Path, in_place: bool = False) -> None:
        pages = index_site(site_dir, self.config.language, in_place=in_place)
        self.say(f"indexed {pages} pages for search")


def listed_facts(archive: Archive, number: str) -> tuple[object, ...] | None:
    """What pages other than its own show of an act: listings, attendance, citations."""
    act = archive.acts.get(number)
    if act is None:
        return None
    people = (act.president, act.present, act.represented, act.excused, act.absent, act.rapporteur, act.rapporteur_role)
    return (act.title, act.date, act.body, act.theme, people, archive.cites.get(number))


def changed_acts(before: Archive, after: Archive) -> tuple[set[str], set[str]]:
    """Acts changed in any way, and acts changed in what other pages show of them."""
    numbers = set(before.acts) | set(after.acts)
    touched = {n for n in numbers if before.acts.get(n) != after.acts.get(n)}
    return touched, {n for n in touched if listed_facts(before, n) != listed_facts(after, n)}


def _stamp(path: Path) -> tuple[int, int]:
    stat = path.stat()
    return (stat.st_mtime_ns, stat.st_size)


def build_site(config: SiteConfig, *, search: bool = True, progress: Progress | None = None) -> BuildResult:
    """Build the whole site into config.output_dir; raise ContentErrors and leave it as it was on failure."""
    return Builder(config, search=search, progress=progress).build()


def check_site(config: SiteConfig) -> list[ContentError]:
    """Validate everything a build would, rendering in memory; return every problem."""
    try:
        archive = load_archive(config)
        Renderer(archive, config.layouts_dir).render_all()
    except ContentErrors as exc:
        return exc.problems
    return archive.warnings
