// Full-text search with Pagefind's JavaScript API. Everything else in the site reads without JavaScript.
//
// One Pagefind bundle per year (search.py). By relevance, a one-word search's first page is the
// archive's ten best, ranked at build time (ranking.py) and shown from their fragments. For more,
// or for several words, the years are searched one after the other, newest first, as far as the
// page of results needs. Sorted by date, filtered, or for a number, every year is searched, so that the order
// is exact on every page. Filters load when their panel opens; the words, the sort and the
// filters live in the address, so a search can be shared, reloaded and sorted in place.
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

  const filterKeys = JSON.parse(root.dataset.filterKeys); // address key -> Pagefind filter name
  let pagefind = null; // the module, once loaded
  const merged = new Set(); // the years whose index is merged in
  let ownYears = []; // a whole number's years, searched out of turn
  let pool = shards; // the years that hold the words searched (vocabulary.py)
  const vocabularies = new Map(); // "year/vocabulary/letter.json" -> the words of that letter the year holds, or null (unknown)
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
      const first = walk()[0] || shards[0]; // none when only the preview's edits hold the words
      const module = await import(bundle(first) + "pagefind.js");
      await module.options({ baseUrl: base, excerptLength: 30 });
      for (const extra of edits) {
        // The preview drops its bundle of edits once their years are indexed again: a page loaded before still searches.
        const there = await fetch(bundle(extra) + "pagefind-entry.json", { method: "HEAD", cache: "no-store" }).then((r) => r.ok, () => false);
        if (there) await module.mergeIndex(bundle(extra));
      }
      merged.add(first);
      pagefind = module;
    })();
    return loading;
  }

  // The years in the order the search walks them: a number's own years first, then newest
  // first (oldest first when sorted so).
  function walk() {
    const years = sort.value === "asc" ? pool.slice().reverse() : pool.slice();
    return [...ownYears, ...years.filter((shard) => !ownYears.includes(shard))];
  }

  // How many years of the walk are searched, from its start.
  function searched() {
    const order = walk();
    let count = 0;
    while (count < order.length && merged.has(order[count])) count++;
    return count;
  }

  async function searchYears(count) {
    for (const shard of walk().slice(0, count)) {
      if (!merged.has(shard)) {
        await pagefind.mergeIndex(bundle(shard));
        merged.add(shard);
      }
    }
  }

  function chosenFilters() {
    const chosen = {};
    if (filtersLoaded) {
      for (const box of filterGroups.querySelectorAll("input:checked")) {
        (chosen[box.dataset.filter] = chosen[box.dataset.filter] || { any: [] }).any.push(box.value);
      }
    } else {
      // Before the panel has loaded: the filters of the address.
      for (const [key, name] of Object.entries(filterKeys)) if (params.getAll(key).length) chosen[name] = { any: params.getAll(key) };
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
    let term = normalized(input.value);
    const filters = chosenFilters();
    const filtered = Object.keys(filters).length > 0;
    if (!term && !filtered) {
      list.replaceChildren();
      status.textContent = "";
      more.hidden = true;
      return;
    }
    status.textContent = words.loading;
    const leftOut = []; // the words left out, as typed, when no act holds them all
    for (;;) {
      const best = relevance() && !filtered ? await bestOf(term) : null;
      if (best && shown <= PAGE_SIZE) {
        // The archive's ten best, ranked at build time: no year's index nor vocabulary is fetched.
        if (run !== latest) return;
        show(term, filters, best.count, best.page, false, null, leftOut);
        return;
      }
      const held = await holding(term);
      if (run !== latest) return;
      // By relevance, several words no act holds together: a word the archive never holds, with no
      // spelling to suggest, is left out; then, each word in the archive, the commonest, then the
      // next (« indemnités des élus » -> « indemnités élus » -> « indemnités »).
      const whole = Boolean(numberPattern && numberPattern.test(term)); // a whole act number
      const several = relevance() && !filtered && wordsOf(term).length > 1 && !whole;
      pool = held.years.filter((shard) => shards.includes(shard));
      const answering = held.years.map((shard) => "pagefind/" + shard + "/"); // the preview's edits too
      if (!held.years.length) {
        if (several && !held.missing.length) {
          term = without(term, [await commonest(term)], leftOut);
          continue;
        }
        if (several && held.missing.length < wordsOf(term).length && !(await suggestion(term, held.missing))) {
          term = without(term, held.missing, leftOut);
          continue;
        }
        showNothing(run, term, held.missing);
        return;
      }
      ownYears = relevance() && !filtered ? numberYears(term).filter((shard) => pool.includes(shard)) : [];
      await load();
      if (ownYears.length) {
        // A whole number holds its year: that year's bundle is searched first, not all of them.
        await searchYears(ownYears.length);
      } else if (!relevance() || filtered || /\d/.test(term) || best) {
        // Sorted, filtered, a part of a number (or a date), or more than the archive's best: every
        // year holding the words is searched, so that the order is exact on every page.
        await searchYears(pool.length);
      }
      // Only the years holding the words answer: another's answer is made of fragments of them.
      const options = { filters: filters, bundles: answering };
      if (!relevance()) options.sort = { date: sort.value };
      // A whole number, however spaced (« ECO003-2438/17/BM », « ECO 003-2438/17/BM »), is looked
      // for by its parts, as the index holds them: Pagefind keeps no part of one character of
      // « 2020/3-030 » (its 2020 and 030, not its 3), so such a part is left out of the search.
      const asked = whole ? term.match(WORD).filter((part) => part.length > 1).join(" ") : term;
      let found = await pagefind.search(asked || null, options);
      // More years, as far as the page needs (for a number, once the reader asks for more than its year,
      // or when its year holds none: a register may number an act in the last year's series).
      while (found.results.length < shown && searched() < pool.length && (!ownYears.length || shown > PAGE_SIZE || !found.results.length)) {
        await searchYears(searched() + 1);
        found = await pagefind.search(asked || null, options);
      }
      if (!found.results.length && several) {
        term = without(term, [await commonest(term)], leftOut);
        continue;
      }
      let results = found.results;
      let first = [];
      if (best) {
        // The archive's best stay first, as the first page showed them; then the rest, by relevance.
        const shownFirst = new Set(best.pages);
        results = results.filter((result) => !shownFirst.has(shardOf(result.bundle) + "/" + result.id));
        first = best.page;
      }
      const page = [...first, ...(await Promise.all(results.slice(0, shown - first.length).map((result) => result.data())))];
      if (run !== latest) return;
      show(term, filters, first.length + results.length, page, searched() < pool.length, found.filters, leftOut);
      return;
    }
  }

  // The query's word the archive holds most: its family's occurrences in the years' vocabularies.
  async function commonest(term) {
    let most = null;
    for (const key of wordsOf(term)) {
      const stem = stemOf(key);
      let count = 0;
      for (const chunk of await Promise.all(shards.map((shard) => vocabulary(shard, key)))) {
        for (const [word, [occurrences]] of Object.entries(chunk || {})) if (word.startsWith(stem)) count += occurrences;
      }
      if (!most || count > most.count) most = { key, count };
    }
    return most.key;
  }

  // The term without these words (folded), noted in `leftOut` as typed.
  function without(term, keys, leftOut) {
    leftOut.push(...term.match(WORD).filter((word) => keys.includes(fold(word))));
    return term.replace(WORD, (word) => (keys.includes(fold(word)) ? "" : word)).replace(/\s+/g, " ").trim();
  }

  // The archive's best pages for a one-word search by relevance, ranked at build time over every
  // act as one index would rank them (ranking.py): pagefind/best/<bucket>.json gives each word
  // [pages holding its family, Pagefind's stem, the ten best as "year/fragment"].
  const tables = new Map();
  const shardOf = (basePath) => (basePath || "").replace(/\/$/, "").split("/").pop();
  function tableName(key) {
    // The word's bucket: FNV-1a of its UTF-8 bytes, modulo 4096, as ranking.py's table_file.
    let hashed = 0x811c9dc5;
    for (const byte of new TextEncoder().encode(key)) hashed = Math.imul(hashed ^ byte, 0x01000193) >>> 0;
    return (hashed % 4096).toString(16).padStart(3, "0");
  }

  async function bestOf(term) {
    const keys = wordsOf(term);
    if (keys.length !== 1 || !/^\p{L}{3,}$/u.test(keys[0]) || edits.length) return null; // the preview's edits are not ranked
    const name = tableName(keys[0]);
    if (!tables.has(name)) {
      tables.set(name, fetch(base + "pagefind/best/" + name + ".json").then((response) => (response.ok ? response.json() : {}), () => ({})));
    }
    const entry = (await tables.get(name))[keys[0]];
    if (!entry) return null;
    const [count, stem, pages] = entry;
    if (!entry.page) entry.page = Promise.all(pages.map((page) => fragment(page).then((data) => fromFragment(data, stem))));
    // A fragment that cannot be read (a table older than the bundles a host copied): Pagefind answers.
    const page = await entry.page.catch(() => null);
    return page && { count, pages, page };
  }

  async function fragment(page) {
    // A page's fragment, as Pagefind stores it: gzip, then "pagefind_dcd" and the JSON.
    const slash = page.indexOf("/");
    const response = await fetch(bundle(page.slice(0, slash)) + "fragment/" + page.slice(slash + 1) + ".pf_fragment");
    if (!response.ok) throw new Error(response.status + " " + response.url);
    let bytes = new Uint8Array(await response.arrayBuffer());
    const magic = (data) => new TextDecoder().decode(data.subarray(0, 12)) === "pagefind_dcd";
    if (!magic(bytes)) bytes = new Uint8Array(await new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"))).arrayBuffer());
    return JSON.parse(new TextDecoder().decode(bytes.subarray(12)));
  }

  // A result as Pagefind gives one, from a fragment: the part (the act before its first heading,
  // or under one) holding most of the family's words, and an excerpt around them with the words marked.
  const EXCERPT = 30;
  const escape = (text) => text.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);

  function fromFragment(data, stem) {
    const words = data.content.split(/\s+/);
    const holds = words.map((word) => (fold(word).match(WORD) || []).some((part) => part.startsWith(stem)));
    const url = base + data.url.replace(/^\//, "");
    const anchors = (data.anchors || []).filter((anchor) => anchor.id).sort((a, b) => a.location - b.location);
    const parts = [{ url, start: 0 }, ...anchors.map((anchor) => ({ url: url + "#" + anchor.id, start: anchor.location }))];
    parts.forEach((part, i) => { part.end = i + 1 < parts.length ? parts[i + 1].start : words.length; });
    const within = (start, end) => holds.slice(start, end).filter(Boolean).length;
    const part = parts.reduce((a, b) => (within(b.start, b.end) > within(a.start, a.end) ? b : a));
    // The window of the part holding most of the words, from a few words before one of them.
    const windowAt = (i) => Math.max(part.start, i - 4);
    const matches = (from) => within(from, Math.min(from + EXCERPT, part.end));
    let start = part.start;
    for (let i = part.start; i < part.end; i++) if (holds[i] && matches(windowAt(i)) > matches(start)) start = windowAt(i);
    const excerpt = words.slice(start, Math.min(start + EXCERPT, part.end)).map((word, i) => (holds[start + i] ? "<mark>" + escape(word) + "</mark>" : escape(word))).join(" ");
    return { url: part.url, meta: data.meta, excerpt, sub_results: [] };
  }

  // Words as vocabulary.py splits and folds them: « l'Attractivité » -> l, attractivite; « HN009 » -> hn, 009.
  const fold = (word) => word.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
  const WORD = /\p{L}+|\p{N}+/gu;
  const wordsOf = (term) => [...new Set((term.match(WORD) || []).map(fold))];
  const chunkName = (key) => (/^[a-z0-9]/.test(key) ? key[0] : "u" + key.codePointAt(0).toString(16));
  // A word's family, as Pagefind's stemming finds it: the words that share its first letters
  // (all but three, at least four); a short word or a number, as a prefix.
  const stemOf = (key) => (key.length <= 4 || /\d/.test(key) ? key : key.slice(0, Math.max(4, key.length - 3)));

  function vocabulary(shard, key) {
    const name = shard + "/vocabulary/" + chunkName(key) + ".json";
    if (!vocabularies.has(name)) {
      vocabularies.set(name, fetch(base + "pagefind/" + name)
        .then((response) => (response.ok ? response.json() : response.status === 404 ? {} : null), () => null));
    }
    return vocabularies.get(name);
  }

  // The years holding a word of each query word's family, and the words no year holds.
  async function holding(term) {
    const keys = wordsOf(term);
    const all = [...shards, ...edits];
    let years = all;
    const missing = [];
    for (const key of keys) {
      const stem = stemOf(key);
      const chunks = await Promise.all(all.map((shard) => vocabulary(shard, key)));
      // A year whose vocabulary could not be read (null) is searched: better noise than a miss.
      const holders = all.filter((shard, i) => chunks[i] === null || Object.keys(chunks[i]).some((word) => word.startsWith(stem)));
      if (!holders.length) missing.push(key);
      years = years.filter((shard) => holders.includes(shard));
    }
    return { years, missing };
  }

  // « Vouliez-vous dire … ? »: for each word found nowhere, the most used word of its letter
  // that one or two edits make of it (one for a short word).
  async function suggestion(term, missing) {
    let suggested = term;
    for (const key of missing) {
      if (key.length < 4 || /\d/.test(key)) return null;
      const chunks = await Promise.all(shards.map((shard) => vocabulary(shard, key)));
      const counts = new Map();
      for (const chunk of chunks) for (const [word, [count, spelled]] of Object.entries(chunk || {})) counts.set(word, [(counts.get(word)?.[0] || 0) + count, spelled || word]);
      const allowed = key.length <= 5 ? 1 : 2;
      let best = null;
      for (const [word, [count, spelled]] of counts) {
        if (Math.abs(word.length - key.length) > allowed) continue;
        const distance = editDistance(key, word, allowed);
        if (distance <= allowed && (!best || distance < best[0] || (distance === best[0] && count > best[1]))) best = [distance, count, spelled];
      }
      if (!best) return null;
      suggested = suggested.replace(WORD, (word) => (fold(word) === key ? best[2] : word));
    }
    return suggested;
  }

  function editDistance(a, b, most) {
    // Optimal string alignment distance (a swap of two letters counts one), given up past `most`.
    let before = null;
    let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
      const row = [i];
      for (let j = 1; j <= b.length; j++) {
        row[j] = Math.min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
        if (before && i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) row[j] = Math.min(row[j], before[j - 2] + 1);
      }
      if (Math.min(...row) > most) return most + 1;
      before = previous;
      previous = row;
    }
    return previous[b.length];
  }

  async function showNothing(run, term, missing) {
    list.replaceChildren();
    more.hidden = true;
    status.textContent = words.none.replace("{term}", term);
    const suggested = missing.length ? await suggestion(term, missing) : null;
    if (suggested && run === latest) {
      const link = document.createElement("a");
      const address = new URLSearchParams(params);
      address.set("q", suggested);
      link.href = "?" + address.toString();
      link.textContent = suggested;
      link.addEventListener("click", (event) => {
        event.preventDefault();
        input.value = suggested;
        shown = PAGE_SIZE;
        search();
        remember();
      });
      const [before, after] = words.suggest.split("{term}");
      status.append(" " + before, link, after);
    }
  }

  function normalized(text) {
    // A number as printed or typed, « n° 2014 / 182 », « N°ECO 003 - 2438/17/BM »: its spaces
    // around separators and the « n° » dropped, as the archive writes it.
    const term = text.trim().replace(/\s+/g, " ");
    const number = term.replace(/^n[°o]\.?\s*/i, "").replace(/\s*([\/\-.])\s*/g, "$1");
    const wholeNumber = numberPattern && numberPattern.test(number);
    return wholeNumber || /^[\w°.\/\- ]*\d[\w°.\/\- ]*$/.test(term) && /\d\s*[\/\-.]\s*\d|^n[°o]/i.test(term) ? number : term;
  }

  function show(term, filters, count, page, partial, counts, leftOut = []) {
    const hadFocus = document.activeElement === more;
    list.replaceChildren(...page.map(resultItem));
    if (term) {
      const message = count === 0 ? words.none : count === 1 ? words.one : words.many;
      status.textContent = message.replace("{count}", count).replace("{term}", term);
    } else {
      // Filters only: say what is listed.
      const message = count === 0 ? words.filtered_none : count === 1 ? words.filtered_one : words.filtered_many;
      const chosen = Object.values(filters).map((filter) => filter.any.join(", ")).join(" ; ");
      status.textContent = message.replace("{count}", count).replace("{filters}", chosen);
    }
    if (leftOut.length) status.textContent += words.left_out.replace("{words}", leftOut.join(" "));
    if (partial) status.textContent += words.years.replace("{years}", yearsSearched());
    more.hidden = count <= shown && !partial;
    more.textContent = count > shown ? words.more : sort.value === "asc" ? words.newer : words.older;
    if (hadFocus && more.hidden && list.lastElementChild) list.lastElementChild.querySelector("a").focus();
    if (filtersLoaded) showCounts(term || Object.keys(filters).length ? counts : null);
  }

  function resultItem(result) {
    // Where the words are: the part of the act (« Considérant », an article) holding most of them.
    const parts = result.sub_results || [];
    const best = parts.reduce((a, b) => (b.locations.length > a.locations.length ? b : a), parts[0] || result);
    const item = document.createElement("li");
    const link = document.createElement("a");
    link.className = "act-title search-result-link";
    link.href = best.url || result.url;
    link.textContent = result.meta.title || result.url;
    const facts = document.createElement("span");
    facts.className = "act-meta";
    facts.textContent = [result.meta.number, result.meta.date, result.meta.body].filter(Boolean).join(" · ");
    const outcome = document.createElement("span");
    outcome.className = "act-outcome vote-" + (result.meta.result || "adopted");
    outcome.textContent = result.meta.outcome || "";
    const excerpt = document.createElement("p");
    excerpt.className = "search-excerpt";
    excerpt.innerHTML = best.excerpt || result.excerpt; // Pagefind escapes the text and marks the words found
    item.append(link, facts, outcome, excerpt);
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
    const years = [...new Set([...merged].map((shard) => +shard.slice(0, 4)).filter((year) => year))].sort((a, b) => a - b);
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
    await searchYears(shards.length); // counts over the whole archive
    const wanted = chosenFilters();
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
        box.checked = (wanted[name]?.any || []).includes(value);
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
    filterGroups.addEventListener("change", () => { shown = PAGE_SIZE; remember(); search(); });
    search();
  }

  function showCounts(counts) {
    for (const box of filterGroups.querySelectorAll("input")) {
      const count = counts ? (counts[box.dataset.filter] || {})[box.value] || 0 : box.dataset.total;
      box.nextElementSibling.querySelector(".filter-count").textContent = "(" + count + ")";
    }
  }

  function remember() {
    // The address holds the search, its sort and its filters: it can be shared, and comes back
    // with a reload or the browser's history.
    const term = input.value.trim();
    if (term) params.set("q", term); else params.delete("q");
    params.set("tri", sort.value);
    const chosen = chosenFilters();
    for (const [key, name] of Object.entries(filterKeys)) {
      params.delete(key);
      for (const value of chosen[name]?.any || []) params.append(key, value);
    }
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
  // Another order searches again in place: no reload, the focus stays on the sort box (WCAG 3.2.2).
  sort.addEventListener("change", () => { shown = PAGE_SIZE; remember(); search(); });
  filtersBox.addEventListener("toggle", () => { if (filtersBox.open && !filtersLoaded) loadFilters(); });
  more.addEventListener("click", () => { shown += PAGE_SIZE; search(); });
  if (Object.keys(chosenFilters()).length) filtersBox.open = true; // a shared filtered search shows its filters (and runs once they load)
  else if (input.value) search();
})();
