"""site_config.yaml -> SiteConfig: one typed schema, with defaults and help for every key."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator
from urllib.parse import urlsplit

from . import schema
from .errors import ContentError, ContentErrors, warning
from .read import display_path, read_text
from .routes import route
from .schema import Key
from .vocabulary import WORD
from .yamldoc import parse_yaml

NUMBER_GROUPS = ("theme", "order", "register", "year", "body")

DEFAULT_NUMBER_PATTERN = (
    r"(?P<theme>[A-Z]{2,5}) ?(?P<order>\d{3})-(?P<register>\d{1,5})/(?P<year>\d{2})/(?P<body>[A-Z]{2,4})"
)


@dataclass(frozen=True, slots=True)
class Body:
    """A deliberating instance (Bureau, Conseil)."""

    code: str
    name: str


@dataclass(frozen=True, slots=True)
class Theme:
    """A theme code of act numbers, with its name."""

    code: str
    name: str
    matter: str | None
    """@ctes matter code (`7.10`) that acts of this theme get unless they give their own."""
    line: int = 0
    """Its line in the configuration, for what is said of the theme as a whole."""


@dataclass(frozen=True, slots=True)
class SiteConfig:
    """Everything site_config.yaml says, typed, with paths made absolute."""

    source_path: Path
    title: str
    collectivity: str
    siret: str
    prefecture: str | None
    base_url: str
    language: str
    bodies: dict[str, Body]
    themes: dict[str, Theme]
    number_pattern: re.Pattern[str]
    content_dir: Path
    layouts_dir: Path
    output_dir: Path
    page_size: int
    licence: str
    feed_size: int
    search_shard_months: int | None
    """Months of acts per search bundle (12, 6, 4, 3, 2 or 1), or None: as many as keep bundles under render.SHARD_ACTS acts."""
    output_from: tuple[str, int, str]
    """Where the output folder was named (file, line, field), for errors about it: the configuration or `--output`."""
    base_url_from: tuple[str, int, str]
    accessibility: dict[str, str]
    """The accessibility statement's contact: email, form, address, phone (any of them)."""
    withheld_text: str
    """What is published in place of a passage withheld (registre/withheld.py)."""

    def protected_paths(self) -> dict[str, Path]:
        """What a build may never replace, hold or write inside (the project folder holds output/ itself)."""
        return {"the project folder": self.source_path.parent, "the content folder": self.content_dir, "the layouts folder": self.layouts_dir}

    def parse_number(self, number: str) -> dict[str, str] | None:
        """Split an act number into its named parts, or None if it does not match."""
        match = self.number_pattern.fullmatch(number)
        return number_parts(match) if match else None


@functools.lru_cache(maxsize=8)
def citation_regex(number_pattern: str) -> re.Pattern[str]:
    """The number pattern, found inside text, not glued to other words."""
    return re.compile(r"(?<![\w/])(?:" + number_pattern + r")(?![\w/])")


@functools.lru_cache(maxsize=8)
def _bare_regex(number_pattern: str) -> re.Pattern[str]:
    return re.compile("(?:" + number_pattern + ")")


def find_citations(text: str, number_pattern: str) -> Iterator[re.Match[str]]:
    """The matches of `citation_regex(number_pattern).finditer(text)`, found a quarter faster.

    Beginning with its look-behind, the pattern is tried at every character of the text;
    the bare pattern lets `re` skip to where a number can begin, and the whole pattern is
    matched there (`match` at a position sees the text before it): the first place the
    whole matches is the first place the bare one does where the whole matches too.
    """
    whole, bare = citation_regex(number_pattern), _bare_regex(number_pattern)
    position = 0
    while found := bare.search(text, position):
        match = whole.match(text, found.start())
        if match:
            yield match
            position = max(match.end(), found.start() + 1)
        else:
            position = found.start() + 1


REST = "rest"
"""The part of a number no named group holds (`number_parts`)."""


def number_parts(match: re.Match[str]) -> dict[str, str]:
    """A number's named parts, and under `REST` its letters and digits outside them: a pattern that
    names only some parts still tells numbers apart (Lannion's `(?P<year>\\d{4})\\d{4}-(?P<order>\\d{2})`:
    « 20200525-01 » and « 20200608-01 » have one year and one order, not one number)."""
    parts = match.groupdict()
    outside, position = [], match.start()
    for start, end in sorted(match.span(g) for g in parts if match.start(g) >= 0):
        outside.append(match.string[position:start])
        position = max(position, end)
    outside.append(match.string[position : match.end()])
    parts[REST] = " ".join(WORD.findall(" ".join(outside)))
    return parts


def number_key(parts: dict[str, str]) -> tuple[str, ...]:
    """Compare numbers by their parts, so `HN009-011/16/CM` and `HN 009-011/16/CM` are one act."""
    return tuple(str(int(v)) if v.isdigit() else v.upper() for v in (parts.get(g) or "" for g in (*NUMBER_GROUPS, REST)))


