"""The build: load (read, validate, group), then render, write, index.

A clean build writes the site aside and swaps it with output/; its pages are
rendered by one process per core. A build that finds output/ as the last one
left it starts from that build's saved state: it renders only the pages whose
recorded reads changed (registre/reads.py), indexes only the search shards
whose documents changed and moves only those files in (write.Patch); it renders
the act pages first, and Pagefind indexes their shards while the other pages
render. A rebuild after a change in `serve` does the same in place, the search
shards afterwards.
"""

from __future__ import annotations

import contextlib
import dataclasses
import gc
import os
import threading
import time
from pathlib import Path
from typing import Callable, Iterator, NamedTuple

import jinja2

from .bundles import Documents, SearchBundles
from .config import SiteConfig, missing_accessibility_contact
from .errors import ContentError, ContentErrors
from .exports import Records
from .group import Archive, people_kept
from .load import ActCache, Stamp, load_archive, read_act
from .manifest import (
    forget_manifest, inputs_digest, keep_reads, load_listing, load_manifest, load_reads, load_state, manifest_stamp, new_reads, save_manifest, save_state, settings_digest, StoredActs,
    write_reads,
)
from .models import Act, lines_of
from .pages import Page, general
from .pages.acts import search_shard
from .pages.files import copies, copy_problems
from .pages.view import derived_maps
from .read import file_digest, file_stamp, read_file
from .reads import EXPORTS, MEMBERSHIP, Reads, changed_keys, file_key, template_key, touched, with_name_groups
from .render import Rendered, Renderer, forget_layouts, new_environment
from .search import EDITS_BUNDLE, INDEX_FOLDER, end_pagefind, named_by_content
from .workers import POLL_SECONDS, awaited_on_failure, can_fork, check_stop, fork_map, in_background, wait_for
from .withheld import withheld_notes
from .write import OutputRefused, Patch, Staging, output_listing, output_lock, refuse_output, update_in_place

Progress = Callable[[str], None]
CACHE_PREFIX = ".registre-cache-"

Written = Callable[[set[str] | None], None]
"""Told which output files a rebuild changed (paths in output/; None: any), once they are in place."""


class BuildResult(NamedTuple):
    acts: int
    pages: int
    changed: int
    warnings: list[ContentError]
    seconds: float
    rendered: int = 0
    """Pages rendered (a rebuild renders those the change touches)."""


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


class Built(NamedTuple):
    """What the site in output/ was made from, for the next rebuild to compare with."""

    archive: Archive
    pages: set[str]
    """The output paths of its pages."""
    reads: dict[str, Reads] | None
    """What each page read, by output path (a page missing here is rendered on any change); None: in the cache."""
    copies: dict[str, tuple[Path, Stamp, bytes]]
    """Files copied as they are, with their source, its stamp and digest."""
    exported: dict[str, bytes]
    """Digest of each data file (feeds, open data)."""
    layouts: dict[str, bytes]
    """Each layout file's digest, by name: those that differ next time are the layouts that changed."""


