// Starts Pagefind's UI on the search page, from files served by this site (pagefind/),
// and runs the query given as ?q= by the header's search form. The filter panel loads
// its data only when the reader presses the filter button (see search-bundle/pagefind.js).
(function () {
  "use strict";
  var box = document.getElementById("pagefind-search");
  if (!box || typeof PagefindUI === "undefined") return;
  var fallback = document.getElementById("search-fallback");
  if (fallback) fallback.hidden = true;
  // Made here rather than in the page: without JavaScript there is nothing to filter.
  var button = document.createElement("button");
  button.type = "button";
  button.id = "search-filters-button";
  button.className = "md-button";
  button.textContent = "Filter the results by country, status, operator kind, vendor or year";
  box.parentNode.insertBefore(button, box);
  var wantFilters;
  window.registrySearch = {
    filtersWanted: new Promise(function (resolve) {
      wantFilters = resolve;
    }),
    // What the filter panel counts when it opens: the current search, not the whole registry.
    current: function () {
      return { term: input ? input.value.trim() : "", filters: {} };
    }
  };
  // A large registry's index is built in shards (registry/urls.py, search_shards): the first
  // is the bundle, the others are merged into it and searched with it.
  var baseUrl = box.getAttribute("data-base-url");
  var merged = (box.getAttribute("data-merge") || "").split(" ").filter(Boolean);
  var ui = new PagefindUI({
    element: "#pagefind-search",
    bundlePath: box.getAttribute("data-bundle"),
    baseUrl: baseUrl,
    mergeIndex: merged.map(function (bundle) {
      return { bundlePath: bundle, baseUrl: baseUrl };
    }),
    showImages: false,
    showSubResults: false,
    pageSize: 10, // Pagefind shows 5 before "Load more"; a campaigner scans more at once
    resetStyles: false,
    translations: { placeholder: "Search deployments" }
  });
  // Pagefind's input has no id of its own; give it one so the page's visible label names it.
  var input = box.querySelector("input");
  if (input) input.id = "pagefind-query";
  button.addEventListener("click", function () {
    button.hidden = true;
    wantFilters();
    if (input) input.focus();
  });
  var query = new URLSearchParams(window.location.search).get("q");
  if (query) ui.triggerSearch(query);
  var header = document.getElementById("registry-search-q");
  if (header && query) header.value = query;
})();
