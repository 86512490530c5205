"""`import` reads PDFs itself: a real extract's text layer, folders of extracts, series of extracts,
tables; scans said plainly, or read by OCR when asked."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from .conftest import LAYOUTS, ROOT, import_site, run_cli

PDF = ROOT / "tests" / "extracts" / "pdf" / "montpellier-2014-05-22-0000072083.pdf"
MONTPELLIER = {
    "title": "Délibérations de Montpellier",
    "collectivity": {"name": "Ville de Montpellier", "siret": "21340172201787"},
    "bodies": {"CM": {"name": "Conseil Municipal"}},
    "themes": {"DEL": {"name": "Délibérations", "matter": "9.1"}},
    "number_pattern": r"(?P<year>\d{4}) ?/ ?(?P<order>\d{1,4})",
    "paths": {"layouts": str(LAYOUTS)},
}


def site_of(root: Path, settings: dict[str, Any] = MONTPELLIER) -> Path:
    """A site of that collectivity's configuration (Montpellier's unless told), its content empty."""
    return import_site(root, settings)


def test_a_real_pdf_is_read_from_its_text_layer_and_written_for_staff_to_complete(tmp_path: Path) -> None:
    config = site_of(tmp_path)
    result = run_cli("import", PDF, "--config", config)
    written = tmp_path / "content" / "2014" / "2014-221.md"
    assert written.is_file(), result.err
    text = written.read_text(encoding="utf-8")
    front = yaml.safe_load(text.split("---\n")[1])
    # The number from the margin (« n° 2014 / 221 »); the session's date, the prefecture's dates from its stamp.
    assert front["number"] == "2014 / 221" and front["body"] == "CM"
    assert (str(front["date"]), str(front["received"]), str(front["published"])) == ("2014-05-22", "2014-05-26", "2014-05-23")
    # The title is the paragraph before « Monsieur le Maire, Philippe SAUREL, rapporte : ».
    assert front["title"] == "Désignation du représentant de la ville de Montpellier à l'Assemblée générale du Club des villes cyclables"
    assert (front["rapporteur"], front["rapporteur_role"]) == ("Philippe SAUREL", "Monsieur le Maire")
    # « sous la présidence de Monsieur le Maire, Philippe Saurel », spelled as the list spells him; who signed.
    assert (front["president"], front["signatory"], front["signatory_role"]) == ("Philippe SAUREL", "Philippe SAUREL", "Monsieur le Maire")
    # « Absents ayant voté par procuration … : » names no holder.
    assert front["represented"][0] == {"member": "Valérie BARTHAS-ORSAL"} and len(front["represented"]) == 5
    body = text.split("---\n", 2)[2]
    # The margin column (service, « Extrait du registre … ») is read apart, not kept as the act's text.
    assert "Direction du Secrétariat" not in body and "Municipal de la Ville de Montpellier" not in body
    assert front["vote"] == {"result": "adopted"}  # « Le Conseil Adopte. »
    assert len(front["present"]) == 59 and front["present"][-1] == "Rabii YOUSSOUS" and front["absent"] == ["Patrick VIGNAL"]
    assert "Accusé de réception" not in body and "034-213401722" not in body  # the stamp is not the act's text
    assert front["actes_id"] == "034-213401722-20140522-0000072083-DE"  # its identifier is a fact of the act
    assert "Club des villes cyclables" in text and "Stéphanie JANNIN" in text  # the act's own words are
    assert result.out.splitlines()[0].split() == ["extract", "fields", "read", "to", "complete", "written"]
    assert result.out.splitlines()[1].endswith("content/2014/2014-221.md")


def test_a_stamp_naming_another_collectivity_is_warned(tmp_path: Path) -> None:
    result = run_cli("import", PDF, "--config", ROOT / "site_config.yaml", "--output-dir", tmp_path)
    assert "received: warning: the prefecture's stamp names SIREN 213401722, not this collectivity's (200054807)" in result.err


def test_a_folder_of_pdfs_and_texts_is_imported_at_once_with_a_table(tmp_path: Path) -> None:
    config = site_of(tmp_path / "site")
    folder = tmp_path / "extraits"
    folder.mkdir()
    shutil.copy(PDF, folder / "221.pdf")
    shutil.copy(ROOT / "tests" / "extracts" / "commune-venelles-cm-2022-045.txt", folder / "venelles.txt")
    (folder / "notes.odt").write_bytes(b"not an extract")
    result = run_cli("import", folder, "--config", config, "--output-dir", tmp_path / "out")
    assert "attachments[0].file" not in result.err  # the kept PDF is checked where it was written, beside its act
    rows = result.out.splitlines()[1:]
    assert [row.split()[0] for row in rows] == [str(folder / "221.pdf"), str(folder / "venelles.txt")]
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["2014-221.md", "2022-045.md", "attachments"]  # by number
    assert [p.name for p in (tmp_path / "out" / "attachments").iterdir()] == ["2014-221.pdf"]  # the PDF kept, not the text


def test_the_signed_pdf_is_kept_beside_its_act_and_offered_on_its_page(tmp_path: Path) -> None:
    config = site_of(tmp_path)
    assert run_cli("import", PDF, "--config", config).status == 0
    kept = tmp_path / "content" / "attachments" / "2014-221.pdf"
    assert kept.read_bytes() == PDF.read_bytes()
    front = yaml.safe_load((tmp_path / "content" / "2014" / "2014-221.md").read_text(encoding="utf-8").split("---\n")[1])
    assert front["attachments"] == [{"title": f"Extrait signé ({PDF.name})", "file": "attachments/2014-221.pdf", "original": True}]
    assert run_cli("import", PDF, "--config", config).status == 1  # never over a kept file without --force
    built = run_cli("build", "--config", config, "--no-search")
    assert built.status == 0, built.err
    page = (tmp_path / "output" / "deliberations" / "2014-221" / "index.html").read_text(encoding="utf-8")
    original = page.split('<p class="original-document">')[1].split("</p>")[0]
    assert 'href="../../deliberations/2014-221/annexes/2014-221.pdf"' in original and hashlib.sha256(PDF.read_bytes()).hexdigest() in original
    assert page.index("original-document") < page.index('id="texte"') and 'id="annexes"' not in page  # first, and not an annex
    assert (tmp_path / "output" / "deliberations" / "2014-221" / "annexes" / "2014-221.pdf").read_bytes() == PDF.read_bytes()


def test_a_scan_is_said_plainly_and_nothing_is_written(tmp_path: Path) -> None:
    import pypdfium2 as pdfium

    config = site_of(tmp_path / "site")
    scan = tmp_path / "compte rendu.pdf"
    blank = pdfium.PdfDocument.new()
    blank.new_page(595, 842)  # a page with no text layer, as a scanned page is
    blank.save(scan)
    result = run_cli("import", scan, "--config", config)
    assert result.status == 1
    assert result.err == f"{scan}: no text: a scanned document (1 pages); nothing written (--ocr reads it with Tesseract)\n"
    assert list((tmp_path / "site" / "content").iterdir()) == []


def test_a_file_that_is_no_pdf_is_an_error_naming_it(tmp_path: Path) -> None:
    config = site_of(tmp_path / "site")
    broken = tmp_path / "extrait.pdf"
    broken.write_bytes(b"%PDF-1.4\nthis is not really a PDF\n")
    result = run_cli("import", broken, "--config", config)
    assert result.status == 1
    assert result.err.startswith(f"{broken}: not a PDF that can be read (")


def test_ruled_tables_become_markdown_tables_kept_whole_across_a_page_break(tmp_path: Path) -> None:
    config = site_of(tmp_path)
    source = ROOT / "tests" / "extracts" / "pdf" / "montpellier-2014-05-22-0000072187.pdf"
    assert run_cli("import", source, "--config", config).status == 0
    body = (tmp_path / "content" / "2014" / "2014-184.md").read_text(encoding="utf-8").split("---\n", 2)[2]
    tables = [block.splitlines() for block in body.split("\n\n") if block.startswith("|")]
    assert [len(table) for table in tables] == [4, 6]  # header, separator, rows: the second joined over pages 1 and 2
    assert tables[0][:3] == ["| Code | Structure | Nature | Nom du projet | Montant |", "| --- | --- | --- | --- | --- |", "| 3176 | FISE | Projet | Festival International des Sports Extrêmes | 70 000 € |"]
    assert tables[1][3] == "| 551 | OFFICE CENTRAL DE LA COOPERATION A L’ECOLE DE L’HERAULT (OCCE34) | P | Classes découvertes | 152 889 € |"
    assert "OFFICE CENTRAL DE LA\n" not in body  # the cells' text is not repeated outside the table
    built = run_cli("build", "--config", config, "--no-search")
    assert built.status == 0, built.err
    page = (tmp_path / "output" / "deliberations" / "2014-184" / "index.html").read_text(encoding="utf-8")
    assert page.count("<table") == 2 and "<td>Classes découvertes</td>" in page


MASSIAC = MONTPELLIER | {
    "title": "Délibérations de Massiac",
    "collectivity": {"name": "Commune de Massiac", "siret": "00000000000000"},
    "number_pattern": r"D\.C\. ?(?P<year>\d{4})/\d+-(?P<order>\d{3})",
}


def test_a_series_of_extracts_gives_one_act_each_with_the_session_header(tmp_path: Path) -> None:
    config = site_of(tmp_path, MASSIAC)
    source = ROOT / "tests" / "extracts" / "pdf" / "massiac-2020-02-10_cr.pdf"
    result = run_cli("import", source, "--config", config, "--output-dir", tmp_path / "out")
    rows = result.out.splitlines()[1:]
    assert len(rows) == 14 and rows[0].split()[1] == "(1/14)"  # fourteen numbers, one file each
    acts = {}
    for path in sorted((tmp_path / "out").glob("*.md")):
        text = path.read_text(encoding="utf-8")
        acts[path.stem] = (yaml.safe_load(text.split("---\n")[1]), text.split("---\n", 2)[2])
    assert len(acts) == 14
    front, body = acts["d-c-2020-1-002"]
    assert front["number"] == "D.C.2020/1-002" and front["title"] == "Comptes administratifs – Année 2019 Budget Principal et Budgets annexes"
    # The session's header, for every act: « sous la présidence de Monsieur Michel DESTANNES », the list
    # written surname first (« ACHALME Didier »), « Etait absente : … qui a donné procuration à … ».
    for front_, _ in acts.values():
        assert (str(front_["date"]), front_["president"], len(front_["present"])) == ("2020-02-10", "Michel DESTANNES", 18)
        assert front_["represented"] == [{"member": "Sylvie SCHEWTSCHENKO", "proxy": "Alain BOYER"}] and "Didier ACHALME" in front_["present"]
        assert (front_["signatory"], front_["signatory_role"]) == ("Michel DESTANNES", "Maire")  # « Le Maire, Le Maire, » side by side, read once
        assert front_["attachments"] == [{"title": "Extrait signé (massiac-2020-02-10_cr.pdf)", "file": "attachments/massiac-2020-02-10-cr.pdf", "original": True}]
    # « approuvés par 14 voix pour et 4 abstentions »; « par 18 voix pour et une abstention »; the result read from them, and said.
    assert {key: front["vote"][key] for key in ("result", "for", "against", "abstention")} == {"result": "adopted", "for": 14, "against": 0, "abstention": 4}
    assert acts["d-c-2020-1-013"][0]["vote"] == {"for": 18, "against": 0, "abstention": 1, "result": "adopted"}
    assert "massiac-2020-02-10_cr.pdf:" in result.err and "vote: warning: the result (adopted) is read from the counts: check it" in result.err
    assert "vote" not in acts["d-c-2020-1-015"][0]  # « donne acte » of the mayor's decisions: no vote, none invented
    assert acts["d-c-2020-1-009"][0]["matter"] == "4.1"  # « 4.1 Personnel titulaires et stagiaires / de la F.P.T. »
    assert "| Section de fonctionnement | 2.129.622,73 € | 1.489.914,25 € |" in body  # a boxed table
    assert "MAIRIE DE MASSIAC" not in acts["d-c-2020-1-011"][1].split("Le Conseil Municipal")[-1]  # the next header is the next act's
    assert [p.name for p in (tmp_path / "out" / "attachments").iterdir()] == ["massiac-2020-02-10-cr.pdf"]  # kept once


def scan_of(pdf: Path, target: Path) -> Path:
    """An image-only PDF of a real extract's first page, as a scanner makes one."""
    import pypdfium2 as pdfium

    source = pdfium.PdfDocument(pdf)
    width, height = source[0].get_size()
    scan = pdfium.PdfDocument.new()
    page = scan.new_page(width, height)
    image = pdfium.PdfImage.new(scan)
    image.set_bitmap(pdfium.PdfBitmap.from_pil(source[0].render(scale=200 / 72, grayscale=True).to_pil()))
    image.set_matrix(pdfium.PdfMatrix().scale(width, height))
    page.insert_obj(image)
    page.gen_content()
    scan.save(target)
    return target


