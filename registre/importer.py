"""`import`: the plain text of an official extract (as pdftotext gives it) -> a content file.

The extract is read in four parts: the header (body, session date, president,
attendance), the number and title, the text, and the closing (vote, signature,
dates). Page-footer repeats are removed wherever they fall. Text that fits no
part stays in the body, and every field that could not be read is reported
with the line where it was looked for.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .actes import matters
from .config import SiteConfig
from .errors import ContentError, ContentErrors, warning
from .frenchtext import NAME, clean_name, find_date, looks_like_name, plain, split_names, words_to_number
from .names import fold, slugify
from .pdftext import is_pdf, ocr_pdf, read_pdf
from .read import display_path, read_file, split_front_matter
from .scaffold import act_path
from .validate import validate_source

Line = tuple[int, str]
"""A line of the extract: its 1-based number and its text."""

FOOTER_SIGNED = re.compile(r"^sign[ée] le\s+(.+)$", re.IGNORECASE)
FOOTER_RECEIVED = re.compile(r"^(?:re[çc]u au contr[ôo]le de l[ée]galit[ée]|accus[ée] de r[ée]ception en pr[ée]fecture|transmis en pr[ée]fecture)\b.*?(?:le|:)\s*(.+)$", re.IGNORECASE)
FOOTER_PUBLISHED = re.compile(r"^(?:publi[ée]|affich[ée]|mis en ligne)\s+le\s+(.+)$", re.IGNORECASE)
PAGE_MARK = re.compile(r"^(?:page\s+)?\d+\s*(?:/|sur)\s*\d+$", re.IGNORECASE)

HEADER_BODY = re.compile(r"d[ée]lib[ée]rations?\s+(?:du|de la|de l'|des)\s+(.+)$", re.IGNORECASE)
SESSION = re.compile(r"^(?:s[ée]ance|r[ée]union|session)\b|^l'an\s", re.IGNORECASE)
PRESIDENT = re.compile(r"(?:sous la pr[ée]sidence de|pr[ée]sidence\s*:)\s*(" + NAME + ")|^(?:Monsieur|Madame|M\\.|Mme)\\s+(" + NAME + r"),\s+(?:Pr[ée]sident|Maire)")
WRITTEN_NAME = re.compile(r"(?:(?:Monsieur|Madame|M\.|Mme)\s+)?[A-ZÀ-Ý][\w'’-]+(?:[ -][A-ZÀ-Ý][\w'’-]+){1,4}")
"""A name in running text, surname not in capitals (« Philippe Saurel »): the lists' spelling is taken when they name the person."""
PRESIDED = re.compile(
    r"sous la pr[ée]sidence de\s+(?:(?:Monsieur|Madame|M\.|Mme)\s+(?:le|la)\s+(?:Maire|Pr[ée]sidente?)\b[^,]{0,80},\s*)?"
    r"(?P<name>" + WRITTEN_NAME.pattern + ")"
)
"""« sous la présidence de Monsieur le Maire, Philippe Saurel »: a name as written in running text."""
MEMBERS_COUNT = re.compile(r"ont [ée]t[ée] pr[ée]sents?\s+(\d+)\s+membres|conseillers pr[ée]sents\s*:\s*(\d+)", re.IGNORECASE)
SECTIONS = [
    ("represented", re.compile(
        r"^(?:[ée]taient |[ée]tait )?(?:absents?\s+(?:et\s+)?)?repr[ée]sent[ée]e?s\b|^pouvoirs?\b|^procurations?\b"
        r"|^(?:absents?|excus[ée]s?)\s+ayant\s+(?:vot[ée]\s+par|donn[ée])\s+(?:procuration|pouvoir)", re.IGNORECASE)),
    ("excused", re.compile(r"^(?:[ée]taient |[ée]tait )?(?:absents?\s+(?:et\s+)?)?excus[ée]e?s?\b", re.IGNORECASE)),
    ("absent", re.compile(r"^(?:[ée]taient |[ée]tait )?absente?s?(?:\s+non excus[ée]s?)?\s*(?::|mesdames|messieurs|$)", re.IGNORECASE)),
    ("present", re.compile(r"^(?:[ée]taient |[ée]tait )?pr[ée]sents?\b", re.IGNORECASE)),
]
PROXY = re.compile(r"^(.+?)(?:\s+qui)?\s+(?:repr[ée]sent[ée]e?\s+par|a donn[ée] (?:pouvoir|procuration) [àa]|donne (?:pouvoir|procuration) [àa]|\(?pouvoir [àa]|procuration [àa]|[àa])\s+(.+?)\)?$", re.IGNORECASE)
PROXY_LENGTH = 300
"""Longer than any « X représentée par Y »: PROXY's two open parts would take cubic time on a long line."""


GAVE_PROXY = re.compile(r"\b(?:a donn[ée]|donne) (?:pouvoir|procuration) [àa]\s", re.IGNORECASE)
"""« Etait absente : Mme X qui a donné procuration à M. Y »: a proxy, whatever the list."""


def read_proxy(entry: str) -> re.Match[str] | None:
    return PROXY.match(entry) if len(entry) <= PROXY_LENGTH else None
BOILERPLATE = re.compile(
    r"^republique francaise$|a propos[ée] au .+ d'accepter les conclusions|de les convertir en d[ée]lib[ée]ration|^le quorum [ée]tant atteint|^la s[ée]ance est ouverte",
    re.IGNORECASE,
)
TITLE_MARK = re.compile(r"^(?:■|▪|•|objet\s*:)\s*", re.IGNORECASE)
REPORT = re.compile(r"(?<!\s)\s++([A-Z]{2,5} \d{2}/\d+/[A-Z]{2,4})$")
NUMBER_MARK = re.compile(r"^(?:d[ée]lib[ée]ration\s+)?n[°o]\s*:?\s*", re.IGNORECASE)
GENERIC_NUMBER = re.compile(r"^(?:d[ée]lib[ée]ration\s+)?n[°o]\s*:?\s*(\S+(?:\s?\S+)?)$", re.IGNORECASE)

