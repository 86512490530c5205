"""`import`: official extracts, as pdftotext gives them, into content files that `check` accepts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from registre.config import load_config
from registre.importer import content_file, import_extract
from registre.read import split_front_matter

from .conftest import ROOT, copy_site, run_cli

EXTRACTS = ROOT / "tests" / "extracts"
SEED = EXTRACTS / "amp-bm-2017-eco-003-2438.txt"


def front_and_body(text: str) -> tuple[dict[str, Any], str]:
    source = split_front_matter(text, "x.md", "x.md")
    return yaml.safe_load(source.front_matter), source.body


def imported(name: str, site: str | None, tmp_path: Path) -> tuple[dict[str, Any], str, list[str]]:
    config_path = copy_site(site, tmp_path / site) / "site_config.yaml" if site else ROOT / "site_config.yaml"
    config = load_config(config_path)
    extract = import_extract((EXTRACTS / name).read_text(encoding="utf-8"), name, config)
    front, body = front_and_body(content_file(extract))
    return front, body, [f"{p.line}: {p.field}: {p.message}" for p in sorted(extract.problems)]


def test_importing_the_seed_gives_its_transcription_field_by_field(tmp_path: Path) -> None:
    front, body, problems = imported(SEED.name, None, tmp_path)
    expected_front, expected_body = front_and_body((ROOT / "content/2017/eco-003-2438-17-bm.md").read_text(encoding="utf-8"))
    expected_front.pop("attachments")  # the extract names no file: the transcription adds it
    assert sorted(front) == sorted(expected_front)
    for key in expected_front:
        assert front[key] == expected_front[key], key
    assert body == expected_body
    assert problems == []


CASES = {
    "amp-cm-2019-fag-012.txt": (
        None,
        {
            "number": "FAG 012-5678/19/CM", "report": "FAG 19/9012/CM", "body": "CM", "theme": "FAG", "president": "Martine VASSAL",
            "signatory": "Roland BLUM", "signatory_role": "Vice-Président Délégué Finances et Budget", "rapporteur": None, "absent": ["Nicolas ISNARD"],
            "excused": ["Christophe AMALRIC", "Gaby CHARROUX"], "signed": "2019-03-28", "received": "2019-04-04",
            "vote": {"result": "adopted", "for": 9, "against": 3, "abstention": 1, "names": {"against": ["Martial ALVAREZ", "Martine CESARI", "Danielle MILON"], "abstention": ["Roland MOUREN"]}},
        },
        [],
    ),
    "amp-bm-2018-urb-rejet.txt": (
        None,
        {"number": "URB 004-3002/18/BM", "date": "2018-02-01", "vote": {"result": "rejected", "for": 2, "against": 3, "abstention": 0}, "signatory": "Henri PONS", "rapporteur": None},
        ["1: received: no « Reçu au contrôle de légalité le … » date found", "1: signed: no « Signé le … » date found"],
    ),
    "commune-venelles-cm-2022-045.txt": (
        "commune",
        {
            "number": "2022-045", "date": "2022-06-28", "body": "CM", "theme": "CULT", "matter": "8.9", "president": "Arnaud MERCIER",
            "rapporteur": "Christine LE STRAT", "vote": {"result": "adopted", "unanimous": True}, "excused": ["Bruno LAGIER", "Odile CHABERT"],
            "received": "2022-07-01", "published": "2022-07-04",
            "title": "Approbation du règlement intérieur de la médiathèque municipale et des tarifs d'inscription",
        },
        ["1: signed: no « Signé le … » date found", "76: attachments: annexes named (Annexe : règlement intérieur de la médiathèque): add their files under content/ and list them"],
    ),
    "departement-vaucluse-cp-2021-612.txt": (
        "departement",
        {
            "number": "2021-612", "date": "2021-12-10", "body": "CP", "theme": "SUB", "president": "Dominique SANTONI", "rapporteur": "Christian MOUNIER",
            "represented": [{"member": "Laure COMTE-BERGER", "proxy": "Christian MOUNIER"}], "absent": ["Sylvie FARE", "Joris HÉBRARD"],
            "vote": {"result": "adopted", "for": 10, "against": 2, "abstention": 1, "not_voting": 1, "names": {"not_voting": ["Pierre GONZALVEZ"]}},
        },
        [
            "62: absent: Joris HÉBRARD gave a proxy to Sylvie FARE, who left: listed absent for this act",
            "62: absent: Sylvie FARE left the session: listed absent for this act",
            "83: attachments: annexes named (Annexe : tableau des subventions attribuées): add their files under content/ and list them",
        ],
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_other_layouts_and_collectivities_import(name: str, tmp_path: Path) -> None:
    site, expected, expected_problems = CASES[name]
    front, body, problems = imported(name, site, tmp_path)
    for key, value in expected.items():
        assert str(front.get(key)) == str(value), key
    assert "rapporteur_role" not in front or site is None
    assert problems == expected_problems
    assert "Signé le" not in body and "Page 1" not in body and "Page 2" not in body


def test_the_import_command_writes_files_check_accepts_and_never_overwrites(tmp_path: Path) -> None:
    root = copy_site("commune", tmp_path / "commune")
    config = root / "site_config.yaml"
    extract = EXTRACTS / "commune-venelles-cm-2022-045.txt"
    result = run_cli("import", extract, "--config", config)
    assert result.status == 0, result.err
    assert (root / "content/2022/2022-045.md").is_file()
    assert "commune-venelles-cm-2022-045.txt:1: signed: warning: no « Signé le … » date found" in result.err
    assert run_cli("check", "--config", config).status == 0
    again = run_cli("import", extract, "--config", config)
    assert again.status == 1 and "exists already" in again.err
    assert run_cli("import", extract, "--config", config, "--force").status == 0


def test_the_seed_imports_into_a_new_folder_and_builds(tmp_path: Path) -> None:
    result = run_cli("import", SEED, "--config", ROOT / "site_config.yaml", "--output-dir", tmp_path / "out")
    assert result.status == 0 and result.err == ""
    assert (tmp_path / "out/eco-003-2438-17-bm.md").is_file()


def test_an_extract_in_windows_1252_and_one_with_nothing_to_read(tmp_path: Path) -> None:
    (tmp_path / "latin.txt").write_bytes(SEED.read_text(encoding="utf-8").encode("cp1252", errors="replace"))
    result = run_cli("import", tmp_path / "latin.txt", "--config", ROOT / "site_config.yaml", "--output-dir", tmp_path / "out")
    assert "latin.txt:1: warning: not UTF-8: read as Windows-1252" in result.err
    (tmp_path / "empty.txt").write_text("Compte rendu sommaire.\n", encoding="utf-8")
    result = run_cli("import", tmp_path / "empty.txt", "--config", ROOT / "site_config.yaml", "--output-dir", tmp_path / "out")
    assert result.status == 1
    assert "empty.txt:1: number: warning: no line holds an act number matching site_config.yaml" in result.err
    assert "Compte rendu sommaire." in (tmp_path / "out/empty.md").read_text(encoding="utf-8")  # kept, not dropped


def test_an_extract_without_number_nor_date_is_named_after_its_file(tmp_path: Path) -> None:
    from .conftest import copy_site, run_cli

    root = copy_site("minimal", tmp_path / "site")
    extract = tmp_path / "note du maire.txt"
    extract.write_text("Quelque chose\nsans numéro ni date\n", encoding="utf-8")
    result = run_cli("import", extract, "--config", root / "site_config.yaml")
    assert result.status == 1  # to complete: no number, no title, no vote
    assert (root / "content" / "note-du-maire.md").is_file()
    assert not list((root / "content").glob("0/*")) and not list((root / "content").rglob(".md"))


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("L’an deux mille vingt, le 10 février, le Conseil Municipal", "2020-02-10"),  # Massiac: the day in figures
        ("L'an deux mille dix-sept, le dix-neuf octobre", "2017-10-19"),
        ("Séance publique du jeudi 22 mai 2014", "2014-05-22"),
        ("Réception en Préfecture : 26/05/2014", "2014-05-26"),
    ],
)
def test_session_dates_are_read_in_their_written_forms(written: str, expected: str) -> None:
    from registre.frenchtext import find_date

    assert str(find_date(written)) == expected


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("ACHALME Didier", "Didier ACHALME"),
        ("DE SAINT JOUAN Cédric", "Cédric DE SAINT JOUAN"),
        ("DELORME Marie-Christine", "Marie-Christine DELORME"),
        ("Jean-Claude GAUDIN", "Jean-Claude GAUDIN"),
        ("SAINT JOUAN", "SAINT JOUAN"),
    ],
)
def test_names_written_surname_first_get_their_given_names_first(written: str, expected: str) -> None:
    from registre.importer import given_first

    assert given_first(written) == expected


def test_a_title_goes_on_over_short_paragraphs_and_past_a_preposition(tmp_path: Path) -> None:
    config = load_config(copy_site("commune", tmp_path / "commune") / "site_config.yaml")
    text = (
        "Séance du 9 juin 2020\n\n2022-045\n\nCCAS\n\nDésignation des délégués\n\n"
        "Versement d’un acompte à l’OGEC sur la\n\nparticipation communale\n\n"
        "Le Conseil Municipal,\n\n"
        "Monsieur le Maire informe l’assemblée municipale de la nécessité de renouveler le conseil.\n"
    )
    extract = import_extract(text, "a.txt", config)
    assert extract.front["title"] == "CCAS Désignation des délégués Versement d’un acompte à l’OGEC sur la participation communale"


def test_running_headers_and_footers_go_by_their_repetition_not_their_wording(tmp_path: Path) -> None:
    config = load_config(copy_site("commune", tmp_path / "commune") / "site_config.yaml")
    text = (EXTRACTS / "commune-venelles-cm-2022-045.txt").read_text(encoding="utf-8").replace("Page 2/2\n", "")
    lines = text.split("\n")
    # Three pages, each under « Mairie de Venelles – registre 2022 » and over « Registre – folio N »:
    # words no pattern knows, found by their repetition.
    first, second = (next(i for i in range(at, len(lines)) if not lines[i]) for at in (25, 50))  # between paragraphs
    pages = [lines[:first], lines[first:second], lines[second:]]
    paged = "\n\f".join("\n".join(["Mairie de Venelles – registre 2022", *page, f"Registre – folio {n}"]) for n, page in enumerate(pages, 41))
    extract = import_extract(paged, "a.txt", config)
    assert "folio" not in extract.body and "registre 2022" not in extract.body
    alone = import_extract(text, "a.txt", config)
    assert extract.body == alone.body and extract.front == alone.front  # the rest read as without them


def test_a_field_read_twice_differently_is_written_once_and_reported_with_both_lines(tmp_path: Path) -> None:
    # The seed's session is « 19 octobre 2017 »; a stamp whose identifier dates the act the 20th contradicts it.
    text = SEED.read_text(encoding="utf-8") + "\n213-200054807-20171020-ECO003-DE\n"
    config = load_config(ROOT / "site_config.yaml")
    extract = import_extract(text, "seed.txt", config)
    assert str(extract.front["date"]) == "2017-10-19"  # the header's, read first
    stamp_line = len(text.split("\n")) - 1
    header_line = extract.findings["date"].line
    assert [f"{p.line}: {p.field}: {p.message}" for p in extract.problems if p.field == "date"] == [
        f'{stamp_line}: date: "2017-10-20" (the @ctes identifier) differs from "2017-10-19" read on line {header_line} (the session line of the header): the first is written; check it'
    ]


@pytest.mark.parametrize(
    ("written", "count"),
    [("Membres en exercice : 29 Présents : 23 Votants : 25", 23), ("Nombre de conseillers présents : 18", 18), ("ont été présents 23 membres", 23)],
)
def test_the_members_counted_present_are_checked_against_the_list(tmp_path: Path, written: str, count: int) -> None:
    config = load_config(copy_site("commune", tmp_path / "commune") / "site_config.yaml")
    text = f"Séance du 28 juin 2022\n\n{written}\n\nPrésents : Arnaud MERCIER, Christine LE STRAT\n\n2022-045\n\nObjet : Tarifs\n\nLe Conseil adopte.\n"
    extract = import_extract(text, "a.txt", config)
    assert [p.message for p in extract.problems if p.field == "present"] == [f"the extract counts {count} members present, the list names 2"]


@pytest.mark.parametrize(
    "decision",
    [
        "Le Conseil Municipal, après en avoir délibéré, décide :",
        "Le Conseil municipal a décidé de créer les commissions suivantes :",
        "Les membres du Conseil Municipal ont décidé de créer les commissions facultatives suivantes :",
        "Les membres du conseil approuvent le règlement intérieur.",
        "Le Conseil Communautaire, ouï l'exposé du rapporteur, autorise le Président à signer la convention.",
    ],
)
def test_a_decision_without_a_vote_is_read_as_adopted_and_said(decision: str) -> None:
    from registre.importer.closing import read_vote
    from registre.importer.extract import Extract

    extract = Extract("x.txt")
    read_vote([(1, "Le Maire expose le projet."), (2, ""), (3, decision), (4, "- la commission des finances.")], extract)
    assert extract.front.get("vote") == {"result": "adopted"}
    assert [(p.line, p.field) for p in extract.problems] == [(3, "vote")]


def test_no_decision_and_no_vote_leave_the_vote_unread() -> None:
    from registre.importer.closing import read_vote
    from registre.importer.extract import Extract

    extract = Extract("x.txt")
    read_vote([(1, "Le Maire rappelle la délibération du conseil municipal du 3 mars."), (2, "Les membres du conseil en prennent acte.")], extract)
    assert "vote" not in extract.front


def test_the_outcome_on_the_line_under_a_list_is_no_part_of_its_last_item() -> None:
    from registre.importer.body import markdown_body
    from registre.importer.closing import read_vote
    from registre.importer.extract import Extract

    lines = [(1, "Ont été élus :"), (2, "- Titulaire : Vincent HALUSKA"), (3, "- Suppléant : Christophe COUR"), (4, "Le Conseil Adopte.")]
    assert markdown_body(lines) == "Ont été élus :\n\n- Titulaire : Vincent HALUSKA\n- Suppléant : Christophe COUR\n\nLe Conseil Adopte."
    extract = Extract("x.txt")
    read_vote(lines, extract)
    assert extract.front["vote"] == {"result": "adopted"}
    # A line wrapped mid-sentence is no outcome, whatever its words.
    wrapped = [(1, "- la délibération par laquelle"), (2, "le conseil adopte chaque année son budget")]
    assert markdown_body(wrapped) == "- la délibération par laquelle le conseil adopte chaque année son budget"


@pytest.mark.parametrize("mark", ["-", "–", "—", "−", "•", "▪", "\uf02d", "➢", ">"])
def test_attendance_and_lists_marked_by_any_dash_or_bullet_are_read(mark: str) -> None:
    """Pierrefonds' minutes of 2016 mark items with the minus sign (U+2212), one item a paragraph."""
    from registre.importer.body import markdown_body
    from registre.importer.extract import Extract
    from registre.importer.header import read_header

    header = [
        "Présents : Madame Michèle BOURBIER, Monsieur Bernard ROBERT, Madame Florence DEMOUY.", "",
        "Pouvoirs :", "", f"{mark} Madame Isabelle SIGAUD à Madame Florence DEMOUY", "", f"{mark} Monsieur Antonio MENDES à Monsieur Bernard ROBERT", "",
        "Absents excusés :", "", f"{mark} Madame Dolorès HUDO", "", f"{mark} Monsieur Jean-Marc GOSSOT",
    ]
    extract = Extract("x.txt")
    read_header(list(enumerate(header, 1)), load_config(ROOT / "site_config.yaml"), extract, frozenset())
    assert extract.front["represented"] == [{"member": "Isabelle SIGAUD", "proxy": "Florence DEMOUY"}, {"member": "Antonio MENDES", "proxy": "Bernard ROBERT"}]
    assert extract.front["excused"] == ["Dolorès HUDO", "Jean-Marc GOSSOT"]
    body = ["Les travaux envisagés sont les suivants :", f"{mark} Remplacement d'avaloirs", f"{mark} Travaux de peinture"]
    assert markdown_body(list(enumerate(body, 1))) == "Les travaux envisagés sont les suivants :\n\n- Remplacement d'avaloirs\n- Travaux de peinture"


