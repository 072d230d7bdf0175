// The 简/繁 switch (fixed in a corner of the window, reader.css) keeps the
// reader's place: the link it follows names the paragraph at the top of the
// window (its element id), or on a permalink the part of the page there
// (its sources, its annotations), so the page in the other script opens
// there. Without script the links still switch, at the top of the page.
(function () {
  document.querySelectorAll("a[data-keep-place]").forEach(function (link) {
    link.addEventListener("click", function () {
      var paragraphs = document.querySelectorAll(
        "article.para[id], .permalink > [id]"
      );
      for (var i = 0; i < paragraphs.length; i++) {
        // The first paragraph more than a sliver of which is in view.
        if (paragraphs[i].getBoundingClientRect().bottom > 48) {
          link.hash = paragraphs[i].id;
          return;
        }
      }
    });
  });
})();
