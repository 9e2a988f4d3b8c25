"""The sign-off in words: the header's one line (who signed, who is to sign) and, for each of
the user's roles, the sign-off panel's state (signed, may not sign and why, blocked by what).

The rules are workflow.signoff's: the required roles in their order, separation of duties, what
blocks; this module only says them. Nothing here queries: it reads the sign-offs and blockers
the workspace loaded.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.models import User

from reviews import workflow
from reviews.models import Review, SignOff

# Blockers about who the user is rather than what the review holds: nothing done to the review
# lifts them, so the panel gives the reason alone, without the items still unsettled.
PERSONAL_BLOCKERS = ("role", "assignment", "separation")
CONTENT_BLOCKERS = ("claim", "highlight")

# How the panel names a group of content blockers, by (kind, state): one and many.
GROUP_WORDS = {
    ("claim", "pending"): ("claim pending", "claims pending"),
    ("claim", "disputed"): ("claim disputed", "claims disputed"),
    ("highlight", "open"): ("critical or major finding open", "critical or major findings open"),
    ("highlight", "suggested"): (
        "critical or major engine suggestion to settle",
        "critical or major engine suggestions to settle",
    ),
}


def person(user: User) -> str:
    """How the workspace names someone: their full name, else their username."""
    return user.get_full_name() or user.get_username()


def _and(words: list[str]) -> str:
    """ "a", "a and b", "a, b and c"."""
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def _current(review: Review, signoffs: list[SignOff]) -> dict[str, SignOff]:
    """The sign-offs on the review's own rewrite version, by role (as the workflow counts them)."""
    return {s.role: s for s in signoffs if s.version_id == review.rewrite_id}


def _role_word(role: str) -> str:
    return SignOff.Role(role).label.lower() if role in SignOff.Role.values else role


@dataclass
class BlockerGroup:
    """The content blockers of one kind and state, e.g. the claims still pending."""

    kind: str
    state: str
    blockers: list[workflow.Blocker]

    @property
    def label(self) -> str:
        """E.g. "2 claims pending"."""
        one, many = GROUP_WORDS.get((self.kind, self.state), (self.state, self.state))
        n = len(self.blockers)
        return f"{n} {one if n == 1 else many}"


@dataclass
class RoleSignOff:
    """One of the user's sign-off roles, as the panel shows it."""

    role: str
    label: str
    blockers: list[workflow.Blocker]
    # Who gave this role's sign-off on this version, if anyone; whether it was the user.
    signer: str = ""
    mine: bool = False
    # The required roles nobody has signed yet, in order.
    missing: list[str] = field(default_factory=list)
    changes_requested: bool = False

    @property
    def hard_blockers(self) -> list[workflow.Blocker]:
        return [b for b in self.blockers if not b.overridable]

    @property
    def signed_line(self) -> str:
        """For a role already signed: "Signed by you, waiting for the editor"."""
        who = "you" if self.mine else self.signer
        if self.changes_requested:
            return f"Signed by {who}; changes were requested since, so a new version is needed."
        if self.missing:
            waiting = _and([f"the {_role_word(r)}" for r in self.missing])
            return f"Signed by {who}, waiting for {waiting}."
        return f"Signed by {who}."

    @property
    def personal(self) -> workflow.Blocker | None:
        """Why this user may not give this sign-off at all (not assigned, signed another role)."""
        return next((b for b in self.blockers if b.kind in PERSONAL_BLOCKERS), None)

    @property
    def other_blockers(self) -> list[workflow.Blocker]:
        """What blocks besides the items: the order, the review's status, a newer version."""
        return [b for b in self.blockers if b.kind not in CONTENT_BLOCKERS]

    @property
    def groups(self) -> list[BlockerGroup]:
        """The unsettled items, grouped by kind and state, in the order the workflow gave."""
        groups: dict[tuple[str, str], BlockerGroup] = {}
        for b in self.blockers:
            if b.kind in CONTENT_BLOCKERS:
                key = (b.kind, b.state)
                groups.setdefault(key, BlockerGroup(b.kind, b.state, [])).blockers.append(b)
        return list(groups.values())


def role_states(
    review: Review,
    user: User,
    signoffs: list[SignOff],
    *,
    can_work: bool,
    rows: tuple[list[workflow.ClaimRow], list[workflow.HighlightRow]] | None = None,
) -> list[RoleSignOff]:
    """Each required role the user holds, with workflow.sign_off_blockers and who signed it.

    `signoffs`: the review's sign-offs with their users; `can_work` as the view checked it;
    `rows`: workflow.content_rows(review), if the caller loaded them.
    """
    required = workflow.required_signoffs()
    done = _current(review, signoffs)
    missing = [r for r in required if r not in done]
    roles = []
    content = None
    for role in required:
        if not user.has_perm(workflow.ROLE_PERMISSION[role]):
            continue
        if content is None:
            content = workflow.content_blockers(review, rows)
        signed = done.get(role)
        roles.append(
            RoleSignOff(
                role,
                SignOff.Role(role).label,
                workflow.sign_off_blockers(
                    review, user, role, signoffs=signoffs, can_work=can_work, content=content
                ),
                signer=person(signed.user) if signed else "",
                mine=signed is not None and signed.user_id == user.pk,
                missing=missing,
                changes_requested=review.status == Review.Status.CHANGES_REQUESTED,
            )
        )
    return roles


def signoff_summary(review: Review, signoffs: list[SignOff]) -> tuple[str, str]:
    """The header's sign-off line and a short state key ("none", "partial", "complete",
    "changes", "superseded"), e.g. ("Reviewer signed (Ana Lima), editor to sign", "partial").

    Says the rules in force: the required roles and their order (NEWSDESK_REQUIRED_SIGNOFFS),
    and, with NEWSDESK_SEPARATE_SIGNOFFS, that the next sign-off must come from someone else.
    """
    required = workflow.required_signoffs()
    done = _current(review, signoffs)
    signed = [done[r] for r in required if r in done] + [
        s for r, s in done.items() if r not in required
    ]
    if review.status == Review.Status.SIGNED_OFF:
        names = [
            f"{person(s.user)} ({_role_word(s.role)}{', over blockers' if s.override else ''})"
            for s in signed
        ]
        return f"Signed off by {_and(names)}", "complete"
    given = ", ".join(
        f"{_role_word(s.role).capitalize()} signed ({person(s.user)})" for s in signed
    )
    missing = [r for r in required if r not in done]
    if review.status == Review.Status.SUPERSEDED:
        line = "Superseded by a newer version before sign-off"
        return (f"{line}; {given[0].lower()}{given[1:]}" if given else line), "superseded"
    if review.status == Review.Status.CHANGES_REQUESTED:
        line = "Changes requested: this version will not be signed off"
        return (f"{given}; changes requested since" if given else line), "changes"
    if not signed:
        if len(missing) == 1:
            return f"Nobody has signed yet: {_role_word(missing[0])} to sign", "none"
        first, *then = (_role_word(r) for r in missing)
        return f"Nobody has signed yet: {first} first, then {_and(then)}", "none"
    to_sign = f"{_role_word(missing[0])} to sign" if missing else ""
    if to_sign and settings.NEWSDESK_SEPARATE_SIGNOFFS:
        to_sign += f" (someone other than {_and(sorted({person(s.user) for s in signed}))})"
    rest = [f"then the {_role_word(r)}" for r in missing[1:]]
    return ", ".join([given, to_sign, *rest]).rstrip(", "), "partial"
