"""The words each search bundle holds, for the search page to ask before it searches a bundle.

Pagefind 1.5 answers a word its index does not hold with the pages holding a fragment of
it (« attractivité » finds « à »; « 2438 » finds « Article 2 »). So the search page first
reads, in each bundle's vocabulary, whether the bundle holds a word of each query word's
family, searches only the bundles that do, and offers « Vouliez-vous dire … ? » from these
words when no bundle holds one. The vocabulary is split by first letter
(`pagefind/<year>/vocabulary/a.json`): a search fetches the letters of its words only.
"""

from __future__ import annotations

import contextlib
import html
import json
import pickle
import re
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

FOLDER = "vocabulary"
WORD = re.compile(r"[^\W\d_]+|\d+")
"""A run of letters, or of digits: « HN009-011/16/CM » gives hn, 009, 011, 16 and cm, as the search page splits a query."""
IGNORED = re.compile(r"<(\w+)[^>]*\bdata-pagefind-ignore\b[^>]*>.*?</\1>", re.DOTALL)
TAG = re.compile(r"<[^>]+>")


def fold(word: str) -> str:
    """« Gémenos » -> « gemenos »: how Pagefind compares words, accents and case aside."""
    return "".join(c for c in unicodedata.normalize("NFD", word) if not unicodedata.combining(c)).lower()


def indexed_text(document: str) -> str:
    """What Pagefind indexes of a search document: its body, without the parts it ignores."""
    body = document[document.find("<main") :]
    return html.unescape(TAG.sub(" ", IGNORED.sub(" ", body)))


def chunk_name(key: str) -> str:
    """The file of a word: its first letter or digit, or its code point beyond ASCII."""
    first = key[0]
    return first if first.isascii() and first.isalnum() else f"u{ord(first):x}"


Vocabulary = dict[str, dict[str, list[object]]]
"""Words by the file they go in: each folded word's [occurrences, its most used spelling when it differs]."""


def vocabulary(documents: Path, digests: dict[str, str] | None = None, kept: Path | None = None) -> Vocabulary:
    """The words of the documents under `documents`.

    Each folded word maps to [occurrences, its most used spelling when it has accents
    or capitals] (the spelling is what « Vouliez-vous dire » shows). With `kept`, the pieces
    of text counted are kept there for the next time, with the documents' `digests` (path
    under `documents`: digest of its bytes): when documents were only added since (an act
    added to its year), only those are read.
    """
    pieces = counted_pieces(documents, digests or {}, kept)
    counts: Counter[str] = Counter()
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    for piece, count in pieces.items():
        for word in [piece] if piece.isalpha() or piece.isdigit() else WORD.findall(piece):
            key = fold(word)
            counts[key] += count
            spellings[key][word.lower()] += count
    chunks: Vocabulary = defaultdict(dict)
    for key, count in counts.items():
        spelled = min(spellings[key], key=lambda s: (-spellings[key][s], s))
        chunks[chunk_name(key)][key] = [count] + ([spelled] if spelled != key else [])
    return chunks


def counted_pieces(documents: Path, digests: dict[str, str], kept: Path | None) -> Counter[str]:
    """The documents' text split on spaces, each distinct piece counted (a bundle holds millions of
    words but a few thousand pieces, and a regular expression over every word costs)."""
    files = {path.relative_to(documents).as_posix(): path for path in sorted(documents.rglob("*.html"))}
    before: tuple[dict[str, str], Counter[str]] = ({}, Counter())
    if kept is not None:
        with contextlib.suppress(OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError):
            before = pickle.loads(kept.read_bytes())
    known, pieces = before
    if not (known.keys() <= files.keys() and all(digests.get(relative) == digest for relative, digest in known.items())):
        known, pieces = {}, Counter()  # a document changed or gone since: all are read
    for relative, path in files.items():
        if relative not in known:
            pieces.update(indexed_text(path.read_text(encoding="utf-8")).split())
    if kept is not None and all(relative in digests for relative in files):
        kept.parent.mkdir(parents=True, exist_ok=True)
        kept.write_bytes(pickle.dumps(({relative: digests[relative] for relative in files}, pieces), pickle.HIGHEST_PROTOCOL))
    return pieces


def write_vocabulary(words: Vocabulary, bundle: Path) -> None:
    """Write a vocabulary into `bundle`/vocabulary/, one file per first letter."""
    folder = bundle / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    for name, chunk in words.items():
        (folder / f"{name}.json").write_text(json.dumps(chunk, ensure_ascii=False, sort_keys=True, separators=(",", ":")), encoding="utf-8")
