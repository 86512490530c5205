"""PDF -> its text layer: each word with its page and position, and the text in reading order.

pypdfium2 (Apache-2.0 / BSD-3) binds PDFium, the PDF engine of Chromium, shipped inside its
wheel: it reads a page in a few hundredths of a second (pdfminer.six, pure Python, took
half a second), gives each character's box, which later stages need to tell a margin or
a stamp from the text, and its text in the order the page draws it, which keeps a margin
column apart from the text beside it (`pdftotext -layout` interleaves them).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .errors import ContentError, ContentErrors

SCAN_CHARACTERS = 200
"""Fewer characters per page than this, on average: a scan (an image), perhaps with a text stamp."""


@dataclass(frozen=True, slots=True)
class Word:
    """A word of the text layer and where it stands (PDF points, from the page's top left)."""

    text: str
    page: int
    """1-based."""
    x0: float
    x1: float
    top: float
    bottom: float


@dataclass(frozen=True, slots=True)
class PdfText:
    """The text layer of a PDF."""

    pages: int
    words: tuple[Word, ...]
    text: str
    """The pages' text in the order they draw it, each page after the first starting with a form feed."""

    @property
    def is_scan(self) -> bool:
        return sum(len(w.text) for w in self.words) < SCAN_CHARACTERS * max(self.pages, 1)


def read_pdf(data: bytes, shown: str) -> PdfText:
    """Read the text layer of a PDF given as bytes; a file that is no readable PDF is an error naming it."""
    import pypdfium2 as pdfium  # only `import` needs it
    import pypdfium2.raw as pdfium_c

    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise ContentErrors([ContentError(shown, 0, "", f"not a PDF that can be read ({exc})")]) from None
    words: list[Word] = []
    texts: list[str] = []
    try:
        for index in range(len(document)):
            page = document[index]
            height = page.get_height()
            text_page = page.get_textpage()
            characters = []
            for at in range(text_page.count_chars()):
                left, bottom, right, top = text_page.get_charbox(at)
                characters.append((chr(pdfium_c.FPDFText_GetUnicode(text_page.raw, at)), left, right, height - top, height - bottom))
            words += _words(characters, index + 1)
            texts.append("".join(c for c, *_ in characters))
            text_page.close()
            page.close()
    finally:
        document.close()
    return PdfText(len(texts), tuple(words), "\n\f".join(texts))  # as pdftotext: a page's first line starts with \f


def _words(characters: list[tuple[str, float, float, float, float]], page: int) -> list[Word]:
    """Characters between spaces or line breaks make a word; its box holds theirs."""
    words: list[Word] = []
    current: list[tuple[str, float, float, float, float]] = []
    for character in characters + [(" ", 0.0, 0.0, 0.0, 0.0)]:
        if not character[0].isspace() and character[0] != "\x00":
            current.append(character)
            continue
        if current:
            words.append(
                Word(
                    "".join(c for c, *_ in current),
                    page,
                    min(c[1] for c in current),
                    max(c[2] for c in current),
                    min(c[3] for c in current),
                    max(c[4] for c in current),
                )
            )
            current = []
    return words


def is_pdf(path: Path, data: bytes) -> bool:
    return path.suffix.lower() == ".pdf" or data.startswith(b"%PDF-")