SIGNATURE = re.compile(
    r"^(?:certifi[ée] conforme|pour extrait conforme|pour copie conforme|extrait certifi[ée] conforme|certifi[ée] ex[ée]cutoire"
    r"|(?:le|la) (?:maire|pr[ée]sidente?) certifie\b"
    r"|pour (?:le|la) (?:pr[ée]sident|pr[ée]sidente|maire)\b|fait et d[ée]lib[ée]r[ée]|ainsi fait et d[ée]lib[ée]r[ée])",
    re.IGNORECASE,
)
CLOSING_BOILERPLATE = re.compile(r"^(?:fait et d[ée]lib[ée]r[ée]|ainsi fait et d[ée]lib[ée]r[ée]|pour extrait|certifi[ée] ex[ée]cutoire)", re.IGNORECASE)
RAPPORTEUR = re.compile(r"^rapporteur\s*:\s*(.+)$", re.IGNORECASE)
REPORTS = re.compile(r"^(?P<who>[^:]{3,120}?),?\s+rapporte\s*:?$", re.IGNORECASE)
MATTER = re.compile(r"^(?:nomenclature|mati[èe]re|classification|code mati[èe]re)(?:\s+(?:actes|@ctes))?\s*:\s*(\d\.\d{1,2})\b", re.IGNORECASE)
LEAVING = re.compile(r"^(?:(?:Madame|Monsieur|M\.|Mme)\s+)?(" + NAME + r")\s*,?\s+(?:quitte|a quitt[ée]|sort de) la s[ée]ance")
ANNEX = re.compile(r"^annexes?\b", re.IGNORECASE)

HEADINGS = {"vu": "Vu", "considerant": "Considérant", "delibere": "Délibère", "decide": "Décide", "arrete": "Arrête"}
ARTICLE = re.compile(r"^article\s+(\d+|1er|premier|unique)\s*(?:er)?\s*[:.\-–]?\s*(.*)$", re.IGNORECASE)
BULLET = re.compile(r"^\s*[-–—•*]\s+")


@dataclass
class Extract:
    """What was read from one extract, and what could not be."""

    path: str
    front: dict[str, Any] = field(default_factory=dict)
    body: str = ""
    problems: list[ContentError] = field(default_factory=list)

    def missing(self, line: int, name: str, message: str) -> None:
        self.problems.append(warning(self.path, line, name, message))


def import_extracts(text: str, path: str, config: SiteConfig, margin: frozenset[int] = frozenset()) -> list[Extract]:
    """Read each act a document holds (one, or a series of extracts printed one after the other);
    each result's problems say what could not be determined.

    `margin`: the lines a PDF shows in a left margin column (pdftext), read as a zone of their own.
    """
    starts = _page_starts(text)
    return [import_lines(_without_running(part, starts), path, config, margin) for part in split_acts(_lines(text), config)]


def import_extract(text: str, path: str, config: SiteConfig, margin: frozenset[int] = frozenset()) -> Extract:
    """Read a document holding one act."""
    return import_lines(_without_running(_lines(text), _page_starts(text)), path, config, margin)


def split_acts(lines: list[Line], config: SiteConfig) -> list[list[Line]]:
    """The acts of a document: one per line holding an act number alone (« D.C. 2020/1-002 »).

    Each act runs from its number to the next one. The header before the first number (the
    session, its attendance) is each act's, until the document's opening line (« MAIRIE DE
    MASSIAC ») or one of the next comes again: a new header starts there, for the acts after it.
    """
    numbered = [index for index, (_, line) in enumerate(lines) if _written_number(line, config)]
    if len(numbered) < 2:
        return [lines]
    opening_lines = [line for _, line in lines[: numbered[0]] if line][:OPENING_LINES]
    header, parts = lines[: numbered[0]], []
    for start, end in zip(numbered, numbered[1:] + [len(lines)]):
        piece = lines[start:end]
        cut = next((i for i in range(1, len(piece)) if piece[i][1] in opening_lines), len(piece))
        if cut < len(piece):  # back over the header's first lines, printed again (« AIRIE DE MASSIAC », its M lost)
            cut = _header_start(piece, cut, opening_lines)
        parts.append(header + piece[:cut])
        header = piece[cut:] or header
    return parts


OPENING_LINES = 3
"""A new header starts where one of the document's first lines comes again (a header printed
again may leave out its first line)."""


def _header_start(piece: list[Line], cut: int, opening_lines: list[str]) -> int:
    """Where a header found at `cut` (one of the opening lines) really starts: the lines above it
    that are the opening lines before that one, even cut short."""
    before = opening_lines[: opening_lines.index(piece[cut][1])]
    at = cut
    for expected in reversed(before):
        above = at - 1
        while above > 0 and not piece[above][1]:
            above -= 1
        text = piece[above][1]
        if above < 1 or len(text) < 4 or not (expected.endswith(text) or expected.startswith(text)):
            break
        at = above
    return at


def _written_number(line: str, config: SiteConfig) -> str | None:
    """The act number a line holds alone, or after « n° » / « Délibération n° » (« n° 2014 / 182 »)."""
    written = NUMBER_MARK.sub("", line, count=1).strip()
    return written if config.number_pattern.fullmatch(written) else None