class Builder:
    """Builds a site, then rebuilds only what each change touches; keeps what it needs between runs."""

    def __init__(self, config: SiteConfig, *, search: bool = True, progress: Progress | None = None, jobs: int | None = None) -> None:
        self.config = config
        self.search = search
        self.say = progress or (lambda message: None)
        self.jobs = jobs or min(os.cpu_count() or 1, 4)
        self.cache: ActCache = {}
        self.built: Built | None = None
        self.records: Records | None = None
        """The open data's records of the last build (registre/exports.py), kept with its state."""
        self.stored = StoredActs()
        """The acts of the state the last build saved, as its files hold them (manifest.save_state)."""
        self.env: jinja2.Environment | None = None
        self.bundles = SearchBundles(cache_dir(config), config.output_dir, config.language, self.say)

    def build(self) -> BuildResult:
        """Build into a folder beside output/, then swap it in (unless nothing changed since the last).

        When output/ is as the last build left it, made by the same code, configuration and
        options, the build starts from that build's state: the pages whose reads did not change
        and the search bundles whose documents did not stay in output/ as they are, the others
        are written aside and moved in.
        """
        check_output(self.config)
        started = time.perf_counter()
        config = self.config
        cache = cache_dir(config)
        settings = settings_digest(config.source_path, config.content_dir, config.output_dir, (config.base_url, self.search))
        inputs, stamps = inputs_digest(settings, config.content_dir, config.layouts_dir)
        manifest, output_as_written = load_manifest(cache, config.output_dir, self.jobs)
        stamp = manifest_stamp(cache)
        if manifest is not None and manifest.get("inputs") == inputs and output_as_written():
            self.say("nothing changed since the last build")
            warnings = [ContentError(**w) for w in manifest["warnings"]]
            return BuildResult(manifest["acts"], manifest["pages"], 0, warnings, time.perf_counter() - started)
        if manifest is None or manifest.get("settings") != settings:
            self.built, self.records = None, None
        elif self.built is None:
            self._resume()
        try:
            archive = load_archive(config, self.cache, self.jobs, stamps)
        finally:
            as_written = output_as_written()  # the walk ends, whatever happens here
        if not as_written:  # output/ changed since the last build: all of it is written anew
            manifest, self.built, self.records = None, None, None
        if self.built is not None:
            archive = people_kept(self.built.archive, archive)
        self.say(f"loaded {len(archive.acts)} acts")
        renderer = self._renderer(archive)
        renderer.records_checked = True  # the walk found output/ as the last build left it (else there are none)
        plan = renderer.plan()
        files = copies(archive, config.layouts_dir)
        to_render = plan if self.built is None else self._to_render(archive, renderer, plan, files)
        with claimed_output(config):
            if self.built is not None and manifest_stamp(cache) != stamp:  # another build came first
                self.built, to_render = None, plan
            generation = new_reads(cache)
            first, then = self._render_order(to_render)
            with Staging(config.output_dir) if self.built is None else Patch(config.output_dir) as staging, awaited_on_failure() as background:
                if self.search:
                    self.bundles.documents.open(search_documents(to_render))
                # The data files are made here, once, while forked workers render; the pages showing them wait (_render_order).
                changed, problems = render_in_parallel(renderer, first, staging, self.bundles, self.jobs, f"{generation}-first", meanwhile=renderer.exports)
                if self.search and not problems:
                    self.bundles.prune(search_documents(plan))
                indexing = self.bundles if self.search and not problems else None
                with indexed_meanwhile(indexing, staging, pagefind_first=isinstance(staging, Patch)) as indexed:
                    then += self._showing_exports(renderer, plan, to_render)  # the data files are made while Pagefind works
                    to_render = first + then
                    exported = renderer.exports()
                    built = self._built(archive, plan, files, renderer.export_digests(), None)
                    if not problems:  # else the build fails below, once every page has told its own
                        # Written aside while Pagefind indexes and the last pages render (no worker forks from now on), moved in with the manifest.
                        state_saved = in_background(lambda: save_state(cache, (self.cache, built, renderer.records), self.stored))
                        background.append(state_saved)
                    if isinstance(staging, Patch):
                        self._start_patch(staging, plan, to_render, files, exported, generation)
                    more, also = render_in_parallel(renderer, then, staging, self.bundles, 1, f"{generation}-then")  # here: see _render_order
                    changed += more
                    problems += [p for p in also + copy_problems(files, config.layouts_dir) if p not in problems]
                    if problems:
                        raise ContentErrors(problems)
                    self.say(f"rendered {len(to_render)} of {len(plan)} pages")
                    known = self.built.exported if isinstance(staging, Patch) and self.built else {}  # the files of output/ are the last build's
                    changed += sum(staging.write(path, data) for path, data in sorted(exported.items()) if known.get(path) != renderer.export_digests()[path])
                    changed += sum(staging.write(path, read_file(source)) for path, source in sorted(files.items()))
                    digests = indexed()
                changed += staging.keep_unchanged(INDEX_FOLDER, named_by_content) if self.search else 0
                if isinstance(staging, Patch):
                    for gone in self.bundles.indexed() - set(digests):  # a year with no act left
                        staging.remove(f"{INDEX_FOLDER}/{gone}")
                stored = state_saved()
                check_stop()  # a stop whose exception was lost: still no swap
                forget_manifest(cache)  # output/ is about to change: a build stopped now is followed by a full one
            self.bundles.saved(digests)
            self.built, self.records, self.stored = built, renderer.records, stored
            result = BuildResult(len(archive.acts), len(plan), changed, archive.warnings, time.perf_counter() - started, len(to_render))
            # The listing the last build left, checked against output/ as this one began, with what it changed.
            listing = staging.listing_after(load_listing(cache)) if isinstance(staging, Patch) and manifest else output_listing(config.output_dir)
            manifest = {"settings": settings, "inputs": inputs, "acts": result.acts, "pages": result.pages, "warnings": [w.as_dict() for w in result.warnings]}
            save_manifest(cache, manifest, listing)
        return result

    def _render_order(self, to_render: list[Page]) -> tuple[list[Page], list[Page]]:
        """The pages to render first, then those rendered in this process while Pagefind indexes the
        first's documents, once the data files are made.

        The pages but acts' wait only when they render in this process: no worker is forked
        beside the thread that runs Pagefind. A clean build renders all at once, then indexes;
        but for the pages showing the data files, which wait for them (`Page.shows_exports`).
        """
        if not self.search or not renders_here([p for p in to_render if not p.search_shard], self.jobs):
            return [p for p in to_render if not p.shows_exports], [p for p in to_render if p.shows_exports]
        return [p for p in to_render if p.search_shard], [p for p in to_render if not p.search_shard]

    def _start_patch(self, patch: Patch, plan: list[Page], to_render: list[Page], files: dict[str, Path], exported: dict[str, bytes], generation: str) -> None:
        """The files gone from the site, and what the pages not rendered again read (they stay as they are)."""
        assert self.built is not None
        for path in self._removed(plan, files, exported):
            patch.remove(path)
        rendered, known = {p.output_path for p in to_render}, self.built.reads or {}
        keep_reads(cache_dir(self.config), generation, lambda: {p.output_path: known[p.output_path] for p in plan if p.output_path not in rendered})

    def _resume(self) -> None:
        """Start from the state the last build saved: its acts, and what output/ was made from."""
        state, stored = load_state(cache_dir(self.config))
        if isinstance(state, tuple) and len(state) == 3 and isinstance(state[1], Built):
            (self.cache, self.built, self.records), self.stored = state, stored

    def _renderer(self, archive: Archive) -> Renderer:
        """A renderer for this archive, with the layouts compiled by the last one (Jinja recompiles changed files)."""
        env = forget_layouts(self.env) if self.env else new_environment(self.config.layouts_dir, cache_dir(self.config) / "layouts")
        renderer = Renderer(archive, self.config.layouts_dir, self.say, env, record=True)
        renderer.view.search_documents = self.search
        renderer.records = self.records
        self.env = renderer.env
        return renderer

    def rebuild(self, changed_paths: set[Path] | None, written: Written | None = None) -> BuildResult:
        """Render again only the pages that changed files touch, and replace them in output/.

        `written` is told which output files changed (None: any) once they are in place,
        before the search index is redone, and again when the search page changes.
        """
        if self.built is None or changed_paths is None or not self.config.output_dir.is_dir():
            result = self.build()
            if self.built is None:  # output/ was already up to date: learn what it was made from
                self._adopt()
            if written:
                written(None)
            return result
        started = time.perf_counter()
        if self.built.reads is None:  # still in the cache, which is about to be forgotten
            self.built = self.built._replace(reads=load_reads(cache_dir(self.config), self.built.pages))
        forget_manifest(cache_dir(self.config))  # output/ changes in place: the next build checks all
        archive = text_edited(self.built.archive, self.cache, self.config, changed_paths) or load_archive(self.config, self.cache)
        renderer = self._renderer(archive)
        plan = renderer.plan()
        files, exported = copies(archive, self.config.layouts_dir), renderer.exports()
        to_render = self._to_render(archive, renderer, plan, files)
        to_render += self._showing_exports(renderer, plan, to_render)
        old = self.built.reads or {}
        pages, documents, reads, keep = self._collector()
        if self.search:
            self.bundles.documents.open(search_documents(to_render))
        problems = renderer.render_pages(to_render, keep) + copy_problems(files, self.config.layouts_dir)
        if problems:
            raise ContentErrors(problems)
        assert self.built is not None
        pages.update({path: data for path, data in exported.items() if self.built.exported.get(path) != renderer.export_digests()[path]})
        pages.update({path: read_file(source) for path, source in files.items() if self._copy_changed(path, source)})
        removed = self._removed(plan, files, exported)
        # Before the pages change: a removed act's page is gone only once its search document is.
        left = self.bundles.prune(search_documents(plan))
        changed_files = update_in_place(self.config.output_dir, pages, removed)
        self.built = self._built(archive, plan, files, renderer.export_digests(), {p: r for p, r in (old | reads).items() if p not in removed})
        self.records = renderer.records
        self.say(f"{len(changed_files)} files written in {time.perf_counter() - started:.2f} s")
        if written:
            written(changed_files)
        if self.search and (documents or left):
            self.bundles.reindex_in_place(documents, left, lambda shown: self._show_edits(shown, written))
        return BuildResult(len(archive.acts), len(plan), len(changed_files), archive.warnings, time.perf_counter() - started, len(to_render))

    def _to_render(self, archive: Archive, renderer: Renderer, plan: list[Page], files: dict[str, Path]) -> list[Page]:
        """The pages of the plan that read something that differs from the site in output/, but for
        the data files (`_showing_exports`: they are made later). An act page showing them is
        rendered all the same: its search document must be written before Pagefind starts."""
        assert self.built is not None
        if self.built.reads is None:  # still in the cache
            self.built = self.built._replace(reads=load_reads(cache_dir(self.config), self.built.pages))
        before = self.built.archive
        changed = changed_keys(before, derived_maps(before), archive, renderer.view.raw_derived)
        layouts_now = layout_digests(self.config.layouts_dir)
        changed_layouts = {name for name in layouts_now.keys() | self.built.layouts.keys() if layouts_now.get(name) != self.built.layouts.get(name)}
        layouts = renderer.templates_using({n for n in changed_layouts if n.endswith(".html")})
        sources = [source for path, source in files.items() if self._copy_changed(path, source)]
        keys = [*map(template_key, layouts), *map(file_key, sources)]
        changed |= dict.fromkeys(keys, MEMBERSHIP)
        # The site's words are on every page and read through no tracked door: every page is rendered.
        everything = any(name.startswith("strings/") for name in changed_layouts)
        old = self.built.reads or {}
        changed = with_name_groups(changed, old.values())
        unfinished = self.bundles.documents.unfinished() if self.search else set()
        moved = moved_acts(before, archive)
        return [
            p for p in plan
            if everything or (seen := old.get(p.output_path)) is None or touched(seen, changed) or (p.search_shard, p.output_path) in unfinished
            or p.search_shard and (EXPORTS in seen or p.url in moved)
        ]

    def _showing_exports(self, renderer: Renderer, plan: list[Page], chosen: list[Page]) -> list[Page]:
        """The pages of the plan not chosen yet that show the data files, when these changed."""
        if self.built is None:
            return []
        known = self.built.exported
        if all(known.get(path) == made for path, made in renderer.export_digests().items()):
            return []
        old, rendered = self.built.reads or {}, {p.output_path for p in chosen}
        return [p for p in plan if p.output_path not in rendered and EXPORTS in old.get(p.output_path, {})]

    def _copy_changed(self, path: str, source: Path) -> bool:
        """Whether a file copied as it is differs from the one in output/ (its bytes, when its stamp changed)."""
        assert self.built is not None
        known = self.built.copies.get(path)
        return known is None or known[0] != source or known[1] != file_stamp(source) and known[2] != file_digest(source)

    def _removed(self, plan: list[Page], files: dict[str, Path], exported: dict[str, bytes]) -> set[str]:
        """The files of the site in output/ that the new one does not have."""
        assert self.built is not None
        return (self.built.pages - {p.output_path for p in plan}) | (set(self.built.copies) - set(files)) | (set(self.built.exported) - set(exported))

    def _collector(self) -> tuple[dict[str, bytes], Documents, dict[str, Reads], Callable[[Rendered], None]]:
        """Where a rebuild's rendered pages go: pages kept to replace in place, what they read, and
        the search documents written (those that changed remembered)."""
        pages: dict[str, bytes] = {}
        documents: Documents = set()
        reads: dict[str, Reads] = {}

        def keep(rendered: Rendered) -> None:
            pages[rendered.output_path] = rendered.data
            reads[rendered.output_path] = rendered.reads
            if rendered.search and self.bundles.documents.write(*rendered.search):
                documents.add(rendered.search[:2])

        return pages, documents, reads, keep

    def _adopt(self) -> None:
        """Know the archive, pages and files of an up-to-date output/ without writing it again:
        from the state its build saved, else by loading and planning it."""
        self._resume()
        if self.built is not None:
            return
        archive = load_archive(self.config, self.cache, self.jobs)
        renderer = self._renderer(archive)
        plan = renderer.plan()
        self.built = self._built(archive, plan, copies(archive, self.config.layouts_dir), renderer.export_digests(), None)
        self.bundles.expected = search_documents(plan)

    def _show_edits(self, shown: bool, written: Written | None) -> None:
        """Render the search page listing the edits bundle first, or no longer."""
        assert self.built is not None
        renderer = self._renderer(self.built.archive)
        renderer.view.edits_bundle = EDITS_BUNDLE if shown else None
        page = renderer.render_page(general.search_page(renderer.view))
        if update_in_place(self.config.output_dir, {page.output_path: page.data}, set()) and written:
            written({page.output_path})

    def _built(self, archive: Archive, plan: list[Page], files: dict[str, Path], exported: dict[str, bytes], reads: dict[str, Reads] | None) -> Built:
        """What output/ is made from (`exported`: the data files' digests)."""
        known = self.built.copies if self.built else {}
        stamps = {}
        for path, source in files.items():
            stamp = file_stamp(source)
            same = known.get(path, (None, None, b""))
            stamps[path] = (source, stamp, same[2] if same[:2] == (source, stamp) else file_digest(source))
        layouts = layout_digests(self.config.layouts_dir)
        return Built(archive, {p.output_path for p in plan}, reads, stamps, exported, layouts)


