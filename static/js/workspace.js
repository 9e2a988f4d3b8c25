/* Review workspace: text selection -> highlight/claim/evidence, finding focus, keyboard shortcuts.
 *
 * No inline script anywhere (strict CSP): everything is wired here by event delegation on
 * #workspace, so regions that htmx swaps in keep working without re-binding.
 *
 * Offsets are UTF-16 code units (what DOM Text.length counts) relative to the stored body text:
 * the column's .ws-body holds exactly the body as text nodes; labels are CSS pseudo-elements
 * (not counted), and anything marked [data-nocount] is skipped.
 */
(function () {
  "use strict";

  var ws = document.getElementById("workspace");
  if (!ws) return;

  var CONTEXT = 32;
  var readOnly = ws.dataset.readOnly === "true";
  var state = { current: null, picking: null };

  // htmx: swap refused actions (400/403/409: the workflow's message) into the form's error slot.
  if (window.htmx) {
    window.htmx.config.responseHandling = [
      { code: "204", swap: false },
      { code: "[23]..", swap: true },
      { code: "(400|403|409|422)", swap: true, error: false },
      { code: "[45]..", swap: false, error: true },
      { code: "...", swap: false },
    ];
  }

  // --- Offsets ------------------------------------------------------------------------------

  function countedTextNodes(root) {
    var nodes = [];
    var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
      acceptNode: function (n) {
        var p = n.parentElement;
        return p && p.closest("[data-nocount]") ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT;
      },
    });
    for (var n = walker.nextNode(); n; n = walker.nextNode()) nodes.push(n);
    return nodes;
  }

  function fullText(root) {
    return countedTextNodes(root).map(function (n) { return n.data; }).join("");
  }

  /** UTF-16 offset of the boundary point (container, offset) within root's counted text. */
  function offsetOf(root, container, offset) {
    var point = document.createRange();
    point.setStart(container, offset);
    point.collapse(true);
    var total = 0;
    var nodes = countedTextNodes(root);
    for (var i = 0; i < nodes.length; i++) {
      var n = nodes[i];
      if (n === container) return total + offset;
      if (point.comparePoint(n, n.length) <= 0) total += n.length;
      else break;
    }
    return total;
  }

  /** The current selection inside one column body, as a TextPosition + TextQuote selector. */
  function selectionIn(body) {
    var sel = window.getSelection();
    if (!sel || sel.rangeCount === 0 || sel.isCollapsed) return null;
    var range = sel.getRangeAt(0);
    if (!range.intersectsNode(body)) return null;
    var text = fullText(body);
    var start = body.contains(range.startContainer)
      ? offsetOf(body, range.startContainer, range.startOffset) : 0;
    var end = body.contains(range.endContainer)
      ? offsetOf(body, range.endContainer, range.endOffset) : text.length;
    while (start < end && /\s/.test(text.charAt(start))) start++;
    while (end > start && /\s/.test(text.charAt(end - 1))) end--;
    if (end <= start) return null;
    return {
      side: body.dataset.side,
      start: start,
      end: end,
      quote: text.slice(start, end),
      prefix: text.slice(Math.max(0, start - CONTEXT), start),
      suffix: text.slice(end, end + CONTEXT),
      rect: range.getBoundingClientRect(),
    };
  }

  function bodyOfSelection() {
    var sel = window.getSelection();
    if (!sel || sel.rangeCount === 0 || sel.isCollapsed) return null;
    var node = sel.getRangeAt(0).startContainer;
    var el = node.nodeType === 1 ? node : node.parentElement;
    return el ? el.closest(".ws-body") : null;
  }

  // --- Live region --------------------------------------------------------------------------

  function announce(message) {
    var live = document.getElementById("ws-live");
    if (live) {
      live.classList.remove("is-error");
      live.textContent = message;
    }
  }

  // --- Selection form -----------------------------------------------------------------------

  function selectionForm() { return document.getElementById("selection-form"); }

  function showSelectionForm(s, focus) {
    var form = selectionForm();
    if (!form) return;
    ["side", "start", "end", "quote", "prefix", "suffix"].forEach(function (name) {
      form.elements[name].value = s[name];
    });
    var quote = s.quote.length > 140 ? s.quote.slice(0, 139) + "…" : s.quote;
    document.getElementById("selection-quote").textContent =
      (s.side === "source" ? "Source: " : "Rewrite: ") + "“" + quote + "”";
    document.getElementById("selection-error").textContent = "";
    form.querySelectorAll("[data-rewrite-only]").forEach(function (b) {
      b.hidden = s.side !== "rewrite";
    });
    form.hidden = false;
    var top = Math.min(s.rect.bottom + 8, window.innerHeight - form.offsetHeight - 8);
    var left = Math.min(Math.max(8, s.rect.left), window.innerWidth - form.offsetWidth - 8);
    form.style.top = Math.max(8, top) + "px";
    form.style.left = Math.max(8, left) + "px";
    if (focus) form.elements.category.focus();
  }

  function hideSelectionForm() {
    var form = selectionForm();
    if (!form || form.hidden) return false;
    form.hidden = true;
    form.elements.note.value = "";
    document.getElementById("selection-error").textContent = "";
    return true;
  }

  // --- Evidence picking ---------------------------------------------------------------------

  function startPicking(button) {
    var form = button.closest("form");
    state.picking = { claim: button.dataset.claim, label: button.dataset.claimLabel };
    ws.classList.add("is-picking");
    var banner = document.getElementById("evidence-banner");
    if (banner) {
      banner.hidden = false;
      banner.querySelector("[data-evidence-claim]").textContent = button.dataset.claimLabel;
    }
    hideSelectionForm();
    announce("Select the supporting passage in the source column, or press Escape to cancel.");
    var source = ws.querySelector('.ws-body[data-side="source"]');
    if (source) source.focus({ preventScroll: true });
    state.pickingForm = form;
  }

  function stopPicking() {
    if (!state.picking) return false;
    state.picking = null;
    ws.classList.remove("is-picking");
    var banner = document.getElementById("evidence-banner");
    if (banner) banner.hidden = true;
    return true;
  }

  function verifyForm(claimId) {
    return document.querySelector('#claim-' + claimId + ' form[data-form="verify"]');
  }

  function fillEvidence(s) {
    var claimId = state.picking.claim;
    stopPicking();
    var form = verifyForm(claimId);
    if (!form) return;
    form.elements.evidence_start.value = s.start;
    form.elements.evidence_end.value = s.end;
    form.elements.evidence_quote.value = s.quote;
    form.elements.evidence_prefix.value = s.prefix;
    form.elements.evidence_suffix.value = s.suffix;
    form.querySelector("[data-evidence-preview]").textContent = "Evidence: “" + s.quote + "”";
    select("c" + claimId, false);
    var submit = form.querySelector('[data-action="verify"]');
    if (submit) submit.focus();
    announce("Evidence picked. Press Enter on “Verified” to record the verdict.");
  }

  function onSelectionDone(focus) {
    var body = bodyOfSelection();
    if (!body || readOnly) return;
    var s = selectionIn(body);
    if (!s) return;
    if (state.picking) {
      if (s.side !== "source") {
        announce("Evidence comes from the source column: select a passage there.");
        return;
      }
      fillEvidence(s);
      return;
    }
    showSelectionForm(s, focus);
  }

  // --- Focusing findings and claims ---------------------------------------------------------

  function items() {
    var list = Array.prototype.slice.call(
      ws.querySelectorAll("#findings-panel [data-item], #claims-panel [data-item]")
    );
    return list.filter(function (el) { return !el.closest("details:not([open])"); });
  }

  function marksFor(key) {
    var id = key.slice(1);
    var sel = key.charAt(0) === "h"
      ? '[data-highlight-ids~="' + id + '"], [data-dismissed-ids~="' + id + '"]'
      : '[data-claim-ids~="' + id + '"]';
    return ws.querySelectorAll(sel);
  }

  function paint() {
    ws.querySelectorAll(".is-active, .is-cp, .is-current").forEach(function (el) {
      el.classList.remove("is-active", "is-cp", "is-current");
    });
    var key = state.current;
    if (!key) return null;
    marksFor(key).forEach(function (el) { el.classList.add("is-active"); });
    ws.querySelectorAll('[data-counterpart~="' + key + '"]').forEach(function (el) {
      el.classList.add("is-cp");
    });
    var item = ws.querySelector('[data-item="' + key + '"]');
    if (item) item.classList.add("is-current");
    return item;
  }

  function scrollMarks(key) {
    // Both columns scroll to the item's marks: linked scrolling must not pull them elsewhere.
    suspendLinking(1000);
    ["source", "rewrite"].forEach(function (side) {
      var body = ws.querySelector('.ws-body[data-side="' + side + '"]');
      if (!body) return;
      var el = body.querySelector(
        '.is-active, [data-counterpart~="' + key + '"]'
      );
      if (el) el.scrollIntoView({ block: "center", behavior: "smooth" });
    });
  }

  /** Panel items render compact; fetch one in full (forms, threads) and swap it in place.
   *
   * One request per item, shared: a shortcut pressed while its item is still loading waits for
   * it. htmx queues a second request on a busy source element and resolves its promise at once,
   * before anything is swapped, so the shortcut found no button and did nothing. The item is the
   * source (not the default, <body>) so that items loading together do not queue behind each other.
   *
   * A compact finding has its Accept and Dismiss buttons, so an action can go out from an item
   * while it loads. The load must not replace it then: htmx looks up an answer's out-of-band
   * targets from the element that sent the request, and a form swapped out of the page finds none
   * (the server acted, the page never showed it). And a load read before the action would show
   * the state before it. So a load that meets an action on its item is not swapped in (the
   * action's answer brings the item in full), and a load asked for while an action on its item is
   * in flight waits for it.
   */
  var expanding = {};
  var acting = {}; // item key -> action requests in flight from inside the item
  var settled = {}; // item key -> callbacks waiting for those to finish
  var staleLoad = {}; // item key -> true: an action went out while the item was loading

  function afterActions(key) {
    if (!acting[key]) return Promise.resolve();
    return new Promise(function (resolve) {
      (settled[key] = settled[key] || []).push(resolve);
    });
  }

  function itemFor(key) {
    return ws.querySelector('[data-item="' + key + '"]');
  }

  function expand(item) {
    if (!item || !item.dataset.lazy || !window.htmx) return Promise.resolve(item);
    var key = item.dataset.item;
    if (expanding[key]) return expanding[key];
    if (acting[key]) {
      return afterActions(key).then(function () { return expand(itemFor(key)); });
    }
    expanding[key] = window.htmx.ajax("GET", item.dataset.lazy, {
      source: item, target: item, swap: "outerHTML",
    })
      .then(function () {
        delete expanding[key];
        var skipped = staleLoad[key];
        delete staleLoad[key];
        if (skipped) {
          // The action's answer brings the item in full; a refused one leaves it compact.
          return afterActions(key).then(function () { return expand(itemFor(key)); });
        }
        var fresh = itemFor(key);
        // htmx binds the new forms only when the swap settles, after this promise resolved:
        // bind them now, or a shortcut's click would submit the form as a plain page post.
        if (fresh) window.htmx.process(fresh);
        if (state.current === key) paint();
        return fresh;
      }, function (err) {
        delete expanding[key];
        delete staleLoad[key];
        throw err;
      });
    return expanding[key];
  }

  document.body.addEventListener("htmx:beforeRequest", function (e) {
    var elt = e.detail.elt;
    var item = elt && elt.closest ? elt.closest("[data-item]") : null;
    if (!item || item === elt || !ws.contains(item)) return;
    var key = item.dataset.item;
    acting[key] = (acting[key] || 0) + 1;
    if (expanding[key]) staleLoad[key] = true;
    // loadend comes after the answer was swapped in, whether it loaded, failed or was aborted,
    // and even when the form that sent it is no longer in the page.
    e.detail.xhr.addEventListener("loadend", function () {
      acting[key] -= 1;
      if (acting[key] > 0) return;
      delete acting[key];
      var waiting = settled[key] || [];
      delete settled[key];
      waiting.forEach(function (resolve) { resolve(); });
    });
  });

  document.body.addEventListener("htmx:beforeSwap", function (e) {
    var elt = e.detail.elt;
    if (!elt || !elt.dataset || !elt.dataset.lazy || !elt.dataset.item) return;
    var key = elt.dataset.item;
    if (staleLoad[key] || acting[key]) e.detail.shouldSwap = false;
  });

  function select(key, focusItem) {
    state.current = key;
    var item = paint();
    scrollMarks(key);
    if (item && focusItem !== false) {
      var details = item.closest("details");
      if (details && !details.open) details.open = true;
      item.focus({ preventScroll: true });
      item.scrollIntoView({ block: "nearest", behavior: "smooth" });
    }
    return expand(item).then(function (fresh) {
      if (fresh && fresh !== item && focusItem !== false && state.current === key) {
        fresh.focus({ preventScroll: true });
      }
      return fresh;
    });
  }

  function move(step, unsettledOnly) {
    var list = items();
    if (!list.length) return;
    var at = list.findIndex(function (el) { return el.dataset.item === state.current; });
    for (var i = 1; i <= list.length; i++) {
      var idx = ((at === -1 ? (step > 0 ? -1 : 0) : at) + step * i + list.length * 2) % list.length;
      var el = list[idx];
      if (!unsettledOnly || el.dataset.settled === "false") {
        select(el.dataset.item);
        return;
      }
    }
    announce("Every finding and claim is settled.");
  }

  function currentItem() {
    return state.current ? ws.querySelector('[data-item="' + state.current + '"]') : null;
  }

  function press(item, action) {
    if (!item) return false;
    // Wait for an item still loading in full even if its compact form has the button: the load
    // replaces that form, and htmx drops the response of a form no longer in the page (the
    // action happened on the server, but the page never showed it).
    expand(item).then(function (fresh) {
      var button = fresh && fresh.querySelector('[data-action="' + action + '"]');
      if (!button) return;
      var details = button.closest("details");
      if (details) details.open = true;
      button.click();
    });
    return true;
  }

  function focusField(item, selector) {
    if (!item) return false;
    expand(item).then(function (fresh) {
      var field = fresh && fresh.querySelector(selector);
      if (!field) return;
      var details = field.closest("details");
      if (details) details.open = true;
      field.focus();
    });
    return true;
  }

  // --- Events -------------------------------------------------------------------------------

  document.addEventListener("mouseup", function (e) {
    if (e.target.closest && e.target.closest("form, button, a, summary")) return;
    window.setTimeout(function () { onSelectionDone(false); }, 0);
  });

  document.addEventListener("keyup", function (e) {
    if (e.shiftKey && /^Arrow|^Home$|^End$/.test(e.key)) onSelectionDone(true);
  });

  ws.addEventListener("click", function (e) {
    var target = e.target;
    var action = target.closest("[data-action]");
    if (action) {
      var name = action.dataset.action;
      if (name === "pick-evidence") { startPicking(action); return; }
      if (name === "link-scroll") { setLinked(!linked); return; }
      if (name === "cancel") { hideSelectionForm(); stopPicking(); return; }
      if (name === "show") { select(action.dataset.show); return; }
      if (name === "expand") {
        e.preventDefault();
        var owner = action.closest("[data-item]");
        if (owner) select(owner.dataset.item);
        return;
      }
    }
    var go = target.closest("[data-go]");
    if (go) {
      e.preventDefault();
      select(go.dataset.go);
      return;
    }
    var mark = target.closest(".ws-body mark, .ws-body .claim");
    if (mark) {
      var sel = window.getSelection();
      if (sel && !sel.isCollapsed) return;
      var ids = (mark.dataset.highlightIds || "").split(" ").filter(Boolean)
        .map(function (id) { return "h" + id; })
        .concat((mark.dataset.claimIds || "").split(" ").filter(Boolean)
          .map(function (id) { return "c" + id; }));
      if (!ids.length) return;
      var at = ids.indexOf(state.current);
      select(ids[(at + 1) % ids.length]);
    }
  });

  // <details> toggles do not bubble: listen in the capture phase.
  document.addEventListener("toggle", function (e) {
    var d = e.target;
    if (!(d instanceof HTMLDetailsElement) || !ws.contains(d)) return;
    if (d.hasAttribute("data-dismissed-toggle")) {
      ws.classList.toggle("show-dismissed", d.open);
    }
  }, true);

  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape") {
      var closed = hideSelectionForm() || stopPicking();
      if (closed) { e.preventDefault(); return; }
      var sel = window.getSelection();
      if (sel) sel.removeAllRanges();
      return;
    }
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    var t = e.target;
    if (t.closest && t.closest("input, textarea, select, [contenteditable]")) return;
    var item = currentItem();
    var handled = true;
    switch (e.key) {
      case "j": move(1, false); break;
      case "k": move(-1, false); break;
      case "n": move(1, true); break;
      case "a":
        handled = item && item.dataset.kind === "finding" && press(item, "accept");
        break;
      case "x":
        handled = item && item.dataset.kind === "finding" && press(item, "dismiss");
        break;
      case "v":
        handled = item && item.dataset.kind === "claim" && press(item, "pick-evidence");
        break;
      case "d":
        handled = item && item.dataset.kind === "claim" &&
          focusField(item, 'form[data-form="dispute"] [name="note"]');
        break;
      case "c":
        handled = focusField(item || document.getElementById("review-thread"),
          'form[data-form="comment"] textarea');
        if (!item) handled = true;
        break;
      case "?": {
        var help = document.getElementById("shortcuts");
        if (help) {
          help.open = !help.open;
          if (help.open) help.scrollIntoView({ block: "nearest" });
        }
        break;
      }
      default: handled = false;
    }
    if (handled) e.preventDefault();
  });

  // --- Aligned columns ----------------------------------------------------------------------
  //
  // Each paragraph (.ws-para) names the other column's paragraph it aligns with in data-align
  // (reviews/presenters.py: the engine's links, else shared words). Linked scrolling: when one
  // column scrolls, the other follows so that the paragraph aligned with the one at the reading
  // line sits at the same height, at the same point through it. The reading line runs from the
  // top of the column (scrolled to the top) to its bottom (scrolled to the end), so the first
  // and last paragraphs are reached too. On by default; the toggle is remembered. Hovering a
  // paragraph (or selecting in it) lights its aligned paragraph.

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

  // A new finding arrives in #ws-incoming (an out-of-band swap that always finds its target),
  // wrapped in a note of where it goes: move it into that list, before the item the server named
  // (risk order), or at the end. If the page has no such list (another tab added the first
  // finding meanwhile), reload the panel instead. (The note is a child, not attributes of
  // #ws-incoming: htmx keeps a swapped element's old attributes until it settles.)
  function placeIncoming() {
    var box = document.getElementById("ws-incoming");
    if (!box) return;
    box.querySelectorAll("[data-insert-into]").forEach(function (note) {
      var list = document.getElementById(note.dataset.insertInto);
      var before = note.dataset.insertBefore ? document.getElementById(note.dataset.insertBefore) : null;
      var item = note.firstElementChild;
      note.remove();
      if (!item) return;
      if (!list) {
        if (window.htmx) {
          window.htmx.ajax("GET", window.location.pathname, { target: "#findings-panel", swap: "outerHTML" });
        }
        return;
      }
      var old = item.dataset.item ? list.querySelector('[data-item="' + item.dataset.item + '"]') : null;
      if (old) old.remove();
      list.insertBefore(item, before && before.parentNode === list ? before : null);
    });
  }

  // After htmx swaps regions in: restore what the user was looking at.
  function restore() {
    placeIncoming();
    if (ws.classList.contains("show-dismissed")) {
      var d = ws.querySelector("[data-dismissed-toggle]");
      if (d) d.open = true;
    }
    var item = paint();
    if (item && (document.activeElement === document.body || !document.activeElement)) {
      item.focus({ preventScroll: true });
    }
  }

  document.body.addEventListener("htmx:afterSettle", restore);
  document.body.addEventListener("htmx:oobAfterSwap", function () {
    placeIncoming();
    window.setTimeout(restore, 0);
  });

  document.body.addEventListener("htmx:afterRequest", function (e) {
    var elt = e.detail.elt;
    var form = elt && elt.closest ? elt.closest("form") : null;
    if (form && form.id === "selection-form" && e.detail.successful) {
      hideSelectionForm();
      var sel = window.getSelection();
      if (sel) sel.removeAllRanges();
    }
  });

  // A verdict changes how its claim is underlined in the rewrite (reviews/presenters.py draws
  // the same from the database): the segment's style follows its most pressing claim (disputed,
  // then pending, then verified; then by number), its C-tags, title and aria-label list its
  // claims in that order. The event's detail carries the changed claim's state; the other claims' come from
  // their panel items, which hold data-verdict and data-number.
  var VERDICT_RANK = { disputed: 0, pending: 1, verified: 2 };
  var VERDICT_SYMBOL = { pending: "?", verified: "\u2713", disputed: "\u2717" };

  function claimState(id, changed) {
    if (String(changed.claim) === id) {
      return { id: id, verdict: changed.verdict, number: Number(changed.number) };
    }
    var li = document.getElementById("claim-" + id);
    if (!li) return null;
    return { id: id, verdict: li.dataset.verdict, number: Number(li.dataset.number) };
  }

  function applyVerdict(changed) {
    var id = String(changed.claim);
    ws.querySelectorAll('.ws-body [data-claim-ids~="' + id + '"]').forEach(function (el) {
      var states = el.dataset.claimIds.split(" ").filter(Boolean)
        .map(function (i) { return claimState(i, changed); });
      if (states.some(function (s) { return !s; })) return;
      states.sort(function (a, b) {
        return (VERDICT_RANK[a.verdict] - VERDICT_RANK[b.verdict]) || (a.number - b.number);
      });
      el.dataset.claimIds = states.map(function (s) { return s.id; }).join(" ");
      el.className = el.className.replace(/\bv-\w+/, "v-" + states[0].verdict);
      if (el.dataset.ctag) {
        var closing = el.dataset.ctag.split(" ").map(function (t) { return parseInt(t.slice(1), 10); });
        el.dataset.ctag = states
          .filter(function (s) { return closing.indexOf(s.number) !== -1; })
          .map(function (s) { return "C" + s.number + VERDICT_SYMBOL[s.verdict]; })
          .join(" ");
      }
      var findings = (el.dataset.highlightIds || "").split(" ").filter(Boolean).length;
      el.title = el.title.split("; ").slice(0, findings)
        .concat(states.map(function (s) { return "Claim C" + s.number + ", " + s.verdict; }))
        .join("; ");
      if (el.hasAttribute("aria-label")) el.setAttribute("aria-label", el.title + ": " + el.textContent);
    });
  }

  document.body.addEventListener("reviewChanged", function (e) {
    if (e.detail && e.detail.claim && e.detail.verdict) applyVerdict(e.detail);
  });

  document.body.addEventListener("highlightCreated", function (e) {
    if (e.detail && e.detail.id) window.setTimeout(function () { select("h" + e.detail.id, false); paint(); }, 0);
  });
})();
