"""Content is data, never code: hostile acts render inert, and the site runs under a strict CSP."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Iterator

import pytest

from registre.serve import CSP

from .conftest import ROOT, copy_site, run_cli
from .serving import StaticServer

pytestmark = pytest.mark.browser


def test_the_policy_sent_by_serve_is_the_one_the_readme_gives_hosts() -> None:
    assert f"Content-Security-Policy: {CSP}\n" in (ROOT / "README.md").read_text(encoding="utf-8")


def serve_site(name: str | None, workdir: Path) -> StaticServer:
    config = copy_site(name, workdir / name) / "site_config.yaml" if name else ROOT / "site_config.yaml"
    result = run_cli("build", "--config", config, "--output", workdir / "output")
    assert result.status == 0, result.err
    return StaticServer(workdir / "output", workdir, "", {"Content-Security-Policy": CSP})


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Iterator[StaticServer]:
    with serve_site("hostile/scripts", tmp_path_factory.mktemp("hostile")) as server:
        yield server


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Iterator[StaticServer]:
    with serve_site(None, tmp_path_factory.mktemp("example")) as server:
        yield server


def visit(browser, url: str) -> tuple[object, list[str]]:  # type: ignore[no-untyped-def]
    """Open a page; return it and every dialog, page error and CSP complaint it raised."""
    page = browser.new_page()
    events: list[str] = []
    page.on("dialog", lambda d: (events.append(f"dialog: {d.message}"), d.dismiss()))
    page.on("pageerror", lambda e: events.append(f"error: {e}"))
    page.on("console", lambda m: events.append(f"console: {m.text}") if "Content Security Policy" in m.text or "Refused" in m.text else None)
    response = page.goto(url)
    assert response is not None and response.headers.get("content-security-policy") == CSP
    page.wait_for_load_state("load")
    return page, events


def test_no_script_from_content_runs_on_any_page(browser, hostile: StaticServer) -> None:  # type: ignore[no-untyped-def]
    pages = sorted(p.relative_to(hostile.root).as_posix() for p in hostile.root.rglob("*.html") if "pagefind" not in p.parts)
    assert len(pages) > 15
    for path in pages:
        page, events = visit(browser, hostile.url + path.removesuffix("index.html"))
        page.mouse.move(200, 300)
        page.wait_for_timeout(30)
        assert page.evaluate("window.__pwned === undefined"), path
        assert events == [], (path, events)
        page.close()


def test_hostile_text_is_shown_as_text(browser, hostile: StaticServer) -> None:  # type: ignore[no-untyped-def]
    page, events = visit(browser, hostile.url + "deliberations/eco-003-2438-17-bm/")
    title = page.locator("h1").inner_text()
    assert title == "<script>window.__pwned='title'</script> {{ 7*7 }} {% for x in range(3) %}boucle{% endfor %}"
    text = page.locator(".act-text").inner_text()
    assert "<script>window.__pwned = 'body'</script>" in text and "{{ 7*7 }}" in text and "49" not in text
    hrefs = page.eval_on_selector_all("a[href]", "links => links.map(a => a.getAttribute('href').toLowerCase())")
    assert not [h for h in hrefs if h.startswith(("javascript:", "data:", "vbscript:"))]
    assert page.locator("img, iframe, object, embed, style:not([data-csp])").count() == 0
    assert events == []


def test_search_works_under_the_strict_policy(browser, example: StaticServer) -> None:  # type: ignore[no-untyped-def]
    page, events = visit(browser, example.url + "recherche/?q=attractivit%C3%A9")
    page.locator(".search-result-link").first.wait_for(timeout=10_000)
    assert "/deliberations/eco-003-2438-17-bm/" in [page.locator(".search-result-link").nth(i).get_attribute("href") for i in range(page.locator(".search-result-link").count())]
    assert [e for e in events if "worker terminated" not in e] == []


@pytest.mark.parametrize("path", ["", "deliberations/eco-003-2438-17-bm/", "seances/2017-10-19-bm/", "themes/eco/", "elus/martine-vassal/", "donnees/", "404.html"])
def test_every_page_type_of_the_archive_runs_under_the_policy(browser, example: StaticServer, path: str) -> None:  # type: ignore[no-untyped-def]
    page, events = visit(browser, example.url + path)
    assert events == [], events
    assert re.search(r"\w", page.locator("h1").inner_text())