def layout_digests(layouts_dir: Path) -> dict[str, bytes]:
    """Each file under layouts/, by name, with its digest (a checkout changes every stamp)."""
    digests = {}
    for folder, _, names in os.walk(layouts_dir):
        for name in names:
            path = os.path.join(folder, name)
            digests[os.path.relpath(path, layouts_dir).replace(os.sep, "/")] = file_digest(path)
    return digests


# -- rendering on every core ---------------------------------------------------

_WORK: tuple[Renderer, list[Page], Staging, SearchBundles] | None = None
"""What forked workers render: set by the parent just before it forks them."""


def moved_acts(before: Archive, archive: Archive) -> set[str]:
    """The addresses of the acts whose search document goes to another bundle, their date unchanged:
    the bundles were cut anew (a year outgrew its bundles, or shrank)."""
    if before.shard_months == archive.shard_months:
        return set()
    return {
        act.url for number, act in archive.acts.items()
        if (was := before.acts.get(number)) is not None and search_shard(was, before.shard_months) != search_shard(act, archive.shard_months)
    }


def search_documents(plan: list[Page]) -> Documents:
    """The search documents a plan makes, as (shard, path)."""
    return {(p.search_shard, p.output_path) for p in plan if p.search_shard}


@contextlib.contextmanager
def indexed_meanwhile(
    bundles: SearchBundles | None, staging: Staging, pagefind_first: bool = False
) -> Iterator[Callable[[], dict[str, str]]]:
    """Index the search shards into the staging site in a thread while the block runs; yield what
    waits for their digests (none without `bundles`: no search). Should the block fail, no more
    Pagefind is started, those running are ended and the thread is waited for: nothing is written
    into the staging site once it is removed.

    `pagefind_first` (a build patching output/, most often for a few acts): the block waits till
    Pagefind, the long part, runs, so that the indexing's Python before it (the fragments linked)
    is not slowed by the block's. Not in a full build: there the block's work runs beside the
    digests of every document (files read and hashed, which leave the interpreter free)."""
    if bundles is None:
        yield dict
        return
    cancelled, started = threading.Event(), threading.Event()
    indexing = in_background(lambda: bundles.index_into(staging, cancelled, started))
    try:
        while pagefind_first and not started.wait(POLL_SECONDS):
            check_stop()
        yield lambda: wait_for(indexing, end_pagefind)
    except BaseException:
        cancelled.set()
        end_pagefind()
        with contextlib.suppress(BaseException):
            indexing()
        raise


