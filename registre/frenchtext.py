"""French as official extracts write it: dates in figures or in words, names with civilities."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

MONTHS = ["janvier", "fevrier", "mars", "avril", "mai", "juin", "juillet", "aout", "septembre", "octobre", "novembre", "decembre"]
WEEKDAYS = r"(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)"
UNITS = {
    "zero": 0, "un": 1, "une": 1, "premier": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7,
    "huit": 8, "neuf": 9, "dix": 10, "onze": 11, "douze": 12, "treize": 13, "quatorze": 14, "quinze": 15,
    "seize": 16, "vingt": 20, "trente": 30, "quarante": 40, "cinquante": 50, "soixante": 60,
}
CIVILITY = re.compile(r"^(?:Monsieur|Madame|Mademoiselle|MM\.|Mmes|Mme|Mlle|M\.|Me|Dr)\s+", re.IGNORECASE)


def plain(text: str) -> str:
    """Lower case without accents, apostrophes made straight: for matching, never for output."""
    decomposed = unicodedata.normalize("NFKD", text.replace("’", "'").replace("œ", "oe"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def words_to_number(text: str) -> int | None:
    """« dix-neuf » -> 19, « deux mille dix-sept » -> 2017, « quatre-vingt-douze » -> 92."""
    total, current = 0, 0
    words = [w for w in re.split(r"[\s-]+", plain(text).replace(" et ", " ")) if w]
    if not words:
        return None
    for word in words:
        word = word.removesuffix("s") if word in ("vingts", "cents") else word
        if word == "et":  # « vingt-et-un »
            continue
        if word in UNITS:
            value = UNITS[word]
            current = current * value if (value == 20 and current == 4) else current + value
        elif word == "cent":
            current = max(current, 1) * 100
        elif word in ("mille", "mil"):  # « l'an deux mil vingt »
            total += max(current, 1) * 1000
            current = 0
        else:
            return None
    return total + current


DATE_FIGURES = re.compile(r"\b(\d{1,2})[/.](\d{1,2})[/.](\d{4})\b")
DATE_MONTH = re.compile(r"\b(?:" + WEEKDAYS + r"\s+)?(\d{1,2}|1er|premier)\s+(" + "|".join(MONTHS) + r")\s+(\d{4})\b")
DATE_WORDS = re.compile(
    r"l'an\s+(?P<year>[a-z\s-]+?),?\s+le\s+(?:" + WEEKDAYS + r"\s+)?(?P<day>[a-z0-9\s-]+?)\s+(?:du mois d.\s*)?(?P<month>" + "|".join(MONTHS) + r")\b"
)


def find_date(text: str) -> dt.date | None:
    """The first date written in figures (19/10/2017), with a month (19 octobre 2017) or in words."""
    folded = plain(text)
    found: list[tuple[int, dt.date]] = []
    for match in DATE_MONTH.finditer(folded):
        day = 1 if match.group(1) in ("1er", "premier") else int(match.group(1))
        found += _date_at(match.start(), int(match.group(3)), MONTHS.index(match.group(2)) + 1, day)
    for match in DATE_FIGURES.finditer(folded):
        found += _date_at(match.start(), int(match.group(3)), int(match.group(2)), int(match.group(1)))
    for match in DATE_WORDS.finditer(folded):
        written_day = match.group("day").strip()
        # « L'an deux mille vingt, le 10 février »: the day may be in figures.
        year_number = words_to_number(match.group("year"))
        day_number = int(written_day) if written_day.isdigit() else words_to_number(written_day)
        if year_number and day_number:
            found += _date_at(match.start(), year_number, MONTHS.index(match.group("month")) + 1, day_number)
    return min(found)[1] if found else None


def _date_at(position: int, year: int, month: int, day: int) -> list[tuple[int, dt.date]]:
    try:
        return [(position, dt.date(year, month, day))]
    except ValueError:
        return []


NAME = r"(?>(?:[A-ZÀ-Ý][\w'’.-]*\s+)*?[A-ZÀ-Ý][A-ZÀ-Ý'’-]+(?:\s+[A-ZÀ-Ý][A-ZÀ-Ý'’-]+)*)"
"""Given names then a surname in capitals: « Jean-Claude GAUDIN », « Eric LE DISSÈS ».

