"""Read, validate and group: content/ -> Archive, or every problem at once."""

from __future__ import annotations

import os
from pathlib import Path

from . import schema
from .config import SiteConfig
from .errors import ContentError, ContentErrors, raise_if_errors, warning
from .exports import check_exports
from .group import Archive, Members, find_duplicates, group_acts, session_of
from .models import ATTENDANCE, OUTCOMES, Act, Listed, SessionInfo
from .names import person_key, tidy_name
from .legal_record import record_warnings
from .read import display_path, file_digest, file_stamp, list_act_files, read_source, read_text
from .pages.view import build_date
from .schema import Key
from .validate import content_file_problem, placeholder_problems, validate_source
from .workers import can_fork, fork_map
from .yamldoc import parse_yaml

SESSION_INFO = schema.Mapping(
    [
        Key("place", schema.text, help="where the session sat"),
        Key("agenda", schema.link, help="link to the agenda (ordre du jour)"),
        Key("minutes", schema.link, help="link to the minutes (procès-verbal)"),
        Key("minutes_file", schema.text, help="the minutes' file under content/ (a PDF), published with the session page"),
        Key("video", schema.link, help="link to the recording"),
        Key("notes", schema.text, help="a short note shown on the session page"),
        Key("president", schema.text, help="who presided the session (else the acts' most frequent president)"),
        Key("secretary", schema.text, help="the secretary of the session (secrétaire de séance)"),
        Key(
            "deliberations",
            schema.ListOf(
                schema.Mapping(
                    [
                        Key("number", schema.text, help="the act's number, when it has one"),
                        Key("title", schema.text, required=True),
                        Key("outcome", schema.one_of(*OUTCOMES), help="left out when the list does not say"),
                    ]
                )
            ),
            default=(),
            help="the list of deliberations examined (L2121-25), in agenda order, adopted or not",
        ),
        Key("list_published", schema.date, help="date the list of deliberations was put online"),
        Key(
            "attendance",
            schema.Mapping([Key(k, schema.count) for k in ATTENDANCE]),
            help="members present, represented, excused and absent at the opening, as the minutes count them",
        ),
        Key("minutes_adopted", schema.date, help="date of the session that adopted the minutes"),
        Key("minutes_published", schema.date, help="date the adopted minutes were put online"),
    ]
)


Stamp = tuple[int, int]
ActCache = dict[str, tuple[Stamp, bytes, "Act | None", list[ContentError]]]
"""Each file read before, with its (mtime, size) and digest then, its act and its problems. A file
whose stamp changed but not its bytes (a git checkout, a forge's cache restored) is not read again."""


def read_act(path: Path, config: SiteConfig) -> tuple[bytes, Act | None, list[ContentError]]:
    """Read and validate one act file: the digest of the bytes read, the act, the problems."""
    try:
        source = read_source(path, config.content_dir)
    except ContentErrors as exc:
        return file_digest(path), None, exc.problems
    act, problems = validate_source(source, config)
    if held := placeholder_problems(source):
        return source.digest, None, problems + held
    return source.digest, act, problems


def _read_many(config: SiteConfig, files: list[tuple[str, Stamp]]) -> list[tuple[str, Stamp, bytes, Act | None, list[ContentError]]]:
    return [(path, stamp, *read_act(Path(path), config)) for path, stamp in files]


def read_acts(config: SiteConfig, cache: ActCache | None = None, jobs: int = 1, stamps: dict[str, Stamp] | None = None) -> tuple[list[Act], list[ContentError]]:
    """Read and validate every act file (over `jobs` processes); files unchanged since they were cached are not read again.
    `stamps`: every file of the content folder with its stamp, when a walk of it just made them."""
    if not config.content_dir.is_dir():
        return [], [ContentError(display_path(config.content_dir), 0, "", "content folder not found")]
    cache = {} if cache is None else cache
    acts: list[Act] = []
    problems: list[ContentError] = []
    files = list_act_files(config.content_dir, stamps)
    stale = []
    for path in files:
        stamp = stamps[path] if stamps is not None else file_stamp(path)
        cached = cache.get(path)
        if cached is not None and cached[0] != stamp and cached[1] == file_digest(path):
            cache[path] = cached = (stamp, *cached[1:])
        if cached is None or cached[0] != stamp:
            stale.append((path, stamp))
    if jobs > 1 and len(stale) > 500 and can_fork():
        done = [r for part in fork_map(_read_many, [(config, stale[i::jobs]) for i in range(jobs)], jobs) for r in part]
    else:
        done = _read_many(config, stale)
    for path, stamp, digest, act, found in done:
        cache[path] = (stamp, digest, act, found)
    for path in files:
        _, _, act, found = cache[path]
        problems.extend(found)
        if act is not None:
            acts.append(act)
    for gone in set(cache) - set(files):
        del cache[gone]
    return acts, problems


