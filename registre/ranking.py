"""The first page of a one-word search, ranked at build time as one index over every act would rank it.

Each year's acts make a Pagefind bundle of their own (search.py), and a first search
reads the newest only: its first page was that year's best, not the archive's. Merging
every year costs each one's index (hundreds of kilobytes at 10,000 acts). So the build
ranks each word's best pages over the whole archive, from what Pagefind wrote, and the
search page shows them from their fragments: one small file and ten fragments.

How Pagefind 1.5.2 ranks a page for one query word T (read from its scores in playground
mode): idf(T) × (1.8 × Σ BM25 saturation of each indexed word extending T's stem, weighted
by how close its length is, + 5 if the title holds one, + 1 for each other metadata field
holding one). In one index idf(T) is the same for every page, so the order is that of the
bracket (`read_bundle`). Each bundle keeps the ten best pages of each word family
(`BundleBest`, in the cache); the archive's ten best are the best of those.
"""

from __future__ import annotations

import bisect
import contextlib
import gzip
import hashlib
import heapq
import json
import math
import os
import pickle
import shutil
import sys
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import cbor2
import snowballstemmer

from .vocabulary import FOLDER as VOCABULARY
from .workers import collect_rarely, collector_paused
from .write import write_or_link

TABLE_FOLDER = "best"
"""pagefind/best/<bucket>.json: each word's count of pages, stem and ten best, « shard/fragment »."""
BUCKETS = 4096
"""Words are spread over this many files by a hash, so that a first search fetches a few words'
file whatever the archive's vocabulary (a file per first letters would hold thousands of words)."""
BEST = 10
SATURATION, LENGTH = 1.4, 0.75
"""Pagefind's default ranking weights (term_saturation, page_length)."""
BODY_MATCH = 1.8
"""Pagefind's factor on the text's score when the query word is spelled as indexed (with its accents)."""
TITLE_WEIGHT, FIELD_WEIGHT = 5, 1
SHORTEST_STEM = 3
"""A shorter stem extends to too many words to rank at build time: the search page asks Pagefind."""
DEFAULT_WEIGHT = 24
CODE = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()
"""This file's digest: a ranking or table made by other code is made again."""


STEMMERS = {
    "ar": "arabic", "hy": "armenian", "eu": "basque", "ca": "catalan", "da": "danish", "nl": "dutch", "en": "english",
    "fi": "finnish", "fr": "french", "de": "german", "el": "greek", "hi": "hindi", "hu": "hungarian", "id": "indonesian",
    "ga": "irish", "it": "italian", "lt": "lithuanian", "ne": "nepali", "no": "norwegian", "pt": "portuguese",
    "ro": "romanian", "ru": "russian", "sr": "serbian", "es": "spanish", "sv": "swedish", "ta": "tamil", "tr": "turkish", "yi": "yiddish",
}
"""The Snowball stemmers Pagefind has, by language; it leaves the words of other languages as they are."""
_THREAD = threading.local()
"""Stemmers per thread: one keeps its word in itself (bundles are ranked in threads)."""


@lru_cache(maxsize=1 << 18)
def stem(folded: str, language: str) -> str:
    """The stem Pagefind looks up for a word (accents and case already folded): Snowball's, as its own."""
    if language not in STEMMERS:
        return folded
    stemmers = _THREAD.__dict__.setdefault("stemmers", {})
    if language not in stemmers:
        stemmers[language] = snowballstemmer.stemmer(STEMMERS[language])
    return str(stemmers[language].stemWord(folded))


def length_bonus(word: str, stem_: str) -> float:
    """Pagefind's weight of an indexed word by how far its length is from the query's stem."""
    differential = abs(len(word) - len(stem_)) + 1
    return math.exp(math.exp(-0.5 * differential**2 / 4)) / math.e


@dataclass
class BundleBest:
    """One bundle's ten best pages for each word family, and its words."""

    meta: str
    """The bundle's metadata file name: what it was computed from."""
    families: dict[str, tuple[int, list[tuple[float, str]]]]
    """Stem -> (pages holding a word extending it, the ten best as (relevance, fragment))."""
    words: list[str]
    """The folded words the bundle holds (its vocabulary)."""
    language: str
    code: str
    """The ranking's code it was made by (`CODE`)."""


MAGIC = b"pagefind_dcd"


def read_pagefind(path: Path) -> Any:
    """A Pagefind data file: gzip, then its magic and CBOR."""
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(MAGIC):
        raise ValueError(f"{path}: not a Pagefind data file")
    return cbor2.loads(data[len(MAGIC) :])


def bundle_meta(bundle: Path) -> str | None:
    try:
        entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return str(next(iter(entry["languages"].values()))["hash"])


