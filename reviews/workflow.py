"""The review workflow: every rule that spans several models, and every write the web app makes.

Each public function checks its rule, writes inside one transaction, records an Event, and
raises a WorkflowError subclass that views turn into a 4xx response with the error's message.
Views never save models themselves.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from newsdesk.models import Story, StoryVersion
from newsdesk.text import normalise_text
from reviews import anchoring, leases, permissions
from reviews.models import (
    Category,
    Claim,
    Comment,
    Event,
    Highlight,
    Review,
    Severity,
    Side,
    SignOff,
)

logger = logging.getLogger(__name__)

MAX_NOTE_CHARS = 5000
MAX_COMMENT_CHARS = 10000


class WorkflowError(Exception):
    """A rule said no. `status` is the HTTP status a view should answer with."""

    status = 400

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class InvalidInput(WorkflowError):
    status = 400


class NothingChanged(InvalidInput):
    """The edit is the text already saved: nothing to do (a view answers it as a no-op)."""


class NotAllowed(WorkflowError, PermissionDenied):
    status = 403


class Conflict(WorkflowError):
    """The state changed under the user (stale form, closed review, racing reviewer)."""

    status = 409


class SignOffBlocked(Conflict):
    """Sign-off is not possible yet; `blockers` says exactly why."""

    def __init__(self, message: str, blockers: list[Blocker]):
        super().__init__(message)
        self.blockers = blockers


@dataclass(frozen=True)
class Blocker:
    """One thing that stands between a review and a sign-off."""

    kind: str  # version, role, order, duplicate, separation, closed, claim, highlight
    message: str
    object_id: int | None = None
    overridable: bool = False


# --- Audit log ---------------------------------------------------------------------------


def record_event(
    *,
    actor,
    verb: str,
    obj: models.Model,
    story: Story | None = None,
    review: Review | None = None,
    before: dict | None = None,
    after: dict | None = None,
    message: str = "",
) -> Event:
    """Append one entry to the audit log. Call inside the transaction that made the change."""
    return Event.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        verb=verb,
        story=story,
        review=review,
        object_type=obj._meta.model_name,
        object_id=obj.pk,
        before=before,
        after=after,
        message=message,
    )


# --- Helpers -----------------------------------------------------------------------------


def _clean_text(value: str, *, field: str, limit: int, required: bool = False) -> str:
    value = (value or "").strip()
    if required and not value:
        raise InvalidInput(f"The {field} is empty.")
    if len(value) > limit:
        raise InvalidInput(f"The {field} is {len(value):,} characters; the limit is {limit:,}.")
    return value


def _check_body(body: str, *, field: str) -> str:
    body = normalise_text(body or "")
    if not body.strip():
        raise InvalidInput(f"The {field} is empty.")
    limit = settings.NEWSDESK_MAX_BODY_CHARS
    if len(body) > limit:
        raise InvalidInput(
            f"The {field} is {len(body):,} characters; the limit is {limit:,} "
            "(split the story, or ask an admin to raise NEWSDESK_MAX_BODY_CHARS)."
        )
    return body


def _lock_review(review: Review) -> Review:
    """Re-read the review under SELECT FOR UPDATE. Caller must be inside transaction.atomic.

    Only the review row is locked (`of=("self",)`), and as FOR NO KEY UPDATE: locking the
    joined story too, or blocking the FOR KEY SHARE that every insert referencing the review or
    story takes (events, highlights), would make actions wait on add_rewrite_version's story lock
    while it waits on theirs, and PostgreSQL would deadlock the two. Lockers still queue.
    """
    locking = Review.objects.select_for_update(of=("self",), no_key=True)
    related = ("story", "source", "rewrite")
    if not all(Review._meta.get_field(name).is_cached(review) for name in related):
        return locking.select_related(*related).get(pk=review.pk)
    # A review's story and versions never change (versions are immutable), so the ones the
    # caller already loaded are as good as fresh ones; only the review row itself is re-read.
    locked = locking.get(pk=review.pk)
    for name in related:
        setattr(locked, name, getattr(review, name))
    return locked


def _lock_for_work(user, review: Review) -> Review:
    """Lock the review, and check that it is open and that the user may work on it.

    Caller must be inside transaction.atomic.
    """
    review = _lock_review(review)
    _check_can_work(user, review)
    _check_open(review)
    return review


def _check_open(review: Review) -> None:
    if review.is_closed:
        raise Conflict(
            f"This review is {review.get_status_display().lower()}; it takes no more changes."
        )


def _check_can_work(user, review: Review) -> None:
    if not permissions.can_work_on(user, review):
        raise NotAllowed("You are not assigned to this review.")


def _side_text(review: Review, side: str) -> str:
    if side == Side.SOURCE:
        return review.source.body
    if side == Side.REWRITE:
        return review.rewrite.body
    raise InvalidInput(f"Unknown side {side!r}.")


def _choice(value: str, choices: type[models.TextChoices], field: str) -> str:
    if value not in choices.values:
        raise InvalidInput(f"Unknown {field} {value!r}.")
    return value


def _anchor(review: Review, side: str, selection: Selection) -> anchoring.Anchor:
    text = _side_text(review, side)
    try:
        return anchoring.anchor_selection(
            text,
            selection.start,
            selection.end,
            selection.quote,
            selection.prefix,
            selection.suffix,
        )
    except anchoring.AnchorError as exc:
        raise InvalidInput(str(exc)) from exc


@dataclass(frozen=True)
class Selection:
    """A browser selection: UTF-16 offsets plus the quoted text and its context."""

    start: int
    end: int
    quote: str
    prefix: str = ""
    suffix: str = ""


# --- Stories and versions ----------------------------------------------------------------


@dataclass(frozen=True)
class VersionInput:
    body: str
    origin: str
    origin_detail: str = ""
    headline: str = ""
    dateline: str = ""
    prompt: str = ""


def _new_version(
    *, story: Story, user, role: str, data: VersionInput, based_on: StoryVersion | None
) -> StoryVersion:
    body = _check_body(data.body, field=f"{role} text")
    _choice(data.origin, StoryVersion.Origin, "origin")
    last = story.versions.aggregate(n=models.Max("number"))["n"] or 0
    version = StoryVersion(
        story=story,
        number=last + 1,
        role=role,
        based_on=based_on,
        headline=data.headline.strip()[:300],
        body=body,
        origin=data.origin,
        origin_detail=data.origin_detail.strip()[:200],
        dateline=data.dateline.strip()[:120],
        prompt=data.prompt.strip(),
        author=user,
    )
    version.save()
    record_event(
        actor=user,
        verb="version.created",
        obj=version,
        story=story,
        after={"number": version.number, "role": role, "sha256": version.sha256},
    )
    return version


def _open_review(*, story: Story, source: StoryVersion, rewrite: StoryVersion, user) -> Review:
    review = Review.objects.create(story=story, source=source, rewrite=rewrite, created_by=user)
    record_event(
        actor=user,
        verb="review.created",
        obj=review,
        story=story,
        review=review,
        after={"source": source.number, "rewrite": rewrite.number, "status": review.status},
    )
    transaction.on_commit(lambda: _after_review_created(review.pk))
    return review


def _after_review_created(review_pk: int) -> None:
    """Queue the comparison engine for a new review (after commit, so a worker can see it)."""
    from reviews.tasks import enqueue_analysis

    enqueue_analysis(review_pk)


def _save_new_story(story: Story) -> Story:
    """Insert the story; if another request took the same slug meanwhile, pick the next one."""
    story.insert_with_unique_slug()
    return story


def create_story(
    *,
    user,
    title: str,
    desk: str,
    source: VersionInput,
    rewrite: VersionInput,
    reviewers: Iterable = (),
) -> tuple[Story, Review]:
    """Create a story with its source (v1) and rewrite (v2) and an open review of the pair."""
    if not permissions.can_create_story(user):
        raise NotAllowed("Only editors can create stories.")
    title = _clean_text(title, field="title", limit=200, required=True)
    with transaction.atomic():
        story = _save_new_story(Story(title=title, desk=desk.strip()[:60], created_by=user))
        record_event(
            actor=user, verb="story.created", obj=story, story=story, after={"title": title}
        )
        source_version = _new_version(
            story=story, user=user, role=StoryVersion.Role.SOURCE, data=source, based_on=None
        )
        rewrite_version = _new_version(
            story=story,
            user=user,
            role=StoryVersion.Role.REWRITE,
            data=rewrite,
            based_on=source_version,
        )
        review = _open_review(
            story=story, source=source_version, rewrite=rewrite_version, user=user
        )
        reviewers = list(reviewers)
        if reviewers:
            _set_reviewers(review=review, user=user, reviewers=reviewers)
    return story, review


def add_rewrite_version(*, story: Story, user, data: VersionInput) -> Review:
    """Add a new rewrite version; it supersedes the current review, which it carries over.

    Reviewers' highlights and claims move onto the new text where their quotes still stand;
    a claim whose text changed goes back to pending. Signed-off reviews are left as they are.
    """
    if not permissions.can_add_version(user):
        raise NotAllowed("Only editors can add versions.")
    with transaction.atomic():
        # NO KEY UPDATE: serialises new versions without blocking inserts that reference the
        # story (every Event does), which would deadlock against actions on its reviews.
        story = Story.objects.select_for_update(no_key=True).get(pk=story.pk)
        previous = (
            Review.objects.select_for_update(of=("self",), no_key=True)
            .select_related("source", "rewrite")
            .filter(story=story)
            .current()
            .order_by("-pk")
            .first()
        )
        newest_rewrite = (
            story.versions.filter(role=StoryVersion.Role.REWRITE).order_by("-number").first()
        )
        source = previous.source if previous else story.versions.filter(role="source").last()
        if source is None:
            raise InvalidInput("This story has no source version to check a rewrite against.")
        body = _check_body(data.body, field="rewrite text")
        if newest_rewrite is not None and newest_rewrite.has_text(body):
            raise NothingChanged(
                f"No changes to save: the text is the same as version {newest_rewrite.number}."
            )
        version = _new_version(
            story=story,
            user=user,
            role=StoryVersion.Role.REWRITE,
            data=data,
            based_on=newest_rewrite or source,
        )
        review = _open_review(story=story, source=source, rewrite=version, user=user)
        if previous is not None:
            review.reviewers.set(previous.reviewers.all())
            if previous.status != Review.Status.SIGNED_OFF:
                before = previous.status
                previous.status = Review.Status.SUPERSEDED
                previous.superseded_by = review
                previous.save(update_fields=["status", "superseded_by", "updated_at"])
                record_event(
                    actor=user,
                    verb="review.superseded",
                    obj=previous,
                    story=story,
                    review=previous,
                    before={"status": before},
                    after={"status": previous.status, "superseded_by": review.pk},
                )
            _carry_over(previous=previous, review=review, user=user)
    return review


def _carry_over(*, previous: Review, review: Review, user) -> None:
    """Copy highlights and claims people have worked on from the previous review, re-anchored.

    Carried: reviewers' own highlights (not dismissed) and claims, and every engine suggestion
    a person has decided on (accepted, resolved, dismissed; a claim with a verdict), so that
    the engine's run on the new version does not suggest them again or lose their verdicts.
    Untouched engine suggestions are not carried: the engine suggests them afresh.
    """
    old_text, new_text = previous.rewrite.body, review.rewrite.body
    highlights = previous.highlights.filter(
        models.Q(origin="reviewer") & ~models.Q(status=Highlight.Status.DISMISSED)
        | models.Q(origin="engine") & ~models.Q(status=Highlight.Status.SUGGESTED)
    )
    for h in highlights:
        if h.side == Side.REWRITE:
            a = anchoring.reanchor(old_text, new_text, h.start, h.end, h.quote, h.prefix, h.suffix)
            span = {"start": a.start, "end": a.end, "quote": a.quote, "prefix": a.prefix}
            span.update(suffix=a.suffix, anchor_state=a.state)
        else:
            span = {"start": h.start, "end": h.end, "quote": h.quote, "prefix": h.prefix}
            span.update(suffix=h.suffix, anchor_state=h.anchor_state)
        Highlight.objects.create(
            review=review,
            side=h.side,
            category=h.category,
            severity=h.severity,
            status=h.status,
            origin=h.origin,
            author=h.author,
            note=h.note,
            message=h.message,
            confidence=h.confidence,
            dismiss_reason=h.dismiss_reason,
            status_changed_by=h.status_changed_by,
            status_changed_at=h.status_changed_at,
            other_start=h.other_start if h.side == Side.REWRITE else None,
            other_end=h.other_end if h.side == Side.REWRITE else None,
            other_quote=h.other_quote if h.side == Side.REWRITE else "",
            **span,
        )
    claims = previous.claims.filter(
        models.Q(origin="reviewer") | ~models.Q(verdict=Claim.Verdict.PENDING)
    )
    for c in claims:
        a = anchoring.reanchor(old_text, new_text, c.start, c.end, c.quote, c.prefix, c.suffix)
        # The quote is found unchanged (ok or moved) or the text changed (orphaned); a verdict
        # on text that changed no longer holds.
        keep = a.state != "orphaned"
        Claim.objects.create(
            review=review,
            start=a.start,
            end=a.end,
            quote=a.quote,
            prefix=a.prefix,
            suffix=a.suffix,
            anchor_state=a.state,
            origin=c.origin,
            kinds=c.kinds,
            created_by=c.created_by,
            verdict=c.verdict if keep else Claim.Verdict.PENDING,
            verdict_by=c.verdict_by if keep else None,
            verdict_at=c.verdict_at if keep else None,
            verdict_note=c.verdict_note if keep else "",
            evidence_start=c.evidence_start,
            evidence_end=c.evidence_end,
            evidence_quote=c.evidence_quote,
            evidence_url=c.evidence_url,
            support_start=c.support_start,
            support_end=c.support_end,
        )
    record_event(
        actor=user,
        verb="review.carried_over",
        obj=review,
        story=review.story,
        review=review,
        after={"from_review": previous.pk},
    )


def _set_reviewers(*, review: Review, user, reviewers: list) -> None:
    for person in reviewers:
        if not person.has_perm("reviews.sign_off_reviewer"):
            raise InvalidInput(f"{person.get_username()} does not have the reviewer role.")
    before = sorted(u.get_username() for u in review.reviewers.all())
    review.reviewers.set(reviewers)
    record_event(
        actor=user,
        verb="review.reviewers_set",
        obj=review,
        story=review.story,
        review=review,
        before={"reviewers": before},
        after={"reviewers": sorted(u.get_username() for u in reviewers)},
    )


def assign_reviewers(*, review: Review, user, reviewers: Iterable) -> Review:
    """Set who reviews this rewrite. Editors only."""
    if not user.has_perm("reviews.assign_reviewers"):
        raise NotAllowed("Only editors can assign reviewers.")
    with transaction.atomic():
        review = _lock_review(review)
        _check_open(review)
        _set_reviewers(review=review, user=user, reviewers=list(reviewers))
    return review


# --- Highlights --------------------------------------------------------------------------


def create_highlight(
    *,
    review: Review,
    user,
    side: str,
    selection: Selection,
    category: str,
    severity: str,
    note: str = "",
) -> Highlight:
    """Mark a discrepancy on one side. The selection must match the stored text."""
    _choice(side, Side, "side")
    _choice(category, Category, "category")
    _choice(severity, Severity, "severity")
    note = _clean_text(note, field="note", limit=MAX_NOTE_CHARS)
    with transaction.atomic():
        review = _lock_for_work(user, review)
        a = _anchor(review, side, selection)
        highlight = Highlight.objects.create(
            review=review,
            side=side,
            start=a.start,
            end=a.end,
            quote=a.quote,
            prefix=a.prefix,
            suffix=a.suffix,
            category=category,
            severity=severity,
            note=note,
            author=user,
            origin="reviewer",
            status=Highlight.Status.OPEN,
        )
        record_event(
            actor=user,
            verb="highlight.created",
            obj=highlight,
            story=review.story,
            review=review,
            after=_highlight_state(highlight) | {"quote": a.quote},
        )
    return highlight


def _highlight_state(h: Highlight) -> dict:
    return {"status": h.status, "category": h.category, "severity": h.severity}


HIGHLIGHT_TRANSITIONS = {
    # action: (allowed from, to)
    "accept": (("suggested",), "open"),
    "resolve": (("open", "suggested"), "resolved"),
    "dismiss": (("open", "suggested"), "dismissed"),
    "reopen": (("resolved", "dismissed"), "open"),
}


def set_highlight_status(
    *, highlight: Highlight, user, action: str, reason: str = "", expected: str | None = None
) -> Highlight:
    """Accept, resolve, dismiss or reopen a highlight.

    `expected` is the status the user saw; if someone changed it meanwhile, raise Conflict.
    """
    if action not in HIGHLIGHT_TRANSITIONS:
        raise InvalidInput(f"Unknown action {action!r}.")
    allowed, target = HIGHLIGHT_TRANSITIONS[action]
    reason = _clean_text(reason, field="reason", limit=MAX_NOTE_CHARS)
    with transaction.atomic():
        review = _lock_for_work(user, highlight.review)
        highlight = Highlight.objects.select_for_update().get(pk=highlight.pk)
        if expected is not None and highlight.status != expected:
            raise Conflict(
                f"Someone else changed this highlight to {highlight.get_status_display()} "
                "meanwhile; the page now shows its current state."
            )
        if highlight.status not in allowed:
            raise Conflict(f"A {highlight.status} highlight cannot be {target}.")
        before = _highlight_state(highlight)
        highlight.status = target
        highlight.status_changed_by = user
        highlight.status_changed_at = timezone.now()
        fields = ["status", "status_changed_by", "status_changed_at"]
        if action == "dismiss":
            highlight.dismiss_reason = reason
            fields.append("dismiss_reason")
        highlight.save(update_fields=fields)
        record_event(
            actor=user,
            verb=f"highlight.{action}",
            obj=highlight,
            story=review.story,
            review=review,
            before=before,
            after=_highlight_state(highlight),
            message=reason,
        )
    highlight.review = review
    return highlight


def edit_highlight(
    *, highlight: Highlight, user, category: str | None = None, severity: str | None = None
) -> Highlight:
    """Change a highlight's category or severity (e.g. correct an engine suggestion)."""
    if category is not None:
        _choice(category, Category, "category")
    if severity is not None:
        _choice(severity, Severity, "severity")
    with transaction.atomic():
        review = _lock_for_work(user, highlight.review)
        highlight = Highlight.objects.select_for_update().get(pk=highlight.pk)
        before = _highlight_state(highlight)
        highlight.category = category or highlight.category
        highlight.severity = severity or highlight.severity
        if _highlight_state(highlight) == before:
            return highlight
        highlight.save(update_fields=["category", "severity"])
        record_event(
            actor=user,
            verb="highlight.edited",
            obj=highlight,
            story=review.story,
            review=review,
            before=before,
            after=_highlight_state(highlight),
        )
    highlight.review = review
    return highlight


