"""The closed vocabularies of reviews: every status, verdict, role and label, as TextChoices.

Models, querysets and the workflow all name values through these, never as bare strings; they
live apart from the models so querysets.py (imported by models.py) can use them too.
"""

from __future__ import annotations

from django.db import models


class Side(models.TextChoices):
    SOURCE = "source", "Source"
    REWRITE = "rewrite", "Rewrite"


class Category(models.TextChoices):
    NUMBER = "number", "Number"
    ENTITY = "entity", "Name or entity"
    ATTRIBUTION = "attribution", "Attribution"
    TIME = "time", "Time"
    UNSUPPORTED = "unsupported", "Unsupported"
    OMISSION = "omission", "Omission"
    MEANING = "meaning", "Meaning"
    QUOTE = "quote", "Quotation"
    OTHER = "other", "Other"


class Severity(models.TextChoices):
    CRITICAL = "critical", "Critical"
    MAJOR = "major", "Major"
    MINOR = "minor", "Minor"


class AnchorState(models.TextChoices):
    OK = "ok", "Anchored"
    MOVED = "moved", "Moved"
    ORPHANED = "orphaned", "Orphaned"


class Origin(models.TextChoices):
    REVIEWER = "reviewer", "Reviewer"
    ENGINE = "engine", "Engine"


class ReviewStatus(models.TextChoices):
    OPEN = "open", "Open"
    CHANGES_REQUESTED = "changes_requested", "Changes requested"
    SIGNED_OFF = "signed_off", "Signed off"
    SUPERSEDED = "superseded", "Superseded"


class AnalysisStatus(models.TextChoices):
    NONE = "none", "Not run"
    PENDING = "pending", "Queued"
    RUNNING = "running", "Analysing"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"


class HighlightStatus(models.TextChoices):
    SUGGESTED = "suggested", "Suggested"
    OPEN = "open", "Open"
    RESOLVED = "resolved", "Resolved"
    DISMISSED = "dismissed", "Dismissed"


class Verdict(models.TextChoices):
    PENDING = "pending", "Pending"
    VERIFIED = "verified", "Verified"
    DISPUTED = "disputed", "Disputed"
    # Set only by a new rewrite version whose edit deleted the claim's text: settled, and
    # recorded as removed, never as verified.
    REMOVED = "removed", "Removed"


class SignOffRole(models.TextChoices):
    REVIEWER = "reviewer", "Reviewer"
    EDITOR = "editor", "Editor"
