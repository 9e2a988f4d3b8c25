/* Focusing findings and claims: the current item, its marks, loading an item in full.
 *
 * One item is current (a finding "h12" or a claim "c3"): its marks are painted in both columns,
 * its counterparts outlined, and it is loaded in full (forms, threads) when it is compact.
 */

/** Wire item focus in the workspace; `announce` speaks in the live region, `scrolling` is the
 * linked-scrolling control (suspended while an item's marks scroll into view), `sides` the phone's
 * source/rewrite switch (turned to the side holding the item's marks). */
export function itemFocus(ws, { announce, scrolling, sides }) {
  const current = { key: null };
  const suspendLinking = scrolling.suspend;

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
    var key = current.key;
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
    // A phone shows one text at a time: turn to the item's own marks if they are in the other.
    var own = ws.querySelectorAll(".ws-body .is-active");
    var seen = Array.prototype.some.call(own, function (el) { return el.getClientRects().length; });
    if (sides && own.length && !seen) sides.reveal(own[0]);
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
   * A compact finding has its Confirm and Dismiss buttons, so an action can go out from an item
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
        if (current.key === key) paint();
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
    current.key = key;
    var item = paint();
    scrollMarks(key);
    if (item && focusItem !== false) {
      var details = item.closest("details");
      if (details && !details.open) details.open = true;
      item.focus({ preventScroll: true });
      item.scrollIntoView({ block: "nearest", behavior: "smooth" });
    }
    return expand(item).then(function (fresh) {
      if (fresh && fresh !== item && focusItem !== false && current.key === key) {
        fresh.focus({ preventScroll: true });
      }
      return fresh;
    });
  }

  function move(step, unsettledOnly) {
    var list = items();
    if (!list.length) return;
    var at = list.findIndex(function (el) { return el.dataset.item === current.key; });
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
    return current.key ? ws.querySelector('[data-item="' + current.key + '"]') : null;
  }

  /** Click the item's button for `action`; resolves once the action's answer is in the page
   * (true), or at once if the item has no such button (false). */
  function click(item, action) {
    // Wait for an item still loading in full even if its compact form has the button: the load
    // replaces that form, and htmx drops the response of a form no longer in the page (the
    // action happened on the server, but the page never showed it).
    return expand(item).then(function (fresh) {
      var button = fresh && fresh.querySelector('[data-action="' + action + '"]');
      if (!button) return false;
      var details = button.closest("details");
      if (details) details.open = true;
      button.click(); // htmx sends it at once: the request is counted in `acting` now
      return afterActions(fresh.dataset.item).then(function () { return true; });
    });
  }

  function press(item, action) {
    if (!item) return false;
    click(item, action);
    return true;
  }

  /** Press an action that settles the item (dismiss), then move on to the item after it.
   *
   * A settled finding leaves the list (a dismissed one goes to the hidden dismissed list), and
   * the panel it was in is swapped for a new one, so the focus would fall to the page: once the
   * answer is in, the item that came after it is current and focused. Not when the action was
   * refused and left the item unsettled, nor when the user moved to another item meanwhile.
   */
  function settle(item, action) {
    if (!item) return false;
    var key = item.dataset.item;
    var list = items();
    var at = list.findIndex(function (el) { return el.dataset.item === key; });
    var next = at === -1 ? null : (list[at + 1] || list[at - 1] || null);
    var nextKey = next ? next.dataset.item : null;
    click(item, action).then(function (clicked) {
      if (!clicked || current.key !== key) return;
      var now = itemFor(key);
      if (now && now.dataset.settled !== "true") return;
      if (nextKey && itemFor(nextKey)) select(nextKey);
    });
    return true;
  }

  /** Make a new item current and scroll it into view in its panel; it takes the focus unless
   * something else has it. */
  function reveal(key) {
    var active = document.activeElement;
    if (!active || active === document.body) return select(key);
    var loaded = select(key, false);
    var item = itemFor(key);
    if (item) item.scrollIntoView({ block: "nearest", behavior: "smooth" });
    return loaded;
  }

  /** Leave a field of an item (Escape): the focus goes back to the item, the text stays. */
  function leaveField(field) {
    var item = field.closest("[data-item]");
    if (!item || !ws.contains(item)) return false;
    field.blur();
    current.key = item.dataset.item;
    paint();
    item.focus({ preventScroll: true });
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

  return {
    current: () => current.key,
    currentItem,
    select,
    move,
    press,
    settle,
    reveal,
    leaveField,
    focusField,
    paint,
  };
}
