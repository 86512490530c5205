#!/usr/bin/env python3
"""What searching the years one after the other costs in result quality.

    .venv/bin/python bench/quality.py SITE QUERY [QUERY ...]     (SITE: a built bench site, e.g. bench/work/10000)

For each query, in Chromium: the first page of results of the search page (the
newest years first, as far as the page needs) against the top ten of Pagefind's
relevance over every year's bundle merged. Prints a Markdown table: the search
page's status, the results over every year, the top ten shared, and the first
result of each.
"""

from __future__ import annotations

import sys
import urllib.parse
from pathlib import Path

from playwright.sync_api import sync_playwright

from gzip_server import GzipServer

EVERY_YEAR = """async (term) => {
  const shards = document.getElementById('search').dataset.shards.split(' ');
  const pagefind = await import('/pagefind/' + shards[0] + '/pagefind.js?every-year');
  await pagefind.options({});
  for (const shard of shards.slice(1)) await pagefind.mergeIndex('/pagefind/' + shard + '/');
  const found = await pagefind.search(term);
  return [found.results.length, await Promise.all(found.results.slice(0, 10).map(async (r) => (await r.data()).url))];
}"""


def main(site: Path, queries: list[str]) -> None:
    print("| query | search page | results, every year | top 10 shared | first (search page) | first (every year) |")
    print("| --- | --- | ---: | ---: | --- | --- |")
    with GzipServer(site / "output", True) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        for query in queries:
            tab = browser.new_page()
            tab.goto(f"{url}recherche/?q={urllib.parse.quote(query)}")
            tab.wait_for_function("/(\\d+ résultats? pour|Aucun)/.test(document.getElementById('search-status').innerText)", timeout=30_000)
            first = [link.get_attribute("href") for link in tab.locator(".search-result-link").all()]
            status = tab.locator("#search-status").inner_text()
            other = browser.new_page()
            other.goto(f"{url}recherche/")
            total, best = other.evaluate(EVERY_YEAR, query)
            print(f"| {query} | {status} | {total} | {len(set(first) & set(best))}/{len(best)} | {first[0] if first else '-'} | {best[0] if best else '-'} |")
            tab.close()
            other.close()
        browser.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]), sys.argv[2:])
