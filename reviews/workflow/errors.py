"""Domain errors the workflow raises; views turn each into a 4xx answer with its message."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied


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


class StaleEdit(Conflict):
    """The thing was edited elsewhere (another tab, another person) after the form was opened.

    `current` is the object as it is now, so the answer can show it beside the refused text.
    """

    def __init__(self, message: str, current: object):
        super().__init__(message)
        self.current = current


class SignOffBlocked(Conflict):
    """Sign-off is not possible yet; `blockers` says exactly why."""

    def __init__(self, message: str, blockers: list[Blocker]):
        super().__init__(message)
        self.blockers = blockers


@dataclass(frozen=True)
class Blocker:
    """One thing that stands between a review and a sign-off."""

    kind: str  # version, role, assignment, order, duplicate, separation, closed, status,
    # claim, highlight
    message: str
    object_id: int | None = None
    overridable: bool = False
    # A claim's or finding's number as the workspace shows it (None once out of the text), and
    # its verdict or status.
    number: int | None = None
    state: str = ""
