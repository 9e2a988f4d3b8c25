/* Live updates (reviews/live_views.py): the poller (#ws-poll) tells the server which items are
 * open, and when other people's changes come in as out-of-band swaps, whatever the user was
 * typing in the swapped regions is put back, with the focus: a refresh never loses text.
 */

/** Wire the live poller's requests and swaps for the workspace `ws`. */
export function keepTypedText(ws) {
  var live = false;
  var stash = {};

  function keyOf(field) {
    var item = field.closest("[data-item]");
    var form = field.closest("form");
    return [
      item ? item.dataset.item : "",
      form ? (form.dataset.form || form.getAttribute("action") || "") : "",
      form && form.querySelector('input[name="parent"]') ? form.querySelector('input[name="parent"]').value : "",
      field.name,
    ].join("|");
  }

  function typed(root) {
    return Array.prototype.filter.call(
      root.querySelectorAll("textarea, input[type=text], input[type=url], input:not([type])"),
      function (f) { return f.name && f.value !== f.defaultValue; }
    );
  }

  document.body.addEventListener("htmx:configRequest", function (e) {
    if (!e.detail.elt || e.detail.elt.id !== "ws-poll") return;
    var open = Array.prototype.map.call(
      ws.querySelectorAll("li[data-item]:not([data-lazy])"),
      function (li) { return li.dataset.item; }
    );
    e.detail.parameters.expanded = open.slice(0, 8).join(",");
  });

  document.body.addEventListener("htmx:beforeSwap", function (e) {
    live = !!(e.detail.xhr && e.detail.xhr.getResponseHeader("X-Newsdesk-Live"));
  });

  document.body.addEventListener("htmx:oobBeforeSwap", function (e) {
    var target = e.detail.target;
    if (!live || !target || !target.id) return;
    stash[target.id] = typed(target).map(function (f) {
      return {
        key: keyOf(f),
        value: f.value,
        focused: f === document.activeElement,
        start: f.selectionStart,
        end: f.selectionEnd,
      };
    });
  });

  document.body.addEventListener("htmx:oobAfterSwap", function (e) {
    var id = e.detail.target && e.detail.target.id;
    var saved = id && stash[id];
    if (!saved) return;
    delete stash[id];
    var fresh = document.getElementById(id);
    if (!fresh) return;
    var fields = fresh.querySelectorAll("textarea, input");
    saved.forEach(function (s) {
      var field = Array.prototype.find.call(fields, function (f) { return f.name && keyOf(f) === s.key; });
      if (!field) return;
      field.value = s.value;
      var details = field.closest("details");
      if (details) details.open = true;
      if (s.focused) {
        field.focus({ preventScroll: true });
        try { field.setSelectionRange(s.start, s.end); } catch (err) { /* not a text field */ }
      }
    });
  });

  document.body.addEventListener("htmx:afterSettle", function () { live = false; });
}