# --- Claims ------------------------------------------------------------------------------


def create_claim(*, review: Review, user, selection: Selection, kinds: str = "") -> Claim:
    """Mark a span of the rewrite as a checkable claim, pending a verdict."""
    with transaction.atomic():
        review = _lock_for_work(user, review)
        a = _anchor(review, Side.REWRITE, selection)
        if review.claims.filter(start=a.start, end=a.end).exists():
            raise Conflict("That exact span is already a claim.")
        claim = Claim.objects.create(
            review=review,
            start=a.start,
            end=a.end,
            quote=a.quote,
            prefix=a.prefix,
            suffix=a.suffix,
            kinds=kinds[:100],
            created_by=user,
        )
        record_event(
            actor=user,
            verb="claim.created",
            obj=claim,
            story=review.story,
            review=review,
            after={"verdict": claim.verdict, "quote": a.quote},
        )
    return claim


def _claim_state(c: Claim) -> dict:
    return {
        "verdict": c.verdict,
        "note": c.verdict_note,
        "evidence_url": c.evidence_url,
        "evidence_quote": c.evidence_quote,
    }


def set_verdict(
    *,
    claim: Claim,
    user,
    verdict: str,
    note: str = "",
    evidence_url: str = "",
    evidence: Selection | None = None,
    expected: str | None = None,
) -> Claim:
    """Record a verdict. Verified needs evidence (a source span or a URL); disputed needs a reason.

    A dispute's reason is also posted as a comment on the claim, so the thread shows why.
    `expected` is the verdict the user saw; if someone changed it meanwhile, raise Conflict.
    A claim that an unsettled critical or major finding covers cannot be verified: the finding
    says the claim is wrong, so it is settled first (dismissed, with a reason, if it is wrong).
    """
    _choice(verdict, Claim.Verdict, "verdict")
    note = _clean_text(note, field="note", limit=MAX_NOTE_CHARS)
    evidence_url = (evidence_url or "").strip()
    if evidence_url:
        from django.core.validators import URLValidator

        try:
            URLValidator(schemes=["http", "https"])(evidence_url)
        except ValidationError as exc:
            raise InvalidInput("The evidence link is not a valid http(s) URL.") from exc
    if verdict == Claim.Verdict.VERIFIED and not evidence_url and evidence is None:
        raise InvalidInput(
            "A verified claim needs evidence: select the supporting passage in the source, "
            "or give a link."
        )
    if verdict == Claim.Verdict.DISPUTED and not note:
        raise InvalidInput("Say why the claim is disputed.")
    with transaction.atomic():
        review = _lock_for_work(user, claim.review)
        claim = Claim.objects.select_for_update().get(pk=claim.pk)
        if expected is not None and claim.verdict != expected:
            raise Conflict(
                f"Someone else marked this claim {claim.get_verdict_display().lower()} "
                "meanwhile; the page now shows its current state."
            )
        if verdict == Claim.Verdict.VERIFIED:
            _check_uncontested(review, claim)
        before = _claim_state(claim)
        claim.verdict = verdict
        claim.verdict_by = user
        claim.verdict_at = timezone.now()
        claim.verdict_note = note
        if verdict == Claim.Verdict.VERIFIED:
            claim.evidence_url = evidence_url
            if evidence is not None:
                a = _anchor(review, Side.SOURCE, evidence)
                claim.evidence_start, claim.evidence_end, claim.evidence_quote = (
                    a.start,
                    a.end,
                    a.quote,
                )
            else:
                claim.evidence_start = claim.evidence_end = None
                claim.evidence_quote = ""
        claim.save(
            update_fields=[
                "verdict",
                "verdict_by",
                "verdict_at",
                "verdict_note",
                "evidence_url",
                "evidence_start",
                "evidence_end",
                "evidence_quote",
            ]
        )
        if verdict == Claim.Verdict.DISPUTED:
            Comment.objects.create(
                review=review, claim=claim, author=user, body=f"Disputed: {note}"
            )
        record_event(
            actor=user,
            verb=f"claim.{verdict}",
            obj=claim,
            story=review.story,
            review=review,
            before=before,
            after=_claim_state(claim),
            message=note,
        )
    claim.review = review
    return claim


