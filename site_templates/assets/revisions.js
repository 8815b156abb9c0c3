// The record as written at each revision, on a record's history page
// (/deployments/<id>/history/). The page lists what changed at every revision; this adds to
// each one a "The record as written at this revision" panel, rebuilt from the patches in the
// record's JSON (same origin, named by the article's data-revisions-json): the oldest revision's patch
// sets the whole record and each later one changes it (registry/exports/patch.py gives the
// format, and registry/exports/revisions.py `outline` the lines, which this draws the same
// way). Text only: nothing becomes markup. A link to one revision (#rev-<short>) opens its
// panel. Without script, or if the fetch fails, what changed is still listed. One known
// difference: a JavaScript object lists keys that look like whole numbers ("2019") first, so
// a mapping keyed by such numbers prints them ahead of its other keys (the entry schema has
// none; the JSON's patches keep the file's order for any other reader).
(function () {
  "use strict";
  var holder = document.querySelector("[data-revisions-json]");
  if (!holder || !window.fetch) return;
  var texts = {};
  function outline(data) {
    var lines = [];
    function text(head, value, pad) {
      value = typeof value === "string" ? value : value === null || value === undefined ? "" : String(value);
      if (value.indexOf("\n") !== -1) {
        lines.push(head + " |");
        value.split("\n").forEach(function (line) { lines.push(pad + "  " + line); });
      } else {
        lines.push(value ? head + " " + value : head);
      }
    }
    function isMap(v) { return v !== null && typeof v === "object" && !Array.isArray(v); }
    function walk(node, pad) {
      var inner = pad + "  ";
      if (isMap(node)) {
        Object.keys(node).forEach(function (key) {
          var value = node[key];
          if (typeof value === "string" && value.indexOf("\n") === -1) {
            lines.push(pad + key + ": " + value);
          } else if (isMap(value) || Array.isArray(value)) {
            if (Array.isArray(value) ? value.length : Object.keys(value).length) {
              lines.push(pad + key + ":");
              walk(value, inner);
            } else {
              lines.push((pad + key + ": " + (Array.isArray(value) ? "[]" : "")).replace(/\s+$/, ""));
            }
          } else {
            text(pad + key + ":", value, pad);
          }
        });
      } else {
        node.forEach(function (item) {
          var full = (isMap(item) && Object.keys(item).length) || (Array.isArray(item) && item.length);
          if (typeof item === "string" && item.indexOf("\n") === -1) {
            lines.push(pad + "- " + item);
          } else if (full) {
            var before = lines.length;
            walk(item, inner);
            lines[before] = pad + "- " + lines[before].slice(inner.length);
          } else {
            text(pad + "-", item, pad);
          }
        });
      }
    }
    walk(data, "");
    return lines.join("\n") + "\n";
  }

  function apply(data, ops) {
    ops.forEach(function (op) {
      var path = op[0];
      if (!path.length) { data = op[1]; return; }
      var parent = data;
      for (var i = 0; i < path.length - 1; i++) parent = parent[path[i]];
      var last = path[path.length - 1];
      if (op.length === 1) delete parent[last];
      else if (op.length === 3) parent[last].length = op[2];
      else parent[last] = op[1];
    });
    return data;
  }

  function fill(details) {
    details.querySelector("pre").textContent = texts[details.getAttribute("data-short")];
  }

  function addPanels(doc) {
    var data = null;
    for (var i = doc.history.length - 1; i >= 0; i--) {
      var rev = doc.history[i];
      if (!rev.patch) continue;
      data = apply(data, rev.patch);
      texts[rev.short] = outline(data);
    }
    Object.keys(texts).forEach(function (short) {
      var item = document.getElementById("rev-" + short);
      if (!item) return;
      var details = document.createElement("details");
      details.className = "revision-record";
      details.setAttribute("data-short", short);
      var summary = document.createElement("summary");
      summary.textContent = "The record as written at this revision";
      var pre = document.createElement("pre");
      pre.className = "revision-record__text";
      details.appendChild(summary);
      details.appendChild(pre);
      details.addEventListener("toggle", function () { if (details.open) fill(details); });
      item.appendChild(details);
    });
  }

  function openTarget() {
    var m = /^#rev-([0-9a-f]{12})$/.exec(window.location.hash);
    var item = m && document.getElementById("rev-" + m[1]);
    var details = item && item.querySelector("details.revision-record");
    if (details) { details.open = true; fill(details); item.scrollIntoView(); }
  }

  fetch(holder.getAttribute("data-revisions-json"), { credentials: "same-origin" })
    .then(function (r) { if (!r.ok) throw new Error(String(r.status)); return r.json(); })
    .then(function (doc) {
      addPanels(doc);
      window.addEventListener("hashchange", openTarget);
      openTarget();
    })
    .catch(function () { /* what changed is still listed */ });
})();