def test_an_attendance_list_of_one_name_a_paragraph_is_read_whole() -> None:
    """Pierrefonds' minutes of 2018: « Absents excusés: », then each name a paragraph of its own, no mark."""
    from registre.importer.extract import Extract
    from registre.importer.header import read_header

    header = ["Absents excusés:", "", "Monsieur Antonio MENDES", "", "Mme Dolorès HUDO", "", "Monsieur Jean-Marc GOSSOT", "", "Secrétaire : Monsieur Michel LEBLANC"]
    extract = Extract("x.txt")
    kept = read_header(list(enumerate(header, 1)), load_config(ROOT / "site_config.yaml"), extract, frozenset())
    assert extract.front["excused"] == ["Antonio MENDES", "Dolorès HUDO", "Jean-Marc GOSSOT"]
    assert kept == ["Secrétaire : Monsieur Michel LEBLANC"]


def test_a_table_s_first_row_of_figures_is_data_and_its_rest_after_a_page_break_joins_it() -> None:
    """Lannion's financing plan has no header row; a table a page break cut goes on without its header."""
    from registre.importer.body import markdown_body
    from registre.pdftext import _markdown_rows

    plan = _markdown_rows([["Fédération Française de Basket Ball", "6 000,00 €", "10,00 %"], ["Agence Nationale du Sport", "42 000,00 €", "70,00 %"]])
    assert plan[0] == "|  |  |  |" and plan[2] == "| Fédération Française de Basket Ball | 6 000,00 € | 10,00 % |"
    labelled = _markdown_rows([["Objet", "Montant 2021"], ["Voirie", "10 €"]])
    assert labelled[0] == "| Objet | Montant 2021 |"
    cut = _markdown_rows([["M. Jean-Jacques HERMANT", "5324 € TTC"], ["M. Daniel CARTON", "3850 € TTC"]])
    before = _markdown_rows([["Nom", "Montant"], ["M. Xavier LECONTE", "3300 € TTC"]])
    lines = list(enumerate([*before, "", *cut], 1))
    assert markdown_body(lines).splitlines() == [*before, "| M. Jean-Jacques HERMANT | 5324 € TTC |", "| M. Daniel CARTON | 3850 € TTC |"]


