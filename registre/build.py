"""The build: load (read, validate, group), then render, write, index.

A full build writes the site aside and swaps it with output/; its pages are
rendered by one process per core. A rebuild after a change (in `serve`)
renders only the pages the change touches, replaces those files in place and
reindexes only the search shards (years) it touched.
"""

from __future__ import annotations

import contextlib
import dataclasses
import gc
import hashlib
import json
import os
import shutil
import time
from pathlib import Path
from typing import Callable, Iterator, NamedTuple

import jinja2

from .config import SiteConfig, missing_accessibility_contact
from .errors import ContentError, ContentErrors
from .group import Archive
from .load import ActCache, load_archive, read_act
from .models import Act
from .read import file_stamp, read_file
from .pages import Page, acts, general
from .pages.files import copies, copy_problems
from .render import Rendered, Renderer
from .search import EDITS_BUNDLE, INDEX_FOLDER, SearchDocuments, index_folder, index_shards, index_these
from .workers import can_fork, check_stop, fork_map
from .withheld import withheld_notes
from .write import OutputRefused, Staging, output_lock, refuse_output, swap, update_in_place

Progress = Callable[[str], None]
CACHE_PREFIX = ".registre-cache-"
MANIFEST = "manifest.json"
"""What the last build was made from and what it wrote: a build of the same inputs does nothing."""

Written = Callable[[set[str] | None], None]
"""Told which output files a rebuild changed (paths in output/; None: any), once they are in place."""


class BuildResult(NamedTuple):
    acts: int
    pages: int
    changed: int
    warnings: list[ContentError]
    seconds: float


def cache_dir(config: SiteConfig) -> Path:
    """Beside output/: search documents and what the last build left, reused by the next."""
    return config.output_dir.parent / f"{CACHE_PREFIX}{config.output_dir.name}"


def check_output(config: SiteConfig) -> None:
    """Refuse an output folder that is not ours (before reading anything, so it is the one error shown)."""
    try:
        refuse_output(config.output_dir, config.protected_paths())
    except OutputRefused as exc:
        raise ContentErrors([ContentError(*config.output_from, f"{exc}; nothing was written")]) from None


@contextlib.contextmanager
def claimed_output(config: SiteConfig) -> Iterator[None]:
    """Hold the output folder's lock (checked again under it) while writing it and its cache."""
    try:
        with output_lock(cache_dir(config) / "lock"):
            check_output(config)
            yield
    except OutputRefused as exc:
        raise ContentErrors([ContentError(*config.output_from, f"{exc}; nothing was written")]) from None