def citation_key(match: re.Match[str]) -> tuple[str, ...]:
    """The key of a number found by the number pattern (`number_key` of its parts)."""
    return number_key(number_parts(match))


def _months(value: Any) -> int | None:
    if value == "auto":
        return None
    if value in (12, 6, 4, 3, 2, 1):
        return int(value)
    raise schema.Invalid(f'expected auto, or 12, 6, 4, 3, 2 or 1 (months that divide a year), got {schema.describe(value)}')


def _check_number_groups(value: Any) -> re.Pattern[str]:
    """Any of the named groups may be absent (a commune numbers `2022-045`); the others are checked."""
    compiled = schema._pattern(value)
    unknown = [g for g in compiled.groupindex if g not in NUMBER_GROUPS]
    if unknown or not compiled.groupindex:
        raise schema.Invalid(f"name the pattern's groups among {', '.join(NUMBER_GROUPS)}" + (f" (not {', '.join(unknown)})" if unknown else ""))
    return compiled


SCHEMA = schema.Mapping(
    [
        Key("title", schema.text, default="Registre des délibérations", help="name of the site, in every page title"),
        Key(
            "collectivity",
            schema.Mapping(
                [
                    Key("name", schema.text, required=True, help="the collectivity (SCDL `COLL_NOM`)"),
                    Key("siret", schema.matching(r"\d{14}", "14 digits"), required=True, help="its SIRET, 14 digits (SCDL `COLL_SIRET`)"),
                    Key(
                        "prefecture", schema.matching(r"(PREF\d{3}|SPREF\d{3}[0-9A-Z]|SGAR\d{3})", "a prefecture code like PREF013"),
                        help="prefecture code like `PREF013` (SCDL `PREF_ID`)",
                    ),
                ]
            ),
            required=True,
        ),
        Key(
            "base_url", schema.url, default="http://127.0.0.1:8000/",
            help="public address of the site, for canonical links, feeds, the sitemap, printed citations and the 404 page; `build` warns while it is "
            "this machine's or an example's (`127.0.0.1`, `localhost`, `example.org`, `*.example`, `*.test`), `serve` does not",
        ),
        Key("language", schema.matching(r"[a-z]{2}", "a two-letter language code"), default="fr", help="language of the site's words: `layouts/strings/<language>.yaml` (`fr`, `en`)"),
        Key(
            "bodies",
            schema.DictOf(schema.Mapping([Key("name", schema.text, required=True)])),
            required=True,
            help="deliberating bodies by code, each `{name: …}` (`BM`: Bureau de la Métropole)",
        ),
        Key(
            "themes",
            schema.DictOf(
                schema.Mapping(
                    [
                        Key("name", schema.text, required=True),
                        Key("matter", schema.matter),
                    ]
                )
            ),
            required=True,
            help="theme codes by code, each `{name: …, matter: \"7.4\"}`; `matter` (optional) is the @ctes matter its acts default to",
        ),
        Key(
            "number_pattern", schema.Scalar(_check_number_groups), default=re.compile(DEFAULT_NUMBER_PATTERN), shown="see `site_config.yaml`",
            help="regular expression of act numbers with the named groups `theme`, `order`, `register`, `year`, `body`; unanchored (it is also used to find numbers quoted in texts)",
        ),
        Key(
            "paths",
            schema.Mapping(
                [
                    Key("content", schema.text, default="content", help="folder of the acts, relative to the configuration file"),
                    Key("layouts", schema.text, default="layouts", help="folder of the layouts, their words and static files, relative to the configuration file"),
                    Key("output", schema.text, default="output", help="folder the site is written to, relative to the configuration file"),
                ]
            ),
            default={"content": "content", "layouts": "layouts", "output": "output"},
        ),
        Key("page_size", schema.count, default=50, help="acts per page of a long listing"),
        Key("feed_size", schema.count, default=50, help="acts per feed"),
        Key("licence", schema.text, default="Licence Ouverte / Open Licence 2.0", help="licence of the open data"),
        Key(
            "withheld_text", schema.text, default="[information non publiée]",
            help="what pages, search and open data show in place of a passage marked as withheld (see « Personal data »)",
        ),
        Key(
            "search_shard_months", schema.Scalar(_months), default=None, shown="`auto`",
            help="months of acts per search bundle (12, 6, 4, 3, 2 or 1); `auto`: a year, or the largest part of a year that keeps every bundle under "
            "2,000 acts (a metropolis's 3,000 acts a year: half-years). Smaller bundles reindex faster after an edit, need less memory to build and "
            "make a first search fetch less; a search sorted by date, filtered, or for part of a number fetches every bundle holding its words",
        ),
        Key(
            "accessibility",
            schema.Mapping(
                [
                    Key("email", schema.matching(r"[^@\s]+@[^@\s]+\.[^@\s]+", "an e-mail address"), help="address that answers accessibility requests"),
                    Key("form", schema.link, help="link to a contact form"),
                    Key("address", schema.text, help="postal address"),
                    Key("phone", schema.text, help="telephone number"),
                ]
            ),
            default={},
            help="whom a person who cannot reach a content asks, given on the accessibility statement as the RGAA model requires; `check` warns while none is set",
        ),
    ]
)


