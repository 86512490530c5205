"""`import` of a session's minutes: one act per deliberation, the attendance as it stood at each vote,
and the session file with its list, its secretary and the minutes themselves."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from .conftest import COMMUNE, ROOT, import_site, run_cli

PDFS = ROOT / "tests" / "extracts" / "pdf"


def site(root: Path, number_pattern: str) -> Path:
    return import_site(root, {**COMMUNE, "number_pattern": number_pattern})


def front(path: Path) -> dict[str, Any]:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])


def test_minutes_headed_by_numbers_give_an_act_each_and_the_session_its_record(tmp_path: Path) -> None:
    config = site(tmp_path, r"D ?(?P<year>\d{4})-(?P<order>\d{2,3})")
    result = run_cli("import", PDFS / "pierrefonds-pv-2024-10-15.pdf", "--config", config)
    assert result.status == 0, result.err
    content = tmp_path / "content"
    acts = {front(p)["number"]: front(p) for p in sorted((content / "2024").glob("*.md"))}
    # Three deliberations voted; the fourth only noted (« PREND ACTE »); the mayor's decisions (« DM 2024-04 ») are none.
    assert sorted(acts) == ["D 2024-46", "D2024-44", "D2024-45"]
    for act in acts.values():
        assert (act["date"].isoformat(), act["body"], act["president"], len(act["present"])) == ("2024-10-15", "CM", "Florence DEMOUY", 17)
        assert act["represented"] == [{"member": "Gérard LANNIER", "proxy": "Joachim LÜDER"}, {"member": "Elsa CARRIER", "proxy": "Laëtitia PIERRON"}]
    assert acts["D2024-45"]["rapporteur"] == "Romain RIBEIRO"  # « Monsieur Ribeiro, adjoint aux finances, informe »
    assert acts["D 2024-46"]["vote"]["names"] == {"abstention": ["Gilles PAPIN", "Marie-Alice DEBUISSER", "Michel LEBLANC", "Jean-Claude THUILLIER"]}
    session = yaml.safe_load((content / "sessions" / "2024-10-15-cm.yaml").read_text(encoding="utf-8"))
    assert session["secretary"] == "Karine DUTEIL" and session["place"] == "la salle du conseil en mairie"
    assert session["president"] == "Florence DEMOUY"
    assert session["minutes_file"] == "attachments/pierrefonds-pv-2024-10-15.pdf"
    assert (content / session["minutes_file"]).read_bytes() == (PDFS / "pierrefonds-pv-2024-10-15.pdf").read_bytes()
    assert [(item["number"], item["outcome"]) for item in session["deliberations"]] == [
        ("D2024-44", "adopted"), ("D2024-45", "adopted"), ("D 2024-46", "adopted"), ("D 2024-47", "noted"),
    ]

    checked = run_cli("check", "--config", config)
    assert checked.status == 0 and "missing from its list" not in checked.out, checked.out
    built = run_cli("build", "--config", config, "--no-search")
    assert built.status == 0, built.err
    page = (tmp_path / "output" / "seances" / "2024-10-15-cm" / "index.html").read_text(encoding="utf-8")
    assert "Liste des délibérations (4)" in page and "Prise d’acte, sans vote" in page
    assert 'href="../../seances/2024-10-15-cm/pierrefonds-pv-2024-10-15.pdf"' in page and (tmp_path / "output/seances/2024-10-15-cm/pierrefonds-pv-2024-10-15.pdf").is_file()


def test_minutes_numbered_by_the_agenda_propose_numbers_and_follow_the_items_moved(tmp_path: Path) -> None:
    config = site(tmp_path, r"(?P<year>\d{4})\d{4}-(?P<order>\d{2})")
    result = run_cli("import", PDFS / "rots-pv-2025-01-27.pdf", "--config", config)
    assert result.status == 0, result.err
    acts = {front(p)["number"]: front(p) for p in sorted((tmp_path / "content" / "2025").glob("*.md"))}
    # Items 3 and 5 to 12 are deliberations; 1 (the secretary) and the informations 2 and 4 are not.
    assert sorted(acts) == [f"20250127-{n:02d}" for n in (3, 5, 6, 7, 8, 9, 10, 11, 12)]
    assert result.err.count("the minutes give no number") == 9
    assert acts["20250127-08"]["title"] == "Subvention à l’association AIAE"  # taken before item 5, found by its words
    assert acts["20250127-03"]["vote"] == {"for": 19, "against": 0, "abstention": 2, "result": "adopted", "names": {"abstention": ["Aurore BRUAND", "Thomas PAULMIER"]}}
    assert acts["20250127-07"]["vote"]["names"] == {"against": ["Marianne PIERRE"]}
    assert len(acts["20250127-05"]["present"]) == 17 and len(acts["20250127-05"]["represented"]) == 4
    assert "Aurore BRUAND" not in acts["20250127-05"].get("excused", [])  # excused, but represented: once
    session = yaml.safe_load((tmp_path / "content" / "sessions" / "2025-01-27-cm.yaml").read_text(encoding="utf-8"))
    assert session["secretary"] == "Gérard VARLET"
    # Six excused, four of them represented (one spelled « Joelle » there, « Joëlle » in the proxies).
    assert session["attendance"] == {"present": 17, "represented": 4, "excused": 2}
    assert [item["number"] for item in session["deliberations"]] == [f"20250127-{n:02d}" for n in (3, 8, 5, 6, 7, 9, 10, 11, 12)]


MINUTES = """Commune de Lieu
Procès-verbal du conseil municipal du 3 mars 2025

