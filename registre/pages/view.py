"""What pages are made from: the archive, the site's words, and the helpers page plans and layouts share."""

from __future__ import annotations

import datetime as dt
import hashlib
import mimetypes
import os
from pathlib import Path, PurePosixPath
from typing import Any, Callable, Iterable, Mapping, TypeVar, cast

from markupsafe import Markup, escape

from ..config import citation_regex
from ..errors import ContentError, ContentErrors
from ..group import Archive
from ..markdown import make_markdown
from ..read import display_path, read_file, read_text
from ..reads import EXPORTS, Recorder, TrackedArchive, file_key
from ..yamldoc import parse_yaml
from .listing import Pager, listing_maps
from .member_years import MemberYear, member_maps

T = TypeVar("T")


class View:
    """The archive as pages see it, in the site's language; one per build."""

    def __init__(self, archive: Archive, strings: dict[str, Any], record: bool = False) -> None:
        self.raw = archive
        self.config = archive.config
        self.t = strings
        self.markdown = make_markdown()
        self.citations = citation_regex(self.config.number_pattern.pattern)
        self.raw_derived = derived_maps(archive)
        self.recorder = Recorder()
        """What each page reads (registre/reads.py), when `record`: the archive is then seen through it."""
        self.archive = cast(Archive, TrackedArchive(archive, self.raw_derived, self.recorder)) if record else archive
        derived: Mapping[str, Mapping[Any, Any]] = cast(TrackedArchive, self.archive).derived if record else self.raw_derived
        self.held: Mapping[tuple[str, ...], str] = derived["held"]
        """The page of each act by its number's parts, for the numbers a text quotes."""
        self.listing_pages: Mapping[tuple[str, str, int], Pager] = derived["listing_pages"]
        """The numbered pages of long listings (registre/pages/listing.py)."""
        self.year_starts: Mapping[tuple[str, str], tuple[tuple[int, str], ...]] = derived["year_starts"]
        """Where each year starts on each term's pages: (year, page and anchor), newest first."""
        self.sessions_by_year: Mapping[str, tuple[str, ...]] = derived["sessions_by_year"]
        """The ids of each year's sessions, newest first."""
        self.member_years: Mapping[str, tuple[int, ...]] = derived["member_years"]
        """Each member's years, newest first (registre/pages/member_years.py)."""
        self.member_year: Mapping[tuple[str, int], MemberYear] = derived["member_year"]
        """What a member's page shows of each year."""
        self.search_documents = True
        """Render acts' search documents too, and search on the search page (not when the site is built without search)."""
        self.edits_bundle: str | None = None
        """A bundle the search page merges first: `serve`'s acts edited since their year was indexed."""
        self.make_exports: Callable[[], dict[str, bytes]] = dict
        """The site's data files by path (the renderer's, made once)."""
        self._remembered: dict[Any, Any] = {}
        """What several pages compute alike (a term's years, a session's lists of names): per view,
        so a long preview keeps no old archive alive."""

    def format_date(self, date: dt.date) -> str:
        """19 octobre 2017 (1er for the first day in French)."""
        day = "1er" if date.day == 1 and self.config.language == "fr" else str(date.day)
        return f"{day} {self.t['months'][date.month - 1]} {date.year}"

    def count(self, n: int, forms: list[str]) -> str:
        """`3 délibérations`, `1 délibération`, in the language's plural rule."""
        singular = n == 1 or (n == 0 and self.t["zero_is_singular"])
        return f"{n}\u00a0{forms[0] if singular else forms[1]}"

    def status_forms(self, presence: str, names: Iterable[str]) -> list[str]:
        """The singular and plural of « présent » agreeing with these members (one of them: theirs)."""
        genders = {self.archive.gender(n) for n in names}
        form = "f" if genders == {"f"} else genders.pop() if len(genders) == 1 else "m"
        forms: list[str] = self.t["status"][presence][form]
        return forms

    def status_word(self, presence: str, name: str) -> str:
        """« représentée »: one member's word for a situation."""
        return self.status_forms(presence, [name])[0]

    def remember(self, key: Any, compute: Callable[[], T]) -> T:
        """`compute()`, made once per view for a key; each page using it is told what it read."""
        if key not in self._remembered:
            with self.recorder.recording() as reads:
                self._remembered[key] = (compute(), reads)
        value, reads = self._remembered[key]
        self.recorder.add(reads)
        return cast(T, value)

    def exports(self) -> dict[str, bytes]:
        """The data files, for the open data page's sizes."""
        self.recorder.read(EXPORTS)
        return self.make_exports()

    def people_list(self, prefix: str, names: Iterable[str]) -> Markup:
        """A list of links to members' pages; made once per list and page depth (a session's acts share theirs)."""
        names = tuple(names)

        def make() -> Markup:
            items = "".join(f'<li><a href="{escape(prefix + self.archive.person(n).url)}">{escape(self.archive.display(n))}</a></li>' for n in names)
            return Markup(f'<ul class="names">{items}</ul>')

        return self.remember(("people", prefix, names), make)

    def file_facts(self, title: str, file: str, url: str) -> dict[str, Any]:
        """A published file of the content folder (attachment, minutes): its size, type and SHA-256."""
        source = self.config.content_dir / file
        self.recorder.read(file_key(source))
        data = read_file(source, within=self.config.content_dir)
        name = PurePosixPath(file).name
        kind = (mimetypes.guess_type(name)[0] or "application/octet-stream").split("/")[-1].upper()
        return {"title": title, "url": url, "size": file_size(len(data)), "sha256": hashlib.sha256(data).hexdigest(), "kind": kind, "source": source}


def derived_maps(archive: Archive) -> dict[str, Mapping[Any, Any]]:
    """What pages read that is made from the archive: compared between builds as the archive is."""
    return {"held": {a.key: a.url for a in archive.acts.values() if a.parts}, **listing_maps(archive), **member_maps(archive)}


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


def build_date() -> dt.date:
    """Today, or the day of SOURCE_DATE_EPOCH when set (reproducible builds: two builds of one source, one site)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date() if epoch.isdigit() else dt.date.today()


def capitalized(text: str) -> str:
    """« Présente »: the first letter only (`str.capitalize` would lower a name's capitals)."""
    return text[:1].upper() + text[1:]


def file_size(n: int) -> str:
    """Human size with a non-breaking space: 12 ko, 1,2 Mo."""
    if n < 1024:
        return f"{n}\u00a0o"
    if n < 1024 * 1024:
        return f"{round(n / 1024)}\u00a0ko"
    return f"{n / 1024 / 1024:.1f}\u00a0Mo".replace(".", ",")
