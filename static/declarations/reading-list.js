// The reading list: pinned paragraphs, kept in this browser only (no
// account). Progressive enhancement: every page works without this file.
(function () {
  "use strict";

  var STORE = "sco-reader-pins";

  function pins() {
    try { return JSON.parse(localStorage.getItem(STORE)) || []; } catch (e) { return []; }
  }

  function savePins(list) { localStorage.setItem(STORE, JSON.stringify(list)); }

  // Pin buttons exist only where this script runs: without it they could
  // do nothing, so the server does not send them.
  var pinnedUrls = pins().map(function (pin) { return pin.url; });
  document.querySelectorAll("article.para .para-margin").forEach(function (margin) {
    var bookmark = margin.querySelector("a[rel=bookmark]");
    var url = bookmark.pathname;
    // "/declarations/tianjin-2025/ii/14/" → "tianjin-2025, II.14"
    var label = url.split("/")[2] + ", " + bookmark.textContent.trim();
    var button = document.createElement("button");
    button.type = "button";
    button.className = "pin-button";
    button.textContent = "Pin";
    button.setAttribute("aria-label", "Pin " + label);
    button.setAttribute("aria-pressed", String(pinnedUrls.indexOf(url) >= 0));
    bookmark.after(button);
    button.addEventListener("click", function () {
      var pinning = button.getAttribute("aria-pressed") !== "true";
      var list = pins().filter(function (pin) { return pin.url !== url; });
      if (pinning) list.push({ url: url, label: label });
      savePins(list);
      button.setAttribute("aria-pressed", String(pinning));
    });
  });

  var listPage = document.querySelector(".reading-list");
  if (listPage) showReadingList(listPage);

  function showReadingList(page) {
    var list = page.querySelector(".pinned");
    var empty = page.querySelector(".reading-list-empty");
    var actions = page.querySelector(".reading-list-actions");
    list.textContent = "";
    pins().forEach(function (pin) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = pin.url;
      link.textContent = pin.label;
      var remove = document.createElement("button");
      remove.type = "button";
      remove.className = "unpin-button";
      remove.textContent = "Unpin";
      remove.setAttribute("aria-label", "Unpin " + pin.label);
      remove.addEventListener("click", function () {
        savePins(pins().filter(function (other) { return other.url !== pin.url; }));
        showReadingList(page);
      });
      item.append(link, " ", remove);
      list.append(item);
    });
    empty.hidden = pins().length > 0;
    actions.hidden = pins().length === 0;
    var exportButton = page.querySelector(".export-button");
    exportButton.onclick = function () {
      exportPins(page.querySelector("#reading-list-format").value);
    };
    page.querySelector(".clear-button").onclick = function () {
      savePins([]);
      showReadingList(page);
    };
  }

  var CSV_COLUMNS = ["document", "label", "section", "number", "themes", "instruments",
                     "english", "chinese", "permalink"];

  function csvCell(value) {
    var text = value === null || value === undefined ? "" : String(value);
    // A spreadsheet runs a cell that begins with one of these as a formula.
    if (/^[=+\-@\t\r]/.test(text)) text = "'" + text;
    return /[",\r\n]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
  }

  function csvRow(p) {
    return [p.document, p.label, p.section, p.number, p.themes.join(" "),
            p.instruments.map(function (i) { return i.slug; }).join(" "),
            p.text_en, p.text_zh || "", p.permalink].map(csvCell).join(",");
  }

  function fetchAll(format) {
    return Promise.all(pins().map(function (pin) {
      return fetch(pin.url + "?format=" + format).then(function (response) {
        return format === "json" || format === "csl-json" ? response.json() : response.text();
      });
    }));
  }

  function exportPins(format) {
    var done;
    if (format === "csv") {
      done = fetchAll("json").then(function (items) {
        return { body: [CSV_COLUMNS.join(",")].concat(items.map(csvRow)).join("\r\n") + "\r\n",
                 type: "text/csv", name: "reading-list.csv" };
      });
    } else if (format === "csl-json") {
      done = fetchAll("csl-json").then(function (items) {
        return { body: JSON.stringify([].concat.apply([], items), null, 2),
                 type: "application/vnd.citationstyles.csl+json", name: "reading-list.json" };
      });
    } else {
      done = fetchAll(format).then(function (texts) {
        return { body: texts.join(format === "bibtex" ? "\n" : ""),
                 type: "text/plain", name: "reading-list." + (format === "bibtex" ? "bib" : "ris") };
      });
    }
    done.then(function (file) {
      var link = document.createElement("a");
      link.href = URL.createObjectURL(new Blob([file.body], { type: file.type }));
      link.download = file.name;
      document.body.append(link);
      link.click();
      link.remove();
    });
  }
})();