L'an deux mille vingt-cinq, le 3 mars, le conseil municipal s'est réuni sous la présidence de Madame Anne MARTIN, maire.

Présents : Anne MARTIN, Bruno DUPUIS, Chloé PETIT, Denis ROUX, Emma BLANC.

Absent excusé : François NOIR.

1. Tarifs de la cantine

Le conseil municipal, après en avoir délibéré, à l'unanimité, adopte les tarifs.

2. Travaux de voirie

Monsieur Denis ROUX quitte la séance.
Le conseil municipal, après en avoir délibéré, par 3 voix pour et 1 voix contre (M. Dupui), approuve les travaux.

3. Subvention au club

Madame Chloé PETIT donne procuration à Madame Emma BLANC et quitte la séance.
Madame Anne MARTIN cède la présidence à Madame Emma BLANC.
Monsieur François NOIR arrive.
Le conseil municipal, après en avoir délibéré, à l'unanimité, accorde la subvention.
"""


def test_members_leaving_arriving_giving_a_proxy_or_the_chair_change_the_acts_from_that_item_on(tmp_path: Path) -> None:
    config = site(tmp_path, r"(?P<year>\d{4})\d{4}-(?P<order>\d{2})")
    minutes = tmp_path / "pv.txt"
    minutes.write_text(MINUTES, encoding="utf-8")
    assert run_cli("import", minutes, "--config", config).status == 0
    acts = [front(tmp_path / "content" / "2025" / f"20250303-0{n}.md") for n in (1, 2, 3)]
    assert [len(a["present"]) for a in acts] == [5, 4, 4]
    assert acts[0].get("absent") is None and acts[1]["absent"] == acts[2]["absent"] == ["Denis ROUX"]
    assert acts[2]["represented"] == [{"member": "Chloé PETIT", "proxy": "Emma BLANC"}]
    assert "François NOIR" in acts[2]["present"] and "François NOIR" in acts[1]["excused"]
    assert acts[1]["vote"]["result"] == "adopted" and acts[1]["vote"]["against"] == 1
    assert acts[1]["vote"]["names"] == {"against": ["Bruno DUPUIS"]}  # « M. Dupui »: the one member a letter away
    assert [a["president"] for a in acts] == ["Anne MARTIN", "Anne MARTIN", "Emma BLANC"]


TITLED = """Procès-verbal du conseil municipal
Séance du 9 juin 2023

