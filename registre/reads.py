"""What each page read while it was rendered: the dependencies of a rebuild, recorded, not listed by hand.

Pages see the archive through `TrackedArchive`: every act, session, term,
person or citation a page's data or layout reads is noted, down to the
attribute of acts, sessions, people and terms (an act's page that links its
theme does not read the theme's list of acts). Reads are a mapping from a key
(`("act", "ECO 003-2438/17/BM")`, `("session", "2017-10-19-bm")`) to bits: one
bit per attribute read (ATTRIBUTE_BITS) and MEMBERSHIP for asking whether it
exists; for anything else, one bit; the names a page shows, as one key (NAMES).
After a change, `changed_keys` compares the archive before and after in the
same terms; a page is rendered again when it read a bit that changed
(`touched`). What is read through no tracked door (the configuration, the
site's words, layouts) is handled by the builder: a full rebuild, or the pages
of the layouts that changed.
"""

from __future__ import annotations

import contextlib
import dataclasses
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator, Mapping

from .models import Act, Person, Session, Term

if TYPE_CHECKING:
    from .group import Archive

Key = tuple[Any, ...]
Reads = dict[Key, int]
"""Bits read (or changed) by key."""
ALL = "*"
"""The key of a whole mapping: read by a page that goes through all of it (the home page's latest acts)."""
NAME = "name"
"""A person's spelling, civility and page (members.yaml, the names the acts give), by person key: how
changed_keys says a name changed. Pages read names by the group (NAMES)."""
NAMES = "names"
"""The names a page read, as one key: (NAMES, frozenset of person keys). A page shows names by the
dozen (its session's attendance, the vote), and the acts of a session show the same ones: at
100,000 acts, 4.6 of the 7.2 million reads were a name, in 4,100 different lists."""
EXPORTS = ("exports",)
"""The data files (the open data page gives their sizes)."""
MEMBERSHIP = 1


def attribute_bits(cls: type) -> dict[str, int]:
    """One bit per field and property of a class of the archive's objects."""
    names = [f.name for f in dataclasses.fields(cls)] + [n for n, v in vars(cls).items() if isinstance(v, property)]
    return {name: 2 << index for index, name in enumerate(names)}


ATTRIBUTE_BITS: dict[type, dict[str, int]] = {cls: attribute_bits(cls) for cls in (Act, Session, Person, Term)}
"""The objects read attribute by attribute (listings read acts' titles, not their text)."""
EVERY = (1 << 64) - 1
"""Every bit: an object read whole (or through a method), one that came or went."""


class Recorder:
    """Collects what is read while one page renders (nothing outside a page)."""

    def __init__(self) -> None:
        self.reads: Reads | None = None
        self.names: set[str] | None = None
        """The people whose names the recording read, by person key: one NAMES key when it ends."""

    def read(self, key: Key, bits: int = MEMBERSHIP) -> None:
        reads = self.reads
        if reads is not None:
            reads[key] = reads.get(key, 0) | bits

    def read_name(self, person: str) -> None:
        if self.names is not None:
            self.names.add(person)

    def add(self, reads: Reads) -> None:
        if self.reads is not None:
            merge(self.reads, reads)

    @contextlib.contextmanager
    def recording(self) -> Iterator[Reads]:
        """Record into a mapping of its own, then add what was read to the enclosing recording too."""
        outer, outer_names = self.reads, self.names
        reads: Reads = {}
        names: set[str] = set()
        self.reads, self.names = reads, names
        try:
            yield reads
        finally:
            if names:
                group = frozenset(names)
                reads[(NAMES, _GROUPS.setdefault(group, group))] = MEMBERSHIP
            self.reads, self.names = outer, outer_names
            self.add(reads)


_GROUPS: dict[frozenset[str], frozenset[str]] = {}
"""Each group of names once: the pages sharing one share the object, which the reads' files then hold once."""


