// Live preview of an annotation in the admin: the server renders and
// sanitises the Markdown exactly as for readers, so the preview never lies.
// One listener serves the annotation form and every annotation on a
// paragraph's page, those added with "Add another" included: each body
// field previews into the .annotation-preview of its own form.
// The admin loads form media in <head>: wait for the form.
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  var token = document.querySelector("input[name=csrfmiddlewaretoken]");
  var timers = new WeakMap();
  var latest = new WeakMap();

  // The annotation form's field is "body"; an inline's "annotations-0-body".
  function isBody(element) {
    return element.tagName === "TEXTAREA" && /(^|-)body$/.test(element.name);
  }

  function previewOf(body) {
    var form = body.closest(".inline-related") || body.form;
    return form ? form.querySelector(".annotation-preview") : null;
  }

  function refresh(body, preview) {
    var request = (latest.get(preview) || 0) + 1;
    latest.set(preview, request);
    var data = new FormData();
    data.append("body", body.value);
    fetch(preview.dataset.previewUrl, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { "X-CSRFToken": token ? token.value : "" },
    })
      .then(function (response) {
        return response.text().then(function (text) {
          if (latest.get(preview) !== request) return;  // typing went on
          if (response.ok) {
            preview.innerHTML = text;  // sanitised by the server (nh3)
          } else {
            // A refusal (too long, too deeply nested) is plain text: say it.
            preview.textContent = "Not rendered: " + text;
          }
        });
      });
  }

  document.addEventListener("input", function (event) {
    var body = event.target;
    if (!isBody(body)) return;
    var preview = previewOf(body);
    if (!preview) return;
    clearTimeout(timers.get(preview));
    timers.set(preview, setTimeout(function () { refresh(body, preview); }, 300));
  });
});
