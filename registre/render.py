"""Archive -> {output path: bytes}: Markdown through markdown-it, pages through Jinja."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import mimetypes
import os
import re
import traceback
from collections import Counter
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any, Callable, Iterable, Iterator, Sequence
from urllib.parse import urlsplit

import jinja2
import jinja2.meta
from jinja2.loaders import split_template_path
from markupsafe import Markup, escape

from .actes import matters
from .errors import ContentError, ContentErrors
from .charts import vote_chart, year_chart
from .exports import exports, matter_of
from .frenchtext import french_typography
from .config import citation_regex, number_key
from .group import Archive, sort_key
from .markdown import make_markdown, render_markdown
from .legal_record import same_number
from .models import Act, AttendanceRecord, Listed, Person, Session, Term, attachment_urls, minutes_url
from .read import display_path, file_problem, read_body, read_file, read_text
from .withheld import withhold
from .yamldoc import parse_yaml

NOT_FOUND = "404.html"
SEARCH = "recherche/"
SEARCH_DOCUMENT = "search_document.html"
"""The layout of what Pagefind indexes for an act: its text and facts, without navigation."""
PROGRESS_EVERY = 1000
HOME_SESSIONS = 6
HOME_ACTS = 10
YEAR_ANCHOR = "annee-{year}"
"""The anchor of a year's heading on a listing, where its jump list points."""


ALL_ACTS = None
"""What a page depends on when any act can change it (home, indexes)."""


@dataclass(frozen=True)
class Page:
    """One page to render: where it goes, with which template, what it shows and what it depends on."""

    url: str
    """Relative URL: "" for the home page, "deliberations/x/", or a file name like "404.html"."""
    template: str
    depends: frozenset[str] | None
    """Numbers of the acts the page lists; a change to another act leaves it as it is."""
    make_context: Callable[[], dict[str, Any]]
    """Data for the template, computed only when the page is rendered."""
    owner: str | None = None
    """The act whose own page this is: any change to it changes the page."""
    search_shard: str | None = None
    """For an act's page: the search bundle (its year) its search document goes to."""

    @property
    def output_path(self) -> str:
        return self.url + "index.html" if self.url == "" or self.url.endswith("/") else self.url


@dataclass(frozen=True)
class Pager:
    """One page of a long listing."""

    number: int
    count: int
    items: tuple[str, ...]
    urls: tuple[str, ...]

    @property
    def previous(self) -> str | None:
        return self.urls[self.number - 2] if self.number > 1 else None

    @property
    def next(self) -> str | None:
        return self.urls[self.number] if self.number < self.count else None


@dataclass(frozen=True)
class Rendered:
    """One rendered page, and the search document of an act's page."""

    output_path: str
    data: bytes
    search: tuple[str, str, bytes] | None = None
    """(shard, path inside the shard, document) for an act's page."""


def relative_url(from_url: str, to_url: str) -> str:
    """Link from one page to another, relative, so the site works under any sub-path."""
    depth = from_url.count("/")
    return "../" * depth + to_url or "./"


def page_url(base_url: str, n: int) -> str:
    """Page 1 of a listing at base_url, page n at base_url + "page/n/"."""
    return base_url if n == 1 else f"{base_url}page/{n}/"


