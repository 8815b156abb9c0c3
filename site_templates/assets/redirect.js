// Old addresses of renamed records: go to the new address and keep the #fragment (a link to
// #sources must still land on the sources). The meta refresh on the same page does the same
// without script, minus the fragment. Loaded from our own origin, so the CSP needs no hash.
(function () {
  "use strict";
  var meta = document.querySelector('meta[name="registry-redirect"]');
  if (!meta) {
    return;
  }
  var target = meta.getAttribute("content");
  // Only a path on this site: never follow a scheme or another host.
  if (!target || target.charAt(0) !== "/" || target.charAt(1) === "/") {
    return;
  }
  window.location.replace(target + window.location.search + window.location.hash);
})();