class Builder:
    """Builds a site, then rebuilds only what each change touches; keeps what it needs between runs."""

    def __init__(self, config: SiteConfig, *, search: bool = True, progress: Progress | None = None, jobs: int | None = None) -> None:
        self.config = config
        self.search = search
        self.say = progress or (lambda message: None)
        self.jobs = jobs or min(os.cpu_count() or 1, 4)
        self.cache: ActCache = {}
        self.archive: Archive | None = None
        self.depends: dict[str, frozenset[str] | None] = {}
        """What each page written depends on, by output path."""
        self.searched: set[tuple[str, str]] = set()
        """The search documents of the site last written, as (shard, path)."""
        self.copies: dict[str, tuple[Path, tuple[int, int]]] = {}
        self.exported: set[str] = set()
        """Output paths of the data files (feeds, open data) last written."""
        self.env: jinja2.Environment | None = None
        self.documents = SearchDocuments(cache_dir(config) / "search")

    def build(self) -> BuildResult:
        """Build everything into a folder beside output/, then swap it in (unless nothing changed since the last)."""
        check_output(self.config)
        return self._build()

    def _build(self) -> BuildResult:
        started = time.perf_counter()
        inputs = inputs_digest(self.config, self.search)
        unchanged = self._unchanged(inputs)
        if unchanged is not None:
            self.say("nothing changed since the last build")
            return unchanged._replace(seconds=time.perf_counter() - started)
        archive = load_archive(self.config, self.cache, self.jobs)
        self.say(f"loaded {len(archive.acts)} acts")
        renderer = self._renderer(archive)
        self.env = renderer.env
        plan = renderer.plan()
        exported = renderer.exports()  # before the workers fork: the open data page shows their sizes
        with claimed_output(self.config):
            return self._write(archive, renderer, plan, exported, inputs, started)

    def _write(self, archive: Archive, renderer: Renderer, plan: list[Page], exported: dict[str, bytes], inputs: str, started: float) -> BuildResult:
        """Render the plan aside, index it, swap it in, and remember what was made from what."""
        with Staging(self.config.output_dir) as staging:
            changed, problems = render_in_parallel(renderer, plan, staging, self.documents, self.jobs)
            files = copies(archive, self.config.layouts_dir)
            problems += copy_problems(files, self.config.layouts_dir)
            if problems:
                raise ContentErrors(problems)
            self.say(f"rendered {len(plan)} pages")
            changed += sum(staging.write(path, data) for path, data in sorted(exported.items()))
            changed += sum(staging.write(path, read_file(source)) for path, source in sorted(files.items()))
            if self.search:
                self.documents.prune(search_documents(plan))
            digests = self._index_into(staging) if self.search else {}
            changed += staging.keep_unchanged(INDEX_FOLDER) if self.search else 0
            check_stop()  # a stop whose exception was lost: still no swap
        self._save_digests(digests)
        self._remember(archive, plan, files, set(exported))
        result = BuildResult(len(archive.acts), len(plan), changed, archive.warnings, time.perf_counter() - started)
        self._save_manifest(inputs, result)
        return result

    def _renderer(self, archive: Archive) -> Renderer:
        """A renderer for this archive, with the layouts compiled by the last one (Jinja recompiles changed files)."""
        renderer = Renderer(archive, self.config.layouts_dir, self.say, self.env)
        renderer.view.search_documents = self.search
        return renderer

    def _unchanged(self, inputs: str) -> BuildResult | None:
        """The last build's result if its inputs are these and output/ is still what it wrote."""
        try:
            manifest = json.loads((cache_dir(self.config) / MANIFEST).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if manifest.get("inputs") != inputs or manifest.get("outputs") != output_listing(self.config.output_dir):
            return None
        warnings = [ContentError(**w) for w in manifest["warnings"]]
        return BuildResult(manifest["acts"], manifest["pages"], 0, warnings, 0.0)

    def _save_manifest(self, inputs: str, result: BuildResult) -> None:
        manifest = {
            "inputs": inputs,
            "outputs": output_listing(self.config.output_dir),
            "acts": result.acts,
            "pages": result.pages,
            "warnings": [w.as_dict() for w in result.warnings],
        }
        (cache_dir(self.config) / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")

    def _index_into(self, staging: Staging) -> dict[str, str]:
        """Index the search shards into the staging site, bringing over unchanged ones."""
        previous = self._load_digests()

        def reuse(shard: str, digest: str) -> bool:
            return previous.get(shard) == digest and staging.keep(f"{INDEX_FOLDER}/{shard}")

        return index_shards(self.documents, staging.path / INDEX_FOLDER, self.config.language, reuse, self.say)

    def _load_digests(self) -> dict[str, str]:
        try:
            return dict(json.loads((cache_dir(self.config) / "bundles.json").read_text(encoding="utf-8")))
        except (OSError, ValueError):
            return {}

    def _save_digests(self, digests: dict[str, str]) -> None:
        """Remember what the bundles now in output/ were made from (only once they are there)."""
        path = cache_dir(self.config) / "bundles.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(digests, sort_keys=True), encoding="utf-8")

    def rebuild(self, changed_paths: set[Path] | None, written: Written | None = None) -> BuildResult:
        """Render again only the pages that changed files touch, and replace them in output/.

        `written` is told which output files changed (None: any) once they are in place,
        before the search index is redone, and again when the search page changes.
        """
        if self.archive is None or changed_paths is None or not self.config.output_dir.is_dir():
            result = self.build()
            if self.archive is None:  # output/ was already up to date: learn what it was made from
                self._adopt()
            if written:
                written(None)
            return result
        started = time.perf_counter()
        (cache_dir(self.config) / MANIFEST).unlink(missing_ok=True)  # output/ changes in place: the next build checks all
        quick = self._text_edit(changed_paths, written, started)
        if quick is not None:
            return quick
        before = self.archive
        archive = load_archive(self.config, self.cache)
        renderer = self._renderer(archive)
        plan = renderer.plan()
        layouts = self.config.layouts_dir.resolve()
        changed_layouts = {p.relative_to(layouts).as_posix() for p in changed_paths if p.is_relative_to(layouts)}
        # The site's words are on every page; a layout is on the pages that use it. A content file
        # that is not an act (a session file, members.yaml, an attachment) is tracked by no page's
        # dependencies: rather than a stale page, every page is rendered (only changed bytes are written).
        content = self.config.content_dir.resolve()
        others = any(p.is_relative_to(content) and p.suffix != ".md" for p in changed_paths)
        everything = others or archive.names != before.names or any(n.startswith("strings/") for n in changed_layouts)
        templates = renderer.templates_using({n for n in changed_layouts if n.endswith(".html")})
        touched, listed = changed_acts(before, archive)
        pages, documents, keep = self._collector()
        to_render = [p for p in plan if everything or p.template in templates or self._touched(p, touched, listed)]
        files = copies(archive, self.config.layouts_dir)
        problems = renderer.render_pages(to_render, keep) + copy_problems(files, self.config.layouts_dir)
        if problems:
            raise ContentErrors(problems)
        exported = renderer.exports()
        pages.update(exported)
        pages.update({path: read_file(source) for path, source in files.items() if self.copies.get(path) != (source, file_stamp(source))})
        removed = (set(self.depends) - {p.output_path for p in plan}) | (set(self.copies) - set(files)) | (self.exported - set(exported))
        expected = search_documents(plan)
        # Looking through every document costs seconds at 100,000 acts: only when acts came, went or changed year.
        # Before the pages change: a removed act's page is gone only once its search document is.
        left = self.documents.prune(expected) if expected != self.searched else set()
        changed = update_in_place(self.config.output_dir, pages, removed)
        self._remember(archive, plan, files, set(exported))
        self.say(f"{changed} files written in {time.perf_counter() - started:.2f} s")
        if written:
            written(set(pages) | removed)
        if self.search and (documents or left):
            self._reindex_in_place(documents, left, written)
        return BuildResult(len(archive.acts), len(plan), changed, archive.warnings, time.perf_counter() - started)

    def _text_edit(self, changed_paths: set[Path], written: Written | None, started: float) -> BuildResult | None:
        """Acts whose text alone changed (the usual preview edit): render just their pages, without regrouping.

        Nothing else shows an act's text: listings, people, exports and feeds stay as they
        are. Return None when the change is anything more, for the full rebuild to handle.
        """
        assert self.archive is not None
        content = self.config.content_dir.resolve()
        edits: dict[str, Act] = {}
        for edited in changed_paths:
            if edited.suffix != ".md" or not edited.is_relative_to(content):
                return None
            path = self.config.content_dir / edited.relative_to(content)  # as the cache knows it (the watcher resolves paths)
            cached = self.cache.get(path)
            if not (path.is_file() and cached and cached[1]):
                return None
            act, problems = read_act(path, self.config)
            old = cached[1]
            if problems or act is None or _without_text(act) != _without_text(old) or {q.key for q in act.quoted} != {q.key for q in old.quoted}:
                return None
            edits[act.number] = act
            self.cache[path] = (file_stamp(path), act, [])
        archive = dataclasses.replace(self.archive, acts={n: edits.get(n, a) for n, a in self.archive.acts.items()})
        renderer = self._renderer(archive)
        pages, documents, keep = self._collector()
        problems = renderer.render_pages([acts.act_page(renderer.view, act) for act in edits.values()], keep)
        if problems:
            raise ContentErrors(problems)
        changed = update_in_place(self.config.output_dir, pages, set())
        self.archive = archive
        self.say(f"{changed} files written in {time.perf_counter() - started:.2f} s")
        if written:
            written(set(pages))
        if self.search and documents:
            self._reindex_in_place(documents, set(), written)
        return BuildResult(len(archive.acts), len(self.depends), changed, archive.warnings, time.perf_counter() - started)

    def _collector(self) -> tuple[dict[str, bytes], set[tuple[str, str]], Callable[[Rendered], None]]:
        """Where a rebuild's rendered pages go: pages kept to replace in place, search documents
        written (and those that changed remembered, as (shard, path))."""
        pages: dict[str, bytes] = {}
        documents: set[tuple[str, str]] = set()

        def keep(rendered: Rendered) -> None:
            pages[rendered.output_path] = rendered.data
            if rendered.search and self.documents.write(*rendered.search):
                documents.add(rendered.search[:2])

        return pages, documents, keep

    def _adopt(self) -> None:
        """Know the archive, pages and files of an up-to-date output/ without writing it again."""
        archive = load_archive(self.config, self.cache, self.jobs)
        renderer = self._renderer(archive)
        self.env = renderer.env
        self._remember(archive, renderer.plan(), copies(archive, self.config.layouts_dir), set(renderer.exports()))

    def _reindex_in_place(self, documents: set[tuple[str, str]], left: set[str], written: Written | None) -> None:
        """Index the touched shards beside the served ones, then swap each in (the others are left alone).

        A year takes seconds to index: the changed documents are first indexed alone,
        into the edits bundle the search page then merges, so they are findable at once.
        """
        if documents:
            self._show_edits(documents, written)
        self._reindex_shards({shard for shard, _ in documents} | left)
        if documents:
            self._show_edits(set(), written)

    def _show_edits(self, documents: set[tuple[str, str]], written: Written | None) -> None:
        """Put these documents alone in the edits bundle, listed by the search page; none: drop it."""
        bundle = self.config.output_dir / INDEX_FOLDER / EDITS_BUNDLE
        if documents:
            site, fresh = cache_dir(self.config) / "edits", cache_dir(self.config) / "edits-bundle"
            shutil.rmtree(site, ignore_errors=True)
            for shard, relative in documents:
                (site / relative).parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(self.documents.folder / shard / relative, site / relative)
            index_folder(site, fresh, self.config.language)
            swap(fresh, bundle)
        assert self.archive is not None
        renderer = self._renderer(self.archive)
        renderer.view.edits_bundle = EDITS_BUNDLE if documents else None
        search_page = renderer.render_page(general.search_page(renderer.view))
        changed = update_in_place(self.config.output_dir, {search_page.output_path: search_page.data}, set())
        if not documents:  # once the search page no longer lists it
            shutil.rmtree(bundle, ignore_errors=True)
        if written and changed:
            written({search_page.output_path})

    def _reindex_shards(self, shards: set[str]) -> None:
        bundles = self.config.output_dir / INDEX_FOLDER
        fresh = cache_dir(self.config) / "fresh"
        shutil.rmtree(fresh, ignore_errors=True)
        present = set(self.documents.shards())
        index_these(self.documents, sorted(shards & present), fresh, self.config.language)
        digests = self._load_digests()
        for shard in sorted(shards):
            if shard in present:
                swap(fresh / shard, bundles / shard)
                digests[shard] = self.documents.digest(shard)
            else:  # a year with no act left
                shutil.rmtree(bundles / shard, ignore_errors=True)
                digests.pop(shard, None)
        self._save_digests(digests)
        self.say(f"reindexed search shards {', '.join(sorted(shards))}")

    def _touched(self, page: Page, touched: set[str], listed: set[str]) -> bool:
        """Render a page again if it is new, lists every act, is the page of a changed act,
        or lists (or listed) an act whose listed facts changed."""
        if page.output_path not in self.depends:
            return True
        old = self.depends[page.output_path]
        if old is None:
            return True
        # Intersections, not a union: a body's page depends on half the archive, `listed` holds a few acts.
        return not old.isdisjoint(listed)

    def _remember(self, archive: Archive, plan: list[Page], copies: dict[str, Path], exported: set[str]) -> None:
        self.exported = exported
        self.archive = archive
        self.depends = {p.output_path: None for p in plan}
        self.searched = search_documents(plan)
        self.copies = {path: (source, file_stamp(source)) for path, source in copies.items()}


# -- rendering on every core ---------------------------------------------------

_WORK: tuple[Renderer, list[Page], Staging, SearchDocuments] | None = None
"""What forked workers render: set by the parent just before it forks them."""


def search_documents(plan: list[Page]) -> set[tuple[str, str]]:
    """The search documents a plan makes, as (shard, path)."""
    return {(p.search_shard, p.output_path) for p in plan if p.search_shard}


def render_in_parallel(renderer: Renderer, plan: list[Page], staging: Staging, documents: SearchDocuments, jobs: int) -> tuple[int, list[ContentError]]:
    """Render the plan into the staging site (pages) and the search documents; return files changed and problems.

    With fork, workers share the loaded archive and the compiled layouts without
    copying them; each renders every `jobs`-th page, so the output does not
    depend on how many there are.
    """
    global _WORK
    if jobs <= 1 or len(plan) < 200 or not can_fork():
        return _render_share(renderer, plan, staging, documents)
    _WORK = (renderer, plan, staging, documents)
    # The archive is millions of objects: frozen, the workers' garbage collector leaves
    # them alone instead of walking them again and again (and copying their pages).
    gc.freeze()
    try:
        results = fork_map(_render_worker, [(index, jobs) for index in range(jobs)], jobs)
    finally:
        gc.unfreeze()
        _WORK = None
    problems: list[ContentError] = []
    for _, found in results:
        problems.extend(p for p in found if p not in problems)
    return sum(changed for changed, _ in results), problems


def _render_worker(index: int, jobs: int) -> tuple[int, list[ContentError]]:
    assert _WORK is not None
    renderer, plan, staging, documents = _WORK
    renderer.progress = None  # the parent reports
    return _render_share(renderer, plan[index::jobs], staging, documents)


def _render_share(renderer: Renderer, pages: list[Page], staging: Staging, documents: SearchDocuments) -> tuple[int, list[ContentError]]:
    changed = 0

    def emit(rendered: Rendered) -> None:
        nonlocal changed
        changed += staging.write(rendered.output_path, rendered.data)
        if rendered.search:
            documents.write(*rendered.search)

    problems = renderer.render_pages(pages, emit)
    return changed, problems


def _without_text(act: Act) -> Act:
    """An act but for its body and where things are in its file."""
    return dataclasses.replace(act, text_digest="", lines={}, body_line=0, quoted=())


def inputs_digest(config: SiteConfig, search: bool) -> str:
    """Everything a build reads: Registre's own code, the configuration and options, layouts and content (by stamp)."""
    sha = hashlib.sha256()
    code = Path(__file__).parent
    for path in sorted(code.rglob("*")):
        if path.is_file() and path.suffix in (".py", ".csv"):
            sha.update(path.relative_to(code).as_posix().encode() + path.read_bytes())
    sha.update(repr((config.source_path.read_bytes(), str(config.content_dir), str(config.output_dir), config.base_url, search)).encode())
    for root in (config.layouts_dir, config.content_dir):
        for folder, dirs, files in os.walk(root):
            dirs.sort()
            for name in sorted(files):
                mtime, size = file_stamp(os.path.join(folder, name))
                sha.update(f"{os.path.join(folder, name)}\0{mtime}\0{size}\n".encode())
    return sha.hexdigest()


def output_listing(output_dir: Path) -> dict[str, list[int]]:
    """Every file of output/ with its size and modification time (an edit that keeps the size still shows)."""
    listing = {}
    for folder, _, files in os.walk(output_dir):
        for name in files:
            path = os.path.join(folder, name)
            stat = os.lstat(path)
            listing[os.path.relpath(path, output_dir)] = [stat.st_size, stat.st_mtime_ns]
    return listing


def listed_facts(archive: Archive, number: str) -> tuple[object, ...] | None:
    """What pages other than its own show of an act: listings, attendance, citations."""
    act = archive.acts.get(number)
    if act is None:
        return None
    people = (act.president, act.present, act.represented, act.excused, act.absent, act.rapporteur, act.rapporteur_role, act.signatory)
    return (act.title, act.date, act.body, act.theme, act.vote, people, archive.cites.get(number))


def changed_acts(before: Archive, after: Archive) -> tuple[set[str], set[str]]:
    """Acts changed in any way, and acts changed in what other pages show of them."""
    numbers = set(before.acts) | set(after.acts)
    touched = {n for n in numbers if before.acts.get(n) != after.acts.get(n)}
    return touched, {n for n in touched if listed_facts(before, n) != listed_facts(after, n)}


def check_site(config: SiteConfig) -> list[ContentError]:
    """Validate everything a build would, rendering in memory; return every problem."""
    try:
        archive = load_archive(config)
        renderer = Renderer(archive, config.layouts_dir)
        problems = renderer.render_pages(renderer.plan(), lambda rendered: None) + copy_problems(copies(archive, config.layouts_dir), config.layouts_dir)
    except ContentErrors as exc:
        return exc.problems
    return problems or archive.warnings + missing_accessibility_contact(config) + withheld_notes(archive.acts.values())
