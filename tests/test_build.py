from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import yaml

from .conftest import act_text, copy_site, good_act, run_cli
from .links import broken_links, parse

PAGES = [
    "404.html",
    "accessibilite/index.html",
    "annees/2016/index.html",
    "annees/2016/page/1/index.html",
    "annees/2017/index.html",
    "annees/2017/page/1/index.html",
    "annees/index.html",
    "deliberations/eco-003-2438-17-bm/index.html",
    "deliberations/eco-012-1558-17-bm/index.html",
    "deliberations/fag-001-012-16-cm/index.html",
    "deliberations/hn009-011-16-cm/index.html",
    "donnees/index.html",
]


def build(root: Path, *extra: str) -> Path:
    result = run_cli("build", "--config", root / "site_config.yaml", *extra)
    assert result.status == 0, result.err
    return root / "output"


def test_every_page_type_is_written(site) -> None:  # type: ignore[no-untyped-def]
    output = build(site("minimal"))
    pages = sorted(p.relative_to(output).as_posix() for p in output.rglob("*.html") if "pagefind" not in p.parts)
    assert pages[: len(PAGES)] == PAGES
    for expected in (
        "index.html",
        "recherche/index.html",
        "seances/index.html",
        "seances/2017-10-19-bm/index.html",
        "seances/2016-03-17-cm/index.html",
        "themes/index.html",
        "themes/eco/index.html",
        "themes/eco/page/1/index.html",
        "rapporteurs/martine-vassal/index.html",
        "elus/index.html",
        "elus/patrick-bore/index.html",
        "elus/maryse-joissains-masini/index.html",
        "elus/martine-vassal/2016/index.html",  # an older year of a member's
        "instances/cm/index.html",
        "matieres/index.html",
        "matieres/7.4/index.html",
    ):
        assert expected in pages
    assert len(pages) == 77
    assert (output / "deliberations/eco-003-2438-17-bm/annexes/eco-003-2438-17-bm-convention.pdf").is_file()
    assert (output / "static/style.css").is_file() and (output / "pagefind/2017/pagefind.js").is_file() and (output / "pagefind/2016/pagefind-entry.json").is_file()
    assert not list((output / "pagefind/2017").glob("pagefind-*ui*"))  # the search page has its own interface


def test_no_internal_link_or_asset_is_broken_and_all_are_relative(site) -> None:  # type: ignore[no-untyped-def]
    output = build(site("minimal"))
    assert broken_links(output) == []
    # The 404 page is served at any depth, so it links from the site's root path.
    assert {link for link in parse(output / "404.html").links if not link.startswith(("/archives/", "#"))} == set()


def test_the_act_page_shows_the_act(site) -> None:  # type: ignore[no-untyped-def]
    output = build(site("minimal"))
    html = (output / "deliberations/eco-003-2438-17-bm/index.html").read_text(encoding="utf-8")
    assert '<h1>Déclinaison opérationnelle de la convention-cadre avec la CCIMP' in html
    assert '<h3 id="article-1"><a href="#article-1" class="anchor">Article 1</a></h3>' in html
    assert '<a href="../../deliberations/eco-012-1558-17-bm/" class="citation">ECO 012-1558/17/BM</a>' in html
    assert '<a href="../../deliberations/hn009-011-16-cm/" class="citation">HN009-011/16/CM</a>' in html
    assert "19 octobre 2017" in html and "9 novembre 2017" in html
    assert 'href="../../elus/maryse-joissains-masini/">Maryse JOISSAINS MASINI</a> représenté·e par <a href="../../elus/alexandre-gallese/">' in html
    pdf = (output / "deliberations/eco-003-2438-17-bm/annexes/eco-003-2438-17-bm-convention.pdf").read_bytes()
    assert hashlib.sha256(pdf).hexdigest() in html
    ld = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))  # type: ignore[union-attr]
    assert ld["@type"] == "Legislation" and ld["legislationIdentifier"] == "ECO 003-2438/17/BM"
    assert [c["legislationIdentifier"] for c in ld["citation"]] == ["ECO 012-1558/17/BM", "HN009-011/16/CM"]


def test_votes_and_who_cited_whom(site) -> None:  # type: ignore[no-untyped-def]
    output = build(site("minimal"))
    split = (output / "deliberations/hn009-011-16-cm/index.html").read_text(encoding="utf-8")
    assert "Adoptée" in split and "4\u00a0voix pour, 1\u00a0voix contre, 1\u00a0abstention" in split
    assert 'id="article-1"' in split  # « Article premier »
    assert '<a href="../../deliberations/eco-003-2438-17-bm/">ECO 003-2438/17/BM</a>' in split  # « Cité par »
    assert "Rejetée" in (output / "deliberations/fag-001-012-16-cm/index.html").read_text(encoding="utf-8")
    assert "à l'unanimité" in (output / "deliberations/eco-012-1558-17-bm/index.html").read_text(encoding="utf-8")


