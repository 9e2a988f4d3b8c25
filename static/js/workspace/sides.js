/* On a phone the workspace shows one text at a time: the source or the rewrite, switched with
 * two buttons (aria-pressed) in a bar that stays at the top while the text scrolls under it.
 *
 * The layout is CSS (workspace.css, the phone media query): the script only sets which side
 * .ws-columns shows (data-show) and reveals the bar. Without the script both texts stay stacked.
 * On wider screens data-show does nothing and the bar is not displayed. The choice is kept per
 * review for the tab (sessionStorage). Switching keeps the reader's place: the paragraph aligned
 * with the one at the top of the screen (data-align, as linked scrolling uses) comes to the top.
 */

// Keep in step with the phone media query in workspace.css.
const PHONE = "(max-width: 40rem)";
const SIDES = ["source", "rewrite"];

function column(side) { return document.getElementById("col-" + side); }

/** Wire the source/rewrite switch; returns its controls (no-ops where the page has none). */
export function sideSwitch(ws) {
  var columns = ws.querySelector(".ws-columns");
  var bar = ws.querySelector(".ws-switch");
  var phone = window.matchMedia(PHONE);
  var key = "newsdesk.workspaceSide." + ws.dataset.review;
  var side = "rewrite";
  try {
    var saved = window.sessionStorage.getItem(key);
    if (SIDES.indexOf(saved) !== -1) side = saved;
  } catch (err) { /* storage refused: start on the rewrite */ }

  if (!columns || !bar) {
    return { show: function () {}, reveal: function () {}, splits: function () { return false; } };
  }

  function paint() {
    columns.dataset.show = side;
    bar.querySelectorAll("[data-show-side]").forEach(function (b) {
      b.setAttribute("aria-pressed", b.dataset.showSide === side ? "true" : "false");
    });
  }

  /** The paragraph at the top of the shown text (under the bar), and where it sits. */
  function placeInText() {
    var col = column(side);
    if (!col) return null;
    var top = bar.getBoundingClientRect().bottom;
    var rect = col.getBoundingClientRect();
    if (rect.bottom <= top || rect.top >= window.innerHeight) return null; // text not on screen
    var paras = col.querySelectorAll(".ws-para");
    for (var i = 0; i < paras.length; i++) {
      var r = paras[i].getBoundingClientRect();
      if (r.bottom > top) return { para: paras[i], top: Math.max(r.top, top) };
    }
    return null;
  }

  /** The other column's paragraph aligned with para, or with the nearest aligned one before it. */
  function alignedWith(para) {
    for (var p = para; p; p = p.previousElementSibling) {
      if (p.dataset && p.dataset.align) return document.getElementById(p.dataset.align);
    }
    for (p = para.nextElementSibling; p; p = p.nextElementSibling) {
      if (p.dataset && p.dataset.align) return document.getElementById(p.dataset.align);
    }
    return null;
  }

  /** Show one side (on a phone); `keepPlace` brings the aligned passage to where the reader was. */
  function show(next, keepPlace) {
    if (SIDES.indexOf(next) === -1 || next === side) return;
    var place = keepPlace && phone.matches ? placeInText() : null;
    side = next;
    try { window.sessionStorage.setItem(key, side); } catch (err) { /* private mode */ }
    paint();
    if (!place) return;
    var target = alignedWith(place.para);
    if (target) window.scrollBy(0, target.getBoundingClientRect().top - place.top);
  }

  /** On a phone, show the side holding `el` (a mark) if it is the hidden one. */
  function reveal(el) {
    if (!phone.matches || !el) return;
    var col = el.closest(".ws-col");
    if (!col) return;
    var holder = SIDES.filter(function (s) { return column(s) === col; })[0];
    if (holder) show(holder, false);
  }

  bar.addEventListener("click", function (e) {
    var button = e.target.closest("[data-show-side]");
    if (button) show(button.dataset.showSide, true);
  });

  paint();
  bar.hidden = false;

  return {
    show: function (next) { if (phone.matches) show(next, false); },
    reveal: reveal,
    /** True while one text shows at a time (the phone layout). */
    splits: function () { return phone.matches; },
  };
}
