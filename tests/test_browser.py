"""The real Pagefind index, queried by Debian's Chromium through Playwright, under a sub-path."""

from __future__ import annotations

import re
from typing import Iterator

import pytest
from playwright.sync_api import expect

from .conftest import ROOT, run_cli
from .serving import StaticServer

pytestmark = pytest.mark.browser

SEED_TITLE = "Déclinaison opérationnelle de la convention-cadre avec la CCIMP - Approbation d'une convention sur l'attractivité"
PREFIX = "/archives/deliberations/"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[StaticServer]:
    work = tmp_path_factory.mktemp("browser")
    result = run_cli("build", "--config", ROOT / "site_config.yaml", "--output", work / "output")
    assert result.status == 0, result.err
    with StaticServer(work / "output", work, PREFIX) as running:
        yield running


@pytest.fixture
def page(browser, server):  # type: ignore[no-untyped-def]
    context = browser.new_context()
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    context.close()
    # Leaving the page while Pagefind still loads results stops its worker: not an error of ours.
    assert [e for e in errors if e != "Pagefind worker terminated"] == [], server.log()


PAGE_SIZE = 10  # as static/search.js shows them


COUNT = re.compile(r"^\s*(\d+) résultats? pour")
"""The status once a search has run (« 12 résultats pour … »)."""


def result_count(page) -> int:  # type: ignore[no-untyped-def]
    """The count in the search status, once the search has run."""
    message = page.locator("#search-status")
    message.filter(has_text=COUNT).wait_for(timeout=10_000)
    return int(COUNT.match(message.inner_text()).group(1))  # type: ignore[union-attr]


def results(page) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    """Titles and links of the first page of results, once they have all loaded (count and links agreeing)."""
    page.wait_for_function(
        """page_size => {
            const m = /^\\s*(\\d+) résultats? pour/.exec(document.querySelector('#search-status')?.innerText || '');
            return m && document.querySelectorAll('.search-result-link').length === Math.min(+m[1], page_size);
        }""",
        arg=PAGE_SIZE,
    )
    links = page.locator(".search-result-link")
    return [(links.nth(i).inner_text(), links.nth(i).get_attribute("href") or "") for i in range(links.count())]


@pytest.mark.parametrize("query", ["attractivité", "ECO 003-2438/17/BM", "2438", "2438/17"])
def test_the_seed_is_found_by_word_and_by_number(page, server, query: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(server.url + "recherche/")
    page.fill("#search-input", query)
    found = results(page)
    hrefs = [href for _, href in found]
    assert PREFIX + "deliberations/eco-003-2438-17-bm/" in hrefs, (query, found, server.log())
    if query != "attractivité":
        assert hrefs[0] == PREFIX + "deliberations/eco-003-2438-17-bm/"


def test_a_query_in_the_address_filter_by_theme_and_open_the_result(page, server) -> None:  # type: ignore[no-untyped-def]
    page.goto(server.url + "recherche/?q=convention&tri=pertinence")  # every year searched: the whole count
    everything = result_count(page)
    page.locator("#search-filters summary").click()
    page.get_by_label("Développement économique").check()
    page.locator("#search-status").filter(has_text=COUNT).filter(has_not_text=f"{everything} résultat").wait_for()
    filtered = results(page)
    assert 0 < result_count(page) < everything
    page.locator(".search-result-link", has_text="Déclinaison opérationnelle").click()
    page.wait_for_url(server.url + "deliberations/eco-003-2438-17-bm/")
    assert page.locator("h1").inner_text() == SEED_TITLE
    for title, href in filtered:
        page.goto("http://127.0.0.1:%d%s" % (server.port, href))
        assert "Développement économique" in page.locator(".facts").inner_text(), title


def test_sorting_by_date_orders_the_results(page, server) -> None:  # type: ignore[no-untyped-def]
    page.goto(server.url + "recherche/?q=convention&tri=asc")
    oldest_first = [href for _, href in results(page)]
    page.select_option("#sort", "desc")
    page.wait_for_url(re.compile(r"tri=desc"))
    expect(page.locator("#sort")).to_have_value("desc")  # set by the page's script from the address, once it runs
    newest_first = [href for _, href in results(page)]
    # Slugs carry the year of the act (one search bundle per year, merged in order): the
    # oldest acts are from 2016, the newest from 2018, and the years follow each other.
    def years(hrefs: list[str]) -> list[int]:
        return [int(re.search(r"-(\d\d)-[a-z]+/$", h).group(1)) for h in hrefs]  # type: ignore[union-attr]

    assert years(oldest_first)[0] == 16 and years(newest_first)[0] == 18, (oldest_first, newest_first)
    assert years(oldest_first) == sorted(years(oldest_first)) and years(newest_first) == sorted(years(newest_first), reverse=True)


def test_the_search_page_says_javascript_is_needed_when_it_is_off(browser, server) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(server.url + "recherche/")
    assert "a besoin de JavaScript" in page.locator("#search-fallback").inner_text()
    page.get_by_role("link", name="Thèmes").first.click()
    assert page.locator("h1").inner_text() == "Thèmes"
    context.close()


def searched_years(fetched: list[str]) -> set[str]:
    """The years whose search index (metadata or word chunks) the page fetched."""
    return {m.group(1) for url in fetched if (m := re.search(r"/pagefind/(\d{4})/(?:pagefind\.|index/)", url))}


def test_years_are_searched_newest_first_as_far_as_the_page_of_results_needs(page, server) -> None:  # type: ignore[no-untyped-def]
    fetched: list[str] = []
    page.on("requestfinished", lambda request: fetched.append(request.url))

    page.goto(server.url + "recherche/?q=convention")
    first = results(page)
    # The first page of results is full from 2017 and 2018: 2016's index is not fetched, and the status says so.
    assert len(first) == PAGE_SIZE and searched_years(fetched) == {"2017", "2018"}, (first, fetched)
    assert page.locator("#search-status").inner_text().endswith("(2017–2018)")
    page.locator("#search-more").click()
    page.locator("#search-status").filter(has_text=COUNT).filter(has_not_text="2017–2018").wait_for()
    assert searched_years(fetched) == {"2016", "2017", "2018"}
    assert result_count(page) > len(first) and page.locator("#search-more").inner_text() == "Afficher plus de résultats"


def test_a_whole_number_is_looked_for_in_its_own_year(page, server) -> None:  # type: ignore[no-untyped-def]
    fetched: list[str] = []
    page.on("requestfinished", lambda request: fetched.append(request.url))
    page.goto(server.url + "recherche/?q=HN009-011/16/CM")  # 2016: the oldest year, searched out of turn
    assert results(page)[0][1] == PREFIX + "deliberations/hn009-011-16-cm/"
    assert searched_years(fetched) == {"2016", "2018"}
    assert page.locator("#search-status").inner_text().endswith("(2016, 2018)")


def test_printing_an_act_gives_its_attendance_with_its_citation_line(page, server) -> None:  # type: ignore[no-untyped-def]
    page.goto(server.url + "deliberations/eco-003-2438-17-bm/")
    page.emulate_media(media="print")
    expect(page.locator("#presences")).to_be_visible()
    expect(page.locator(".attendance-counts")).to_be_visible()
    expect(page.locator(".citation-line")).to_be_visible()
    expect(page.locator(".site-nav")).to_be_hidden()
