"""What the last build was made from and what it wrote, kept in the cache beside output/.

A build of the same inputs, finding output/ as it left it, does nothing. A
build of the same code, configuration and options finding output/ as the last
one left it starts from that build's state (its acts, archive and what each
page read) and renders only what changed; a preview adopting that output/
learns from here what each page read.
"""

from __future__ import annotations

import copyreg
import hashlib
import json
import marshal
import os
import pickle
import shutil
import sys
from pathlib import Path
from typing import Any, Callable, NamedTuple

from .models import Act
from .read import file_stamp
from .reads import Reads
from .workers import collector_paused
from .write import output_listing

MANIFEST = "manifest.json"
LISTING = "listing.marshal"
"""output/'s files as the last build left them (`output_listing`), apart from the manifest: read by
the walk that checks them, not before the build starts (222,000 files at 100,000 acts: as JSON,
0.28 s to read and 0.23 s to write; with marshal, 0.2 and 0.02 s)."""
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


def inputs_digest(settings: str, content_dir: Path, layouts_dir: Path) -> tuple[str, dict[str, tuple[int, int]]]:
    """Everything a build reads: the settings, layouts and content (by stamp); and the stamp of
    each file under content/, for reading the acts (100,000 files take a second to list and stamp)."""
    sha = hashlib.sha256(settings.encode())
    for root in (layouts_dir, content_dir):
        stamps: dict[str, tuple[int, int]] = {}  # the content folder's are returned
        for folder, dirs, files in os.walk(root):
            dirs.sort()
            for name in sorted(files):
                path = os.path.join(folder, name)
                mtime, size = stamps[path] = file_stamp(path)
                sha.update(f"{path}\0{mtime}\0{size}\n".encode())
    return sha.hexdigest(), stamps


