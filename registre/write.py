"""Write the site aside, then swap it with output/: a failed build leaves output/ as it was."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Callable

from .render import Site

STAGING_PREFIX = ".registre-build-"
RETIRED_PREFIX = ".registre-old-"


def staging_dir(output_dir: Path) -> Path:
    return output_dir.parent / f"{STAGING_PREFIX}{output_dir.name}-{os.getpid()}"


def remove_leftovers(output_dir: Path) -> None:
    """Delete folders a killed build left beside output/."""
    for prefix in (STAGING_PREFIX, RETIRED_PREFIX):
        for path in output_dir.parent.glob(f"{prefix}{output_dir.name}-*"):
            shutil.rmtree(path, ignore_errors=True)


def write_site(site: Site, output_dir: Path, finish: Callable[[Path], None] | None = None) -> int:
    """Write pages and copies aside, let `finish` add to it (the search index), then swap.

    Files whose bytes did not change are hard links to the old ones, so their
    modification times stay: a rebuild with nothing changed rewrites nothing.
    Return how many files were new or changed.
    """
    output_dir.parent.mkdir(parents=True, exist_ok=True)
    remove_leftovers(output_dir)
    staging = staging_dir(output_dir)
    staging.mkdir()
    try:
        changed = 0
        for relative, data in sorted(site.pages.items()):
            changed += _place(staging, output_dir, relative, data=data)
        for relative, source in sorted(site.copies.items()):
            changed += _place(staging, output_dir, relative, data=source.read_bytes())
        if finish is not None:
            finish(staging)
            changed += _keep_unchanged(staging / "pagefind", output_dir / "pagefind")
        swap(staging, output_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return changed


def _place(staging: Path, output_dir: Path, relative: str, data: bytes) -> int:
    """Write one file aside, or link the old file when its bytes are the same."""
    target = staging / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    old = output_dir / relative
    try:
        if old.is_file() and not old.is_symlink() and old.stat().st_size == len(data) and old.read_bytes() == data:
            os.link(old, target)
            return 0
    except OSError:
        pass  # cannot link (another file system): write it
    target.write_bytes(data)
    return 1


def update_site(site: Site, output_dir: Path, removed: set[str]) -> int:
    """Replace changed files of a served site in place, each atomically; delete removed ones."""
    changed = 0
    for relative, data in sorted(site.pages.items()):
        changed += _replace(output_dir / relative, data)
    for relative, source in sorted(site.copies.items()):
        changed += _replace(output_dir / relative, source.read_bytes())
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


def _keep_unchanged(new_dir: Path, old_dir: Path) -> int:
    """Replace freshly written files that equal the old ones by links to the old ones."""
    changed = 0
    for path in sorted(new_dir.rglob("*")) if new_dir.is_dir() else []:
        if not path.is_file():
            continue
        data = path.read_bytes()
        path.unlink()
        changed += _place(new_dir, old_dir, path.relative_to(new_dir).as_posix(), data)
    return changed


def swap(staging: Path, output_dir: Path) -> None:
    """Put the new site in place: rename the old one away, rename the new one in, delete the old."""
    retired = output_dir.parent / f"{RETIRED_PREFIX}{output_dir.name}-{os.getpid()}"
    if output_dir.exists():
        os.rename(output_dir, retired)
    os.rename(staging, output_dir)
    shutil.rmtree(retired, ignore_errors=True)
