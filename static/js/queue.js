// One key for the cross-story queue: "n" (outside form fields) opens the next item, as the
// "Open the next item" link does. The link carries the URL; this only follows it.
(function () {
  "use strict";
  document.addEventListener("keydown", function (e) {
    if (e.key !== "n" || e.ctrlKey || e.metaKey || e.altKey || e.repeat) return;
    var t = e.target;
    if (t.closest && t.closest("input, textarea, select, [contenteditable]")) return;
    var link = document.getElementById("queue-next");
    if (!link) return;
    e.preventDefault();
    window.location.assign(link.href);
  });
})();
