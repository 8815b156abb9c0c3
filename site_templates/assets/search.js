// Starts Pagefind's UI on the search page, from files served by this site (pagefind/),
// and runs the query given as ?q= by the header's search form.
(function () {
  "use strict";
  var box = document.getElementById("pagefind-search");
  if (!box || typeof PagefindUI === "undefined") return;
  var fallback = document.getElementById("search-fallback");
  if (fallback) fallback.hidden = true;
  var ui = new PagefindUI({
    element: "#pagefind-search",
    bundlePath: box.getAttribute("data-bundle"),
    baseUrl: box.getAttribute("data-base-url"),
    showImages: false,
    showSubResults: false,
    resetStyles: false,
    translations: { placeholder: "Search deployments" }
  });
  // Pagefind's input has no id of its own; give it one so the page's visible label names it.
  var input = box.querySelector("input");
  if (input) input.id = "pagefind-query";
  var query = new URLSearchParams(window.location.search).get("q");
  if (query) ui.triggerSearch(query);
  var header = document.getElementById("registry-search-q");
  if (header && query) header.value = query;
})();
