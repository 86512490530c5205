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


@pytest.mark.parametrize(
    "text",
    [
        "number: x\npresent: [A, B]\nvote: {result: adopted, for: 12, unanimous: true}\nmatter: null\nrate: 1.5\n",
        "base: &b {result: adopted}\nvote:\n  <<: *b\n  for: 3\n",  # a merge key
        "2017: année\nyes: oui\n",  # keys that are not text
        "names: !!set {A: null, B: null}\nitems: !!omap [{a: 1}, {b: 2}]\n",
        "one: &x [A, B]\ntwo: *x\n",
        "just text\n",
        "- a\n- {b: 1}\n",
    ],
)
def test_the_data_is_what_pyyaml_builds(text: str) -> None:
    """Plain text, lists and mappings are built while the lines are read; anything else by PyYAML."""
    from registre.yamldoc import _Loader

    loader = _Loader(text)
    try:
        expected = loader.get_single_data()
    finally:
        loader.dispose()
    assert parse_yaml(text, "a.md").data == expected