def import_lines(numbered_lines: list[Line], path: str, config: SiteConfig, margin: frozenset[int]) -> Extract:
    """Read one act from its numbered lines."""
    extract = Extract(path)
    lines = _take_labelled(_strip_footers(_read_stamp(numbered_lines, config, extract), extract), extract)
    number_at = _find_number(lines, config, extract)
    header, rest = lines[: max(number_at, 0)], lines[number_at + 1 :]
    title_at, title_end = _find_title(rest)
    # Some extracts give the attendance after the number, before the title.
    header, rest = header + rest[:title_at], rest[title_at:]
    kept = _read_header(header, config, extract, margin)
    _check_collectivity(header, config, extract)
    title_lines, rest = _take_title(rest, extract, None if title_end is None else title_end - title_at)
    text_lines, closing = _split_closing(rest)
    _read_closing(closing, extract)
    _read_vote(text_lines, extract)
    _read_leaving(text_lines, extract)
    body = "\n\n".join(kept) + ("\n\n" if kept else "") + markdown_body(text_lines)
    extract.body = body.strip() + "\n"
    _complete(extract, config, lines[0][0] if lines else 1, title_lines)
    return extract


def _take_labelled(lines: list[Line], extract: Extract) -> list[Line]:
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
            extract.front["rapporteur"] = clean_name(rapporteur.group(1))
        elif reports:  # « Monsieur le Maire, Philippe SAUREL, rapporte : »: kept, it also ends the title
            _read_reporter(reports.group("who"), extract)
            kept.append((number, line))
        elif matter:
            extract.front["matter"] = matter.group(1)
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


def _find_title(lines: list[Line]) -> tuple[int, int | None]:
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


def _read_reporter(who: str, extract: Extract) -> None:
    """« Monsieur le Maire, Philippe SAUREL » -> the rapporteur and, before the name, their role."""
    parts = [part.strip() for part in who.split(",") if part.strip()]
    named = [part for part in parts if looks_like_name(part) or WRITTEN_NAME.fullmatch(part)]
    if not named:
        return
    extract.front["rapporteur"] = clean_name(named[-1])
    role = ", ".join(part for part in parts if part != named[-1])
    if role:
        extract.front["rapporteur_role"] = role[0].upper() + role[1:]


def _lines(text: str) -> list[Line]:
    """Numbered lines; page breaks and Markdown bold (some converters add it) taken off."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").removeprefix("\ufeff")
    out = []
    for number, raw in enumerate(text.split("\n"), 1):
        line = raw.replace("\f", "").replace("\u00a0", " ").strip()
        out.append((number, line.strip("*").strip() if line.startswith("**") or line.endswith("**") else line))
    return out


def _page_starts(text: str) -> set[int]:
    """The numbers of the lines that start a page (after the first)."""
    return {number for number, raw in enumerate(text.replace("\r\n", "\n").split("\n"), 1) if raw.startswith("\f")}


RUNNING_EDGE = 3
"""A running header or footer stands among the first or last lines of a page."""
RUNNING_PAGES = 3


def _shape(text: str) -> str:
    """A line, its figures aside: « Page 2/8 » and « Page 3/8 » are one running footer."""
    return re.sub(r"\d+", "#", text)


def _without_running(lines: list[Line], page_starts: set[int]) -> list[Line]:
    """The lines of one act without its running headers and footers: the same text (figures aside:
    « Page 2/8 ») at the top or the bottom of at least half its pages, and of three at least.
    Within one act: in a series of extracts, each act's own header and closing come again."""
    pages: list[list[Line]] = [[]]
    for item in lines:
        if item[0] in page_starts and pages[-1]:
            pages.append([])
        if item[1]:
            pages[-1].append(item)
    if len(pages) < RUNNING_PAGES:
        return lines
    edges = [page[:RUNNING_EDGE] + page[-RUNNING_EDGE:] for page in pages]
    seen = Counter(text for edge in edges for text in {_shape(line) for _, line in edge})
    repeated = {text for text, count in seen.items() if count >= max(RUNNING_PAGES, len(pages) / 2)}
    running = {number for edge in edges for number, line in edge if _shape(line) in repeated}
    return [(number, "" if number in running else line) for number, line in lines]


ACTES_ID = re.compile(r"\b(?P<department>\d{3})-(?P<siren>\d{9})-(?P<date>\d{8})-\S+?-(?:DE|AI|AR|CC|BF|AU)\b")
"""The @ctes identifier the prefecture's stamp carries: department, SIREN, date of the act, ..., nature."""
STAMP_DATES = {
    "sent": re.compile(r"^envoi (?:en )?prefecture\b"),
    "received": re.compile(r"^(?:reception en prefecture|recu (?:en|a la) prefecture|recu au controle de legalite)\b"),
    "published": re.compile(r"^(?:publiee?|affichee?|mise? en ligne)\b"),
}
STAMP_NOISE = re.compile(r"^(?:accuse de reception\b|acte certifie executoire\b)")
FIGURE_DATE = re.compile(r"\b\d{1,2}/\d{1,2}/\d{4}\b")


