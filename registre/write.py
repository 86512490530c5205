"""Write the site aside, then swap it with output/: a failed build leaves output/ as it was."""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import shutil
import threading
from pathlib import Path
from types import TracebackType
from typing import Callable, Iterator

STAGING_PREFIX = ".registre-build-"
RETIRED_PREFIX = ".registre-old-"
MARKER = ".registre-output"
"""The file that makes a folder ours: a build replaces only an empty folder or one holding it."""
MARKER_TEXT = b"Written by Registre (build.py): each build replaces this whole folder. Keep nothing else here.\n"


def write_file(path: Path, data: bytes) -> None:
    """Write a file; an error (a full disk) names it."""
    try:
        path.write_bytes(data)
    except OSError as exc:
        raise OSError(exc.errno, exc.strerror, str(path)) from None


class OutputRefused(Exception):
    """The folder a build was told to write into is not one it may replace (nothing was touched)."""


def refuse_output(output_dir: Path, protected: dict[str, Path]) -> None:
    """Raise OutputRefused unless output_dir is absent, empty, or a site a build wrote.

    `protected` names folders and files the output may neither be, hold, nor lie in
    (the project, its content, its layouts): an empty content/ would pass the marker test.
    """
    shown = f'"{output_dir}"'
    if output_dir.is_symlink():
        raise OutputRefused(f"{shown} is a symbolic link (to {os.readlink(output_dir)}): give the folder itself")
    if output_dir.exists() and not output_dir.is_dir():
        raise OutputRefused(f"{shown} is a file, not a folder")
    real = output_dir.resolve()
    for name, path in protected.items():
        held = path.resolve()
        if held == real:
            raise OutputRefused(f"{shown} is {name}: give the site a folder of its own, like output/")
        if held.is_relative_to(real):
            raise OutputRefused(f"{shown} holds {name} ({path}): give the site a folder of its own, like output/")
        if held.is_dir() and real.is_relative_to(held) and name != "the project folder":
            raise OutputRefused(f"{shown} lies inside {name} ({path}): give the site a folder of its own, like output/")
    existing = real.parent
    while not existing.exists():
        existing = existing.parent
    if not os.access(existing, os.W_OK):  # the new site is written beside the old, then swapped in
        raise OutputRefused(f"cannot write beside {shown}: {existing} is not writable")
    marker = output_dir / MARKER
    if not output_dir.exists() or marker.is_file() and not marker.is_symlink():
        return
    others = sorted(p.name for p in output_dir.iterdir())
    if others:
        names = ", ".join(others[:3]) + (", …" if len(others) > 3 else "")
        raise OutputRefused(
            f"{shown} holds files Registre did not write ({names}): give an empty or new folder, or delete this one yourself"
        )


_HELD: dict[Path, int] = {}
"""Lock files this process holds, by path: serve holds one for its life and builds within it."""


@contextlib.contextmanager
def output_lock(lock_path: Path) -> Iterator[None]:
    """Hold the lock of one output folder; refuse when another live process holds it.

    The kernel drops a flock with its process, so a killed build never blocks the next,
    and whatever its staging folders hold is provably left over.
    """
    if lock_path in _HELD:
        yield
        return
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "?"
            raise OutputRefused(f"another Registre process (pid {holder}) is writing this site: wait for it to end") from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        _HELD[lock_path] = fd
        try:
            yield
        finally:
            del _HELD[lock_path]
    finally:
        os.close(fd)


def remove_leftovers(output_dir: Path) -> None:
    """Delete folders a killed build of this output left beside it (called with its lock held)."""
    ours = re.compile(f"({re.escape(STAGING_PREFIX)}|{re.escape(RETIRED_PREFIX)}){re.escape(output_dir.name)}-\\d+")
    for path in output_dir.parent.iterdir():
        if ours.fullmatch(path.name) and path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)


