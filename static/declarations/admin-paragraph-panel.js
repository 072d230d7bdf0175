// The paragraph beside the annotation editor follows the paragraph field:
// the server draws the saved (or chosen) paragraph with the form, and this
// asks it for the panel of each paragraph the curator chooses next. Without
// this script the panel shows the paragraph the form was drawn with.
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  var panel = document.querySelector(".paragraph-panel[data-panel-url]");
  var field = document.getElementById("id_paragraph");
  if (!panel || !field) return;
  var shown = panel.dataset.paragraph;
  var latest = 0;

  function say(text) {
    panel.textContent = "";
    var line = document.createElement("p");
    line.textContent = text;
    panel.appendChild(line);
  }

  function follow() {
    var chosen = field.value;
    if (chosen === shown) return;
    shown = chosen;
    var request = ++latest;
    if (!chosen) {
      say("Choose a paragraph to see its text here.");
      return;
    }
    panel.setAttribute("aria-busy", "true");
    fetch(panel.dataset.panelUrl + "?paragraph=" + encodeURIComponent(chosen), {
      credentials: "same-origin",
    })
      .then(function (response) {
        return response.text().then(function (text) {
          if (request !== latest) return;  // a later choice is on its way
          if (response.ok) {
            panel.innerHTML = text;  // drawn and escaped by the server's template
          } else {
            say("The paragraph cannot be shown: " + text);
          }
        });
      })
      .catch(function () {
        if (request === latest) say("The paragraph cannot be shown: no connection.");
      })
      .finally(function () {
        if (request === latest) panel.removeAttribute("aria-busy");
      });
  }

  // The field is Django's autocomplete (select2), which announces a choice
  // through jQuery's "change" only; a plain select sends the DOM event.
  if (window.django && window.django.jQuery) {
    window.django.jQuery(field).on("change", follow);
  } else {
    field.addEventListener("change", follow);
  }
  follow();  // a value the browser restored (Back) differs from the drawn one
});
