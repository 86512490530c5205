"""Write the site aside, then swap it with output/: a failed build leaves output/ as it was."""

from __future__ import annotations

import contextlib
import os
import shutil
from pathlib import Path
from types import TracebackType

STAGING_PREFIX = ".registre-build-"
RETIRED_PREFIX = ".registre-old-"


def remove_leftovers(output_dir: Path) -> None:
    """Delete folders a killed build left beside output/."""
    for prefix in (STAGING_PREFIX, RETIRED_PREFIX):
        for path in output_dir.parent.glob(f"{prefix}{output_dir.name}-*"):
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
        old = self.output_dir / relative
        if old.is_file() and not old.is_symlink() and old.stat().st_size == len(data) and old.read_bytes() == data:
            with contextlib.suppress(OSError):  # cannot link (another file system): write it below
                os.link(old, target)
                return 0
        target.write_bytes(data)
        return 1

    def keep(self, relative: str) -> bool:
        """Bring a folder of the old site over unchanged (hard links); False if it is not there."""
        old = self.output_dir / relative
        if not old.is_dir():
            return False
        shutil.copytree(old, self.path / relative, copy_function=os.link)
        return True

    def keep_unchanged(self, relative: str) -> int:
        """Replace freshly written files that equal the old ones by links to them; count the others."""
        changed = 0
        root = self.path / relative
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


def update_in_place(output_dir: Path, pages: dict[str, bytes], removed: set[str]) -> int:
    """Replace changed files of a served site in place, each atomically; delete removed ones."""
    changed = 0
    for relative, data in sorted(pages.items()):
        changed += _replace(output_dir / relative, data)
    for relative in sorted(removed):
        (output_dir / relative).unlink(missing_ok=True)
        _prune_empty(output_dir / relative, output_dir)
        changed += 1
    return changed


def _replace(target: Path, data: bytes) -> int:
    """Write a file through a temporary sibling and a rename, unless it already holds these bytes."""
    if target.is_file() and target.stat().st_size == len(data) and target.read_bytes() == data:
        return 0
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    temporary.write_bytes(data)
    os.replace(temporary, target)
    return 1


def _prune_empty(path: Path, root: Path) -> None:
    folder = path.parent
    while folder != root and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent


def swap(new: Path, target: Path) -> None:
    """Put a folder in place of another: rename the old one away, rename the new one in, delete the old."""
    retired = target.with_name(f"{RETIRED_PREFIX}{target.name}-{os.getpid()}")
    if target.exists():
        os.rename(target, retired)
    os.rename(new, target)
    shutil.rmtree(retired, ignore_errors=True)