def test_ocr_without_tesseract_says_what_to_install(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = site_of(tmp_path / "site")
    scan = scan_of(PDF, tmp_path / "scan.pdf")
    monkeypatch.setenv("PATH", str(tmp_path))  # no tesseract on it
    result = run_cli("import", scan, "--ocr", "--config", config)
    assert (result.status, result.err) == (1, f"{scan}: --ocr needs Tesseract with French: apt install tesseract-ocr tesseract-ocr-fra\n")


@pytest.mark.skipif(not shutil.which("tesseract"), reason="Tesseract is not installed (make test installs it: tools/test-tools.sh)")
def test_ocr_reads_a_scan_through_the_same_reading_and_lists_every_field_to_check(tmp_path: Path) -> None:
    config = site_of(tmp_path / "site")
    scan = scan_of(PDF, tmp_path / "scan.pdf")
    result = run_cli("import", scan, "--ocr", "--config", config, "--output-dir", tmp_path / "out")
    written = tmp_path / "out" / "2014-221.md"
    assert written.is_file(), result.err
    front = yaml.safe_load(written.read_text(encoding="utf-8").split("---\n")[1])
    assert front["number"] == "2014 / 221" and "Club des villes cyclables" in front["title"]
    flagged = {line.split(": ")[1] for line in result.err.splitlines() if line.endswith("read by OCR from a scan: check it")}
    assert flagged == set(front) - {"attachments"}  # every field read, the kept PDF aside
