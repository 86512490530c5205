from __future__ import annotations

import datetime as dt
import functools
import itertools
import tempfile
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from registre.config import load_config
from registre.errors import ContentErrors
from registre import group
from registre.group import shard_months, surname_key
from registre.pages.acts import shard_order
from registre.load import load_archive
from registre.names import person_key, slugify

from .conftest import act_text, copy_site, good_act, run_cli


def test_names_are_one_person_however_written() -> None:
    assert person_key("Patrick BORÉ") == person_key("Patrick BORE") == person_key("Patrick  Boré") == "patrick bore"
    assert slugify("Patrick BORÉ") == "patrick-bore"
    assert slugify("ECO 003-2438/17/BM") == "eco-003-2438-17-bm"
    assert surname_key("Martine VASSAL") < surname_key("Michel ZORRO") and surname_key("Zoé ALBERT") < surname_key("Martine VASSAL")


def test_the_minimal_site_is_grouped(site) -> None:  # type: ignore[no-untyped-def]
    root = site("minimal")
    archive = load_archive(load_config(root / "site_config.yaml"))
    assert list(archive.acts) == ["ECO 003-2438/17/BM", "ECO 012-1558/17/BM", "FAG 001-012/16/CM", "HN009-011/16/CM"]
    assert list(archive.sessions) == ["2017-10-19-bm", "2017-02-09-bm", "2016-03-17-cm"]
    assert archive.sessions["2016-03-17-cm"].acts == ("HN009-011/16/CM", "FAG 001-012/16/CM")
    assert archive.terms["themes"]["ECO"].acts == ("ECO 003-2438/17/BM", "ECO 012-1558/17/BM")
    assert [t.key for t in archive.terms["annees"].values()] == ["2017", "2016"]
    assert archive.terms["rapporteurs"]["martine vassal"].slug == "martine-vassal"
    # The seed quotes HN 009-011/16/CM without the space the pattern allows.
    assert archive.cites["ECO 003-2438/17/BM"] == ("ECO 012-1558/17/BM", "HN009-011/16/CM")
    assert archive.cited_by["HN009-011/16/CM"] == ("ECO 003-2438/17/BM",)
    assert archive.unresolved["ECO 003-2438/17/BM"] == ()


def test_a_member_is_one_person_with_attendance_proxies_and_reports(site) -> None:  # type: ignore[no-untyped-def]
    archive = load_archive(load_config(site("minimal") / "site_config.yaml"))
    bore = archive.people["patrick-bore"]
    assert bore.name == "Patrick BORÉ"
    assert [r.presence for r in bore.attendance()] == ["present"] * 4
    assert bore.reported == ("HN009-011/16/CM",)
    vassal = archive.people["martine-vassal"]
    assert [(r.act, r.presence, r.proxy) for r in vassal.attendance()] == [
        ("ECO 003-2438/17/BM", "excused", None),
        ("ECO 012-1558/17/BM", "present", None),
        ("HN009-011/16/CM", "represented", "Henri PONS"),
    ]
    assert archive.people["alexandre-gallese"].proxies_held == (("ECO 003-2438/17/BM", "Maryse JOISSAINS MASINI"),)
    spelled = [str(w) for w in archive.warnings]
    assert any('"Patrick BORE" is spelled "Patrick BORÉ" elsewhere' in w for w in spelled)


def test_duplicate_numbers_and_colliding_pages_name_both_files(make_site) -> None:  # type: ignore[no-untyped-def]
    pattern = r"(?P<theme>[A-Z]+) (?P<order>[0-9a-zé]+)-(?P<register>\d+)/(?P<year>\d\d)/(?P<body>[A-Z]+)"
    root = make_site(
        {
            "a.md": act_text(good_act()),
            "b.md": act_text(good_act()),
            "c.md": act_text(good_act(number="ECO 3e-2438/17/BM")),
            "d.md": act_text(good_act(number="ECO 3é-2438/17/BM")),
            "e.md": act_text(good_act(number="ECO 003-02438/17/BM")),
        },
        config={"number_pattern": pattern},
    )
    with pytest.raises(ContentErrors) as caught:
        load_archive(load_config(root / "site_config.yaml"))
    assert [str(p) for p in caught.value.problems] == [
        'site/content/b.md:2: number: "ECO 003-2438/17/BM" is already the number of site/content/a.md',
        'site/content/d.md:2: number: "ECO 3é-2438/17/BM" gives the same page as "ECO 3e-2438/17/BM" in site/content/c.md (deliberations/eco-3e-2438-17-bm/)',
        'site/content/e.md:2: number: "ECO 003-02438/17/BM" is already the number of site/content/a.md (written "ECO 003-2438/17/BM")',
    ]


