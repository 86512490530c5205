from __future__ import annotations

import pytest

from registre.errors import ContentErrors
from registre.yamldoc import dotted, parse_yaml


def test_lines_are_kept_for_keys_and_items_with_the_offset() -> None:
    doc = parse_yaml("number: x\npresent:\n  - A\n  - B\nvote: {result: adopted}\n", "a.md", first_line=2)
    assert doc.lines[("number",)] == 2
    assert doc.lines[("present", 1)] == 5
    assert doc.line(("vote", "result")) == 6
    assert doc.line(("missing", "key")) == 1


def test_dates_stay_text_so_impossible_dates_are_ours_to_report() -> None:
    assert parse_yaml("date: 2017-02-30\n", "a.md").data == {"date": "2017-02-30"}


def test_malformed_yaml_names_the_line() -> None:
    with pytest.raises(ContentErrors) as caught:
        parse_yaml("title: ok\npresent: [A, B\nvote: x\n", "a.md", first_line=2)
    (problem,) = caught.value.problems
    # The list left open on line 3 (line 2 of the text, which starts at line 2 of the file).
    assert (problem.path, problem.line) == ("a.md", 3)
    assert problem.message.startswith("invalid YAML: ")


def test_a_key_given_twice_is_an_error() -> None:
    with pytest.raises(ContentErrors) as caught:
        parse_yaml("title: a\ntitle: b\n", "a.md")
    assert str(caught.value) == "a.md:2: title: key given twice"


def test_dotted_paths() -> None:
    assert dotted(("represented", 0, "proxy")) == "represented[0].proxy"
    assert dotted(("vote",)) == "vote"
