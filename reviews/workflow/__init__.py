"""The review workflow: every rule that spans several models, and every write the web app makes.

Each public function checks its rule, writes inside one transaction, records an Event, and
raises a WorkflowError subclass that views turn into a 4xx response with the error's message.
Views never save models themselves. The verbs live in one module per object they act on and
are all importable from here: `from reviews import workflow; workflow.sign_off(...)`.
"""

from __future__ import annotations

from reviews.audit import record_change, record_event
from reviews.tasks import run_analysis
from reviews.workflow.base import MAX_COMMENT_CHARS, MAX_NOTE_CHARS, Selection
from reviews.workflow.claims import _claim_state, contesting_findings, create_claim, set_verdict
from reviews.workflow.comments import add_comment, edit_comment, set_comment_resolved
from reviews.workflow.errors import (
    Blocker,
    Conflict,
    InvalidInput,
    NotAllowed,
    NothingChanged,
    SignOffBlocked,
    StaleEdit,
    WorkflowError,
)
from reviews.workflow.highlights import (
    HIGHLIGHT_TRANSITIONS,
    create_highlight,
    edit_highlight,
    set_highlight_status,
)
from reviews.workflow.signoff import (
    ROLE_PERMISSION,
    ClaimRow,
    HighlightRow,
    content_blockers,
    content_rows,
    request_changes,
    required_signoffs,
    sign_off,
    sign_off_blockers,
)
from reviews.workflow.suggestions import retry_analysis
from reviews.workflow.versions import (
    VersionInput,
    add_rewrite_version,
    assign_reviewers,
    create_story,
)

__all__ = [
    "HIGHLIGHT_TRANSITIONS",
    "MAX_COMMENT_CHARS",
    "MAX_NOTE_CHARS",
    "ROLE_PERMISSION",
    "Blocker",
    "ClaimRow",
    "Conflict",
    "HighlightRow",
    "InvalidInput",
    "NotAllowed",
    "NothingChanged",
    "Selection",
    "SignOffBlocked",
    "StaleEdit",
    "VersionInput",
    "WorkflowError",
    "_claim_state",
    "add_comment",
    "add_rewrite_version",
    "assign_reviewers",
    "content_blockers",
    "content_rows",
    "contesting_findings",
    "create_claim",
    "create_highlight",
    "create_story",
    "edit_comment",
    "edit_highlight",
    "record_change",
    "record_event",
    "request_changes",
    "required_signoffs",
    "retry_analysis",
    "run_analysis",
    "set_comment_resolved",
    "set_highlight_status",
    "set_verdict",
    "sign_off",
    "sign_off_blockers",
]
