"""An act's page (and its search document): text, facts, vote, attendance, attachments, citations."""

from __future__ import annotations

import functools
import json
import re
from typing import Any, Iterator, Sequence

from markupsafe import Markup

from ..actes import matter_label, matter_of
from ..charts import vote_chart
from ..config import citation_key
from ..group import sort_key
from ..markdown import render_markdown
from ..models import Act, attachment_urls
from ..read import read_body
from ..routes import route
from ..withheld import withhold
from . import Page
from .view import View


def plan(view: View) -> Iterator[Page]:
    for act in view.raw.acts.values():
        yield act_page(view, act)


def act_page(view: View, act: Act) -> Page:
    return Page(act.url, "act.html", functools.partial(act_context, view, act.number), search_shard=search_shard(act, view.archive.shard_months))


def search_shard(act: Act, months: int) -> str:
    """The search bundle of an act: its year, or its part of the year (`2017-2`), so bundles follow dates."""
    return str(act.date.year) if months == 12 else f"{act.date.year}-{(act.date.month - 1) // months + 1}"


def shard_order(shard: str) -> tuple[int, int]:
    """Bundles in date order: `2017-2` before `2017-10` (bundles of a month)."""
    year, _, part = shard.partition("-")
    return int(year), int(part or 0)


def act_context(view: View, number: str) -> dict[str, Any]:
    a, t = view.archive, view.t
    act = a.acts[number]
    body_html = Markup(render_body(view, act))
    session = a.sessions[act.session_id]
    matter = matter_of(act, view.config)
    return {
        "title": act.number,
        "act": act,
        "session": session,
        "theme": a.terms["themes"][act.theme],
        "rapporteur": a.terms["rapporteurs"][a.person(act.rapporteur).key] if act.rapporteur else None,
        "matter": matter_label(matter) if matter else None,
        "matter_url": a.terms["matieres"][matter].url if matter else None,
        "attendance_counts": attendance_counts(view, act),
        "body_html": body_html,
        "outline": outline(body_html),
        "attachments": [
            view.file_facts(item.title, item.file, url) | {"original": item.original} for item, url in zip(act.attachments, attachment_urls(act.url, act.attachments))
        ],
        "cites": a.cites.get(act.number, ()),
        "cited_by": a.cited_by.get(act.number, ()),
        "unresolved": a.unresolved.get(act.number, ()),
        "breadcrumbs": [(route("sessions"), t["sessions"]), (session.url, t["session_of"].format(date=view.format_date(act.date)))],
        "canonical": view.config.base_url + act.url,
        "json_ld": Markup(json_ld(view, act)),
        "vote_chart": act_vote_chart(view, act),
        "search_order": search_order(act),
    }


def attendance_counts(view: View, act: Act) -> str:
    """« 23 présents, 1 représentée, 9 excusés sur 33 »: the lists counted, at the top of the section."""
    groups: list[tuple[str, Sequence[str]]] = [
        ("present", act.present), ("represented", [p.member for p in act.represented]), ("excused", act.excused), ("absent", act.absent)
    ]
    total = sum(len(names) for _, names in groups)
    counted = [view.count(len(names), view.status_forms(presence, names)) for presence, names in groups if names]
    return ", ".join(counted) + (f" {view.t['out_of']} {total}" if total else "")


def act_vote_chart(view: View, act: Act) -> Markup:
    t, vote = view.t, act.vote
    if not vote.has_counts:
        return Markup("")
    label = f"{t['vote']} : {view.count(vote.votes_for or 0, t['votes_for'])}, {view.count(vote.against or 0, t['votes_against'])}, {view.count(vote.abstention or 0, t['abstentions'])}"
    return vote_chart(vote, (t["votes_for"][1], t["votes_against"][1], t["abstentions"][1]), label)


def render_body(view: View, act: Act) -> str:
    def resolve(match: Any) -> str | None:
        target = view.held.get(citation_key(match))
        return relative_url(act.url, target) if target and target != act.url else None

    # Numbers were looked for when the file was read: a body that quotes none is not searched again.
    regex = view.citations if act.quoted else None
    act.text_digest  # the text is read from its file below: its digest is what a change of it changes
    text = withhold(read_body(view.config.content_dir, act.relative_path), view.config.withheld_text)
    return render_markdown(view.markdown, text, regex, resolve, frozenset(quote.text for quote in act.quoted))


def relative_url(from_url: str, to_url: str) -> str:
    """Link from one page to another, relative, so the site works under any sub-path."""
    depth = from_url.count("/")
    return "../" * depth + to_url or "./"


def json_ld(view: View, act: Act) -> str:
    """schema.org Legislation, escaped so no `</script>` can close the element."""
    config = view.config
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Legislation",
        "legislationIdentifier": act.number,
        "name": act.title,
        "legislationDate": act.date.isoformat(),
        "legislationType": "Délibération",
        "legislationPassedBy": {"@type": "Organization", "name": f"{config.bodies[act.body].name}, {config.collectivity}"},
        "legislationJurisdiction": config.collectivity,
        "legislationLegalForce": "InForce" if act.vote.result == "adopted" else "NotInForce",
        "url": config.base_url + act.url,
        "inLanguage": config.language,
    }
    cited = view.archive.cites.get(act.number, ())
    if cited:
        data["citation"] = [{"@type": "Legislation", "legislationIdentifier": n, "url": config.base_url + view.archive.acts[n].url} for n in cited]
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def search_order(act: Act) -> str:
    """The act's place in date order as text that sorts (date, body, the agenda's order): Pagefind sorts strings."""
    date, body, register, order, number = sort_key(act)
    return f"{date} {body} {register:06d} {order:06d} {number}"


OUTLINED = re.compile(r'<h([23]) id="([a-z0-9-]+)"[^>]*>(.*?)</h\1>', re.DOTALL)


def outline(body_html: str) -> list[tuple[str, str]]:
    """The parts and articles of an act's text, (anchor, heading), for the outline at the top of its page."""
    found = [(anchor, re.sub(r"<[^>]+>", "", heading).strip()) for _, anchor, heading in OUTLINED.findall(body_html)]
    return found if len(found) > 1 else []