def _read_stamp(lines: list[Line], config: SiteConfig, extract: Extract) -> list[Line]:
    """Take out the prefecture's @ctes stamp, wherever it stands, and keep its facts.

    Its labels may stand with their dates (« Réception en Préfecture : 26/05/2014 ») or,
    when the stamp is drawn as two columns, before a line of dates given in their order.
    """
    kept: list[Line] = []
    waiting: list[str] = []

    def keep_date(label: str, date: dt.date) -> None:
        if label != "sent":  # the date it was sent is no field of an act
            extract.front.setdefault(label, date)

    for number, line in lines:
        folded = plain(line)
        label = next((key for key, pattern in STAMP_DATES.items() if pattern.match(folded)), None)
        date = find_date(line) if label else None
        identifier = ACTES_ID.search(line)
        rest = FIGURE_DATE.sub("", ACTES_ID.sub("", line)).strip(" :")
        if identifier:
            _stamp_identifier(identifier, number, config, extract)
        if label and date:
            keep_date(label, date)
        elif label and (label != "published" or ":" in line):
            waiting.append(label)
        elif waiting and FIGURE_DATE.search(line) and not rest:
            for match in FIGURE_DATE.finditer(line):
                if waiting and (found := find_date(match.group(0))):
                    keep_date(waiting.pop(0), found)
        elif not STAMP_NOISE.match(folded) and not (identifier and not rest):
            kept.append((number, line))
    return kept


def _stamp_identifier(identifier: re.Match[str], number: int, config: SiteConfig, extract: Extract) -> None:
    """The stamp's identifier names the collectivity (its SIREN) and the date of the act."""
    extract.front.setdefault("_actes_date", identifier.group("date"))
    if identifier.group("siren") != config.siret[:9]:
        extract.missing(number, "received", f"the prefecture's stamp names SIREN {identifier.group('siren')}, not this collectivity's ({config.siret[:9]})")


def _strip_footers(lines: list[Line], extract: Extract) -> list[Line]:
    """Drop the « Signé le / Reçu au contrôle de légalité » lines each page repeats; keep their dates."""
    kept = []
    for number, line in lines:
        for key, pattern in (("signed", FOOTER_SIGNED), ("received", FOOTER_RECEIVED), ("published", FOOTER_PUBLISHED)):
            match = pattern.match(line)
            if match and find_date(match.group(1)):
                extract.front.setdefault(key, find_date(match.group(1)))
                break
        else:
            if not PAGE_MARK.match(line):
                kept.append((number, line))
    return kept


def _find_number(lines: list[Line], config: SiteConfig, extract: Extract) -> int:
    """The line that holds the act's number alone; -1 when there is none."""
    for index, (_, line) in enumerate(lines):
        if written := _written_number(line, config):
            extract.front["number"] = written
            return index
    for index, (_, line) in enumerate(lines):
        match = GENERIC_NUMBER.match(line)
        if match:
            extract.front["number"] = match.group(1)
            return index
    return -1


def _paragraphs(lines: list[Line]) -> list[list[Line]]:
    """Blocks of lines separated by blank lines."""
    blocks: list[list[Line]] = [[]]
    for number, line in lines:
        if line:
            blocks[-1].append((number, line))
        elif blocks[-1]:
            blocks.append([])
    return [b for b in blocks if b]


def _read_header(header: list[Line], config: SiteConfig, extract: Extract, margin: frozenset[int]) -> list[str]:
    """Body, date, president and attendance; return the header text that fits none of them.

    The margin column is one block, whatever its spacing: the issuing service and
    « Extrait du registre des délibérations du … » are read there, never kept as the act's text.
    """
    kept: list[str] = []
    section: str | None = None
    in_margin = [item for item in header if item[0] in margin and item[1]]
    beside = [item for item in header if item[0] not in margin]
    for block in ([in_margin] if in_margin else []) + _section_blocks(_paragraphs(beside)):
        if block is in_margin:
            _read_header_block(" ".join(line for _, line in block), block[0][0], config, extract)
            continue
        first = block[0][1]
        text = " ".join(line for _, line in block)
        heading = next((name for name, pattern in SECTIONS if pattern.match(first)), None)
        if heading:
            section = heading
            after = text.split(":", 1)[1] if ":" in text else ""
            if after.strip() and not re.match(r"^\s*(mesdames|messieurs)", after, re.IGNORECASE):
                if not _add_members(section, after, extract):
                    kept.append(text)  # « Présents : 22 » is a count, not a list
                section = None
            continue
        if section and all(looks_like_name(n) or read_proxy(n) for n in split_names(text)):
            _add_members(section, text, extract)
            section = None
            continue
        section = None
        if _read_header_block(text, block[0][0], config, extract):
            continue
        kept.append(text)
    if "body" not in extract.front and header:
        # No « Extrait … des délibérations du X » block: the header may still name one body
        # (« le Conseil Municipal de la Ville de Montpellier s'est réuni »).
        folded = fold(" ".join(line for _, line in header))
        named = {code for code, body in config.bodies.items() if fold(body.name) in folded}
        if len(named) == 1:
            extract.front["body"] = named.pop()
            extract.front.pop("_body_line", None)
    return kept


ATTENDANCE_HEADING = re.compile(r"^(?:[ée]taient |[ée]tait )?(?:pr[ée]sents?|absente?s?|excus[ée]s?|repr[ée]sent[ée]s?|pouvoirs?|procurations?)\b", re.IGNORECASE)
"""A line that starts a list of members, even inside a paragraph (a text layer has no blank lines)."""


def _section_blocks(blocks: list[list[Line]]) -> list[list[Line]]:
    """Paragraphs, cut again where a line starts an attendance list (« Absents : »)."""
    out: list[list[Line]] = []
    for block in blocks:
        out.append([block[0]])
        for item in block[1:]:
            if ATTENDANCE_HEADING.match(item[1]):
                out.append([])
            out[-1].append(item)
    return out