def contesting_findings(review: Review, start: int, end: int):
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


# --- Comments ----------------------------------------------------------------------------


def add_comment(
    *,
    review: Review,
    user,
    body: str,
    highlight: Highlight | None = None,
    claim: Claim | None = None,
    parent: Comment | None = None,
) -> Comment:
    """Post a comment on the review, a highlight or a claim, or a reply to a comment."""
    body = _clean_text(body, field="comment", limit=MAX_COMMENT_CHARS, required=True)
    with transaction.atomic():
        review = _lock_for_work(user, review)
        for target in (highlight, claim, parent):
            if target is not None and target.review_id != review.pk:
                raise InvalidInput("That thread belongs to another review.")
        if parent is not None:
            # Replies stay on the thread of the comment they answer, one level deep.
            while parent.parent_id is not None:
                parent = parent.parent
            highlight, claim = parent.highlight, parent.claim
        if highlight is not None and claim is not None:
            raise InvalidInput("A comment goes on one highlight or one claim, not both.")
        comment = Comment.objects.create(
            review=review, highlight=highlight, claim=claim, parent=parent, author=user, body=body
        )
        record_event(
            actor=user,
            verb="comment.replied" if parent else "comment.created",
            obj=comment,
            story=review.story,
            review=review,
            after={"body": body, "parent": parent.pk if parent else None},
        )
    return comment


