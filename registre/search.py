"""Search: one Pagefind bundle per year of acts, indexed from small documents, merged in the browser.

Each act gives a search document (its title, number, filters, date and text, no
navigation nor attendance) kept in a cache folder beside output/. Each year's
documents make one Pagefind bundle under `pagefind/<year>/`; the search page
loads the newest and merges the others (Pagefind's `mergeIndex`). So Pagefind's
memory is bounded by the largest year, two years index at once on two cores,
and a change reindexes only the years it touches, with the fragments of the acts
unchanged carried over (fragments.py). Each bundle's words and their best pages
are then read from what Pagefind wrote (vocabulary.py, ranking.py: the ranking in a process of its own when a core is free).
"""

from __future__ import annotations

import asyncio
import contextlib
import gzip
import hashlib
import json
import os
import re
import shutil
import signal
import sys
import threading
from collections import defaultdict
from pathlib import Path
from typing import Any, Callable, Coroutine, Iterable

import cbor2

from pagefind.service import _must_get_executable

from .errors import SearchFailed
from .fragments import FOLDER as FRAGMENTS, Made, fragments_made, link_unchanged, save_made
from .ranking import MAGIC, rank_and_keep, read_pagefind
from .vocabulary import Vocabulary, vocabulary, write_vocabulary
from .workers import run_in_thread
from .read import file_digest
from .write import write_file

INDEX_FOLDER = "pagefind"
BUNDLE_CODE = hashlib.sha256(b"".join(Path(__file__).with_name(name).read_bytes() for name in ("search.py", "vocabulary.py", "ranking.py"))).hexdigest()
"""The code that makes a bundle beside Pagefind (its adjustments, vocabulary, ranking): part of what a bundle is made from."""
EDITS_BUNDLE = "edits"
"""In `serve`, a bundle of just the acts edited since their year was indexed: the search
page merges it first, so an edit is findable in a second, not after its whole year."""
PARALLEL_SHARDS = 2
"""Pagefind processes at once: one per core here; each holds one year's index in memory."""
PIECES = "pieces"
"""In the cache: each shard's pieces of text counted, for its next vocabulary (vocabulary.counted_pieces)."""