def _read_header_block(text: str, line: int, config: SiteConfig, extract: Extract) -> bool:
    """Read the title line, the session line, the president; True when the block was one of them."""
    folded = plain(text)
    used = False
    if "extrait" in folded and HEADER_BODY.search(text):
        _read_body_name(HEADER_BODY.search(text).group(1), line, config, extract)  # type: ignore[union-attr]
        used = True
    if SESSION.match(folded) and find_date(text) and "date" not in extract.front:
        extract.front["date"] = find_date(text)
        used = True
    president = PRESIDENT.search(text)
    presided = PRESIDED.search(text) if not president else None
    if (president or presided) and "president" not in extract.front:
        # A name in running text (« Philippe Saurel ») takes the lists' spelling when they name the person.
        extract.front["president"] = clean_name(president.group(1) or president.group(2) if president else presided.group("name"))  # type: ignore[union-attr]
        used = True
    count = MEMBERS_COUNT.search(text)
    if count and "_count" not in extract.front:  # « Nombre de conseillers présents : 18 »: the list is checked against it
        extract.front["_count"] = (int(count.group(1) or count.group(2)), line)
    return used or bool(BOILERPLATE.search(folded))


def _read_body_name(phrase: str, line: int, config: SiteConfig, extract: Extract) -> None:
    """« BUREAU DE LA METROPOLE AIX-MARSEILLE-PROVENCE » -> BM."""
    folded = fold(phrase)
    # « Commission permanente du Conseil départemental »: the body named first is the one.
    found = sorted((folded.find(fold(b.name)), -len(b.name), code) for code, b in config.bodies.items() if fold(b.name) in folded)
    if found:
        extract.front["body"] = found[0][2]
    else:
        extract.front["_body_line"] = (line, phrase.strip())


GENERIC_WORDS = {"commune", "ville", "metropole", "departement", "region", "communaute", "agglomeration", "conseil", "syndicat"}


def _check_collectivity(header: list[Line], config: SiteConfig, extract: Extract) -> None:
    """Warn when the header never names the site's collectivity (an extract of another one?)."""
    distinctive = {w for w in fold(config.collectivity).split() if len(w) > 3 and w not in GENERIC_WORDS}
    text = set(fold(" ".join(line for _, line in header)).split())
    if distinctive and header and not distinctive & text:
        extract.missing(header[0][0], "collectivity", f"the header never names {config.collectivity}: an extract of another collectivity?")


def _add_members(section: str, text: str, extract: Extract) -> bool:
    """Add the names of one attendance list; False when the text lists no one."""
    names = split_names(text)
    if not any(looks_like_name(n) or read_proxy(n) for n in names):
        return False
    for entry in names:
        match = read_proxy(entry) if section == "represented" or GAVE_PROXY.search(entry) else None
        if match:
            proxy = {"member": given_first(clean_name(match.group(1))), "proxy": given_first(clean_name(match.group(2)))}
            extract.front.setdefault("represented", []).append(proxy)
        elif section == "represented":  # « Absents ayant voté par procuration : X » names no holder
            extract.front.setdefault("represented", []).append({"member": given_first(entry)})
        else:
            extract.front.setdefault(section, []).append(given_first(entry))
    return True


OPEN_ENDING = re.compile(r"(?:^|\s)(?:[àa]|au|aux|de|du|des|la|le|les|l['’]|d['’]|sur|pour|par|en|et|avec|dans|entre)$", re.IGNORECASE)
"""A title never ends on a preposition or an article: the next paragraph goes on with it."""


TITLE_LINE = 60
"""A title's lines are short, centred; the text's run the page's width."""


def _title_shaped(block: list[Line]) -> bool:
    """A paragraph that goes on with the title above it: a line or two, short, not punctuated as
    running text is (« Le Conseil Municipal, », « Vu le Code … ; », « … expose : »)."""
    return len(block) <= 2 and all(len(text) <= TITLE_LINE for _, text in block) and not block[-1][1].endswith((":", ";", ","))


def _take_title(lines: list[Line], extract: Extract, length: int | None) -> tuple[list[Line], list[Line]]:
    """The title (its `length` lines when known, else its first paragraph: « ■ Objet … MET 17/5047/BM »);
    the report number at its end."""
    blocks = _paragraphs(lines[:length] if length else lines)
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


def _split_closing(lines: list[Line]) -> tuple[list[Line], list[Line]]:
    """The text, and the closing from « Certifié conforme » (or « Pour extrait conforme ») on."""
    for index, (_, line) in enumerate(lines):
        if SIGNATURE.match(line):
            return lines[:index], lines[index:]
    return lines, []


def _read_closing(closing: list[Line], extract: Extract) -> None:
    """Who certified the extract and their title: the signatory, never taken for the rapporteur."""
    lines = [(n, text) for n, text in closing[1:] if text and not CLOSING_BOILERPLATE.match(text) and not find_date(text) or (text and ANNEX.match(text))]
    annexes = [text for _, text in lines if ANNEX.match(text)]
    lines = [item for item in lines if not ANNEX.match(item[1])]
    if annexes:
        extract.front["_annexes"] = (annexes, next(n for n, text in closing if ANNEX.match(text)))
    lines = [(n, _once(text)) for n, text in lines]
    names = [i for i, (_, text) in enumerate(lines) if looks_like_name(text)]
    if names:
        name_at = names[0]  # the name under the title; what follows is no signature (a stamp, a margin)
        extract.front["signatory"] = given_first(clean_name(lines[name_at][1]))
        before = name_at
        while before > 0 and len(lines[before - 1][1]) <= 60 and ":" not in lines[before - 1][1] and name_at - before < 3:
            before -= 1  # the title just above the name (« La Vice-Présidente Déléguée / Stratégie et … »)
        role = " ".join(text.rstrip(",") for _, text in lines[before:name_at])
        role = re.sub(r"^(?:le|la|l')\s*", "", role, flags=re.IGNORECASE).strip(" ,")
        if role:
            extract.front["signatory_role"] = role[0].upper() + role[1:]