def reference_table(mapping: schema.Mapping = SCHEMA, prefix: str = "") -> list[str]:
    """The README's table of configuration keys, one row per key, made from SCHEMA (tools/config_table.py writes it)."""
    rows = ["| key | default | meaning |", "| --- | --- | --- |"] if not prefix else []
    for key in mapping.keys.values():
        name = prefix + key.name
        if isinstance(key.check, schema.Mapping):
            children = reference_table(key.check, name + ".")
            if key.help:  # said once, on the first of its keys
                children[0] = f"{children[0][:-2]}; {key.help} |"
            rows += children
            continue
        default = "required" if key.required else key.shown or ("none" if key.default is None else f"`{key.default}`")
        rows.append(f"| `{name}` | {default} | {key.help} |")
    return rows


def _case_variants(values: dict[str, Any], doc: Any) -> list[ContentError]:
    """Codes differing only by case (ECO, eco) would share one page (themes/eco/): an error."""
    problems = []
    for kind, folder in (("bodies", "instances"), ("themes", "themes")):
        seen: dict[str, str] = {}
        for code in values[kind]:
            other = seen.setdefault(code.lower(), code)
            if other != code:
                page = route("term", kind=folder, slug=code.lower())
                problems.append(ContentError(doc.path, doc.line((kind, code)), f"{kind}.{code}", f'differs from "{other}" only by case: both would have the page {page}'))
    return problems


def load_config(
    path: Path,
    *,
    content_dir: Path | None = None,
    output_dir: Path | None = None,
    base_url: str | None = None,
) -> SiteConfig:
    """Read and check site_config.yaml; command-line options override its values."""
    shown = display_path(path)
    doc = parse_yaml(read_text(path, shown), shown)
    problems: list[ContentError] = []
    values = SCHEMA(doc.data if doc.data is not None else {}, doc, (), problems)
    if base_url is not None:
        base_url = schema.Scalar(schema._url)(base_url, doc, ("base_url",), problems)
    if values is not schema.INVALID:
        problems += _case_variants(values, doc)
    if problems or values is schema.INVALID:
        raise ContentErrors(problems)
    root = path.parent
    paths = {"content": "content", "layouts": "layouts", "output": "output", **values["paths"]}
    collectivity = values["collectivity"]
    return SiteConfig(
        source_path=path,
        title=values["title"],
        collectivity=collectivity["name"],
        siret=collectivity["siret"],
        prefecture=collectivity["prefecture"],
        base_url=base_url or values["base_url"],
        language=values["language"],
        bodies={c: Body(c, v["name"]) for c, v in values["bodies"].items()},
        themes={c: Theme(c, v["name"], v["matter"], doc.line(("themes", c))) for c, v in values["themes"].items()},
        number_pattern=values["number_pattern"],
        content_dir=content_dir or root / paths["content"],
        layouts_dir=root / paths["layouts"],
        output_dir=output_dir or root / paths["output"],
        page_size=values["page_size"] or 50,
        licence=values["licence"],
        feed_size=values["feed_size"] or 50,
        search_shard_months=values["search_shard_months"],
        output_from=("--output", 0, "") if output_dir else (shown, doc.line(("paths", "output")), "paths.output"),
        base_url_from=("--base-url", 0, "") if base_url else (shown, doc.line(("base_url",)), "base_url"),
        accessibility={k: v for k, v in (values["accessibility"] or {}).items() if v},
        withheld_text=values["withheld_text"],
    )


PLACEHOLDER_HOSTS = {"127.0.0.1", "::1", "localhost", "example.com", "example.net", "example.org"}
RESERVED_DOMAINS = ("example", "test", "invalid", "localhost")
"""Top-level domains kept for examples and tests (RFC 2606, RFC 6761)."""


def placeholder_base_url(config: SiteConfig) -> list[ContentError]:
    """A warning when the public address is an example's or this machine's: every absolute link would go there."""
    host = (urlsplit(config.base_url).hostname or "").lower()
    if host not in PLACEHOLDER_HOSTS and host.rsplit(".", 1)[-1] not in RESERVED_DOMAINS and not host.endswith(tuple("." + h for h in PLACEHOLDER_HOSTS)):
        return []
    path, line, field = config.base_url_from
    return [warning(path, line, field, f'"{config.base_url}" is not a public address: the feeds, canonical links, sitemap and printed citations point there; give the address of the site (or --base-url)')]


def missing_accessibility_contact(config: SiteConfig) -> list[ContentError]:
    """The RGAA statement must say whom to contact; without `accessibility`, it names only the collectivity."""
    if config.accessibility:
        return []
    shown = display_path(config.source_path)
    return [warning(shown, 1, "accessibility", "no contact for the accessibility statement: give accessibility.email, form, address or phone")]
