// Newsdesk: small progressive enhancements for every page. No inline scripts (strict CSP).
(function () {
  "use strict";

  function enhance(root) {
    // Print buttons stay hidden without JavaScript (the browser's own Print works anyway).
    root.querySelectorAll(".js-print").forEach(function (button) {
      button.hidden = false;
      if (button.dataset.bound) return;
      button.dataset.bound = "1";
      button.addEventListener("click", function () { window.print(); });
    });
  }

  document.addEventListener("DOMContentLoaded", function () { enhance(document); });
  document.addEventListener("htmx:afterSwap", function (event) { enhance(event.target); });

  // A failed htmx request says so instead of failing silently.
  document.addEventListener("htmx:responseError", function (event) {
    var box = document.getElementById("messages");
    if (!box) return;
    var p = document.createElement("p");
    p.className = "message message-error";
    p.textContent = "That did not work (" + event.detail.xhr.status + "). Reload the page and try again.";
    box.replaceChildren(p);
  });
})();
