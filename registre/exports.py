"""Data for reuse: the SCDL « Délibérations » CSV and a JSON, Atom feeds, iCalendar, sitemap, robots."""

from __future__ import annotations

import csv
import datetime as dt
import functools
import hashlib
import io
import json
import mmap
import re
import xml.etree.ElementTree as ET
from array import array
from itertools import accumulate, count, repeat
from operator import add, attrgetter, eq
from typing import Any, Callable, Iterable, NamedTuple
from urllib.parse import urlsplit
from xml.sax.saxutils import escape as xml_escape

from .actes import matter_of, matters
from .config import SiteConfig
from .errors import ContentError
from .group import Archive
from .groupings import GROUPINGS
from .models import Act, attachment_urls
from .read import display_path
from .routes import feed_url, route

SCDL_COLUMNS = (
    "COLL_NOM", "COLL_SIRET", "DELIB_ID", "DELIB_DATE", "DELIB_MATIERE_CODE", "DELIB_MATIERE_NOM", "DELIB_OBJET",
    "BUDGET_ANNEE", "BUDGET_NOM", "PREF_ID", "PREF_DATE", "VOTE_EFFECTIF", "VOTE_REEL", "VOTE_POUR", "VOTE_CONTRE",
    "VOTE_ABSTENTION", "DELIB_URL",
)
ATOM = "http://www.w3.org/2005/Atom"


def check_exports(archive: Archive) -> list[ContentError]:
    """Acts that cannot make a valid SCDL row, at their source line; a theme whose acts all miss
    a matter once, at its line in the configuration (a new site's first build: not one line an act)."""
    config = archive.config
    lacking: dict[str, list[Act]] = {}
    for act in archive.acts.values():
        if matter_of(act, config) is None:
            lacking.setdefault(act.theme, []).append(act)
    problems = []
    for theme, acts in lacking.items():
        if len(acts) == 1:
            act = acts[0]
            message = f'no @ctes matter for the open data: give "matter", or one to theme {theme} in site_config.yaml'
            problems.append(ContentError(act.source_path, act.line("matter", 0) or act.line("theme"), "matter", message))
        else:
            first = min(acts, key=lambda act: act.source_path)
            where = f"{first.source_path}:{first.line('theme')} and {len(acts) - 1} more"
            message = f'no @ctes matter for the open data in {len(acts)} acts ({where}): give the theme one (matter: "9.1"), or "matter" to each act'
            problems.append(ContentError(display_path(config.source_path), config.themes[theme].line, f"themes.{theme}", message))
    return problems


def vote_columns(act: Act) -> tuple[str, str, str, str, str]:
    """VOTE_EFFECTIF, VOTE_REEL, POUR, CONTRE, ABSTENTION: all filled, or all empty as the schema demands."""
    members = len(act.present) + len(act.represented) + len(act.excused) + len(act.absent)
    vote = act.vote
    if vote.has_counts:
        real = (vote.votes_for or 0) + (vote.against or 0) + (vote.abstention or 0)
        counts = (vote.votes_for or 0, vote.against or 0, vote.abstention or 0)
    elif vote.unanimous and act.present:
        # Unanimity: every member who voted (present or represented, less those who did not) voted for.
        real = len(act.present) + len(act.represented) - (vote.not_voting or 0)
        counts = (real, 0, 0)
    else:
        return ("", "", "", "", "")
    return (str(max(members, real)), str(real), *(str(c) for c in counts))  # type: ignore[return-value]


def scdl_row(act: Act, config: SiteConfig) -> list[Any]:
    """An act's SCDL row, each cell made inert (`inert_cell`) once for both files."""
    matter = matter_of(act, config) or ""
    row = [
        config.collectivity, config.siret, act.number, act.date.isoformat(), matter,
        matters().get(matter, {}).get("scdl_matiere_nom", ""), act.title, "", "", config.prefecture or "",
        act.received.isoformat() if act.received else "", *vote_columns(act), config.base_url + act.url,
    ]
    return [inert_cell(cell) for cell in row]


class CsvLines:
    """Rows as the two CSV files write them: the SCDL file's (UTF-8, comma) and the spreadsheets' (semicolon).

    The SCDL « Délibérations » 2.1.5 file has a header row and the schema's columns in order. The
    spreadsheets' holds the same rows as a spreadsheet opens them on a double click in French: a
    byte-order mark (else the accents break) and semicolons (a comma is the decimal sign)."""

    def __init__(self) -> None:
        self._out = io.StringIO()
        self._writers = [csv.writer(self._out, delimiter=delimiter, lineterminator="\r\n") for delimiter in ",;"]

    def __call__(self, row: Iterable[Any]) -> tuple[str, str]:
        lines = []
        for writer in self._writers:
            self._out.seek(0)
            self._out.truncate()
            writer.writerow(row)
            lines.append(self._out.getvalue())
        return lines[0], lines[1]