FORK_FROM = 200
"""Pages from which rendering is shared among forked workers (fewer render faster here)."""


def renders_here(pages: list[Page], jobs: int) -> bool:
    """Whether render_in_parallel renders these pages in this process."""
    return jobs <= 1 or len(pages) < FORK_FROM or not can_fork()


def render_in_parallel(
    renderer: Renderer, plan: list[Page], staging: Staging, bundles: SearchBundles, jobs: int, part: str, meanwhile: Callable[[], object] | None = None
) -> tuple[int, list[ContentError]]:
    """Render the plan into the staging site (pages) and the search documents, and what each page
    read into the cache (files named after `part`); return files changed and problems. `meanwhile`
    is done here while forked workers render (not at all when the pages render here).

    With fork, workers share the loaded archive and the compiled layouts without
    copying them; each renders every `jobs`-th page, so the output does not
    depend on how many there are.
    """
    global _WORK
    if not plan:
        return 0, []
    if renders_here(plan, jobs):
        return _render_share(renderer, plan, staging, bundles, f"{part}-0")
    _WORK = (renderer, plan, staging, bundles)
    # The archive is millions of objects: frozen, the workers' garbage collector leaves
    # them alone instead of walking them again and again (and copying their pages).
    gc.freeze()
    try:
        results = fork_map(_render_worker, [(index, jobs, part) for index in range(jobs)], jobs, meanwhile)
    finally:
        gc.unfreeze()
        _WORK = None
    problems: list[ContentError] = []
    for _, found in results:
        problems.extend(p for p in found if p not in problems)
    return sum(changed for changed, _ in results), problems


