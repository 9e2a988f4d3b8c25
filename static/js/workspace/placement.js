/* Where the selection form floats: next to the selected text, never over it, in the viewport.
 *
 * Below the selection when the form fits there whole, else above it, else beside it (right,
 * then left). A selection that leaves room nowhere (taller than the viewport allows) gets the
 * form on the side with more room, kept inside the viewport: covering some of it cannot be
 * helped then.
 */

// Pixels between the form and the selection, and between the form and the viewport's edges.
const GAP = 8;

/** The {top, left} (viewport pixels) for a box of `width` x `height` next to `rect` (a
 * DOMRect of the selection) in a viewport of `vw` x `vh`. */
export function placeBeside(rect, width, height, vw, vh) {
  const left = (x) => Math.max(GAP, Math.min(x, vw - width - GAP));
  const top = (y) => Math.max(GAP, Math.min(y, vh - height - GAP));
  if (rect.bottom + GAP + height <= vh - GAP) {
    return { top: Math.max(GAP, rect.bottom + GAP), left: left(rect.left) };
  }
  if (rect.top - GAP - height >= GAP) {
    return { top: Math.min(vh - height - GAP, rect.top - GAP - height), left: left(rect.left) };
  }
  if (rect.right + GAP + width <= vw - GAP) return { top: top(rect.top), left: rect.right + GAP };
  if (rect.left - GAP - width >= GAP) return { top: top(rect.top), left: rect.left - GAP - width };
  const roomBelow = vh - rect.bottom;
  const roomAbove = rect.top;
  return {
    top: top(roomBelow >= roomAbove ? rect.bottom + GAP : rect.top - GAP - height),
    left: left(rect.left),
  };
}
