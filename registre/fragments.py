"""A bundle's fragments carried over from one Pagefind run to the next.

Pagefind writes one fragment per document (its text, gzipped at the best level), named by
a hash of it, and writes none whose file is already there. Before a shard is indexed again,
the fragments of its documents unchanged since its bundle in output/ was made are linked
into the new bundle's folder, so Pagefind writes only the others. One act added to a year
of 1,000 acts: one fragment written, not 1,000. That is a second of Pagefind's 3 s here.

A name is 7 hex digits of the hash, made longer for the second of two documents that
collide in one run. So a file already there can stand for another text (Pagefind's own
caveat). Checked after each run: the fragments Pagefind wrote must belong to documents that
were not linked. When two pages collide, the chain of names they take ends at an unchanged
document whose fragment was written anew. That document fails the check, and the shard is
indexed again with nothing linked.
"""

from __future__ import annotations

import json
import os
import re
import zlib
from pathlib import Path

from .ranking import bundle_meta, read_pagefind

FOLDER = "fragments"
"""In the cache: for each shard, the fragment each document gave the bundle in output/."""
URL = re.compile(rb'pagefind_dcd\{"url":("(?:[^"\\]|\\.)*")')
"""A fragment begins with its page's address (serde writes the fields in order)."""

Made = dict[str, list[str]]
"""For each document (its path in the shard): [the digest of its bytes, its fragment's name]."""


def url_of(relative: str) -> str:
    """The address Pagefind gives a document of the folder it indexes."""
    if relative == "index.html" or relative.endswith("/index.html"):
        relative = relative[: -len("index.html")]
    return "/" + relative


def link_unchanged(record: Path, previous: Path, target: Path, digests: dict[str, str]) -> dict[str, str]:
    """Link into `target` the fragments of `previous` (the bundle in output/) whose documents
    have the same digests as when it was made (`record`, saved with it); return them, by name."""
    try:
        saved = json.loads(record.read_text(encoding="utf-8"))
        kept = {str(relative): (str(digest), str(name)) for relative, (digest, name) in saved["documents"].items()}
    except (OSError, ValueError, TypeError, KeyError, AttributeError):  # none yet, or not one we wrote
        return {}
    meta = bundle_meta(previous)
    if meta is None or saved.get("meta") != meta:
        return {}
    linked: dict[str, str] = {}
    (target / "fragment").mkdir(parents=True, exist_ok=True)
    for relative, (digest, name) in kept.items():
        if digests.get(relative) == digest:
            try:
                os.link(previous / "fragment" / f"{name}.pf_fragment", target / "fragment" / f"{name}.pf_fragment")
            except OSError:  # gone, or no hard links here: Pagefind writes it
                continue
            linked[name] = relative
    return linked


def fragments_made(bundle: Path, linked: dict[str, str], digests: dict[str, str]) -> Made | None:
    """The fragment each document got in the bundle Pagefind just wrote (`linked`: the fragments
    it found there); None when a linked fragment may stand for another page (see above)."""
    pages = {name for name, _ in read_pagefind(bundle / f"pagefind.{bundle_meta(bundle)}.pf_meta")[1]}
    by_url = {url_of(relative): relative for relative in digests}
    made = {linked[name]: [digests[linked[name]], name] for name in pages & linked.keys()}
    linked_documents = set(linked.values())
    for name in sorted(pages - linked.keys()):
        relative = by_url.get(fragment_url(bundle / "fragment" / f"{name}.pf_fragment"))
        if relative is None or relative in made or relative in linked_documents:
            return None
        made[relative] = [digests[relative], name]
    for name in linked.keys() - pages:  # not in a bundle made afresh
        os.unlink(bundle / "fragment" / f"{name}.pf_fragment")
    return made


def fragment_url(path: Path) -> str:
    """A fragment's page address, from its first bytes (a bundle's thousand fragments in 0.04 s)."""
    data = path.read_bytes()
    found = URL.match(zlib.decompressobj(wbits=31).decompress(data, 4096))
    if found is None:  # an address longer than the bytes read
        return str(json.loads(zlib.decompress(data, wbits=31)[len("pagefind_dcd") :])["url"])
    return str(json.loads(found.group(1)))


def save_made(record: Path, bundle: Path, made: Made) -> None:
    """Remember the fragments of a bundle, with its metadata's name: they are linked only from it."""
    record.parent.mkdir(parents=True, exist_ok=True)
    record.write_text(json.dumps({"meta": bundle_meta(bundle), "documents": made}, sort_keys=True), encoding="utf-8")
