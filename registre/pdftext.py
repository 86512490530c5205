"""PDF -> its text layer: each word with its page and position, and the text in reading order.

pypdfium2 (Apache-2.0 / BSD-3) binds PDFium, the PDF engine of Chromium, shipped inside its
wheel: it reads a page in a few hundredths of a second (pdfminer.six, pure Python, took
half a second), gives each character's box, which later stages need to tell a margin or
a stamp from the text, and its text in the order the page draws it, which keeps a margin
column apart from the text beside it (`pdftotext -layout` interleaves them).
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

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
    margin: frozenset[int] = frozenset()
    """Lines of `text` (1-based) in a narrow left column beside other text: a margin (service, « Extrait du registre … »)."""

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
    margin: set[int] = set()
    first_line = 1
    try:
        tables = _tables(data, [index for index in range(len(document)) if _ruled(document[index])])
        for index in range(len(document)):
            page = document[index]
            height = page.get_height()
            text_page = page.get_textpage()
            characters = []
            for at in range(text_page.count_chars()):
                left, bottom, right, top = text_page.get_charbox(at)
                character = chr(pdfium_c.FPDFText_GetUnicode(text_page.raw, at))
                # PDFium gives U+0002 for a hyphen the font marks as one (« Saint Jean-Baptiste »), U+FFFE for one at a line's end.
                character = "-" if character in "\x02\ufffe" else character
                characters.append((character, left, right, height - top, height - bottom))
            words += _words(characters, index + 1)
            text, beside = _paragraphs(characters, page.get_width(), tables.get(index, []))
            margin.update(first_line + at for at in beside)
            first_line += text.count("\n") + 1
            texts.append(text)
            text_page.close()
            page.close()
    finally:
        document.close()
    return PdfText(len(texts), tuple(words), "\n\f".join(texts), frozenset(margin))  # as pdftotext: a page's first line starts with \f


def _words(characters: list[Character], page: int) -> list[Word]:
    """Characters between spaces or line breaks make a word; its box holds theirs."""
    words: list[Word] = []
    current: list[Character] = []
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


Character = tuple[str, float, float, float, float]
"""A character and its box: text, x0, x1, top, bottom."""


RULINGS = 3
"""Horizontal rulings of one width at this many heights at least: a ruled table may stand there."""


def _ruled(page: Any) -> bool:
    """Rulings a third of the page wide or more (lines, or edges of boxes, joined where they
    touch: a table draws each cell's side apart), of one extent, at three heights or more: rows
    of a table. A stamp's box is narrower; a page without is never given to pdfplumber, which
    takes half a second a page."""
    import pypdfium2.raw as pdfium_c

    width = page.get_width()
    segments: dict[int, list[tuple[float, float]]] = {}
    for path in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH], max_depth=5):
        left, bottom, right, top = path.get_bounds()
        for y in (bottom,) if top - bottom < 3 else (bottom, top):
            segments.setdefault(round(y), []).append((left, right))
    heights: dict[tuple[int, int], set[int]] = {}
    for y, pieces in segments.items():
        for left, right in _joined(sorted(pieces)):
            if right - left >= width / 3:
                heights.setdefault((round(left / 4), round(right / 4)), set()).add(y)
    return any(len(found) >= RULINGS for found in heights.values())


def _joined(pieces: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Segments of one line joined where they touch or overlap."""
    runs = [pieces[0]]
    for left, right in pieces[1:]:
        if left <= runs[-1][1] + 2:
            runs[-1] = (runs[-1][0], max(runs[-1][1], right))
        else:
            runs.append((left, right))
    return runs


Table = tuple[tuple[float, float, float, float], list[str]]
"""A table's box (x0, top, x1, bottom) and its Markdown lines."""


def _tables(data: bytes, pages: list[int]) -> dict[int, list[Table]]:
    """The ruled tables of these pages (0-based) as Markdown, found by pdfplumber from the
    page's rulings and the characters between them. Only pages with rulings are read
    (pdfminer, under it, takes half a second a page). A box of one column is a stamp or a frame."""
    if not pages:
        return {}
    import pdfplumber

    found: dict[int, list[Table]] = {}
    try:
        with pdfplumber.open(io.BytesIO(data), pages=[index + 1 for index in pages]) as pdf:
            for index, page in zip(pages, pdf.pages):
                for table in page.find_tables():  # x_tolerance 1: words a PDF sets close stay apart
                    rows = [[" ".join((cell or "").split()).replace("|", "\\|") for cell in row] for row in table.extract(x_tolerance=1)]
                    if rows and max(len(row) for row in rows) >= 2:
                        found.setdefault(index, []).append((table.bbox, _markdown_rows(rows)))
    except Exception:  # noqa: BLE001 - pdfminer fails on PDFs PDFium reads: the text is kept, untabled
        return {}
    return found


AMOUNT = re.compile(r"^[\d\s.,€%+\-−()]*\d[\d\s.,€%+\-−()]*(?:€|%|EUR|HT|TTC)?$")
"""A cell of figures (« 6 000,00 € », « 10,00 % », « 0,88 »): what a header row's labels are not."""


def _markdown_rows(rows: list[list[str]]) -> list[str]:
    """The rows as a Markdown table. Its first row is the header, unless it is shaped as the rows
    under it (figures in the same columns as most of them): then the header is left empty
    (markdown.py writes no header for it), and a table cut by a page break is whole again (body.py)."""
    width = max(len(row) for row in rows)
    rows = [row + [""] * (width - len(row)) for row in rows]
    shapes = [tuple(bool(AMOUNT.match(cell)) for cell in row) for row in rows]
    if any(shapes[0]) and len(rows) > 1 and shapes[1:].count(shapes[0]) * 2 >= len(rows) - 1:
        rows.insert(0, [""] * width)
    lines = ["| " + " | ".join(row) + " |" for row in rows]
    return lines[:1] + ["|" + " --- |" * width] + lines[1:]


MARGIN_WIDTH = 0.4
"""A margin column ends before this fraction of the page's width."""
MARGIN_LINES = 3
"""Lines of a margin column with text beside them, at least."""


def _paragraphs(characters: list[Character], width: float, tables: list[Table]) -> tuple[str, list[int]]:
    """The page's lines as PDFium breaks them, with a blank line where a paragraph ends,
    each table as Markdown where its first line stood, and the indexes of the lines
    that stand in a left margin column.

    A text layer has no blank lines: a paragraph ends where the next line starts further
    down than the line spacing, or higher up (another column, a margin, a stamp).
    """
    lines: list[list[Character]] = [[]]
    for character in characters:
        if character[0] == "\n":
            lines.append([])
        elif character[0] != "\r":
            lines[-1].append(character)
    out: list[str] = []
    placed: list[tuple[int, float, float, float, float]] = []  # line index, x0, x1, top, bottom
    previous: tuple[float, float] | None = None
    written: set[int] = set()
    for line in lines:
        boxes = [c for c in line if not c[0].isspace() and c[4] > c[3]]
        inside = next((i for i, (box, _) in enumerate(tables) if boxes and _within(boxes, box)), None)
        if inside is not None:  # the table's text, read cell by cell
            if inside not in written:
                out += ["", *tables[inside][1], ""]
                written.add(inside)
            previous = None
            continue
        if boxes:
            top, bottom = min(c[3] for c in boxes), max(c[4] for c in boxes)
            if previous and (top - previous[1] > 0.6 * (previous[1] - previous[0]) or bottom < previous[0]):
                out.append("")
            previous = (top, bottom)
            placed.append((len(out), min(c[1] for c in boxes), max(c[2] for c in boxes), top, bottom))
        out.append("".join(c[0] for c in line).rstrip())
    return "\n".join(out), _left_column(placed, width)


def _within(boxes: list[Character], box: tuple[float, float, float, float]) -> bool:
    """A line stands in a box when its middle does."""
    middle_x = (min(c[1] for c in boxes) + max(c[2] for c in boxes)) / 2
    middle_y = (min(c[3] for c in boxes) + max(c[4] for c in boxes)) / 2
    return box[0] <= middle_x <= box[2] and box[1] <= middle_y <= box[3]


def _left_column(placed: list[tuple[int, float, float, float, float]], width: float) -> list[int]:
    """Lines ending in the page's left part with text beside them, on their right, at the same height;
    and the lines above them in that column (a service's name above the header text)."""
    narrow = [line for line in placed if line[2] < MARGIN_WIDTH * width]
    pairs = [(line, round(other[1])) for line in narrow for other in placed if other[1] > line[2] and other[3] < line[4] and line[3] < other[4]]
    if not pairs:
        return []
    # The text beside a margin starts at one left edge, the one most lines meet (a table's cells meet others).
    text_starts, beside = Counter(starts for _, starts in pairs).most_common(1)[0]
    if beside < MARGIN_LINES or text_starts > width / 2:
        return []  # a stamp or a box beside a line or two is no margin column
    lowest = max(line[4] for line, starts in pairs if starts == text_starts)
    return [line[0] for line in narrow if line[2] < text_starts and line[4] <= lowest]


OCR_DPI = 300
"""Tesseract reads type best at about 300 dots per inch."""
OCR_PAGE_SECONDS = 300


def ocr_pdf(data: bytes, shown: str) -> PdfText:
    """A scan's text: each page drawn at 300 dpi and read by Debian's Tesseract, in French.

    A missing Tesseract, or one without French, is one line saying what to install."""
    import pypdfium2 as pdfium

    tesseract = shutil.which("tesseract")
    if not tesseract:
        raise ContentErrors([ContentError(shown, 0, "", "--ocr needs Tesseract with French: apt install tesseract-ocr tesseract-ocr-fra")])
    languages = subprocess.run([tesseract, "--list-langs"], capture_output=True, text=True, check=False).stdout.split()
    if "fra" not in languages:
        raise ContentErrors([ContentError(shown, 0, "", "--ocr needs Tesseract's French: apt install tesseract-ocr-fra")])
    document = pdfium.PdfDocument(data)
    texts = []
    try:
        with tempfile.TemporaryDirectory(prefix="registre-ocr-") as folder:
            for index in range(len(document)):
                image = Path(folder) / f"{index + 1}.png"
                document[index].render(scale=OCR_DPI / 72, grayscale=True).to_pil().save(image)
                read = subprocess.run([tesseract, str(image), "stdout", "-l", "fra"], capture_output=True, text=True, check=False, timeout=OCR_PAGE_SECONDS)
                if read.returncode:
                    raise ContentErrors([ContentError(shown, 0, "", f"Tesseract could not read page {index + 1}: {read.stderr.strip()[-200:]}")])
                texts.append(read.stdout.strip("\n\f"))
    finally:
        document.close()
    return PdfText(len(texts), (), "\n\f".join(texts))


def is_pdf(path: Path, data: bytes) -> bool:
    return path.suffix.lower() == ".pdf" or data.startswith(b"%PDF-")