def edit_comment(*, comment: Comment, user, body: str) -> Comment:
    """Change the text of one's own comment. Nobody edits another person's comment."""
    body = _clean_text(body, field="comment", limit=MAX_COMMENT_CHARS, required=True)
    if comment.author_id != user.pk:
        raise NotAllowed("You can only edit your own comments.")
    with transaction.atomic():
        review = _lock_review(comment.review)
        _check_open(review)
        comment = Comment.objects.select_for_update().get(pk=comment.pk)
        before = {"body": comment.body}
        comment.body = body
        comment.edited_at = timezone.now()
        comment.save(update_fields=["body", "edited_at"])
        record_event(
            actor=user,
            verb="comment.edited",
            obj=comment,
            story=review.story,
            review=review,
            before=before,
            after={"body": body},
        )
    return comment


def set_comment_resolved(*, comment: Comment, user, resolved: bool) -> Comment:
    """Resolve or reopen a comment thread (on its top-level comment)."""
    with transaction.atomic():
        review = _lock_for_work(user, comment.review)
        comment = Comment.objects.select_for_update().get(pk=comment.parent_id or comment.pk)
        if comment.resolved == resolved:
            return comment
        comment.resolved = resolved
        comment.resolved_by = user if resolved else None
        comment.resolved_at = timezone.now() if resolved else None
        comment.save(update_fields=["resolved", "resolved_by", "resolved_at"])
        record_event(
            actor=user,
            verb="comment.resolved" if resolved else "comment.reopened",
            obj=comment,
            story=review.story,
            review=review,
            before={"resolved": not resolved},
            after={"resolved": resolved},
        )
    return comment


