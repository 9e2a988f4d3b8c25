"""Every highlight and claim of a review as plain rows, read once for a write's answer.

A write re-renders a few things that each read the review's items: the paragraphs around the
change (the marks on them, and their numbers), the progress counts, the sign-off panel's
blockers, where a new finding goes in the list. Read separately that is five or six queries,
some with a correlated count per row; read once, it is two, and the rest is counting in Python.
The rows carry only short columns (offsets, choices, the quote), so two queries stay cheap as the
counts grow.
"""

from __future__ import annotations

from dataclasses import dataclass

from reviews import workflow
from reviews.models import AnchorState, Highlight, Review
from reviews.presenters.labels import Row
from reviews.querysets import risk_order

HIGHLIGHT_FIELDS = (
    "id", "side", "start", "end", "other_start", "other_end", "category", "severity", "status",
    "quote", "anchor_state",
)  # fmt: skip

CLAIM_FIELDS = (
    "id", "start", "end", "verdict", "evidence_start", "evidence_end", "support_start",
    "support_end", "quote", "anchor_state",
)  # fmt: skip


@dataclass
class ReviewRows:
    """The review's highlights riskiest first (HighlightQuerySet.by_risk) and its claims in
    text order, each with `number`: the number the workspace gives it among the items still in
    the text (findings by age, claims by position), None for one an edit took out of it."""

    highlights: list[Row]
    claims: list[Row]

    def in_text(self) -> tuple[list[Row], list[Row]]:
        return (
            [h for h in self.highlights if h.number is not None],
            [c for c in self.claims if c.number is not None],
        )

    def content(self) -> tuple[list[workflow.ClaimRow], list[workflow.HighlightRow]]:
        """The rows workflow.content_blockers reads (workflow.content_rows' shape)."""
        return (
            [(c.id, c.quote, c.verdict, c.anchor_state) for c in self.claims],
            [
                (h.id, h.quote, h.severity, h.category, h.status, h.side, h.anchor_state)
                for h in self.highlights
            ],
        )

    def finding_position(self, highlight: Highlight) -> tuple[str, int]:
        """Where a finding goes in the list: the key of the one after it in risk order ("" if it
        comes last), and how many the list holds: the findings still in the text, not dismissed."""
        pks = [
            h.id
            for h in self.highlights
            if h.number is not None and h.status != Highlight.Status.DISMISSED
        ]
        at = pks.index(highlight.pk) if highlight.pk in pks else len(pks)
        return (f"h{pks[at + 1]}" if at + 1 < len(pks) else ""), len(pks)


def load_rows(review: Review) -> ReviewRows:
    """ReviewRows for the review: two queries, whatever it holds."""
    # Sorted here by by_risk's key (querysets.risk_order): cheaper than building its CASEs.
    highlights = sorted(
        (Row(v) for v in review.highlights.order_by().values(*HIGHLIGHT_FIELDS)),
        key=lambda h: risk_order(h.severity, h.category, h.side, h.start, h.id),
    )
    claims = [Row(v) for v in review.claims.order_by("start", "pk").values(*CLAIM_FIELDS)]
    for h in highlights:
        h.number = None
    for n, h in enumerate(
        sorted((h for h in highlights if h.anchor_state != AnchorState.ORPHANED), key=_pk),
        start=1,
    ):
        h.number = n
    n = 0
    for c in claims:
        c.number = None
        if c.anchor_state != AnchorState.ORPHANED:
            n += 1
            c.number = n
    return ReviewRows(highlights, claims)


def _pk(row: Row) -> int:
    return row.id