def test_unresolved_citations_are_warnings_at_their_line(make_site) -> None:  # type: ignore[no-untyped-def]
    root = make_site({"a.md": act_text(good_act(), "Texte.\n\nVu la délibération URB 015-0877/15/CM.\n")})
    archive = load_archive(load_config(root / "site_config.yaml"))
    assert [str(w) for w in archive.warnings] == ['site/content/a.md:19: body: warning: quotes "URB 015-0877/15/CM", which the archive does not hold']
    assert archive.unresolved["ECO 003-2438/17/BM"] == ("URB 015-0877/15/CM",)


def test_session_files_add_facts(make_site, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root = make_site({"a.md": act_text(good_act()), "sessions/2017-10-19-bm.yaml": "place: Hôtel de la Métropole, Marseille\n", "sessions/2017-10-20-bm.yaml": "place: ailleurs\n"})
    archive = load_archive(load_config(root / "site_config.yaml"))
    assert archive.sessions["2017-10-19-bm"].info.place == "Hôtel de la Métropole, Marseille"
    assert [str(w) for w in archive.warnings] == ['site/content/sessions/2017-10-20-bm.yaml:1: warning: no act belongs to a session "2017-10-20-bm" (expected <date>-<body>, e.g. 2017-10-19-bm)']


def test_one_person_spelled_two_ways_is_a_warning_at_the_item(make_site) -> None:  # type: ignore[no-untyped-def]
    root = make_site(
        {
            "a.md": act_text(good_act(present=["Jean-Claude GAUDIN", "Patrick BORÉ", "Alexandre GALLESE"])),
            "b.md": act_text(good_act(number="ECO 004-2439/17/BM", present=["Jean-Claude GAUDIN", "Patrick  Boré", "Alexandre GALLESE"], rapporteur="Patrick BORÉ")),
        }
    )
    archive = load_archive(load_config(root / "site_config.yaml"))
    assert [str(w) for w in archive.warnings] == ['site/content/b.md:10: present[1]: warning: "Patrick Boré" is spelled "Patrick BORÉ" elsewhere; one person, one spelling']
    assert archive.people["patrick-bore"].name == "Patrick BORÉ"


def test_search_bundles_split_the_year_only_as_far_as_needed_to_stay_small(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(group, "SHARD_ACTS", 2)

    def acts(*dates: str) -> list[Any]:
        return [SimpleNamespace(date=dt.date.fromisoformat(d)) for d in dates]

    assert shard_months(acts("2017-01-05", "2017-12-01", "2018-06-01")) == 12
    assert shard_months(acts("2017-01-05", "2017-02-01", "2017-12-01")) == 6
    assert shard_months(acts("2017-01-05", "2017-02-01", "2017-03-01", "2017-12-01")) == 2
    assert shard_months(acts("2017-01-05", "2017-01-06", "2017-01-07")) == 1  # a month over the limit: months it is
    assert sorted(["2017-2", "2016", "2017-10", "2017-1"], key=shard_order, reverse=True) == ["2017-10", "2017-2", "2017-1", "2016"]  # newest first


def test_the_configuration_can_fix_the_months_of_a_search_bundle(tmp_path: Path) -> None:
    root = copy_site("minimal", tmp_path / "site")
    assert load_archive(load_config(root / "site_config.yaml")).shard_months == 12  # four acts: one bundle a year
    with (root / "site_config.yaml").open("a", encoding="utf-8") as config:
        config.write("search_shard_months: 3\n")
    assert load_archive(load_config(root / "site_config.yaml")).shard_months == 3


def test_names_in_any_script_get_pages_of_their_own(make_site) -> None:  # type: ignore[no-untyped-def]
    front = good_act(rapporteur="Иван ПЕТРОВ", present=["Иван ПЕТРОВ", "王伟", "Ελένη ΠΑΠΑΔΟΠΟΥΛΟΥ"], represented=None)
    root = make_site({"a.md": act_text(front)})
    assert run_cli("build", "--config", root / "site_config.yaml", "--no-search").status == 0
    output = root / "output"
    for page in ("elus/ivan-petrov/", "elus/wangwei/", "elus/eleni-papadopoyloy/", "rapporteurs/ivan-petrov/"):
        assert (output / page / "index.html").is_file(), page
    listing = (output / "elus" / "index.html").read_text(encoding="utf-8")
    assert all(name in listing for name in ("Иван ПЕТРОВ", "王伟", "Ελένη ΠΑΠΑΔΟΠΟΥΛΟΥ"))


def test_look_alike_names_are_one_person_and_warned(make_site) -> None:  # type: ignore[no-untyped-def]
    acts = {
        "a.md": act_text(good_act(present=["Jean-Claude GAUDIN", "Alexandre GALLESE"])),
        "b.md": act_text(good_act(number="ECO 004-2439/17/BM", present=["Jean-Claude GAUDIN", "Alexandre GALL\u0415SE"])),
        "c.md": act_text(good_act(number="ECO 005-2440/17/BM", present=["Jean-Claude\u200b GAUDIN", "Alexandre GALLESE"])),
    }
    root = make_site(acts)
    checked = run_cli("check", "--config", root / "site_config.yaml")
    assert checked.status == 0
    assert 'content/b.md:10: present[1]: warning: "Alexandre GALLЕSE" mixes letters of several scripts (cyrillic, latin): a look-alike of another name?' in checked.out
    assert 'content/c.md:9: present[0]: warning: "Jean-Claude\\u200b GAUDIN" holds an invisible character (U+200B): a look-alike of another name?' in checked.out
    built = run_cli("build", "--config", root / "site_config.yaml", "--no-search")
    people = sorted(p.name for p in (root / "output" / "elus").iterdir() if p.is_dir())
    assert people == ["alexandre-gallese", "jean-claude-gaudin", "martine-vassal", "maryse-joissains-masini"], built.err


NAMES = ["Ana AUBRY", "Ben BRUN", "Cyril COSTE", "Dina DURAND"]


@functools.lru_cache(maxsize=1)
def an_act() -> Any:
    return load_archive(load_config(copy_site("minimal", Path(tempfile.mkdtemp()) / "site") / "site_config.yaml")).acts["ECO 012-1558/17/BM"]
lists = st.lists(st.sampled_from(NAMES), max_size=3)
attendances = st.tuples(lists, st.lists(st.tuples(st.sampled_from(NAMES), st.none() | st.sampled_from(NAMES)), max_size=2), lists, lists)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 2), attendances, st.integers(1, 3)), max_size=8))
def test_a_member_s_attendance_proxies_and_sessions_follow_the_acts_lists_in_order(runs: list[Any]) -> None:
    """Runs of acts with the same lists are taken at once (group_people): what each member gets is
    still what the acts say one by one, a member listed twice in an act or holding two proxies included."""
    import dataclasses

    from registre.models import Proxy

    base = an_act()
    acts = [
        dataclasses.replace(base, number=f"N{index}-{repeat}", date=base.date + dt.timedelta(days=session), present=tuple(present),
                            represented=tuple(Proxy(m, p) for m, p in represented), excused=tuple(excused), absent=tuple(absent), rapporteur=None)
        for index, (session, (present, represented, excused, absent), times) in enumerate(runs) for repeat in range(times)
    ]
    members = group.Members()
    names = {members.key(name): name for name in NAMES}
    people = {p.key: p for p in group.group_people(acts, names, members).values()}

    def listed(act: Any) -> list[tuple[str, str, str | None]]:
        return [("p", n, None) for n in act.present] + [("r", p.member, p.proxy) for p in act.represented] + [("e", n, None) for n in act.excused] + [("a", n, None) for n in act.absent]

    for key, name in names.items():
        rows = [(act, code, proxy) for act in acts for code, member, proxy in listed(act) if members.key(member) == key]
        person = people[key]
        assert person.attended == tuple(act.number for act, _, _ in rows)
        assert person.presences == "".join(code for _, code, _ in rows)
        assert person.sessions == tuple((session, len(list(run))) for session, run in itertools.groupby(act.session_id for act, _, _ in rows))
        assert person.proxies_given == tuple((i, names[members.key(proxy)]) for i, (_, _, proxy) in enumerate(rows) if proxy)
        assert person.proxies_held == tuple(
            (act.number, names[members.key(member)]) for act in acts for _, member, proxy in listed(act) if proxy and members.key(proxy) == key
        )