def read_session_infos(config: SiteConfig, session_ids: set[str]) -> tuple[dict[str, SessionInfo], list[ContentError]]:
    """Optional content/sessions/<id>.yaml files."""
    folder = config.content_dir / "sessions"
    infos: dict[str, SessionInfo] = {}
    problems: list[ContentError] = []
    for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
        shown = display_path(path)
        try:
            doc = parse_yaml(read_text(path, shown, config.content_dir), shown)
        except ContentErrors as exc:
            problems.extend(exc.problems)
            continue
        values = SESSION_INFO(doc.data or {}, doc, (), problems)
        if values is schema.INVALID:
            continue
        if values["minutes_file"] and (problem := content_file_problem(values["minutes_file"], config.content_dir)):
            problems.append(ContentError(shown, doc.line(("minutes_file",)), "minutes_file", problem))
        listed = tuple(
            Listed(item["number"], item["title"], item["outcome"], doc.line(("deliberations", i))) for i, item in enumerate(values.pop("deliberations"))
        )
        if path.stem not in session_ids and not (listed and session_of(path.stem, config)):
            problems.append(warning(shown, 1, "", f'no act belongs to a session "{path.stem}" (expected <date>-<body>, e.g. 2017-10-19-bm)'))
        lines = tuple((str(k[0]), line) for k, line in doc.lines.items() if len(k) == 1)
        counts = tuple((k, v) for k, v in (values.pop("attendance") or {}).items() if v is not None)
        infos[path.stem] = SessionInfo(**values, listed=listed, attendance=counts, source_path=shown, lines=lines)
    return infos, problems


CIVILITIES = {"Mme": "f", "M.": "m"}
"""The civility of members.yaml and the form of the words that agree with it."""

MEMBERS = schema.ListOf(
    schema.Mapping(
        [
            Key("name", schema.text, required=True, help="the name as the site writes it"),
            Key("aliases", schema.ListOf(schema.text), default=(), help="other spellings found in extracts"),
            Key("roles", schema.ListOf(schema.text), default=(), help="functions, shown on the member's page"),
            Key("civility", schema.one_of(*CIVILITIES), help="Mme or M.: the words that agree with the member (« représentée »)"),
        ]
    )
)


def read_members(config: SiteConfig) -> tuple[Members, list[ContentError]]:
    """Optional content/members.yaml: canonical names, aliases and roles of the members."""
    path = config.content_dir / "members.yaml"
    if not os.path.lexists(path):  # anything else there (a FIFO, a link) is read, and refused
        return Members(), []
    shown = display_path(path)
    try:
        doc = parse_yaml(read_text(path, shown, config.content_dir), shown)
    except ContentErrors as exc:
        return Members(), exc.problems
    problems: list[ContentError] = []
    entries = MEMBERS(doc.data or [], doc, (), problems)
    if entries is schema.INVALID:
        return Members(), problems
    names: dict[str, str] = {}
    aliases: dict[str, str] = {}
    roles: dict[str, tuple[str, ...]] = {}
    genders: dict[str, str] = {}
    for index, entry in enumerate(entries):
        key = person_key(entry["name"])
        for alias in (entry["name"], *entry["aliases"]):
            taken = aliases.get(person_key(alias))
            if taken not in (None, key):
                schema.report(problems, doc, (index, "aliases"), f'"{alias}" is already a spelling of {names[taken]}')
            aliases[person_key(alias)] = key
        names[key] = tidy_name(entry["name"])
        roles[key] = tuple(entry["roles"])
        if entry["civility"]:
            genders[key] = CIVILITIES[entry["civility"]]
    return Members(names, {a: k for a, k in aliases.items() if a != k}, roles, genders), problems


def load_archive(config: SiteConfig, cache: ActCache | None = None, jobs: int = 1, stamps: dict[str, Stamp] | None = None) -> Archive:
    """Load the whole archive; raise ContentErrors (with the warnings) if anything is wrong (`stamps`: see read_acts)."""
    acts, problems = read_acts(config, cache, jobs, stamps)
    duplicates = find_duplicates(acts)
    problems.extend(duplicates)
    refused = {(p.path) for p in duplicates}
    unique = [a for a in acts if a.source_path not in refused]
    infos, info_problems = read_session_infos(config, {a.session_id for a in unique})
    members, member_problems = read_members(config)
    problems.extend(info_problems + member_problems)
    raise_if_errors(problems)
    archive = group_acts(unique, config, infos, members)
    problems += check_exports(archive)
    raise_if_errors(problems)
    archive.warnings[:0] = problems + record_warnings(archive, build_date())
    return archive
