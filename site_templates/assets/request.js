// The "Copy this letter" buttons of a records-request page (registry.pages.requests). The
// page's content may hold no buttons (the sanitiser's allow-list), so each is made here and
// placed after its letter (`div.request-letter`); the letter's text is its paragraphs as a
// reader sees them. Without JavaScript or a clipboard there is no button, and the letters
// can still be selected, copied by hand or printed. Nothing leaves the page.
(function () {
  "use strict";
  if (!navigator.clipboard || !navigator.clipboard.writeText) return;
  var letters = document.querySelectorAll(".request-letter");
  Array.prototype.forEach.call(letters, function (letter) {
    var actions = document.createElement("p");
    actions.className = "request-actions";
    var button = document.createElement("button");
    button.type = "button";
    button.className = "request-copy";
    button.textContent = "Copy this letter";
    var status = document.createElement("span");
    status.className = "request-copied";
    status.setAttribute("role", "status");
    actions.appendChild(button);
    actions.appendChild(document.createTextNode(" "));
    actions.appendChild(status);
    letter.parentNode.insertBefore(actions, letter.nextSibling);
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(letter.innerText.trim()).then(
        function () { status.textContent = "Copied."; },
        function () { status.textContent = "Could not copy: select the letter and copy it by hand."; }
      );
    });
  });
})();