# --- Review status and sign-off ----------------------------------------------------------


def request_changes(*, review: Review, user, note: str) -> Review:
    """Send the rewrite back: the review waits for a new version (which supersedes it)."""
    note = _clean_text(note, field="note", limit=MAX_NOTE_CHARS, required=True)
    with transaction.atomic():
        review = _lock_for_work(user, review)
        if review.status == Review.Status.CHANGES_REQUESTED:
            raise Conflict("Changes have already been requested on this review.")
        before = review.status
        review.status = Review.Status.CHANGES_REQUESTED
        review.save(update_fields=["status", "updated_at"])
        Comment.objects.create(review=review, author=user, body=f"Changes requested: {note}")
        record_event(
            actor=user,
            verb="review.changes_requested",
            obj=review,
            story=review.story,
            review=review,
            before={"status": before},
            after={"status": review.status},
            message=note,
        )
    return review


ROLE_PERMISSION = {
    SignOff.Role.REVIEWER: "reviews.sign_off_reviewer",
    SignOff.Role.EDITOR: "reviews.sign_off_editor",
}


def required_signoffs() -> list[str]:
    """The roles that must sign off, in order (setting NEWSDESK_REQUIRED_SIGNOFFS)."""
    return [role for role in settings.NEWSDESK_REQUIRED_SIGNOFFS if role in ROLE_PERMISSION]


