from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from registre.config import load_config
from registre.read import split_front_matter
from registre.validate import validate_source

from .conftest import act_text, good_act

CONFIG_TEXT = """collectivity: {name: Métropole, siret: "20005480700017"}
bodies: {BM: {name: Bureau}, CM: {name: Conseil}}
themes: {ECO: {name: Économie}, HN: {name: Institutions}}
"""


@pytest.fixture
def check(tmp_path: Path):  # type: ignore[no-untyped-def]
    (tmp_path / "site_config.yaml").write_text(CONFIG_TEXT, encoding="utf-8")
    (tmp_path / "content" / "attachments").mkdir(parents=True)
    (tmp_path / "content" / "attachments" / "c.pdf").write_bytes(b"%PDF")
    config = load_config(tmp_path / "site_config.yaml")

    def run(text: str) -> tuple[Any, list[str]]:
        act, problems = validate_source(split_front_matter(text, "a.md", "a.md"), config)
        return act, [f"{p.line}: {p.field}: {p.message}" for p in sorted(problems)]

    return run


def test_a_good_act_becomes_an_act(check) -> None:  # type: ignore[no-untyped-def]
    act, problems = check(act_text(good_act(rapporteur="Martine  VASSAL", attachments=[{"title": "C", "file": "attachments/c.pdf"}])))
    assert problems == []
    assert (act.slug, act.rapporteur, act.session_id, act.parts["register"]) == ("eco-003-2438-17-bm", "Martine VASSAL", "2017-10-19-bm", "2438")
    assert act.represented[0].proxy == "Alexandre GALLESE"
    assert act.body_line == 20


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"date": "19/10/2017"}, ['4: date: expected YYYY-MM-DD, got "19/10/2017"']),
        ({"date": "2017-02-30", "number": "ECO 003-2438/17/BM"}, ['4: date: "2017-02-30" is not a date of the calendar']),
        ({"date": 2017}, ["4: date: expected YYYY-MM-DD, got a number (2017)"]),
        ({"rapporteur": ["A", "B"]}, ["7: rapporteur: expected text, got a list"]),
        ({"present": "Jean-Claude GAUDIN"}, ['8: present: expected a list, got "Jean-Claude GAUDIN"']),
        ({"title": None}, ["1: title: required key is missing"]),
        ({"titel": "x"}, ['16: titel: unknown key "titel" (did you mean "title"?)']),
        ({"theme": "XYZ", "number": "XYZ 003-2438/17/BM"}, ['6: theme: unknown theme "XYZ" (known: ECO, HN)']),
        ({"body": "CP", "number": "ECO 003-2438/17/CP"}, ['5: body: unknown body "CP" (known: BM, CM)']),
        ({"number": "ECO-3"}, ['2: number: "ECO-3" does not match the number pattern of site_config.yaml']),
        ({"theme": "HN"}, ['6: theme: "HN" differs from the theme in the number (ECO)']),
        ({"body": "CM"}, ['5: body: "CM" differs from the body in the number (BM)']),
        ({"signed": "2017-10-18"}, ["16: signed: signed on 2017-10-18 before the session of 2017-10-19"]),
        ({"signed": "2017-10-20", "received": "2017-10-19"}, ["17: received: received on 2017-10-19 before it was signed (2017-10-20)"]),
        ({"represented": [{"member": "X", "proxy": "Nobody HERE"}]}, ['13: represented[0].proxy: "Nobody HERE" holds a proxy but is not listed as present']),
        ({"vote": {"result": "adopted", "for": 5, "against": 0, "abstention": 0}}, ["14: vote: 5 votes counted but only 3 members could vote"]),
        ({"vote": {"result": "adopted", "for": 2}}, ["14: vote: give for, against and abstention together (0 where none)"]),
        ({"vote": {"result": "passed"}}, ['15: vote.result: expected one of adopted, rejected, got "passed"']),
        ({"attachments": [{"title": "P", "file": "../../etc/passwd"}]}, ['18: attachments[0].file: "../../etc/passwd" leaves the content folder']),
        ({"attachments": [{"title": "P", "file": "attachments/missing.pdf"}]}, ['18: attachments[0].file: "attachments/missing.pdf" does not exist in content/']),
    ],
)
def test_each_problem_is_reported_at_its_line(check, changes: dict[str, Any], expected: list[str]) -> None:  # type: ignore[no-untyped-def]
    act, problems = check(act_text(good_act(**changes)))
    assert problems == expected
    assert act is None


def test_every_problem_of_a_file_at_once(check) -> None:  # type: ignore[no-untyped-def]
    _, problems = check(act_text(good_act(date="2017-13-01", rapporteur=3, vote={"result": "adopted", "for": "many"})))
    assert problems == [
        '4: date: "2017-13-01" is not a date of the calendar',
        "7: rapporteur: expected text, got a number (3)",
        '16: vote.for: expected a whole number, got "many"',
    ]


def test_an_empty_front_matter_lists_every_required_key(check) -> None:  # type: ignore[no-untyped-def]
    _, problems = check("---\n---\nText\n")
    assert problems == [f"1: {key}: required key is missing" for key in ("body", "date", "number", "theme", "title", "vote")]


def test_an_extract_without_rapporteur_or_proxy_holder_is_recorded_as_it_says(check) -> None:  # type: ignore[no-untyped-def]
    # « Absents ayant voté par procuration » names no holder; « Certifié conforme » names the signatory, not a rapporteur.
    act, problems = check(act_text(good_act(rapporteur=None, signatory="Martine VASSAL", signatory_role="Vice-Présidente", represented=[{"member": "Maryse JOISSAINS MASINI"}])))
    assert problems == []
    assert (act.rapporteur, act.signatory, act.signatory_role, act.represented[0].proxy) == (None, "Martine VASSAL", "Vice-Présidente", None)


def test_a_number_naming_another_year_than_the_session_is_warned_and_the_act_kept(check) -> None:  # type: ignore[no-untyped-def]
    # Both are the register's: an act of a new year numbered in the last one's series is published as written.
    act, problems = check(act_text(good_act(date="2018-01-11")))
    assert act is not None and act.date.year == 2018 and act.number == "ECO 003-2438/17/BM"
    assert problems == ["4: date: the year 2018 differs from the year in the number (17): check both against the register"]


@pytest.mark.parametrize("listed", ["excused", "absent"])
def test_a_rapporteur_listed_away_is_warned_and_the_act_kept(check, listed: str) -> None:  # type: ignore[no-untyped-def]
    act, problems = check(act_text(good_act(**{listed: ["Martine VASSAL"]})))
    assert act is not None
    assert problems == [f'7: rapporteur: "Martine VASSAL" reported the act but is listed {listed}']


def test_text_refuses_exactly_unicode_s_control_characters_and_surrogates() -> None:
    """The check is a regex of fixed ranges: it must match what Unicode calls Cc and Cs, nothing else."""
    import unicodedata

    from registre.schema import CONTROL

    differ = [hex(c) for c in range(0x110000) if bool(CONTROL.match(chr(c))) != (unicodedata.category(chr(c)) in ("Cc", "Cs"))]
    assert differ == []