class SearchDocuments:
    """The search documents of every act, by shard, in a cache folder that outlives builds."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._digests: dict[str, list[Any]] | None = None
        """Each document's [size, modification time, digest] when last read (kept beside the folder)."""
        self._listed: dict[str, list[tuple[str, str]]] = {}
        """Each shard's documents as listed during this build (pruning, then digesting, list them once)."""
        self._by_shard: dict[str, set[str]] | None = None
        """`_saved_shards`, made once a build (or once pruned)."""
        self._rendered: set[str] | None = None
        """The documents this build renders, by "shard/path": with the last build's digests saved,
        the only ones whose files are looked at again (None: every file is)."""

    def open(self, rendering: Iterable[tuple[str, str]]) -> None:
        """Before a build writes the documents it renders (`rendering`: shard and path).

        Those it does not render are as the last build left them if that build ended: it saved
        their digests, and their files are not looked at again. Until this build saves its own
        (save_digests), the saved digests are taken away and what it renders is noted
        (`unfinished`): a build stopped or failed in between leaves every file to be looked at,
        and its documents to be rendered again."""
        saved = self._digests_path.is_file()
        self._known()
        self._digests_path.unlink(missing_ok=True)
        keys = sorted({f"{shard}/{relative}" for shard, relative in rendering})
        self._rendered, self._by_shard = set(keys) if saved else None, None
        self._unfinished_path.parent.mkdir(parents=True, exist_ok=True)
        self._unfinished_path.write_text(json.dumps(keys), encoding="utf-8")

    def unfinished(self) -> set[tuple[str, str]]:
        """The documents a build that did not end was rendering: written, perhaps, from an edit
        undone since (their pages unchanged since the last build), they are rendered again."""
        try:
            return {tuple(key.split("/", 1)) for key in json.loads(self._unfinished_path.read_text(encoding="utf-8"))}
        except (OSError, ValueError, AttributeError):
            return set()

    def write(self, shard: str, relative: str, data: bytes) -> bool:
        """Write a document unless it holds these bytes already; True when it changed."""
        path = self.folder / shard / relative
        if path.is_file() and path.read_bytes() == data:
            return False
        self._listed.pop(shard, None)
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        write_file(temporary, data)
        os.replace(temporary, path)
        return True

    def prune(self, expected: set[tuple[str, str]]) -> set[str]:
        """Delete documents of acts that are gone (or moved to another year); return the shards they left.

        They are noted with the documents being rendered (`open`): should this build fail, an act
        put back has a page like the last build's, and its document is written again all the same."""
        left: set[str] = set()
        gone: list[str] = []
        for shard in self.shards():
            kept = []
            for relative, path in self._listing(shard):
                if (shard, relative) in expected:
                    kept.append((relative, path))
                else:
                    os.unlink(path)
                    self._known().pop(f"{shard}/{relative}", None)
                    left.add(shard)
                    gone.append(f"{shard}/{relative}")
            self._listed[shard] = kept
            if not kept:
                shutil.rmtree(self.folder / shard)
                del self._listed[shard]
        self._by_shard = None
        if gone and self._unfinished_path.is_file():
            noted = json.loads(self._unfinished_path.read_text(encoding="utf-8"))
            self._unfinished_path.write_text(json.dumps(sorted({*noted, *gone})), encoding="utf-8")
        return left

    def shards(self) -> list[str]:
        return sorted((p.name for p in self.folder.iterdir() if p.is_dir()), reverse=True) if self.folder.is_dir() else []

    def digest(self, shard: str) -> str:
        """What a shard's bundle was made from: its documents' paths and bytes, and the code that
        adjusts what Pagefind wrote (a new Registre redoes the bundles)."""
        sha = hashlib.sha256(BUNDLE_CODE.encode())
        for relative, digest in sorted(self.document_digests(shard).items()):
            sha.update(f"{shard}/{relative}\0{digest}\n".encode())
        return sha.hexdigest()

    def document_digests(self, shard: str) -> dict[str, str]:
        """Each document of a shard, by its path in it, with the digest of its bytes. A document is
        read again only when its stamp changed (a forge's cache, restored, keeps times to the second),
        and its stamp is looked at only when this build rendered it (`open`): thousands of files take a second."""
        digests, rendered, found = self._known(), self._rendered, {}
        for relative, path in self._listing(shard):
            key = f"{shard}/{relative}"
            known = digests.get(key)
            if known is None or rendered is None or key in rendered:
                stat = os.stat(path)
                if known is None or known[:2] != [stat.st_size, stat.st_mtime_ns]:
                    known = digests[key] = [stat.st_size, stat.st_mtime_ns, file_digest(path).hex()]
            found[relative] = known[2]
        return found

    def forget_listing(self) -> None:
        """A new build: documents may have been written by other processes since they were listed."""
        self._listed, self._by_shard = {}, None

    def _listing(self, shard: str) -> list[tuple[str, str]]:
        """A shard's documents: with the last build's digests saved, those it knew and those this
        build renders (`open`), not a walk of the folder (100,000 files take seconds)."""
        if shard not in self._listed:
            if self._rendered is None:
                self._listed[shard] = _html_files(self.folder / shard)
            else:
                relatives = sorted(self._saved_shards().get(shard, ()))
                self._listed[shard] = [(relative, os.path.join(self.folder, shard, relative)) for relative in relatives]
        return self._listed[shard]

    def _saved_shards(self) -> dict[str, set[str]]:
        """Each shard's documents the last build saved the digests of, and those this build renders."""
        if self._by_shard is None:
            self._by_shard = defaultdict(set)
            for key in (*self._known(), *(self._rendered or ())):
                shard, relative = key.split("/", 1)
                self._by_shard[shard].add(relative)
        return self._by_shard

    def save_digests(self) -> None:
        """Keep the documents' digests for the next build (prune drops those of documents gone)."""
        if self._digests is not None:
            self._digests_path.parent.mkdir(parents=True, exist_ok=True)
            self._digests_path.write_text(json.dumps(self._digests, sort_keys=True), encoding="utf-8")
            self._unfinished_path.unlink(missing_ok=True)

    def _known(self) -> dict[str, list[Any]]:
        if self._digests is None:
            try:
                self._digests = dict(json.loads(self._digests_path.read_text(encoding="utf-8")))
            except (OSError, ValueError):
                self._digests = {}
        return self._digests

    @property
    def _digests_path(self) -> Path:
        return self.folder.parent / "documents.json"

    @property
    def _unfinished_path(self) -> Path:
        return self.folder.parent / "documents-rendering.json"


