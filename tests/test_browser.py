"""The real Pagefind index, queried by Debian's Chromium through Playwright, under a sub-path."""

from __future__ import annotations

import contextlib
import re
from typing import Any, Iterator

import pytest
import yaml
from playwright.sync_api import expect

from registre.search import index_folder
from registre.vocabulary import fold

from .conftest import ROOT, act_text, good_act, run_cli
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


@contextlib.contextmanager
def searched(browser, make_site, tmp_path, acts: dict[str, dict[str, Any]], query: str, config: dict[str, Any] | None = None):  # type: ignore[no-untyped-def]
    """A one-off site of these acts (file name: front matter, or (front matter, text)), built and served,
    its search page open on `query`."""
    files = {name: act_text(*(act if isinstance(act, tuple) else (act,))) for name, act in acts.items()}
    root = make_site(files, config)
    built = run_cli("build", "--config", root / "site_config.yaml")
    assert built.status == 0, built.err
    with StaticServer(root / "output", tmp_path) as server:
        context = browser.new_context()
        try:
            page = context.new_page()
            page.goto(server.url + "recherche/?q=" + query)
            yield page
        finally:
            context.close()


@pytest.mark.parametrize("query", ["attractivité", "ECO 003-2438/17/BM", "2438", "2438/17", "n° ECO 003 - 2438 / 17 / BM", "N°ECO003-2438/17/BM"])
def test_the_seed_is_found_by_word_and_by_number(page, server, query: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(server.url + "recherche/")
    page.fill("#search-input", query)
    found = results(page)
    hrefs = [href for _, href in found]
    assert PREFIX + "deliberations/eco-003-2438-17-bm/" in hrefs, (query, found, server.log())
    if query != "attractivité":
        assert hrefs[0] == PREFIX + "deliberations/eco-003-2438-17-bm/"
        # Only acts holding the number: none that merely holds one of its digits (« Article 2 »).
        assert {slug_of(href) for href in hrefs} == acts_holding("2438"), found


def acts_holding(*stems: str) -> set[str]:
    """The example's acts whose number, title or text holds a word starting with each stem (accents and case aside):
    read from the content files, not from the index."""
    found = set()
    for path in (ROOT / "content").rglob("*.md"):
        front, body = path.read_text(encoding="utf-8").split("---\n", 2)[1:]
        facts = yaml.safe_load(front)
        words = set(re.findall(r"[^\W_]+", fold(" ".join((facts["number"], facts["title"], body)))))
        if all(any(word.startswith(stem) for word in words) for stem in stems):
            found.add(path.stem)
    return found


def slug_of(href: str) -> str:
    return href.split("#")[0].rstrip("/").rsplit("/", 1)[1]


def every_result(page) -> list[str]:  # type: ignore[no-untyped-def]
    """The links of all the results: more shown, and earlier years searched, until none are left."""
    hrefs = [href for _, href in results(page)]
    for _ in range(20):
        more = page.locator("#search-more")
        if more.is_hidden():
            break
        shown = f"{page.locator('#search-status').inner_text()}|{len(hrefs)}"
        more.click()
        page.wait_for_function(
            """shown => { const status = document.querySelector('#search-status').innerText;
            return /résultats? pour/.test(status) && status + '|' + document.querySelectorAll('.search-result-link').length !== shown; }""",
            arg=shown,
        )
        hrefs = page.locator(".search-result-link").evaluate_all("links => links.map(a => a.getAttribute('href'))")  # shown with the status, at once
    return hrefs


@pytest.mark.parametrize("query, stems", [("attractivité", ["attractiv"]), ("Gémenos", ["gemenos"]), ("afférent", ["afferent"]), ("subvention Gémenos", ["subvention", "gemenos"])])
def test_every_result_holds_the_words_and_every_act_holding_them_is_found(page, server, query: str, stems: list[str]) -> None:  # type: ignore[no-untyped-def]
    page.goto(server.url + "recherche/?q=" + query)
    found = every_result(page)
    assert len(found) == len(set(found)), found  # no act twice
    assert {slug_of(href) for href in found} == acts_holding(*stems), (query, found)


def test_a_word_found_nowhere_finds_nothing_and_a_typo_gets_a_suggestion(page, server) -> None:  # type: ignore[no-untyped-def]
    page.goto(server.url + "recherche/?q=tramway")
    expect(page.locator("#search-status")).to_have_text("Aucun résultat pour « tramway »")
    expect(page.locator(".search-result-link")).to_have_count(0)
    page.goto(server.url + "recherche/?q=atractivité")
    suggestion = page.locator("#search-status a")
    expect(suggestion).to_have_text("attractivité")
    assert "Vouliez-vous dire" in page.locator("#search-status").inner_text()
    suggestion.click()
    assert {slug_of(href) for _, href in results(page)} == acts_holding("attractiv")
    expect(page).to_have_url(re.compile(r"q=attractivit%C3%A9"))


def test_a_result_gives_its_facts_and_outcome_and_links_to_the_article_holding_the_words(page, server) -> None:  # type: ignore[no-untyped-def]
    page.goto(server.url + "recherche/?q=afférent")
    first = page.locator("#search-results li").first
    expect(first.locator(".act-outcome")).to_have_text("Adoptée")
    assert re.fullmatch(r"[A-Z]+ \d{3}-\d+/\d\d/(BM|CM) · \d+ \w+ \d{4} · (Bureau|Conseil) de la Métropole", first.locator(".act-meta").inner_text())
    # « tout document y afférent » sits in an article: the result opens there.
    link = first.locator(".search-result-link")
    assert re.search(r"#article-\d+$", link.get_attribute("href") or ""), link.get_attribute("href")
    assert "afférent" in first.locator(".search-excerpt mark").first.inner_text()
    assert "Développement économique ·" not in first.locator(".search-excerpt").inner_text()  # never the line of filters
    link.click()
    anchor = page.url.split("#")[1]
    expect(page.locator(f"#{anchor}")).to_be_visible()
    page.goto(server.url + "recherche/?q=Septèmes")
    rejected = page.locator("#search-results li", has_text="37 logements à Septèmes-les-Vallons")
    expect(rejected.locator(".act-outcome")).to_have_text("Rejetée")
    expect(rejected.locator(".act-outcome")).to_have_class(re.compile("vote-rejected"))


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


MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"]


def listed_order(page) -> list[tuple[int, int, int, int]]:  # type: ignore[no-untyped-def]
    """(year, month, day, register) of each result shown: its date, then its place in the session."""
    found = []
    for meta in page.locator("#search-results .act-meta").all_inner_texts():
        number, date = meta.split(" · ")[:2]
        day, month, year = date.replace("1er", "1").split()
        found.append((int(year), MONTHS.index(month) + 1, int(day), int(re.search(r"-(\d+)/", number).group(1))))  # type: ignore[union-attr]
    return found


def test_sorting_by_date_orders_every_result_in_place(page, server) -> None:  # type: ignore[no-untyped-def]
    page.goto(server.url + "recherche/?q=convention&tri=asc")
    results(page)
    page.evaluate("window.stillHere = true")  # gone if the page reloads
    page.locator("#search-more").click()
    expect(page.locator("#search-results li")).to_have_count(2 * PAGE_SIZE)
    oldest_first = listed_order(page)
    assert oldest_first == sorted(oldest_first) and oldest_first[0][0] == 2016, oldest_first

    page.locator("#sort").focus()
    page.select_option("#sort", "desc")
    expect(page).to_have_url(re.compile(r"tri=desc"))
    expect(page.locator("#search-results .act-meta").first).to_contain_text("2018")
    newest_first = listed_order(page)
    assert newest_first == sorted(newest_first, reverse=True) and len(newest_first) == PAGE_SIZE, newest_first
    # Sorted in place: no reload, the keyboard's focus still on the sort box (WCAG 3.2.2).
    assert page.evaluate("window.stillHere === true && document.activeElement.id") == "sort"


def test_filters_and_sort_live_in_the_address_and_survive_a_reload(page, server) -> None:  # type: ignore[no-untyped-def]
    page.goto(server.url + "recherche/?q=convention&tri=desc")
    everything = result_count(page)
    page.locator("#search-filters summary").click()
    page.get_by_label("Développement économique").check()
    expect(page).to_have_url(re.compile(r"theme=D%C3%A9veloppement\+%C3%A9conomique"))
    page.locator("#search-status").filter(has_text=COUNT).filter(has_not_text=f"{everything} résultat").wait_for()
    filtered = results(page)
    shared = page.url
    page.reload()
    # The shared address gives the same search: words, sort and filter, the filter's box checked.
    expect(page.locator("#search-filters")).to_have_attribute("open", "")
    expect(page.get_by_label("Développement économique")).to_be_checked()
    assert results(page) == filtered and page.url == shared
    assert page.locator("#sort").input_value() == "desc"
    # Filters alone: the status says what is listed.
    page.goto(server.url + "recherche/?theme=D%C3%A9veloppement+%C3%A9conomique&annee=2016")
    status = page.locator("#search-status")
    expect(status).to_have_text(re.compile(r"^\d+\sdélibérations?\s:\s2016\s;\sDéveloppement économique"))
    assert "« »" not in status.inner_text()


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


def test_the_first_page_by_relevance_fetches_no_year_s_index_and_more_searches_every_year(page, server, one_index: str) -> None:  # type: ignore[no-untyped-def]
    fetched: list[str] = []
    page.on("requestfinished", lambda request: fetched.append(request.url))

    page.goto(server.url + "recherche/?q=convention")
    first = results(page)
    # The archive's ten best, ranked at build time: the word's table and ten fragments, no year's index.
    assert len(first) == PAGE_SIZE and searched_years(fetched) == set(), (first, fetched)
    assert sum("/pagefind/best/" in url for url in fetched) == 1 and sum(url.endswith(".pf_fragment") for url in fetched) == PAGE_SIZE
    # The count is the archive's, as one index over every act gives it.
    assert result_count(page) == len(page.evaluate(ONE_INDEX, [one_index, "convention", {}]))
    assert not page.locator("#search-status").inner_text().endswith(")")  # no « (2017–2018) »: every year counted
    page.locator("#search-more").click()
    page.wait_for_function("n => document.querySelectorAll('.search-result-link').length === n", arg=2 * PAGE_SIZE)
    assert searched_years(fetched) == {"2016", "2017", "2018"}
    # The first page stays as it was, and the next ones follow it, none twice.
    links = page.locator(".search-result-link").evaluate_all("links => links.map(a => [a.textContent, a.getAttribute('href')])")
    assert [tuple(link) for link in links[:PAGE_SIZE]] == first and len({href for _, href in links}) == 2 * PAGE_SIZE


def test_a_whole_number_is_looked_for_in_its_own_year(page, server) -> None:  # type: ignore[no-untyped-def]
    fetched: list[str] = []
    page.on("requestfinished", lambda request: fetched.append(request.url))
    page.goto(server.url + "recherche/?q=HN009-011/16/CM")  # 2016: the oldest year, searched alone
    assert results(page)[0][1] == PREFIX + "deliberations/hn009-011-16-cm/"
    assert searched_years(fetched) == {"2016"}
    assert page.locator("#search-status").inner_text().endswith("(2016)")


def test_a_number_its_own_year_does_not_hold_is_looked_for_in_the_others(browser, make_site, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A register may number an act of a new year in the last one's series: « …/17/… » dated 2018.
    2017 holds each part of the number (in two acts), no act of it holds them all."""
    acts = {
        "a.md": good_act(),
        "b.md": good_act(number="HN 004-2439/17/BM", theme="HN", title="Marché 2440, lot 005"),
        "c.md": good_act(number="ECO 005-2440/17/BM", date="2018-01-11", title="Convention de gestion"),
    }
    with searched(browser, make_site, tmp_path, acts, "ECO 005-2440/17/BM") as page:
        assert [href for _, href in results(page)] == ["/deliberations/eco-005-2440-17-bm/"]


@pytest.mark.parametrize("query", ["D.C. 2020/3-030", "D.C.2020/3-030"])
def test_a_number_with_a_part_of_one_character_is_found(browser, make_site, tmp_path, query: str) -> None:  # type: ignore[no-untyped-def]
    """Pagefind indexes « 2020/3-030 » as 20203030, 2020 and 030: never its « 3 » (Massiac's numbers)."""
    acts = {
        "a.md": good_act(number="D.C. 2020/3-030", date="2020-06-09", title="Commission des impôts directs"),
        # A « 3 » of its own elsewhere: Pagefind then asks every result for a word starting with 3.
        "b.md": (good_act(number="D.C. 2020/3-031", date="2020-06-09", title="Tarifs du camping"), "Ouvert 3 mois par an.\n"),
    }
    config = {"number_pattern": r"D\.C\. ?(?P<year>\d{4})/\d+-(?P<order>\d{3})"}
    with searched(browser, make_site, tmp_path, acts, query, config) as page:
        assert [href for _, href in results(page)][0] == "/deliberations/d-c-2020-3-030/"


@pytest.mark.parametrize(("query", "found", "left_out"), [
    # No act holds the three words, each is in the archive: « des », then « élus », the commonest, are left out.
    ("indemnités des élus", ["/deliberations/eco-001-2440-17-bm/"], "des élus"),
    # In one year's vocabulary, never in one act: « élus » is left out.
    ("élus indemnités", ["/deliberations/eco-001-2440-17-bm/"], "élus"),
    # A word the archive never holds, nothing near it to suggest, is left out.
    ("indemnités xylophone", ["/deliberations/eco-001-2440-17-bm/"], "xylophone"),
])
def test_words_no_act_holds_together_find_the_acts_holding_the_rarest(browser, make_site, tmp_path, query: str, found: list[str], left_out: str) -> None:  # type: ignore[no-untyped-def]
    acts = {
        "a.md": good_act(number="ECO 001-2440/17/BM", title="Indemnités de fonction du maire"),
        "b.md": (good_act(number="ECO 002-2441/17/BM", title="Désignation des élus au syndicat"), "Les élus désignés siègent. Les élus sont deux.\n"),
        "c.md": (good_act(number="ECO 004-2443/17/BM", title="Commission des finances"), "Les membres des commissions.\n"),
    }
    with searched(browser, make_site, tmp_path, acts, query) as page:
        assert [href for _, href in results(page)] == found
        assert page.locator("#search-status").inner_text().endswith(f"aucune délibération ne les contient avec « {left_out} »")
        expect(page.locator("#search-input")).to_have_value(query)  # what was typed stays


ONE_INDEX = """async ([bundle, term, filters]) => {
  const pagefind = await import(bundle + 'pagefind.js');
  await pagefind.options({});
  const found = await pagefind.search(term, {filters});
  return await Promise.all(found.results.map(async (r) => [(await r.data()).url.replace(/\\/$/, '').split('/').pop(), r.score]));
}"""


@pytest.fixture(scope="module")
def one_index(server: StaticServer) -> str:
    """The address of one Pagefind index over every act's search document, beside the site."""
    output = (server.root / PREFIX.strip("/")).resolve()
    index_folder(next(output.parent.glob(".registre-cache-*")) / "search", server.root / "one-index", "fr")
    return f"http://127.0.0.1:{server.port}/one-index/"


@pytest.mark.parametrize("filtered", [False, True], ids=["as-the-page-opens", "every-year-chosen"])
@pytest.mark.parametrize("query", ["convention", "subvention", "métropole", "commune"])
def test_by_relevance_the_years_rank_as_one_index_over_every_act(page, server, one_index: str, query: str, filtered: bool) -> None:  # type: ignore[no-untyped-def]
    """Each year's bundle scores a word's rarity within that year. As the page opens, the first
    page is ranked at build time over every act (ranking.py); with every year chosen, the years'
    scores are weighed over the whole archive as they merge: either way, the first results are
    those one index over every act gives."""
    years = ["2016", "2017", "2018"]
    page.goto(server.url + f"recherche/?q={query}" + "".join(f"&annee={year}" for year in years if filtered))
    ranked = [slug_of(href) for _, href in results(page)]
    name = page.evaluate("JSON.parse(document.getElementById('search').dataset.filterKeys).annee")
    best = page.evaluate(ONE_INDEX, [one_index, query, {name: {"any": years}} if filtered else {}])
    assert len(best) > PAGE_SIZE, best
    tenth = best[len(ranked) - 1][1]
    good = {slug for slug, score in best if score >= tenth * 0.999}  # scoring as well as the tenth is as good
    shared = len(set(ranked) & good)
    assert len(ranked) == PAGE_SIZE and shared >= 8, (ranked, best[:PAGE_SIZE])


def test_printing_an_act_gives_its_attendance_with_its_citation_line(page, server) -> None:  # type: ignore[no-untyped-def]
    page.goto(server.url + "deliberations/eco-003-2438-17-bm/")
    page.emulate_media(media="print")
    expect(page.locator("#presences")).to_be_visible()
    expect(page.locator(".attendance-counts")).to_be_visible()
    expect(page.locator(".citation-line")).to_be_visible()
    expect(page.locator(".site-nav")).to_be_hidden()


@pytest.mark.parametrize("query", ["013-200054807-20171019-ECO2438-DE", "013-200054807-20171019-eco2438-de"])
def test_an_act_is_found_by_its_actes_identifier(browser, make_site, tmp_path, query: str) -> None:  # type: ignore[no-untyped-def]
    acts = {
        "a.md": good_act(actes_id="013-200054807-20171019-ECO2438-DE"),
        "b.md": good_act(number="ECO 004-2439/17/BM", actes_id="013-200054807-20171019-ECO2439-DE"),
        "c.md": good_act(number="ECO 005-2440/17/BM"),
    }
    with searched(browser, make_site, tmp_path, acts, query) as page:
        assert [href for _, href in results(page)] == ["/deliberations/eco-003-2438-17-bm/"]


def test_a_table_naming_fragments_the_bundles_no_longer_have_leaves_pagefind_to_answer(browser, make_site, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A host that copied the table but not every bundle (or an older table): the search still answers."""
    import json

    root = make_site({
        "a.md": act_text(good_act()),
        "b.md": act_text(good_act(number="ECO 004-2439/17/BM", title="Approbation d'une convention sur le tourisme")),
    })
    built = run_cli("build", "--config", root / "site_config.yaml")
    assert built.status == 0, built.err
    table = next(path for path in (root / "output/pagefind/best").glob("*.json") if "approbation" in json.loads(path.read_text(encoding="utf-8")))
    words = json.loads(table.read_text(encoding="utf-8"))
    count, _, pages = words["approbation"]
    assert count == 2 and len(pages) == 2
    with StaticServer(root / "output", tmp_path) as server:
        context = browser.new_context()
        page = context.new_page()
        page.goto(server.url + "recherche/?q=approbation")
        assert len(results(page)) == 2
        # A table naming fragments the bundles no longer have.
        words["approbation"][2] = [listed.split("/")[0] + "/fr_0000000" for listed in pages]
        table.write_text(json.dumps(words), encoding="utf-8")
        page.goto(server.url + "recherche/?q=approbation&tri=pertinence")
        expect(page.locator("#search-status")).to_have_text(re.compile(r"^2 résultats pour « approbation »"))
        context.close()


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[StaticServer]:
    """A generated archive of several years (bench/corpus.py), a search bundle a year, with one
    Pagefind index over every act beside it (`one-index/`)."""
    import sys

    sys.path.insert(0, str(ROOT / "bench"))
    import corpus

    root = tmp_path_factory.mktemp("generated")
    corpus.generate(400, root, ROOT / "layouts", days_between=(150, 250))
    built = run_cli("build", "--config", root / "site_config.yaml")
    assert built.status == 0, built.err
    index_folder(next(root.glob(".registre-cache-*")) / "search", root / "output" / "one-index", "fr")
    with StaticServer(root / "output", root) as server:
        yield server


@pytest.mark.parametrize("query", ["subventions", "Gardanne", "assainissement", "étude"])
def test_on_a_generated_archive_of_several_years_the_first_page_is_the_archive_s_best(browser, generated: StaticServer, query: str) -> None:  # type: ignore[no-untyped-def]
    years = [path.name for path in (generated.root / "pagefind").iterdir() if (path / "pagefind-entry.json").is_file()]
    assert len(years) >= 4, years
    context = browser.new_context()
    page = context.new_page()
    fetched: list[str] = []
    page.on("requestfinished", lambda request: fetched.append(request.url))
    page.goto(generated.url + f"recherche/?q={query}")
    ranked = [slug_of(href) for _, href in results(page)]
    best = page.evaluate(ONE_INDEX, [generated.url + "one-index/", query, {}])
    tenth = best[PAGE_SIZE - 1][1]
    good = {slug for slug, score in best if score >= tenth * 0.999}  # scoring as well as the tenth is as good
    assert len(ranked) == PAGE_SIZE and len(set(ranked) & good) >= 8, (ranked, best[:PAGE_SIZE])
    assert result_count(page) == len(best)
    assert searched_years(fetched) == set(), fetched  # no year's index: the table and ten fragments
    context.close()
