"""One person however the name is accented, cased or spaced; slugs for URLs."""

from __future__ import annotations

import functools
import re
import sys
import unicodedata


@functools.lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lower-case ASCII words of a text: "Patrick  BORÉ" -> "patrick bore"."""
    decomposed = unicodedata.normalize("NFKD", text)
    ascii_only = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(re.findall(r"[a-z0-9]+", ascii_only.casefold().replace("œ", "oe").replace("æ", "ae")))


def slugify(text: str) -> str:
    """URL-safe slug: "ECO 003-2438/17/BM" -> "eco-003-2438-17-bm"."""
    return fold(text).replace(" ", "-")


def person_key(name: str) -> str:
    """The identity of a person's name, ignoring accents, case, spacing and hyphens."""
    return fold(name)


def tidy_name(name: str) -> str:
    """Collapse the spaces of a name as written (one string per name in memory: it recurs in every act)."""
    return sys.intern(" ".join(name.split()))
