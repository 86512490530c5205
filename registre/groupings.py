"""The ways acts are grouped into pages: one row per grouping.

Grouping (registre/group.py), page plans (registre/pages/), feeds and the
browse lists all read this table. A new grouping is a row here and its words
in layouts/strings/<language>.yaml (`label`: the name of its index page).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable

from .actes import matter_label, matter_of
from .names import slugify

if TYPE_CHECKING:
    from .config import SiteConfig
    from .models import Act, Term


@dataclass(frozen=True)
class Known:
    """What a grouping may need to key and name its terms."""

    config: SiteConfig
    person_key: Callable[[str], str]
    names: dict[str, str]
    """The display name of each person key."""


@dataclass(frozen=True)
class Grouping:
    kind: str
    """Its URL folder (`themes/<slug>/`), and the `kind` of its terms."""
    label: str
    """The strings key of its name."""
    key_of: Callable[[Act, Known], str | None]
    """The term an act belongs to (None: none, as an act without a rapporteur)."""
    name_of: Callable[[str, Known], str]
    slug_of: Callable[[str, Known], str]
    order: Callable[[Term], Any] = lambda term: (term.slug, term.key)
    newest_first: bool = False
    """Terms in the reverse of `order` (years: the latest first)."""
    feed: bool = True
    """An Atom feed per term."""
    period: bool = False
    """A span of time: its first page lists its sessions and themes, its acts are not split by year."""
    shows_key: bool = False
    """The index shows each term's code beside its name (a theme's « (ECO) »)."""


def _matter_order(term: Term) -> tuple[int, ...]:
    """@ctes codes in their numeric order: 7.4 before 7.10."""
    return tuple(int(part) if part.isdigit() else 0 for part in term.key.split("."))


GROUPINGS = (
    Grouping(
        "themes", "themes", lambda act, k: act.theme, lambda key, k: k.config.themes[key].name, lambda key, k: key.lower(), shows_key=True
    ),
    Grouping(
        "rapporteurs", "rapporteurs",
        lambda act, k: k.person_key(act.rapporteur) if act.rapporteur else None,
        lambda key, k: k.names[key], lambda key, k: slugify(k.names[key]),
    ),
    Grouping(
        "annees", "years", lambda act, k: str(act.date.year), lambda key, k: key, lambda key, k: key,
        order=lambda term: term.key, newest_first=True, feed=False, period=True,
    ),
    Grouping("instances", "bodies", lambda act, k: act.body, lambda key, k: k.config.bodies[key].name, lambda key, k: key.lower()),
    Grouping("matieres", "matters", lambda act, k: matter_of(act, k.config), lambda key, k: matter_label(key), lambda key, k: key, order=_matter_order),
)
BY_KIND = {g.kind: g for g in GROUPINGS}