def _render_worker(index: int, jobs: int, part: str) -> tuple[int, list[ContentError]]:
    assert _WORK is not None
    renderer, plan, staging, bundles = _WORK
    renderer.progress = None  # the parent reports
    return _render_share(renderer, plan[index::jobs], staging, bundles, f"{part}-{index}")


READS_PER_FILE = 2000
"""Pages whose reads a process holds before writing them to the cache: its memory stays flat at 100,000 acts."""


def _render_share(renderer: Renderer, pages: list[Page], staging: Staging, bundles: SearchBundles, share: str) -> tuple[int, list[ContentError]]:
    """Render some pages; what they read goes to the cache from here (the parent would only hold it)."""
    changed = 0
    reads: dict[str, Reads] = {}
    written = 0

    def emit(rendered: Rendered) -> None:
        nonlocal changed, written
        changed += staging.write(rendered.output_path, rendered.data)
        reads[rendered.output_path] = rendered.reads
        if rendered.search:
            bundles.documents.write(*rendered.search)
        if len(reads) == READS_PER_FILE:
            written += 1
            write_reads(bundles.cache, f"{share}-{written}", reads)
            reads.clear()

    problems = renderer.render_pages(pages, emit)
    write_reads(bundles.cache, f"{share}-{written + 1}", reads)
    return changed, problems


