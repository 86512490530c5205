"""What the last build was made from and what it wrote, kept in the cache beside output/.

A build of the same inputs, finding output/ as it left it, does nothing; a
preview adopting that output/ learns from here what each page read.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import shutil
from pathlib import Path
from typing import Any

from .read import file_stamp
from .reads import Reads

MANIFEST = "manifest.json"
READS = "reads"
"""What each page of the site in output/ read: one file per rendering process."""
NEW_READS = "reads-new"


def inputs_digest(source_path: Path, content_dir: Path, layouts_dir: Path, output_dir: Path, options: tuple[Any, ...]) -> str:
    """Everything a build reads: Registre's own code, the configuration and options, layouts and content (by stamp)."""
    sha = hashlib.sha256()
    code = Path(__file__).parent
    for path in sorted(code.rglob("*")):
        if path.is_file() and path.suffix in (".py", ".csv"):
            sha.update(path.relative_to(code).as_posix().encode() + path.read_bytes())
    sha.update(repr((source_path.read_bytes(), str(content_dir), str(output_dir), options)).encode())
    for root in (layouts_dir, content_dir):
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


def load_manifest(cache: Path, inputs: str, output_dir: Path) -> dict[str, Any] | None:
    """The last build's manifest if it was made from these inputs and output/ is still what it wrote."""
    try:
        manifest: dict[str, Any] = json.loads((cache / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if manifest.get("inputs") != inputs or manifest.get("outputs") != output_listing(output_dir):
        return None
    return manifest


def save_manifest(cache: Path, manifest: dict[str, Any]) -> None:
    """Once the new site is in output/: its manifest, and what its pages read (written aside while rendering)."""
    shutil.rmtree(cache / READS, ignore_errors=True)
    if (cache / NEW_READS).is_dir():
        os.replace(cache / NEW_READS, cache / READS)
    (cache / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")


def forget_manifest(cache: Path) -> None:
    """output/ is about to change in place: the next build checks everything."""
    (cache / MANIFEST).unlink(missing_ok=True)
    shutil.rmtree(cache / READS, ignore_errors=True)


def write_reads(cache: Path, share: int, reads: dict[str, Reads]) -> None:
    """What the pages one process rendered read, aside until the site they belong to is in place."""
    folder = cache / NEW_READS
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{share}.pickle").write_bytes(pickle.dumps(reads, protocol=pickle.HIGHEST_PROTOCOL))


def new_reads(cache: Path) -> None:
    """Before rendering: no reads of an earlier, unfinished build."""
    shutil.rmtree(cache / NEW_READS, ignore_errors=True)


def load_reads(cache: Path) -> dict[str, Reads]:
    """What each page of the site in output/ read (empty if unknown: every page is then rendered on the next change)."""
    reads: dict[str, Reads] = {}
    for path in sorted((cache / READS).glob("*.pickle")):
        try:
            reads.update(pickle.loads(path.read_bytes()))
        except (OSError, ValueError, pickle.UnpicklingError, EOFError):
            return {}
    return reads
