// Brings a record's older revisions onto its entry page. The page lists the newest ones
// (registry.pages.entry.REVISIONS_ON_PAGE) and links to the record's history page for the
// rest; this adds a button that fetches that page (same origin) and appends the revisions
// its #history list has and this one lacks, so a reader sees every change without leaving
// the page. The fetched page went through the same build and sanitiser as this one; only
// its list items are taken, imported as inert nodes. Without JavaScript, or if the fetch
// fails, the link still leads to them.
//
// A link to a revision the page no longer lists (`#rev-<commit>`, as feeds and the recent
// changes page give, written when it was among the newest) loads them the same way and
// then goes to it, so such links keep working as a record collects revisions.
(function () {
  "use strict";
  var more = document.getElementById("history-more");
  var list = document.querySelector("#history .history-list");
  var link = more && more.querySelector("a[data-older]");
  if (!link || !list || !window.fetch || !window.DOMParser) return;

  var button = document.createElement("button");
  button.type = "button";
  button.className = "history-more__button";
  button.textContent = "Show the " + link.getAttribute("data-older") + " earlier revisions here";
  more.appendChild(document.createTextNode(" "));
  more.appendChild(button);

  function append(text) {
    var found = new DOMParser().parseFromString(text, "text/html");
    var items = found.querySelectorAll("#history .history-list > li[id^='rev-']");
    var page = link.href.split("#")[0];
    var first = null;
    for (var i = 0; i < items.length; i++) {
      if (!items[i].id || document.getElementById(items[i].id)) continue;
      var item = document.importNode(items[i], true);
      // The history page links a revision to itself by its fragment alone: here it must
      // name that page, where the record as written at it opens.
      var own = item.querySelectorAll("a[href^='#rev-']");
      for (var j = 0; j < own.length; j++) own[j].setAttribute("href", page + own[j].getAttribute("href"));
      list.appendChild(item);
      if (!first) first = item;
    }
    if (!first) throw new Error("the history page lists no earlier revision");
    more.textContent = "All " + list.children.length + " revisions of the record are listed.";
    return first;
  }

  function load() {
    button.disabled = true;
    return fetch(link.href.split("#")[0], { credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.text();
      })
      .then(append);
  }

  function go(item) {
    item.setAttribute("tabindex", "-1");
    item.focus();
    item.scrollIntoView();
  }

  button.addEventListener("click", function () {
    load().then(go, function () {
      window.location.assign(link.href);
    });
  });

  var wanted = window.location.hash.slice(1);
  if (/^rev-[0-9a-f]+$/.test(wanted) && !document.getElementById(wanted)) {
    load().then(
      function () {
        var item = document.getElementById(wanted);
        if (item) go(item);
      },
      function () {
        button.disabled = false;
      }
    );
  }
})();