def load_manifest(cache: Path, output_dir: Path, jobs: int = 1) -> tuple[dict[str, Any] | None, Callable[[], bool]]:
    """The last build's manifest (what it was made from), and what tells whether output/ is still
    what it wrote. With more than one job, a forked process walks output/ meanwhile (100,000 files
    take seconds) while this one reads the state the manifest speaks of."""
    try:
        manifest: dict[str, Any] = json.loads((cache / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None, lambda: False
    if jobs <= 1 or not hasattr(os, "fork"):
        walked = same_listing(load_listing(cache), output_listing(output_dir))
        return manifest, lambda: walked
    pid = os.fork()
    if pid == 0:  # the walk, and nothing else: its answer is its exit status
        found = False
        try:
            found = same_listing(load_listing(cache), output_listing(output_dir))
        finally:
            os._exit(0 if found else 1)
    answer: list[bool] = []

    def as_written() -> bool:
        if not answer:
            answer.append(os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) == 0)
        return answer[0]

    return manifest, as_written


def load_listing(cache: Path) -> dict[str, list[int]]:
    """The listing of output/ the last build saved (empty when missing or unreadable: no output/ is as written)."""
    try:
        listing = marshal.loads((cache / LISTING).read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        return {}
    return listing if isinstance(listing, dict) else {}


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


def save_manifest(cache: Path, manifest: dict[str, Any], listing: dict[str, list[int]]) -> None:
    """Once the new site is in output/: its manifest and listing, and what its pages read (written aside while rendering)."""
    shutil.rmtree(cache / READS, ignore_errors=True)
    if (cache / NEW_READS).is_dir():
        os.replace(cache / NEW_READS, cache / READS)
    if (cache / NEW_STATE).is_file():
        shutil.rmtree(cache / ACTS, ignore_errors=True)
        os.replace(cache / NEW_ACTS, cache / ACTS)
        os.replace(cache / NEW_STATE, cache / STATE)
    temporary = cache / f".{LISTING}.{os.getpid()}.tmp"
    temporary.write_bytes(marshal.dumps(listing))
    os.replace(temporary, cache / LISTING)
    (cache / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")  # last: the manifest vouches for the rest


def forget_manifest(cache: Path) -> None:
    """output/ is about to change in place: the next build checks everything."""
    (cache / MANIFEST).unlink(missing_ok=True)  # the listing stays: the build under way starts its own from it
    (cache / STATE).unlink(missing_ok=True)
    shutil.rmtree(cache / ACTS, ignore_errors=True)
    shutil.rmtree(cache / READS, ignore_errors=True)


ACTS = "acts"
"""The acts the state speaks of, apart from it (`save_state`): one file per build that read some."""
NEW_ACTS = "acts-new"
ACT_FILES = "files.json"
"""The names of the files of acts the state was saved with."""
ACT_FILES_LINKED_UP_TO = 32
"""Files of acts a build takes over from the last as they are; past this many, its acts are written anew in one file."""


def _stored_act(key: str) -> Act:
    """Where a saved state names an act kept in the files of acts (`load_state` finds it there)."""
    raise pickle.UnpicklingError(f"act {key} read outside load_state")


class StoredActs(NamedTuple):
    """The acts of a saved state, by file, and the names of the files of acts they were read from."""

    files: tuple[str, ...] = ()
    acts: dict[str, Act] = {}


def save_state(cache: Path, state: Any, stored: StoredActs) -> StoredActs:
    """What the next build starts from, aside until the site it describes is in place (save_manifest).

    Its acts are kept apart, by file: the state names them. Those already in the last build's files
    (`stored`, as `load_state` read them) stay there, and the files are taken over as they are; a
    new file holds the acts read since (pickling 100,000 acts took 7 s of each build). Past
    ACT_FILES_LINKED_UP_TO files, every act goes in one. Return what the new files hold."""
    named: dict[str, Act] = {}

    def by_name(act: Act) -> tuple[Callable[[str], Act], tuple[str]]:
        named[act.source_path] = act
        return _stored_act, (act.source_path,)

    temporary = cache / f".{STATE}.{os.getpid()}.tmp"
    with temporary.open("wb") as out:
        pickler = pickle.Pickler(out, protocol=pickle.HIGHEST_PROTOCOL)
        pickler.dispatch_table = {**copyreg.dispatch_table, Act: by_name}
        pickler.dump(state)
    folder = cache / NEW_ACTS
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    old = _act_files(cache)
    if tuple(path.name for path in old) != stored.files or not old or len(old) >= ACT_FILES_LINKED_UP_TO:
        old, stored = [], StoredActs()
    for path in old:
        try:
            os.link(path, folder / path.name)
        except OSError:  # a file system without hard links
            shutil.copyfile(path, folder / path.name)
    new = {key: act for key, act in named.items() if stored.acts.get(key) is not act}
    files = [path.name for path in old]
    if new:
        files.append(f"{1 + max((int(name[:8]) for name in files), default=0):08d}.pickle")
        (folder / files[-1]).write_bytes(pickle.dumps(new, protocol=pickle.HIGHEST_PROTOCOL))
    (folder / ACT_FILES).write_text(json.dumps(files), encoding="utf-8")  # a file lost would leave older acts in its place
    os.replace(temporary, cache / NEW_STATE)
    return StoredActs(tuple(files), {**stored.acts, **new})


def _act_files(cache: Path) -> list[Path]:
    """The files of acts of the saved state, oldest build first."""
    return sorted(path for path in (cache / ACTS).glob("*.pickle") if path.name[:8].isdigit())


class _StateUnpickler(pickle.Unpickler):
    """Reads a saved state, its acts taken from the files of acts."""

    def __init__(self, file: Any, acts: dict[str, Act]) -> None:
        super().__init__(file)
        self.acts = acts

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) == (__name__, "_stored_act"):
            return self.acts.__getitem__
        return super().find_class(module, name)


def load_state(cache: Path) -> tuple[Any, StoredActs]:
    """The last build's state (None if missing or unreadable: the build starts from scratch), and its acts."""
    acts: dict[str, Act] = {}
    files = _act_files(cache)
    try:
        if json.loads((cache / ACTS / ACT_FILES).read_text(encoding="utf-8")) != [path.name for path in files]:
            return None, StoredActs()
        # Millions of objects, none of them garbage, that last the build (10,000 acts: 2.1 s read, 0.8 s without).
        with collector_paused(freeze=True):
            for path in files:
                acts.update(pickle.loads(path.read_bytes()))
            with (cache / STATE).open("rb") as saved:
                return _StateUnpickler(saved, acts).load(), StoredActs(tuple(path.name for path in files), acts)
    except (OSError, ValueError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, KeyError):
        return None, StoredActs()


def write_reads(cache: Path, share: str, reads: dict[str, Reads]) -> None:
    """What the pages one process rendered read, aside until the site they belong to is in place
    (`share` begins with the build's generation: `new_reads`)."""
    folder = cache / NEW_READS
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{share}.pickle").write_bytes(pickle.dumps(reads, protocol=pickle.HIGHEST_PROTOCOL))


READS_LINKED_UP_TO = 32
"""Files of reads of later builds a build takes over as they are, beside those of the oldest (a build
that rendered every page wrote one per 2,000 pages); past this many, the reads of the pages it
does not render are written anew, in one file."""


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
    if sum(path.name[:8] != old[0].name[:8] for path in old) > READS_LINKED_UP_TO:
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
            with collector_paused(freeze=True):
                reads.update(pickle.loads(path.read_bytes()))
        except (OSError, ValueError, pickle.UnpicklingError, EOFError):
            return {}
    return {path: read for path, read in reads.items() if path in pages}


def _read_files(cache: Path) -> list[Path]:
    """The files of reads of the site in output/, oldest build first."""
    return sorted(path for path in (cache / READS).glob("*.pickle") if path.name[:8].isdigit())