L'an deux mille vingt-trois, le neuf juin, le conseil municipal s'est réuni sous la présidence de Monsieur Denis JUVIN, maire.

Présents : Denis JUVIN, Catherine MARTEL, Muriel NIGGEL.

Ordre du jour

Approbation du procès-verbal du 31 mars 2023

Adhésion à l'association de préfiguration d'un parc naturel régional
et approbation de ses statuts

Subventions aux associations

Questions diverses

Approbation du procès-verbal du 31 mars 2023
Vote : à l'unanimité

Subventions aux associations Le conseil municipal décide d'attribuer les subventions suivantes.
Vote : 2 pour, 1 abstention (Mme MARTEL)

Adhésion à l'association de préfiguration d'un parc naturel régional et approbation de ses statuts
Le conseil municipal après en avoir délibéré approuve les statuts.
Vote : à l'unanimité
"""


def test_items_headed_by_their_bare_title_are_found_as_the_agenda_announced_them(tmp_path: Path) -> None:
    config = site(tmp_path, r"(?P<year>\d{4})\d{4}-(?P<order>\d{2})")
    minutes = tmp_path / "pv.txt"
    minutes.write_text(TITLED, encoding="utf-8")
    assert run_cli("import", minutes, "--config", config).status == 0
    acts = {n: front(tmp_path / "content" / "2023" / f"20230609-0{n}.md") for n in (1, 2, 3)}
    assert acts[2]["title"] == "Adhésion à l'association de préfiguration d'un parc naturel régional et approbation de ses statuts"
    assert acts[3]["title"] == "Subventions aux associations"  # the agenda's words, not the text after them
    assert "décide d'attribuer les subventions" in (tmp_path / "content" / "2023" / "20230609-03.md").read_text(encoding="utf-8")
    assert acts[3]["vote"]["names"] == {"abstention": ["Catherine MARTEL"]}


def three_items(tmp_path: Path, attendance: str) -> tuple[Any, list[dict[str, Any]]]:
    """Minutes of three items voted, after this attendance (its lists, and what holds from an item on), imported."""
    text = f"""Ville de Lieu
Conseil municipal du 5 juillet 2021

L'an deux mille vingt-et-un, le cinq juillet, le conseil municipal s'est réuni sous la présidence de M. Paul LE BIHAN, Maire.

{attendance}

1 - Tarifs
Adopté à l'unanimité.

2 - Travaux
Adopté à l'unanimité.

3 - Subventions
Adopté à l'unanimité.
"""
    config = site(tmp_path, r"(?P<year>\d{4})\d{4}-(?P<order>\d{2})")
    minutes = tmp_path / "pv.txt"
    minutes.write_text(text, encoding="utf-8")
    result = run_cli("import", minutes, "--config", config)
    assert result.status == 0, result.err
    return result, [front(tmp_path / "content" / "2021" / f"20210705-0{n}.md") for n in (1, 2, 3)]


def test_counts_and_arrivals_given_per_item_in_the_header_hold_from_that_item_on(tmp_path: Path) -> None:
    result, acts = three_items(tmp_path, """Étaient présents : Paul LE BIHAN - Eric ROBERT - Françoise LE MEN

Était absent : Jean-Yves CALLAC

Questions 1 et 2 :
3 présents

Question 3 à la fin :
Arrivée de Monsieur Jean-Yves CALLAC
5 présents""")
    assert [len(a["present"]) for a in acts] == [3, 3, 4] and acts[1]["absent"] == ["Jean-Yves CALLAC"] and "absent" not in acts[2]
    # The count says 5 for item 3, the lists 4: said at the item, for staff to check.
    assert "the minutes count 5 present for this item, the lists give 4" in result.err and result.err.count("the minutes count") == 1


def test_a_member_leaving_with_a_proxy_then_back_is_represented_then_present(tmp_path: Path) -> None:
    """Lannion's 8 June 2020: a member leaves giving a proxy for some items, then comes back."""
    result, acts = three_items(tmp_path, """Étaient présents : Paul LE BIHAN - Eric ROBERT - Bernadette CORVISIER

Questions 1 :
3 présents

Questions 2 :
Départ de Monsieur Eric ROBERT (procuration à Bernadette CORVISIER)
2 présents

Question 3 à la fin :
Retour de Monsieur Eric ROBERT
3 présents""")
    assert [len(a["present"]) for a in acts] == [3, 2, 3]
    assert acts[1]["represented"] == [{"member": "Eric ROBERT", "proxy": "Bernadette CORVISIER"}] and "represented" not in acts[2]
    assert "the minutes count" not in result.err and "absent" not in acts[1]


