#!/usr/bin/env python3
"""What a citizen gets from the search page, measured on a built site.

    .venv/bin/python bench/quality.py SITE [QUERY ...]     (SITE: a built bench site, e.g. bench/work/10000)
    .venv/bin/python bench/quality.py --merged SITE [QUERY ...]

`--merged`, where one Pagefind index over every act does not fit in memory (it took more
than 18 GB at 100,000 acts): the reference is then every year's bundle merged in the
browser, each scored by Pagefind and weighed over the archive, as the page merges them.

For each query, in Chromium, on the search page as a citizen opens it (`recherche/?q=…`):

- results: the count the page gives;
- precision: the share of the results on the first two pages whose act holds every query
  word's family (a word starting with its first letters, accents and case aside), read from
  the content files, not from any index;
- shared with one index: of the first ten by relevance, how many are among the first ten of
  one Pagefind index over every act (built here, from the build's search documents), or
  score as well as its tenth (a generated corpus has many acts scoring alike); first as the
  page opens (a one-word search: the archive's best, ranked at build time by registre/ranking.py;
  several words: the newest years first), then with every year chosen in the filters (every
  year holding the words searched and merged, their scores weighed over the archive);
- date order: sorted newest first, the share of neighbouring results (first two pages) in
  exact order (date, then the agenda's order);
- bytes: what the first search fetches (page, script, WebAssembly, index, ten results), gzip
  from the server as any host sends them.
"""

from __future__ import annotations

import re
import shutil
import sys
import urllib.parse
from pathlib import Path

import yaml
from playwright.sync_api import sync_playwright

from gzip_server import GzipServer

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from registre.search import index_folder  # noqa: E402
from registre.vocabulary import fold  # noqa: E402

QUERIES = ["subventions", "étude", "Gardanne", "assainissement", "convention", "crèche", "Vitrolles", "tramway", "atractivité"]
REFERENCE = "pagefind-reference"
PAGE_SIZE = 10
MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"]

ONE_INDEX = """async ([bundle, term, others]) => {
  const pagefind = await import(bundle + 'pagefind.js');
  await pagefind.options({});
  for (const other of others) await pagefind.mergeIndex(other);
  const found = await pagefind.search(term);
  return await Promise.all(found.results.slice(0, 200).map(async (r) => [(await r.data()).url, r.score]));
}"""
"""The first 200 of one index over every act, with their scores: on a generated corpus many acts
score alike, and a result scoring as the tenth best is as good as the tenth."""


def stems(query: str) -> list[str]:
    """Each query word's first letters, as the search page's families take them."""
    words = re.findall(r"[^\W\d_]+|\d+", fold(query))
    return [w if len(w) <= 4 or w.isdigit() else w[: max(4, len(w) - 3)] for w in words]


def slug_of(href: str) -> str:
    return href.split("#")[0].rstrip("/").rsplit("/", 1)[-1]


