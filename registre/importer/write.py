"""Files in, files out: a PDF's text (or OCR) read, one content file written per act, the signed PDF kept."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from ..config import SiteConfig
from ..errors import ContentError, ContentErrors, warning
from ..frontmatter import front_matter
from ..names import fold, slugify
from ..pdftext import is_pdf, ocr_pdf, read_pdf
from ..read import display_path, read_file, split_front_matter
from ..scaffold import act_path
from ..validate import validate_source

from .extract import Extract
from .lists import body_of, is_list, items_of, read_lists, write_sessions
from .minutes import SessionRecord, import_minutes
from .read import import_extracts


def content_file(extract: Extract) -> str:
    """The content file's text: front matter in the order of the content model, then the body."""
    return front_matter(extract.front) + extract.body


@dataclass(frozen=True, slots=True)
class Imported:
    """What one extract gave: the file written, the fields read, what to look at."""

    target: Path
    found: tuple[str, ...]
    problems: list[ContentError]


def import_file(
    source: Path, config: SiteConfig, output_dir: Path | None = None, force: bool = False, ocr: bool = False, body: str | None = None
) -> list[Imported]:
    """Import a document (a PDF, or pdftotext's text) and write one content file per act it holds.

    The problems are the fields not determined (warnings) and what `check` would
    refuse in the new file (errors): the file is written anyway, for staff to complete.
    A PDF without a text layer (a scan) is an error: nothing is written, unless `ocr`
    asks Tesseract to read it (then every field read is listed to check); a file that
    exists already is an error too, unless `force`. A list or register of deliberations
    writes the list of each session it holds into the session's file (`body` names the
    body that sat, when the document and the configuration do not tell).
    """
    shown = display_path(source)
    raw = read_file(source, shown)
    text, margin, problems, by_ocr = extract_text(raw, source, shown, ocr)
    if is_list(text):
        sessions, found = read_lists(text, shown)
        if not sessions:
            raise ContentErrors(found or [ContentError(shown, 1, "", "a list of deliberations, but no item read")])
        lists = [(session.date, {"deliberations": items_of(session)}) for session in sessions]
        files, kept = write_sessions(lists, body_of(text, shown, config, body), config, shown, output_dir)
        return [
            Imported(files[session.date], ("date", "deliberations"), problems + [p for p in found + kept if any(item.line == p.line for item in session.items) or p.path == display_path(files[session.date])])
            for session in sessions
        ]
    minutes = import_minutes(text, shown, config)
    extracts = minutes[0] if minutes else import_extracts(text, shown, config, margin)
    if by_ocr:
        for extract in extracts:
            extract.problems += [warning(shown, 1, key, "read by OCR from a scan: check it") for key in extract.front if not key.startswith("_")]
    targets: list[Path] = []
    for extract in extracts:  # two acts of one number (a misprint) are two files, the check names them
        target = _target(extract, source, config, output_dir)
        targets.append(target.with_stem(f"{target.stem}-{len(targets) + 1}") if target in targets else target)
    content_dir = output_dir or config.content_dir
    # A series of acts, or minutes, share their PDF, named after the document; one act's is named after the act.
    shared = minutes or len(targets) != 1
    original = f"attachments/{slugify(source.stem) if shared else targets[0].stem}.pdf" if is_pdf(source, raw) else None
    existing = [path for path in targets + ([content_dir / original] if original else []) if path.exists()]
    if existing and not force:
        raise ContentErrors([ContentError(display_path(path), 0, "", f"exists already: {shown} was not imported (--force replaces it)") for path in existing])
    session_files = _write_session(minutes[1], extracts, text, shown, config, body, original, output_dir) if minutes else []
    if original:
        (content_dir / original).parent.mkdir(parents=True, exist_ok=True)
        (content_dir / original).write_bytes(raw)
    # In a folder of its own (--output-dir), the acts and the kept PDF are checked as they stand there.
    checked_with = dataclasses.replace(config, content_dir=output_dir) if output_dir else config
    results = []
    for extract, target in zip(extracts, targets):
        if original and not minutes:  # the minutes are the session's (its file names them), not each act's signed original
            extract.front["attachments"] = [{"title": f"Extrait signé ({source.name})", "file": original, "original": True}]
        written = content_file(extract)
        _, found = validate_source(split_front_matter(written, display_path(target), target.name), checked_with)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(written, encoding="utf-8")
        found_errors = [p for p in found if p.severity == "error"]
        results.append(Imported(target, tuple(k for k in extract.front if not k.startswith("_")), problems + extract.problems + found_errors))
    return results + session_files


def _write_session(
    record: SessionRecord, extracts: list[Extract], text: str, shown: str, config: SiteConfig, body: str | None, original: str | None, output_dir: Path | None
) -> list[Imported]:
    """The session file of imported minutes: its place, secretary, minutes and list of deliberations."""
    if record.date is None:
        return []
    sitting = next((e.front["body"] for e in extracts if e.front.get("body")), None) or body_of(text, shown, config, body)
    values = {
        "place": record.place,
        "president": record.president,
        "secretary": record.secretary,
        "minutes_file": original,
        "attendance": record.attendance,
        "deliberations": [{"number": number, "title": title, "outcome": outcome} for number, title, outcome in record.listed],
    }
    written, kept = write_sessions([(record.date, values)], sitting, config, shown, output_dir)
    return [Imported(written[record.date], tuple(k for k, v in values.items() if v), kept)]


def _target(extract: Extract, source: Path, config: SiteConfig, output_dir: Path | None) -> Path:
    """content/<year>/<number>.md, or in `output_dir`; named after the document when no number was read."""
    number = str(extract.front.get("number") or "")
    name = number if fold(number) else source.stem
    date = extract.front.get("date")
    return (output_dir / f"{slugify(name)}.md") if output_dir else act_path(config, name, date.year if isinstance(date, dt.date) else None)


def extract_text(raw: bytes, source: Path, shown: str, ocr: bool = False) -> tuple[str, frozenset[int], list[ContentError], bool]:
    """The text of an extract, the lines of its margin column, what to say about it, and whether
    OCR read it: a PDF's text layer laid out, a scan read by Tesseract when `ocr` asks, or a text
    file (UTF-8, else Windows-1252), which has no margin of its own."""
    if is_pdf(source, raw):
        pdf = read_pdf(raw, shown)
        if pdf.is_scan and ocr:
            return ocr_pdf(raw, shown).text, frozenset(), [], True
        if pdf.is_scan:
            raise ContentErrors([ContentError(shown, 0, "", f"no text: a scanned document ({pdf.pages} pages); nothing written (--ocr reads it with Tesseract)")])
        return pdf.text, pdf.margin, [], False
    try:
        return raw.decode("utf-8"), frozenset(), [], False
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace"), frozenset(), [warning(shown, 1, "", "not UTF-8: read as Windows-1252")], False
