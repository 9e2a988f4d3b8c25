"""The review's status and its sign-off: requesting changes, what blocks a sign-off, signing."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import User
from django.db import IntegrityError, transaction

from newsdesk.models import StoryVersion
from reviews import permissions
from reviews.audit import record_change
from reviews.models import AnchorState, Category, Comment, Highlight, Review, Severity, SignOff
from reviews.querysets import (
    BLOCKING_SEVERITIES,
    UNSETTLED_HIGHLIGHT_STATUSES,
    UNSETTLED_VERDICTS,
    risk_order,
)
from reviews.workflow.base import (
    MAX_NOTE_CHARS,
    _check_can_work,
    _choice,
    _clean_text,
    _lock_for_work,
    _short,
)
from reviews.workflow.errors import Blocker, Conflict, NotAllowed, SignOffBlocked


def request_changes(*, review: Review, user: User, note: str) -> Review:
    """Send the rewrite back: the review waits for a new version (which supersedes it)."""
    note = _clean_text(note, field="note", limit=MAX_NOTE_CHARS, required=True)
    with transaction.atomic():
        review = _lock_for_work(user, review)
        if review.status == Review.Status.CHANGES_REQUESTED:
            raise Conflict("Changes have already been requested on this review.")
        before = review.set_status(Review.Status.CHANGES_REQUESTED)
        Comment.objects.create(review=review, author=user, body=f"Changes requested: {note}")
        record_change(
            review,
            "review.changes_requested",
            review,
            user=user,
            before={"status": before},
            after={"status": review.status},
            message=note,
        )
    return review


# By role value: the roles are TextChoices, looked up by the strings forms and settings give.
ROLE_PERMISSION: dict[str, str] = {
    SignOff.Role.REVIEWER: "reviews.sign_off_reviewer",
    SignOff.Role.EDITOR: "reviews.sign_off_editor",
}


def required_signoffs() -> list[str]:
    """The roles that must sign off, in order (setting NEWSDESK_REQUIRED_SIGNOFFS)."""
    return [role for role in settings.NEWSDESK_REQUIRED_SIGNOFFS if role in ROLE_PERMISSION]


ClaimRow = tuple[int, str, str, str]  # pk, quote, verdict, anchor_state
HighlightRow = tuple[int, str, str, str, str, str, str]  # pk, quote, severity, category,
# status, side, anchor_state


def content_rows(review: Review) -> tuple[list[ClaimRow], list[HighlightRow]]:
    """Every claim (in text order) and highlight (riskiest first) of the review, as the plain
    values content_blockers reads: two queries whatever the counts. The workspace counts its
    progress from the same rows (presenters/workspace.py) rather than asking again."""
    claims = list(
        review.claims.order_by("start", "pk").values_list("pk", "quote", "verdict", "anchor_state")
    )
    # by_risk's order, sorted here (querysets.risk_order): cheaper than building its CASEs.
    loaded = review.highlights.order_by().values_list(
        "pk", "quote", "severity", "category", "status", "side", "anchor_state", "start"
    )
    highlights = [
        row[:7] for row in sorted(loaded, key=lambda r: risk_order(r[2], r[3], r[5], r[7], r[0]))
    ]
    return claims, highlights


def content_blockers(
    review: Review, rows: tuple[list[ClaimRow], list[HighlightRow]] | None = None
) -> list[Blocker]:
    """Unsettled claims and severe open highlights: what an override may sign over.

    Each names its item by the number the workspace gives it (claims C1, C2… in text order,
    findings #1, #2… by age, both among the items still in the text: presenters/items.py). Two
    queries whatever the counts, reading plain values (this runs on every write): every item is
    read, since the settled ones count in the numbering too. `rows`: content_rows(review), if
    the caller loaded them already.
    """
    claim_rows, rows_by_risk = content_rows(review) if rows is None else rows
    blockers = []
    claim_number = 0
    for pk, quote, verdict, anchor_state in claim_rows:
        number = None
        if anchor_state != AnchorState.ORPHANED:
            claim_number += 1
            number = claim_number
        if verdict in UNSETTLED_VERDICTS:
            tag = f" C{number}" if number else ""
            blockers.append(
                Blocker(
                    "claim",
                    f'Claim{tag} {verdict}: "{_short(quote)}"',
                    pk,
                    overridable=True,
                    number=number,
                    state=verdict,
                )
            )
    severities, categories = dict(Severity.choices), dict(Category.choices)
    numbers = {
        pk: n
        for n, pk in enumerate(
            sorted(r[0] for r in rows_by_risk if r[6] != AnchorState.ORPHANED), start=1
        )
    }
    for pk, quote, severity, category, status, side, _ in rows_by_risk:
        if status not in UNSETTLED_HIGHLIGHT_STATUSES or severity not in BLOCKING_SEVERITIES:
            continue
        label = "suggested" if status == Highlight.Status.SUGGESTED else "open"
        number = numbers.get(pk)
        tag = f"#{number} " if number else ""
        blockers.append(
            Blocker(
                "highlight",
                f"{tag}{severities[severity]} {categories[category].lower()} finding {label} "
                f'on the {side}: "{_short(quote)}"',
                pk,
                overridable=True,
                number=number,
                state=status,
            )
        )
    return blockers


def sign_off_blockers(
    review: Review,
    user: User | None = None,
    role: str | None = None,
    signoffs: list[SignOff] | None = None,
    can_work: bool | None = None,
    content: list[Blocker] | None = None,
) -> list[Blocker]:
    """Everything that stands between this review and a sign-off (by user in role, if given).

    `signoffs`: the review's sign-offs, if the caller already loaded them (saves a query);
    `can_work`: permissions.can_work_on(user, review), if the caller already asked;
    `content`: content_blockers(review), if the caller already has them (one pair of queries for
    all of a user's roles).
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
        elif user is not None and role == SignOff.Role.REVIEWER:
            if can_work is None:
                can_work = permissions.can_work_on(user, review)
            if not can_work:
                # The rule sign_off applies (base._check_can_work): reviewers work on, and sign,
                # only the reviews they are assigned to, once anyone is assigned.
                blockers.append(
                    Blocker(
                        "assignment",
                        "Only the assigned reviewers can sign off as reviewer: "
                        "you are not assigned to this review.",
                    )
                )
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
    blockers.extend(content_blockers(review) if content is None else content)
    return blockers


def _separation_blockers(user: User, role: str, signoffs: list[SignOff]) -> list[Blocker]:
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
    user: User,
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
        review = review.lock()
        if expected_sha256 is not None and expected_sha256 != review.rewrite.sha256:
            raise Conflict("The rewrite changed since you opened the page; reload and re-check.")
        if role == SignOff.Role.REVIEWER:
            _check_can_work(user, review)
        # The reviewer's assignment was checked just above.
        blockers = sign_off_blockers(review, user, role, can_work=True)
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
        record_change(
            review,
            "signoff.override" if override else "signoff.created",
            signoff,
            user=user,
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
            before = review.set_status(Review.Status.SIGNED_OFF)
            record_change(
                review,
                "review.signed_off",
                review,
                user=user,
                before={"status": before},
                after={"status": review.status, "sha256": review.rewrite.sha256},
            )
    return signoff
