// Live preview of an annotation in the admin: the server renders and
// sanitises the Markdown exactly as for readers, so the preview never lies.
// The admin loads form media in <head>: wait for the form.
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  var preview = document.querySelector(".annotation-preview");
  var body = document.getElementById("id_body");
  if (!preview || !body) return;
  var token = document.querySelector("input[name=csrfmiddlewaretoken]");
  var timer = null;

  function refresh() {
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
          if (response.ok) {
            preview.innerHTML = text;  // sanitised by the server (nh3)
          } else {
            // A refusal (too long, too deeply nested) is plain text: say it.
            preview.textContent = "Not rendered: " + text;
          }
        });
      });
  }

  body.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(refresh, 300);
  });
});
