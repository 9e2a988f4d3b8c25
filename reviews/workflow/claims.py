"""Claims: marking a checkable statement, and recording its verdict with evidence."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction

from reviews.audit import record_change
from reviews.models import Claim, Comment, Review, Side
from reviews.querysets import HighlightQuerySet
from reviews.workflow.base import (
    MAX_NOTE_CHARS,
    Selection,
    _anchor,
    _check_as_seen,
    _check_in_text,
    _choice,
    _clean_text,
    _lock_for_work,
    _short,
)
from reviews.workflow.errors import Conflict, InvalidInput


def create_claim(
    *,
    review: Review,
    user: User,
    selection: Selection,
    kinds: str = "",
    side: str = Side.REWRITE,
) -> Claim:
    """Mark a span of the rewrite as a checkable claim, pending a verdict.

    `side` is the column the selection was made in. A claim is something the rewrite states, so
    a selection in the source is refused: anchored in the rewrite, its offsets would mark
    whatever text the rewrite has there, or a copy of the quote somewhere else.
    """
    if side != Side.REWRITE:
        raise InvalidInput(
            "A claim is a statement the rewrite makes: select it in the rewrite column."
        )
    with transaction.atomic():
        review = _lock_for_work(user, review)
        a = _anchor(review, Side.REWRITE, selection)
        if review.claims.filter(start=a.start, end=a.end).exists():
            raise Conflict("That exact span is already a claim.")
        claim = Claim.objects.create(
            review=review,
            **a.span_fields(),
            kinds=kinds[:100],
            created_by=user,
        )
        record_change(
            review,
            "claim.created",
            claim,
            user=user,
            after={"verdict": claim.verdict, "quote": a.quote},
        )
    return claim


def _claim_state(c: Claim) -> dict[str, str]:
    """The claim's state as the audit log records it (read once before, once after a verdict)."""
    return c.state()


def set_verdict(
    *,
    claim: Claim,
    user: User,
    verdict: str,
    note: str = "",
    evidence_url: str = "",
    evidence: Selection | None = None,
    use_support: bool = False,
    expected: str | None = None,
) -> Claim:
    """Record a verdict. Verified needs evidence (a source span or a URL); disputed needs a reason.

    A dispute's reason is also posted as a comment on the claim, so the thread shows why.
    `expected` is the verdict the user saw; if someone changed it meanwhile, raise Conflict.
    A claim that an unsettled critical or major finding covers cannot be verified: the finding
    says the claim is wrong, so it is settled first (dismissed, with a reason, if it is wrong).
    `use_support`: the evidence is the source passage the engine found supporting the claim.
    """
    if use_support and (claim.support_start is None or claim.support_end is None):
        raise InvalidInput("The engine found no supporting passage for this claim.")
    _choice(verdict, Claim.Verdict, "verdict")
    if verdict == Claim.Verdict.REMOVED:
        raise InvalidInput("A claim is removed by editing its text out of the rewrite.")
    note = _clean_text(note, field="note", limit=MAX_NOTE_CHARS)
    evidence_url = (evidence_url or "").strip()
    if evidence_url:
        try:
            URLValidator(schemes=["http", "https"])(evidence_url)
        except ValidationError as exc:
            raise InvalidInput("The evidence link is not a valid http(s) URL.") from exc
    if (
        verdict == Claim.Verdict.VERIFIED
        and not evidence_url
        and evidence is None
        and not use_support
    ):
        raise InvalidInput(
            "A verified claim needs evidence: select the supporting passage in the source, "
            "or give a link."
        )
    if verdict == Claim.Verdict.DISPUTED and not note:
        raise InvalidInput("Say why the claim is disputed.")
    with transaction.atomic():
        review = _lock_for_work(user, claim.review)
        claim = Claim.objects.select_for_update().get(pk=claim.pk)
        claim.review = review  # locked: its status is current (FrozenOnceSigned)
        _check_in_text(claim)
        _check_as_seen(
            claim.verdict, expected, f"marked this claim {claim.get_verdict_display().lower()}"
        )
        if verdict == Claim.Verdict.VERIFIED:
            _check_uncontested(review, claim)
        before = _claim_state(claim)
        span = None
        if verdict == Claim.Verdict.VERIFIED:
            span = _evidence_span(review, claim, evidence, use_support=use_support)
        claim.record_verdict(
            verdict, user=user, note=note, evidence_url=evidence_url, evidence=span
        )
        if verdict == Claim.Verdict.DISPUTED:
            Comment.objects.create(
                review=review, claim=claim, author=user, body=f"Disputed: {note}"
            )
        record_change(
            review,
            f"claim.{verdict}",
            claim,
            user=user,
            before=before,
            after=_claim_state(claim),
            message=note,
        )
    claim.review = review
    return claim


def _evidence_span(
    review: Review, claim: Claim, evidence: Selection | None, *, use_support: bool
) -> tuple[int, int, str] | None:
    """The source span a verified claim rests on: the engine's supporting passage (already in
    stored offsets), or the passage the user picked (anchored like any selection), or none."""
    source = review.source.body
    if use_support:
        start, end = claim.support_start, claim.support_end
        assert start is not None and end is not None  # checked before the lock
        return start, end, source[start:end]
    if evidence is None:
        return None
    a = _anchor(review, Side.SOURCE, evidence)
    return a.start, a.end, a.quote


def contesting_findings(review: Review, start: int, end: int) -> HighlightQuerySet:
    """Unsettled critical or major rewrite findings over rewrite[start:end], riskiest first."""
    return (
        review.highlights.blocking()
        .filter(side=Side.REWRITE, start__lt=end, end__gt=start)
        .by_risk()
    )


def _check_uncontested(review: Review, claim: Claim) -> None:
    finding = (
        contesting_findings(review, claim.start, claim.end)
        .values_list("severity", "category", "quote")
        .first()
    )
    if finding is not None:
        severity, category, quote = finding
        raise Conflict(
            f"An unsettled {severity} {category} finding covers this claim "
            f'("{_short(quote)}"): settle that finding first — dismiss it, with a reason, '
            "if the claim is right."
        )
