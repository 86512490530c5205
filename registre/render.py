"""Pages -> bytes: each page's layout through Jinja with its data, French typography, errors at their layout line."""

from __future__ import annotations

import contextlib
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable
from urllib.parse import urlsplit

import jinja2
import jinja2.meta
from jinja2.loaders import split_template_path

from .errors import ContentError, ContentErrors
from .exports import Records, data_digest, exports
from .frenchtext import french_typography
from .group import Archive
from .groupings import GROUPINGS
from .pages import Page, acts, general, people, sessions, terms
from .pages.view import View, load_strings
from .read import display_path, file_problem
from .reads import Reads, template_key
from .routes import ROUTES, feed_url, route

PAGE_TYPES = (general, acts, sessions, terms, people)
"""Each plans its pages (registre/pages/): a new page type is a module and a line here."""
SEARCH_DOCUMENT = "search_document.html"
"""The layout of what Pagefind indexes for an act: its text and facts, without navigation."""
PROGRESS_EVERY = 1000


@dataclass(frozen=True)
class Rendered:
    """One rendered page, and the search document of an act's page."""

    output_path: str
    data: bytes
    search: tuple[str, str, bytes] | None = None
    """(shard, path inside the shard, document) for an act's page."""
    reads: Reads = field(default_factory=dict)
    """What the page read (registre/reads.py), when the renderer records it."""


class Renderer:
    """Renders the archive's pages through the layouts; one per build, reusable for partial rebuilds."""

    def __init__(
        self, archive: Archive, layouts_dir: Path, progress: Callable[[str], None] | None = None, env: jinja2.Environment | None = None, record: bool = False
    ) -> None:
        self.progress = progress
        self.config = archive.config
        self.layouts_dir = layouts_dir
        self.view = View(archive, load_strings(layouts_dir, self.config.language), record)
        self.view.make_exports = self.exports
        # The environment of a previous build (forget_layouts) keeps its filters and compiled code cache.
        self.env = env or new_environment(layouts_dir)
        self._bind(self.env)
        self._exports: dict[str, bytes] | None = None
        self._export_digests: dict[str, bytes] | None = None
        self.records: Records | None = None
        """The open data's records: of the last build when given, of this one once exported."""
        self.records_checked = False
        """Whether output/ was found holding the files the last build's records were made with (exports.open_data)."""
        self._plan: list[Page] | None = None

    @property
    def archive(self) -> Archive:
        return self.view.raw

    def _bind(self, env: jinja2.Environment) -> None:
        """Give the layouts this build's archive, words and helpers."""
        view, t = self.view, self.view.t
        env.filters["fdate"] = view.format_date
        env.filters["count"] = view.count
        browse = {"search": (route("search"), t["search"]), "sessions": (route("sessions"), t["sessions"]), "members": (route("members"), t["members"])}
        browse.update({g.kind: (route("grouping", kind=g.kind), t[g.label]) for g in GROUPINGS})
        env.globals.update(
            site=self.config,
            archive=view.archive,
            t=t,
            routes={name: url for name, url in ROUTES.items() if "{" not in url} | {"feed": feed_url(route("home"))},
            browse=browse,
            person_url=lambda name: view.archive.person(name).url,
            knows_person=view.archive.knows,
            status_word=view.status_word,
            display=view.archive.display,
        )

    def page_helpers(self, page_url: str) -> dict[str, Any]:
        """`url` and `people_list` for one page: plain functions, since Jinja gives a context
        function called in a loop a context of its own, which cost more than the page itself."""
        # The 404 page is served at any depth: only a path from the site's root can work there.
        prefix = str(urlsplit(self.config.base_url).path) if page_url == route("not_found") else "../" * page_url.count("/")
        return {"url": lambda target: prefix + target or "./", "people_list": lambda names: self.view.people_list(prefix, names)}

    def templates_using(self, changed: set[str]) -> set[str]:
        """The layouts that are, extend, include or import one of the changed layouts."""
        if not changed:  # most builds: the layouts are not parsed
            return set()

        def references(name: str) -> set[str]:
            source = self.env.loader.get_source(self.env, name)[0]  # type: ignore[union-attr]
            return {n for n in jinja2.meta.find_referenced_templates(self.env.parse(source)) if n}

        direct = {name: references(name) for name in self.env.list_templates(extensions=["html"])}
        using = set(changed)
        while True:
            more = {name for name, refs in direct.items() if refs & using} - using
            if not more:
                return using
            using |= more

    def plan(self) -> list[Page]:
        """Every page of the site, in the order of PAGE_TYPES (made once)."""
        if self._plan is None:
            self._plan = [page for page_type in PAGE_TYPES for page in page_type.plan(self.view)]
        return self._plan

    def exports(self) -> dict[str, bytes]:
        """The data files: open data, feeds, calendar, sitemap, robots.txt (made once per build)."""
        if self._exports is None:
            self._exports, self.records = exports(self.archive, self.view.t, self.view.format_date, [p.output_path for p in self.plan()], self.records, self.records_checked)
        return self._exports

    def export_digests(self) -> dict[str, bytes]:
        """Each data file's digest, made once: builds compare them with the last one's (a quarter of a gigabyte at 100,000 acts)."""
        if self._export_digests is None:
            exported = self.exports()
            known = self.records.files if self.records else {}  # the open data's, taken as it was made
            self._export_digests = {path: known.get(path) or data_digest(data) for path, data in exported.items()}
        return self._export_digests

    def render_page(self, page: Page) -> Rendered:
        """Render one page (and an act's search document); a layout error names the layout file and line."""
        context = {
            "page_url": page.url,
            "breadcrumbs": [],
            "section": "",
            "canonical": self.config.base_url + page.url if page.url != route("not_found") else "",
            "feeds": [],
            **self.page_helpers(page.url),
        }
        try:
            with self.view.recorder.recording() as reads:
                context.update(page.make_context())
                html = self._render(page.template, context)
                search = None
                if page.search_shard and self.view.search_documents:
                    search = (page.search_shard, page.output_path, self._render(SEARCH_DOCUMENT, context).encode("utf-8"))
        except ContentErrors:
            raise  # a layout that may not be read
        except jinja2.TemplateSyntaxError as exc:
            raise ContentErrors([ContentError(self._layout_path(exc.name or page.template), exc.lineno, "", exc.message or "syntax error")]) from None
        except jinja2.TemplateNotFound as exc:
            raise ContentErrors([ContentError(self._layout_path(page.template), 0, "", f"layout not found: {exc.name}")]) from None
        except Exception as exc:  # any error raised while a layout runs is that layout's error
            path, line = self._layout_frame(exc)
            raise ContentErrors([ContentError(path, line, "", f"{type(exc).__name__}: {exc}")]) from None
        return Rendered(page.output_path, html.encode("utf-8"), search, reads)

    def render_pages(self, pages: Iterable[Page], emit: Callable[[Rendered], None]) -> list[ContentError]:
        """Render pages one by one, handing each to `emit`; return every problem met."""
        problems: list[ContentError] = []
        for done, page in enumerate(pages, 1):
            if self.progress and done % PROGRESS_EVERY == 0:
                self.progress(f"rendered {done} pages")
            try:
                emit(self.render_page(page))
            except ContentErrors as exc:
                problems.extend(p for p in exc.problems if p not in problems)
        return problems

    def _render(self, template: str, context: dict[str, Any]) -> str:
        self.view.recorder.read(template_key(template))  # the layouts it includes or extends: Renderer.templates_using
        html = self.env.get_template(template).render(context)
        return french_typography(html) if self.config.language == "fr" else html

    def _layout_path(self, name: str) -> str:
        return display_path(self.layouts_dir / name)

    def _layout_frame(self, exc: BaseException) -> tuple[str, int]:
        """The innermost layout line in the traceback of an error raised while rendering."""
        root = str(self.layouts_dir.resolve())
        found = ("", 0)
        for frame, line in traceback.walk_tb(exc.__traceback__):
            filename = frame.f_code.co_filename
            if filename.endswith(".html") and str(Path(filename).resolve()).startswith(root):
                found = (display_path(Path(filename)), line)
        return found if found[0] else (self._layout_path("?"), 0)


