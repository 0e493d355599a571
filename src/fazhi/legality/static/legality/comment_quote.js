// Public comment page: a passage selected in the draft fills the "引用的原文" field.
// The field can be filled by hand too; this only saves copying.
(function () {
  "use strict";

  function init() {
    var draft = document.getElementById("fz-draft");
    var quote = document.getElementById("id_quoted_passage");
    var button = document.getElementById("fz-quote-selection");
    if (!draft || !quote) return;
    var limit = parseInt(quote.getAttribute("maxlength") || "500", 10);

    function selectedText() {
      var selection = window.getSelection ? window.getSelection() : null;
      if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return "";
      var range = selection.getRangeAt(0);
      if (!draft.contains(range.commonAncestorContainer)) return "";
      return selection.toString().trim();
    }

    function take() {
      var text = selectedText();
      if (!text) return;
      quote.value = text.slice(0, limit);
      quote.classList.add("is-valid");
      var comment = document.getElementById("id_text");
      if (comment) comment.focus();
    }

    if (button) {
      button.hidden = false;
      button.addEventListener("mousedown", function (event) {
        event.preventDefault(); // keep the selection
      });
      button.addEventListener("click", take);
    }
    draft.addEventListener("mouseup", function () {
      if (selectedText()) take();
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