def merge(into: Reads, reads: Reads) -> None:
    for key, bits in reads.items():
        into[key] = into.get(key, 0) | bits


def touched(reads: Reads, changed: Reads) -> bool:
    """Whether a page that read `reads` shows something that changed."""
    # The keys both hold, intersected in C: a build asks this of every page (100,000 acts: 3 s in Python).
    return any(reads[key] & changed[key] for key in reads.keys() & changed.keys())


def with_name_groups(changed: Reads, reads: Iterable[Reads]) -> Reads:
    """`changed`, and the groups of names among `reads` that hold a person whose name changed."""
    people = {key[1] for key in changed if key[0] == NAME}
    if not people:
        return changed
    groups = {key for read in reads for key in read if key[0] == NAMES and not people.isdisjoint(key[1])}
    return changed | dict.fromkeys(groups, MEMBERSHIP)


class Tracked(Mapping[Any, Any]):
    """A read-only mapping that records which keys are read, and the whole of it when iterated."""

    __slots__ = ("_name", "_data", "_recorder", "_wrap", "_wrapped", "_keys")

    def __init__(self, name: Any, data: Mapping[Any, Any], recorder: Recorder, wrap: Callable[[Key, Any], Any] | None = None) -> None:
        self._name, self._data, self._recorder, self._wrap = name, data, recorder, wrap
        self._wrapped: dict[Any, Any] = {}
        self._keys: dict[Any, Key] = {}
        """One tuple per key read, however many pages read it (reads of a large site are millions)."""

    def _key(self, key: Any) -> Key:
        found = self._keys.get(key)
        if found is None:
            found = self._keys[key] = (self._name, key)
        return found

    def __getitem__(self, key: Any) -> Any:
        wrapped = self._wrapped.get(key)
        if wrapped is not None:  # an act met before
            self._recorder.read(wrapped._key)
            return wrapped
        self._recorder.read(self._key(key))  # before the lookup: a key asked for and missing is read too
        value = self._data[key]
        if self._wrap is None:
            return value
        wrapped = self._wrapped[key] = self._wrap(self._key(key), value)
        return wrapped

    def __contains__(self, key: object) -> bool:
        self._recorder.read(self._key(key))
        return key in self._data

    def __iter__(self) -> Iterator[Any]:
        self._recorder.read((self._name, ALL))
        return iter(self._data)

    def __len__(self) -> int:
        self._recorder.read((self._name, ALL))
        return len(self._data)

    def values(self) -> Any:  # the values themselves, untracked: the whole mapping is already a dependency
        self._recorder.read((self._name, ALL))
        return self._data.values()

    def items(self) -> Any:
        self._recorder.read((self._name, ALL))
        return self._data.items()


class TrackedObject:
    """An act, session, person or term whose attributes, when read, are recorded one by one."""

    __slots__ = ("_value", "_key", "_recorder", "_bits")

    def __init__(self, key: Key, value: Any, recorder: Recorder) -> None:
        self._value, self._key, self._recorder, self._bits = value, key, recorder, ATTRIBUTE_BITS[type(value)]

    def __getattr__(self, name: str) -> Any:
        reads = self._recorder.reads  # Recorder.read, inlined: layouts read acts' attributes millions of times
        if reads is not None:
            reads[self._key] = reads.get(self._key, 0) | self._bits.get(name, EVERY)
        return getattr(self._value, name)


def tracked(cls: type) -> type:
    """TrackedObject as a layout's error names it: « 'registre.models.Act object' has no attribute »."""
    return type(cls.__name__, (TrackedObject,), {"__slots__": (), "__module__": cls.__module__})


TRACKED_TYPES = {cls: tracked(cls) for cls in ATTRIBUTE_BITS}


def file_key(path: Path) -> Key:
    """A published file read for its size and digest (an attachment, minutes)."""
    return ("file", str(path))


def template_key(name: str) -> Key:
    return ("template", name)


