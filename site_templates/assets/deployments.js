// Filters the all-deployments table in the browser. The table is complete without this
// script; the controls stay hidden until it runs. Each row carries data-country,
// data-status, data-kind, data-vendor (space-separated slugs, `_unknown` for a vendor no
// source names) and data-years (space-separated); a row shows when it matches every
// chosen filter.
(function () {
  "use strict";
  var panel = document.getElementById("deployment-filters");
  var table = document.getElementById("deployments-table");
  if (!panel || !table) return;
  var selects = panel.querySelectorAll("select[data-filter]");
  var rows = table.tBodies[0].rows;
  var count = document.getElementById("filter-count");
  var multi = { vendor: true, years: true };

  function matches(row, key, value) {
    var have = row.getAttribute("data-" + key) || "";
    if (!multi[key]) return have === value;
    return (" " + have + " ").indexOf(" " + value + " ") !== -1;
  }

  function apply() {
    var chosen = [];
    for (var i = 0; i < selects.length; i++) {
      if (selects[i].value) chosen.push([selects[i].getAttribute("data-filter"), selects[i].value]);
    }
    var shown = 0;
    for (var r = 0; r < rows.length; r++) {
      var ok = true;
      for (var c = 0; c < chosen.length && ok; c++) ok = matches(rows[r], chosen[c][0], chosen[c][1]);
      rows[r].hidden = !ok;
      if (ok) shown++;
    }
    count.textContent = "Showing " + shown + " of " + rows.length + " deployments.";
  }

  for (var i = 0; i < selects.length; i++) selects[i].addEventListener("change", apply);
  panel.hidden = false;
  apply();
})();
