"""What the workspace shows of an item's history across rewrite versions.

Items a new version carried over (workflow/versions.py) say how the edit left them: an item whose
text was reworded shows the old and the new wording side by side; one whose text was deleted is
never drawn on the text, and is listed in its own "No longer in the text" section instead, with
the quote it had and the diff of that passage. Every value is escaped here or by the template.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape as _e

from django import template

from reviews.models import Claim, Highlight, Review

register = template.Library()


def anchor_note_html(item) -> str:
    """The line under a carried item in its panel: how the last edit moved or reworded it.

    `item` is a Highlight or Claim, or a Row with anchor_state and previous_quote.
    """
    state = getattr(item, "anchor_state", "ok")
    previous = getattr(item, "previous_quote", "")
    if previous:
        return (
            '\n  <div class="ws-reworded" data-field="reworded"><p class="ws-muted">'
            "Reworded by the last edit; check it again:</p>"
            f'<p class="ws-was">Was: <q>{_e(previous)}</q></p>'
            f'<p class="ws-now">Now: <q>{_e(item.quote)}</q></p></div>'
        )
    if state == "moved":
        return '\n  <p class="ws-muted">Moved by the last edit; its words are unchanged.</p>'
    return ""


@dataclass
class RemovedItem:
    """An item whose text an edit deleted, as the "No longer in the text" section lists it."""

    kind: str  # "claim" or "finding"
    item: Highlight | Claim
    outcome: str
    diff: list

    @property
    def key(self) -> str:
        return f"{'c' if self.kind == 'claim' else 'h'}{self.item.pk}"


def _claim_outcome(c: Claim) -> str:
    if c.verdict == Claim.Verdict.REMOVED:
        return f"Removed in v{c.removed_in}: settled, not verified"
    return f"No longer in the text (since v{c.removed_in}), {c.get_verdict_display().lower()}"


def _finding_outcome(h: Highlight) -> str:
    if h.status == Highlight.Status.RESOLVED:
        return f"Resolved by the edit in v{h.removed_in}"
    return f"No longer in the text (since v{h.removed_in}), {h.get_status_display().lower()}"


def load_removed(review: Review) -> list[RemovedItem]:
    """The review's items that are no longer in its text: two queries."""
    claims = [
        RemovedItem("claim", c, _claim_outcome(c), c.edit_diff or [])
        for c in review.claims.no_longer_in_text().order_by("start", "pk")
    ]
    findings = [
        RemovedItem("finding", h, _finding_outcome(h), h.edit_diff or [])
        for h in review.highlights.no_longer_in_text().order_by("start", "pk")
    ]
    return claims + findings


@register.inclusion_tag("reviews/no_longer_in_text.html")
def no_longer_in_text(review: Review) -> dict:
    """The "No longer in the text" section (nothing at all when no item left the text)."""
    return {"removed": load_removed(review), "review": review}
