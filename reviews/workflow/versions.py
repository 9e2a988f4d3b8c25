"""Stories and versions: creating a story, adding a rewrite (which carries the review over),
assigning reviewers."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User
from django.db import models, transaction
from django.utils import timezone

from newsdesk.models import Story, StoryVersion
from reviews import anchoring, permissions, tasks
from reviews.audit import record_change, record_event
from reviews.models import (
    AnchorState,
    Claim,
    Comment,
    Event,
    Highlight,
    Origin,
    Review,
    Side,
)
from reviews.querysets import UNSETTLED_HIGHLIGHT_STATUSES
from reviews.workflow.base import (
    _check_body,
    _check_open,
    _choice,
    _clean_text,
)
from reviews.workflow.errors import Conflict, InvalidInput, NotAllowed, NothingChanged


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


def add_rewrite_version(
    *, story: Story, user: User, data: VersionInput, expected_base: str | None = None
) -> Review:
    """Add a new rewrite version; it supersedes the current review, which it carries over.

    Reviewers' highlights and claims move onto the new text where their quotes still stand;
    a claim whose text changed goes back to pending. Signed-off reviews are left as they are.
    `expected_base`: the SHA-256 of the rewrite the editor edited; if someone saved another
    version meanwhile, raise Conflict (the caller keeps the text the editor typed).
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
        if (
            expected_base is not None
            and newest_rewrite is not None
            and newest_rewrite.sha256 != expected_base
        ):
            raise Conflict(
                f"Version {newest_rewrite.number} of the rewrite was saved while you were "
                "editing, so yours was not saved. Your text is still here: copy it, reload, "
                "and apply your changes to the newest version."
            )
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
    Untouched engine suggestions are not carried: the engine suggests them afresh. Each item
    is carried once, as one new item pointing at the one it continues (carried_from).

    What the edit did to an item's text decides what becomes of it (anchoring.TextEdit):
    - unchanged (anchored "ok", or "moved" elsewhere): carried as it was;
    - reworded: re-anchored on the new wording, the old one kept; a claim goes back to pending,
      since a verdict on other words no longer holds;
    - deleted ("orphaned"): never drawn again. A claim is settled as removed in this version
      (it blocks nothing and is not verified); an unsettled finding is resolved by the edit.
      Items already out of the text stay as they were.
    Every automatic settlement is in the audit log.
    """
    new_number = review.rewrite.number
    edit = anchoring.TextEdit(previous.rewrite.body, review.rewrite.body)
    now = timezone.now()
    highlights = previous.highlights.filter(
        models.Q(origin=Origin.REVIEWER) & ~models.Q(status=Highlight.Status.DISMISSED)
        | models.Q(origin=Origin.ENGINE) & ~models.Q(status=Highlight.Status.SUGGESTED)
    ).order_by("pk")
    carried_highlights: list[Highlight] = []
    settled: list[tuple[Highlight | Claim, str, dict[str, str]]] = []
    for h in highlights:
        if not h.in_text:
            carried_highlights.append(_carry_removed(h, review, edit))
        elif h.side == Side.REWRITE:
            moved = edit.carry(h.start, h.end, h.quote, h.prefix, h.suffix)
            copy = h.copy_to(review, **_carried_fields(moved))
            if moved.state == AnchorState.ORPHANED:
                copy.removed_in = new_number
                if copy.status in UNSETTLED_HIGHLIGHT_STATUSES:
                    copy.status = Highlight.Status.RESOLVED
                    copy.status_changed_by, copy.status_changed_at = user, now
                    settled.append((copy, "highlight.resolved_by_edit", h.state()))
            carried_highlights.append(copy)
        else:
            # The source did not change; the counterpart it points to in the rewrite did.
            carried_highlights.append(h.copy_to(review, **_carried_counterpart(h, edit)))
    claims = previous.claims.filter(
        models.Q(origin=Origin.REVIEWER) | ~models.Q(verdict=Claim.Verdict.PENDING)
    ).order_by("pk")
    carried_claims = []
    for c in claims:
        if not c.in_text:
            carried_claims.append(_carry_removed(c, review, edit))
            continue
        moved = edit.carry(c.start, c.end, c.quote, c.prefix, c.suffix, keep_replaced=True)
        claim = c.copy_to(review, **_carried_fields(moved))
        if moved.state == AnchorState.ORPHANED:
            claim.removed_in = new_number
            claim.verdict, claim.verdict_by, claim.verdict_at = Claim.Verdict.REMOVED, user, now
            claim.verdict_note = f"Its text was removed in v{new_number}."
            settled.append((claim, "claim.removed", c.state()))
        elif moved.previous_quote and claim.verdict != Claim.Verdict.PENDING:
            claim.verdict, claim.verdict_by, claim.verdict_at = Claim.Verdict.PENDING, None, None
            claim.verdict_note = ""
            settled.append((claim, "claim.reworded", c.state()))
        carried_claims.append(claim)
    Highlight.objects.bulk_create(carried_highlights)
    Claim.objects.bulk_create(carried_claims)
    comments = _carry_comments(
        previous,
        review,
        highlights={
            h.carried_from_id: h.pk for h in carried_highlights if h.carried_from_id is not None
        },
        claims={c.carried_from_id: c.pk for c in carried_claims},
    )
    # One audit entry per item the edit settled or reopened, written in one insert.
    Event.objects.bulk_create(
        Event(
            actor=user,
            verb=verb,
            story=review.story,
            review=review,
            object_type=item._meta.model_name or "",
            object_id=item.pk,
            before=before,
            after=item.state()
            | {"removed_in": item.removed_in, "quote": item.quote}
            | ({"previous_quote": item.previous_quote} if item.previous_quote else {}),
        )
        for item, verb, before in settled
    )
    record_change(
        review,
        "review.carried_over",
        review,
        user=user,
        after={
            "from_review": previous.pk,
            "highlights": len(carried_highlights),
            "claims": len(carried_claims),
            "settled_by_edit": len(settled),
            "comments": comments,
        },
    )


def _carry_comments(
    previous: Review, review: Review, *, highlights: dict[int, int], claims: dict[int, int]
) -> int:
    """Copy the previous review's discussion onto the new one; returns how many comments.

    The review's own threads (the change request among them) and the threads on every carried
    item come along, replies under their thread, with their authors, times and resolution as
    they were. Each copy points at the comment first written (carried_from), so it says which
    version's review it was written on, and is read-only. Four queries, whatever the counts.
    """
    old = list(previous.comments.order_by("created_at", "pk"))
    copies: dict[int, Comment] = {}

    def copy(c: Comment, **target: Any) -> Comment:
        return Comment(
            review=review,
            author_id=c.author_id,
            body=c.body,
            edited_at=c.edited_at,
            resolved=c.resolved,
            resolved_by_id=c.resolved_by_id,
            resolved_at=c.resolved_at,
            carried_from_id=c.carried_from_id or c.pk,
            **target,
        )

    for c in old:
        if c.parent_id is not None:
            continue
        if c.highlight_id is None and c.claim_id is None:
            copies[c.pk] = copy(c)
        elif c.highlight_id in highlights:
            copies[c.pk] = copy(c, highlight_id=highlights[c.highlight_id])
        elif c.claim_id in claims:
            copies[c.pk] = copy(c, claim_id=claims[c.claim_id])
    Comment.objects.bulk_create(copies.values())
    replies = {}
    for c in old:
        top = copies.get(c.parent_id) if c.parent_id is not None else None
        if top is not None:
            replies[c.pk] = copy(
                c, parent_id=top.pk, highlight_id=top.highlight_id, claim_id=top.claim_id
            )
    Comment.objects.bulk_create(replies.values())
    copies |= replies
    # Saving stamps created_at with the time of the copy; each keeps the time it was written.
    written = {c.pk: c.created_at for c in old}
    for pk, c in copies.items():
        c.created_at = written[pk]
    Comment.objects.bulk_update(copies.values(), ["created_at"])
    return len(copies)


def _carried_fields(moved: anchoring.Carried) -> dict[str, Any]:
    """What an item carried across an edit takes from where the edit left its text."""
    return _span(moved.anchor) | {
        "anchor_state": moved.state,
        "anchor_score": moved.score,
        "previous_quote": moved.previous_quote,
        "edit_diff": [list(piece) for piece in moved.diff] if moved.diff else None,
        "removed_in": None,
    }


def _carried_counterpart(h: Highlight, edit: anchoring.TextEdit) -> dict[str, Any]:
    """A source-side finding's counterpart span in the rewrite, re-anchored (dropped if gone)."""
    if h.other_start is None or h.other_end is None:
        return {}
    old = edit.old
    prefix, suffix = anchoring.context(old, h.other_start, h.other_end)
    moved = edit.carry(h.other_start, h.other_end, old[h.other_start : h.other_end], prefix, suffix)
    if moved.state == AnchorState.ORPHANED:
        return {"other_start": None, "other_end": None, "other_quote": ""}
    a = moved.anchor
    return {"other_start": a.start, "other_end": a.end, "other_quote": a.quote}


def _carry_removed(item: Highlight | Claim, review: Review, edit: anchoring.TextEdit):
    """An item already out of the text, carried on as it is (its place mapped, never drawn)."""
    start, end = edit.map_span(item.start, item.end)
    size = len(edit.new)
    start = min(start, max(size - 1, 0))
    return item.copy_to(review, start=start, end=min(max(end, start + 1), size))


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
