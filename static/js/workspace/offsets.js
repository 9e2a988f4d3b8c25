/* Selection offsets: a selection in a column, as the server stores spans.
 *
 * Offsets are UTF-16 code units (what DOM Text.length counts) relative to the stored body text:
 * the column's .ws-body holds exactly the body as text nodes; labels are CSS pseudo-elements
 * (not counted), and anything marked [data-nocount] is skipped.
 */

// Characters of context sent on each side of a quote (the server re-anchors with them).
const CONTEXT = 32;

export function countedTextNodes(root) {
  const nodes = [];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
    acceptNode(n) {
      const p = n.parentElement;
      return p && p.closest("[data-nocount]") ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT;
    },
  });
  for (let n = walker.nextNode(); n; n = walker.nextNode()) nodes.push(n);
  return nodes;
}

export function fullText(root) {
  return countedTextNodes(root).map((n) => n.data).join("");
}

/** UTF-16 offset of the boundary point (container, offset) within root's counted text. */
export function offsetOf(root, container, offset) {
  const point = document.createRange();
  point.setStart(container, offset);
  point.collapse(true);
  let total = 0;
  for (const n of countedTextNodes(root)) {
    if (n === container) return total + offset;
    if (point.comparePoint(n, n.length) <= 0) total += n.length;
    else break;
  }
  return total;
}

/** The current selection inside one column body, as a TextPosition + TextQuote selector. */
export function selectionIn(body) {
  const sel = window.getSelection();
  if (!sel || sel.rangeCount === 0 || sel.isCollapsed) return null;
  const range = sel.getRangeAt(0);
  if (!range.intersectsNode(body)) return null;
  const text = fullText(body);
  let start = body.contains(range.startContainer)
    ? offsetOf(body, range.startContainer, range.startOffset) : 0;
  let end = body.contains(range.endContainer)
    ? offsetOf(body, range.endContainer, range.endOffset) : text.length;
  while (start < end && /\s/.test(text.charAt(start))) start++;
  while (end > start && /\s/.test(text.charAt(end - 1))) end--;
  if (end <= start) return null;
  return {
    side: body.dataset.side,
    start,
    end,
    quote: text.slice(start, end),
    prefix: text.slice(Math.max(0, start - CONTEXT), start),
    suffix: text.slice(end, end + CONTEXT),
    rect: range.getBoundingClientRect(),
    range: range.cloneRange(),
  };
}

/** The column body the selection starts in, if any. */
export function bodyOfSelection() {
  const sel = window.getSelection();
  if (!sel || sel.rangeCount === 0 || sel.isCollapsed) return null;
  const node = sel.getRangeAt(0).startContainer;
  const el = node.nodeType === 1 ? node : node.parentElement;
  return el ? el.closest(".ws-body") : null;
}