def test_a_heading_the_layout_cut_with_a_blank_line_takes_the_agenda_s_whole_title() -> None:
    """Lannion's minutes set each heading over paragraphs (« 20 - Aire de basket 3x3 - », « »,
    « Demande de subvention … ») and list the agenda as a table first."""
    from registre.config import load_config
    from registre.importer.items import split_items

    text = [
        "Conseil municipal du 5 juillet 2021", "",
        "| 1 | Vente de documents retirés des collections de la Médiathèque |",
        "| 2 | Aire de basket 3x3 - Demande de subvention à l'Agence Nationale du Sport |",
        "| 3 | Tarifs 2021 |", "",
        "1 - Vente de documents retirés des collections", "", "de la Médiathèque", "", "Madame Françoise LE MEN expose :", "Le texte.", "",
        "2 - Aire de basket 3x3 -", "", "Demande de subvention à l'Agence Nationale du Sport", "", "Madame Gwénaëlle LAIR expose :", "",
        # A heading the agenda does not go on from keeps the lines after it as its text.
        "3 - Tarifs des salles", "", "de sport", "", "Monsieur Eric ROBERT expose :",
    ]
    _, items = split_items(list(enumerate(text, 1)), load_config(ROOT / "site_config.yaml"))
    assert [item.title for item in items] == [
        "Vente de documents retirés des collections de la Médiathèque",
        "Aire de basket 3x3 - Demande de subvention à l'Agence Nationale du Sport",
        "Tarifs des salles",
    ]
    assert [next(line for _, line in item.lines if line) for item in items] == ["Madame Françoise LE MEN expose :", "Madame Gwénaëlle LAIR expose :", "de sport"]


def test_an_agenda_marked_by_arrows_gives_the_items_headed_by_its_titles() -> None:
    """Flaux's minutes (read by OCR): « Ordre du jour », then « > Title » each, « > Questions diverses » last."""
    from registre.config import load_config
    from registre.importer.items import split_items

    text = [
        "Séance du 15 décembre 2023", "", "Ordre du jour", "",
        "> Approbation du procès-verbal du 17 novembre 2023", "", "> Dépenses d'investissement avant le vote du budget 2024", "",
        "> Questions diverses", "", "Ouverture de la séance", "",
        "Approbation du procès-verbal du 17 novembre 2023", "Vote : unanimité", "",
        "Dépenses d'investissement avant le vote du budget 2024", "Vote : unanimité",
    ]
    _, items = split_items(list(enumerate(text, 1)), load_config(ROOT / "site_config.yaml"))
    assert [(item.order, item.heading) for item in items] == [(1, 13), (2, 16)]


def test_minutes_are_told_by_their_first_lines_of_words_past_the_scraps_ocr_reads_in_a_stamp() -> None:
    from registre.importer.minutes import is_minutes

    scraps = ["RE", ")E [1", "; REI", "|", "11", "2 Manson", "lHRCFECTURE DU GARD", "Reçu le", "22 OCT. 2021", "|", "|", "|"]
    assert is_minutes(list(enumerate([*scraps, "COMPTE RENDU", "du CONSEIL MUNICIPAL de la COMMUNE de FLAUX"], 1)))
    assert not is_minutes(list(enumerate([*scraps, "EXTRAIT DU REGISTRE DES DELIBERATIONS", "Séance du 24 septembre 2021"], 1)))