def _html_files(root: Path) -> list[tuple[str, str]]:
    """The HTML files under a folder: (path relative to it, with `/`; path)."""
    found: list[tuple[str, str]] = []

    def walk(folder: str, prefix: str) -> None:
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    walk(entry.path, f"{prefix}{entry.name}/")
                elif entry.name.endswith(".html"):
                    found.append((prefix + entry.name, entry.path))

    if root.is_dir():
        walk(str(root), "")
    return found


def index_shards(
    documents: SearchDocuments,
    bundles: Path,
    language: str,
    reuse: Callable[[str, str], bool],
    previous: Path,
    progress: Callable[[str], None] | None = None,
    cancelled: threading.Event | None = None,
    started: threading.Event | None = None,
) -> dict[str, str]:
    """Write a bundle per shard into `bundles`; `reuse(shard, digest)` keeps one made from the same documents
    (`previous`: the folder of the bundles in output/). `started` is set once the first Pagefind runs
    (or none will).

    Return each shard's digest, to be remembered once the site is in place.
    """
    try:
        digests = {shard: documents.digest(shard) for shard in documents.shards()}
        todo = [shard for shard, digest in digests.items() if not reuse(shard, digest)]
        index_these(documents, todo, bundles, language, previous, cancelled, started)
    finally:
        if started:
            started.set()
    if progress and todo:
        progress(f"indexed {len(todo)} of {len(digests)} search shards")
    return digests


def index_these(
    documents: SearchDocuments, shards: list[str], bundles: Path, language: str, previous: Path,
    cancelled: threading.Event | None = None, started: threading.Event | None = None,
) -> None:
    """Write the bundles of these shards into `bundles`, two at a time (none started once `cancelled` is set),
    with the fragments of the bundles in `previous` (output/'s) that still hold (fragments.py);
    `started` is set as the first Pagefind starts."""
    if shards:
        signals = cancelled or threading.Event(), started or threading.Event()
        _run(_index_all(documents, shards, bundles, language, previous, *signals))


def named_by_content(name: str) -> bool:
    """Whether a bundle's file is named by a hash of its bytes (Pagefind's index and fragments, the
    filters and metadata `make_index_reproducible` renames): the same name, the same bytes."""
    return name.endswith((".pf_fragment", ".pf_index", ".pf_filter", ".pf_meta"))


def finish_bundle(found: Vocabulary, bundle: Path, made: Made | None, record: Path) -> None:
    """What a bundle needs beside what Pagefind wrote and its ranking (`rank_bundle`): adjusted, its
    words (`found`: the vocabulary of its documents); the fragments it holds (`made`) in `record`."""
    if made is not None:
        save_made(record, bundle, made)
    keep_sorted_merges(bundle)
    drop_unused_ui(bundle)
    write_vocabulary(found, bundle)


UNUSED_UI = ("pagefind-ui.*", "pagefind-component-ui.*", "pagefind-modular-ui.*", "pagefind-highlight.js")
"""Pagefind's ready-made interfaces: the search page has its own (static/search.js) on Pagefind's API."""


def drop_unused_ui(bundle: Path) -> None:
    """Half a megabyte a bundle no page loads."""
    for pattern in UNUSED_UI:
        for path in bundle.glob(pattern):
            path.unlink()


def index_folder(site_dir: Path, target: Path, language: str) -> None:
    """One bundle of the documents of one folder (the edits bundle of `serve`)."""
    shutil.rmtree(target, ignore_errors=True)
    _run(_index(site_dir, target, language))
    write_vocabulary(vocabulary(site_dir), target)


SILENCE_SECONDS = float(os.environ.get("REGISTRE_PAGEFIND_TIMEOUT", 300))
"""How long Pagefind, or the ranking, may take for one bundle (one of 2,000 acts takes seconds)."""
_RUNNING: set[int] = set()
"""Process ids of the Pagefind and ranking processes started and not yet ended, to end them on an interruption."""
PACKAGE_ROOT = Path(__file__).resolve().parent.parent
"""Where the ranking's process imports Registre from: the build's own code, whatever the folder it runs in."""


