"""One person however the name is accented, cased or spaced; slugs for URLs."""

from __future__ import annotations

import functools
import hashlib
import re
import sys
import unicodedata

from anyascii import anyascii


@functools.lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lower-case ASCII words of a text, any script transliterated: "Patrick  BORÉ" -> "patrick bore",
    "Иван ПЕТРОВ" -> "ivan petrov", "王伟" -> "wangwei"; invisible characters dropped."""
    return " ".join(re.findall(r"[a-z0-9]+", anyascii(text).casefold()))


def slugify(text: str) -> str:
    """URL-safe slug, never empty: "ECO 003-2438/17/BM" -> "eco-003-2438-17-bm".

    Text with no letter or digit in any script (emoji aside, rare) gets a slug from its hash,
    so that its page is never a folder's own index.
    """
    return fold(text).replace(" ", "-") or "x-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:10]


SAME_SCRIPT = {"HIRAGANA": "CJK", "KATAKANA": "CJK"}
"""Scripts a name may mix as written (a Japanese name)."""


def suspicious_name(name: str) -> str | None:
    """Why a name may be a look-alike of another (an invisible character, letters of two scripts), or None."""
    invisible = sorted({c for c in name if unicodedata.category(c) in ("Cf", "Cc", "Co")})
    if invisible:
        return "holds an invisible character (" + ", ".join(f"U+{ord(c):04X}" for c in invisible) + ")"
    scripts = {SAME_SCRIPT.get(word, word) for word in (unicodedata.name(c, "?").split()[0] for c in name if c.isalpha())}
    if len(scripts) > 1:
        return "mixes letters of several scripts (" + ", ".join(sorted(scripts)).lower() + ")"
    return None


def person_key(name: str) -> str:
    """The identity of a person's name, ignoring accents, case, spacing and hyphens."""
    return fold(name)


def tidy_name(name: str) -> str:
    """Collapse the spaces of a name as written (one string per name in memory: it recurs in every act)."""
    return sys.intern(" ".join(name.split()))