def _postings(entries: list) -> dict[str, dict[int, tuple[float, int]]]:  # type: ignore[type-arg]
    """Each indexed word's pages: (weighted count in the text, the metadata fields holding it as bits).

    Pagefind 1.5.2 writes a word as [stem, pages, [[spelling with accents, pages], …]], a page as
    [page number after the last, [positions after the last, a negative -(weight+1) changing the
    weight of the next], [the same for metadata fields, -(field+1) naming the field]].
    """
    found: dict[str, dict[int, tuple[float, int]]] = {}
    for key, pages, spellings in entries:
        post: dict[int, tuple[float, int]] = found.setdefault(key, {})
        for listed in [pages, *(s[1] for s in spellings)]:
            page = 0
            for position, (step, locations, fields) in enumerate(listed):
                page = step if position == 0 else page + step
                if locations and locations[0] == -DEFAULT_WEIGHT - 1 and (len(locations) == 1 or min(locations[1:]) >= 0):
                    weighted = float(len(locations) - 1)  # the usual case: every place at the default weight
                else:
                    weighted, weight = 0.0, DEFAULT_WEIGHT
                    for location in locations:
                        if location < 0:
                            weight = -location - 1
                        else:
                            weighted += weight / DEFAULT_WEIGHT
                mask = 0
                for location in fields:
                    if location < 0:
                        mask |= 1 << (-location - 1)
                before = post.get(page)
                post[page] = (weighted + before[0], mask | before[1]) if before else (weighted, mask)
    return found


def read_bundle(bundle: Path, words: list[str], language: str) -> BundleBest:
    """Rank each word family of a bundle Pagefind wrote (`words`: its vocabulary, folded)."""
    meta_name = bundle_meta(bundle)
    if meta_name is None:
        raise ValueError(f"{bundle}: not a Pagefind bundle (no pagefind-entry.json)")
    meta = read_pagefind(bundle / f"pagefind.{meta_name}.pf_meta")
    pages, fields = meta[1], meta[5]
    average = sum(count for _, count in pages) / max(len(pages), 1)
    norms = [SATURATION * (1 - LENGTH + LENGTH * count / average) for _, count in pages]
    weights = [TITLE_WEIGHT if name == "title" else FIELD_WEIGHT for name in fields]

    @lru_cache(maxsize=None)
    def fields_weight(mask: int) -> int:
        return sum(weight for field, weight in enumerate(weights) if mask >> field & 1)

    entries: list = []  # type: ignore[type-arg]
    for first, last, chunk in meta[2]:
        # Words only: a number is searched by its parts, in every year holding them (the search page).
        if not (first[:1].isdigit() and last[:1].isdigit()):
            entries.extend(entry for entry in read_pagefind(bundle / "index" / f"{chunk}.pf_index")[0] if entry[0][:1].isalpha())
    postings = _postings(entries)
    keys = sorted(postings)
    stems = {key for key in keys if len(key) >= SHORTEST_STEM and key.isalpha()}
    stems |= {s for s in (stem(w, language) for w in words if w.isalpha()) if len(s) >= SHORTEST_STEM}
    families: dict[str, tuple[int, list[tuple[float, str]]]] = {}
    for family in sorted(stems):
        extending = _starting_with(keys, family)
        if not extending:
            continue
        text: dict[int, float] = {}
        masks: dict[int, int] = {}
        for key in extending:
            bonus = length_bonus(key, family)
            for page, (weighted, mask) in postings[key].items():
                x = weighted * bonus
                text[page] = text.get(page, 0.0) + ((SATURATION + 1) * x / (norms[page] + x) if x else 0.0)
                masks[page] = masks.get(page, 0) | mask
        scored = [(BODY_MATCH * score + fields_weight(masks[page]), pages[page][0]) for page, score in text.items()]
        families[family] = (len(text), heapq.nlargest(BEST, scored))
    return BundleBest(meta_name, families, sorted(words), language, CODE)


def rank_and_keep(bundle: Path, words: list[str], cache: Path, language: str) -> None:
    """Rank a bundle Pagefind wrote and keep its ranking in the cache (`BestResults`), by the bundle's name."""
    # Millions of lists and numbers decoded, with no cycle among them, all freed once it returns.
    with collector_paused():
        best = read_bundle(bundle, words, language)
    BestResults(cache, language).remember(bundle.name, best)


def rank_bundle() -> None:
    """`rank_and_keep` in a process of its own (search.py): the bundle's folder, the cache and the
    language as arguments, its words (its vocabulary, folded) as JSON on the input."""
    collect_rarely()
    bundle, cache, language = sys.argv[1:4]
    rank_and_keep(Path(bundle), json.loads(sys.stdin.buffer.read()), Path(cache), language)