def content_blockers(review: Review) -> list[Blocker]:
    """Unsettled claims and severe open highlights: what an override may sign over.

    Two queries whatever the counts, reading plain values (this runs on every write).
    """
    blockers = [
        Blocker("claim", f'Claim {verdict}: "{_short(quote)}"', pk, overridable=True)
        for pk, quote, verdict in review.claims.unsettled()
        .order_by("start", "pk")
        .values_list("pk", "quote", "verdict")
    ]
    severities, categories = dict(Severity.choices), dict(Category.choices)
    for pk, quote, severity, category, status, side in (
        review.highlights.blocking()
        .by_risk()
        .values_list("pk", "quote", "severity", "category", "status", "side")
    ):
        label = "suggested" if status == "suggested" else "open"
        blockers.append(
            Blocker(
                "highlight",
                f"{severities[severity]} {categories[category].lower()} finding {label} "
                f'on the {side}: "{_short(quote)}"',
                pk,
                overridable=True,
            )
        )
    return blockers


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def sign_off_blockers(
    review: Review, user=None, role: str | None = None, signoffs: list[SignOff] | None = None
) -> list[Blocker]:
    """Everything that stands between this review and a sign-off (by user in role, if given).

    `signoffs`: the review's sign-offs, if the caller already loaded them (saves a query).
    """
    blockers: list[Blocker] = []
    if review.is_closed:
        blockers.append(Blocker("closed", f"The review is {review.get_status_display().lower()}."))
        return blockers
    if review.status == Review.Status.CHANGES_REQUESTED:
        # The rewrite was sent back; only a new version (a new review) can be signed off.
        blockers.append(
            Blocker("status", "Changes were requested; a new rewrite version is needed.")
        )
    newest = (
        StoryVersion.objects.filter(story_id=review.story_id, role=StoryVersion.Role.REWRITE)
        .order_by("-number")
        .values_list("pk", flat=True)
        .first()
    )
    if newest != review.rewrite_id:
        blockers.append(Blocker("version", "A newer rewrite version exists; review that one."))
    if signoffs is None:
        signoffs = list(review.signoffs.all())
    signoffs = [s for s in signoffs if s.version_id == review.rewrite_id]
    roles_done = {s.role for s in signoffs}
    if role is not None:
        if role not in required_signoffs():
            blockers.append(Blocker("role", f"No {role} sign-off is required."))
        elif user is not None and not user.has_perm(ROLE_PERMISSION[role]):
            blockers.append(Blocker("role", f"You do not have the {role} role."))
        if user is not None and any(s.user_id == user.pk and s.role == role for s in signoffs):
            blockers.append(Blocker("duplicate", f"You have already signed off as {role}."))
        elif role in roles_done:
            blockers.append(Blocker("duplicate", f"The {role} sign-off has already been given."))
        if user is not None and settings.NEWSDESK_SEPARATE_SIGNOFFS:
            blockers.extend(_separation_blockers(user, role, signoffs))
        order = required_signoffs()
        if role in order:
            for earlier in order[: order.index(role)]:
                if earlier not in roles_done:
                    blockers.append(Blocker("order", f"The {earlier} must sign off first."))
    blockers.extend(content_blockers(review))
    return blockers