def paginate(base_url: str, numbers: tuple[str, ...], size: int) -> list[Pager]:
    """Split a listing into pages of `size` acts."""
    count = max(1, -(-len(numbers) // size))
    urls = tuple(page_url(base_url, n) for n in range(1, count + 1))
    return [Pager(n, count, numbers[(n - 1) * size : n * size], urls) for n in range(1, count + 1)]


def load_strings(layouts_dir: Path, language: str) -> dict[str, Any]:
    """The site's words in one language, from layouts/strings/<language>.yaml."""
    path = layouts_dir / "strings" / f"{language}.yaml"
    shown = display_path(path)
    if not layouts_dir.is_dir():
        raise ContentErrors([ContentError(display_path(layouts_dir), 0, "", "layouts folder not found (paths.layouts in the configuration)")])
    if not path.is_file():
        raise ContentErrors([ContentError(shown, 0, "", f'no strings file for language "{language}"')])
    data = parse_yaml(read_text(path, shown, layouts_dir), shown).data
    if not isinstance(data, dict):
        raise ContentErrors([ContentError(shown, 1, "", "expected a mapping of words")])
    return data


class Renderer:
    """Turns the archive into pages; one per build, reusable for partial rebuilds."""

    def __init__(
        self,
        archive: Archive,
        layouts_dir: Path,
        progress: Callable[[str], None] | None = None,
        env: jinja2.Environment | None = None,
    ) -> None:
        self.progress = progress
        self.archive = archive
        self.config = archive.config
        self.layouts_dir = layouts_dir
        self.strings = load_strings(layouts_dir, self.config.language)
        self.markdown = make_markdown()
        self.citations = citation_regex(self.config.number_pattern.pattern)
        self.held = {number_key(a.parts): a for a in archive.acts.values() if a.parts}
        # Reusing the environment of a previous build keeps its compiled layouts
        # (Jinja compiles a layout again when its file changes).
        self.env = env or new_environment(layouts_dir)
        self._bind(self.env)
        self._exports: dict[str, bytes] | None = None
        self._plan: list[Page] | None = None
        self._years: dict[str, dict[int, tuple[int, str]]] = {}
        # Per renderer, not on the method: a cache on the class would keep every renderer of a
        # long preview, and its archive, alive.
        self._people_list = functools.lru_cache(maxsize=4096)(self._people_list)  # type: ignore[method-assign]
        self.search_documents = True
        """Render acts' search documents too, and search on the search page (not when the site is built without search)."""
        self.edits_bundle: str | None = None
        """A bundle the search page merges first: `serve`'s acts edited since their year was indexed."""

    def _bind(self, env: jinja2.Environment) -> None:
        """Give the layouts this build's archive, words and helpers."""
        env.filters["fdate"] = self.format_date
        env.filters["count"] = self.count
        env.globals.update(
            site=self.config,
            archive=self.archive,
            t=self.strings,
            person_url=lambda name: self.archive.person(name).url,
            knows_person=self.archive.knows,
            status_word=self.status_word,
            display=self.archive.display,
        )

    def page_helpers(self, page_url: str) -> dict[str, Any]:
        """`url` and `people_list` for one page: plain functions, since Jinja gives a context
        function called in a loop a context of its own, which cost more than the page itself."""
        # The 404 page is served at any depth: only a path from the site's root can work there.
        prefix = str(urlsplit(self.config.base_url).path) if page_url == NOT_FOUND else "../" * page_url.count("/")
        return {"url": lambda target: prefix + target or "./", "people_list": lambda names: self._people_list(prefix, tuple(names))}

    def _people_list(self, prefix: str, names: tuple[str, ...]) -> Markup:
        """A list of links to members' pages; made once per list and page depth (a session's acts share theirs)."""
        items = "".join(
            f'<li><a href="{escape(prefix + self.archive.person(n).url)}">{escape(self.archive.display(n))}</a></li>' for n in names
        )
        return Markup(f'<ul class="names">{items}</ul>')

    def templates_using(self, changed: set[str]) -> set[str]:
        """The layouts that are, extend, include or import one of the changed layouts."""
        def references(name: str) -> set[str]:
            source = self.env.loader.get_source(self.env, name)[0]  # type: ignore[union-attr]
            return {n for n in jinja2.meta.find_referenced_templates(self.env.parse(source)) if n}

        direct = {name: references(name) for name in self.env.list_templates(extensions=["html"])}
        using = set(changed)
        while True:
            more = {name for name, refs in direct.items() if refs & using} - using
            if not more:
                return using
            using |= more

    def format_date(self, date: dt.date) -> str:
        """19 octobre 2017 (1er for the first day in French)."""
        day = "1er" if date.day == 1 and self.config.language == "fr" else str(date.day)
        return f"{day} {self.strings['months'][date.month - 1]} {date.year}"

    def count(self, n: int, forms: list[str]) -> str:
        """`3 délibérations`, `1 délibération`, in the language's plural rule."""
        singular = n == 1 or (n == 0 and self.strings["zero_is_singular"])
        return f"{n}\u00a0{forms[0] if singular else forms[1]}"

    # -- pages ----------------------------------------------------------------

    def plan(self) -> list[Page]:
        """Every page of the site, each with its template, dependencies and data (made once)."""
        if self._plan is None:
            self._plan = list(self._pages())
        return self._plan

    def _pages(self) -> Iterator[Page]:
        a, t = self.archive, self.strings
        yield Page("", "home.html", ALL_ACTS, lambda: {
            "title": t["home"], "latest_sessions": list(a.sessions.values())[:HOME_SESSIONS], "latest_acts": list(a.acts)[:HOME_ACTS],
            "latest_date": max((act.date for act in a.acts.values()), default=None), "built": build_date(),
        })
        yield self.search_page()
        yield Page(NOT_FOUND, "404.html", frozenset(), lambda: {"title": t["not_found_title"]})
        yield Page("donnees/", "data.html", ALL_ACTS, self.data_context)
        yield Page("accessibilite/", "accessibility.html", frozenset(), lambda: {"title": t["accessibility"]})
        for act in a.acts.values():
            yield self.act_page(act)
        yield Page("seances/", "sessions.html", ALL_ACTS, lambda: {"title": t["sessions"], "section": "seances/", "by_year": self._sessions_by_year(a.sessions.values())})
        for session in a.sessions.values():
            yield Page(session.url, "session.html", frozenset(session.acts), functools.partial(self.session_context, session))
        for kind, label, terms in self._groupings():
            yield Page(f"{kind}/", "terms.html", ALL_ACTS, functools.partial(self.terms_context, kind, label, terms))
            for term in terms.values():
                yield from self.term_pages(term, label)
        yield Page("elus/", "people.html", ALL_ACTS, lambda: {"title": t["members"], "section": "elus/", "people": list(a.people.values())})
        for person in a.people.values():
            # Every act of the member's sessions: the items of a session are numbered, listed or not.
            sessions = {a.acts[record.act].session_id for record in person.attendance}
            depends = frozenset((*(n for s in sessions for n in a.sessions[s].acts), *person.reported, *(n for n, _ in person.proxies_held)))
            yield Page(person.url, "person.html", depends, functools.partial(self.person_context, person))

    def search_page(self) -> Page:
        """The search page, with the bundles it searches (newest first) and `serve`'s edits bundle."""
        shards = sorted({self.search_shard(act) for act in self.archive.acts.values()}, reverse=True) if self.search_documents else []
        edits = [self.edits_bundle] if self.edits_bundle else []
        # The number pattern for the browser: a number typed whole is looked for in its own year first.
        number_pattern = re.sub(r"\(\?P=(\w+)\)", r"\\k<\1>", self.config.number_pattern.pattern.replace("(?P<", "(?<"))
        return Page(SEARCH, "search.html", ALL_ACTS, lambda: {"title": self.strings["search"], "section": SEARCH, "shards": shards, "edits": edits, "number_pattern": number_pattern})

    def _groupings(self) -> list[tuple[str, str, dict[str, Term]]]:
        t = self.strings
        a = self.archive
        return [("themes", t["themes"], a.themes), ("rapporteurs", t["rapporteurs"], a.rapporteurs), ("annees", t["years"], a.years), ("instances", t["bodies"], a.bodies)]

    def act_page(self, act: Act) -> Page:
        a = self.archive
        depends = frozenset((act.number, *a.cites.get(act.number, ()), *a.cited_by.get(act.number, ())))
        return Page(act.url, "act.html", depends, functools.partial(self.act_context, act), owner=act.number, search_shard=self.search_shard(act))

    def search_shard(self, act: Act) -> str:
        """The search bundle of an act: its year, or its part of the year (`2017-2`), so bundles follow dates."""
        months = self.archive.shard_months
        return str(act.date.year) if months == 12 else f"{act.date.year}-{(act.date.month - 1) // months + 1}"

    def terms_context(self, kind: str, label: str, terms: dict[str, Term]) -> dict[str, Any]:
        return {"title": label, "section": f"{kind}/", "terms": list(terms.values())}

    def act_context(self, act: Act) -> dict[str, Any]:
        a = self.archive
        body_html = Markup(self.render_body(act))
        session = a.sessions[act.session_id]
        breadcrumbs = [("seances/", self.strings["sessions"]), (session.url, self.strings["session_of"].format(date=self.format_date(act.date)))]
        return {
            "title": act.number,
            "act": act,
            "session": session,
            "theme": a.themes[act.theme],
            "rapporteur": a.rapporteurs[a.person(act.rapporteur).key] if act.rapporteur else None,
            "matter": self.matter_label(matter_of(act, self.config)),
            "attendance_counts": self.attendance_counts(act),
            "body_html": body_html,
            "outline": outline(body_html),
            "attachments": [
                self.attachment_facts(item.title, item.file, url) | {"original": item.original} for item, url in zip(act.attachments, attachment_urls(act.url, act.attachments))
            ],
            "cites": a.cites.get(act.number, ()),
            "cited_by": a.cited_by.get(act.number, ()),
            "unresolved": a.unresolved.get(act.number, ()),
            "breadcrumbs": breadcrumbs,
            "canonical": self.config.base_url + act.url,
            "json_ld": Markup(self.json_ld(act)),
            "vote_chart": self.vote_chart(act),
            "search_order": search_order(act),
        }

    def matter_label(self, code: str | None) -> str | None:
        """« 7.4 Interventions économiques »: the @ctes code and its label."""
        return f"{code} {matters()[code]['libelle']}" if code in matters() else code

    def attendance_counts(self, act: Act) -> str:
        """« 23 présents, 1 représentée, 9 excusés sur 33 »: the lists counted, at the top of the section."""
        groups: list[tuple[str, Sequence[str]]] = [
            ("present", act.present), ("represented", [p.member for p in act.represented]), ("excused", act.excused), ("absent", act.absent)
        ]
        total = sum(len(names) for _, names in groups)
        counted = [self.count(len(names), self.status_forms(presence, names)) for presence, names in groups if names]
        return ", ".join(counted) + (f" {self.strings['out_of']} {total}" if total else "")

    def status_forms(self, presence: str, names: Iterable[str]) -> list[str]:
        """The singular and plural of « présent » agreeing with these members (one of them: theirs)."""
        genders = {self.archive.gender(n) for n in names}
        form = "f" if genders == {"f"} else genders.pop() if len(genders) == 1 else "m"
        forms: list[str] = self.strings["status"][presence][form]
        return forms

    def status_word(self, presence: str, name: str) -> str:
        """« représentée »: one member's word for a situation."""
        return self.status_forms(presence, [name])[0]

    def vote_chart(self, act: Act) -> Markup:
        t, vote = self.strings, act.vote
        if not vote.has_counts:
            return Markup("")
        label = f"{t['vote']} : {self.count(vote.votes_for or 0, t['votes_for'])}, {self.count(vote.against or 0, t['votes_against'])}, {self.count(vote.abstention or 0, t['abstentions'])}"
        return vote_chart(vote, (t["votes_for"][1], t["votes_against"][1], t["abstentions"][1]), label)

    def render_body(self, act: Act) -> str:
        def resolve(match: Any) -> str | None:
            target = self.held.get(number_key(match.groupdict()))
            return relative_url(act.url, target.url) if target and target.number != act.number else None

        # Numbers were looked for when the file was read: a body that quotes none is not searched again.
        regex = self.citations if act.quoted else None
        text = withhold(read_body(self.config.content_dir, act.relative_path), self.config.withheld_text)
        return render_markdown(self.markdown, text, regex, resolve)

    def attachment_facts(self, title: str, file: str, url: str) -> dict[str, Any]:
        source = self.config.content_dir / file
        data = read_file(source, within=self.config.content_dir)
        name = PurePosixPath(file).name
        kind = (mimetypes.guess_type(name)[0] or "application/octet-stream").split("/")[-1].upper()
        return {"title": title, "url": url, "size": _size(len(data)), "sha256": hashlib.sha256(data).hexdigest(), "kind": kind, "source": source}

    def json_ld(self, act: Act) -> str:
        """schema.org Legislation, escaped so no `</script>` can close the element."""
        data: dict[str, Any] = {
            "@context": "https://schema.org",
            "@type": "Legislation",
            "legislationIdentifier": act.number,
            "name": act.title,
            "legislationDate": act.date.isoformat(),
            "legislationType": "Délibération",
            "legislationPassedBy": {"@type": "Organization", "name": f"{self.config.bodies[act.body].name}, {self.config.collectivity}"},
            "legislationJurisdiction": self.config.collectivity,
            "legislationLegalForce": "InForce" if act.vote.result == "adopted" else "NotInForce",
            "url": self.config.base_url + act.url,
            "inLanguage": self.config.language,
        }
        cited = self.archive.cites.get(act.number, ())
        if cited:
            data["citation"] = [{"@type": "Legislation", "legislationIdentifier": n, "url": self.config.base_url + self.archive.acts[n].url} for n in cited]
        text = json.dumps(data, ensure_ascii=False, sort_keys=True)
        return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")

    def session_context(self, session: Session) -> dict[str, Any]:
        t = self.strings
        title = t["session_of"].format(date=self.format_date(session.date)) + f" · {self.config.bodies[session.body].name}"
        counts = [self.attendance_counts(self.archive.acts[number]) for number in session.acts]
        opening = counts[0] if counts else None
        # Members arrive, leave and give proxies during a session: the act from which the lists change says so.
        changed = {number: t["attendance_from"].format(counts=text) for number, text, before in zip(session.acts[1:], counts[1:], counts) if text != before}
        return {
            "title": title, "session": session, "body_term": self.archive.bodies.get(session.body), "opening_counts": opening, "changed_counts": changed,
            "listed": self.listed_items(session),
            "minutes_file": self.attachment_facts(t["minutes"], session.info.minutes_file, minutes_url(session)) if session.info.minutes_file else None,
            "breadcrumbs": [("seances/", t["sessions"])], "section": "seances/",
        }

    def listed_items(self, session: Session) -> list[tuple[Listed | None, Act | None]]:
        """The session file's list of deliberations, each item with its act when the archive holds it,
        then the session's acts the list leaves out (`check` warns of them); empty without a list."""
        if not session.info.listed:
            return []
        held = {same_number(number, self.config): self.archive.acts[number] for number in session.acts}
        items = [(item, held.pop(same_number(item.number, self.config), None) if item.number else None) for item in session.info.listed]
        return items + [(None, act) for act in held.values()]

    def term_pages(self, term: Term, label: str) -> Iterator[Page]:
        depends = frozenset(term.acts)  # one set for all the pages of a term: a body holds half the archive
        for pager in paginate(term.url, term.acts, self.config.page_size):
            # A year's first page links into the theme pages, whose pages move with any act of the theme.
            year_index = term.kind == "annees" and pager.number == 1
            yield Page(pager.urls[pager.number - 1], "term.html", ALL_ACTS if year_index else depends, functools.partial(self.term_context, term, label, pager))

    def term_context(self, term: Term, label: str, pager: Pager) -> dict[str, Any]:
        first = pager.number == 1
        a = self.archive
        sessions = [s for s in a.sessions.values() if str(s.date.year) == term.key] if term.kind == "annees" and first else []
        title = term.name if first else f"{term.name} · {self.strings['page']} {pager.number}"
        crumbs = [(f"{term.kind}/", label)] + ([] if first else [(term.url, term.name)])
        chart = Markup("")
        years = self.years_of(term)
        if first and term.kind != "annees":
            label = f"{self.strings['acts_per_year']} : " + ", ".join(f"{y} : {n}" for y, (n, _) in sorted(years.items()))
            chart = year_chart({y: n for y, (n, _) in years.items()}, label)
        feeds = [(term.url + "feed.xml", f"{self.config.title} · {term.name}")] if term.kind in ("themes", "instances", "rapporteurs") else []
        by_year: dict[int, list[str]] = {}
        for number in pager.items:
            by_year.setdefault(a.acts[number].date.year, []).append(number)
        # Narrowing without JavaScript: a year page lists its themes, each linking to where that
        # year starts on the theme's pages; the other pages jump to each of their years.
        themes = []
        if term.kind == "annees" and first:
            counts = Counter(a.acts[n].theme for n in term.acts)
            themes = [(theme, counts[key], self.years_of(theme)[int(term.key)][1]) for key, theme in a.themes.items() if key in counts]
        return {
            "title": title, "heading": term.name, "term": term, "pager": pager, "sessions": sessions, "breadcrumbs": crumbs,
            "section": f"{term.kind}/", "chart": chart, "feeds": feeds, "by_year": [(y, YEAR_ANCHOR.format(year=y), numbers) for y, numbers in by_year.items()],
            "years": [(y, n, where) for y, (n, where) in years.items()] if term.kind != "annees" and len(years) > 1 else [],
            "themes": themes,
        }

    def years_of(self, term: Term) -> dict[int, tuple[int, str]]:
        """Each year of a term, newest first: its count of acts and where its list starts (page and anchor)."""
        found = self._years.get(term.url)
        if found is None:
            counts: Counter[int] = Counter()
            starts: dict[int, int] = {}
            for index, number in enumerate(term.acts):
                year = self.archive.acts[number].date.year
                counts[year] += 1
                starts.setdefault(year, index)
            size = self.config.page_size
            found = self._years[term.url] = {y: (counts[y], f"{page_url(term.url, i // size + 1)}#{YEAR_ANCHOR.format(year=y)}") for y, i in starts.items()}
        return found

    def person_context(self, person: Person) -> dict[str, Any]:
        rows = self._attendance_by_session(person)
        return {
            "title": person.name, "person": person, "sessions": rows, "summary": self._attendance_summary(person, rows),
            "proxies": self._proxies_by_session(person), "breadcrumbs": [("elus/", self.strings["members"])], "section": "elus/",
        }

    def _attendance_by_session(self, person: Person) -> list[dict[str, Any]]:
        """One row per session: the member's situation there, in runs of the agenda's items
        (« présente, points 1 à 5 ; absente, points 6 à 11 » for a member who left)."""
        records: dict[str, dict[str, AttendanceRecord]] = {}
        for record in person.attendance:
            records.setdefault(self.archive.acts[record.act].session_id, {})[record.act] = record
        rows = []
        for session_id, by_act in records.items():
            session = self.archive.sessions[session_id]
            runs: list[dict[str, Any]] = []
            for point, number in enumerate(session.acts, 1):
                if (found := by_act.get(number)) is None:
                    continue
                if runs and (runs[-1]["presence"], runs[-1]["proxy"]) == (found.presence, found.proxy) and runs[-1]["last"] == point - 1:
                    runs[-1]["last"] = point
                else:
                    word = self.status_word(found.presence, person.name)
                    runs.append({"presence": found.presence, "proxy": found.proxy, "word": word if runs else capitalized(word), "first": point, "last": point})
            whole = len(runs) == 1 and len(by_act) == len(session.acts)
            for run in runs:
                run["points"] = "" if whole else self._points(run["first"], run["last"])
            rows.append({"session": session, "runs": runs, "present": any(r["presence"] == "present" for r in runs)})
        return rows

    def _points(self, first: int, last: int) -> str:
        single, several = self.strings["points"]
        return str(single.format(first=first) if first == last else several.format(first=first, last=last))

    def _attendance_summary(self, person: Person, rows: list[dict[str, Any]]) -> dict[str, str]:
        """What the rate counts, in words: sessions attended at all, then the acts of those sessions."""
        if not rows:
            return {}
        t = self.strings
        counts = Counter(record.presence for record in person.attendance)
        total = sum(counts.values())
        forms = {p: t["status_count"].format(status=self.status_word(p, person.name), count=counts[p]) for p in ("present", "represented", "excused", "absent")}
        return {
            "sessions": t["attendance_sessions"].format(
                status=capitalized(self.status_word("present", person.name)), present=self.count(sum(r["present"] for r in rows), t["sessions_count"]), total=len(rows)
            ),
            "acts": t["attendance_acts"].format(total=self.count(total, t["acts"]), rate=round(100 * counts["present"] / total), **forms),
        }

    def _proxies_by_session(self, person: Person) -> list[dict[str, Any]]:
        """The proxies a member held, one line per session and member represented."""
        grouped: dict[str, Counter[str]] = {}
        for number, member in person.proxies_held:
            grouped.setdefault(self.archive.acts[number].session_id, Counter())[member] += 1
        return [{"session": self.archive.sessions[session_id], "members": list(members.items())} for session_id, members in grouped.items()]

    @staticmethod
    def _sessions_by_year(sessions: Iterable[Session]) -> list[tuple[int, list[Session]]]:
        by_year: dict[int, list[Session]] = {}
        for session in sessions:
            by_year.setdefault(session.date.year, []).append(session)
        return list(by_year.items())

    # -- rendering ------------------------------------------------------------

    def render_page(self, page: Page) -> Rendered:
        """Render one page (and an act's search document); a layout error names the layout file and line."""
        context = {
            "page_url": page.url,
            "breadcrumbs": [],
            "section": "",
            "canonical": self.config.base_url + page.url if page.url != NOT_FOUND else "",
            "feeds": [],
            **self.page_helpers(page.url),
        }
        try:
            context.update(page.make_context())
            html = self._render(page.template, context)
            search = None
            if page.search_shard and self.search_documents:
                search = (page.search_shard, page.output_path, self._render(SEARCH_DOCUMENT, context).encode("utf-8"))
        except ContentErrors:
            raise  # a layout that may not be read
        except jinja2.TemplateSyntaxError as exc:
            raise ContentErrors([ContentError(self._layout_path(exc.name or page.template), exc.lineno, "", exc.message or "syntax error")]) from None
        except jinja2.TemplateNotFound as exc:
            raise ContentErrors([ContentError(self._layout_path(page.template), 0, "", f"layout not found: {exc.name}")]) from None
        except Exception as exc:  # any error raised while a layout runs is that layout's error
            path, line = self._layout_frame(exc)
            raise ContentErrors([ContentError(path, line, "", f"{type(exc).__name__}: {exc}")]) from None
        return Rendered(page.output_path, html.encode("utf-8"), search)

    def _render(self, template: str, context: dict[str, Any]) -> str:
        html = self.env.get_template(template).render(context)
        return french_typography(html) if self.config.language == "fr" else html

    def _layout_path(self, name: str) -> str:
        return display_path(self.layouts_dir / name)

    def _layout_frame(self, exc: BaseException) -> tuple[str, int]:
        """The innermost layout line in the traceback of an error raised while rendering."""
        root = str(self.layouts_dir.resolve())
        found = ("", 0)
        for frame, line in traceback.walk_tb(exc.__traceback__):
            filename = frame.f_code.co_filename
            if filename.endswith(".html") and str(Path(filename).resolve()).startswith(root):
                found = (display_path(Path(filename)), line)
        return found if found[0] else (self._layout_path("?"), 0)

    def exports(self) -> dict[str, bytes]:
        """The data files: open data, feeds, calendar, sitemap, robots.txt (made once per build)."""
        if self._exports is None:
            self._exports = exports(self.archive, self.strings, self.format_date, [p.output_path for p in self.plan()])
        return self._exports

    def data_context(self) -> dict[str, Any]:
        files = self.exports()
        listed = [
            ("donnees/deliberations.csv", "CSV"), ("donnees/deliberations-tableur.csv", "CSV"), ("donnees/deliberations.json", "JSON"), ("feed.xml", "Atom"), ("seances.ics", "iCalendar"),
        ]
        return {
            "title": self.strings["open_data"],
            "section": "",
            "files": [{"url": path, "kind": kind, "size": _size(len(files[path]))} for path, kind in listed],
            "acts_count": len(self.archive.acts),
        }

    def render_pages(self, pages: Iterable[Page], emit: Callable[[Rendered], None]) -> list[ContentError]:
        """Render pages one by one, handing each to `emit`; return every problem met."""
        problems: list[ContentError] = []
        for done, page in enumerate(pages, 1):
            if self.progress and done % PROGRESS_EVERY == 0:
                self.progress(f"rendered {done} pages")
            try:
                emit(self.render_page(page))
            except ContentErrors as exc:
                problems.extend(p for p in exc.problems if p not in problems)
        return problems

    def copy_problems(self) -> list[ContentError]:
        """Static files that may not be published (attachments are checked with their act)."""
        return [
            ContentError(display_path(path), 0, "", problem)
            for output_path, path in self.copies().items()
            if output_path.startswith("static/") and (problem := file_problem(path, self.layouts_dir))
        ]

    def copies(self) -> dict[str, Path]:
        """Static assets of the layouts and the acts' attachments, by output path."""
        files: dict[str, Path] = {}
        static = self.layouts_dir / "static"
        for folder, _, names in sorted(os.walk(static)):  # links to folders are not followed
            for path in (Path(folder, name) for name in sorted(names)):
                files["static/" + path.relative_to(static).as_posix()] = path
        for act in self.archive.acts.values():
            for item, url in zip(act.attachments, attachment_urls(act.url, act.attachments)):
                files[url] = self.config.content_dir / item.file
        for session in self.archive.sessions.values():
            if session.info.minutes_file:
                files[minutes_url(session)] = self.config.content_dir / session.info.minutes_file
        return files


class LayoutLoader(jinja2.FileSystemLoader):
    """Layouts from one folder, never through a link out of it nor from a FIFO (which would block)."""

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        folder = Path(self.searchpath[0])
        path = folder.joinpath(*split_template_path(template))
        if path.exists() and (problem := file_problem(path, folder)):
            raise ContentErrors([ContentError(display_path(path), 0, "", problem)])
        return super().get_source(environment, template)


def new_environment(layouts_dir: Path) -> jinja2.Environment:
    return jinja2.Environment(
        loader=LayoutLoader(layouts_dir),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def search_order(act: Act) -> str:
    """The act's place in date order as text that sorts (date, body, the agenda's order): Pagefind sorts strings."""
    date, body, register, order, number = sort_key(act)
    return f"{date} {body} {register:06d} {order:06d} {number}"


def build_date() -> dt.date:
    """Today, or the day of SOURCE_DATE_EPOCH when set (reproducible builds: two builds of one source, one site)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date() if epoch.isdigit() else dt.date.today()


def capitalized(text: str) -> str:
    """« Présente »: the first letter only (`str.capitalize` would lower a name's capitals)."""
    return text[:1].upper() + text[1:]


OUTLINED = re.compile(r'<h([23]) id="([a-z0-9-]+)"[^>]*>(.*?)</h\1>', re.DOTALL)


def outline(body_html: str) -> list[tuple[str, str]]:
    """The parts and articles of an act's text, (anchor, heading), for the outline at the top of its page."""
    found = [(anchor, re.sub(r"<[^>]+>", "", heading).strip()) for _, anchor, heading in OUTLINED.findall(body_html)]
    return found if len(found) > 1 else []


def _size(n: int) -> str:
    """Human size with a non-breaking space: 12 ko, 1,2 Mo."""
    if n < 1024:
        return f"{n}\u00a0o"
    if n < 1024 * 1024:
        return f"{round(n / 1024)}\u00a0ko"
    return f"{n / 1024 / 1024:.1f}\u00a0Mo".replace(".", ",")