class Acts:
    """The content files' words and place in date order, by slug."""

    def __init__(self, site: Path) -> None:
        self.words: dict[str, set[str]] = {}
        self.order: dict[str, tuple[str, int]] = {}
        for path in (site / "content").rglob("*.md"):
            front, body = path.read_text(encoding="utf-8").split("---\n", 2)[1:]
            facts = yaml.load(front, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # 100,000 files: the C loader
            self.words[path.stem] = set(re.findall(r"[^\W\d_]+|\d+", fold(" ".join((facts["number"], facts["title"], body)))))
            register = re.search(r"-(\d+)/", facts["number"])
            self.order[path.stem] = (str(facts["date"]), int(register.group(1)) if register else 0)

    def holds(self, slug: str, query: str) -> bool:
        return all(any(w.startswith(stem) for w in self.words.get(slug, ())) for stem in stems(query))


def shown(tab) -> list[str]:  # type: ignore[no-untyped-def]
    return tab.locator(".search-result-link").evaluate_all("links => links.map(a => a.getAttribute('href'))")


def search(tab, url: str, sort: str = "pertinence", pages: int = 2) -> tuple[str, list[str]]:  # type: ignore[no-untyped-def]
    """The status and the links of the first pages of results."""
    tab.goto(f"{url}&tri={sort}")
    tab.wait_for_function("/(\\d+ résultats? pour|Aucun)/.test(document.getElementById('search-status').innerText)", timeout=60_000)
    tab.wait_for_function("() => document.querySelectorAll('.search-result-link').length > 0 || /Aucun/.test(document.getElementById('search-status').innerText)")
    for _ in range(pages - 1):
        if tab.locator("#search-more").is_hidden() or len(shown(tab)) < PAGE_SIZE:
            break
        before = len(shown(tab))
        tab.locator("#search-more").click()
        tab.wait_for_function(f"() => document.querySelectorAll('.search-result-link').length > {before} || document.getElementById('search-more').hidden", timeout=60_000)
    return tab.locator("#search-status").inner_text(), shown(tab)


def first_search_bytes(browser, address: str) -> int:  # type: ignore[no-untyped-def]
    """Bytes a first visit fetches for a search, until its results (or « Aucun résultat ») show and the network is idle."""
    context = browser.new_context()
    tab = context.new_page()
    requests: list = []
    tab.on("requestfinished", lambda r: requests.append(r))
    tab.goto(address)
    tab.wait_for_function("/(\\d+ résultats? pour|Aucun)/.test(document.getElementById('search-status').innerText)", timeout=60_000)
    tab.wait_for_load_state("networkidle")
    total = sum(r.sizes()["responseBodySize"] + r.sizes()["responseHeadersSize"] for r in requests)
    context.close()
    return total


def main(site: Path, queries: list[str], merged: bool) -> None:
    acts = Acts(site)
    output = site / "output"
    documents = next(site.glob(".registre-cache-*")) / "search"
    reference = output / REFERENCE
    if merged:
        years = sorted((path.name for path in (output / "pagefind").iterdir() if (path / "pagefind-entry.json").is_file()), reverse=True)
        bundles = [f"/pagefind/{year}/" for year in years]
    else:
        index_folder(documents, reference, "fr")
        bundles = [f"/{REFERENCE}/"]
    every_year = "".join(f"&annee={year}" for year in sorted({date[:4] for date, _ in acts.order.values()}))
    print("| query | results | precision | shared with one index (newest years, every year) | date order | first search, gzip |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    try:
        with GzipServer(output, True) as url, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
            for query in queries:
                address = f"{url}recherche/?q={urllib.parse.quote(query)}"
                tab = browser.new_page()
                status, relevant = search(tab, address)
                count = re.match(r"\s*(\d+)", status)
                holding = sum(acts.holds(slug_of(h), query) for h in relevant)
                other = browser.new_page()
                other.goto(f"{url}recherche/")
                ranked = [(slug_of(u), score) for u, score in other.evaluate(ONE_INDEX, [bundles[0], query, bundles[1:]])]
                ranked = [(slug, score) for slug, score in ranked if acts.holds(slug, query)]  # one index answers a word it lacks with fragments too
                best = [slug for slug, _ in ranked[:PAGE_SIZE]]
                tenth = ranked[min(PAGE_SIZE, len(ranked)) - 1][1] if ranked else 0
                good = {slug for slug, score in ranked if score >= tenth}  # the ten best, and those scoring as well
                shared = len({slug_of(h) for h in relevant[:PAGE_SIZE]} & good)
                _, every = search(tab, address + every_year, pages=1) if best else ("", [])
                shared_merged = len({slug_of(h) for h in every[:PAGE_SIZE]} & good)
                _, dated = search(tab, address, "desc")
                places = [acts.order[slug_of(h)] for h in dated]
                in_order = sum(a >= b for a, b in zip(places, places[1:]))
                gzipped = first_search_bytes(browser, address)
                print(
                    f"| {query} | {count.group(1) if count else 0} | {holding}/{len(relevant)} | {shared}/{len(best)}, {shared_merged}/{len(best)} | "
                    f"{in_order}/{max(len(places) - 1, 0)} | {gzipped / 1024:.0f} KB |"
                )
                tab.close()
                other.close()
            browser.close()
    finally:
        shutil.rmtree(reference, ignore_errors=True)


if __name__ == "__main__":
    merged = "--merged" in sys.argv
    arguments = [a for a in sys.argv[1:] if a != "--merged"]
    main(Path(arguments[0]), arguments[1:] or QUERIES, merged)
