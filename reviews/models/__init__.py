"""The reviews app's models, in three parts:

- review: the review, its findings, claims and comments (what a sign-off freezes);
- records: sign-offs and the audit log (append-only);
- notifications: notifications and email preferences.

Everything is importable from here, as from one module.
"""

from __future__ import annotations

from newsdesk.models import Story, StoryVersion
from reviews.choices import (
    AnalysisStatus,
    AnchorState,
    Category,
    HighlightStatus,
    Origin,
    ReviewStatus,
    Severity,
    Side,
    SignOffRole,
    Verdict,
)
from reviews.models.notifications import (
    EmailChoice,
    Notification,
    NotificationKind,
    NotificationPreference,
    item_url,
)
from reviews.models.records import (
    Event,
    SignOff,
)
from reviews.models.review import (
    AnchoredSpan,
    Claim,
    Comment,
    FrozenOnceSigned,
    Highlight,
    ImmutableRecordError,
    Review,
    SignedReviewError,
    comment_version,
)

__all__ = [
    "AnalysisStatus",
    "AnchorState",
    "AnchoredSpan",
    "Category",
    "Claim",
    "Comment",
    "EmailChoice",
    "Event",
    "FrozenOnceSigned",
    "Highlight",
    "HighlightStatus",
    "ImmutableRecordError",
    "Notification",
    "NotificationKind",
    "NotificationPreference",
    "Origin",
    "Review",
    "ReviewStatus",
    "Severity",
    "Side",
    "SignOff",
    "SignOffRole",
    "SignedReviewError",
    "Story",
    "StoryVersion",
    "Verdict",
    "comment_version",
    "item_url",
]
