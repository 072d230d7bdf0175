// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";

  // "Copy" buttons: shown only when the clipboard can be written.
  document.querySelectorAll(".copy-button").forEach(function (button) {
    if (!navigator.clipboard) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      var source = document.querySelector(button.dataset.copy);
      navigator.clipboard.writeText(source.value).then(function () {
        var label = button.textContent;
        button.textContent = "Copied";
        button.setAttribute("data-copied", "true");
        setTimeout(function () { button.textContent = label; }, 2000);
      });
    });
  });

  // The reading list (pins, the list page, exports) is reading-list.js.

  // j / k: next / previous paragraph, as in mail readers and feed readers.
  var paragraphs = Array.prototype.slice.call(document.querySelectorAll("article.para"));
  if (paragraphs.length < 2) return;
  var current = paragraphs.indexOf(document.getElementById(location.hash.slice(1)));

  function go(index) {
    current = Math.max(0, Math.min(paragraphs.length - 1, index));
    var target = paragraphs[current];
    target.focus({ preventScroll: true });
    target.scrollIntoView({ block: "start" });
    history.replaceState(null, "", "#" + target.id);
  }

  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    var tag = event.target.tagName;
    if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || event.target.isContentEditable) return;
    if (event.key === "j") { go(current + 1); event.preventDefault(); }
    else if (event.key === "k") { go(current < 0 ? 0 : current - 1); event.preventDefault(); }
  });
})();
