// The site's copy buttons, on an entry page: its cite box (a button after each format's label)
// and the letters of its records-request drafts (registry.pages.requests: a "Copy this
// letter" button after each letter). The page content
// may hold no buttons (the sanitiser's allow-list), so each is made here. Without JavaScript
// the texts are there to select by hand (or print); when the clipboard refuses, a citation is
// selected so the reader only has to press Ctrl+C. Nothing leaves the page.
(function () {
  "use strict";
  var clipboard = navigator.clipboard && navigator.clipboard.writeText ? navigator.clipboard : null;

  function select(node) {
    var range = document.createRange();
    range.selectNodeContents(node);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }

  // A button (`className`, `label`, `ariaLabel`) that copies `text()`; `place` puts it on the
  // page; `done` and `refused` say what happened (refused also when there is no clipboard).
  function copyButton(options) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = options.className;
    button.textContent = options.label;
    if (options.ariaLabel) button.setAttribute("aria-label", options.ariaLabel);
    options.place(button);
    button.addEventListener("click", function () {
      if (!clipboard) return options.refused();
      clipboard.writeText(options.text()).then(function () { options.done(button); }, options.refused);
    });
  }

  // The cite box: one button per format, in the format's label.
  var box = document.querySelector(".cite-box");
  if (box) {
    var status = box.querySelector(".cite-copied");
    var say = function (text) { if (status) status.textContent = text; };
    box.querySelectorAll("pre").forEach(function (pre) {
      var code = pre.querySelector("code");
      var label = document.getElementById(pre.getAttribute("aria-labelledby"));
      if (!code || !label) return;
      var name = label.querySelector("strong").textContent;
      copyButton({
        className: "cite-copy",
        label: "Copy",
        ariaLabel: "Copy the " + name + " citation",
        place: function (button) { label.appendChild(button); },
        text: function () { return code.textContent; },
        done: function (button) {
          button.textContent = "Copied";
          say(name + " citation copied.");
          setTimeout(function () { button.textContent = "Copy"; }, 2000);
        },
        refused: function () {
          select(code);
          say("Copying was refused: the " + name + " citation is selected; press Ctrl+C to copy it.");
        }
      });
    });
  }

  // Printing the page prints every letter open, also where the style sheet cannot open a
  // closed <details> (::details-content); without JavaScript the style sheet does it alone.
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details.request-addressee").forEach(function (details) { details.open = true; });
  });

  // The letters: a button and its status after each; no button at all without a clipboard.
  if (!clipboard) return;
  document.querySelectorAll(".request-letter").forEach(function (letter) {
    var actions = document.createElement("p");
    actions.className = "request-actions";
    var said = document.createElement("span");
    said.className = "request-copied";
    said.setAttribute("role", "status");
    letter.parentNode.insertBefore(actions, letter.nextSibling);
    copyButton({
      className: "request-copy",
      label: "Copy this letter",
      place: function (button) {
        actions.appendChild(button);
        actions.appendChild(document.createTextNode(" "));
        actions.appendChild(said);
      },
      text: function () { return letter.innerText.trim(); },
      done: function () { said.textContent = "Copied."; },
      refused: function () { said.textContent = "Could not copy: select the letter and copy it by hand."; }
    });
  });
})();
