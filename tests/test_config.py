from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from registre.config import DEFAULT_NUMBER_PATTERN, citation_regex, find_citations, load_config
from registre.errors import ContentErrors

from .conftest import ROOT


def test_the_project_config_loads_and_its_pattern_splits_both_number_forms() -> None:
    config = load_config(ROOT / "site_config.yaml")
    assert config.bodies["BM"].name == "Bureau de la Métropole"
    assert config.parse_number("ECO 003-2438/17/BM") == {"theme": "ECO", "order": "003", "register": "2438", "year": "17", "body": "BM", "rest": ""}
    assert config.parse_number("HN009-011/16/CM") == {"theme": "HN", "order": "009", "register": "011", "year": "16", "body": "CM", "rest": ""}
    assert config.parse_number("ECO 003-2438/17") is None
    assert config.content_dir == ROOT / "content"


@settings(max_examples=400, deadline=None)
@given(
    st.sampled_from([DEFAULT_NUMBER_PATTERN, r"(?P<year>\d{4})-(?P<order>\d{3})", r"(?P<order>\d+)"]),
    st.text(alphabet="ABCDEx 0123-/é\n", max_size=80),
)
@example(r"(?P<year>\d{4})-(?P<order>\d{3})", "1234-5678-123")  # a number inside a near miss
@example(DEFAULT_NUMBER_PATTERN, "xAB 001-1/96/BM AB 001-1/96/BM/AB 001-2/96/BM CD002-3/96/CM")
def test_citations_are_found_where_the_whole_pattern_finds_them(pattern: str, text: str) -> None:
    """Found from the bare pattern's places: the same matches as the pattern with its look-arounds,
    numbers glued to a word or a slash, side by side, or one beginning inside a near miss."""
    expected = [(m.span(), m.groupdict()) for m in citation_regex(pattern).finditer(text)]
    assert [(m.span(), m.groupdict()) for m in find_citations(text, pattern)] == expected


def test_overrides_from_the_command_line(tmp_path: Path) -> None:
    config = load_config(ROOT / "site_config.yaml", content_dir=tmp_path, output_dir=tmp_path / "o", base_url="https://x.fr/archives")
    assert (config.content_dir, config.output_dir, config.base_url) == (tmp_path, tmp_path / "o", "https://x.fr/archives/")


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "site_config.yaml"
    path.write_text(text, encoding="utf-8")
    return path


MINIMAL = """collectivity: {name: Ville, siret: "20005480700017"}
bodies: {CM: {name: Conseil municipal}}
themes: {ECO: {name: Économie}}
"""


def test_unknown_keys_and_bad_values_are_all_reported_with_their_lines(tmp_path: Path) -> None:
    path = write(tmp_path, MINIMAL + "titel: x\nthemes_x: 1\npage_size: -3\nnumber_pattern: '(?P<code>[A-Z]+)'\n")
    with pytest.raises(ContentErrors) as caught:
        load_config(path)
    lines = [f"{p.line}: {p.field}: {p.message}" for p in caught.value.problems]
    assert lines == [
        '4: titel: unknown key "titel" (did you mean "title"?)',
        '5: themes_x: unknown key "themes_x" (did you mean "themes"?)',
        "6: page_size: expected a whole number, got a number (-3)",
        "7: number_pattern: name the pattern's groups among theme, order, register, year, body (not code)",
    ]


def test_missing_required_sections(tmp_path: Path) -> None:
    path = write(tmp_path, "title: x\n")
    with pytest.raises(ContentErrors) as caught:
        load_config(path)
    assert [p.field for p in caught.value.problems] == ["bodies", "collectivity", "themes"]


def test_a_siret_must_have_14_digits(tmp_path: Path) -> None:
    path = write(tmp_path, MINIMAL.replace("20005480700017", "2000548"))
    with pytest.raises(ContentErrors, match='collectivity.siret: expected 14 digits, got "2000548"'):
        load_config(path)


def test_the_readme_table_of_keys_is_the_schema_s() -> None:
    """Keys are declared once, in registre/config.py (type, default, help): the README's table is written from
    them by tools/config_table.py, and a key added, renamed or documented anew there without it fails here."""
    from tools.config_table import README, with_table

    readme = README.read_text(encoding="utf-8")
    assert with_table(readme) == readme, "run tools/config_table.py"
    for key in ("`paths.output`", "`search_shard_months` | `auto`", "`collectivity.siret` | required", "`page_size` | `50`"):
        assert key in readme


@pytest.mark.parametrize(
    ("pattern", "same", "other"),
    [
        # Lannion's numbers name the session's month and day outside any group.
        (r"(?P<year>\d{4})\d{4}-(?P<order>\d{2})", ["20200525-01"], "20200608-01"),
        # Massiac's name the session's order outside any group, after letters and dots.
        (r"D\.C\. ?(?P<year>\d{4})/\d+-(?P<order>\d{3})", ["D.C. 2020/3-030", "D.C.2020/3-030"], "D.C. 2020/4-030"),
        (DEFAULT_NUMBER_PATTERN, ["ECO 003-2438/17/BM", "ECO003-2438/17/BM"], "ECO 003-2439/17/BM"),
    ],
)
def test_numbers_are_one_act_when_only_their_spacing_differs_whatever_the_pattern_names(pattern: str, same: list[str], other: str) -> None:
    from registre.config import number_key, number_parts

    def key(number: str) -> tuple[str, ...]:
        return number_key(number_parts(re.fullmatch(pattern, number)))  # type: ignore[arg-type]

    assert len({key(number) for number in same}) == 1
    assert key(other) != key(same[0])
