// The cite box's copy buttons: one after each format's label, copying that format's text.
// Without JavaScript (or a clipboard) the text is there to select by hand; when the clipboard
// refuses, the text is selected so the reader only has to press Ctrl+C.
(function () {
  "use strict";
  var box = document.querySelector(".cite-box");
  if (!box) return;
  var status = box.querySelector(".cite-copied");

  function say(text) {
    if (status) status.textContent = text;
  }

  function select(code) {
    var range = document.createRange();
    range.selectNodeContents(code);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }

  box.querySelectorAll("pre").forEach(function (pre) {
    var code = pre.querySelector("code");
    var label = document.getElementById(pre.getAttribute("aria-labelledby"));
    if (!code || !label) return;
    var name = label.querySelector("strong").textContent;
    var button = document.createElement("button");
    button.type = "button";
    button.className = "cite-copy";
    button.textContent = "Copy";
    button.setAttribute("aria-label", "Copy the " + name + " citation");
    label.appendChild(button);
    button.addEventListener("click", function () {
      var done = function () {
        button.textContent = "Copied";
        say(name + " citation copied.");
        setTimeout(function () { button.textContent = "Copy"; }, 2000);
      };
      var refused = function () {
        select(code);
        say("Copying was refused: the " + name + " citation is selected; press Ctrl+C to copy it.");
      };
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(code.textContent).then(done, refused);
      } else {
        refused();
      }
    });
  });
})();