class Staging:
    """A new site written beside output/ and swapped in on success; removed on any error.

    Files whose bytes did not change are hard links to the old ones, so their
    modification times stay: a rebuild with nothing changed rewrites nothing.
    Worker processes forked during the build write into it too (distinct files).
    """

    def __init__(self, output_dir: Path) -> None:
        self.output_dir = output_dir
        self.path = output_dir.parent / f"{STAGING_PREFIX}{output_dir.name}-{os.getpid()}"

    def __enter__(self) -> "Staging":
        self.output_dir.parent.mkdir(parents=True, exist_ok=True)
        remove_leftovers(self.output_dir)
        self.path.mkdir()
        self.write(MARKER, MARKER_TEXT)
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None) -> None:
        if kind is not None:
            shutil.rmtree(self.path, ignore_errors=True)
            return
        swap(self.path, self.output_dir)

    def write(self, relative: str, data: bytes) -> int:
        """Write one file aside, or link the old file when its bytes are the same; 1 if new or changed."""
        target = self.path / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        return write_or_link(target, data, self.output_dir / relative)

    def keep(self, relative: str) -> bool:
        """Bring a folder of the old site over unchanged (hard links); False if it is not there."""
        old = self.output_dir / relative
        if not old.is_dir():
            return False
        shutil.copytree(old, self.path / relative, copy_function=os.link)
        return True

    def keep_unchanged(self, relative: str, named_by_content: Callable[[str], bool] = lambda name: False) -> int:
        """Replace freshly written files that equal the old ones by links to them; count the others
        (their bytes compared whatever their names: a link to other bytes would be in the site)."""
        changed = 0
        root = self.path / relative
        if not (self.output_dir / relative).is_dir():  # no old files to link: all are new (100,000 acts: 3 s of stats saved)
            return sum(len(files) for _, _, files in os.walk(root))
        for path in sorted(root.rglob("*")) if root.is_dir() else []:
            if not path.is_file() or path.stat().st_nlink > 1:
                continue  # a folder, or a file already linked from the old site
            old = self.output_dir / path.relative_to(self.path)
            if old.is_file() and old.stat().st_size == path.stat().st_size and old.read_bytes() == path.read_bytes():
                path.unlink()
                os.link(old, path)
            else:
                changed += 1
        return changed


class Patch(Staging):
    """The files of output/ a build changes, written aside, then moved in: for a build that starts
    from the site in output/ (the other files stay as they are).

    Each file and each replaced folder is moved in atomically, not the whole: the builder
    forgets its manifest first, so a build stopped halfway is followed by a full one.
    """

    def __init__(self, output_dir: Path) -> None:
        super().__init__(output_dir)
        self.written: list[str] = []
        self.removed: set[str] = set()

    def write(self, relative: str, data: bytes) -> int:
        if same_file(self.output_dir / relative, data):
            return 0
        (self.path / relative).parent.mkdir(parents=True, exist_ok=True)
        write_file(self.path / relative, data)
        self.written.append(relative)
        return 1

    def remove(self, relative: str) -> None:
        """A file or folder of output/ the new site does not have."""
        self.removed.add(relative)

    def keep(self, relative: str) -> bool:
        return (self.output_dir / relative).is_dir()

    def keep_unchanged(self, relative: str, named_by_content: Callable[[str], bool] = lambda name: False) -> int:
        """The folders written under `relative` replace the old ones whole; count their files that changed
        (a file whose name says its bytes is the same if its name is there: the old bundles are not read again)."""
        root = self.path / relative
        for folder in sorted(root.iterdir()) if root.is_dir() else []:
            self.written.append(folder.relative_to(self.path).as_posix())
        new = [path for path in root.rglob("*") if path.is_file()] if root.is_dir() else []
        pairs = [(self.output_dir / path.relative_to(self.path), path) for path in new]
        return sum(not (old.is_file() if named_by_content(old.name) else same_file(old, path.read_bytes())) for old, path in pairs)

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None) -> None:
        if kind is None:
            for relative in self.written:
                target = self.output_dir / relative
                target.parent.mkdir(parents=True, exist_ok=True)
                if (self.path / relative).is_dir():
                    swap(self.path / relative, target)
                else:
                    os.replace(self.path / relative, target)
            for relative in sorted(self.removed):
                target = self.output_dir / relative
                if target.is_dir() and not target.is_symlink():
                    shutil.rmtree(target)
                else:
                    target.unlink(missing_ok=True)
                _prune_empty(target, self.output_dir)
        shutil.rmtree(self.path, ignore_errors=True)


    def listing_after(self, before: dict[str, list[int]]) -> dict[str, list[int]]:
        """output/'s listing (`output_listing`) once this patch is in, from the one before it:
        only what the patch moved in or removed is looked at (walking 100,000 files takes seconds)."""
        listing = dict(before)
        for relative in [*self.written, *self.removed]:
            listing.pop(relative, None)
            if (self.output_dir / relative).is_dir() or relative in self.removed:
                inside = relative + "/"
                for path in [path for path in listing if path.startswith(inside)]:
                    del listing[path]
        for relative in self.written:
            target = self.output_dir / relative
            if target.is_dir():
                listing.update({f"{relative}/{path}": stamp for path, stamp in output_listing(target).items()})
            else:
                stat = target.stat()
                listing[relative] = [stat.st_size, stat.st_mtime_ns]
        return listing