def _run(work: Coroutine[Any, Any, Any]) -> None:
    # A thread of its own, so this works even when the caller already runs an event loop.
    run_in_thread(lambda: asyncio.run(work), end_pagefind)


def end_pagefind() -> None:
    """Stopped: end the Pagefind and ranking processes, so that the thread waiting on them ends too."""
    for pid in list(_RUNNING):
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)


async def _index_all(
    documents: SearchDocuments, shards: list[str], bundles: Path, language: str, previous: Path,
    cancelled: threading.Event, started: threading.Event,
) -> None:
    slots = asyncio.Semaphore(PARALLEL_SHARDS)
    cache = documents.folder.parent

    async def one(shard: str) -> None:
        target, record = bundles / shard, cache / FRAGMENTS / f"{shard}.json"
        ranking = None
        try:
            async with slots:
                if cancelled.is_set():
                    raise SearchFailed("indexing cancelled")
                shutil.rmtree(target, ignore_errors=True)
                digests = documents.document_digests(shard)
                linked = link_unchanged(record, previous / shard, target, digests)
                # Pagefind works in processes of its own: the words are counted meanwhile, and the next
                # shard's Pagefind starts while this one is finished.
                counted = asyncio.create_task(asyncio.to_thread(vocabulary, documents.folder / shard, digests, cache / PIECES / f"{shard}.pickle"))
                # With a core no Pagefind uses, the ranking's process starts with it: its words, given
                # once Pagefind ends, find it ready (Python started, its modules imported).
                ranking = await _start_ranking(target, cache, language) if len(shards) < PARALLEL_SHARDS else None
                started.set()
                await _index(documents.folder / shard, target, language)
                made = await asyncio.to_thread(fragments_made, target, linked, digests)
                if made is None and linked:  # a fragment linked may stand for another page: afresh
                    shutil.rmtree(target)
                    await _index(documents.folder / shard, target, language)
                    made = await asyncio.to_thread(fragments_made, target, {}, digests)
            found = await counted
            await asyncio.to_thread(make_index_reproducible, target)  # the ranking names the files it read
        except BaseException:
            if ranking:
                await _ended(ranking)
            raise
        words = [word for chunk in found.values() for word in chunk]
        ranked = asyncio.create_task(_ranked(ranking, target, words) if ranking else _rank_here(target, words, cache, language))
        await asyncio.to_thread(finish_bundle, found, target, made, record)
        await ranked

    await asyncio.gather(*(one(shard) for shard in shards))


async def _started(command: list[str], given: bool = False, env: dict[str, str] | None = None) -> asyncio.subprocess.Process:
    """A process started, ended should the build stop (its input to be `given` later, if told)."""
    process = await asyncio.create_subprocess_exec(
        *command, stdin=asyncio.subprocess.PIPE if given else None, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT, env=env,
    )
    _RUNNING.add(process.pid)
    return process


async def _finished(process: asyncio.subprocess.Process, who: str, doing: str, given: bytes | None = None) -> tuple[int, str]:
    """A process started waited for (given its input); its exit status and the end of its output
    (`who` and `doing` name it in errors: « Pagefind », « while indexing 2017 »)."""
    try:
        output, _ = await asyncio.wait_for(process.communicate(given), SILENCE_SECONDS)
    except asyncio.TimeoutError:
        raise SearchFailed(f"{who} gave no answer for {SILENCE_SECONDS:g} s {doing}") from None
    finally:
        await _ended(process)
    assert process.returncode is not None
    return process.returncode, output.decode("utf-8", "replace").strip()[-500:]


async def _ended(process: asyncio.subprocess.Process) -> None:
    """A process ended, whether or not it finished."""
    if process.returncode is None:
        # Not `process.kill()`: it polls first (subprocess.Popen.send_signal), and would reap a process
        # `end_pagefind` already killed under asyncio's child watcher, which then prints « Unknown child
        # process pid … » after the build's last line.
        with contextlib.suppress(ProcessLookupError):
            os.kill(process.pid, signal.SIGKILL)
        await process.wait()  # reaped inside the loop, which is about to close
    _RUNNING.discard(process.pid)


