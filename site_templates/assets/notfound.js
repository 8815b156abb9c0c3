// The 404 page: for a mistyped /deployments/<id>/, the published ids closest to it (by edit
// distance, from one small text file, fetched only then), and the mistyped words in the search
// box. Same-origin file, so the CSP needs no hash; without JavaScript the page still offers
// search and browse.
(function () {
  "use strict";
  var script = document.currentScript;
  var deployments = script.getAttribute("data-deployments");
  var idsUrl = script.getAttribute("data-ids");
  var path = window.location.pathname;
  try {
    path = decodeURIComponent(path);
  } catch (malformed) {
    // A cut escape ("%E0%A4%A") decodes to nothing anyone meant: its escapes are left out.
    path = path.replace(/%[0-9a-f]{0,2}/gi, "");
  }
  var at = path.indexOf(deployments);
  var wanted = at === -1 ? "" : path.slice(at + deployments.length).split("/")[0].toLowerCase();
  var box = document.getElementById("notfound-q");
  var words = (wanted || path.split("/").filter(Boolean).pop() || "").replace(/[-_.]+/g, " ").trim();
  if (box && words && !/\.html?$/.test(words)) {
    box.value = words;
  }
  if (!wanted) {
    return;
  }

  // Optimal string alignment distance: insertions, deletions, substitutions and swapped neighbours.
  function distance(a, b) {
    var rows = [];
    for (var i = 0; i <= a.length; i++) {
      rows.push([i]);
    }
    for (var j = 1; j <= b.length; j++) {
      rows[0][j] = j;
    }
    for (i = 1; i <= a.length; i++) {
      for (j = 1; j <= b.length; j++) {
        var cost = a[i - 1] === b[j - 1] ? 0 : 1;
        var d = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
          d = Math.min(d, rows[i - 2][j - 2] + 1);
        }
        rows[i][j] = d;
      }
    }
    return rows[a.length][b.length];
  }

  function closest(ids) {
    var limit = Math.max(2, Math.floor(wanted.length / 3));
    return ids
      .map(function (id) {
        var d = distance(wanted, id);
        if (wanted.length >= 4 && id.indexOf(wanted) !== -1) {
          d = Math.min(d, 1); // a shortened id: "gb-kings-cross" for "gb-kings-cross-argent"
        }
        return { id: id, d: d };
      })
      .filter(function (m) { return m.d <= limit; })
      .sort(function (x, y) { return x.d - y.d || (x.id < y.id ? -1 : 1); })
      .slice(0, 5);
  }

  fetch(idsUrl)
    .then(function (response) { return response.ok ? response.text() : ""; })
    .then(function (text) {
      var found = closest(text.split("\n").filter(Boolean));
      if (!found.length) {
        return;
      }
      var list = document.getElementById("notfound-ids");
      found.forEach(function (m) {
        var item = document.createElement("li");
        var link = document.createElement("a");
        link.href = deployments + m.id + "/";
        link.textContent = m.id;
        item.appendChild(link);
        list.appendChild(item);
      });
      document.getElementById("notfound-nearby").hidden = false;
    })
    .catch(function () { /* the page still offers search and browse */ });
})();
