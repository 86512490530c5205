"""What the last build was made from and what it wrote, kept in the cache beside output/.

A build of the same inputs, finding output/ as it left it, does nothing. A
build of the same code, configuration and options finding output/ as the last
one left it starts from that build's state (its acts, archive and what each
page read) and renders only what changed; a preview adopting that output/
learns from here what each page read.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import json
import os
import pickle
import shutil
import sys
from pathlib import Path
from typing import Any, Callable, Iterator

from .read import file_stamp
from .reads import Reads
from .write import output_listing

MANIFEST = "manifest.json"
READS = "reads"
"""What each page of the site in output/ read: one file per rendering process."""
NEW_READS = "reads-new"
STATE = "state.pickle"
"""The last build's acts (by file and stamp) and what output/ was made from (build.Built)."""
NEW_STATE = "state-new.pickle"


def settings_digest(source_path: Path, content_dir: Path, output_dir: Path, options: tuple[Any, ...]) -> str:
    """What every page depends on through no recorded read: Registre's own code, the configuration and options."""
    sha = hashlib.sha256()
    code = Path(__file__).parent
    for path in sorted(code.rglob("*")):
        if path.is_file() and path.suffix in (".py", ".csv"):
            sha.update(path.relative_to(code).as_posix().encode() + path.read_bytes())
    sha.update(repr((source_path.read_bytes(), str(content_dir), str(output_dir), options, sys.version)).encode())
    return sha.hexdigest()


def inputs_digest(settings: str, content_dir: Path, layouts_dir: Path) -> str:
    """Everything a build reads: the settings, layouts and content (by stamp)."""
    sha = hashlib.sha256(settings.encode())
    for root in (layouts_dir, content_dir):
        for folder, dirs, files in os.walk(root):
            dirs.sort()
            for name in sorted(files):
                mtime, size = file_stamp(os.path.join(folder, name))
                sha.update(f"{os.path.join(folder, name)}\0{mtime}\0{size}\n".encode())
    return sha.hexdigest()