def _separation_blockers(user, role: str, signoffs: list[SignOff]) -> list[Blocker]:
    """Separation of duties: a person who gave one required sign-off may not give another.

    Not overridable: the override lets an editor sign over unsettled content, never sign twice.
    """
    return [
        Blocker(
            "separation",
            f"You have already signed off as {s.role}; the {role} sign-off must come from "
            "someone else.",
        )
        for s in signoffs
        if s.user_id == user.pk and s.role != role
    ][:1]


def sign_off(
    *,
    review: Review,
    user,
    role: str,
    statement: str = "",
    expected_sha256: str | None = None,
    override_reason: str = "",
) -> SignOff:
    """Record a sign-off on the review's exact rewrite version. Raises SignOffBlocked.

    `expected_sha256` is the hash of the text the signer saw; a different current text (a newer
    version, a stale page) refuses the sign-off. An editor with the override permission may sign
    over content blockers (claims, findings) by giving a reason, which is logged.
    """
    _choice(role, SignOff.Role, "role")
    statement = _clean_text(statement, field="statement", limit=MAX_NOTE_CHARS)
    override_reason = _clean_text(override_reason, field="override reason", limit=MAX_NOTE_CHARS)
    if not user.has_perm(ROLE_PERMISSION[role]):
        raise NotAllowed(f"You do not have the {role} role.")
    with transaction.atomic():
        review = _lock_review(review)
        if expected_sha256 is not None and expected_sha256 != review.rewrite.sha256:
            raise Conflict("The rewrite changed since you opened the page; reload and re-check.")
        if role == SignOff.Role.REVIEWER:
            _check_can_work(user, review)
        blockers = sign_off_blockers(review, user, role)
        hard = [b for b in blockers if not b.overridable]
        soft = [b for b in blockers if b.overridable]
        override = False
        if soft and override_reason:
            # Only the editor's final sign-off may go over blockers (design: "an editor with the
            # override permission"); a reviewer's sign-off always means "nothing is unsettled".
            if role != SignOff.Role.EDITOR or not user.has_perm("reviews.override_signoff"):
                raise NotAllowed("You may not sign off over blockers.")
            override = True
        if hard or (soft and not override):
            raise SignOffBlocked(
                "Sign-off is blocked: " + "; ".join(b.message for b in (hard or soft)[:5]),
                blockers,
            )
        try:
            with transaction.atomic():
                signoff = SignOff.objects.create(
                    review=review,
                    version=review.rewrite,
                    user=user,
                    role=role,
                    sha256=review.rewrite.sha256,
                    statement=statement,
                    override=override,
                    override_reason=override_reason if override else "",
                )
        except IntegrityError as exc:
            raise Conflict(f"You have already signed off as {role}.") from exc
        record_event(
            actor=user,
            verb="signoff.override" if override else "signoff.created",
            obj=signoff,
            story=review.story,
            review=review,
            after={
                "role": role,
                "version": review.rewrite.number,
                "sha256": signoff.sha256,
                "overridden": [b.message for b in soft] if override else [],
                "overridden_ids": ([[b.kind, b.object_id] for b in soft] if override else []),
            },
            message=override_reason if override else statement,
        )
        done = set(
            review.signoffs.filter(version_id=review.rewrite_id).values_list("role", flat=True)
        )
        if set(required_signoffs()) <= done:
            before = review.status
            review.status = Review.Status.SIGNED_OFF
            review.save(update_fields=["status", "updated_at"])
            record_event(
                actor=user,
                verb="review.signed_off",
                obj=review,
                story=review.story,
                review=review,
                before={"status": before},
                after={"status": review.status, "sha256": review.rewrite.sha256},
            )
    return signoff


# --- Comparison engine -------------------------------------------------------------------


def _engine_key(*parts: object) -> str:
    import hashlib

    return hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()[:40]


def _valid_span(span, text: str) -> tuple[int, int] | None:
    """The engine's span as a (start, end) tuple if it is a non-empty span of text, else None."""
    if span is None:
        return None
    try:
        start, end = int(span[0]), int(span[1])
    except (TypeError, ValueError, IndexError):
        return None
    return (start, end) if 0 <= start < end <= len(text) else None


def _analysis_failed(review: Review, exc: Exception) -> None:
    error = f"{type(exc).__name__}: {exc}"[:2000]
    Review.objects.filter(pk=review.pk).update(
        analysis_status=Review.Analysis.FAILED, analysis_error=error
    )
    with transaction.atomic():
        record_event(
            actor=None,
            verb="analysis.failed",
            obj=review,
            story=review.story,
            review=review,
            message=error,
        )


CLOSED_STATUSES = (Review.Status.SIGNED_OFF, Review.Status.SUPERSEDED)


