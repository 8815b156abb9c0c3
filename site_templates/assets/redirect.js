// Old addresses of renamed records, and old request pages: go to the new address and keep the
// #fragment (a link to #sources must still land on the sources). The meta refresh on the same
// page does the same without script, minus the address's own fragment. Loaded from our own
// origin, so the CSP needs no hash.
(function () {
  "use strict";
  var meta = document.querySelector('meta[name="registry-redirect"]');
  if (!meta) {
    return;
  }
  var target = meta.getAttribute("content");
  // Only a path on this site: never follow a scheme or another host. A browser reads "/\x" and
  // "/<TAB>/x" as "//x" (another host), so a backslash or a control character stops it too.
  if (!target || target.charAt(0) !== "/" || target.charAt(1) === "/" || /[\\\u0000-\u001f]/.test(target)) {
    return;
  }
  // A target may carry a #fragment of its own (an old request page's: #request); the address's
  // own fragment wins when it has one (#letter-2 still lands on that letter).
  var cut = target.indexOf("#");
  var fragment = cut === -1 ? "" : target.slice(cut);
  var path = cut === -1 ? target : target.slice(0, cut);
  window.location.replace(path + window.location.search + (window.location.hash || fragment));
})();