def load_manifest(cache: Path, output_dir: Path, jobs: int = 1) -> tuple[dict[str, Any] | None, Callable[[], bool]]:
    """The last build's manifest (what it was made from), and what tells whether output/ is still
    what it wrote. With more than one job, a forked process walks output/ meanwhile (100,000 files
    take seconds) while this one reads the state the manifest speaks of."""
    try:
        manifest: dict[str, Any] = json.loads((cache / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None, lambda: False
    written = manifest.get("outputs") or {}
    if jobs <= 1 or not hasattr(os, "fork"):
        walked = same_listing(written, output_listing(output_dir))
        return manifest, lambda: walked
    pid = os.fork()
    if pid == 0:  # the walk, and nothing else: its answer is its exit status
        found = False
        try:
            found = same_listing(written, output_listing(output_dir))
        finally:
            os._exit(0 if found else 1)
    answer: list[bool] = []

    def as_written() -> bool:
        if not answer:
            answer.append(os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) == 0)
        return answer[0]

    return manifest, as_written


def same_listing(written: dict[str, list[int]], found: dict[str, list[int]]) -> bool:
    """Whether output/ holds the files a build wrote. A forge's cache (a tar archive) restores
    times to the whole second: such a time is the one written, truncated; an edit's is not."""
    if written.keys() != found.keys():
        return False
    for path, (size, time) in found.items():
        was = written[path]
        if size != was[0] or time != was[1] and (time % 1_000_000_000 or time // 1_000_000_000 != was[1] // 1_000_000_000):
            return False
    return True


def manifest_stamp(cache: Path) -> tuple[int, int]:
    """Changes when another build writes its manifest."""
    try:
        return file_stamp(cache / MANIFEST)
    except OSError:
        return (0, 0)


def save_manifest(cache: Path, manifest: dict[str, Any]) -> None:
    """Once the new site is in output/: its manifest, and what its pages read (written aside while rendering)."""
    shutil.rmtree(cache / READS, ignore_errors=True)
    if (cache / NEW_READS).is_dir():
        os.replace(cache / NEW_READS, cache / READS)
    if (cache / NEW_STATE).is_file():
        os.replace(cache / NEW_STATE, cache / STATE)
    (cache / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")


def forget_manifest(cache: Path) -> None:
    """output/ is about to change in place: the next build checks everything."""
    (cache / MANIFEST).unlink(missing_ok=True)
    (cache / STATE).unlink(missing_ok=True)
    shutil.rmtree(cache / READS, ignore_errors=True)


def save_state(cache: Path, state: Any) -> None:
    """What the next build starts from, aside until the site it describes is in place (save_manifest)."""
    temporary = cache / f".{STATE}.{os.getpid()}.tmp"
    with temporary.open("wb") as out:
        pickle.dump(state, out, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(temporary, cache / NEW_STATE)


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """While a saved state is read: millions of new objects, none of them garbage, that each
    collection would walk again (the state of 10,000 acts: 2.1 s read, 0.8 s without). Read, they
    are frozen: they last the build, and the collections that follow leave them alone too."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if collecting:
            gc.enable()


def load_state(cache: Path) -> Any:
    """The last build's state (None if missing or unreadable: the build starts from scratch)."""
    try:
        with (cache / STATE).open("rb") as saved, collector_paused():
            return pickle.load(saved)
    except (OSError, ValueError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError):
        return None


def write_reads(cache: Path, share: str, reads: dict[str, Reads]) -> None:
    """What the pages one process rendered read, aside until the site they belong to is in place
    (`share` begins with the build's generation: `new_reads`)."""
    folder = cache / NEW_READS
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{share}.pickle").write_bytes(pickle.dumps(reads, protocol=pickle.HIGHEST_PROTOCOL))


READS_LINKED_UP_TO = 32
"""Files of reads a build takes over from the last as they are (each build adds its own); past
this many, the reads of the pages it does not render are written anew, in one file."""


def new_reads(cache: Path) -> str:
    """Before rendering: no reads of an earlier, unfinished build. Return this build's generation,
    which its files of reads begin with: they sort after those of the builds before it."""
    shutil.rmtree(cache / NEW_READS, ignore_errors=True)
    return f"{1 + max((int(path.name[:8]) for path in _read_files(cache)), default=0):08d}"


def keep_reads(cache: Path, generation: str, kept: Callable[[], dict[str, Reads]]) -> None:
    """What the pages not rendered again read, into the new set: the last build's files as they
    are, while they are few (a page rendered since is read from its newer file: `load_reads`),
    else `kept()` in one file (pickling what 100,000 pages read takes seconds)."""
    old = _read_files(cache)
    if len(old) > READS_LINKED_UP_TO:
        write_reads(cache, f"{generation}-kept", kept())
        return
    folder = cache / NEW_READS
    folder.mkdir(parents=True, exist_ok=True)
    for path in old:
        try:
            os.link(path, folder / path.name)
        except OSError:  # a file system without hard links
            shutil.copyfile(path, folder / path.name)


def load_reads(cache: Path, pages: set[str]) -> dict[str, Reads]:
    """What each page of the site in output/ read (empty if unknown: every page is then rendered on the next change).

    `pages` are the site's: a page gone keeps its reads in a file taken over as it is, and
    should it come back it is rendered, not taken for what it was."""
    reads: dict[str, Reads] = {}
    for path in _read_files(cache):
        try:
            with collector_paused():
                reads.update(pickle.loads(path.read_bytes()))
        except (OSError, ValueError, pickle.UnpicklingError, EOFError):
            return {}
    return {path: read for path, read in reads.items() if path in pages}


def _read_files(cache: Path) -> list[Path]:
    """The files of reads of the site in output/, oldest build first."""
    return sorted(path for path in (cache / READS).glob("*.pickle") if path.name[:8].isdigit())
