// Filters and sorts the all-deployments table in the browser, and keeps the choice in the
// address (?country=GB&vendor=nec&status=active&sort=start&order=desc) so a reader can share
// the view. Each choice is a step in the browser's history, so Back returns to the view
// before it: a filter's changes while it keeps the focus (arrowing through a list) are one
// step, and each sort is one. The table's caption says which view it shows.
// The table is complete without this script; the controls stay hidden until it runs.
// Each row carries data-country, data-status, data-kind, data-vendor (space-separated slugs,
// `_unknown` for a vendor no source names), data-years (space-separated) and data-start (a
// sortable date, empty when unknown); a row shows when it matches every chosen filter.
(function () {
  "use strict";
  var panel = document.getElementById("deployment-filters");
  var table = document.getElementById("deployments-table");
  if (!panel || !table) return;
  var selects = panel.querySelectorAll("select[data-filter]");
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var count = document.getElementById("filter-count");
  // What the address asked for that the controls do not offer (`?status=trial`), named rather
  // than dropped without a word: the table looked unfiltered, as if the link had asked for nothing.
  var ignoredNote = document.getElementById("filter-ignored");
  var ignored = [];
  var multi = { vendor: true, years: true };
  // The table's columns, in order: the key used in the address, and how it is said.
  var columns = [
    { key: "title", name: "deployment" },
    { key: "country", name: "country" },
    { key: "operator", name: "operator" },
    { key: "vendor", name: "vendor" },
    { key: "status", name: "last known status" },
    { key: "start", name: "start", date: true }
  ];
  var sort = null; // { column: index, descending: bool }, or null for the table's own order
  var caption = table.caption;
  var everything = caption ? caption.textContent : "";
  // The filter whose changes make the current history step, while it keeps the focus.
  var editing = null;

  rows.forEach(function (row, index) {
    row.setAttribute("data-order", index);
  });

  function matches(row, key, value) {
    var have = row.getAttribute("data-" + key) || "";
    if (!multi[key]) return have === value;
    return (" " + have + " ").indexOf(" " + value + " ") !== -1;
  }

  function sortValue(row, column) {
    if (columns[column].date) return row.getAttribute("data-start");
    return row.cells[column].textContent.trim().toLocaleLowerCase();
  }

  function compare(a, b) {
    if (!sort) return a.getAttribute("data-order") - b.getAttribute("data-order");
    var x = sortValue(a, sort.column);
    var y = sortValue(b, sort.column);
    if (x === "" || y === "") {
      if (x !== y) return x === "" ? 1 : -1; // unknown dates last, whichever the direction
    } else {
      var order = x.localeCompare(y);
      if (order !== 0) return sort.descending ? -order : order;
    }
    return a.getAttribute("data-order") - b.getAttribute("data-order");
  }

  function sorted() {
    var column = columns[sort.column];
    var way = column.date ? (sort.descending ? "newest first" : "oldest first") : (sort.descending ? "Z to A" : "A to Z");
    return "sorted by " + column.name + " (" + way + ")";
  }

  function describe(shown) {
    return "Showing " + shown + " of " + rows.length + " deployments" + (sort ? ", " + sorted() : "") + ".";
  }

  // The caption names the view: "12 of 136 deployments (Country: United Kingdom), sorted by
  // start (newest first)"; the table's own order keeps the page's words for it.
  function title(shown, chosen) {
    if (!chosen.length && !sort) return everything;
    var text = "Every published deployment";
    if (chosen.length) {
      text = shown + " of " + rows.length + " deployments (" + chosen.map(function (pair) {
        var select = pair[2];
        return filterName(select) + ": " + select.options[select.selectedIndex].text;
      }).join("; ") + ")";
    }
    return text + ", " + (sort ? sorted() : "by country and title");
  }

  // "The address asked for Country "XX" and Status "trial", which are not among the choices, so
  // they are not applied." `asked`: each as [name, value], the value as the address spells it.
  function notApplied(asked) {
    var named = asked.map(function (pair) {
      return pair[0] + ' "' + pair[1] + '"';
    });
    var list = named.length > 1 ? named.slice(0, -1).join(", ") + " and " + named[named.length - 1] : named[0];
    return "The address asked for " + list + (named.length > 1
      ? ", which are not among the choices, so they are not applied."
      : ", which is not one of the choices, so it is not applied.");
  }

  // The address of the view the controls show.
  function address(chosen) {
    var params = new URLSearchParams();
    chosen.forEach(function (pair) {
      params.set(pair[0], pair[1]);
    });
    if (sort) {
      params.set("sort", columns[sort.column].key);
      if (sort.descending) params.set("order", "desc");
    }
    var query = params.toString();
    return location.pathname + (query ? "?" + query : "") + location.hash;
  }

  // `step`: "new" makes the view a step of its own in the history, "same" replaces the
  // current step (the first view, or a filter still being chosen), "none" leaves the address
  // alone (Back or Forward brought it).
  function apply(step) {
    var chosen = [];
    for (var i = 0; i < selects.length; i++) {
      if (selects[i].value) chosen.push([selects[i].getAttribute("data-filter"), selects[i].value, selects[i]]);
    }
    var shown = 0;
    rows.forEach(function (row) {
      var ok = true;
      for (var c = 0; c < chosen.length && ok; c++) ok = matches(row, chosen[c][0], chosen[c][1]);
      row.hidden = !ok;
      if (ok) shown++;
    });
    rows.slice().sort(compare).forEach(function (row) {
      body.appendChild(row);
    });
    headers.forEach(function (th, column) {
      if (sort && sort.column === column) th.setAttribute("aria-sort", sort.descending ? "descending" : "ascending");
      else th.removeAttribute("aria-sort");
    });
    count.textContent = describe(shown);
    if (ignoredNote) {
      ignoredNote.textContent = ignored.length ? notApplied(ignored) : "";
      ignoredNote.hidden = !ignored.length;
    }
    if (caption) caption.textContent = title(shown, chosen);
    var next = address(chosen);
    var here = location.pathname + location.search + location.hash;
    if (step === "new" && next !== here) history.pushState(null, "", next);
    else if (step !== "none" && next !== here) history.replaceState(null, "", next);
  }

  // Each column heading becomes a button; aria-sort on the heading says how the table is sorted.
  var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
  table.classList.add("sortable"); // on phones, the headings then show as a row of sort buttons
  headers.forEach(function (th, column) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "sort-button";
    button.textContent = th.textContent;
    var mark = document.createElement("span");
    mark.className = "sort-mark";
    mark.setAttribute("aria-hidden", "true");
    button.appendChild(mark);
    th.textContent = "";
    th.appendChild(button);
    button.addEventListener("click", function () {
      ignored = [];
      sort = { column: column, descending: !!(sort && sort.column === column && !sort.descending) };
      editing = null;
      apply("new");
    });
  });

  // The view the address asks for: only values the controls offer are taken, in any case
  // (`?country=gb`, as in the country page's own address /countries/gb/, means GB), or the
  // value earlier builds gave an option (data-legacy: `?vendor=rsted` for "Ørsted", now `orsted`).
  function offered(select, wanted) {
    var want = wanted.toLowerCase();
    for (var j = 0; j < select.options.length; j++) {
      if (select.options[j].value.toLowerCase() === want) return select.options[j].value;
    }
    for (var k = 0; k < select.options.length; k++) {
      if (select.options[k].getAttribute("data-legacy") === want) return select.options[k].value;
    }
    return null;
  }
  function read() {
    var asked = new URLSearchParams(location.search);
    ignored = [];
    for (var i = 0; i < selects.length; i++) {
      var wanted = asked.get(selects[i].getAttribute("data-filter"));
      var value = wanted ? offered(selects[i], wanted) : null;
      selects[i].value = value === null ? "" : value;
      if (wanted && value === null) ignored.push([filterName(selects[i]), wanted]);
    }
    sort = null;
    columns.forEach(function (column, index) {
      if (column.key === asked.get("sort")) sort = { column: index, descending: asked.get("order") === "desc" };
    });
    if (asked.get("sort") && !sort) ignored.push(["sort", asked.get("sort")]);
  }
  function filterName(select) {
    var label = panel.querySelector('label[for="' + select.id + '"]');
    return label ? label.textContent.trim() : select.getAttribute("data-filter");
  }
  Array.prototype.forEach.call(selects, function (select) {
    select.addEventListener("change", function () {
      ignored = []; // the reader's own choice replaces the address's
      var step = editing === select ? "same" : "new";
      editing = select;
      apply(step);
    });
    select.addEventListener("blur", function () {
      if (editing === select) editing = null;
    });
  });
  window.addEventListener("popstate", function () {
    editing = null;
    read();
    apply("none");
  });
  read();
  panel.hidden = false;
  apply("same");
})();