def test_groupings_list_their_acts_and_split_long_listings(site) -> None:  # type: ignore[no-untyped-def]
    output = build(site("minimal"))
    first = (output / "themes/eco/index.html").read_text(encoding="utf-8")
    second = (output / "themes/eco/page/1/index.html").read_text(encoding="utf-8")
    assert "ECO 003-2438/17/BM" in first and "ECO 012-1558/17/BM" not in first
    assert "ECO 012-1558/17/BM" in second and 'rel="prev"' in second
    session = (output / "seances/2016-03-17-cm/index.html").read_text(encoding="utf-8")
    assert session.index("HN009-011/16/CM") < session.index("FAG 001-012/16/CM")
    member = (output / "elus/martine-vassal/index.html").read_text(encoding="utf-8")
    assert re.search(r"Présent·e à 1\s+séance sur 3", member)  # sessions where the member was present for one act at least
    # Her own page shows the newest year; each older year has a page of its own, linked from it.
    assert '<a href="../../elus/martine-vassal/2016/">2016</a>' in member and "Henri PONS" not in member
    assert "Henri PONS" in (output / "elus/martine-vassal/2016/index.html").read_text(encoding="utf-8")  # held her proxy on 17 March 2016


def test_another_language_through_another_strings_file(site) -> None:  # type: ignore[no-untyped-def]
    root = site("minimal")
    config = root / "site_config.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("language: fr", "language: en"), encoding="utf-8")
    output = build(root)
    html = (output / "deliberations/eco-003-2438-17-bm/index.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in html and "Session of 19 October 2017" in html and "Adopted" in html


def test_build_options_override_the_configuration(site, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root = site("minimal")
    other = copy_site("minimal", tmp_path / "copy") / "content"
    result = run_cli("build", "--config", root / "site_config.yaml", "--content", other, "--output", tmp_path / "elsewhere", "--base-url", "https://ville.fr/deliberations/", "--no-search")
    assert result.status == 0, result.err
    assert re.fullmatch(r"4 acts, 77 pages \(\d+ files written\), 1 warnings, \d+\.\d\d s\n", result.out)
    assert 'href="https://ville.fr/deliberations/deliberations/eco-003-2438-17-bm/"' in (tmp_path / "elsewhere/deliberations/eco-003-2438-17-bm/index.html").read_text(encoding="utf-8")
    assert not (tmp_path / "elsewhere/pagefind").exists()
    # Without search, the search page says so and lists the ways to browse; its script finds no year to search.
    search_page = (tmp_path / "elsewhere/recherche/index.html").read_text(encoding="utf-8")
    assert "n’est pas disponible" in search_page and 'data-shards=""' in search_page and 'href="../themes/"' in search_page


def test_attachments_get_addresses_of_their_own_that_no_page_or_other_attachment_takes(make_site) -> None:  # type: ignore[no-untyped-def]
    attachments = [
        {"title": "Une page", "file": "a/index.html"},
        {"title": "Convention A", "file": "a/convention.pdf"},
        {"title": "Convention B", "file": "b/convention.pdf"},
        {"title": "Convention C", "file": "b/CONVENTION.pdf"},
    ]
    root = make_site(
        {
            "a.md": act_text(good_act(attachments=attachments)),
            "a/index.html": "<script>alert(1)</script>",
            "a/convention.pdf": b"%PDF a",
            "b/convention.pdf": b"%PDF b",
            "b/CONVENTION.pdf": b"%PDF c",
        }
    )
    assert run_cli("build", "--config", root / "site_config.yaml", "--no-search").status == 0
    folder = root / "output" / "deliberations" / "eco-003-2438-17-bm"
    assert "<h1" in (folder / "index.html").read_text(encoding="utf-8")  # the act's page, not the attachment
    annexes = folder / "annexes"
    assert {p.name: p.read_bytes() for p in annexes.iterdir()} == {
        "index.html": b"<script>alert(1)</script>",
        "convention.pdf": b"%PDF a",
        "convention-2.pdf": b"%PDF b",
        "CONVENTION-3.pdf": b"%PDF c",
    }
    page = (folder / "index.html").read_text(encoding="utf-8")
    assert all(f"annexes/{name}\"" in page for name in ("convention.pdf", "convention-2.pdf", "CONVENTION-3.pdf")), page


def test_an_act_without_rapporteur_or_proxy_holder_says_so_on_its_pages(make_site) -> None:  # type: ignore[no-untyped-def]
    front = good_act(rapporteur=None, signatory="Martine VASSAL", signatory_role="Vice-Présidente", represented=[{"member": "Maryse JOISSAINS MASINI"}])
    root = make_site({"a.md": act_text(front)})
    built = run_cli("build", "--config", root / "site_config.yaml", "--no-search")
    assert built.status == 0, built.err
    output = root / "output"
    page = (output / "deliberations/eco-003-2438-17-bm/index.html").read_text(encoding="utf-8")
    facts = page.split('<dl class="facts">')[1].split("</dl>")[0]
    assert "Rapporteur" not in facts and "Signataire" in facts and "Martine VASSAL</a>, Vice-Présidente" in facts
    attendance = page.split('id="presences"')[1]
    assert "Maryse JOISSAINS MASINI</a></li>" in attendance and "représenté·e par <a" not in attendance
    assert "l’extrait ne nomme pas qui détenait le pouvoir" in attendance
    assert not (output / "rapporteurs/martine-vassal").exists()  # she signed, she did not report
    record = json.loads((output / "donnees/deliberations.json").read_text(encoding="utf-8"))["acts"][0]
    assert (record["rapporteur"], record["signatory"], record["represented"]) == (None, "Martine VASSAL", [{"member": "Maryse JOISSAINS MASINI", "proxy": None}])
    member = (output / "elus/maryse-joissains-masini/index.html").read_text(encoding="utf-8")
    assert "représenté·e par" not in member


def test_the_act_page_labels_its_matter_and_counts_its_attendance(site) -> None:  # type: ignore[no-untyped-def]
    from registre.actes import matters

    root = site("minimal")
    (root / "content/members.yaml").write_text("- {name: Maryse JOISSAINS MASINI, civility: Mme}\n", encoding="utf-8")
    output = build(root)
    seed = root / "content" / "2017" / "eco-003-2438-17-bm.md"
    front = yaml.safe_load(seed.read_text(encoding="utf-8").split("---\n")[1])
    page = (output / "deliberations/eco-003-2438-17-bm/index.html").read_text(encoding="utf-8")
    code = front.get("matter") or yaml.safe_load((root / "site_config.yaml").read_text(encoding="utf-8"))["themes"]["ECO"]["matter"]
    label = matters()[code]["libelle"]
    assert f'<dd><a href="../../matieres/{code}/">{code} {label}</a></dd>' in page  # « Matière : 7.4 Interventions économiques »
    counts = page.split('<p class="attendance-counts">')[1].split("</p>")[0]
    present, excused = len(front["present"]), len(front["excused"])
    total = present + len(front["represented"]) + excused + len(front.get("absent") or [])
    assert counts == f"{present}\u00a0présents, 1\u00a0représentée, {excused}\u00a0excusés sur {total}"  # as the extract says
    assert "Maryse JOISSAINS MASINI</a> représentée par" in page


def test_acts_are_grouped_by_their_matter_with_a_feed(site) -> None:  # type: ignore[no-untyped-def]
    """The @ctes matter pages: an act's own matter, else its theme's; listed in the matters' order, each with its feed."""
    root = site("minimal")
    act = root / "content/2016/hn009-011-16-cm.md"
    act.write_text(act.read_text(encoding="utf-8").replace("theme: HN\n", "theme: HN\nmatter: \"7.10\"\n"), encoding="utf-8")
    output = build(root, "--no-search")
    index = (output / "matieres/index.html").read_text(encoding="utf-8")
    labels = re.findall(r'<a href="../matieres/(\d+\.\d+)/">([^<]+)</a>', index)
    assert [code for code, _ in labels] == ["7.1", "7.4", "7.10"]  # 7.10 after 7.4, as the @ctes table orders them
    assert dict(labels)["7.10"] == "7.10 Divers"
    listed = (output / "matieres/7.10/index.html").read_text(encoding="utf-8")
    assert "HN009-011/16/CM" in listed and "2438/17/BM" not in listed
    eco = (output / "matieres/7.4/index.html").read_text(encoding="utf-8")
    assert "<p>2\u00a0délibérations</p>" in eco  # both ECO acts: the theme's matter
    feed = (output / "matieres/7.10/feed.xml").read_text(encoding="utf-8")
    assert feed.count("<entry>") == 1 and "HN009-011/16/CM" in feed
    assert 'href="matieres/"' in (output / "index.html").read_text(encoding="utf-8")
    assert not broken_links(output)


def test_who_voted_against_or_abstained_stands_beside_the_vote(make_site) -> None:  # type: ignore[no-untyped-def]
    vote = {"result": "adopted", "for": 1, "against": 1, "abstention": 0, "names": {"against": ["Alexandre GALLESE"]}}
    root = make_site({"a.md": act_text(good_act(vote=vote))})
    assert run_cli("build", "--config", root / "site_config.yaml", "--no-search").status == 0
    page = (root / "output" / "deliberations/eco-003-2438-17-bm/index.html").read_text(encoding="utf-8")
    vote = page.split('<dd class="vote vote-adopted">')[1].split("</dd>")[0]
    assert '<span class="vote-names">Ont voté contre\u00a0: <a href="../../elus/alexandre-gallese/">Alexandre GALLESE</a></span>' in vote, vote


def test_the_act_page_opens_with_an_outline_of_its_parts_and_articles(site) -> None:  # type: ignore[no-untyped-def]
    output = build(site("minimal"))
    page = (output / "deliberations/eco-003-2438-17-bm/index.html").read_text(encoding="utf-8")
    outline = page.split('<nav class="outline"')[1].split("</nav>")[0]
    links = re.findall(r'<a href="#([a-z0-9-]+)">([^<]+)</a>', outline)
    assert links == [("vu", "Vu"), ("considerant", "Considérant"), ("delibere", "Délibère"), ("article-1", "Article 1"), ("article-2", "Article 2")]
    assert all(f'id="{anchor}"' in page for anchor, _ in links)  # each leads somewhere
    assert page.index('class="outline"') < page.index('id="texte"')  # before the text
