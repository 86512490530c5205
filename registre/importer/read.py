"""One act read in its zones (stamp, header, number and title, text, closing), then completed and checked."""

from __future__ import annotations

import datetime as dt

from ..config import SiteConfig
from ..names import fold

from .body import markdown_body
from .closing import read_closing, read_leaving, read_vote, split_closing
from .extract import Extract, Line
from .header import check_collectivity, given_first, read_header
from .pages import find_page_starts, read_lines, split_acts, without_running
from .stamp import read_stamp, strip_footers
from .title import find_number, find_title, take_labelled, take_title


def import_extracts(text: str, path: str, config: SiteConfig, margin: frozenset[int] = frozenset()) -> list[Extract]:
    """Read each act a document holds (one, or a series of extracts printed one after the other);
    each result's problems say what could not be determined.

    `margin`: the lines a PDF shows in a left margin column (pdftext), read as a zone of their own.
    """
    starts = find_page_starts(text)
    return [import_lines(without_running(part, starts), path, config, margin) for part in split_acts(read_lines(text), config)]


def import_extract(text: str, path: str, config: SiteConfig, margin: frozenset[int] = frozenset()) -> Extract:
    """Read a document holding one act."""
    return import_lines(without_running(read_lines(text), find_page_starts(text)), path, config, margin)


def import_lines(numbered_lines: list[Line], path: str, config: SiteConfig, margin: frozenset[int]) -> Extract:
    """Read one act from its numbered lines."""
    extract = Extract(path)
    lines = take_labelled(strip_footers(read_stamp(numbered_lines, config, extract), extract), extract)
    number_at = find_number(lines, config, extract)
    header, rest = lines[: max(number_at, 0)], lines[number_at + 1 :]
    title_at, title_end = find_title(rest)
    # Some extracts give the attendance after the number, before the title.
    header, rest = header + rest[:title_at], rest[title_at:]
    kept = read_header(header, config, extract, margin)
    check_collectivity(header, config, extract)
    title_lines, rest = take_title(rest, extract, None if title_end is None else title_end - title_at)
    text_lines, closing = split_closing(rest)
    read_closing(closing, extract)
    read_vote(text_lines, extract)
    read_leaving(text_lines, extract)
    body = "\n\n".join(kept) + ("\n\n" if kept else "") + markdown_body(text_lines)
    extract.body = body.strip() + "\n"
    _complete(extract, config, lines[0][0] if lines else 1, title_lines)
    return extract


def _complete(extract: Extract, config: SiteConfig, first_line: int, title_lines: list[Line]) -> None:
    """Fill what the number tells, check counts, and report every field not determined."""
    front = extract.front
    parts = config.parse_number(front.get("number", "")) or {}
    number_line = extract.findings["number"].line if "number" in extract.findings else first_line
    for key in ("body", "theme"):
        if parts.get(key) in (config.bodies if key == "body" else config.themes):
            extract.found(key, parts[key], number_line, "the number's parts")
    by_matter = [code for code, theme in config.themes.items() if front.get("matter") and theme.matter == front["matter"]]
    if "theme" not in front and len(by_matter) == 1:
        extract.found("theme", by_matter[0], extract.findings["matter"].line, "the theme of its @ctes matter")
    if "theme" not in front and len(config.themes) == 1:
        front["theme"] = next(iter(config.themes))  # a site of one theme
    listed = {fold(n): n for n in front.get("present", [])}
    for role in ("president", "rapporteur", "signatory"):  # « DESTANNES Michel », « Philippe Saurel »: as the lists write them
        if front.get(role):
            name = given_first(front[role])
            front[role] = listed.get(fold(name), name)
    stamped, stamp_line = front.pop("_actes_date", ("", 0))
    try:  # the header's date, else the stamp's identifier's; both read, they must agree
        extract.found("date", dt.date(int(stamped[:4]), int(stamped[4:6]), int(stamped[6:])), stamp_line, "the @ctes identifier")
    except ValueError:
        pass
    body_line = front.pop("_body_line", None)
    if "body" not in front and body_line:
        extract.missing(body_line[0], "body", f'"{body_line[1]}" is none of the bodies of site_config.yaml')
    count = front.pop("_count", None)
    if count and count[0] != len(front.get("present", [])):
        extract.missing(count[1], "present", f"the extract counts {count[0]} members present, the list names {len(front.get('present', []))}")
    vote_line = front.pop("_vote_line", 0)
    annexes, annex_line = front.pop("_annexes", ([], 0))
    if annexes:
        extract.body += "\n" + "\n".join(f"{a}\n" for a in annexes)
        extract.missing(annex_line, "attachments", f"annexes named ({'; '.join(annexes)}): add their files under content/ and list them")
    expectations = {
        "number": (first_line, "no line holds an act number matching site_config.yaml"),
        "title": (title_lines[0][0] if title_lines else first_line, "no title found after the number"),
        "date": (first_line, "no « Séance du … » date found in the header"),
        "body": (first_line, "the deliberating body could not be read from the header or the number"),
        "theme": (first_line, "the theme could not be read from the number"),
        "signatory": (first_line, "no signature (« Certifié conforme », « Pour extrait conforme ») found"),
        "president": (first_line, "no president found in the header"),
        "present": (first_line, "no list of members present found"),
        "signed": (first_line, "no « Signé le … » date found"),
        "received": (first_line, "no « Reçu au contrôle de légalité le … » date found"),
    }
    for key, (line, message) in expectations.items():
        if not front.get(key):
            extract.missing(line, key, message)
    if "result" not in front.get("vote", {}):
        extract.missing(vote_line or first_line, "vote", "no vote sentence found (« … est adoptée »)")