def text_edited(archive: Archive, cache: ActCache, config: SiteConfig, changed_paths: set[Path]) -> Archive | None:
    """Acts whose text alone changed (the usual preview edit): the archive with them, without
    grouping it again; None when the change is anything more."""
    content = config.content_dir.resolve()
    edits: dict[str, Act] = {}
    for edited in changed_paths:
        if edited.suffix != ".md" or not edited.is_relative_to(content):
            return None
        path = config.content_dir / edited.relative_to(content)  # as the cache knows it (the watcher resolves paths)
        cached = cache.get(str(path))
        if not (path.is_file() and cached and cached[2]):
            return None
        digest, act, problems = read_act(path, config)
        old = cached[2]
        if problems or act is None or _without_text(act) != _without_text(old) or {q.key for q in act.quoted} != {q.key for q in old.quoted}:
            return None
        edits[act.number] = act
        cache[str(path)] = (file_stamp(path), digest, act, [])
    return dataclasses.replace(archive, acts={n: edits.get(n, a) for n, a in archive.acts.items()})


def _without_text(act: Act) -> Act:
    """An act but for its body and where things are in its file."""
    return dataclasses.replace(act, text_digest="", lines=lines_of({}), body_line=0, quoted=())


def check_site(config: SiteConfig) -> list[ContentError]:
    """Validate everything a build would, rendering in memory; return every problem."""
    try:
        archive = load_archive(config)
        renderer = Renderer(archive, config.layouts_dir)
        problems = renderer.render_pages(renderer.plan(), lambda rendered: None) + copy_problems(copies(archive, config.layouts_dir), config.layouts_dir)
    except ContentErrors as exc:
        return exc.problems
    return problems or archive.warnings + missing_accessibility_contact(config) + withheld_notes(archive.acts.values())
