// The reading list: pinned paragraphs, kept in this browser only (no
// account). Progressive enhancement: a shared list (/reading-list/?p=…)
// is rendered by the server and reads without this file.
(function () {
  "use strict";

  var STORE = "sco-reader-pins";

  function pins() {
    try { return JSON.parse(localStorage.getItem(STORE)) || []; } catch (e) { return []; }
  }

  function savePins(list) {
    localStorage.setItem(STORE, JSON.stringify(list));
    showCount();
  }

  function isPinned(url) {
    return pins().some(function (pin) { return pin.url === url; });
  }

  // "/declarations/tianjin-2025/ii/14/" → "tianjin-2025" and "ii-14", the
  // document and the paragraph's id on reading pages.
  function documentOf(url) { return url.split("/")[2]; }
  function anchorOf(url) { var parts = url.split("/"); return parts[3] + "-" + parts[4]; }

  // The count beside "Reading list" in the site header.
  var headerLink = document.querySelector(".site-header .reading-list-link");

  function showCount() {
    if (!headerLink) return;
    var count = headerLink.querySelector(".pin-count");
    if (!count) {
      count = document.createElement("span");
      count.className = "pin-count";
      headerLink.append(" ", count);
    }
    var n = pins().length;
    count.hidden = n === 0;
    // Read out as "Reading list 2 pinned".
    count.textContent = String(n);
    var words = document.createElement("span");
    words.className = "visually-hidden";
    words.textContent = " pinned";
    count.append(words);
  }

  // Pin buttons exist only where this script runs: without it they could
  // do nothing, so the server does not send them.
  var pinButtons = [];
  document.querySelectorAll("article.para .para-margin").forEach(function (margin) {
    var bookmark = margin.querySelector("a[rel=bookmark]");
    var url = bookmark.pathname;
    // "/declarations/tianjin-2025/ii/14/" → "tianjin-2025, II.14"
    var label = documentOf(url) + ", " + bookmark.textContent.trim();
    var button = document.createElement("button");
    button.type = "button";
    button.className = "pin-button";
    // The name is what the button shows, "Pin" or "Pinned", then which
    // paragraph (out of sight): a voice user says the word they see.
    var word = document.createElement("span");
    word.className = "pin-word";
    var which = document.createElement("span");
    which.className = "visually-hidden";
    which.textContent = " " + label;
    button.append(word, which);
    button.dataset.url = url;
    button.dataset.label = label;
    bookmark.after(button);
    pinButtons.push(button);
    button.addEventListener("click", function () {
      var pinning = button.getAttribute("aria-pressed") !== "true";
      var list = pins().filter(function (pin) { return pin.url !== url; });
      if (pinning) list.push({ url: url, label: label });
      savePins(list);
      showPinned(button);
    });
  });

  // aria-pressed announces the state as a toggle button's; the word shows it.
  function showPinned(button) {
    var pinned = isPinned(button.dataset.url);
    button.setAttribute("aria-pressed", String(pinned));
    button.querySelector(".pin-word").textContent = pinned ? "Pinned" : "Pin";
  }

  function showAllPinned() { pinButtons.forEach(showPinned); }

  showCount();
  showAllPinned();

  // "Pin these" on a shared list: add its paragraphs to this browser's list.
  var shared = document.querySelector(".shared-list");
  if (shared) {
    shared.querySelector(".pin-these-row").hidden = false;
    shared.querySelector(".pin-these").addEventListener("click", function () {
      var list = pins();
      var added = 0;
      pinButtons.forEach(function (button) {
        if (list.some(function (pin) { return pin.url === button.dataset.url; })) return;
        list.push({ url: button.dataset.url, label: button.dataset.label });
        added += 1;
      });
      savePins(list);
      showAllPinned();
      shared.querySelector(".pin-these-status").textContent =
        (added === 1 ? "1 paragraph pinned" : added + " paragraphs pinned") +
        "; your reading list holds " + list.length + ".";
    });
  }

  var listPage = document.querySelector(".reading-list");
  if (listPage) showReadingList(listPage);

  // Another tab pinned or unpinned: show the same state here.
  window.addEventListener("storage", function (event) {
    if (event.key !== STORE) return;
    showCount();
    showAllPinned();
    if (listPage) showReadingList(listPage);
  });

  function byDocument(list) {
    var groups = {};
    var order = [];
    list.forEach(function (pin) {
      var slug = documentOf(pin.url);
      if (!groups[slug]) { groups[slug] = []; order.push(slug); }
      groups[slug].push(pin);
    });
    return order.map(function (slug) { return { slug: slug, pins: groups[slug] }; });
  }

  function shareUrl(group) {
    return location.origin + location.pathname + "?d=" + encodeURIComponent(group.slug) +
      "&p=" + group.pins.map(function (pin) { return anchorOf(pin.url); }).join(",");
  }

  // The texts of a document's pins, from the shared list's data (one
  // request per document). A pin whose paragraph is gone is left out of
  // a second request, and keeps its label only.
  function fetchTexts(group) {
    var url = function (anchors) {
      return location.pathname + "?format=json&d=" + encodeURIComponent(group.slug) +
        "&p=" + anchors.join(",");
    };
    var anchors = group.pins.map(function (pin) { return anchorOf(pin.url); });
    return fetch(url(anchors)).then(function (response) {
      return response.json().then(function (data) {
        if (response.ok || !data.unknown) return data;
        var known = anchors.filter(function (a) { return data.unknown.indexOf(a) < 0; });
        return known.length ? fetch(url(known)).then(function (r) { return r.json(); }) : data;
      });
    }).then(function (data) {
      var texts = {};
      (data.paragraphs || []).forEach(function (p) { texts[p.id] = p; });
      return texts;
    }).catch(function () { return {}; });
  }

  function textBlock(className, lang, text) {
    var block = document.createElement("div");
    block.className = "para-text " + className;
    if (lang) block.lang = lang;
    var p = document.createElement("p");
    p.textContent = text;
    block.append(p);
    return block;
  }

  function copyRow(id, labelText, value) {
    var label = document.createElement("label");
    label.htmlFor = id;
    label.textContent = labelText;
    var row = document.createElement("p");
    row.className = "copy-row";
    var input = document.createElement("input");
    input.id = id;
    input.type = "url";
    input.readOnly = true;
    input.className = "copy-source";
    input.value = value;
    row.append(input);
    if (navigator.clipboard) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "copy-button";
      button.textContent = "Copy link";
      button.addEventListener("click", function () {
        navigator.clipboard.writeText(input.value).then(function () {
          button.textContent = "Copied";
          setTimeout(function () { button.textContent = "Copy link"; }, 2000);
        });
      });
      row.append(" ", button);
    }
    var wrapper = document.createElement("p");
    wrapper.append(label);
    return [wrapper, row];
  }

  function readingOrder(page) {
    var chosen = page.querySelector(".reading-list-order input:checked");
    return !chosen || chosen.value === "reading";
  }

  function showReadingList(page) {
    var list = page.querySelector(".pinned");
    var empty = page.querySelector(".reading-list-empty");
    var actions = page.querySelector(".reading-list-actions");
    var share = page.querySelector(".share-box");
    var current = pins();
    list.textContent = "";
    share.textContent = "";
    var groups = byDocument(current);
    groups.forEach(function (group, index) {
      var items = {};
      group.pins.forEach(function (pin) {
        var item = document.createElement("li");
        item.className = "pinned-item";
        var head = document.createElement("p");
        head.className = "pinned-head";
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
        head.append(link, " ", remove);
        item.append(head);
        list.append(item);
        items[anchorOf(pin.url)] = item;
      });
      var nodes = group.pins.map(function (pin) { return items[anchorOf(pin.url)]; });
      fetchTexts(group).then(function (texts) {
        // The server lists the texts in reading order: show the pins so,
        // unless the reader asked for the order they were pinned in.
        if (readingOrder(page)) {
          var after = nodes[nodes.length - 1].nextSibling;
          var ordered = Object.keys(texts).map(function (anchor) { return items[anchor]; })
            .filter(Boolean);
          nodes.forEach(function (node) { if (ordered.indexOf(node) < 0) ordered.push(node); });
          ordered.forEach(function (node) { list.insertBefore(node, after); });
        }
        Object.keys(items).forEach(function (anchor) {
          var p = texts[anchor];
          if (!p) return;
          var item = items[anchor];
          item.append(textBlock("para-en", "en", p.text_en));
          // Only the Chinese the reader has loaded; never filled.
          if (p.text_zh) item.append(textBlock("para-zh", "zh-Hans", p.text_zh));
          else {
            item.append(textBlock("para-zh missing", null,
                                  "Chinese original not available for " + p.label + "."));
          }
        });
      });
      var name = groups.length > 1 ? "Share the pins of " + group.slug : "Share this list";
      copyRow("share-url-" + index, name, shareUrl(group)).forEach(function (node) {
        share.append(node);
      });
    });
    empty.hidden = current.length > 0;
    actions.hidden = current.length === 0;
    var order = page.querySelector(".reading-list-order");
    order.hidden = current.length < 2;
    order.onchange = function () { showReadingList(page); };
    page.querySelector(".export-button").onclick = function () {
      exportPins(page.querySelector("#reading-list-format").value);
    };
    page.querySelector(".clear-button").onclick = function () {
      var n = pins().length;
      if (!window.confirm("Unpin all " + n + " paragraph" + (n === 1 ? "" : "s") +
                          "? This cannot be undone.")) return;
      savePins([]);
      showAllPinned();
      showReadingList(page);
    };
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
    if (format === "csv" || format === "csv-plain") {
      // The server's CSV of each document's pins, so that the reading list
      // has the columns of every other paragraph CSV (docs/DATA.md); one
      // header, the first file's.
      var bom = format === "csv" ? "1" : "0";
      done = Promise.all(byDocument(pins()).map(function (group) {
        return fetch(location.pathname + "?format=csv&bom=" + bom + "&d=" +
                     encodeURIComponent(group.slug) + "&p=" +
                     group.pins.map(function (pin) { return anchorOf(pin.url); }).join(","))
          .then(function (response) { return response.text(); });
      })).then(function (files) {
        var body = files.map(function (file, index) {
          return index === 0 ? file : file.replace(/^\ufeff?[^\n]*\n/, "");
        }).join("");
        return { body: body, type: "text/csv", name: "reading-list.csv" };
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
