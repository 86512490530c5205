"""The header: body, session date, president, attendance lists and proxies, names as the archive writes them."""

from __future__ import annotations

import re

from ..config import SiteConfig
from ..frenchtext import BULLET, NAME, clean_name, find_date, looks_like_name, plain, split_names
from ..names import fold

from .extract import Extract, Line, paragraphs


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
MEMBERS_COUNT = re.compile(r"ont [ée]t[ée] pr[ée]sents?\s+(?P<a>\d+)\s+membres|\bpr[ée]sents\s*:\s*(?P<b>\d+)\b", re.IGNORECASE)
"""« ont été présents 23 membres », « Nombre de conseillers présents : 18 », « en exercice : 29 Présents : 23 »."""
SECTIONS = [
    ("represented", re.compile(
        r"^(?:[ée]taient |[ée]tait )?(?:absents?\s+(?:et\s+)?)?repr[ée]sent[ée]e?s\b|^pouvoirs?\b|^procurations?\b"
        r"|^(?:absents?|excus[ée]s?)\s+ayant\s+(?:vot[ée]\s+par|donn[ée])\s+(?:procuration|pouvoir)", re.IGNORECASE)),
    ("excused", re.compile(r"^(?:[ée]taient |[ée]tait )?(?:absents?\s+(?:et\s+)?)?excus[ée]e?s?\b", re.IGNORECASE)),
    ("absent", re.compile(r"^(?:[ée]taient |[ée]tait )?absente?s?(?:\s+non excus[ée]s?)?\s*(?::|mesdames|messieurs|$)", re.IGNORECASE)),
    ("present", re.compile(r"^(?:[ée]taient |[ée]tait )?pr[ée]sents?\b", re.IGNORECASE)),
]
PROXY = re.compile(r"^(.+?)(?:\s+qui)?\s+(?:repr[ée]sent[ée]e?\s+par|a donn[ée] (?:pouvoir|procuration) [àa]|donne (?:pouvoir|procuration) [àa]|\(?(?:pouvoir|procuration) [àa]|[àa])\s+(.+?)\)?$", re.IGNORECASE)
PROXY_LENGTH = 300
"""Longer than any « X représentée par Y »: PROXY's two open parts would take cubic time on a long line."""
GAVE_PROXY = re.compile(r"(?:\b(?:a donn[ée]|donne) |\(\s*)(?:pouvoir|procuration) [àa]\s", re.IGNORECASE)
"""« Etait absente : Mme X qui a donné procuration à M. Y », « Etaient excusés : X (procuration à Y) »: a proxy, whatever the list."""


def read_proxy(entry: str) -> re.Match[str] | None:
    return PROXY.match(entry) if len(entry) <= PROXY_LENGTH else None


def _entries(block: list[Line]) -> str:
    """A block's text: its lines joined, or parted by « ; » when each is a name or a proxy between
    names of its own (« Procuration : A donne procuration à B » / « C donne procuration à D »), so
    that one entry does not run into the next; a name cut at a line's end stays whole (« Alessandra » / « STURANI »)."""
    lines = [line for _, line in block]
    entries = [entry for entry in (lines[0].split(":", 1)[1].strip() if ":" in lines[0] else lines[0], *lines[1:]) if entry]
    if len(entries) > 1 and all(looks_like_name(entry) or _proxy(entry, True) for entry in entries):
        return "; ".join(lines)
    return " ".join(lines)


def _proxy(entry: str, between_names: bool) -> bool:
    """« X à Y »: with `between_names`, only when both are names (« le Président a proposé au Bureau »
    reads as « X a Y » too)."""
    proxy = read_proxy(entry)
    if proxy is None:
        return False
    return not between_names or looks_like_name(proxy.group(1)) and looks_like_name(proxy.group(2))


BOILERPLATE = re.compile(
    r"^republique francaise$|a propos[ée] au .+ d'accepter les conclusions|de les convertir en d[ée]lib[ée]ration|^le quorum [ée]tant atteint|^la s[ée]ance est ouverte",
    re.IGNORECASE,
)


def read_header(header: list[Line], config: SiteConfig, extract: Extract, margin: frozenset[int]) -> list[str]:
    """Body, date, president and attendance; return the header text that fits none of them.

    The margin column is one block, whatever its spacing: the issuing service and
    « Extrait du registre des délibérations du … » are read there, never kept as the act's text.
    """
    kept: list[str] = []
    section: str | None = None
    strict = False  # the list goes on by a name a paragraph: only names (or proxies between names) go on with it
    in_margin = [item for item in header if item[0] in margin and item[1]]
    beside = [item for item in header if item[0] not in margin]
    for block in ([in_margin] if in_margin else []) + _section_blocks(paragraphs(beside)):
        if block is in_margin:
            _read_header_block(" ".join(line for _, line in block), block[0][0], config, extract)
            continue
        first = block[0][1]
        text, listed = " ".join(line for _, line in block), _entries(block)
        _read_count(text, block[0][0], extract)
        heading = next((name for name, pattern in SECTIONS if pattern.match(first)), None)
        if heading:
            section, strict = heading, False
            after = listed.split(":", 1)[1] if ":" in listed else ""
            if after.strip() and not re.match(r"^\s*(mesdames|messieurs)", after, re.IGNORECASE):
                if not _add_members(section, after, extract):
                    kept.append(text)  # « Présents : 22 » is a count, not a list
                section = None
            continue
        if section and all(looks_like_name(n) or _proxy(n, strict) for n in split_names(listed)):
            _add_members(section, listed, extract)
            # A list may go on after a blank line, bulleted (« - A à B », « », « - C à D ») or a name
            # a paragraph (« Absents excusés : », « Monsieur Antonio MENDES », « », « Mme Dolorès HUDO »).
            bulleted = all(BULLET.match(line) for _, line in block)
            section, strict = (section, not bulleted) if bulleted or len(block) == 1 else (None, False)
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
            extract.found("body", named.pop(), header[0][0], "its name in the header")
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
        extract.found("date", find_date(text), line, "the session line of the header")
        used = True
    president = PRESIDENT.search(text)
    presided = PRESIDED.search(text) if not president else None
    if (president or presided) and "president" not in extract.front:
        # A name in running text (« Philippe Saurel ») takes the lists' spelling when they name the person.
        name = clean_name(president.group(1) or president.group(2) if president else presided.group("name"))  # type: ignore[union-attr]
        extract.found("president", name, line, "« sous la présidence de »")
        used = True
    return used or bool(BOILERPLATE.search(folded))


def _read_count(text: str, line: int, extract: Extract) -> None:
    """The members present as counted: the list is checked against it."""
    count = MEMBERS_COUNT.search(text)
    if count and "_count" not in extract.front:
        extract.front["_count"] = (int(count.group("a") or count.group("b")), line)


def _read_body_name(phrase: str, line: int, config: SiteConfig, extract: Extract) -> None:
    """« BUREAU DE LA METROPOLE AIX-MARSEILLE-PROVENCE » -> BM."""
    folded = fold(phrase)
    # « Commission permanente du Conseil départemental »: the body named first is the one.
    found = sorted((folded.find(fold(b.name)), -len(b.name), code) for code, b in config.bodies.items() if fold(b.name) in folded)
    if found:
        extract.found("body", found[0][2], line, "« Extrait … des délibérations du … »")
    else:
        extract.front["_body_line"] = (line, phrase.strip())


GENERIC_WORDS = {"commune", "ville", "metropole", "departement", "region", "communaute", "agglomeration", "conseil", "syndicat"}


def check_collectivity(header: list[Line], config: SiteConfig, extract: Extract) -> None:
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
