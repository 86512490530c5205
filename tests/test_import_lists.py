"""`import` of lists and registers of deliberations: the sessions they list, written into session files."""

from __future__ import annotations

from pathlib import Path

import yaml

from .conftest import COMMUNE, ROOT, import_site, run_cli

PDFS = ROOT / "tests" / "extracts" / "pdf"
REGISTER = PDFS / "pierrefonds-repertoire-chronologique-2024.pdf"
LIST = PDFS / "flaux-liste-deliberations-2025-05-16.pdf"
def site(root: Path, bodies: dict[str, dict[str, str]] | None = None) -> Path:
    return import_site(root, {**COMMUNE, "number_pattern": r"(?P<year>\d{4})_(?P<order>\d{2,3})", **({"bodies": bodies} if bodies else {})})


def listed(root: Path, session: str) -> list[dict[str, str]]:
    return yaml.safe_load((root / "content" / "sessions" / f"{session}.yaml").read_text(encoding="utf-8"))["deliberations"]


def test_a_register_gives_each_session_its_list_and_check_names_the_acts_not_held(tmp_path: Path) -> None:
    config = site(tmp_path)
    result = run_cli("import", REGISTER, "--config", config)
    assert result.status == 0, result.err
    sessions = sorted(p.stem for p in (tmp_path / "content" / "sessions").iterdir())
    assert sessions == [f"2024-{d}-cm" for d in ("01-23", "02-20", "03-28", "04-10", "05-15", "06-13", "08-28", "10-15", "12-10")]
    counts = [len(listed(tmp_path, s)) for s in sessions]
    assert counts == [3, 4, 6, 7, 6, 9, 8, 4, 13] and sum(counts) == 60  # the register's 60 rows, the one after the page break too
    assert listed(tmp_path, "2024-01-23-cm")[2] == {
        "number": "2024_03",
        "title": "Approbation de la convention entre la commune et le SMOA concernant la réalisation de travaux de restauration "
        "de l’écoulement du ru de Valois au droit de la rue du Bois d’Haucourt",
        "outcome": "postponed",  # « Ajournée au prochain CM »
    }
    assert listed(tmp_path, "2024-06-13-cm")[1]["number"] == "2024_28"  # the first row of the second page
    assert listed(tmp_path, "2024-10-15-cm")[3] == {"number": "2024_47", "title": "SE60 rapport d’activités 2023", "outcome": "noted"}
    assert "content/sessions/2024-12-10-cm.yaml" in result.out

    # The archive holds none of these acts: check names each, at its line.
    checked = run_cli("check", "--config", config)
    assert checked.status == 0, checked.out
    assert "sessions/2024-01-23-cm.yaml:2: deliberations: warning: 2024_01 (adopted): the archive holds no act with this number in this session" in checked.out
    assert checked.out.count("the archive holds no act with this number") == 58  # all but the postponed item and the one noted
    built = run_cli("build", "--config", config, "--no-search")
    assert built.status == 0, built.err
    page = (tmp_path / "output" / "seances" / "2024-01-23-cm" / "index.html").read_text(encoding="utf-8")
    assert "Liste des délibérations (3)" in page and "Reportée" in page


def test_a_list_without_outcomes_says_so_and_keeps_what_a_session_file_held(tmp_path: Path) -> None:
    config = site(tmp_path, {"CM": {"name": "Conseil municipal"}, "CCAS": {"name": "Conseil d'administration du CCAS"}})
    # Two bodies, the list names neither: import asks which.
    asked = run_cli("import", LIST, "--config", config)
    assert asked.status == 1 and "the document does not say which body sat: give --body" in asked.err
    session = tmp_path / "content" / "sessions" / "2025-05-16-cm.yaml"
    session.parent.mkdir()
    session.write_text("place: Salle des fêtes  # moved for works\n", encoding="utf-8")
    result = run_cli("import", LIST, "--config", config, "--body", "CM")
    assert result.status == 0, result.err
    text = session.read_text(encoding="utf-8")
    assert text.startswith("place: Salle des fêtes  # moved for works\ndeliberations:\n")
    items = listed(tmp_path, "2025-05-16-cm")
    assert [item["title"] for item in items][::5] == ["Approbation du procès-verbal du 04 avril 2025", "Modification de la délibération n°2024-37 Remplacement des bornes à incendie"]
    assert len(items) == 6 and all(set(item) == {"title"} for item in items)  # no number, no outcome: none invented
    assert result.err.count("the document gives no outcome") == 6
    # A session file that lists deliberations already keeps its list, and import says so.
    again = run_cli("import", LIST, "--config", config, "--body", "CM")
    assert again.status == 0 and "lists deliberations already: its list is left as it is" in again.err
    assert session.read_text(encoding="utf-8") == text
