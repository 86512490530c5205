"""The site's search bundles and the documents they are made from: one object owns both.

Documents live in the cache beside output/ (one folder per shard); bundles in
output/pagefind/<shard>/. A full build indexes the shards whose documents
changed into the staging site; a preview's rebuild reindexes the touched
shards in place, after showing the edited acts at once in an edits bundle.
"""

from __future__ import annotations

import json
import shutil
import threading
from pathlib import Path
from typing import Callable

from .ranking import TABLE_FOLDER, BestResults
from .search import EDITS_BUNDLE, INDEX_FOLDER, SearchDocuments, index_folder, index_shards, index_these
from .write import Staging, swap

Documents = set[tuple[str, str]]
"""Search documents as (shard, path in the shard)."""


class SearchBundles:
    def __init__(self, cache: Path, output: Path, language: str, say: Callable[[str], None]) -> None:
        self.documents = SearchDocuments(cache / "search")
        self.best = BestResults(cache, language)
        self.cache, self.output, self.language, self.say = cache, output, language, say
        self.expected: Documents = set()
        """The documents of the site last written."""

    def index_into(
        self, staging: Staging, cancelled: threading.Event | None = None, started: threading.Event | None = None
    ) -> dict[str, str]:
        """Index the shards into the staging site, bringing over those made from the same documents
        (no more Pagefind started once `cancelled` is set; `started` set once the first runs, or none will)."""
        previous = self._digests()

        def reuse(shard: str, digest: str) -> bool:
            return previous.get(shard) == digest and staging.keep(f"{INDEX_FOLDER}/{shard}")

        bundles = staging.path / INDEX_FOLDER
        previous_bundles = self.output / INDEX_FOLDER
        digests = index_shards(self.documents, bundles, self.language, reuse, previous_bundles, self.say, cancelled, started)
        # Then the archive's best results over every bundle (a bundle kept by a Patch stays in output/).
        made = {shard: bundles / shard if (bundles / shard).is_dir() else previous_bundles / shard for shard in digests}
        if not (self.best.is_current(made) and staging.keep(f"{INDEX_FOLDER}/{TABLE_FOLDER}")):
            self.best.write_table(made, bundles / TABLE_FOLDER, previous_bundles / TABLE_FOLDER)
        return digests

    def prune(self, expected: Documents) -> set[str]:
        """Drop the documents of acts gone or moved; return the shards they left.
        Looking through every document costs seconds at 100,000 acts: only when the set changed."""
        self.documents.forget_listing()
        left = self.documents.prune(expected) if expected != self.expected else set()
        self.expected = expected
        return left

    def saved(self, digests: dict[str, str]) -> None:
        """Remember what the bundles now in output/ were made from (only once they are there)."""
        path = self.cache / "bundles.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(digests, sort_keys=True), encoding="utf-8")
        self.documents.save_digests()
        self.best.saved()

    def indexed(self) -> set[str]:
        """The shards whose bundles are in output/."""
        return set(self._digests())

    def _digests(self) -> dict[str, str]:
        try:
            return dict(json.loads((self.cache / "bundles.json").read_text(encoding="utf-8")))
        except (OSError, ValueError):
            return {}

    def reindex_in_place(self, documents: Documents, left: set[str], show_edits: Callable[[bool], None]) -> None:
        """Index the touched shards beside the served ones, then swap each in (the others are left alone).

        A year takes seconds to index: the changed documents are first indexed alone,
        into the edits bundle the search page then merges (`show_edits(True)` renders it
        so), so they are findable at once.
        """
        if documents:
            self._index_edits(documents)
            show_edits(True)
        self._reindex_shards({shard for shard, _ in documents} | left)
        if documents:
            show_edits(False)
            shutil.rmtree(self.output / INDEX_FOLDER / EDITS_BUNDLE, ignore_errors=True)  # once the search page no longer lists it

    def _index_edits(self, documents: Documents) -> None:
        site, fresh = self.cache / "edits", self.cache / "edits-bundle"
        shutil.rmtree(site, ignore_errors=True)
        for shard, relative in documents:
            (site / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(self.documents.folder / shard / relative, site / relative)
        index_folder(site, fresh, self.language)
        swap(fresh, self.output / INDEX_FOLDER / EDITS_BUNDLE)

    def _reindex_shards(self, shards: set[str]) -> None:
        bundles = self.output / INDEX_FOLDER
        fresh = self.cache / "fresh"
        shutil.rmtree(fresh, ignore_errors=True)
        present = set(self.documents.shards())
        index_these(self.documents, sorted(shards & present), fresh, self.language, bundles)
        digests = self._digests()
        for shard in sorted(shards):
            if shard in present:
                swap(fresh / shard, bundles / shard)
                digests[shard] = self.documents.digest(shard)
            else:  # a year with no act left
                shutil.rmtree(bundles / shard, ignore_errors=True)
                digests.pop(shard, None)
        self.best.write_table({shard: bundles / shard for shard in digests}, fresh / TABLE_FOLDER, bundles / TABLE_FOLDER)
        swap(fresh / TABLE_FOLDER, bundles / TABLE_FOLDER)
        self.saved(digests)
        self.say(f"reindexed search shards {', '.join(sorted(shards))}")