FORMULA_STARTS = "=+-@\t\r"
NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)?")


def inert_cell(cell: object) -> object:
    """A text a spreadsheet would run as a formula (`=HYPERLINK(…)`, `+`, `-`, `@`) gets a leading
    apostrophe, which spreadsheets show as text (OWASP's advice for CSV injection); numbers stay."""
    if isinstance(cell, str) and cell and cell[0] in FORMULA_STARTS and not NUMBER.fullmatch(cell):
        return "'" + cell
    return cell


def act_record(act: Act, archive: Archive, display: Callable[[str], str]) -> dict[str, Any]:
    """An act in the open data (`display`: archive.display, remembered: a member is named in thousands of acts)."""
    config = archive.config
    vote = act.vote
    return {
        "number": act.number,
        "title": act.title,
        "url": config.base_url + act.url,
        "date": act.date.isoformat(),
        "body": {"code": act.body, "name": config.bodies[act.body].name},
        "session": config.base_url + route("session", id=act.session_id),
        "theme": {"code": act.theme, "name": config.themes[act.theme].name},
        "matter": matter_of(act, config),
        "actes_id": act.actes_id,
        "report": act.report,
        "rapporteur": display(act.rapporteur) if act.rapporteur else None,
        "rapporteur_role": act.rapporteur_role,
        "signatory": display(act.signatory) if act.signatory else None,
        "signatory_role": act.signatory_role,
        "president": display(act.president) if act.president else None,
        "present": [display(n) for n in act.present],
        "represented": [{"member": display(p.member), "proxy": display(p.proxy) if p.proxy else None} for p in act.represented],
        "excused": [display(n) for n in act.excused],
        "absent": [display(n) for n in act.absent],
        "vote": {
            "result": vote.result,
            "unanimous": vote.unanimous,
            "for": vote.votes_for,
            "against": vote.against,
            "abstention": vote.abstention,
            "not_voting": vote.not_voting,
        },
        "signed": act.signed.isoformat() if act.signed else None,
        "received": act.received.isoformat() if act.received else None,
        "published": act.published.isoformat() if act.published else None,
        "enforceable": act.enforceable.isoformat() if act.enforceable else None,
        "cites": list(archive.cites.get(act.number, ())),
        "cited_by": list(archive.cited_by.get(act.number, ())),
        "attachments": [{"title": a.title, "url": config.base_url + url, "original": a.original} for a, url in zip(act.attachments, attachment_urls(act.url, act.attachments))],
    }


OPEN_DATA = ("json", "csv", "spreadsheet")
"""The open data's files (routes), each made of one line or record per act, in the same order."""
BETWEEN = (b",", b"", b"")
"""What separates two acts' lines in each file: the JSON's records are a list."""


class Records(NamedTuple):
    """The acts of the open data as its files hold them, in OPEN_DATA's order: what each act's lines
    were made from (the act, what it cites and what cites it), the acts in the files' order, the
    length of each one's JSON record and two CSV rows (`CsvLines`), and where the first starts in each.
    Kept between builds: one act added to 10,000 made every record again (1.3 s), and 100,000 CSV
    rows took 4 s. Their bytes are taken from the files themselves, in output/, while those are the
    ones made (`files`, their digests): kept in the build's state, they were a quarter of a gigabyte
    at 100,000 acts, saved and read again by every build. The names' spellings and aliases they were
    written with go with them."""

    sources: dict[str, tuple[Any, ...]]
    order: list[str]
    lengths: tuple[array[int], ...]
    first: tuple[int, ...]
    names: dict[str, str]
    aliases: dict[str, str]
    files: dict[str, bytes]


NO_RECORDS = Records({}, [], (), (), {}, {}, {})


def data_digest(data: bytes | memoryview) -> bytes:
    """A data file's digest (SHA-256: twice as fast as BLAKE2 where the processor has it)."""
    return hashlib.sha256(data).digest()


def _written(config: SiteConfig, known: Records, checked: bool) -> list[memoryview] | None:
    """The open data's files in output/, when they are those the records were made with
    (`checked`: the build found output/ as the last one left it, and their digests are not taken again)."""
    found = []
    for path in map(route, OPEN_DATA):
        # Mapped, not read: the lines kept are copied once, into the new file (231 MB at 100,000 acts).
        try:
            with open(config.output_dir / path, "rb") as file:
                data = memoryview(mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ))
        except (OSError, ValueError):  # ValueError: an empty file
            return None
        if not checked and data_digest(data) != known.files.get(path):
            return None
        found.append(data)
    return found


