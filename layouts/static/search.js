// Starts the Pagefind UI on the search page. Everything else in the site reads without JavaScript.
(function () {
  "use strict";
  var root = document.getElementById("search");
  if (!root || !window.PagefindUI) return;
  var fallback = document.getElementById("search-fallback");
  var sortBox = document.getElementById("search-sort");
  var select = document.getElementById("sort");
  // Pagefind stores results as /deliberations/x/: prefix them with where the site really lives,
  // so the archive works at the root and under any sub-path.
  var base = new URL(root.getAttribute("data-site-root"), window.location.href).pathname;
  // One Pagefind bundle per year: the newest is searched, the others merged into it.
  var shards = root.getAttribute("data-shards").split(" ").filter(Boolean);
  // In the preview (`serve`), acts just edited are also in a small bundle of their own, merged first.
  var edits = (root.getAttribute("data-edits") || "").split(" ").filter(Boolean);
  var params = new URLSearchParams(window.location.search);

  function currentTerm() {
    var input = root.querySelector("input");
    return input ? input.value : params.get("q") || "";
  }

  function start(term) {
    // Sorted by date, the years are merged in the chosen order (newest first, or oldest first).
    var ordered = select.value === "asc" ? shards.slice().reverse() : shards;
    var options = {
      element: "#search",
      baseUrl: base,
      bundlePath: base + "pagefind/" + ordered[0] + "/",
      mergeIndex: edits.concat(ordered.slice(1)).map(function (shard) { return { bundlePath: base + "pagefind/" + shard + "/" }; }),
      showSubResults: false,
      showImages: false,
      excerptLength: 30,
      pageSize: 10
    };
    if (select.value) options.sort = { date: select.value };
    var ui = new window.PagefindUI(options);
    if (term) ui.triggerSearch(term);
  }

  fallback.hidden = true;
  sortBox.hidden = false;
  if (params.get("tri") === "asc" || params.get("tri") === "desc") select.value = params.get("tri");
  // A new order reloads the page with it in the address, so the sorted search can be shared.
  select.addEventListener("change", function () {
    var term = currentTerm();
    params.set("tri", select.value);
    if (term) params.set("q", term);
    window.location.search = params.toString();
  });
  start(params.get("q") || "");
})();
