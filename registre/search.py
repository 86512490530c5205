"""Pagefind index of the written site, through Pagefind's Python API, in one call."""

from __future__ import annotations

import asyncio
import gzip
import hashlib
import json
import os
import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import cbor2

from pagefind.index import IndexConfig
from pagefind.service import PagefindService

INDEX_FOLDER = "pagefind"
NEW_INDEX_FOLDER = ".pagefind-new"
OLD_INDEX_FOLDER = ".pagefind-old"


def index_site(site_dir: Path, language: str, *, in_place: bool = False) -> int:
    """Index every page of `site_dir` that marks a `data-pagefind-body`; return the page count.

    In place (a site being served), the index is written beside the old one, then swapped.
    """
    target = site_dir / (NEW_INDEX_FOLDER if in_place else INDEX_FOLDER)
    shutil.rmtree(target, ignore_errors=True)
    # A thread of its own, so this works even when the caller already runs an event loop.
    with ThreadPoolExecutor(max_workers=1) as thread:
        pages = thread.submit(asyncio.run, _index(site_dir, target, language)).result()
    make_index_reproducible(target)
    if in_place:
        old = site_dir / OLD_INDEX_FOLDER
        shutil.rmtree(old, ignore_errors=True)
        if (site_dir / INDEX_FOLDER).exists():
            os.rename(site_dir / INDEX_FOLDER, old)
        os.rename(target, site_dir / INDEX_FOLDER)
        shutil.rmtree(old, ignore_errors=True)
    return pages


async def _index(site_dir: Path, target: Path, language: str) -> int:
    # One AddDir request: the API answers one request at a time (~0.1 s each),
    # so adding pages one by one would be thousands of round trips.
    config: IndexConfig = {"force_language": language, "output_path": str(target)}
    async with PagefindService() as service:
        index = await service.create_index(config)
        result = await index.add_directory(str(site_dir))
        await index.write_files()
        # Pagefind 1.5.2 can answer WriteFiles before its files are all on disk, and
        # closing the service then kills the writing (seen: an empty pagefind-entry.json
        # at 2,000 pages). Wait until the bundle is complete and still.
        await _settled(target)
    return int(result["page_count"])


async def _settled(target: Path, timeout: float = 300) -> None:
    """Return once the entry file parses and the folder has stopped changing."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    previous = None
    while loop.time() < deadline:
        files = sorted(p for p in target.rglob("*") if p.is_file())
        snapshot = [(p, p.stat().st_size) for p in files]
        if snapshot == previous and _entry_complete(target):
            return
        previous = snapshot
        await asyncio.sleep(0.05)
    raise RuntimeError(f"Pagefind did not finish writing {target}")


def _entry_complete(target: Path) -> bool:
    try:
        entry = json.loads((target / "pagefind-entry.json").read_text(encoding="utf-8"))
        return all((target / f"pagefind.{facts['hash']}.pf_meta").is_file() for facts in entry["languages"].values())
    except (OSError, ValueError, KeyError):
        return False


# Pagefind 1.5 writes its filter files from a hash map, so their order, names and the
# metadata naming them change from run to run (its issue #638). Sorting them gives an
# index that is byte-identical for the same site, so rebuilds rewrite nothing.
MAGIC = b"pagefind_dcd"


def _read_pagefind(path: Path) -> Any:
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(MAGIC):
        raise ValueError(f"{path}: not a Pagefind data file")
    return cbor2.loads(data[len(MAGIC) :])


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
        meta = _read_pagefind(meta_path)
        renamed = []
        for filter_name, filter_hash in sorted(meta[3]):
            filter_path = index_dir / "filter" / f"{filter_hash}.pf_filter"
            name, values = _read_pagefind(filter_path)
            filter_path.unlink()
            new_hash = _write_pagefind(index_dir / "filter", language, ".pf_filter", [name, sorted(values)], 7)
            renamed.append([filter_name, new_hash])
        meta[3] = renamed
        meta_path.unlink()
        facts["hash"] = _write_pagefind(index_dir, f"pagefind.{language}", ".pf_meta", meta, 10).removeprefix("pagefind.")
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
