"""The fidelity record of a review: what was signed, against what, with which verdicts and evidence.

A record is valid only for a signed-off review whose rewrite is still the story's newest rewrite;
any later edit voids it. Building one is a pure read with a fixed number of queries.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from itertools import pairwise
from typing import Any

from django.conf import settings
from django.urls import reverse

from newsdesk.models import StoryVersion
from reviews.models import Event, Review


@dataclass
class FidelityRecord:
    """A review's record, and whether it stands (`valid`) or why not (`problem`)."""

    review: Review
    valid: bool
    problem: str
    data: dict[str, Any] = field(default_factory=dict)
    # The signed rewrite as (text, labels covering it, labels ending with it) runs, for the
    # printable page's marked text.
    text: list[tuple[str, list[str], list[str]]] = field(default_factory=list)


VERDICT_SYMBOLS = {"verified": "✓", "disputed": "✗", "pending": "?"}


def marked_text(
    body: str, claims: list, highlights: list
) -> list[tuple[str, list[str], list[str]]]:
    """The rewrite split into runs, each with the labels of what covers it ("C2 ✓", "F5 open")
    and of what ends with it (where the page writes the label).

    Only items still in the text are marked (a removed claim has no place in it), and findings
    on the rewrite that were not dismissed; labels are numbered as the record's tables are.
    """
    spans = [
        (c.start, c.end, f"C{n} {VERDICT_SYMBOLS.get(c.verdict, '')}".strip())
        for n, c in enumerate(claims, start=1)
        if c.in_text
    ]
    spans += [
        (h.start, h.end, f"F{n} {h.status}")
        for n, h in enumerate(highlights, start=1)
        if h.in_text and h.side == "rewrite" and h.status != "dismissed"
    ]
    cuts = sorted({0, len(body), *(x for s, e, _ in spans for x in (s, e) if 0 <= x <= len(body))})
    runs = []
    for a, b in pairwise(cuts):
        labels = [label for s, e, label in spans if s <= a and b <= e]
        runs.append((body[a:b], labels, [label for s, e, label in spans if e == b and s < b]))
    return runs