def output_listing(output_dir: Path) -> dict[str, list[int]]:
    """Every file of output/ with its size and modification time (an edit that keeps the size still shows)."""
    listing: dict[str, list[int]] = {}

    def walk(folder: str, prefix: str) -> None:
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    walk(entry.path, f"{prefix}{entry.name}/")
                else:
                    stat = entry.stat(follow_symlinks=False)
                    listing[prefix + entry.name] = [stat.st_size, stat.st_mtime_ns]

    if output_dir.is_dir():
        walk(str(output_dir), "")
    return listing


def write_or_link(target: Path, data: bytes, old: Path) -> int:
    """Write a new file, or link the old one when it holds these bytes (its time stays; no inode
    is made); 1 if written."""
    if same_file(old, data):
        with contextlib.suppress(OSError):  # cannot link (another file system): write it below
            os.link(old, target)
            return 0
    write_file(target, data)
    return 1


def same_file(path: Path, data: bytes) -> bool:
    """Whether a file (not a link) holds these bytes."""
    return path.is_file() and not path.is_symlink() and path.stat().st_size == len(data) and path.read_bytes() == data


def update_in_place(output_dir: Path, pages: dict[str, bytes], removed: set[str]) -> set[str]:
    """Replace changed files of a served site in place, each atomically; delete removed ones.
    Return the files that changed (a page rendered again may hold the same bytes)."""
    changed = {relative for relative, data in sorted(pages.items()) if _replace(output_dir / relative, data)}
    for relative in sorted(removed):
        (output_dir / relative).unlink(missing_ok=True)
        _prune_empty(output_dir / relative, output_dir)
    return changed | removed


def _replace(target: Path, data: bytes) -> int:
    """Write a file through a temporary sibling and a rename, unless it already holds these bytes."""
    if same_file(target, data):
        return 0
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    write_file(temporary, data)
    os.replace(temporary, target)
    return 1


def _prune_empty(path: Path, root: Path) -> None:
    folder = path.parent
    while folder != root and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent


SWAP_LOCK = threading.Lock()
"""Held while a folder is swapped: the preview server, in this process, waits instead of answering 404."""


def swap(new: Path, target: Path) -> None:
    """Put a folder in place of another: rename the old one away, rename the new one in, delete the old."""
    retired = target.with_name(f"{RETIRED_PREFIX}{target.name}-{os.getpid()}")
    with SWAP_LOCK:
        if target.exists():
            os.rename(target, retired)
        os.rename(new, target)
    shutil.rmtree(retired, ignore_errors=True)

