// Names for the autocomplete fields of the admin. Django draws them with
// select2, whose combobox and the box showing the choice are named only by
// that choice (none before a choice is made) and whose search box in a
// multiple choice has no name at all (axe: aria-input-field-name, label). Each gets its field's label,
// or the field's own aria-label in a tabular inline, which has no <label>.
// Without JavaScript there is no select2: the plain <select> keeps its label.
(function () {
  "use strict";
  if (!window.django || !window.django.jQuery) return;
  var $ = window.django.jQuery;

  function nameOf(select) {
    var label = select.id && document.querySelector("label[for='" + select.id + "']");
    if (label) {
      if (!label.id) label.id = select.id + "-label";
      return { labelledby: label.id };
    }
    var own = select.getAttribute("aria-label");
    return own ? { label: own } : null;
  }

  function name(root) {
    root.querySelectorAll("select.admin-autocomplete").forEach(function (select) {
      var container = select.nextElementSibling;
      if (!container || !container.classList.contains("select2")) return;
      var named = nameOf(select);
      if (!named) return;
      var controls = ".select2-selection, .select2-search__field, " +
        ".select2-selection__rendered[role=textbox]";
      container.querySelectorAll(controls)
        .forEach(function (control) {
          if (named.labelledby) {
            var ids = (control.getAttribute("aria-labelledby") || "").split(" ");
            if (ids.indexOf(named.labelledby) === -1) {
              // The label first, then the choice select2 names it by.
              control.setAttribute(
                "aria-labelledby", [named.labelledby].concat(ids).join(" ").trim()
              );
            }
          } else {
            control.setAttribute("aria-label", named.label);
          }
        });
    });
  }

  // After Django's autocomplete.js, which starts select2 when the page is
  // ready and in each inline row "Add another" makes.
  $(function () { name(document); });
  document.addEventListener("formset:added", function (event) {
    name(event.target);
  });
})();
