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

  // Quote links: the passage a ?quote= link names is marked by the server;
  // bring it into view (browsers with text fragments also do this).
  var quoted = document.getElementById("quote");
  if (quoted) quoted.scrollIntoView({ block: "center" });

  // Selecting text inside a paragraph offers a link to the passage (the
  // permalink with ?quote= for every browser and a #:~:text= fragment for
  // those that support text fragments) and a citation that quotes it.
  var quoteBar = null;

  function hideQuoteBar() {
    if (quoteBar) { quoteBar.remove(); quoteBar = null; }
  }

  function quoteButton(label, text) {
    var button = document.createElement("button");
    button.type = "button";
    button.textContent = label;
    button.addEventListener("mousedown", function (event) { event.preventDefault(); });
    button.addEventListener("click", function () {
      var done = navigator.clipboard ? navigator.clipboard.writeText(text) : Promise.reject();
      done.then(function () {
        button.textContent = "Copied";
        button.setAttribute("data-copied", "true");
      }, function () { window.prompt(label, text); });
    });
    return button;
  }

  function offerQuote() {
    var selection = window.getSelection();
    var passage = selection.toString().replace(/\s+/g, " ").trim();
    if (!passage || passage.length > 500 || selection.rangeCount === 0) { hideQuoteBar(); return; }
    var range = selection.getRangeAt(0);
    var start = range.startContainer.parentElement;
    var text = start && start.closest(".para-text");
    var article = text && text.closest("article.para");
    if (!article || !text.contains(range.endContainer)) { hideQuoteBar(); return; }
    var bookmark = article.querySelector("a[rel=bookmark]");
    var permalink = new URL(bookmark.getAttribute("href"), location.href);
    var link = permalink.origin + permalink.pathname + "?quote=" +
      encodeURIComponent(passage) + "#:~:text=" +
      encodeURIComponent(passage).replace(/-/g, "%2D");
    var citation = "“" + passage + "” (" + article.dataset.cite + "), " + link;
    hideQuoteBar();
    quoteBar = document.createElement("div");
    quoteBar.className = "quote-actions";
    quoteBar.append(quoteButton("Link to this quote", link),
                    quoteButton("Cite this quote", citation));
    var box = range.getBoundingClientRect();
    quoteBar.style.top = (window.scrollY + box.bottom + 6) + "px";
    quoteBar.style.left = (window.scrollX + box.left) + "px";
    document.body.append(quoteBar);
  }

  document.addEventListener("mouseup", function (event) {
    if (quoteBar && quoteBar.contains(event.target)) return;
    setTimeout(offerQuote, 0);
  });
  document.addEventListener("keyup", function (event) {
    if (event.shiftKey) offerQuote();
  });

  // Reading list: pinned paragraphs, kept in this browser only.
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
