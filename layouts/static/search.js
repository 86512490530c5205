// Full-text search with Pagefind's JavaScript API. Everything else in the site reads without JavaScript.
//
// One Pagefind bundle per year (search.py). The years are searched one after the other,
// newest first (oldest first when sorted so), as far as the page of results needs: a
// first search for a common word fetches the newest year's index only, and older years
// come when the reader asks for more. Filtered, or for a number, every year is
// searched. Filters load when their panel opens.
(function () {
  "use strict";
  const root = document.getElementById("search");
  if (!root) return;
  const PAGE_SIZE = 10;
  const words = JSON.parse(root.dataset.words);
  // Pagefind stores results as /deliberations/x/: prefixed with where the site really lives,
  // so the archive works at the root and under any sub-path.
  const base = new URL(root.dataset.siteRoot, window.location.href).pathname;
  const shards = root.dataset.shards.split(" ").filter(Boolean); // newest first
  if (!shards.length) return; // a site built without search: the page says so and lists the ways to browse
  // In the preview (`serve`), acts just edited are also in a small bundle of their own.
  const edits = root.dataset.edits.split(" ").filter(Boolean);
  let numberPattern = null;
  try {
    numberPattern = new RegExp("^\\s*(?:" + root.dataset.numberPattern + ")\\s*$", "i");
  } catch (error) {
    // A pattern the browser cannot read: numbers are searched as other words with digits.
  }
  const form = document.getElementById("search-form");
  const input = document.getElementById("search-input");
  const sort = document.getElementById("sort");
  const filtersBox = document.getElementById("search-filters");
  const filterGroups = document.getElementById("search-filter-groups");
  const status = document.getElementById("search-status");
  const list = document.getElementById("search-results");
  const more = document.getElementById("search-more");
  const params = new URLSearchParams(window.location.search);

  let pagefind = null; // the module, once loaded
  let order = []; // the years in the order the search walks them
  let searched = 0; // how many of them are merged in
  let shown = PAGE_SIZE;
  let latest = 0; // the number of the latest search: an older one that ends later is dropped
  let filtersLoaded = false;
  let timer = null;

  const bundle = (shard) => base + "pagefind/" + shard + "/";
  const relevance = () => sort.value === "pertinence";

  let loading = null;
  function load() {
    loading = loading || (async () => {
      // The first year walked is the bundle whose script runs the search (merged bundles share it).
      order = sort.value === "asc" ? shards.slice().reverse() : shards.slice();
      const module = await import(bundle(order[0]) + "pagefind.js");
      await module.options({ baseUrl: base, excerptLength: 30 });
      for (const extra of edits) {
        // The preview drops its bundle of edits once their years are indexed again: a page loaded before still searches.
        const there = await fetch(bundle(extra) + "pagefind-entry.json", { method: "HEAD", cache: "no-store" }).then((r) => r.ok, () => false);
        if (there) await module.mergeIndex(bundle(extra));
      }
      searched = 1;
      pagefind = module;
    })();
    return loading;
  }

  async function searchYears(count) {
    for (; searched < Math.min(count, order.length); searched++) await pagefind.mergeIndex(bundle(order[searched]));
  }

  function chosenFilters() {
    const chosen = {};
    for (const box of filterGroups.querySelectorAll("input:checked")) {
      (chosen[box.dataset.filter] = chosen[box.dataset.filter] || { any: [] }).any.push(box.value);
    }
    return chosen;
  }

  async function search() {
    try {
      await runSearch();
    } catch (error) {
      status.textContent = words.failed;
      throw error;
    }
  }

  async function runSearch() {
    const run = ++latest;
    const term = input.value.trim();
    const filters = chosenFilters();
    if (!term && !Object.keys(filters).length) {
      list.replaceChildren();
      status.textContent = "";
      more.hidden = true;
      return;
    }
    status.textContent = words.loading;
    await load();
    const ownYears = relevance() && !Object.keys(filters).length ? numberYears(term) : [];
    if (ownYears.length) {
      // A whole number holds its year: that year's bundle is searched (with the newest), not all of them.
      for (const shard of ownYears) if (order.indexOf(shard) >= searched) order.splice(searched, 0, ...order.splice(order.indexOf(shard), 1));
      await searchYears(Math.max(searched, ...ownYears.map((shard) => order.indexOf(shard) + 1)));
    } else if (Object.keys(filters).length || /\d/.test(term)) {
      // A part of a number, or a date, names acts wherever they are: every year is searched, for them to come first.
      await searchYears(order.length);
    }
    const options = { filters: filters };
    if (!relevance()) options.sort = { date: sort.value };
    let found = await pagefind.search(term || null, options);
    // More years, as far as the page needs (for a number, once the reader asks for more than its year).
    while (found.results.length < shown && searched < order.length && (!ownYears.length || shown > PAGE_SIZE)) {
      await searchYears(searched + 1);
      found = await pagefind.search(term || null, options);
    }
    const page = await Promise.all(found.results.slice(0, shown).map((result) => result.data()));
    if (run !== latest) return;
    show(term, found, page);
  }

  function show(term, found, page) {
    const hadFocus = document.activeElement === more;
    list.replaceChildren(...page.map(resultItem));
    const count = found.results.length;
    const partial = searched < order.length;
    const message = count === 0 ? words.none : count === 1 ? words.one : words.many;
    status.textContent = message.replace("{count}", count).replace("{term}", term)
      + (partial ? words.years.replace("{years}", yearsSearched()) : "");
    more.hidden = count <= shown && !partial;
    more.textContent = count > shown ? words.more : sort.value === "asc" ? words.newer : words.older;
    if (hadFocus && more.hidden && list.lastElementChild) list.lastElementChild.querySelector("a").focus();
    if (filtersLoaded) showCounts(term || Object.keys(chosenFilters()).length ? found.filters : null);
  }

  function resultItem(result) {
    const item = document.createElement("li");
    const link = document.createElement("a");
    link.className = "act-title search-result-link";
    link.href = result.url;
    link.textContent = result.meta.title || result.url;
    const facts = document.createElement("span");
    facts.className = "act-meta";
    facts.textContent = [result.meta.number, result.meta.date].filter(Boolean).join(" · ");
    const excerpt = document.createElement("p");
    excerpt.className = "search-excerpt";
    excerpt.innerHTML = result.excerpt; // Pagefind escapes the text and marks the words found
    item.append(link, facts, excerpt);
    return item;
  }

  function numberYears(term) {
    // The bundles of the year a whole act number names (`…/17/…`: 2017, or 1917 if the archive holds it).
    const year = numberPattern && term.match(numberPattern)?.groups?.year;
    if (!year) return [];
    return shards.filter((shard) => (year.length === 2 ? shard.slice(2, 4) === year : shard.slice(0, 4) === year));
  }

  function yearsSearched() {
    // "2017–2019", or "1996, 2018–2019" when a number's year was searched out of turn.
    const years = [...new Set(order.slice(0, searched).map((shard) => +shard.slice(0, 4)))].sort((a, b) => a - b);
    const runs = [];
    for (const year of years) {
      const last = runs[runs.length - 1];
      if (last && year === last[1] + 1) last[1] = year; else runs.push([year, year]);
    }
    return runs.map(([first, end]) => (first === end ? String(first) : first + "–" + end)).join(", ");
  }

  async function loadFilters() {
    filterGroups.textContent = words.filters_loading;
    await load();
    await searchYears(order.length); // counts over the whole archive
    const all = await pagefind.filters();
    filterGroups.replaceChildren();
    let n = 0;
    for (const [name, values] of Object.entries(all)) {
      const group = document.createElement("fieldset");
      const legend = document.createElement("legend");
      legend.textContent = name;
      group.append(legend);
      const entries = Object.entries(values).sort(([a], [b]) => (/^\d+$/.test(a + b) ? b.localeCompare(a) : a.localeCompare(b, document.documentElement.lang)));
      for (const [value, count] of entries) {
        const row = document.createElement("div");
        const box = document.createElement("input");
        box.type = "checkbox";
        box.id = "filter-" + ++n;
        box.value = value;
        box.dataset.filter = name;
        box.dataset.total = count;
        const label = document.createElement("label");
        label.htmlFor = box.id;
        label.textContent = value + " ";
        const counter = document.createElement("span");
        counter.className = "filter-count";
        counter.textContent = "(" + count + ")";
        label.append(counter);
        row.append(box, label);
        group.append(row);
      }
      filterGroups.append(group);
    }
    filtersLoaded = true;
    filterGroups.addEventListener("change", () => { shown = PAGE_SIZE; search(); });
    search();
  }

  function showCounts(counts) {
    for (const box of filterGroups.querySelectorAll("input")) {
      const count = counts ? (counts[box.dataset.filter] || {})[box.value] || 0 : box.dataset.total;
      box.nextElementSibling.querySelector(".filter-count").textContent = "(" + count + ")";
    }
  }

  function remember() {
    // The address holds the search, so it can be shared and comes back with the browser's history.
    const term = input.value.trim();
    if (term) params.set("q", term); else params.delete("q");
    params.set("tri", sort.value);
    window.history.replaceState(null, "", "?" + params.toString());
  }

  document.getElementById("search-fallback").hidden = true;
  root.hidden = false;
  input.value = params.get("q") || "";
  if (["asc", "desc", "pertinence"].includes(params.get("tri"))) sort.value = params.get("tri");
  input.addEventListener("focus", load, { once: true });
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(() => { shown = PAGE_SIZE; search(); remember(); }, 300);
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    clearTimeout(timer);
    shown = PAGE_SIZE;
    search();
    remember();
  });
  // Another order walks the years from the other end: the page starts again with it in the address.
  sort.addEventListener("change", () => { remember(); window.location.reload(); });
  filtersBox.addEventListener("toggle", () => { if (filtersBox.open && !filtersLoaded) loadFilters(); });
  more.addEventListener("click", () => { shown += PAGE_SIZE; search(); });
  if (input.value) search();
})();