def open_data(archive: Archive, known: Records | None = None, checked: bool = False) -> tuple[dict[str, bytes], Records]:
    """The open data's acts, oldest first, as JSON and the two CSV files; their records to keep for the next build (`known`;
    `checked`: output/ holds the files they were made with, as the build's walk of it found)."""
    config, display = archive.config, functools.lru_cache(maxsize=None)(archive.display)
    names, aliases = archive.names, archive.members.aliases
    # A spelling changed or an alias added may change any record; a person added, only the new ones.
    written = _written(config, known, checked) if known is not None else None
    if known is None or written is None or known.aliases != aliases or any(names.get(key) != name for key, name in known.names.items()):
        known, written = NO_RECORDS, []
    csv_lines = CsvLines()
    # Compact: the C encoder writes it (an indent would make Python write 2 MB at 10,000 acts, node by node).
    head = json.dumps({"collectivity": {"name": config.collectivity, "siret": config.siret}, "licence": config.licence}, ensure_ascii=False, separators=(",", ":"))
    header = csv_lines(SCDL_COLUMNS)
    prefixes = (head[:-1].encode() + b',"acts":[', header[0].encode(), "\ufeff".encode() + header[1].encode())
    acts = sorted(archive.acts.values(), key=attrgetter("date", "number"))
    numbers = [act.number for act in acts]
    # What each act's lines are made from, and whether they were made from it last time: in C, act by act.
    sources = list(zip(acts, map(archive.cites.get, numbers), map(archive.cited_by.get, numbers)))
    same = map(eq, map(known.sources.get, numbers), sources)
    place = dict(zip(known.order, count()))
    # Where each act's lines start in the files in output/.
    starts = [list(accumulate(map(add, lengths, repeat(len(between))), initial=first)) for lengths, between, first in zip(known.lengths, BETWEEN, known.first)]
    pieces: tuple[list[bytes | memoryview], ...] = ([], [], [])
    lengths = (array("Q"), array("Q"), array("Q"))

    def put(lines: Iterable[bytes | memoryview]) -> None:
        """The next lines of each file, after what separates them from the last."""
        for piece, between, line in zip(pieces, BETWEEN, lines):
            if piece and between:
                piece.append(between)
            piece.append(line)

    def take(first: int, last: int) -> None:
        """The lines of a run of acts that follow each other in output/'s files, from them at once."""
        put(old[start[first] : start[last] + kept[last]] for old, start, kept in zip(written, starts, known.lengths))
        for length, kept in zip(lengths, known.lengths):
            length.extend(kept[first : last + 1])

    run: list[int] = []  # first and last place in output/'s files of the acts taken as they are
    for act, was, kept in zip(acts, map(place.get, numbers, repeat(-1)), same):
        if kept and run and was == run[1] + 1:
            run[1] = was
            continue
        if run:
            take(*run)
        if kept:
            run = [was, was]
            continue
        run = []
        record = json.dumps(act_record(act, archive, display), ensure_ascii=False, separators=(",", ":")).encode()
        lines = (record, *(row.encode() for row in csv_lines(scdl_row(act, config))))
        put(lines)
        for length, line in zip(lengths, lines):
            length.append(len(line))
    if run:
        take(*run)
    # Each file joined once (a quarter of a gigabyte at 100,000 acts).
    files = {route(name): b"".join([prefix, *piece, b"]}" if name == "json" else b""]) for name, prefix, piece in zip(OPEN_DATA, prefixes, pieces)}
    records = Records(dict(zip(numbers, sources)), numbers, lengths, tuple(map(len, prefixes)), dict(names), dict(aliases), {path: data_digest(data) for path, data in files.items()})
    return files, records


# -- feeds ----------------------------------------------------------------------


def _day(date: dt.date) -> str:
    return f"{date.isoformat()}T00:00:00Z"


def act_updated(act: Act) -> dt.date:
    """When an act last changed in public: put online, received, signed, or voted."""
    return act.published or act.received or act.signed or act.date


Words = dict[str, Any]
DateFormat = Callable[[dt.date], str]


