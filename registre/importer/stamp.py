"""The prefecture's @ctes stamp and the page footers that carry dates, taken out of the text and read."""

from __future__ import annotations

import datetime as dt
import re

from ..actes import FIND_IDENTIFIER
from ..config import SiteConfig
from ..frenchtext import find_date, plain

from .extract import Extract, Line


FOOTER_SIGNED = re.compile(r"^sign[ée] le\s+(.+)$", re.IGNORECASE)
FOOTER_RECEIVED = re.compile(r"^(?:re[çc]u au contr[ôo]le de l[ée]galit[ée]|accus[ée] de r[ée]ception en pr[ée]fecture|transmis en pr[ée]fecture)\b.*?(?:le|:)\s*(.+)$", re.IGNORECASE)
FOOTER_PUBLISHED = re.compile(r"^(?:publi[ée]|affich[ée]|mis en ligne)\s+le\s+(.+)$", re.IGNORECASE)
PAGE_MARK = re.compile(r"^(?:page\s+)?\d+\s*(?:/|sur)\s*\d+$", re.IGNORECASE)
STAMP_DATES = {
    "sent": re.compile(r"^envoi (?:en )?prefecture\b"),
    "received": re.compile(r"^(?:reception en prefecture|recu (?:en|a la) prefecture|recu au controle de legalite)\b"),
    "published": re.compile(r"^(?:publiee?|affichee?|mise? en ligne)\b"),
}
STAMP_NOISE = re.compile(r"^(?:accuse de reception\b|acte certifie executoire\b)")
FIGURE_DATE = re.compile(r"\b\d{1,2}/\d{1,2}/\d{4}\b")


def read_stamp(lines: list[Line], config: SiteConfig, extract: Extract) -> list[Line]:
    """Take out the prefecture's @ctes stamp, wherever it stands, and keep its facts.

    Its labels may stand with their dates (« Réception en Préfecture : 26/05/2014 ») or,
    when the stamp is drawn as two columns, before a line of dates given in their order.
    """
    kept: list[Line] = []
    waiting: list[str] = []

    def keep_date(label: str, date: dt.date) -> None:
        if label != "sent":  # the date it was sent is no field of an act
            extract.found(label, date, number, "the prefecture's stamp")

    for number, line in lines:
        folded = plain(line)
        label = next((key for key, pattern in STAMP_DATES.items() if pattern.match(folded)), None)
        date = find_date(line) if label else None
        identifier = FIND_IDENTIFIER.search(line)
        rest = FIGURE_DATE.sub("", FIND_IDENTIFIER.sub("", line)).strip(" :")
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
    extract.front.setdefault("_actes_date", (identifier.group("date"), number))  # checked against the header's, once read
    if identifier.group("siren") != config.siret[:9]:
        extract.missing(number, "received", f"the prefecture's stamp names SIREN {identifier.group('siren')}, not this collectivity's ({config.siret[:9]})")
    else:
        extract.found("actes_id", identifier.group(0), number, "the prefecture's stamp")


def strip_footers(lines: list[Line], extract: Extract) -> list[Line]:
    """Drop the « Signé le / Reçu au contrôle de légalité » lines each page repeats; keep their dates."""
    kept = []
    for number, line in lines:
        for key, pattern in (("signed", FOOTER_SIGNED), ("received", FOOTER_RECEIVED), ("published", FOOTER_PUBLISHED)):
            match = pattern.match(line)
            if match and find_date(match.group(1)):
                extract.found(key, find_date(match.group(1)), number, "a page footer")
                break
        else:
            if not PAGE_MARK.match(line):
                kept.append((number, line))
    return kept