def test_proxies_one_a_line_in_one_paragraph_are_read_each_and_a_name_cut_at_a_line_s_end_stays_whole() -> None:
    """Flaux's minutes (read by OCR): « Procuration : A donne procuration à B » / « C donne procuration à D »."""
    from registre.importer.extract import Extract
    from registre.importer.header import read_header

    header = [
        "Présents : Denis JUVIN - Catherine MARTEL - Alessandra", "STURANI - Jean-Pierre PLUS", "",
        "Absents excusés : Valérie UPPHOFF - Michel VAILLIES", "",
        "Procuration : Valérie UPPHOFF donne procuration à Denis JUVIN", "Michel VAILLIES donne procuration à Jean-Pierre PLUS",
    ]
    extract = Extract("x.txt")
    read_header(list(enumerate(header, 1)), load_config(ROOT / "site_config.yaml"), extract, frozenset())
    assert extract.front["present"] == ["Denis JUVIN", "Catherine MARTEL", "Alessandra STURANI", "Jean-Pierre PLUS"]
    assert extract.front["represented"] == [{"member": "Valérie UPPHOFF", "proxy": "Denis JUVIN"}, {"member": "Michel VAILLIES", "proxy": "Jean-Pierre PLUS"}]
    # The heading on a line of its own, the proxies under it.
    extract = Extract("x.txt")
    proxies = ["Procurations :", "Valérie UPPHOFF donne procuration à Denis JUVIN", "Michel VAILLIES donne procuration à Jean-Pierre PLUS"]
    read_header(list(enumerate(proxies, 1)), load_config(ROOT / "site_config.yaml"), extract, frozenset())
    assert extract.front["represented"] == [{"member": "Valérie UPPHOFF", "proxy": "Denis JUVIN"}, {"member": "Michel VAILLIES", "proxy": "Jean-Pierre PLUS"}]