def forget_layouts(env: jinja2.Environment) -> jinja2.Environment:
    """The environment of a build before, its layouts to be loaded again (those compiled and unchanged from its cache)."""
    if env.cache is not None:
        env.cache.clear()
    return env


class LayoutLoader(jinja2.FileSystemLoader):
    """Layouts from one folder, never through a link out of it nor from a FIFO (which would block)."""

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        folder = Path(self.searchpath[0])
        path = folder.joinpath(*split_template_path(template))
        if path.exists() and (problem := file_problem(path, folder)):
            raise ContentErrors([ContentError(display_path(path), 0, "", problem)])
        return super().get_source(environment, template)


class CompiledLayouts(jinja2.FileSystemBytecodeCache):
    """Jinja's cache of compiled layouts, kept when it can be: a full disk fails the build where
    it writes the site (one clear error), not here, where a layout would be blamed."""

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


DICT_ATTRIBUTES = frozenset(dir(dict))


class Layouts(jinja2.Environment):
    """Jinja's environment, reading `t.home` from a plain mapping by its key at once.

    Jinja reads `a.b` as an attribute first, then as a key: on the site's words (`t`) and the
    facts of files, each a dictionary, that is an AttributeError raised and caught, fifty times
    an act's page (a microsecond each, the page's layout a third of a millisecond). A plain
    dictionary has no attribute but those of its class: by the key first for any other name,
    the result is the same."""

    def getattr(self, obj: Any, attribute: str) -> Any:
        if type(obj) is dict and attribute not in DICT_ATTRIBUTES:
            try:
                return obj[attribute]
            except KeyError:
                pass
        return super().getattr(obj, attribute)


def new_environment(layouts_dir: Path, compiled: Path | None = None) -> jinja2.Environment:
    """The layouts' environment; `compiled`: a folder keeping them compiled between builds (Jinja
    compiles a layout again when its source changed), which a build's processes share.

    Layouts are not looked at again each time a page asks for one (a stat per page): a build
    that reuses the environment empties its cache first (`forget_layouts`)."""
    if compiled is not None:
        compiled.mkdir(parents=True, exist_ok=True)
    return Layouts(
        loader=LayoutLoader(layouts_dir),
        bytecode_cache=CompiledLayouts(str(compiled)) if compiled is not None else None,
        autoescape=True,
        auto_reload=False,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
