/* Review workspace: text selection -> highlight/claim/evidence; the rest is in workspace/:
 * offsets.js (a selection as stored offsets), placement.js (where the selection form floats),
 * items.js (the current finding or claim),
 * keys.js (keyboard shortcuts), scrolling.js (linked scrolling), live.js (other people's changes,
 * polled, keeping what the user is typing), sides.js (one text at a time on a phone).
 *
 * No inline script anywhere (strict CSP): everything is wired here by event delegation on
 * #workspace, so regions that htmx swaps in keep working without re-binding. The server renders
 * every change (reviews/changes.py): this script renders none of it, it only keeps the focus.
 */
import { itemFocus } from "./workspace/items.js";
import { bindKeys } from "./workspace/keys.js";
import { keepTypedText } from "./workspace/live.js";
import { bodyOfSelection, selectionIn } from "./workspace/offsets.js";
import { placeBeside } from "./workspace/placement.js";
import { linkScrolling } from "./workspace/scrolling.js";
import { sideSwitch } from "./workspace/sides.js";

const ws = document.getElementById("workspace");
if (ws) start(ws);

function start(ws) {
  var readOnly = ws.dataset.readOnly === "true";
  var picking = { claim: null }; // the claim whose evidence is being picked in the source
  var marking = { range: null }; // the selection the open selection form is for

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

  // Item forms are sent without an empty error slot (a long review has hundreds of forms): a
  // form gets its slot as it is submitted, before htmx looks for the target the workspace gives
  // every form ("find .form-error"). This listener captures, so it runs before htmx's own.
  ws.addEventListener(
    "submit",
    function (e) {
      var form = e.target;
      if (form instanceof HTMLFormElement && !form.querySelector(".form-error")) {
        var slot = document.createElement("p");
        slot.className = "form-error";
        slot.setAttribute("role", "alert");
        form.appendChild(slot);
      }
    },
    true,
  );

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
    marking.range = s.range;
    placeSelectionForm(s.rect);
    if (focus) form.elements.category.focus();
  }

  function placeSelectionForm(rect) {
    var form = selectionForm();
    var at = placeBeside(rect, form.offsetWidth, form.offsetHeight,
      document.documentElement.clientWidth, window.innerHeight);
    form.style.top = at.top + "px";
    form.style.left = at.left + "px";
  }

  // The form floats (position: fixed); when the text under it scrolls, it follows the selection.
  var placing = null;
  document.addEventListener("scroll", function () {
    var form = selectionForm();
    if (!form || form.hidden || !marking.range || placing) return;
    placing = window.requestAnimationFrame(function () {
      placing = null;
      if (!form.hidden && marking.range && !marking.range.collapsed) {
        placeSelectionForm(marking.range.getBoundingClientRect());
      }
    });
  }, { capture: true, passive: true });

  function hideSelectionForm() {
    var form = selectionForm();
    if (!form || form.hidden) return false;
    form.hidden = true;
    marking.range = null;
    form.elements.note.value = "";
    document.getElementById("selection-error").textContent = "";
    return true;
  }

  // --- Evidence picking ---------------------------------------------------------------------

  function startPicking(button) {
    picking.claim = button.dataset.claim;
    ws.classList.add("is-picking");
    var banner = document.getElementById("evidence-banner");
    if (banner) {
      banner.hidden = false;
      banner.querySelector("[data-evidence-claim]").textContent = button.dataset.claimLabel;
    }
    hideSelectionForm();
    sides.show("source"); // on a phone the rewrite may be the text showing
    announce("Select the supporting passage in the source column, or press Escape to cancel.");
    var source = ws.querySelector('.ws-body[data-side="source"]');
    if (source) source.focus({ preventScroll: true });
  }

  function stopPicking() {
    if (!picking.claim) return false;
    picking.claim = null;
    ws.classList.remove("is-picking");
    var banner = document.getElementById("evidence-banner");
    if (banner) banner.hidden = true;
    return true;
  }

  function verifyForm(claimId) {
    return document.querySelector('#claim-' + claimId + ' form[data-form="verify"]');
  }

  function fillEvidence(s) {
    var claimId = picking.claim;
    stopPicking();
    var form = verifyForm(claimId);
    if (!form) return;
    form.elements.evidence_start.value = s.start;
    form.elements.evidence_end.value = s.end;
    form.elements.evidence_quote.value = s.quote;
    form.elements.evidence_prefix.value = s.prefix;
    form.elements.evidence_suffix.value = s.suffix;
    form.querySelector("[data-evidence-preview]").textContent = "Evidence: “" + s.quote + "”";
    focus.select("c" + claimId, false);
    var submit = form.querySelector('[data-action="verify"]');
    if (submit) submit.focus();
    announce("Evidence picked. Press Enter on “Verified” to record the verdict.");
  }

  function onSelectionDone(focus) {
    var body = bodyOfSelection();
    if (!body || readOnly) return;
    var s = selectionIn(body);
    if (!s) return;
    if (picking.claim) {
      if (s.side !== "source") {
        announce("Evidence comes from the source column: select a passage there.");
        return;
      }
      fillEvidence(s);
      return;
    }
    showSelectionForm(s, focus);
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
      if (name === "link-scroll") { scrolling.toggle(); return; }
      if (name === "cancel") { hideSelectionForm(); stopPicking(); return; }
      if (name === "show") { focus.select(action.dataset.show); return; }
      if (name === "expand") {
        e.preventDefault();
        var owner = action.closest("[data-item]");
        if (owner) focus.select(owner.dataset.item);
        return;
      }
    }
    var go = target.closest("[data-go]");
    if (go) {
      e.preventDefault();
      focus.select(go.dataset.go);
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
      var at = ids.indexOf(focus.current());
      focus.select(ids[(at + 1) % ids.length]);
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

  // After htmx swaps regions in: restore what the user was looking at.
  function restore() {
    if (ws.classList.contains("show-dismissed")) {
      var d = ws.querySelector("[data-dismissed-toggle]");
      if (d) d.open = true;
    }
    var item = focus.paint();
    if (item && (document.activeElement === document.body || !document.activeElement)) {
      item.focus({ preventScroll: true });
    }
  }

  document.body.addEventListener("htmx:afterSettle", restore);
  document.body.addEventListener("htmx:oobAfterSwap", function () {
    window.setTimeout(restore, 0);
  });

  // A new finding is swapped into the findings list before its successor in risk order. If the
  // page has no such list (another tab added the first finding meanwhile), reload the panel.
  document.body.addEventListener("htmx:oobErrorNoTarget", function (e) {
    var content = e.detail && e.detail.content;
    if (!content || !content.querySelector || !content.querySelector("[data-kind=finding]")) return;
    if (window.htmx) {
      window.htmx.ajax("GET", window.location.pathname, { target: "#findings-panel", swap: "outerHTML" });
    }
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

  // A new item is made current and scrolled into view in its panel, once the answer that
  // announces it (HX-Trigger, read before the swap) has been swapped in.
  function revealCreated(prefix) {
    return function (e) {
      if (e.detail && e.detail.id) {
        window.setTimeout(function () { focus.reveal(prefix + e.detail.id); }, 0);
      }
    };
  }
  document.body.addEventListener("highlightCreated", revealCreated("h"));
  document.body.addEventListener("claimCreated", revealCreated("c"));

  keepTypedText(ws);
  var scrolling = linkScrolling(ws);
  var sides = sideSwitch(ws);
  var focus = itemFocus(ws, { announce: announce, scrolling: scrolling, sides: sides });
  bindKeys({ focus: focus, cancel: function () { return hideSelectionForm() || stopPicking(); } });
}
