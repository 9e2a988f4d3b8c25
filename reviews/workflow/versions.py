"""Stories and versions: creating a story, adding a rewrite (which carries the review over),
assigning reviewers."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User
from django.db import models, transaction

from newsdesk.models import Story, StoryVersion
from reviews import anchoring, permissions, tasks
from reviews.audit import record_change, record_event
from reviews.models import AnchorState, Claim, Highlight, Origin, Review, Side
from reviews.workflow.base import (
    _check_body,
    _check_open,
    _choice,
    _clean_text,
)
from reviews.workflow.errors import InvalidInput, NotAllowed, NothingChanged


@dataclass(frozen=True)
class VersionInput:
    body: str
    origin: str
    origin_detail: str = ""
    headline: str = ""
    dateline: str = ""
    prompt: str = ""


def _new_version(
    *, story: Story, user: User, role: str, data: VersionInput, based_on: StoryVersion | None
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


def _open_review(
    *, story: Story, source: StoryVersion, rewrite: StoryVersion, user: User
) -> Review:
    review = Review.objects.create(story=story, source=source, rewrite=rewrite, created_by=user)
    record_change(
        review,
        "review.created",
        review,
        user=user,
        after={"source": source.number, "rewrite": rewrite.number, "status": review.status},
    )
    # After commit, so a worker can see the review.
    transaction.on_commit(lambda: tasks.enqueue_analysis(review.pk))
    return review


def _save_new_story(story: Story) -> Story:
    """Insert the story; if another request took the same slug meanwhile, pick the next one."""
    story.insert_with_unique_slug()
    return story


def create_story(
    *,
    user: User,
    title: str,
    desk: str,
    source: VersionInput,
    rewrite: VersionInput,
    reviewers: Iterable[User] = (),
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


def add_rewrite_version(*, story: Story, user: User, data: VersionInput) -> Review:
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
        source = (
            previous.source
            if previous
            else story.versions.filter(role=StoryVersion.Role.SOURCE).last()
        )
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
            if previous.due_at is not None:  # the new version is due when the old one was
                review.due_at = previous.due_at
                review.save(update_fields=["due_at"])
            if previous.status != Review.Status.SIGNED_OFF:
                previous.story = story
                before = previous.set_status(Review.Status.SUPERSEDED, superseded_by=review)
                record_change(
                    previous,
                    "review.superseded",
                    previous,
                    user=user,
                    before={"status": before},
                    after={"status": previous.status, "superseded_by": review.pk},
                )
            _carry_over(previous=previous, review=review, user=user)
    return review


def _carry_over(*, previous: Review, review: Review, user: User) -> None:
    """Copy highlights and claims people have worked on from the previous review, re-anchored.

    Carried: reviewers' own highlights (not dismissed) and claims, and every engine suggestion
    a person has decided on (accepted, resolved, dismissed; a claim with a verdict), so that
    the engine's run on the new version does not suggest them again or lose their verdicts.
    Untouched engine suggestions are not carried: the engine suggests them afresh.
    """
    old_text, new_text = previous.rewrite.body, review.rewrite.body
    highlights = previous.highlights.filter(
        models.Q(origin=Origin.REVIEWER) & ~models.Q(status=Highlight.Status.DISMISSED)
        | models.Q(origin=Origin.ENGINE) & ~models.Q(status=Highlight.Status.SUGGESTED)
    )
    carried_highlights = []
    for h in highlights:
        if h.side == Side.REWRITE:
            a = anchoring.reanchor(old_text, new_text, h.start, h.end, h.quote, h.prefix, h.suffix)
            carried_highlights.append(h.copy_to(review, **_span(a), anchor_state=a.state))
        else:
            # The source did not change; the counterpart it pointed to in the old rewrite did.
            carried_highlights.append(
                h.copy_to(review, other_start=None, other_end=None, other_quote="")
            )
    claims = previous.claims.filter(
        models.Q(origin=Origin.REVIEWER) | ~models.Q(verdict=Claim.Verdict.PENDING)
    )
    carried_claims = []
    for c in claims:
        a = anchoring.reanchor(old_text, new_text, c.start, c.end, c.quote, c.prefix, c.suffix)
        claim = c.copy_to(review, **_span(a), anchor_state=a.state)
        if a.state == AnchorState.ORPHANED:
            # The quote is gone (its text changed): a verdict on other words no longer holds.
            claim.verdict, claim.verdict_by, claim.verdict_at = Claim.Verdict.PENDING, None, None
            claim.verdict_note = ""
        carried_claims.append(claim)
    Highlight.objects.bulk_create(carried_highlights)
    Claim.objects.bulk_create(carried_claims)
    record_change(
        review, "review.carried_over", review, user=user, after={"from_review": previous.pk}
    )


def _span(a: anchoring.Anchor) -> dict[str, Any]:
    """An anchor's position and quote, as the fields of an AnchoredSpan."""
    return {
        "start": a.start,
        "end": a.end,
        "quote": a.quote,
        "prefix": a.prefix,
        "suffix": a.suffix,
    }


def _set_reviewers(*, review: Review, user: User, reviewers: list) -> None:
    for person in reviewers:
        if not person.has_perm("reviews.sign_off_reviewer"):
            raise InvalidInput(f"{person.get_username()} does not have the reviewer role.")
    before = sorted(u.get_username() for u in review.reviewers.all())
    review.reviewers.set(reviewers)
    record_change(
        review,
        "review.reviewers_set",
        review,
        user=user,
        before={"reviewers": before},
        after={"reviewers": sorted(u.get_username() for u in reviewers)},
    )


def assign_reviewers(*, review: Review, user: User, reviewers: Iterable[User]) -> Review:
    """Set who reviews this rewrite. Editors only."""
    if not user.has_perm("reviews.assign_reviewers"):
        raise NotAllowed("Only editors can assign reviewers.")
    with transaction.atomic():
        review = review.lock()
        _check_open(review)
        _set_reviewers(review=review, user=user, reviewers=list(reviewers))
    return review
