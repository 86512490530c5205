"""Pages that answer a citizen at a glance: a member's sessions, a session's list, lists narrowed by
year and theme, feeds readable in a browser, the home page's dates, the warnings a publisher needs."""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any, Callable

import feedparser
import yaml

from .conftest import Run, act_text, good_act, run_cli

ALICE, BOB, CLAUDE = "Alice MARTIN", "Bob DURAND", "Claude PETIT"
MEMBERS = f"- {{name: {ALICE}, civility: Mme}}\n- {{name: {BOB}, civility: M.}}\n"


def session_act(register: int, **changes: Any) -> str:
    """An act of the session of 19 October 2017, in agenda order by its register number."""
    front = good_act(number=f"ECO 00{register % 10}-{register}/17/BM", title=f"Point {register}", rapporteur=ALICE, **changes)
    return act_text(front)


def text_of(page: str) -> str:
    """A page's words, tags removed, spaces joined: what a reader sees."""
    main = page[page.index("<main") : page.index("</main>")]
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", main))).replace(" )", ")").replace("( ", "(")


def build(root: Path, *options: str) -> Run:
    result = run_cli("build", "--config", root / "site_config.yaml", "--no-search", *options)
    assert result.status == 0, result.err
    return result


def test_a_member_page_gives_the_situation_at_each_session_in_the_members_words(make_site: Callable[..., Path]) -> None:
    root = make_site(
        {
            # Alice is present for items 1 and 2 and leaves before item 3; Bob gave her his proxy for the whole session.
            "a.md": session_act(100, present=[ALICE], represented=[{"member": BOB, "proxy": ALICE}], excused=[CLAUDE]),
            "b.md": session_act(101, present=[ALICE], represented=[{"member": BOB, "proxy": ALICE}], excused=[CLAUDE]),
            "c.md": session_act(102, present=["Jean-Claude GAUDIN"], represented=[{"member": BOB, "proxy": "Jean-Claude GAUDIN"}], excused=[ALICE, CLAUDE]),
            "members.yaml": MEMBERS,
        }
    )
    build(root)
    alice = text_of((root / "output/elus/alice-martin/index.html").read_text(encoding="utf-8"))
    assert "19 octobre 2017 · BM Présente (points 1 à 2) ; excusée (point 3)" in alice
    assert "Présente à 1 séance sur 1, au moins pour une délibération." in alice
    assert "sur 3 délibérations où la liste le nomme : présente à 2 (67 %), représentée à 0, excusée à 1, absente à 0." in alice
    # The proxies held: one line for the session, not one per act.
    assert alice.count("pouvoir de Bob DURAND") == 1 and "pouvoir de Bob DURAND (2 délibérations)" in alice
    bob = text_of((root / "output/elus/bob-durand/index.html").read_text(encoding="utf-8"))
    assert "Représenté par Alice MARTIN (points 1 à 2) ; représenté par Jean-Claude GAUDIN (point 3)" in bob
    claude = text_of((root / "output/elus/claude-petit/index.html").read_text(encoding="utf-8"))
    assert "19 octobre 2017 · BM Excusé·e" in claude and "(point" not in claude  # no civility given: the inclusive form
    act = text_of((root / "output/deliberations/eco-000-100-17-bm/index.html").read_text(encoding="utf-8"))
    assert "1 présente, 1 représenté, 1 excusé·e sur 3" in act and "Bob DURAND représenté par Alice MARTIN" in act


def test_a_session_page_lists_each_outcome_and_where_attendance_changed(make_site: Callable[..., Path]) -> None:
    everyone = {"present": [ALICE, BOB, CLAUDE], "represented": []}
    root = make_site(
        {
            "a.md": session_act(100, **everyone),
            "b.md": session_act(101, **everyone, vote={"result": "rejected", "for": 1, "against": 2, "abstention": 0}),
            "c.md": session_act(102, present=[ALICE, BOB], represented=[], excused=[CLAUDE]),
            "sessions/2017-10-19-bm.yaml": "place: Salle du conseil\n",
        }
    )
    build(root)
    page = text_of((root / "output/seances/2017-10-19-bm/index.html").read_text(encoding="utf-8"))
    assert "Présences à l’ouverture 3 présents sur 3" in page and "Lieu Salle du conseil" in page
    assert "article L2121-25" in page
    items = page[page.index("Point 100") :]
    assert re.search(r"Point 100 ECO 000-100/17/BM · Développement économique Adoptée Point 101", items), items
    assert "Point 101 ECO 001-101/17/BM · Développement économique Rejetée : 1 voix pour, 2 voix contre, 0 abstention Point 102" in items
    # Claude left before item 3: said there once, not under every item.
    assert items.count("Présences à partir de ce point") == 1 and "Adoptée Présences à partir de ce point : 2 présents, 1 excusé·e sur 3" in items


def three_years_of_two_themes() -> dict[str, str]:
    """Three acts a year of 2015 to 2017 in each of two themes: lists longer than a page of four."""
    files = {}
    for year in (2015, 2016, 2017):
        for order in range(1, 4):
            for theme in ("ECO", "HN"):
                number = f"{theme} 00{order}-{year % 100}{order}{len(theme)}/{year % 100}/BM"
                files[f"{theme}-{year}-{order}.md"] = act_text(good_act(number=number, date=f"{year}-0{order}-10", theme=theme, title=f"{theme} {year} {order}"))
    return files


def test_long_lists_narrow_by_year_and_theme_without_javascript(make_site: Callable[..., Path]) -> None:
    root = make_site(three_years_of_two_themes(), config={"page_size": 4})
    build(root)
    output = root / "output"

    def lands_on(page_url: str, link: str) -> tuple[str, str]:
        """Follow a relative link: the target page and the text from its anchor to the next heading."""
        target, _, anchor = (Path(page_url) / link).as_posix().partition("#")
        page = (output / Path(target).resolve().relative_to(output.resolve()) / "index.html").read_text(encoding="utf-8")
        start = page.rindex("<", 0, page.index(f'id="{anchor}"'))
        end = page.find("<h2", start + 1)
        return target, text_of("<main>" + page[start : end if end > 0 else page.index("</main>")] + "</main>").strip()

    theme_page = str(output / "themes/eco")
    jump = re.search(r'<nav class="jump-list"[^>]*>(.*?)</nav>', (output / "themes/eco/index.html").read_text(encoding="utf-8"), re.S)
    assert jump, "no jump list on a theme of three years"
    links = re.findall(r'<a href="([^"]+)">(\d{4})</a> \((\d+)\)', jump.group(1))
    assert [(year, count) for _, year, count in links] == [("2017", "3"), ("2016", "3"), ("2015", "3")]
    for link, year, _ in links:
        target, listed = lands_on(theme_page, link)
        assert listed.startswith(year) and f"ECO {year} " in listed and f"ECO {int(year) + 1} " not in listed, (link, listed)
    # Four acts a page, numbered from the oldest: page 1 holds 2015, the theme's own page the newest five.
    assert [link.split("themes/eco/")[1] for link, _, _ in links] == ["#annee-2017", "#annee-2016", "page/1/#annee-2015"]

    # A year's page narrows by theme: each theme links to that year on the theme's pages.
    year_page = (output / "annees/2016/index.html").read_text(encoding="utf-8")
    themes = re.findall(r'<li><a href="([^"]+)">([^<]+)</a> \((\d+)\)</li>', year_page.split('class="jump-list"', 1)[1].split("</ul>", 1)[0])
    assert [(name, count) for _, name, count in themes] == [("Développement économique", "3"), ("Institutions", "3")]
    for link, name, _ in themes:
        _, listed = lands_on(str(output / "annees/2016"), link)
        code = "ECO" if name.startswith("Dév") else "HN"
        assert listed.startswith("2016") and f"{code} 2016 " in listed and "2017 " not in listed, (link, listed)


def test_feeds_read_as_pages_through_a_stylesheet_and_stay_atom(make_site: Callable[..., Path]) -> None:
    root = make_site({"a.md": act_text(good_act())})
    build(root)
    output = root / "output"
    for feed in ("feed.xml", "themes/eco/feed.xml"):
        data = (output / feed).read_bytes()
        # XSL for the browsers that have it; CSS for those that dropped XSLT (Chromium says it will).
        for kind, stylesheet in (("xsl", "feed.xsl"), ("css", "feed.css")):
            href = re.search(rb'<\?xml-stylesheet type="text/' + kind.encode() + rb'" href="([^"]+)"\?>', data)
            assert href, (feed, kind)
            assert (output / feed).parent.joinpath(href.group(1).decode()).resolve() == (output / stylesheet).resolve()
        parsed = feedparser.parse(data)
        assert not parsed.bozo and parsed.feed.title and parsed.entries[0].link.endswith("deliberations/eco-003-2438-17-bm/")
    stylesheet = ET.parse(output / "feed.xsl").getroot()
    assert stylesheet.tag == "{http://www.w3.org/1999/XSL/Transform}stylesheet"
    assert "lecteur de flux" in (output / "feed.xsl").read_text(encoding="utf-8")
    assert b"entry { display: block;" in (output / "feed.css").read_bytes()


def test_build_warns_once_of_a_base_url_that_is_not_public_and_check_of_a_missing_contact(make_site: Callable[..., Path]) -> None:
    root = make_site({"a.md": act_text(good_act())}, config={"base_url": "https://deliberations.ville.example/"})
    result = build(root)
    assert result.err == (
        'site/site_config.yaml:3: base_url: warning: "https://deliberations.ville.example/" is not a public address: the feeds, canonical links, '
        "sitemap and printed citations point there; give the address of the site (or --base-url)\n"
    )
    assert ", 1 warnings," in result.out
    assert "warning" not in build(root, "--base-url", "https://www.ville.fr/deliberations/").err
    assert '--base-url: warning: "http://127.0.0.1:8000/"' in build(root, "--base-url", "http://127.0.0.1:8000/").err
    config = yaml.safe_load((root / "site_config.yaml").read_text(encoding="utf-8"))
    del config["accessibility"]
    (root / "site_config.yaml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    check = run_cli("check", "--config", root / "site_config.yaml")
    assert check.out == "site/site_config.yaml:1: accessibility: warning: no contact for the accessibility statement: give accessibility.email, form, address or phone\n"

    contact = {"email": "accessibilite@ville.fr", "address": "Hôtel de ville, 1 place de la Mairie"}
    root = make_site({"a.md": act_text(good_act())}, config={"accessibility": contact}, name="with-contact")
    assert run_cli("check", "--config", root / "site_config.yaml").err == "0 errors, 0 warnings\n"
    build(root)
    statement = (root / "output/accessibilite/index.html").read_text(encoding="utf-8")
    assert '<a href="mailto:accessibilite@ville.fr">accessibilite@ville.fr</a>' in statement and "Hôtel de ville, 1 place de la Mairie" in statement


def test_the_home_page_dates_the_latest_act_and_the_build(make_site: Callable[..., Path], monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1796083200")  # 1 December 2026
    root = make_site({"a.md": act_text(good_act()), "b.md": act_text(good_act(number="ECO 004-2439/17/BM", date="2017-06-29"))})
    build(root)
    home = text_of((root / "output/index.html").read_text(encoding="utf-8"))
    assert "Dernière délibération : 19 octobre 2017 · Site mis à jour le 1er décembre 2026" in home
    assert "un numéro comme ECO 003-2438/17/BM" in home


ACTES_ID = "013-200054807-20171019-ECO2438-DE"


def test_the_actes_identifier_is_checked_shown_and_in_the_open_data(make_site: Callable[..., Path]) -> None:
    root = make_site({"a.md": act_text(good_act(actes_id=ACTES_ID)), "b.md": act_text(good_act(number="ECO 004-2439/17/BM", actes_id="013-2017-ECO"))})
    check = run_cli("check", "--config", root / "site_config.yaml")
    assert check.out == 'site/content/b.md:16: actes_id: expected an @ctes identifier like 034-213401722-20140522-V2014_184-DE, got "013-2017-ECO"\n'
    (root / "content/b.md").unlink()
    build(root)
    page = text_of((root / "output/deliberations/eco-003-2438-17-bm/index.html").read_text(encoding="utf-8"))
    assert f"Identifiant @ctes {ACTES_ID}" in page
    data = (root / "output/donnees/deliberations.json").read_text(encoding="utf-8")
    assert f'"actes_id":"{ACTES_ID}"' in data


def test_an_act_says_when_it_became_enforceable_and_the_open_data_too(make_site: Callable[..., Path]) -> None:
    """Put online and received by the prefecture, whichever is later (CGCT L2131-1); unknown until put online."""
    root = make_site(
        {
            "a.md": session_act(2438, received="2017-10-25", published="2017-10-23"),
            "b.md": session_act(2439, published="2017-10-24"),
            "c.md": session_act(2440, received="2017-10-25"),
        }
    )
    build(root)
    shown = {n: text_of((root / f"output/deliberations/eco-00{n % 10}-{n}-17-bm/index.html").read_text(encoding="utf-8")) for n in (2438, 2439, 2440)}
    assert "Exécutoire depuis le 25 octobre 2017" in shown[2438]  # received after it was put online
    assert "Exécutoire depuis le 24 octobre 2017" in shown[2439]  # not sent to the prefecture, as the data says
    assert "Exécutoire" not in shown[2440]  # received, never put online: not enforceable yet
    acts = {a["number"]: a for a in yaml.safe_load((root / "output/donnees/deliberations.json").read_text(encoding="utf-8"))["acts"]}
    assert [acts[f"ECO 00{n % 10}-{n}/17/BM"]["enforceable"] for n in (2438, 2439, 2440)] == ["2017-10-25", "2017-10-24", None]


def act_of(number: str, date: str, **changes: Any) -> str:
    return act_text(good_act(number=number, title=f"Objet {number}", date=date, body="CM", rapporteur=ALICE, **changes))


SESSION_2023 = """place: Salle du conseil
secretary: Bob DURAND
minutes: https://example.fr/pv-2023-03-14.pdf
minutes_adopted: 2023-05-02
minutes_published: 2023-05-20
list_published: 2023-03-30
deliberations:
  - {number: "ECO 001-10/23/CM", title: Objet 10, outcome: adopted}
  - {title: Cession du terrain des Aires, outcome: withdrawn}
  - {number: "ECO 002-12/23/CM", title: Budget annexe, outcome: adopted}
  - {title: Rapport d'activité du délégataire, outcome: noted}
  - {number: "ECO 003-13/23/CM", title: Objet 13, outcome: rejected}
attendance: {present: 3, represented: 1}
"""


def test_a_session_file_gives_its_legal_record_and_check_its_deadlines(make_site: Callable[..., Path]) -> None:
    root = make_site(
        {
            "10.md": act_of("ECO 001-10/23/CM", "2023-03-14"),
            "11.md": act_of("ECO 001-11/23/CM", "2023-03-14"),  # not on the list
            "13.md": act_of("ECO 003-13/23/CM", "2023-03-14"),  # adopted, the list says rejected
            "20.md": act_of("ECO 001-20/23/CM", "2023-05-02"),  # the next session: its minutes are due
            "sessions/2023-03-14-cm.yaml": SESSION_2023,
            # A list alone (the archive holds none of its acts): a page all the same.
            "sessions/2023-06-27-cm.yaml": 'list_published: 2023-06-28\ndeliberations:\n  - {number: "ECO 001-30/23/CM", title: Tarifs, outcome: adopted}\npresident: Claude PETIT\n',
        }
    )
    build(root)
    page = text_of((root / "output/seances/2023-03-14-cm/index.html").read_text(encoding="utf-8"))
    assert "Secrétaire de séance Bob DURAND" in page
    assert "pv-2023-03-14.pdf (adopté le 2 mai 2023 , mis en ligne le 20 mai 2023)" in page  # text_of spaces the tags
    assert "Liste mise en ligne le 30 mars 2023" in page
    assert "Liste des délibérations (6)" in page  # the five listed, and the act the list leaves out
    listed = re.findall(r"<li>(.*?)</li>", (root / "output/seances/2023-03-14-cm/index.html").read_text(encoding="utf-8"), re.DOTALL)
    items = [re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", item))).strip() for item in listed if "act-title" in item]
    assert items[0].startswith("Objet ECO 001-10/23/CM")
    assert items[1] == "Cession du terrain des Aires Retirée de l’ordre du jour"
    assert items[2] == "Budget annexe ECO 002-12/23/CM Adoptée · texte non publié dans cette archive"
    assert items[3] == "Rapport d'activité du délégataire Prise d’acte, sans vote"
    assert items[5].startswith("Objet ECO 001-11/23/CM")
    alone = text_of((root / "output/seances/2023-06-27-cm/index.html").read_text(encoding="utf-8"))
    assert "Tarifs ECO 001-30/23/CM Adoptée · texte non publié dans cette archive" in alone
    assert "Présidence Claude PETIT" in alone  # the session file's, as no act tells

    out = run_cli("check", "--config", root / "site_config.yaml").out
    session = "site/content/sessions/2023-03-14-cm.yaml"
    expected = [
        f"{session}:7: deliberations: warning: ECO 001-11/23/CM (site/content/11.md) is an act of this session missing from its list",
        f"{session}:10: deliberations: warning: ECO 002-12/23/CM (adopted): the archive holds no act with this number in this session",
        f"{session}:12: deliberations: warning: ECO 003-13/23/CM is rejected on the list but adopted in site/content/13.md",
        f"{session}:6: list_published: warning: the list of deliberations was put online 16 days after the session; the law gives a week (CGCT L2121-25)",
        f"{session}:5: minutes_published: warning: the minutes were put online 18 days after the session that adopted them; the law gives a week (CGCT L2121-15)",
        f"{session}:13: attendance: warning: the minutes count 3 present (the act: 2) at the opening; its first act, ECO 001-10/23/CM (site/content/10.md), lists otherwise",
        "site/content/sessions/2023-06-27-cm.yaml:3: deliberations: warning: ECO 001-30/23/CM (adopted): the archive holds no act with this number in this session",
        "site/content/sessions/2023-05-02-cm.yaml: list_published: warning: no date the list of deliberations was put online; the law asks for it within a week of the session, by 2023-05-09 (CGCT L2121-25)",
        "site/content/sessions/2023-05-02-cm.yaml: minutes: warning: no minutes put online (minutes, minutes_published); the law asks for them within a week of the session that adopts them, 2023-06-27 (CGCT L2121-15)",
    ]
    for line in expected:
        assert line in out, (line, out)
    assert "2023-06-27-cm.yaml: minutes" not in out  # no session after it yet: its minutes are not due
    assert "2017-10-19" not in out  # before July 2022: no deadline of the new rules


def test_a_listing_page_and_a_member_page_read_only_the_acts_they_show(make_site: Callable[..., Path]) -> None:
    """What a page reads is kept for the next build, per page: a page of a theme of 50,000 acts that read
    every act's date (for its jump list) made gigabytes of reads at 100,000 acts; and a change to an act
    it does not show would render it again."""
    from registre.config import load_config
    from registre.load import load_archive
    from registre.render import Renderer

    root = make_site(three_years_of_two_themes(), config={"page_size": 4})
    config = load_config(root / "site_config.yaml")
    renderer = Renderer(load_archive(config), config.layouts_dir, record=True)
    pages = {page.output_path: page for page in renderer.plan()}

    def acts_read(path: str) -> set[str]:
        return {key[1] for key in renderer.render_page(pages[path]).reads if key[0] == "act"}

    shown = set(renderer.archive.terms["themes"]["ECO"].acts[5:9])
    assert acts_read("themes/eco/page/1/index.html") == shown
    # A member present at every act, who reported none and held no proxy: the page shows no act.
    assert acts_read("elus/jean-claude-gaudin/index.html") == set()


def test_an_act_added_to_a_long_listing_renders_its_own_page_and_leaves_its_numbered_pages(make_site: Callable[..., Path], monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Listing pages are numbered from the oldest acts: a new act at the newest end goes on the listing's
    own page, and the numbered pages keep their acts, bytes and links (they are not rendered again),
    as do other years' pages."""
    from registre.build import Builder
    from registre.config import load_config
    from registre.render import Renderer

    root = make_site(three_years_of_two_themes(), config={"page_size": 4})
    Builder(load_config(root / "site_config.yaml")).build()
    numbered = sorted(p.relative_to(root / "output").as_posix() for p in (root / "output").rglob("page/*/index.html"))
    assert "themes/eco/page/1/index.html" in numbered and "instances/bm/page/3/index.html" in numbered
    before = {path: (root / "output" / path).read_bytes() for path in numbered}
    (root / "content/ECO-2017-9.md").write_text(act_text(good_act(number="ECO 009-1793/17/BM", date="2017-12-10", title="ECO 2017 9")), encoding="utf-8")
    rendered: list[str] = []
    render_page = Renderer.render_page
    monkeypatch.setattr(Renderer, "render_page", lambda self, page: rendered.append(page.url) or render_page(self, page))
    Builder(load_config(root / "site_config.yaml")).build()
    assert "themes/eco/" in rendered and "instances/bm/" in rendered
    assert [url for url in rendered if "/page/" in url] == []
    assert "annees/2016/" not in rendered  # its themes link where 2016 starts on their pages: still there
    assert {path: (root / "output" / path).read_bytes() for path in numbered} == before
    Builder(load_config(root / "site_config.yaml", output_dir=root / "fresh")).build()
    assert "ECO 2017 9" in (root / "output/themes/eco/index.html").read_text(encoding="utf-8")
    assert {path: (root / "fresh" / path).read_bytes() for path in numbered} == before


def test_a_member_s_older_years_have_pages_of_their_own_that_an_act_added_leaves_alone(make_site: Callable[..., Path], monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A member's own page gives every year's counts and the newest year's sessions, proxies and acts
    reported; each older year is a page under it. An act added this year renders the own page again,
    not the older years' pages, which keep their bytes."""
    from registre.build import Builder
    from registre.config import load_config
    from registre.render import Renderer

    root = make_site(three_years_of_two_themes())
    Builder(load_config(root / "site_config.yaml")).build()
    output = root / "output"
    own = (output / "elus/alexandre-gallese/index.html").read_text(encoding="utf-8")
    jump = re.search(r'<nav class="jump-list"[^>]*>(.*?)</nav>', own, re.S)
    assert jump and re.findall(r'href="([^"]+)">(\d+)<', jump.group(1)) == [
        ("../../elus/alexandre-gallese/#annee-2017", "2017"), ("../../elus/alexandre-gallese/2016/", "2016"), ("../../elus/alexandre-gallese/2015/", "2015")
    ]
    assert "10 mars 2017" in text_of(own) and "10 mars 2016" not in text_of(own)
    assert "Présent·e à 9 séances sur 9" in text_of(own)  # every year's
    older = text_of((output / "elus/alexandre-gallese/2016/index.html").read_text(encoding="utf-8"))
    assert "Alexandre GALLESE · 2016" in older and "10 mars 2016" in older and "2017" not in older
    assert "pouvoir de Maryse JOISSAINS MASINI (2 délibérations)" in older  # the proxies held that year
    reporter = text_of((output / "elus/martine-vassal/2015/index.html").read_text(encoding="utf-8"))
    assert "Délibérations rapportées (6)" in reporter and "ECO 2015 1" in reporter and "ECO 2016 1" not in reporter
    years = sorted(p.relative_to(output).as_posix() for p in output.glob("elus/*/20*/index.html"))
    before = {path: (output / path).read_bytes() for path in years}
    (root / "content/ECO-2017-9.md").write_text(act_text(good_act(number="ECO 009-1793/17/BM", date="2017-12-10", title="ECO 2017 9")), encoding="utf-8")
    rendered: list[str] = []
    render_page = Renderer.render_page
    monkeypatch.setattr(Renderer, "render_page", lambda self, page: rendered.append(page.url) or render_page(self, page))
    Builder(load_config(root / "site_config.yaml")).build()
    assert "elus/alexandre-gallese/" in rendered and [url for url in rendered if re.search(r"elus/.+/\d{4}/", url)] == []
    assert {path: (output / path).read_bytes() for path in years} == before
    Builder(load_config(root / "site_config.yaml", output_dir=root / "fresh")).build()
    assert {path: (root / "fresh" / path).read_bytes() for path in years} == before
    assert (root / "fresh/elus/alexandre-gallese/index.html").read_bytes() == (output / "elus/alexandre-gallese/index.html").read_bytes()