def _once(text: str) -> str:
    """« Michel DESTANNES Michel DESTANNES »: two signature columns side by side, read once."""
    words = text.split()
    half = len(words) // 2
    return " ".join(words[:half]) if half and len(words) % 2 == 0 and words[:half] == words[half:] else text


def given_first(name: str) -> str:
    """« ACHALME Didier » -> « Didier ACHALME », « DE SAINT JOUAN Cédric » -> « Cédric DE SAINT JOUAN »:
    the archive writes given names first, as most extracts do."""
    words = name.split()
    capitals = 0
    while capitals < len(words) and _in_capitals(words[capitals]):
        capitals += 1
    rest = words[capitals:]
    if capitals and rest and all(word[0].isupper() and not _in_capitals(word) for word in rest):
        return " ".join(rest + words[:capitals])
    return name


def _in_capitals(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return len(letters) > 1 and all(c.isupper() for c in letters)


VOTE_RESULT = re.compile(r"\b(n'est pas adoptee|rejetee?s?|rejette|repoussee?s?|adoptee?s?|approuvee?s?|adopte)\b")
COUNTS = {
    # Tried in order: « Pour : 10 » before « 10 voix pour », so « Pour : 10 Contre : 2 » reads right.
    # A count is read from its first digit (not tried again from each of the others), and is small.
    "for": [re.compile(r"\bpour\s*:\s*(\d{1,5})(?!\d)"), re.compile(r"(?<!\d)(\d{1,5})\s+voix\s+pour")],
    "against": [re.compile(r"\bcontre\s*:\s*(\d{1,5})(?!\d)"), re.compile(r"(?<!\d)(\d{1,5})\s+voix\s+contre"), re.compile(r"(?<!\d)(\d{1,5})\s+contre\b")],
    "abstention": [re.compile(r"\babstentions?\s*:\s*(\d{1,5})(?!\d)"), re.compile(r"(?<!\d)(\d{1,5})\s+abstentions?")],
}
NAMED = {
    "against": re.compile(r"(?:ont|a) vot[ée] contre\s*:?\s*(.+?)(?:\.|$)", re.IGNORECASE),
    "abstention": re.compile(r"(?:se sont abstenu(?:e)?s|s'est abstenu(?:e)?)\s*:?\s*(.+?)(?:\.|$)", re.IGNORECASE),
    "not_voting": re.compile(r"(?:ne prend(?:nent)? pas part au vote|n'ont pas pris part au vote|n'a pas pris part au vote)\s*:?\s*(.+?)(?:\.|$)", re.IGNORECASE),
}
DECIDES = re.compile(r"\ble conseil(?: \w+)?,? .{0,80}?\b(?:decide|approuve|accepte|autorise|(?:apres )?(?:en )?avoir delibere)\b|^(?:delibere|decide)\b")
"""The council decided: the act exists, so it was adopted, though no vote is written."""
COUNT_WORDS = re.compile(r"\b([a-z]+(?:-[a-z]+)*) (?=voix\b|abstentions?\b)")
"""A count in words before « voix » or « abstention »."""
CIVILITY_NAME = r"(?>(?:(?:Madame|Monsieur|M\.|Mme)\s+)?" + NAME + ")"
"""A name and its civility, read once: « Mme » is never tried again as a given name."""
NOT_VOTING_BEFORE = re.compile(r"(?:^|(?<=[.;])\s+)(" + CIVILITY_NAME + r"(?:\s*(?:,|et)\s*" + CIVILITY_NAME + r")*+)\s*,?\s+(?:ne prend(?:nent)? pas part au vote|n'(?:a|ont) pas pris part au vote)")


def _read_vote(lines: list[Line], extract: Extract) -> None:
    """The vote sentence: result, unanimity, counts, who voted against, abstained or did not vote."""
    # The vote follows the decision: look after « Délibère / Décide » when there is one.
    start = max((i for i, (_, t) in enumerate(lines) if plain(t).rstrip(" :") in HEADINGS and plain(t).rstrip(" :") != "vu"), default=0)
    vote_words = r"mise? aux voix|\bvote|\bvotants?\b|unanim|voix pour|\b(?:pour|contre|abstentions?)\s*:|abstenu|\best (?:adoptee|rejetee)|(?:^|[.;:] )(?:adopte|rejete|le conseil(?: \w+)? (?:adopte|rejette)\b)"
    # A paragraph at a time: « décide par 15 voix / pour et 4 voix contre » wraps.
    paragraphs = [(block[0][0], " ".join(t for _, t in block)) for block in _paragraphs(lines[start:])]
    sentences = [(n, t) for n, t in paragraphs if re.search(vote_words, plain(t))]
    if not sentences:
        decided = next(((n, t) for n, t in paragraphs if DECIDES.search(plain(t))), None)
        if decided:  # « Le Conseil Municipal, après en avoir délibéré, décide : »
            extract.front["vote"] = {"result": "adopted"}
            extract.front["_vote_line"] = decided[0]
            extract.missing(decided[0], "vote", "no vote is written: « décide » read as adopted; check it")
        return
    text = " ".join(t for _, t in sentences)
    folded = COUNT_WORDS.sub(lambda m: f"{words_to_number(m.group(1)) or m.group(1)} ", plain(text))  # « une abstention »
    vote: dict[str, Any] = {}
    result = VOTE_RESULT.findall(folded)
    if result:
        vote["result"] = "rejected" if result[0].startswith(("n'est", "rejet", "repous")) else "adopted"
    if "unanim" in folded:  # « à l'unanimité », « unanimement »
        vote["unanimous"] = True
    counts = {key: next((int(m.group(1)) for p in patterns for m in p.finditer(folded)), None) for key, patterns in COUNTS.items()}
    if counts["for"] is not None:
        vote.update({key: value or 0 for key, value in counts.items()})
    if "result" not in vote and (vote.get("unanimous") or counts["for"] is not None):
        # « Le Conseil décide à l'unanimité », « par 15 voix pour et 4 voix contre »: no word says adopted.
        vote["result"] = "adopted" if vote.get("unanimous") or (counts["for"] or 0) > (counts["against"] or 0) else "rejected"
        extract.missing(sentences[0][0], "vote", f"the result ({vote['result']}) is read from the {'unanimity' if vote.get('unanimous') else 'counts'}: check it")
    names: dict[str, list[str]] = {}
    for key, pattern in NAMED.items():
        for match in pattern.finditer(text):
            found = [n for n in split_names(match.group(1)) if looks_like_name(n)]
            names.setdefault(key, []).extend(found)
    for match in NOT_VOTING_BEFORE.finditer(text):
        names.setdefault("not_voting", []).extend(n for n in split_names(match.group(1)) if looks_like_name(n))
    if names.get("not_voting"):
        vote["not_voting"] = len(names["not_voting"])
    if any(names.values()):
        vote["names"] = {k: v for k, v in names.items() if v}
    extract.front["vote"] = vote
    extract.front["_vote_line"] = sentences[0][0]


def _complete(extract: Extract, config: SiteConfig, first_line: int, title_lines: list[Line]) -> None:
    """Fill what the number tells, check counts, and report every field not determined."""
    front = extract.front
    parts = config.parse_number(front.get("number", "")) or {}
    for key in ("body", "theme"):
        if key not in front and parts.get(key) in (config.bodies if key == "body" else config.themes):
            front[key] = parts[key]
    by_matter = [code for code, theme in config.themes.items() if front.get("matter") and theme.matter == front["matter"]]
    if "theme" not in front and len(by_matter) == 1:
        front["theme"] = by_matter[0]  # the extract's @ctes matter is the theme's
    if "theme" not in front and len(config.themes) == 1:
        front["theme"] = next(iter(config.themes))  # a site of one theme
    listed = {fold(n): n for n in front.get("present", [])}
    for role in ("president", "rapporteur", "signatory"):
        if front.get(role):
            front[role] = listed.get(fold(given_first(front[role])), given_first(front[role]))
    stamped = front.pop("_actes_date", None)
    if "date" not in front and stamped:  # the header gave none: the stamp's identifier holds it
        try:
            front["date"] = dt.date(int(stamped[:4]), int(stamped[4:6]), int(stamped[6:]))
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


def markdown_body(lines: list[Line]) -> str:
    """The text as Markdown: « Vu », « Considérant », « Délibère » as headings, « Article N » below them,
    lists, and the tables the PDF reader wrote as Markdown, kept whole across a page break."""
    out: list[str] = []
    for block in _paragraphs(lines):
        texts = [text for _, text in block]
        if all(text.startswith("|") for text in texts):
            _add_table(out, texts)
        else:
            out.extend(_block_markdown(texts))
    return "\n\n".join(out)


def _add_table(out: list[str], rows: list[str]) -> None:
    """A table, or the rest of the one before it when a page break cut it: the one before
    holds only its header, or this one repeats that header (same columns in both cases)."""
    previous = out[-1].split("\n") if out and out[-1].startswith("|") else []
    if previous and previous[0].count(" | ") == rows[0].count(" | "):
        body = rows[2:] if rows[0] == previous[0] else rows[:1] + rows[2:]
        if rows[0] == previous[0] or len(previous) == 2:
            out[-1] = "\n".join(previous + body)
            return
    out.append("\n".join(rows))


def _block_markdown(lines: list[str]) -> list[str]:
    single = lines[0].rstrip(" :") if len(lines) == 1 else None
    if single and plain(single) in HEADINGS:
        return [f"## {HEADINGS[plain(single)]}"]
    article = ARTICLE.match(lines[0])
    if article:
        number = {"1er": "1", "premier": "1"}.get(plain(article.group(1)), plain(article.group(1)) if article.group(1).isalpha() else article.group(1))
        rest = [article.group(2)] if article.group(2) else []
        return [f"### Article {number}"] + ([_join(rest + lines[1:])] if rest or lines[1:] else [])
    if any(BULLET.match(line) for line in lines):
        first = next(i for i, line in enumerate(lines) if BULLET.match(line))
        # « A été élue : » then « - Samira SALOMON »: the lines before the first dash introduce the list.
        return ([_join(lines[:first])] if first else []) + ["\n".join(_list_items(lines[first:]))]
    if len(lines) > 1 and sum(bool(re.match(r"^(vu|considerant)\b", plain(line))) for line in lines) > 1:
        # « Vu … » / « Considérant … » clauses one per line: keep them as paragraphs.
        return _clauses(lines)
    return [_join(lines)]


def _list_items(lines: list[str]) -> list[str]:
    items: list[str] = []
    for line in lines:
        if BULLET.match(line) or not items:
            items.append("- " + BULLET.sub("", line))
        else:
            items[-1] = _join([items[-1], line])
    return items


def _clauses(lines: list[str]) -> list[str]:
    clauses: list[list[str]] = []
    for line in lines:
        if re.match(r"^(vu|considerant)\b", plain(line)) or not clauses:
            clauses.append([line])
        else:
            clauses[-1].append(line)
    return [_join(c) for c in clauses]


def _join(lines: list[str]) -> str:
    """Join wrapped lines; a line ending in a hyphen joins the next without a space."""
    text = ""
    for line in lines:
        text += line if not text or text.endswith("-") else " " + line
    # A paragraph starting « 2. » would become a numbered list: keep it text.
    return re.sub(r"^(\d+)\.(\s)", r"\1\\.\2", text)


# -- writing the content file -------------------------------------------------

ORDER = (
    "number", "report", "title", "date", "body", "theme", "rapporteur", "rapporteur_role", "signatory", "signatory_role", "president",
    "present", "represented", "excused", "absent", "vote", "signed", "received", "published", "matter", "attachments",
)


def _scalar(value: Any) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    text = str(value)
    if re.fullmatch(r"[A-Za-zÀ-ÿ][\w À-ÿ'’.-]*", text) and plain(text) not in ("yes", "no", "on", "off", "true", "false", "null", "y", "n"):
        return text
    return json.dumps(text, ensure_ascii=False)


def _flow(value: dict[str, Any]) -> str:
    return "{" + ", ".join(f"{k}: {_flow(v) if isinstance(v, dict) else '[' + ', '.join(map(_scalar, v)) + ']' if isinstance(v, list) else _scalar(v)}" for k, v in value.items()) + "}"


def content_file(extract: Extract) -> str:
    """The content file's text: front matter in the order of the content model, then the body."""
    out = ["---"]
    for key in ORDER:
        value = extract.front.get(key)
        if value in (None, [], {}):
            continue
        if key in ("number", "report", "title", "rapporteur_role", "signatory_role"):
            out.append(f"{key}: {json.dumps(str(value), ensure_ascii=False)}")
        elif isinstance(value, list):
            out.append(f"{key}:")
            out.extend(f"  - {_flow(v) if isinstance(v, dict) else _scalar(v)}" for v in value)
        elif isinstance(value, dict):
            out.append(f"{key}: {_flow(value)}")
        else:
            out.append(f"{key}: {_scalar(value)}")
    out.append("---")
    return "\n".join(out) + "\n" + extract.body


@dataclass(frozen=True, slots=True)
class Imported:
    """What one extract gave: the file written, the fields read, what to look at."""

    target: Path
    found: tuple[str, ...]
    problems: list[ContentError]


def import_file(source: Path, config: SiteConfig, output_dir: Path | None = None, force: bool = False, ocr: bool = False) -> list[Imported]:
    """Import a document (a PDF, or pdftotext's text) and write one content file per act it holds.

    The problems are the fields not determined (warnings) and what `check` would
    refuse in the new file (errors): the file is written anyway, for staff to complete.
    A PDF without a text layer (a scan) is an error: nothing is written, unless `ocr`
    asks Tesseract to read it (then every field read is listed to check); a file that
    exists already is an error too, unless `force`.
    """
    shown = display_path(source)
    raw = read_file(source, shown)
    text, margin, problems, by_ocr = extract_text(raw, source, shown, ocr)
    extracts = import_extracts(text, shown, config, margin)
    if by_ocr:
        for extract in extracts:
            extract.problems += [warning(shown, 1, key, "read by OCR from a scan: check it") for key in extract.front if not key.startswith("_")]
    targets = [_target(extract, source, config, output_dir) for extract in extracts]
    content_dir = output_dir or config.content_dir
    # A series of acts shares its PDF, named after the document; one act's is named after the act.
    original = f"attachments/{targets[0].stem if len(targets) == 1 else slugify(source.stem)}.pdf" if is_pdf(source, raw) else None
    existing = [path for path in targets + ([content_dir / original] if original else []) if path.exists()]
    if existing and not force:
        raise ContentErrors([ContentError(display_path(path), 0, "", f"exists already: {shown} was not imported (--force replaces it)") for path in existing])
    if original:
        (content_dir / original).parent.mkdir(parents=True, exist_ok=True)
        (content_dir / original).write_bytes(raw)
    # In a folder of its own (--output-dir), the acts and the kept PDF are checked as they stand there.
    checked_with = dataclasses.replace(config, content_dir=output_dir) if output_dir else config
    results = []
    for extract, target in zip(extracts, targets):
        if original:
            extract.front["attachments"] = [{"title": f"Extrait signé ({source.name})", "file": original, "original": True}]
        written = content_file(extract)
        _, found = validate_source(split_front_matter(written, display_path(target), target.name), checked_with)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(written, encoding="utf-8")
        found_errors = [p for p in found if p.severity == "error"]
        results.append(Imported(target, tuple(k for k in extract.front if not k.startswith("_")), problems + extract.problems + found_errors))
    return results


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


def _read_leaving(lines: list[Line], extract: Extract) -> None:
    """A member who leaves the session before the vote is absent for this act."""
    for number, line in lines:
        match = LEAVING.match(line)
        if not match:
            continue
        name = clean_name(match.group(1))
        present = extract.front.get("present", [])
        if name in present:
            present.remove(name)
            extract.front.setdefault("absent", []).append(name)
            extract.missing(number, "absent", f"{name} left the session: listed absent for this act")
        for proxy in [p for p in extract.front.get("represented", []) if p["proxy"] == name]:
            extract.front["represented"].remove(proxy)
            extract.front.setdefault("absent", []).append(proxy["member"])
            extract.missing(number, "absent", f"{proxy['member']} gave a proxy to {name}, who left: listed absent for this act")
