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

  // A refusal (4xx) is shown where the action was, in development as in production. With DEBUG
  // on, django-htmx's debug script listens on the document and puts a 400, 403 or 404 answer in
  // place of the whole page, as it does Django's debug page for a 500; so a 4xx answer stops
  // at <body>, before it gets there, and htmx goes on to handle it as it does in production.
  // A 5xx still reaches it: that is a bug, and its debug page is what a developer wants then.
  document.body.addEventListener("htmx:beforeOnLoad", function (event) {
    var status = event.detail.xhr ? event.detail.xhr.status : 0;
    if (status >= 400 && status < 500) event.stopPropagation();
  });

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