Atomic: once a name is read it is not taken apart again, which kept patterns that
follow it (a list of names, « quitte la séance ») from backtracking for minutes."""


BULLETS = "\ue000-\uf8ff" + re.escape("-–—−•◦‣⁃·▪●*➢►▸>")
"""What a list item starts with in extracts, as a character class: a symbol font's glyph (private use:
« \uf02d », « \uf0d7 »), a hyphen, dashes, the minus sign (U+2212, Pierrefonds' minutes), bullets, an
asterisk, arrows (« ➢ », read « > » by OCR: never a quotation in an act)."""
BULLET = re.compile(r"^\s*[" + BULLETS + r"]\s+")
"""A list item's mark and the space after it."""
MARKS = re.compile(r"^[\s" + BULLETS + "]+")
"""A list item's marks, however many, spaces or not."""


def clean_name(text: str) -> str:
    """« Monsieur Jean-Claude  GAUDIN. » -> « Jean-Claude GAUDIN »."""
    name = MARKS.sub("", " ".join(text.split()).strip(" .,;:"))
    while CIVILITY.match(name):
        name = CIVILITY.sub("", name)
    return name


def looks_like_name(text: str) -> bool:
    """A person's name: two to six words, at least one of them in capitals."""
    words = clean_name(text).split()
    if not 2 <= len(words) <= 6 or any(re.search(r"\d|[:;()]", w) for w in words):
        return False
    return any(len(w) > 1 and w.replace("-", "").replace("'", "").replace("’", "").isupper() for w in words)


def split_names(text: str) -> list[str]:
    """Names listed « A - B - C. », « A, B et C » or one per line."""
    text = " ".join(text.split()).strip().rstrip(".")
    parts = re.split(r"\s+[-–—−]\s+|\s*[,;]\s*|\s+et\s+(?=(?:M\.|Mme|Monsieur|Madame)?\s*[A-ZÀ-Ý])", text)
    return [clean_name(p) for p in parts if clean_name(p)]


NBSP, NNBSP = "\u00a0", "\u202f"
RAW_PARTS = re.compile(r"(<script\b.*?</script>|<style\b.*?</style>|<code\b.*?</code>|<pre\b.*?</pre>)", re.DOTALL)
SPACED_SIGN = re.compile(r" [:;!?%]")
"""A space before a sign that takes a non-breaking one: found by its literal space, the rest
checked in Python (a lookbehind in the pattern ran at every space of the page)."""
NOT_BEFORE_SIGN = frozenset("<>=\"'")
"""Characters after which a space before : ; ! ? is an attribute's or a tag's, not the text's."""
QUOTES = [
    ("«", re.compile(r"«[ \t\n]*"), "«" + NBSP),
    ("»", re.compile(r"[ \t\n]{0,20}»"), NBSP + "»"),  # bounded: a run of spaces is not tried from each of them
]


def _space_before_sign(match: re.Match[str]) -> str:
    """The space of ` :` ` ;` ` !` ` ?` after a word and before a space or a tag, or of ` %` after a figure, made non-breaking."""
    text, start = match.string, match.start()
    before, sign, after = text[start - 1] if start else "", text[start + 1], text[start + 2 : start + 3]
    if sign == "%":
        return NBSP + sign if before.isdecimal() else match.group()
    if before and not before.isspace() and before not in NOT_BEFORE_SIGN and after and (after.isspace() or after == "<"):
        return (NBSP if sign == ":" else NNBSP) + sign
    return match.group()


def french_typography(html: str) -> str:
    """Non-breaking spaces before : ; ? ! % and inside « », in a page (never in scripts or code).

    Tags are left in the text the patterns run over: none of them is written with a
    space before these signs, and a few passes of the regex engine over the whole
    page cost far less than walking its text nodes one by one.
    """
    parts = RAW_PARTS.split(html)
    for index in range(0, len(parts), 2):  # odd parts are scripts, styles and code: untouched
        text = SPACED_SIGN.sub(_space_before_sign, parts[index])
        for sign, pattern, replacement in QUOTES:
            if sign in text:
                text = pattern.sub(replacement, text)
        parts[index] = text
    return "".join(parts)
