"""Pagefind index of the written site, through Pagefind's Python API, in one call."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from pagefind.index import PagefindIndex

INDEX_FOLDER = "pagefind"


def index_site(site_dir: Path, language: str) -> int:
    """Index every page of `site_dir` that marks a `data-pagefind-body`; return the page count."""
    # A thread of its own, so this works even when the caller already runs an event loop.
    with ThreadPoolExecutor(max_workers=1) as thread:
        return thread.submit(asyncio.run, _index(site_dir, language)).result()


async def _index(site_dir: Path, language: str) -> int:
    # One AddDir request: the API answers one request at a time (~0.1 s each),
    # so adding pages one by one would be thousands of round trips.
    config = {"force_language": language, "output_path": str(site_dir / INDEX_FOLDER)}
    async with PagefindIndex(config=config) as index:  # type: ignore[arg-type]
        result = await index.add_directory(str(site_dir))
    return int(result["page_count"])
