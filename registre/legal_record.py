"""A session's legal record, checked: its list of deliberations, its minutes, their deadlines.

Since 1 July 2022 (ordonnance 2021-1310), a collectivity puts online within a week the list
of the deliberations a session examined, adopted or not (CGCT L2121-25), and the minutes
(procès-verbal) adopted at the next session, within a week of that session (L2121-15). The
session file (`content/sessions/<date>-<body>.yaml`) records them; `check` warns where the
record says a deadline passed, or is silent once it has, and where the list and the act files
disagree.
"""

from __future__ import annotations

import datetime as dt

from .config import SiteConfig, number_key
from .errors import ContentError, warning
from .group import Archive
from .models import ATTENDANCE, Session
from .read import display_path

SINCE = dt.date(2022, 7, 1)
"""Sessions before this date were published under the former rules: only their list is compared with the acts."""
WEEK = dt.timedelta(days=7)
VOTED = ("adopted", "rejected")


def record_warnings(archive: Archive, today: dt.date) -> list[ContentError]:
    config = archive.config
    found: list[ContentError] = []
    by_body: dict[str, list[Session]] = {}
    for session in sorted(archive.sessions.values(), key=lambda s: s.date):
        by_body.setdefault(session.body, []).append(session)
    for sessions in by_body.values():
        for session, following in zip(sessions, [*sessions[1:], None]):
            found += _list_agrees(archive, session, config) + _attendance_agrees(archive, session, config)
            if session.date >= SINCE:
                found += _deadlines(session, following, today, config)
    return found


def _path(session: Session, config: SiteConfig) -> str:
    return session.info.source_path or display_path(config.content_dir / "sessions" / f"{session.id}.yaml")


def same_number(number: str, config: SiteConfig) -> tuple[str, ...]:
    """What two spellings of one number share (`ECO 003-2438/17/BM`, `ECO003-2438/17/BM`)."""
    parts = config.parse_number(number)
    return number_key(parts) if parts else (number.strip(),)


def _attendance_agrees(archive: Archive, session: Session, config: SiteConfig) -> list[ContentError]:
    """The minutes' counts at the opening are those of the session's first act (members may come and go later)."""
    if not session.info.attendance or not session.acts:
        return []
    first = archive.acts[session.acts[0]]
    listed = {key: len(getattr(first, key)) for key in ATTENDANCE}
    differ = [f"{count} {key} (the act: {listed[key]})" for key, count in session.info.attendance if listed[key] != count]
    if not differ:
        return []
    return [warning(_path(session, config), session.info.line("attendance"), "attendance", f"the minutes count {', '.join(differ)} at the opening; its first act, {first.number} ({first.source_path}), lists otherwise")]


def _list_agrees(archive: Archive, session: Session, config: SiteConfig) -> list[ContentError]:
    """Each act of the session is on its list, each deliberation the list says voted is held, with the same outcome."""
    info = session.info
    if not info.listed:
        return []
    path = _path(session, config)
    listed = {same_number(item.number, config): item for item in info.listed if item.number}
    found = []
    for number in session.acts:
        act = archive.acts[number]
        item = listed.get(same_number(number, config))
        if item is None:
            found.append(warning(path, info.line("deliberations"), "deliberations", f"{number} ({act.source_path}) is an act of this session missing from its list"))
        elif item.outcome in VOTED and item.outcome != act.vote.result:
            found.append(warning(path, item.line, "deliberations", f"{number} is {item.outcome} on the list but {act.vote.result} in {act.source_path}"))
    held = {same_number(number, config) for number in session.acts}
    for item in info.listed:
        if item.number and item.outcome in (*VOTED, None) and same_number(item.number, config) not in held:
            said = f" ({item.outcome})" if item.outcome else ""
            found.append(warning(path, item.line, "deliberations", f"{item.number}{said}: the archive holds no act with this number in this session"))
    return found


def _deadlines(session: Session, following: Session | None, today: dt.date, config: SiteConfig) -> list[ContentError]:
    info, path = session.info, _path(session, config)
    found = []

    def late(key: str, message: str) -> None:
        found.append(warning(path, info.line(key) if info.source_path else 0, key, message))

    due = session.date + WEEK
    if info.list_published and info.list_published > due:
        late("list_published", f"the list of deliberations was put online {(info.list_published - session.date).days} days after the session; the law gives a week (CGCT L2121-25)")
    elif not info.list_published and today > due:
        late("list_published", f"no date the list of deliberations was put online; the law asks for it within a week of the session, by {due.isoformat()} (CGCT L2121-25)")
    if following is None or following.date >= today:
        return found
    # The minutes are adopted at the next session and put online within the week that follows it.
    if info.minutes_adopted and info.minutes_adopted > following.date:
        late("minutes_adopted", f"the minutes were adopted on {info.minutes_adopted.isoformat()}, after the next session ({following.date.isoformat()}) that the law asks to adopt them (CGCT L2121-15)")
    adopted = info.minutes_adopted or following.date
    if info.minutes_published and info.minutes_published > adopted + WEEK:
        late("minutes_published", f"the minutes were put online {(info.minutes_published - adopted).days} days after the session that adopted them; the law gives a week (CGCT L2121-15)")
    elif not ((info.minutes or info.minutes_file) and info.minutes_published) and today > adopted + WEEK:
        late("minutes", f"no minutes put online (minutes, minutes_published); the law asks for them within a week of the session that adopts them, {adopted.isoformat()} (CGCT L2121-15)")
    return found
