"""SourceFile -> Act, or every problem found in it."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path, PurePosixPath
from typing import Any

from . import schema
from .actes import IDENTIFIER
from .config import SiteConfig, citation_key, find_citations
from .errors import ContentError, ContentErrors
from .models import Act, Attachment, Proxy, Quote, Vote, lines_of
from .names import person_key, slugify, tidy_name
from .read import SourceFile, file_problem
from .schema import Key
from .withheld import withhold, withheld_passages
from .yamldoc import YamlDoc, parse_yaml

name_list = schema.ListOf(schema.text)

VOTE = schema.Mapping(
    [
        Key("result", schema.one_of("adopted", "rejected"), required=True, help="adopted or rejected"),
        Key("unanimous", schema.flag, default=False, help="true when every voter voted for"),
        Key("for", schema.count, help="votes for"),
        Key("against", schema.count, help="votes against"),
        Key("abstention", schema.count, help="abstentions"),
        Key("not_voting", schema.count, help="members present who did not vote"),
        Key(
            "names",
            schema.Mapping(
                [Key("against", name_list), Key("abstention", name_list), Key("not_voting", name_list)]
            ),
            help="who voted against, abstained or did not vote, where the extract names them",
        ),
    ]
)

FRONT_MATTER = schema.Mapping(
    [
        Key("number", schema.text, required=True, help="the act's number, unique: ECO 003-2438/17/BM"),
        Key("report", schema.text, help="number of the report: MET 17/5047/BM"),
        Key("title", schema.text, required=True, help="object of the act"),
        Key("date", schema.date, required=True, help="date of the session"),
        Key("body", schema.code, required=True, help="code of the deliberating body (site_config.yaml bodies)"),
        Key("theme", schema.code, required=True, help="theme code (site_config.yaml themes)"),
        Key("rapporteur", schema.text, help="member who reported the act, when the extract names one"),
        Key("rapporteur_role", schema.text, help="the rapporteur's title as written"),
        Key("signatory", schema.text, help="who certified the extract (« Pour extrait conforme »)"),
        Key("signatory_role", schema.text, help="the signatory's formula and title as signed"),
        Key("president", schema.text, help="who chaired the session"),
        Key("present", name_list, default=(), help="members present"),
        Key(
            "represented",
            schema.ListOf(
                schema.Mapping([Key("member", schema.text, required=True), Key("proxy", schema.text)])
            ),
            default=(),
            help="members absent who gave a proxy: {member, proxy}; proxy left out when the extract names no holder",
        ),
        Key("excused", name_list, default=(), help="members absent and excused"),
        Key("absent", name_list, default=(), help="members absent, not excused"),
        Key("vote", VOTE, required=True, help="outcome of the vote"),
        Key("signed", schema.date, help="date of signature"),
        Key("received", schema.date, help="date received by the prefecture (contrôle de légalité)"),
        Key("published", schema.date, help="date put online"),
        Key("matter", schema.matter, help="@ctes matter code"),
        Key("actes_id", schema.matching(IDENTIFIER, "an @ctes identifier like 034-213401722-20140522-V2014_184-DE"), help="the @ctes identifier on the prefecture's stamp"),
        Key(
            "attachments",
            schema.ListOf(
                schema.Mapping(
                    [
                        Key("title", schema.text, required=True),
                        Key("file", schema.text, required=True),
                        Key("original", schema.flag, default=False, help="true for the official signed document itself"),
                    ]
                )
            ),
            default=(),
            help="annexed files: {title, file} with file relative to content/; original: true for the signed document",
        ),
    ]
)


def validate_source(source: SourceFile, config: SiteConfig) -> tuple[Act | None, list[ContentError]]:
    """Check one act file; return the Act when it has no error, and every problem found."""
    try:
        doc = parse_yaml(source.front_matter, source.source_path, first_line=2)
    except ContentErrors as exc:
        return None, exc.problems
    problems: list[ContentError] = []
    values = FRONT_MATTER(doc.data if doc.data is not None else {}, doc, (), problems)
    if values is schema.INVALID:
        return None, problems
    act = _make_act(source, doc, values, config, problems)
    return (None if any(p.severity == "error" for p in problems) else act), problems


PLACEHOLDERS = ("(Le rapport.)", "(Les motifs)", "(Le dispositif.)")
"""The text `new` writes for staff to replace: an act still holding it is not published."""


def placeholder_problems(source: SourceFile) -> list[ContentError]:
    """Checked when an act is read for a build or `check`, not when `new` writes it."""
    return [
        ContentError(source.source_path, source.body_line + number, "", f"still holds the placeholder « {mark} » that `new` wrote: write the act's text")
        for number, line in enumerate(source.body.split("\n"))
        for mark in PLACEHOLDERS
        if mark in line
    ]


def _make_act(
    source: SourceFile, doc: YamlDoc, v: dict[str, Any], config: SiteConfig, problems: list[ContentError]
) -> Act:
    def problem(field: str, message: str) -> None:
        schema.report(problems, doc, (field,), message)

    parts = config.parse_number(v["number"])
    if parts is None:
        problem("number", f'"{v["number"]}" does not match the number pattern of site_config.yaml')
        parts = {}
    if v["body"] not in config.bodies:
        problem("body", f'unknown body "{v["body"]}" (known: {", ".join(sorted(config.bodies))})')
    if v["theme"] not in config.themes:
        problem("theme", f'unknown theme "{v["theme"]}" (known: {", ".join(sorted(config.themes))})')
    _check_parts(parts, v, problem, lambda field, message: schema.report(problems, doc, (field,), message, "warning"))
    _check_dates(v, problem)
    vote = _make_vote(v["vote"])
    act = Act(
        number=v["number"],
        parts=parts,
        slug=slugify(v["number"]),
        title=withhold(v["title"], config.withheld_text),
        date=v["date"],
        body=v["body"],
        theme=v["theme"],
        rapporteur=tidy_name(v["rapporteur"]) if v["rapporteur"] else None,
        rapporteur_role=v["rapporteur_role"],
        signatory=tidy_name(v["signatory"]) if v["signatory"] else None,
        signatory_role=v["signatory_role"],
        president=tidy_name(v["president"]) if v["president"] else None,
        present=tuple(tidy_name(n) for n in v["present"]),
        represented=tuple(Proxy(tidy_name(p["member"]), tidy_name(p["proxy"]) if p["proxy"] else None) for p in v["represented"]),
        excused=tuple(tidy_name(n) for n in v["excused"]),
        absent=tuple(tidy_name(n) for n in v["absent"]),
        vote=vote,
        report=v["report"],
        signed=v["signed"],
        received=v["received"],
        published=v["published"],
        matter=v["matter"],
        actes_id=v["actes_id"],
        attachments=tuple(
            Attachment(a["title"], a["file"], doc.line(("attachments", i)), bool(a["original"])) for i, a in enumerate(v["attachments"])
        ),
        text_digest=hashlib.sha1(source.body.encode("utf-8")).hexdigest(),
        source_path=source.source_path,
        relative_path=source.relative_path,
        body_line=source.body_line,
        lines=lines_of({str(k[0]): line for k, line in doc.lines.items() if len(k) == 1}),
        quoted=find_quotes(withhold(source.body, config.withheld_text), source.body_line, config),
        withheld=withheld_passages(v["title"], doc.line(("title",))) + withheld_passages(source.body, source.body_line),
    )
    _check_attendance(act, doc, problems)
    _check_attachments(act, config.content_dir, source.relative_path, doc, problems)
    return act


def find_quotes(text: str, first_line: int, config: SiteConfig) -> tuple[Quote, ...]:
    """Act numbers quoted in a body, with their lines."""
    quotes = []
    line, counted = first_line, 0  # lines counted on from the last match, not from the start each time
    for match in find_citations(text, config.number_pattern.pattern):
        line += text.count("\n", counted, match.start())
        counted = match.start()
        quotes.append(Quote(citation_key(match), match.group(0), line))
    return tuple(quotes)


def _check_parts(parts: dict[str, str], v: dict[str, Any], problem: Any, warn: Any) -> None:
    """The number repeats the theme, the body and the year: they must agree. The year is only
    warned of: the number and the session's date are both the register's, and a register may
    number an act of a new year in the last one's series (Massiac, 10 February 2020: « D.C.2019/1-004 »)."""
    if parts.get("theme") and parts["theme"] != v["theme"]:
        problem("theme", f'"{v["theme"]}" differs from the theme in the number ({parts["theme"]})')
    if parts.get("body") and parts["body"] != v["body"]:
        problem("body", f'"{v["body"]}" differs from the body in the number ({parts["body"]})')
    year = parts.get("year")
    if year and year.isdigit():
        expected = v["date"].year % 100 if len(year) == 2 else v["date"].year
        if int(year) != expected:
            warn("date", f"the year {v['date'].year} differs from the year in the number ({year}): check both against the register")


