/* Linked scrolling between the two columns, and the aligned paragraph lit on hover.
 *
 * Each paragraph (.ws-para) names the other column's paragraph it aligns with in data-align
 * (reviews/presenters/columns.py: the engine's links, else shared words). When one column
 * scrolls, the other follows so that the paragraph aligned with the one at the reading line sits
 * at the same height, at the same point through it. The reading line runs from the top of the
 * column (scrolled to the top) to its bottom (scrolled to the end), so the first and last
 * paragraphs are reached too. On by default; the toggle is remembered. Hovering a paragraph (or
 * selecting in it) lights its aligned paragraph.
 */

/** Wire linked scrolling in the workspace; returns its controls. */
export function linkScrolling(ws) {
  var LINK_KEY = "newsdesk.linkedScrolling";
  var linked = true;
  try { linked = window.localStorage.getItem(LINK_KEY) !== "off"; } catch (err) { linked = true; }
  var echo = {}; // column id -> the scrollTop linking gave it (its scroll event is not a user's)
  var linkingSuspendedUntil = 0;
  var linkFrame = null;

  function linkToggle() { return ws.querySelector('[data-action="link-scroll"]'); }

  function setLinked(on) {
    linked = on;
    var button = linkToggle();
    if (button) button.setAttribute("aria-pressed", on ? "true" : "false");
    try { window.localStorage.setItem(LINK_KEY, on ? "on" : "off"); } catch (err) { /* private mode */ }
    if (on) follow(document.getElementById("col-rewrite"));
  }

  function suspendLinking(ms) { linkingSuspendedUntil = Date.now() + ms; }

  function otherColumn(col) {
    return document.getElementById(col.id === "col-source" ? "col-rewrite" : "col-source");
  }

  /** Where the reading line is in a column, in viewport coordinates. */
  function readingLine(col) {
    var rect = col.getBoundingClientRect();
    var head = col.querySelector(".ws-col-head");
    var top = rect.top + (head ? head.offsetHeight : 0);
    var height = rect.top + col.clientHeight - top;
    var max = col.scrollHeight - col.clientHeight;
    return top + (max > 0 ? col.scrollTop / max : 0) * height;
  }

  /** The paragraph of a column at viewport height y (the last one starting above it). */
  function paragraphAt(col, y) {
    var paras = col.querySelectorAll(".ws-para");
    var lo = 0;
    var hi = paras.length - 1;
    if (hi < 0) return null;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (paras[mid].getBoundingClientRect().top <= y) lo = mid;
      else hi = mid - 1;
    }
    return paras[lo];
  }

  /** The paragraph aligned with para, or with the nearest aligned one before (or after) it. */
  function alignedWith(para) {
    var p = para;
    var through = null;
    while (p && !p.dataset.align) { p = p.previousElementSibling; through = 1; }
    if (!p) {
      p = para;
      while (p && !p.dataset.align) { p = p.nextElementSibling; through = 0; }
    }
    if (!p) return null;
    var target = document.getElementById(p.dataset.align);
    return target ? { from: p, to: target, through: through } : null;
  }

  /** Scroll the other column so that it follows this one. */
  function follow(col) {
    if (!col || !linked) return;
    var other = otherColumn(col);
    if (!other || other.scrollHeight <= other.clientHeight) return;
    var y = readingLine(col);
    var para = paragraphAt(col, y);
    var match = para && alignedWith(para);
    if (!match) return;
    var from = match.from.getBoundingClientRect();
    var through = match.through;
    if (through === null) {
      through = from.height > 0 ? Math.min(1, Math.max(0, (y - from.top) / from.height)) : 0;
    }
    var to = match.to.getBoundingClientRect();
    var otherTop = other.getBoundingClientRect().top;
    var colTop = col.getBoundingClientRect().top;
    // Put the same point of the aligned paragraph at the reading line's height in the column.
    var point = to.top - otherTop + other.scrollTop + through * to.height;
    var max = other.scrollHeight - other.clientHeight;
    var target = Math.round(Math.min(max, Math.max(0, point - (y - colTop))));
    if (Math.abs(other.scrollTop - target) < 1) return;
    other.scrollTop = target;
    echo[other.id] = other.scrollTop;
  }

  document.addEventListener("scroll", function (e) {
    var col = e.target;
    if (!(col instanceof Element) || !col.classList.contains("ws-col")) return;
    if (echo[col.id] !== undefined) {
      var ours = Math.abs(col.scrollTop - echo[col.id]) < 2;
      delete echo[col.id];
      if (ours) return;
    }
    if (!linked || Date.now() < linkingSuspendedUntil || linkFrame !== null) return;
    linkFrame = window.requestAnimationFrame(function () {
      linkFrame = null;
      follow(col);
    });
  }, true);

  var lit = null;

  function light(para) {
    var target = para && para.dataset.align ? document.getElementById(para.dataset.align) : null;
    if (target === lit) return;
    if (lit) lit.classList.remove("is-aligned");
    lit = target;
    if (lit) lit.classList.add("is-aligned");
  }

  ws.addEventListener("mouseover", function (e) {
    var para = e.target.closest && e.target.closest(".ws-body .ws-para");
    if (para) light(para);
  });

  ws.addEventListener("mouseleave", function () { light(null); });

  ws.addEventListener("mouseout", function (e) {
    var to = e.relatedTarget;
    if (!to || !to.closest || !to.closest(".ws-body .ws-para")) light(null);
  });

  document.addEventListener("selectionchange", function () {
    var sel = window.getSelection();
    if (!sel || sel.rangeCount === 0 || !sel.anchorNode) return;
    var node = sel.anchorNode.nodeType === 1 ? sel.anchorNode : sel.anchorNode.parentElement;
    var para = node && node.closest ? node.closest(".ws-body .ws-para") : null;
    if (para && ws.contains(para)) light(para);
  });

  (function () {
    var button = linkToggle();
    if (!button) return;
    button.hidden = false;
    button.setAttribute("aria-pressed", linked ? "true" : "false");
  })();

  return {
    /** Turn linking on or off (the toggle button). */
    toggle() { setLinked(!linked); },
    /** Let the columns scroll independently for a while (e.g. while an item's marks scroll in). */
    suspend: suspendLinking,
  };
}