async def _rank_here(bundle: Path, words: list[str], cache: Path, language: str) -> None:
    """Rank a bundle's words in a thread, while Pagefind indexes the next shards on every core."""
    await asyncio.to_thread(rank_and_keep, bundle, words, cache, language)


async def _start_ranking(bundle: Path, cache: Path, language: str) -> asyncio.subprocess.Process:
    """A Python process to rank a bundle's words (ranking.rank_bundle), on a core no Pagefind uses
    (fewer shards are indexed than can be at once: an act added); it waits for the words (`_ranked`).
    In a thread, the ranking waited on the build's others (saving the state): at 100,000 acts, 2.0 s
    against 1.0 s alone. With more shards, a thread is faster (10,000 acts: 1.5 s less), Pagefind
    keeping both cores busy."""
    code = "from registre.ranking import rank_bundle; rank_bundle()"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, (str(PACKAGE_ROOT), os.environ.get("PYTHONPATH"))))}
    return await _started([sys.executable, "-c", code, str(bundle), str(cache), language], given=True, env=env)


async def _ranked(process: asyncio.subprocess.Process, bundle: Path, words: list[str]) -> None:
    """The ranking of `_start_ranking`, given the bundle's words, waited for."""
    status, said = await _finished(process, "The ranking", f"of {bundle.name}", json.dumps(words).encode("utf-8"))
    if status != 0:  # its traceback's last line says what went wrong
        raise SearchFailed(f"The ranking of {bundle.name} stopped (exit status {status})" + (f": {said.splitlines()[-1]}" if said else ""))


async def _index(site_dir: Path, target: Path, language: str) -> None:
    """Index the documents of one folder into one bundle, with Pagefind's own command.

    The command, not the API's service: the same binary writes the same bundle, a
    third faster (measured on a year of 971 acts: 3.5 s against 4.9 s), and its end
    means its files are written.
    """
    command = [str(_must_get_executable()), "--site", str(site_dir), "--output-path", str(target), "--force-language", language, "--silent"]
    status, said = await _finished(await _started(command), "Pagefind", f"while indexing {site_dir.name}")
    if status != 0 or not (target / "pagefind-entry.json").is_file():
        raise SearchFailed(f"Pagefind stopped (exit status {status}) while indexing {site_dir.name}" + (f": {said}" if said else ""))


MERGED_BY_SCORE = re.compile(
    r"(async search\(term,(?P<options>\w+)=\{\}\)\{let (?P<found>\w+)=await Promise\.all\(this\.instances\.map.{0,400}?)"
    r"const results=(?P=found)\.map\(\(s\)=>s\.results\)\.flat\(\)\.sort\(\(a,b\)=>b\.score-a\.score\);",
    re.DOTALL,
)


ARCHIVE_RARITY = (
    "const pages=FOUND.map((s,i)=>{try{const f=this.instances[i];return f.findIndex(f.loadedLanguage).page_count||0;}catch(e){return 0;}});"
    "const idf=(all,holding)=>Math.log((all-holding+0.5)/(holding+0.5)+1);"
    "const all=pages.reduce((t,p)=>t+p,0),holding=FOUND.reduce((t,s)=>t+s.unfilteredResultCount,0);"
    "FOUND.forEach((s,i)=>{const own=idf(pages[i],s.unfilteredResultCount);"
    "if(pages[i]&&s.unfilteredResultCount&&own>0){const scale=idf(all,holding)/own;s.results.forEach((r)=>{r.score*=scale;});}});"
)
"""Pagefind scores a page by BM25, the words' rarity (IDF) taken within its own bundle: a word
rarer in one year scores that year's pages higher, and the first results of the archive were
one year's best. Each bundle's scores are scaled by the rarity over every bundle searched
(pages holding the words, pages in all) against its own, as one index over every act would
weigh them. Exact for a one-word search; for several words the pages holding all of them stand
for each word's (close enough to keep the order of the best)."""


