"""PDF -> its text layer: each word with its page and position, and the pages laid out as text.

pdfplumber (MIT, on pdfminer.six) reads the text layer: words with their boxes, which
later stages need to tell a margin or a stamp from the text, and a layout text like
`pdftotext -layout`'s, which the importer already reads. It is pure Python, so it
installs from PyPI everywhere, and it also finds tables.
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
    """The pages laid out as text, one form feed between pages (as pdftotext -layout)."""

    @property
    def is_scan(self) -> bool:
        return sum(len(w.text) for w in self.words) < SCAN_CHARACTERS * max(self.pages, 1)


def read_pdf(data: bytes, shown: str) -> PdfText:
    """Read the text layer of a PDF given as bytes; a file that is no readable PDF is an error naming it."""
    import io

    import pdfplumber  # only `import` needs it: its import costs a fifth of a second
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfplumber.utils.exceptions import PdfminerException

    words: list[Word] = []
    texts: list[str] = []
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            for number, page in enumerate(pdf.pages, 1):
                for found in page.extract_words():
                    words.append(Word(found["text"], number, found["x0"], found["x1"], found["top"], found["bottom"]))
                texts.append(page.extract_text(layout=True))
                page.flush_cache()  # a long document: one page's objects in memory at a time
            count = len(pdf.pages)
    except (PdfminerException, PDFSyntaxError, ValueError, KeyError, TypeError) as exc:
        raise ContentErrors([ContentError(shown, 0, "", f"not a PDF that can be read ({type(exc).__name__}: {exc})")]) from None
    return PdfText(count, tuple(words), "\f".join(texts))


def is_pdf(path: Path, data: bytes) -> bool:
    return path.suffix.lower() == ".pdf" or data.startswith(b"%PDF-")
