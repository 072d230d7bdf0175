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

  // Citation styles: shown in the cite panel, ready to copy, instead of
  // leaving the page for their plain-text answer (the links' target without
  // this script).
  document.querySelectorAll(".cite").forEach(function (panel) {
    var output = panel.querySelector(".cite-style-output");
    if (!output || !window.fetch) return;
    var text = output.querySelector("textarea");
    var label = output.querySelector("label");
    panel.querySelectorAll("a.cite-style").forEach(function (link) {
      link.addEventListener("click", function (event) {
        if (event.ctrlKey || event.metaKey || event.shiftKey) return;
        event.preventDefault();
        fetch(link.href).then(function (response) {
          if (!response.ok) throw new Error(response.status);
          return response.text();
        }).then(function (citation) {
          panel.querySelectorAll("a.cite-style").forEach(function (other) {
            other.removeAttribute("aria-current");
          });
          link.setAttribute("aria-current", "true");
          label.textContent = "Citation, " + link.dataset.styleName;
          text.value = citation.trim();
          text.rows = Math.min(10, 2 + Math.ceil(citation.length / 60));
          output.hidden = false;
          text.focus();
        }).catch(function () { location.href = link.href; });
      });
    });
  });

  // A printed paragraph says when it was printed: the page may have been
  // served (and cached) on another day, so the date is the browser's.
  function datePrinted() {
    var today = new Date().toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric" });
    document.querySelectorAll("[data-printed-on]").forEach(function (slot) {
      slot.textContent = today;
      slot.closest(".printed-on").hidden = false;
    });
  }
  datePrinted();
  window.addEventListener("beforeprint", datePrinted);

  // Instrument notes: each link names its note ("note-<slug>", printed once
  // per page in #instrument-notes); screen readers get it through
  // aria-describedby, sighted readers in this tooltip. textContent only:
  // the note is curator text.
  var tip = null;
  function hideNote() { if (tip) { tip.remove(); tip = null; } }
  function showNote(link) {
    var note = document.getElementById(link.getAttribute("aria-describedby") || "");
    hideNote();
    if (!note) return;
    tip = document.createElement("div");
    tip.className = "xref-tip";
    tip.setAttribute("role", "tooltip");
    tip.setAttribute("aria-hidden", "true");  // already its description
    tip.textContent = note.textContent;
    var box = link.getBoundingClientRect();
    tip.style.left = (box.left + window.scrollX) + "px";
    tip.style.top = (box.bottom + window.scrollY) + "px";
    document.body.append(tip);
  }
  document.querySelectorAll("a.xref").forEach(function (link) {
    link.addEventListener("mouseenter", function () { showNote(link); });
    link.addEventListener("focus", function () { showNote(link); });
    link.addEventListener("mouseleave", hideNote);
    link.addEventListener("blur", hideNote);
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") hideNote();
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
    // The lines about the text (its source, a column's label) are not it.
    var about = ".text-source, .column-label, .zh-missing, .confidence";
    var end = range.endContainer.parentElement;
    if (start.closest(about) || (end && end.closest(about))) { hideQuoteBar(); return; }
    var bookmark = article.querySelector("a[rel=bookmark]");
    var permalink = new URL(bookmark.getAttribute("href"), location.href);
    // The link opens the text in the script the passage was selected in.
    var here = new URLSearchParams(location.search);
    var query = new URLSearchParams();
    ["lang", "script"].forEach(function (name) {
      if (here.get(name)) query.set(name, here.get(name));
    });
    query.set("quote", passage);
    var link = permalink.origin + permalink.pathname + "?" +
      query.toString().replace(/\+/g, "%20") + "#:~:text=" +
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

  // The reading list (pins, the list page, exports) is reading-list.js.

  // The filter form sends only what narrows the text: empty fields and
  // defaults stay out of the URL (the server ignores them too).
  var DEFAULTS = { match: "any", lang: "both", expand: "1" };
  document.querySelectorAll("form.filters").forEach(function (form) {
    form.addEventListener("submit", function () {
      Array.prototype.forEach.call(form.elements, function (field) {
        if (!field.name || field.type === "checkbox" || field.type === "submit") return;
        if (field.value.trim() === "" || DEFAULTS[field.name] === field.value) field.disabled = true;
      });
    });
  });

  // Long checkbox pickers (the entities) get a box that shows only the
  // names containing what is typed, ignoring case and accents: the name
  // shown or any other registered for it (data-names: Chinese names,
  // aliases, labels); ticked boxes always stay in view.
  // A Chinese query is also tried as the conversion tool writes it in
  // simplified characters (data-t2s on the picker's fieldset: OpenCC t2s,
  // character by character, for the characters of these names), as the
  // search does: 俄羅斯 finds 俄罗斯. The query is converted, never a name.
  function folded(text) {
    return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  document.querySelectorAll("div.picker[id]").forEach(function (picker) {
    var options = picker.querySelectorAll("input[type=checkbox]");
    var holder = picker.closest("[data-t2s]");
    var table = JSON.parse((holder && holder.dataset.t2s) || "{}");
    function converted(text) {
      return Array.from(text, function (c) { return table[c] || c; }).join("");
    }
    var row = document.createElement("p");
    row.className = "picker-filter";
    var label = document.createElement("label");
    label.htmlFor = picker.id + "_filter";
    label.textContent = "Show names containing";
    var box = document.createElement("input");
    box.type = "search";
    box.id = picker.id + "_filter";
    box.setAttribute("aria-controls", picker.id);
    box.autocomplete = "off";
    var status = document.createElement("span");
    status.className = "picker-status";
    status.setAttribute("aria-live", "polite");
    row.append(label, box, status);
    picker.before(row);
    // Enter in the box filters; it must not submit the form half-chosen.
    box.addEventListener("keydown", function (event) {
      if (event.key === "Enter") event.preventDefault();
    });
    box.addEventListener("input", function () {
      var wanted = folded(box.value.trim());
      var simplified = converted(wanted);
      var shown = 0;
      options.forEach(function (input) {
        var names = folded(input.parentElement.textContent + " | " + (input.dataset.names || ""));
        var show = !wanted || input.checked || names.indexOf(wanted) >= 0 ||
          names.indexOf(simplified) >= 0;
        input.closest("div").hidden = !show;
        if (show) shown += 1;
      });
      Array.prototype.forEach.call(picker.children, function (group) {
        group.hidden = !group.querySelector("div:not([hidden])");
      });
      status.textContent = wanted ? shown + " of " + options.length + " shown" : "";
    });
  });

  // After a search or filter, the result comes first: focus its summary,
  // unless the address names a paragraph to read.
  var results = document.querySelector(".results-summary[data-filtering]");
  if (results && !location.hash) results.focus({ preventScroll: true });

  // The contents column marks the section being read.
  var tocItems = document.querySelectorAll(".toc li[data-section]");
  var sections = document.querySelectorAll("section.section[data-section]");
  if ("IntersectionObserver" in window && tocItems.length && sections.length) {
    var visible = {};
    var mark = function () {
      var current = null;
      sections.forEach(function (section) {
        if (current === null && visible[section.dataset.section]) current = section.dataset.section;
      });
      // At the end of the page the last sections never reach the top: the
      // last one begun on screen is the one being read.
      var end = document.documentElement.scrollHeight - 2;
      if (window.innerHeight + window.scrollY >= end) {
        sections.forEach(function (section) {
          if (section.getBoundingClientRect().top < window.innerHeight) current = section.dataset.section;
        });
      }
      if (current === null) return;
      tocItems.forEach(function (item) {
        var link = item.querySelector("a");
        var here = item.dataset.section === current;
        item.classList.toggle("current", here);
        if (link.getAttribute("aria-current") === "page") return;
        if (here) link.setAttribute("aria-current", "location");
        else link.removeAttribute("aria-current");
      });
    };
    var observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) { visible[entry.target.dataset.section] = entry.isIntersecting; });
      mark();
    }, { rootMargin: "0px 0px -60% 0px" });
    sections.forEach(function (section) { observer.observe(section); });
    window.addEventListener("scroll", mark, { passive: true });
  }

  // An address naming a paragraph this page does not show (#ii-999) would
  // land silently at the top: say what exists instead. The contents list
  // gives each section's paragraph count and label (data-paragraphs,
  // data-label).
  function noticeMissingParagraph() {
    var old = document.querySelector(".hash-missing");
    if (old) old.remove();
    var wanted = decodeURIComponent(location.hash.slice(1));
    var named = /^([a-z]+)-([0-9]+)$/.exec(wanted);
    var main = document.querySelector(".reader-main");
    if (!named || !main || document.getElementById(wanted)) return;
    var item = document.querySelector('.toc li[data-section="' + named[1] + '"]');
    var notice = document.createElement("p");
    notice.className = "notice hash-missing";
    notice.setAttribute("role", "status");
    notice.tabIndex = -1;
    if (!item) {
      notice.textContent = "This declaration has no section “" + named[1] +
        "”: its sections are listed under Contents.";
    } else {
      var count = Number(item.dataset.paragraphs);
      var number = Number(named[2]);
      var sectionLink = item.querySelector("a");
      var title = sectionLink.textContent;
      var label = item.dataset.label + "." + number;
      var link = document.createElement("a");
      if (number >= 1 && number <= count) {
        link.href = new URL(sectionLink.getAttribute("href"), location.href).pathname + number + "/";
        link.textContent = "read " + label + " on its own page";
        notice.append(label + " is not among the paragraphs shown here: ", link, ".");
      } else {
        link.href = sectionLink.getAttribute("href");
        link.textContent = "read " + title;
        notice.append("There is no paragraph " + label + ": " + title + " has " + count +
          " paragraph" + (count === 1 ? "" : "s") + " (" + item.dataset.label + ".1–" +
          item.dataset.label + "." + count + "); ", link, ".");
      }
    }
    main.prepend(notice);
    notice.focus();
  }
  noticeMissingParagraph();
  window.addEventListener("hashchange", noticeMissingParagraph);

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
