"""The number, the title, the rapporteur and the @ctes matter, wherever the layout puts them."""

from __future__ import annotations

import re

from ..actes import matters
from ..config import SiteConfig
from ..frenchtext import clean_name, looks_like_name, plain

from .extract import Extract, Line, paragraphs
from .header import ATTENDANCE_HEADING, WRITTEN_NAME
from .pages import written_number


TITLE_MARK = re.compile(r"^(?:■|▪|•|objet\s*:)\s*", re.IGNORECASE)
REPORT = re.compile(r"(?<!\s)\s++([A-Z]{2,5} \d{2}/\d+/[A-Z]{2,4})$")
GENERIC_NUMBER = re.compile(r"^(?:d[ée]lib[ée]ration\s+)?n[°o]\s*:?\s*(\S+(?:\s?\S+)?)$", re.IGNORECASE)
RAPPORTEUR = re.compile(r"^rapporteur\s*:\s*(.+)$", re.IGNORECASE)
REPORTS = re.compile(r"^(?P<who>[^:]{3,120}?),?\s+rapporte\s*:?$", re.IGNORECASE)
MATTER = re.compile(r"^(?:nomenclature|mati[èe]re|classification|code mati[èe]re)(?:\s+(?:actes|@ctes))?\s*:\s*(\d\.\d{1,2})\b", re.IGNORECASE)


def take_labelled(lines: list[Line], extract: Extract) -> list[Line]:
    """« Rapporteur : X » and « Nomenclature ACTES : 8.9 » lines, wherever they are."""
    kept = []
    label_rest = ""  # the end of a matter's label, printed on the next line (« 4.1 Personnel … / de la F.P.T. »)
    for number, line in lines:
        rapporteur, matter, reports = RAPPORTEUR.match(line), MATTER.match(line) or _labelled_matter(line), REPORTS.match(line)
        if label_rest and line and plain(label_rest).startswith(plain(line).rstrip(".")):
            label_rest = ""
            continue
        label_rest = ""
        if matter and not MATTER.match(line):
            label_rest = matters()[matter.group(1)]["libelle"][len(matter.group(2)) :].strip()
        if rapporteur and looks_like_name(rapporteur.group(1)):
            extract.found("rapporteur", clean_name(rapporteur.group(1)), number, "« Rapporteur : »")
        elif reports:  # « Monsieur le Maire, Philippe SAUREL, rapporte : »: kept, it also ends the title
            _read_reporter(reports.group("who"), number, extract)
            kept.append((number, line))
        elif matter:
            extract.found("matter", matter.group(1), number, "an @ctes code")
        else:
            kept.append((number, line))
    return kept


MATTER_WITH_LABEL = re.compile(r"^(\d{1,2}\.\d{1,2})\s+(\S.{2,})$")


def _labelled_matter(line: str) -> re.Match[str] | None:
    """« 7.1 Décisions budgétaires »: an @ctes code followed by its own label, as a stamp prints it."""
    found = MATTER_WITH_LABEL.match(line)
    label = matters().get(found.group(1), {}).get("libelle", "") if found else ""
    written = plain(found.group(2)) if found else ""
    return found if label and written.startswith(plain(label)) or (len(written) > 8 and plain(label).startswith(written)) else None


def find_title(lines: list[Line]) -> tuple[int, int | None]:
    """Where the title starts (« ■ … », « Objet : … »; what stands between the attendance lists and
    « X rapporte : », in one paragraph or several) and, when « rapporte » ends it, where it ends."""
    reports = next((i for i, (_, line) in enumerate(lines) if REPORTS.match(line)), len(lines))
    for index, (_, line) in enumerate(lines[:reports]):  # a « • » after « rapporte » is the text's list
        if TITLE_MARK.match(line):
            return index, None
    for index, (_, line) in enumerate(lines):
        if index == reports:
            headings = [i for i in range(index) if ATTENDANCE_HEADING.match(lines[i][1])]
            if headings:  # after the last list, from its first blank line on
                start = next((i for i in range(headings[-1], index) if not lines[i][1]), index)
            else:  # the paragraph just before « rapporte »
                start = index - 1
                while start > 0 and not lines[start][1]:
                    start -= 1
                while start > 0 and lines[start - 1][1]:
                    start -= 1
            while start < index and not lines[start][1]:
                start += 1
            return (start, index) if start < index else (0, None)
    return 0, None


def _read_reporter(who: str, line: int, extract: Extract) -> None:
    """« Monsieur le Maire, Philippe SAUREL » -> the rapporteur and, before the name, their role."""
    parts = [part.strip() for part in who.split(",") if part.strip()]
    named = [part for part in parts if looks_like_name(part) or WRITTEN_NAME.fullmatch(part)]
    if not named:
        return
    extract.found("rapporteur", clean_name(named[-1]), line, "« X rapporte : »")
    role = ", ".join(part for part in parts if part != named[-1])
    if role:
        extract.front["rapporteur_role"] = role[0].upper() + role[1:]


def find_number(lines: list[Line], config: SiteConfig, extract: Extract) -> int:
    """The line that holds the act's number alone; -1 when there is none."""
    for index, (_, line) in enumerate(lines):
        if written := written_number(line, config):
            extract.found("number", written, lines[index][0], "a line holding a number of the pattern")
            return index
    for index, (_, line) in enumerate(lines):
        match = GENERIC_NUMBER.match(line)
        if match:
            extract.found("number", match.group(1), lines[index][0], "« n° »")
            return index
    return -1


OPEN_ENDING = re.compile(r"(?:^|\s)(?:[àa]|au|aux|de|du|des|la|le|les|l['’]|d['’]|sur|pour|par|en|et|avec|dans|entre)$", re.IGNORECASE)
"""A title never ends on a preposition or an article: the next paragraph goes on with it."""
TITLE_LINE = 60
"""A title's lines are short, centred; the text's run the page's width."""


def _title_shaped(block: list[Line]) -> bool:
    """A paragraph that goes on with the title above it: a line or two, short, not punctuated as
    running text is (« Le Conseil Municipal, », « Vu le Code … ; », « … expose : »)."""
    return len(block) <= 2 and all(len(text) <= TITLE_LINE for _, text in block) and not block[-1][1].endswith((":", ";", ","))


def take_title(lines: list[Line], extract: Extract, length: int | None) -> tuple[list[Line], list[Line]]:
    """The title (its `length` lines when known, else its first paragraph: « ■ Objet … MET 17/5047/BM »);
    the report number at its end."""
    blocks = paragraphs(lines[:length] if length else lines)
    if not blocks:
        return [], lines
    block = [item for b in blocks for item in b] if length else blocks[0]
    taken = 1
    while not length and taken < len(blocks) - 1 and (OPEN_ENDING.search(block[-1][1]) or _title_shaped(blocks[taken])):
        # « … sur la » / « participation communale aux dépenses »; « CCAS » / « Désignation des délégués »: one title
        block = block + blocks[taken]
        taken += 1
    title = " ".join(line for _, line in block)
    if not (TITLE_MARK.match(title) or len(blocks) > 1 or length):
        return [], lines
    title = TITLE_MARK.sub("", title)
    report = REPORT.search(title)
    if report:
        extract.front["report"] = report.group(1)
        title = title[: report.start()]
    extract.front["title"] = title.strip()
    last = block[-1][0]
    return block, [item for item in lines if item[0] > last]