def run_analysis(review_pk: int) -> int:
    """Run the engine on a review and store its findings as suggestions; returns how many are new.

    Idempotent: findings and claims are keyed by what they say and where, so a re-run on the same
    version adds only what is new and never touches what reviewers already decided. Closed
    reviews (signed off, superseded) are never analysed: signed records never change. Any
    failure, in the engine or in storing its report, leaves the review `failed` with the error.
    """
    from reviews.analysis import compare

    leases.expire_overdue()  # runs whose worker died are failed, not left running
    if not leases.start_run(review_pk):
        return 0
    review = Review.objects.select_related("story", "source", "rewrite").get(pk=review_pk)
    try:
        report = compare(review.source.body, review.rewrite.body)
        return _store_report(review, report)
    except Exception as exc:
        logger.exception("engine failed on review %s", review_pk)
        _analysis_failed(review, exc)
        return 0


def _store_report(review: Review, report) -> int:
    source, rewrite = review.source.body, review.rewrite.body
    with transaction.atomic():
        review = _lock_review(review)
        if review.is_closed:
            # Closed while the engine ran (a new version, a sign-off): store nothing.
            review.analysis_status = Review.Analysis.NONE
            review.save(update_fields=["analysis_status", "updated_at"])
            return 0
        existing_h = set(
            review.highlights.exclude(engine_key="").values_list("engine_key", flat=True)
        )
        # Carried-over decisions have no key; a finding at the same place is the same finding.
        placed_h = set(review.highlights.values_list("side", "start", "end", "category"))
        existing_c = set(review.claims.exclude(engine_key="").values_list("engine_key", flat=True))
        placed_c = set(review.claims.values_list("start", "end"))
        new_highlights, new_claims = [], []
        for f in report.findings:
            rs, ss = _valid_span(f.rewrite_span, rewrite), _valid_span(f.source_span, source)
            side, span, other = (Side.REWRITE, rs, ss) if rs else (Side.SOURCE, ss, None)
            if span is None:
                continue
            category = f.category if f.category in Category.values else Category.OTHER
            # An unknown severity is treated as blocking rather than silently waved through.
            severity = f.severity if f.severity in Severity.values else Severity.MAJOR
            text = rewrite if side == Side.REWRITE else source
            key = _engine_key(category, side, span, text[span[0] : span[1]], other)
            if key in existing_h or (side, span[0], span[1], category) in placed_h:
                continue
            existing_h.add(key)
            placed_h.add((side, span[0], span[1], category))
            a = anchoring.make_anchor(text, span[0], span[1])
            new_highlights.append(
                Highlight(
                    review=review,
                    side=side,
                    start=a.start,
                    end=a.end,
                    quote=a.quote,
                    prefix=a.prefix,
                    suffix=a.suffix,
                    category=category,
                    severity=severity,
                    status=Highlight.Status.SUGGESTED,
                    origin="engine",
                    message=f.message,
                    confidence=f.confidence,
                    engine_key=key,
                    other_start=other[0] if other else None,
                    other_end=other[1] if other else None,
                    other_quote=source[other[0] : other[1]] if other else "",
                )
            )
        for c in report.claims:
            span = _valid_span(c.rewrite_span, rewrite)
            if span is None:
                continue
            s, e = span
            key = _engine_key("claim", s, e, rewrite[s:e])
            if key in existing_c or (s, e) in placed_c:
                continue
            existing_c.add(key)
            placed_c.add((s, e))
            a = anchoring.make_anchor(rewrite, s, e)
            support = _valid_span(c.source_span, source)
            new_claims.append(
                Claim(
                    review=review,
                    start=a.start,
                    end=a.end,
                    quote=a.quote,
                    prefix=a.prefix,
                    suffix=a.suffix,
                    origin="engine",
                    kinds=",".join(c.kinds)[:100],
                    support_start=support[0] if support else None,
                    support_end=support[1] if support else None,
                    engine_key=key,
                )
            )
        Highlight.objects.bulk_create(new_highlights)
        Claim.objects.bulk_create(new_claims)
        review.analysis_status = Review.Analysis.DONE
        review.analysed_at = timezone.now()
        review.save(update_fields=["analysis_status", "analysed_at", "updated_at"])
        record_event(
            actor=None,
            verb="analysis.done",
            obj=review,
            story=review.story,
            review=review,
            after={
                "new_findings": len(new_highlights),
                "new_claims": len(new_claims),
                "findings": len(report.findings),
            },
        )
    return len(new_highlights) + len(new_claims)


def retry_analysis(*, review: Review, user) -> Review:
    """Queue the engine on a review again (after a failure, or on demand), and log who asked."""
    from reviews import tasks

    with transaction.atomic():
        review = leases.expire_if_overdue(_lock_for_work(user, review))
        if review.analysis_status in (Review.Analysis.PENDING, Review.Analysis.RUNNING):
            raise Conflict("The analysis is already queued or running.")
        record_event(
            actor=user,
            verb="analysis.requested",
            obj=review,
            story=review.story,
            review=review,
            before={"analysis_status": review.analysis_status},
        )
        tasks.retry_analysis(review.pk)
    return review