def tracked_maps(archive: Archive, derived: Mapping[str, Mapping[Any, Any]]) -> dict[Any, Mapping[Any, Any]]:
    """The archive's mappings pages read, and those made from it (`derived`), by the name their keys carry."""
    maps: dict[Any, Mapping[Any, Any]] = {
        "act": archive.acts, "session": archive.sessions, "person": archive.people,
        "cites": archive.cites, "cited_by": archive.cited_by, "unresolved": archive.unresolved, **derived,
    }
    maps.update({("term", kind): terms for kind, terms in archive.terms.items()})
    return maps


class TrackedArchive:
    """The archive as a page sees it: the same reading, every read recorded."""

    def __init__(self, archive: Archive, derived: Mapping[str, Mapping[Any, Any]], recorder: Recorder) -> None:
        self.raw = archive
        self.config = archive.config
        self.shard_months = archive.shard_months
        self._recorder = recorder
        maps = tracked_maps(archive, derived)

        def by_attribute(key: Key, value: Any) -> Any:
            return TRACKED_TYPES[type(value)](key, value, recorder)

        self.acts = Tracked("act", maps["act"], recorder, by_attribute)
        self.sessions = Tracked("session", maps["session"], recorder, by_attribute)
        self.people = Tracked("person", maps["person"], recorder, by_attribute)
        self.derived = {name: Tracked(name, maps[name], recorder) for name in derived}
        self.cites = Tracked("cites", maps["cites"], recorder)
        self.cited_by = Tracked("cited_by", maps["cited_by"], recorder)
        self.unresolved = Tracked("unresolved", maps["unresolved"], recorder)
        self.terms = {kind: Tracked(("term", kind), maps[("term", kind)], recorder, by_attribute) for kind in archive.terms}
        self._names: dict[str, str] = {}

    def _name(self, name: str) -> None:
        key = self._names.get(name)
        if key is None:
            key = self._names[name] = self.raw.members.key(name)
        self._recorder.read_name(key)

    def person(self, name: str) -> Any:
        self._name(name)
        return self.raw.person(name)

    def knows(self, name: str) -> bool:
        self._name(name)
        return self.raw.knows(name)

    def gender(self, name: str) -> str:
        self._name(name)
        return self.raw.gender(name)

    def display(self, name: str) -> str:
        self._name(name)
        return self.raw.display(name)


def changed_keys(before: Archive, before_derived: Mapping[str, Mapping[Any, Any]], after: Archive, after_derived: Mapping[str, Mapping[Any, Any]]) -> Reads:
    """What differs between two archives (and what is made from them), in the terms pages read it."""
    changed: Reads = {}
    old_maps, new_maps = tracked_maps(before, before_derived), tracked_maps(after, after_derived)
    for name, new in new_maps.items():
        old = old_maps[name]
        if old == new and list(old) == list(new):  # in C: most maps are as they were (a quarter of the walk below)
            continue
        differ = [k for k in old.keys() | new.keys() if old.get(k) is not new.get(k) and old.get(k) != new.get(k)]
        if differ or list(old) != list(new):
            changed[(name, ALL)] = MEMBERSHIP
        for key in differ:
            was, now = old.get(key), new.get(key)
            if type(was) is type(now) and (bits := ATTRIBUTE_BITS.get(type(now))):  # read attribute by attribute
                changed[(name, key)] = sum(bit for a, bit in bits.items() if getattr(was, a) != getattr(now, a))
            else:  # a value changed, or one came or went
                changed[(name, key)] = EVERY
    return changed | changed_names(before, after)


def changed_names(before: Archive, after: Archive) -> Reads:
    """The people whose spelling, civility or page changed; all of them when spellings were merged or split."""
    old, new = before.members, after.members
    merged = old.aliases != new.aliases
    keys = before.names.keys() | after.names.keys()
    return {
        (NAME, key): MEMBERSHIP for key in keys
        if merged or before.names.get(key) != after.names.get(key) or old.genders.get(key) != new.genders.get(key)
    }
