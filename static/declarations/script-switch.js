// The 简/繁 switch keeps the reader's place: the link it follows names the
// paragraph at the top of the window (its element id), so the page in the
// other script opens there. Without script the links still switch.
(function () {
  document.querySelectorAll("a[data-keep-place]").forEach(function (link) {
    link.addEventListener("click", function () {
      var paragraphs = document.querySelectorAll("article.para[id]");
      for (var i = 0; i < paragraphs.length; i++) {
        if (paragraphs[i].getBoundingClientRect().bottom > 0) {
          link.hash = paragraphs[i].id;
          return;
        }
      }
    });
  });
})();