def _starting_with(keys: list[str], prefix: str) -> list[str]:
    start = bisect.bisect_left(keys, prefix)
    end = start
    while end < len(keys) and keys[end].startswith(prefix):
        end += 1
    return keys[start:end]


def bundle_words(bundle: Path) -> list[str]:
    """The folded words of a bundle's vocabulary, as written beside it."""
    words: list[str] = []
    for path in sorted((bundle / VOCABULARY).glob("*.json")):
        words.extend(json.loads(path.read_text(encoding="utf-8")))
    return words


def table_file(word: str) -> str:
    """The file of a word: its bucket (FNV-1a of its UTF-8 bytes, as static/search.js computes it), in hexadecimal."""
    hashed = 0x811C9DC5
    for byte in word.encode("utf-8"):
        hashed = ((hashed ^ byte) * 0x01000193) & 0xFFFFFFFF
    return f"{hashed % BUCKETS:03x}"


def best_table(bundles: dict[str, BundleBest], language: str) -> dict[str, dict[str, list[object]]]:
    """The archive's best pages for each word, by file: word -> [pages holding its family, stem, ["shard/fragment", …]]."""
    words = sorted({word for best in bundles.values() for word in best.words if word.isalpha()})
    table: dict[str, dict[str, list[object]]] = {}
    for word in words:
        family = stem(word, language)
        count, candidates = 0, list[tuple[float, str, str]]()
        for shard, best in bundles.items():
            held = best.families.get(family)
            if held:
                count += held[0]
                candidates.extend((score, shard, fragment) for score, fragment in held[1])
        if count:
            ranked = heapq.nlargest(BEST, candidates)
            table.setdefault(table_file(word), {})[word] = [count, family, [f"{shard}/{fragment}" for _, shard, fragment in ranked]]
    return table


class BestResults:
    """Each bundle's ranking kept in the cache (`best/<shard>.pickle`), and the table made from them."""

    def __init__(self, cache: Path, language: str) -> None:
        self.folder, self.language = cache / "best", language
        self._made: str | None = None
        """What the table last written was made from, remembered once it is in output/ (`saved`)."""

    def remember(self, shard: str, best: BundleBest) -> None:
        """Keep a bundle's ranking for the next builds (`read_bundle` once Pagefind wrote it)."""
        self.folder.mkdir(parents=True, exist_ok=True)
        temporary = self.folder / f".{shard}.{os.getpid()}.tmp"
        temporary.write_bytes(pickle.dumps(best, pickle.HIGHEST_PROTOCOL))
        os.replace(temporary, self.folder / f"{shard}.pickle")

    def of(self, shard: str, bundle: Path) -> BundleBest:
        """A bundle's ranking: from the cache when made from this bundle, else read again."""
        with contextlib.suppress(OSError, pickle.UnpicklingError, EOFError, AttributeError):
            best = pickle.loads((self.folder / f"{shard}.pickle").read_bytes())
            if isinstance(best, BundleBest) and (best.meta, best.language, best.code) == (bundle_meta(bundle), self.language, CODE):
                return best
        best = read_bundle(bundle, bundle_words(bundle), self.language)
        self.remember(shard, best)
        return best

    def is_current(self, bundles: dict[str, Path]) -> bool:
        """Whether the table in output/ was made from these bundles."""
        self._made = json.dumps({"code": CODE, "language": self.language, "bundles": {shard: bundle_meta(path) for shard, path in sorted(bundles.items())}})
        with contextlib.suppress(OSError):
            return (self.folder / "table.json").read_text(encoding="utf-8") == self._made
        return False

    def write_table(self, bundles: dict[str, Path], target: Path, previous: Path) -> None:
        """Write the table of the archive made of these bundles into `target` (`saved` once in output/).
        A file holding the same words as in `previous` (the table in output/) is a link to it: an act
        added changes hundreds of the 4,096 files, and a file made anew costs more than a link."""
        shutil.rmtree(target, ignore_errors=True)
        target.mkdir(parents=True)
        for name, words in best_table({shard: self.of(shard, path) for shard, path in bundles.items()}, self.language).items():
            data = json.dumps(words, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")
            write_or_link(target / f"{name}.json", data, previous / f"{name}.json")
        self.is_current(bundles)

    def saved(self) -> None:
        """The table written is in output/: a build made of the same bundles keeps it."""
        if self._made is not None:
            self.folder.mkdir(parents=True, exist_ok=True)
            (self.folder / "table.json").write_text(self._made, encoding="utf-8")
            self._made = None