def atom_feed(archive: Archive, acts: list[Act], feed_url: str, page_url: str, title: str, words: Words, fdate: DateFormat) -> bytes:
    """An Atom feed of the given acts (newest first), dated by the acts, never by the clock."""
    config = archive.config
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed", {"xml:lang": config.language})
    _text(feed, "id", config.base_url + feed_url)
    _text(feed, "title", title)
    _text(feed, "updated", _day(max((act_updated(a) for a in acts), default=dt.date(2000, 1, 1))))
    ET.SubElement(feed, f"{{{ATOM}}}link", {"rel": "self", "type": "application/atom+xml", "href": config.base_url + feed_url})
    ET.SubElement(feed, f"{{{ATOM}}}link", {"rel": "alternate", "type": "text/html", "href": config.base_url + page_url})
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    _text(author, "name", config.collectivity)
    for act in acts:
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        _text(entry, "id", config.base_url + act.url)
        _text(entry, "title", f"{act.number} · {act.title}")
        _text(entry, "updated", _day(act_updated(act)))
        _text(entry, "published", _day(act.date))
        ET.SubElement(entry, f"{{{ATOM}}}link", {"rel": "alternate", "type": "text/html", "href": config.base_url + act.url})
        ET.SubElement(entry, f"{{{ATOM}}}category", {"term": act.theme, "label": config.themes[act.theme].name})
        result = words["vote_adopted"] if act.vote.result == "adopted" else words["vote_rejected"]
        summary = f"{config.bodies[act.body].name}, {words['session_of'].format(date=fdate(act.date))}. {config.themes[act.theme].name}. {result}."
        _text(entry, "summary", summary)
    # A browser shows the feed through its XSL stylesheet, as a page; feed readers ignore the
    # instructions. Browsers dropping XSLT (Chromium warns it will) fall back to the CSS: the
    # feed's own text, laid out, without links.
    root = "../" * feed_url.count("/")
    xsl, css = root + route("feed_xsl"), root + route("feed_css")
    stylesheets = f'<?xml-stylesheet type="text/xsl" href="{xsl}"?>\n<?xml-stylesheet type="text/css" href="{css}"?>\n'
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + stylesheets.encode() + bytes(ET.tostring(feed, encoding="utf-8", xml_declaration=False)) + b"\n"


FEED_STYLE = b"""feed { display: block; font-family: system-ui, sans-serif; line-height: 1.5; max-width: 48rem; margin: 0 auto; padding: 1rem; }
feed > title { display: block; font-size: 1.6rem; font-weight: bold; margin-bottom: 1rem; }
entry { display: block; margin-bottom: 1rem; }
entry > title { display: block; font-weight: 600; }
summary { display: block; color: #4a4a4a; font-size: 0.9rem; }
id, updated, published, link, category, author { display: none; }
"""

FEED_XSL = """<?xml version="1.0" encoding="utf-8"?>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform" xmlns:a="http://www.w3.org/2005/Atom">
<xsl:output method="html" encoding="utf-8" doctype-system="about:legacy-compat"/>
<xsl:template match="/a:feed">
<html lang="{language}">
<head>
<meta charset="utf-8"/>
<meta name="viewport" content="width=device-width, initial-scale=1"/>
<title><xsl:value-of select="a:title"/></title>
<style>
body {{ font-family: system-ui, sans-serif; line-height: 1.5; max-width: 48rem; margin: 0 auto; padding: 1rem; color: #1b1b1b; background: #fff; }}
a {{ color: #1a3f8f; }}
.note {{ background: #eef1f7; padding: 0.75rem 1rem; border-radius: 6px; }}
li {{ margin-bottom: 0.75rem; }}
.meta {{ display: block; color: #4a4a4a; font-size: 0.9rem; }}
@media (prefers-color-scheme: dark) {{ body {{ color: #eee; background: #151515; }} a {{ color: #9fc0ff; }} .note {{ background: #24282f; }} .meta {{ color: #c4c4c4; }} }}
</style>
</head>
<body>
<main>
<h1><xsl:value-of select="a:title"/></h1>
<p class="note">{note}</p>
<p><a href="{{a:link[@rel='alternate']/@href}}">{back}</a></p>
<ol>
<xsl:for-each select="a:entry">
<li><a href="{{a:link/@href}}"><xsl:value-of select="a:title"/></a>
<span class="meta"><xsl:value-of select="a:summary"/></span></li>
</xsl:for-each>
</ol>
</main>
</body>
</html>
</xsl:template>
</xsl:stylesheet>
"""


def feed_stylesheet(words: Words, language: str) -> bytes:
    """What a browser shows of a feed: its acts as a page, and how to subscribe."""
    text = {key: xml_escape(words[key]) for key in ("feed_note", "feed_back")}
    return FEED_XSL.format(language=xml_escape(language), note=text["feed_note"], back=text["feed_back"]).encode("utf-8")


def _text(parent: ET.Element, tag: str, text: str) -> None:
    ET.SubElement(parent, f"{{{ATOM}}}{tag}").text = text