SPELLINGS = NAMES + ["Ana Aubry", "BEN Brun"]
"""Two members written a second way: an act added can change the spelling a member is shown by."""
some_names = st.lists(st.sampled_from(SPELLINGS), max_size=3)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 3), some_names, st.lists(st.tuples(st.sampled_from(SPELLINGS), st.sampled_from(SPELLINGS)), max_size=1), some_names, st.none() | st.sampled_from(SPELLINGS)), min_size=1, max_size=6),
    st.sampled_from(["added", "removed", "changed"]),
    st.integers(0, 5),
)
def test_the_people_an_act_changed_does_not_name_are_kept_as_they_were_and_equal_those_made_afresh(acts_lists: list[Any], change: str, which: int) -> None:
    """A build holds the last one's members where no act naming them came, went or changed
    (group.people_kept): they must equal the members grouped afresh, a spelling shown in
    another member's proxies included."""
    import dataclasses

    from registre.models import Proxy

    base = an_act()
    config = load_config(copy_site("minimal", Path(tempfile.mkdtemp()) / "site") / "site_config.yaml")

    def act(index: int, session: int, present: list[str], represented: list[tuple[str, str]], absent: list[str], rapporteur: str | None) -> Any:
        return dataclasses.replace(base, number=f"N{index}", slug=f"n{index}", date=base.date + dt.timedelta(days=session), present=tuple(present),
                                   represented=tuple(Proxy(m, p) for m, p in represented), excused=(), absent=tuple(absent), rapporteur=rapporteur)

    acts = [act(index, *lists) for index, lists in enumerate(acts_lists)]
    position = which % len(acts)
    after = list(acts)
    if change == "added":
        after.append(act(len(acts), *acts_lists[position]))
    elif change == "removed":
        del after[position]
    else:
        after[position] = act(position, *acts_lists[(position + 1) % len(acts)])
    before_archive, after_archive = group.group_acts(acts, config), group.group_acts(after, config)
    kept = group.people_kept(before_archive, after_archive)
    assert list(kept.people.items()) == list(after_archive.people.items())
    was, now = {a.number: a for a in acts}, {a.number: a for a in after}
    changed = {number for number in was.keys() | now.keys() if was.get(number) is not now.get(number)}  # as a build knows: by object
    named = {after_archive.members.key(name) for a in acts + after if a.number in changed for name in group._all_names(a)}
    if before_archive.names == after_archive.names:
        for slug, person in kept.people.items():
            if person.key not in named and slug in before_archive.people:
                assert person is before_archive.people[slug]


def test_an_act_added_keeps_the_other_members_as_they_were(site) -> None:  # type: ignore[no-untyped-def]
    root = site("minimal")
    config = load_config(root / "site_config.yaml")
    cache: dict[str, Any] = {}
    before = load_archive(config, cache)  # the acts not read again are the same objects, as in a build
    text = (root / "content/2017/eco-012-1558-17-bm.md").read_text(encoding="utf-8")
    (root / "content/2017/eco-013-1559-17-bm.md").write_text(text.replace("ECO 012-1558/17/BM", "ECO 013-1559/17/BM"), encoding="utf-8")
    after = group.people_kept(before, load_archive(config, cache))
    named = {after.members.key(name) for name in group._all_names(after.acts["ECO 013-1559/17/BM"])}
    assert named and set(after.people) == set(before.people)
    for slug, person in after.people.items():
        assert (person is before.people[slug]) == (person.key not in named), slug