def _when(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def _who(user) -> str | None:
    return user.get_username() if user is not None else None


def _version(v: StoryVersion) -> dict[str, Any]:
    return {
        "number": v.number,
        "role": v.role,
        "origin": v.origin,
        "origin_detail": v.origin_detail,
        "headline": v.headline,
        "dateline": v.dateline,
        "prompt": v.prompt,
        "author": _who(v.author),
        "created_at": _when(v.created_at),
        "sha256": v.sha256,
        "words": v.word_count,
    }


def site_url(path: str) -> str:
    """An absolute URL for path when NEWSDESK_SITE_URL is set, else path itself."""
    return settings.NEWSDESK_SITE_URL.rstrip("/") + path


# schema.org ratings on a 1-5 scale, as fact-checkers publish them: a verified claim is "True"
# (5), a disputed one "False" (1). Pending claims have no verdict to publish.
CLAIM_RATINGS = {"verified": (5, "True"), "disputed": (1, "False")}


def claim_reviews(review: Review, claims: list) -> list[dict[str, Any]]:
    """schema.org ClaimReview objects (JSON-LD) for each verified or disputed claim.

    itemReviewed is the claim as it appears in the rewrite: the story page's URL, the version
    number and the rewrite's SHA-256, so a reader can tell which exact text was checked.
    """
    story_url = site_url(review.story.get_absolute_url())
    record_url = site_url(reverse("review_record", args=[review.story.slug, review.pk]))
    rewrite = review.rewrite
    items = []
    for c in claims:
        if c.verdict not in CLAIM_RATINGS:
            continue
        value, label = CLAIM_RATINGS[c.verdict]
        item: dict[str, Any] = {
            "@context": "https://schema.org",
            "@type": "ClaimReview",
            "url": f"{record_url}#claim-{c.pk}",
            "claimReviewed": c.quote,
            "datePublished": c.verdict_at.date().isoformat() if c.verdict_at else None,
            "author": {"@type": "Person", "name": _who(c.verdict_by)},
            "reviewRating": {
                "@type": "Rating",
                "ratingValue": value,
                "bestRating": 5,
                "worstRating": 1,
                "alternateName": label,
                "ratingExplanation": c.verdict_note or None,
            },
            "itemReviewed": {
                "@type": "Claim",
                "appearance": {
                    "@type": "CreativeWork",
                    "url": story_url,
                    "headline": rewrite.headline or review.story.title,
                    "version": rewrite.number,
                    "identifier": {
                        "@type": "PropertyValue",
                        "propertyID": "sha256",
                        "value": rewrite.sha256,
                    },
                },
            },
        }
        if c.evidence_url:
            item["citation"] = c.evidence_url
        items.append(item)
    return items


def record_problem(
    review: Review, newest_rewrite_id: int | None, changed_after_signing: bool = False
) -> str:
    """Why the review has no valid record ("" when it has one)."""
    if changed_after_signing:
        return (
            "Void: its findings, claims or comments were changed in the admin after it was "
            "signed off, so the record no longer shows what was signed."
        )
    if review.rewrite_id != newest_rewrite_id:
        return (
            "Void: a newer rewrite version exists, so this record no longer describes the text "
            "that would run."
        )
    if review.status != Review.Status.SIGNED_OFF:
        return (
            f"Not yet complete: the review is {review.get_status_display().lower()}, "
            "not signed off."
        )
    return ""


def build_record(review_pk: int) -> FidelityRecord:
    """Read everything the record holds for one review (seven queries, whatever its size)."""
    review = Review.objects.select_related(
        "story", "source__author", "rewrite__author", "created_by"
    ).get(pk=review_pk)
    newest_rewrite_id = (
        StoryVersion.objects.filter(story_id=review.story_id, role=StoryVersion.Role.REWRITE)
        .order_by("-number")
        .values_list("pk", flat=True)
        .first()
    )
    claims = list(review.claims.select_related("verdict_by", "created_by").order_by("start", "pk"))
    highlights = list(review.highlights.select_related("author", "status_changed_by").by_risk())
    signoffs = list(review.signoffs.select_related("user", "version").order_by("created_at", "pk"))
    reviewers = review.reviewers.order_by("username")
    # Every admin edit of the review's items is logged (reviews/admin.py) and shown here.
    admin_changes = list(
        Event.objects.filter(review=review, verb="admin.changed")
        .select_related("actor")
        .order_by("created_at", "pk")
    )
    signed_at = min((s.created_at for s in signoffs), default=None)
    changed_after_signing = review.status == Review.Status.SIGNED_OFF and any(
        signed_at is not None and e.created_at > signed_at for e in admin_changes
    )
    problem = record_problem(review, newest_rewrite_id, changed_after_signing)
    data: dict[str, Any] = {
        "valid": not problem,
        "problem": problem or None,
        "story": {
            "title": review.story.title,
            "slug": review.story.slug,
            "desk": review.story.desk,
        },
        "review": {
            "id": review.pk,
            "status": review.status,
            "created_at": _when(review.created_at),
            "reviewers": [_who(u) for u in reviewers],
        },
        "rewrite_sha256": review.rewrite.sha256,
        "source": _version(review.source),
        "rewrite": _version(review.rewrite),
        "claims": [
            {
                "id": c.pk,
                "quote": c.quote,
                "span": [c.start, c.end],
                "anchor_state": c.anchor_state,
                "removed_in": c.removed_in,
                "previous_quote": c.previous_quote or None,
                "kinds": c.kinds,
                "origin": c.origin,
                "verdict": c.verdict,
                "verdict_by": _who(c.verdict_by),
                "verdict_at": _when(c.verdict_at),
                "note": c.verdict_note,
                "evidence": {
                    "source_quote": c.evidence_quote or None,
                    "source_span": (
                        [c.evidence_start, c.evidence_end] if c.evidence_start is not None else None
                    ),
                    "url": c.evidence_url or None,
                },
            }
            for c in claims
        ],
        "highlights": [
            {
                "id": h.pk,
                "side": h.side,
                "quote": h.quote,
                "span": [h.start, h.end],
                "category": h.category,
                "severity": h.severity,
                "status": h.status,
                "origin": h.origin,
                "author": _who(h.author),
                "note": h.note,
                "message": h.message,
                "status_changed_by": _who(h.status_changed_by),
                "status_changed_at": _when(h.status_changed_at),
                "dismiss_reason": h.dismiss_reason,
                "resolution_note": h.resolution_note,
                "anchor_state": h.anchor_state,
                "removed_in": h.removed_in,
            }
            for h in highlights
        ],
        "signoffs": [
            {
                "user": _who(s.user),
                "role": s.role,
                "at": _when(s.created_at),
                "version": s.version.number,
                "sha256": s.sha256,
                "matches_rewrite": s.sha256 == review.rewrite.sha256,
                "statement": s.statement,
                "override": s.override,
                "override_reason": s.override_reason,
            }
            for s in signoffs
        ],
        "admin_changes": [
            {
                "at": _when(e.created_at),
                "by": _who(e.actor),
                "object": f"{e.object_type} {e.object_id}",
                "fields": sorted((e.after or {}).keys()),
                "after_sign_off": signed_at is not None and e.created_at > signed_at,
            }
            for e in admin_changes
        ],
        # Published only with a valid record: a void or unfinished one has no verdicts to stand by.
        "claim_reviews": claim_reviews(review, claims) if not problem else [],
    }
    return FidelityRecord(
        review=review,
        valid=not problem,
        problem=problem,
        data=data,
        text=marked_text(review.rewrite.body, claims, highlights),
    )