def feeds(archive: Archive, words: Words, fdate: DateFormat) -> dict[str, bytes]:
    """The feed of the latest acts, and one per term of the groupings that have feeds."""
    title = archive.config.title
    home = route("home")
    # Every act's place, newest first, found once: each feed sorts its acts by it, in C (choosing
    # them one by one, the feeds of 100,000 acts went through 500,000 acts in Python).
    newest = sorted(archive.acts.values(), key=lambda a: (act_updated(a), a.date, a.number), reverse=True)
    place = {act.number: index for index, act in enumerate(newest)}

    def latest(numbers: Iterable[str]) -> list[Act]:
        return [archive.acts[n] for n in sorted(numbers, key=place.__getitem__)[:archive.config.feed_size]]

    out = {feed_url(home): atom_feed(archive, newest[:archive.config.feed_size], feed_url(home), home, f"{title} · {words['latest_acts']}", words, fdate)}
    for grouping in GROUPINGS:
        for term in archive.terms[grouping.kind].values() if grouping.feed else ():
            out[feed_url(term.url)] = atom_feed(archive, latest(term.acts), feed_url(term.url), term.url, f"{title} · {term.name}", words, fdate)
    return out


# -- calendar, sitemap, robots --------------------------------------------------


def _ical_text(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> str:
    """RFC 5545: lines of at most 75 octets, continued with a space."""
    data = line.encode("utf-8")
    if len(data) <= 75:
        return line
    parts: list[str] = []
    current = b""
    for char in line:
        encoded = char.encode("utf-8")
        if len(current) + len(encoded) > (75 if not parts else 74):
            parts.append(current.decode("utf-8"))
            current = b""
        current += encoded
    parts.append(current.decode("utf-8"))
    return "\r\n ".join(parts)


def sessions_ical(archive: Archive, words: Words, fdate: DateFormat) -> bytes:
    """An iCalendar of the sessions, one all-day event each."""
    config = archive.config
    host = urlsplit(config.base_url).hostname or "registre"
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Registre//Deliberations//FR", "CALSCALE:GREGORIAN", f"X-WR-CALNAME:{_ical_text(config.title)}"]
    for session in sorted(archive.sessions.values(), key=lambda s: s.id):
        body = config.bodies[session.body].name
        day = session.date.strftime("%Y%m%d")
        lines += [
            "BEGIN:VEVENT",
            f"UID:{session.id}@{host}",
            f"DTSTAMP:{day}T000000Z",
            f"DTSTART;VALUE=DATE:{day}",
            f"DTEND;VALUE=DATE:{(session.date + dt.timedelta(days=1)).strftime('%Y%m%d')}",
            f"SUMMARY:{_ical_text(body + ' · ' + words['session_of'].format(date=fdate(session.date)))}",
            f"DESCRIPTION:{_ical_text(str(len(session.acts)) + ' ' + words['acts'][1 if len(session.acts) > 1 else 0])}",
            f"URL:{config.base_url}{session.url}",
        ]
        if session.info.place:
            lines.append(f"LOCATION:{_ical_text(session.info.place)}")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return ("\r\n".join(_fold(line) for line in lines) + "\r\n").encode("utf-8")


def sitemap(base_url: str, page_paths: Iterable[str]) -> bytes:
    """Every page, by absolute URL (written as text: a tree of 10,000 elements costs a second)."""
    urls = "".join(
        f"<url><loc>{xml_escape(base_url + path.removesuffix('index.html'))}</loc></url>"
        for path in sorted(page_paths) if path.endswith("index.html") and path != "404.html"
    )
    return f'<?xml version="1.0" encoding="utf-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>\n'.encode("utf-8")


def robots(base_url: str) -> bytes:
    return f"User-agent: *\nAllow: /\nSitemap: {base_url}{route('sitemap')}\n".encode()


def exports(
    archive: Archive, words: Words, fdate: DateFormat, page_paths: Iterable[str], known: Records | None = None, checked: bool = False
) -> tuple[dict[str, bytes], Records]:
    """Every data file of the site, by output path; the open data's records, for the next build (`known`, `checked`: open_data)."""
    out, records = open_data(archive, known, checked)
    out |= {
        route("calendar"): sessions_ical(archive, words, fdate),
        route("sitemap"): sitemap(archive.config.base_url, page_paths),
        route("robots"): robots(archive.config.base_url),
    }
    out.update(feeds(archive, words, fdate))
    out[route("feed_xsl")] = feed_stylesheet(words, archive.config.language)
    out[route("feed_css")] = FEED_STYLE
    return out, records
