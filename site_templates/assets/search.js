// Starts Pagefind's UI on the search page, from files served by this site (pagefind/),
// and runs the query given as ?q= by the header's search form. The filter panel loads
// its data only when the reader presses the filter button (see search-bundle/pagefind.js).
// The address follows the search: ?q= the query, and one parameter per chosen filter value
// (?q=clearview&status=Active&kind=Police&year=2019&year=2020), replaced as the reader types
// or ticks, so that sharing or reloading the address shows the same search.
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

  // Each of Pagefind's filters (search_record.html.j2) and its name in the address.
  var params = { status: "status", "operator kind": "kind", vendor: "vendor", country: "country", year: "year" };
  // Pagefind's filter values are escaped once more than the text (render.pagefind_label,
  // markupsafe's escape); the address holds the text as a reader would write it.
  var entities = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&#34;", "'": "&#39;" };
  function escapeValue(text) {
    return text.replace(/[&<>"']/g, function (c) {
      return entities[c];
    });
  }
  function unescapeValue(value) {
    var plain = {};
    Object.keys(entities).forEach(function (c) {
      plain[entities[c]] = c;
    });
    return value.replace(/&amp;|&lt;|&gt;|&#34;|&#39;/g, function (e) {
      return plain[e];
    });
  }

  // The search as the address gives it: its query and its chosen filters ({filter: [values]}).
  var asked = new URLSearchParams(window.location.search);
  var query = asked.get("q") || "";
  var chosen = {};
  Object.keys(params).forEach(function (filter) {
    var values = asked.getAll(params[filter]).filter(Boolean).map(escapeValue);
    if (values.length) chosen[filter] = values;
  });

  var wantFilters;
  window.registrySearch = {
    filtersWanted: new Promise(function (resolve) {
      wantFilters = resolve;
    }),
    // What the filter panel counts when it opens: the current search, not the whole registry.
    current: function () {
      return { term: input ? input.value.trim() : query, filters: chosen };
    },
    // Called with every filter value the index holds, once they load: the address's values not
    // among them are dropped and named (`?vendor=Nobody` found nothing, with nothing ticked).
    offered: function (available) {
      var dropped = [];
      Object.keys(chosen).forEach(function (filter) {
        var values = available[filter] || {};
        var kept = chosen[filter].filter(function (value) {
          var held = Object.prototype.hasOwnProperty.call(values, value);
          if (!held) dropped.push(filter.charAt(0).toUpperCase() + filter.slice(1) + ' "' + unescapeValue(value) + '"');
          return held;
        });
        if (kept.length) chosen[filter] = kept;
        else delete chosen[filter];
      });
      if (!dropped.length) return;
      ui.triggerFilters(chosen);
      showIgnored(dropped);
      later();
    }
  };
  var ignoredNote = document.getElementById("search-ignored");
  // "The address asked for Vendor "Nobody", which is not one of the choices, so it is not applied."
  function showIgnored(named) {
    if (!ignoredNote) return;
    var list = named.length > 1 ? named.slice(0, -1).join(", ") + " and " + named[named.length - 1] : named[0];
    ignoredNote.textContent = "The address asked for " + list + (named.length > 1
      ? ", which are not among the choices, so they are not applied."
      : ", which is not one of the choices, so it is not applied.");
    ignoredNote.hidden = false;
  }
  // A record whose names have letters Pagefind cannot fold (ø, ß, ł) ends with those names in
  // plain letters ("Brondby" for "Brøndby"; search_record.html.j2), there to be found, not read.
  // The meta "plain" counts them; the excerpt is made again from the words before them, the
  // record's own, marking what the query matched there.
  var EXCERPT_WORDS = 30; // Pagefind's excerpt length
  function withoutPlainWords(result) {
    var count = Number(result.meta && result.meta.plain) || 0;
    if (result.meta) delete result.meta.plain;
    if (!count) return result;
    var words = (result.raw_content || "").split(/[\r\n\s]+/g);
    var own = Math.max(words.length - count, 0);
    var found = (result.locations || []).filter(function (at) {
      return at < own;
    });
    var start = found.length ? Math.max(0, Math.min(found[0] - EXCERPT_WORDS / 2, own - EXCERPT_WORDS)) : 0;
    found.forEach(function (at) {
      words[at] = "<mark>" + words[at] + "</mark>";
    });
    result.excerpt = words.slice(start, Math.min(start + EXCERPT_WORDS, own)).join(" ").trim();
    return result;
  }

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
    processResult: withoutPlainWords,
    translations: { placeholder: "Search deployments" }
  });
  // Pagefind's input has no id of its own; give it one so the page's visible label names it.
  var input = box.querySelector("input");
  if (input) input.id = "pagefind-query";
  var header = document.getElementById("registry-search-q");

  function openFilters() {
    button.hidden = true;
    wantFilters();
  }
  button.addEventListener("click", function () {
    openFilters();
    if (input) input.focus();
  });

  // Keeps the address (and the header's box) on the search shown. Pagefind's UI updates its
  // own state in a microtask after the reader's input, so this reads it a moment later.
  function remember() {
    var term = input ? input.value.trim() : "";
    var next = new URLSearchParams();
    if (term) next.set("q", term);
    Object.keys(chosen).forEach(function (filter) {
      chosen[filter].forEach(function (value) {
        next.append(params[filter] || filter, unescapeValue(value));
      });
    });
    var search = next.toString();
    history.replaceState(null, "", location.pathname + (search ? "?" + search : "") + location.hash);
    if (header) header.value = term;
  }
  function later() {
    window.setTimeout(remember, 0);
  }
  box.addEventListener("input", later);
  box.addEventListener("change", function (event) {
    var tick = event.target;
    if (tick.classList && tick.classList.contains("pagefind-ui__filter-checkbox")) {
      var values = (chosen[tick.name] || []).filter(function (value) {
        return value !== tick.value;
      });
      if (tick.checked) values.push(tick.value);
      if (values.length) chosen[tick.name] = values;
      else delete chosen[tick.name];
      if (ignoredNote) ignoredNote.hidden = true; // the reader's own choice replaces the address's
    }
    later();
  });
  box.addEventListener("keydown", function (event) {
    if (event.key === "Escape") later(); // Pagefind's UI clears the box on Escape
  });
  box.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest(".pagefind-ui__search-clear")) later();
  });

  // An address with filters is a search the reader (or whoever shared it) filtered: open them.
  if (Object.keys(chosen).length) {
    openFilters();
    ui.triggerFilters(chosen);
  }
  if (query) ui.triggerSearch(query);
  if (header && query) header.value = query;
})();