SORTED_MERGE = (
    "const lists=FOUND.map((s,i)=>{const path=this.instances[i].basePath;s.results.forEach((r)=>{r.bundle=path;});"
    "return [path,s.results.sort((a,b)=>b.score-a.score)];});"
    "const direction=Object.values(OPTIONS.sort||{})[0];"
    "if(direction){const year=(p)=>{const m=/(\\d{4})(?:-(\\d+))?\\/?$/.exec(p);return m?+m[1]*100+ +(m[2]||0):1e9;};"
    "lists.sort((a,b)=>direction==='asc'?year(a[0])-year(b[0]):year(b[0])-year(a[0]));}"
    "if(!direction){" + ARCHIVE_RARITY + "}"
    "const results=lists.map((r)=>r[1]).flat();if(!direction)results.sort((a,b)=>b.score-a.score);"
)


MERGED_SEARCH = re.compile(r"let (?P<found>\w+)=await Promise\.all\(this\.instances\.map\(\((?P<each>\w+)\)=>(?P=each)\.search\(term,(?P<options>\w+)\)\)\);")
ONLY_BUNDLES = (
    "FOUND=FOUND.map((s,i)=>OPTIONS.bundles&&!OPTIONS.bundles.some((b)=>this.instances[i].basePath.endsWith(b))"
    "?{...s,results:[],filters:{},unfilteredResultCount:0}:s);"
)


def keep_sorted_merges(bundle: Path) -> None:
    """Let a sorted search over merged bundles give the whole archive sorted, and a search keep to the bundles it names.

    Pagefind 1.5.2 merges the results of merged bundles by score, even when the
    search is sorted (a sorted search scores by rank within its bundle), which
    interleaves the years. Our bundles are years (or parts of years, `2017-2`):
    each bundle's results in rank order, the bundles in date order, are the whole
    archive sorted, whatever order they were merged in (the preview's bundle of
    edits counts as the newest). By relevance, the scores are weighed over the whole
    archive (`ARCHIVE_RARITY`). The merge lives in pagefind.js and again in its worker.
    """
    for name in ("pagefind.js", "pagefind-worker.js"):
        script = bundle / name
        text, count = MERGED_BY_SCORE.subn(
            lambda m: m.group(1) + SORTED_MERGE.replace("FOUND", m.group("found")).replace("OPTIONS", m.group("options")),
            script.read_text(encoding="utf-8"),
        )
        # A search names the bundles that hold its words (`bundles`): the others' answers, made of
        # fragments of the words, are dropped (the search page's vocabulary says which hold them).
        text, only = MERGED_SEARCH.subn(lambda m: m.group(0) + ONLY_BUNDLES.replace("FOUND", m.group("found")).replace("OPTIONS", m.group("options")), text)
        if count != 1 or only != 1:
            raise RuntimeError(f"{script}: not the Pagefind 1.5.2 this build knows how to adjust")
        script.write_text(text, encoding="utf-8")


# Pagefind 1.5 writes its filter files from a hash map, so their order, names and the
# metadata naming them change from run to run (its issue #638). Sorting them gives an
# index that is byte-identical for the same site, so rebuilds rewrite nothing.


def _write_pagefind(folder: Path, stem: str, suffix: str, value: Any, digits: int) -> str:
    """Write a data file named by the hash of its content; return its hash name."""
    payload = MAGIC + cbor2.dumps(value)
    name = f"{stem}_{hashlib.sha256(payload).hexdigest()[:digits]}"
    (folder / f"{name}{suffix}").write_bytes(gzip.compress(payload, mtime=0))
    return name


def make_index_reproducible(index_dir: Path) -> None:
    """Sort what Pagefind left in hash-map order and rename the files after their content."""
    entry_path = index_dir / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    for language, facts in entry["languages"].items():
        meta_path = index_dir / f"pagefind.{facts['hash']}.pf_meta"
        meta = read_pagefind(meta_path)
        renamed = []
        for filter_name, filter_hash in sorted(meta[3]):
            filter_path = index_dir / "filter" / f"{filter_hash}.pf_filter"
            name, values = read_pagefind(filter_path)
            filter_path.unlink()
            new_hash = _write_pagefind(index_dir / "filter", language, ".pf_filter", [name, sorted(values)], 7)
            renamed.append([filter_name, new_hash])
        meta[3] = renamed
        meta_path.unlink()
        facts["hash"] = _write_pagefind(index_dir, f"pagefind.{language}", ".pf_meta", meta, 10).removeprefix("pagefind.")
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