def _check_dates(v: dict[str, Any], problem: Any) -> None:
    """A session comes before its signature, which comes before its receipt."""
    date: dt.date = v["date"]
    signed: dt.date | None = v["signed"]
    received: dt.date | None = v["received"]
    if signed and signed < date:
        problem("signed", f"signed on {signed} before the session of {date}")
    if received and received < (signed or date):
        problem("received", f"received on {received} before it was {'signed' if signed else 'adopted'} ({signed or date})")
    if v["published"] and v["published"] < date:
        problem("published", f"published on {v['published']} before the session of {date}")


def _make_vote(v: dict[str, Any]) -> Vote:
    names = v["names"] or {}
    return Vote(
        result=v["result"],
        unanimous=bool(v["unanimous"]),
        votes_for=v["for"],
        against=v["against"],
        abstention=v["abstention"],
        not_voting=v["not_voting"],
        against_names=tuple(names.get("against") or ()),
        abstention_names=tuple(names.get("abstention") or ()),
        not_voting_names=tuple(names.get("not_voting") or ()),
    )


def _check_attendance(act: Act, doc: YamlDoc, problems: list[ContentError]) -> None:
    """Proxies go to members present; votes cannot outnumber those who could vote."""
    present = {person_key(n) for n in act.present}
    away = {person_key(n): status for status, names in (("absent", act.absent), ("excused", act.excused)) for n in names}
    # The list or the role was misread. Not the signatory: the seed's signed its extract while excused.
    if act.rapporteur and person_key(act.rapporteur) in away:
        schema.report(problems, doc, ("rapporteur",), f'"{act.rapporteur}" reported the act but is listed {away[person_key(act.rapporteur)]}', "warning")
    for i, proxy in enumerate(act.represented):
        if act.present and proxy.proxy and person_key(proxy.proxy) not in present:
            schema.report(problems, doc, ("represented", i, "proxy"), f'"{proxy.proxy}" holds a proxy but is not listed as present')
    vote = act.vote
    counted = [c for c in (vote.votes_for, vote.against, vote.abstention) if c is not None]
    if vote.has_counts and (vote.against is None or vote.abstention is None):
        schema.report(problems, doc, ("vote",), "give for, against and abstention together (0 where none)")
    voters = len(act.present) + len(act.represented)
    if voters and sum(counted) > voters:
        schema.report(problems, doc, ("vote",), f"{sum(counted)} votes counted but only {voters} members could vote")
    if vote.unanimous and (vote.against or vote.result == "rejected"):
        schema.report(problems, doc, ("vote", "unanimous"), "a unanimous vote has no vote against and adopts the act")


def _check_attachments(act: Act, content_dir: Path, relative_path: str, doc: YamlDoc, problems: list[ContentError]) -> None:
    """Attachments are files inside the content folder."""
    for i, attachment in enumerate(act.attachments):
        if problem := content_file_problem(attachment.file, content_dir):
            schema.report(problems, doc, ("attachments", i, "file"), problem)


def content_file_problem(file: str, content_dir: Path) -> str | None:
    """Why a file named in content (an attachment, a session's minutes) cannot be published, if it cannot."""
    path = PurePosixPath(file)
    if path.is_absolute() or ".." in path.parts or "\\" in file or not (content_dir / path).resolve().is_relative_to(content_dir.resolve()):
        return f'"{file}" leaves the content folder'
    if not (content_dir / path).resolve().exists():
        return f'"{file}" does not exist in {content_dir.name}/'
    if problem := file_problem(content_dir / path, content_dir):
        return f'"{file}": {problem}'
    return None
