/* Keyboard shortcuts (listed in the page's "Keyboard shortcuts" panel): j/k/n move between
 * items, a confirms a suggestion as a problem, x dismisses a finding (and moves on to the next
 * item), v/d verify or dispute a claim, c comments, ? shows the list, Escape cancels, or leaves
 * a field of an item for the item itself, keeping what was typed. Other keys typed into a
 * field are the field's.
 */

/** Wire the shortcuts; `focus` is itemFocus's control, `cancel()` closes an open form or
 * evidence picking and says whether it did. */
export function bindKeys({ focus, cancel }) {
  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape") {
      var field = e.target.closest && e.target.closest("input, textarea, select");
      if (field && focus.leaveField(field)) { e.preventDefault(); return; }
      var closed = cancel();
      if (closed) { e.preventDefault(); return; }
      var sel = window.getSelection();
      if (sel) sel.removeAllRanges();
      return;
    }
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    var t = e.target;
    if (t.closest && t.closest("input, textarea, select, [contenteditable]")) return;
    var item = focus.currentItem();
    var handled = true;
    switch (e.key) {
      case "j": focus.move(1, false); break;
      case "k": focus.move(-1, false); break;
      case "n": focus.move(1, true); break;
      case "a":
        handled = item && item.dataset.kind === "finding" && focus.press(item, "accept");
        break;
      case "x":
        handled = item && item.dataset.kind === "finding" && focus.settle(item, "dismiss");
        break;
      case "v":
        handled = item && item.dataset.kind === "claim" && focus.press(item, "pick-evidence");
        break;
      case "d":
        handled = item && item.dataset.kind === "claim" &&
          focus.focusField(item, 'form[data-form="dispute"] [name="note"]');
        break;
      case "c":
        handled = focus.focusField(item || document.getElementById("review-thread"),
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
}
