"""What the workspace shows of an item's history across rewrite versions.

Items a new version carried over (workflow/versions.py) say how the edit left them: an item whose
text was reworded shows the old and the new wording side by side; one whose text was deleted is
never drawn on the text, and is listed in its own "No longer in the text" section instead, with
the quote it had and the diff of that passage. Every value is escaped here or by the template.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from django import template
from django.db import models
from django.db.models import F, Q, Value
from django.utils.html import escape as _e

from reviews.models import Category, Claim, Comment, Highlight, Review

register = template.Library()

VERDICT_LABELS = dict(Claim.Verdict.choices)
STATUS_LABELS = dict(Highlight.Status.choices)
CATEGORY_LABELS = dict(Category.choices)


def anchor_note_html(item) -> str:
    """The line under a carried item in its panel: how the last edit moved or reworded it.

    `item` is a Highlight or Claim, or a Row with anchor_state, quote and previous_quote.
    """
    previous = getattr(item, "previous_quote", "")
    if previous:
        return (
            '<div class="ws-reworded" data-field="reworded"><p class="ws-muted">'
            "Reworded by the last edit; check it again:</p>"
            f'<p class="ws-was">Was: <q>{_e(previous)}</q></p>'
            f'<p class="ws-now">Now: <q>{_e(item.quote)}</q></p></div>'
        )
    if getattr(item, "anchor_state", "ok") == "moved":
        return '<p class="ws-muted">Moved by the last edit; its words are unchanged.</p>'
    return ""


def written_on_html(comment) -> str:
    """For a comment carried over from an earlier version's review: which one it was written on."""
    version = getattr(comment, "written_on_version", None)
    if not getattr(comment, "carried_from_id", None) or version is None:
        return ""
    return f' <span class="ws-muted ws-written-on">on the review of v{int(version)}</span>'


@dataclass
class RemovedItem:
    """An item whose text an edit deleted, as the "No longer in the text" section lists it."""

    kind: str  # "claim" or "finding"
    pk: int
    quote: str
    removed_in: int | None
    state: str  # the claim's verdict or the finding's status
    category: str
    severity: str
    message: str
    diff: list
    comments: list = field(default_factory=list)

    @property
    def key(self) -> str:
        return f"{'c' if self.kind == 'claim' else 'h'}{self.pk}"

    @property
    def outcome(self) -> str:
        if self.kind == "claim":
            if self.state == Claim.Verdict.REMOVED:
                return f"Removed in v{self.removed_in}: settled, not verified"
            verdict = VERDICT_LABELS.get(self.state, self.state).lower()
            return f"No longer in the text (since v{self.removed_in}), {verdict}"
        if self.state == Highlight.Status.RESOLVED:
            return f"Resolved by the edit in v{self.removed_in}"
        status = STATUS_LABELS.get(self.state, self.state).lower()
        return f"No longer in the text (since v{self.removed_in}), {status}"

    @property
    def label(self) -> str:
        if self.kind == "claim":
            return "Claim"
        return f"Finding · {CATEGORY_LABELS.get(self.category, self.category)}, {self.severity}"


_COLUMNS = ("kind", "pk", "quote", "removed_in", "edit_diff", "state", "category", "severity")


def load_removed(review: Review) -> list[RemovedItem]:
    """The review's items that are no longer in its text, claims first, with their discussion:
    two queries (one when there are none)."""
    text = {"output_field": models.TextField()}
    findings = (
        review.highlights.no_longer_in_text()
        .annotate(kind=Value("finding", **text), state=F("status"), text_message=F("message"))
        .values(*_COLUMNS, "text_message", "start")
        .order_by()
    )
    claims = (
        review.claims.no_longer_in_text()
        .annotate(
            kind=Value("claim", **text),
            state=F("verdict"),
            category=Value("", **text),
            severity=Value("", **text),
            text_message=Value("", **text),
        )
        .values(*_COLUMNS, "text_message", "start")
        .order_by()
    )
    rows = sorted(
        claims.union(findings, all=True),
        key=lambda r: (r["kind"] != "claim", r["start"], r["pk"]),
    )
    items = [
        RemovedItem(
            kind=r["kind"],
            pk=r["pk"],
            quote=r["quote"],
            removed_in=r["removed_in"],
            state=r["state"],
            category=r["category"],
            severity=r["severity"],
            message=r["text_message"],
            diff=_diff(r["edit_diff"]),
        )
        for r in rows
    ]
    if items:
        _attach_comments(items)
    return items


def _attach_comments(items: list[RemovedItem]) -> None:
    """Give each removed item its discussion (carried with it, read-only): one query."""
    claims = [i.pk for i in items if i.kind == "claim"]
    findings = [i.pk for i in items if i.kind == "finding"]
    by_key: dict[str, list] = {}
    for c in (
        Comment.objects.filter(Q(claim_id__in=claims) | Q(highlight_id__in=findings))
        .select_related("author", "carried_from__review__rewrite")
        .order_by("created_at", "pk")
    ):
        key = f"c{c.claim_id}" if c.claim_id else f"h{c.highlight_id}"
        # What the thread shows beside a carried comment (presenters' comment rows have it too).
        c.__dict__["written_on_version"] = (
            c.carried_from.review.rewrite.number if c.carried_from else None
        )
        by_key.setdefault(key, []).append(c)
    for item in items:
        item.comments = by_key.get(item.key, [])


def _diff(value) -> list:
    """edit_diff as stored; a union may hand a JSON column back as its text."""
    if isinstance(value, str):
        return json.loads(value)
    return value or []


def has_history(review: Review) -> bool:
    """Whether the review's rewrite edits an earlier rewrite (so there are earlier reviews and
    carried items), read from the loaded version without a query: a first rewrite is based on
    the source."""
    rewrite = review.rewrite
    return rewrite.based_on_id is not None and rewrite.based_on_id != review.source_id


@register.inclusion_tag("reviews/no_longer_in_text.html")
def no_longer_in_text(review: Review) -> dict:
    """The "No longer in the text" section (nothing at all when no item left the text).

    One query, and none for the review of a first rewrite, which carries nothing.
    """
    return {"removed": load_removed(review) if has_history(review) else [], "review": review}


@register.inclusion_tag("reviews/live_updates.html", takes_context=True)
def live_updates(context, review: Review) -> dict:
    """The poller that keeps the page live (reviews/live_views.py), starting at the review's
    newest event: one query."""
    last = review.events.order_by("-pk").values_list("pk", flat=True).first() or 0
    return {"review": review, "since": last, "here": "", "others": [], "oob": False}


@register.inclusion_tag("reviews/earlier_reviews.html")
def earlier_reviews(review: Review) -> dict:
    """Links to the reviews of the story's earlier rewrite versions, newest first: one query,
    none for the review of a first rewrite."""
    earlier = []
    if has_history(review):
        earlier = list(
            Review.objects.filter(
                story_id=review.story_id, rewrite__number__lt=review.rewrite.number
            )
            .select_related("rewrite")
            .order_by("-rewrite__number", "-pk")
        )
    return {"earlier": earlier}
