"""Shapes the API reads and writes (pydantic, through django-ninja)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from ninja import Field, Schema

Origin = Literal["wire", "ai", "staff", "import"]


class ErrorBody(Schema):
    code: str = Field(description="Stable, machine-readable: invalid, not_found, conflict, ...")
    message: str = Field(description="What went wrong, in words a person can act on.")
    fields: dict[str, list[str]] = Field(
        default_factory=dict, description="Per-field problems, keyed by the field's path."
    )


class ErrorOut(Schema):
    """Every 4xx answer has this shape."""

    error: ErrorBody


class VersionIn(Schema):
    body: str = Field(description="The text (UTF-8; stored normalised to NFC and \\n newlines).")
    headline: str = Field("", max_length=300)
    dateline: str = Field("", max_length=120)
    origin_detail: str = Field(
        "", max_length=200, description="Agency, writer, or the AI model's name."
    )


class SourceIn(VersionIn):
    origin: Origin = "wire"


class RewriteIn(VersionIn):
    origin: Origin = "ai"
    prompt: str = Field("", max_length=20000, description="For an AI rewrite: the prompt used.")


class StoryIn(Schema):
    title: str = Field(max_length=200)
    desk: str = Field("", max_length=60)
    source: SourceIn
    rewrite: RewriteIn
    reviewers: list[str] = Field(
        default_factory=list, max_length=50, description="Usernames of reviewers to assign."
    )


class VersionOut(Schema):
    number: int
    role: str
    origin: str
    origin_detail: str
    headline: str
    prompt: str
    sha256: str
    words: int
    created_at: datetime


class StoryOut(Schema):
    slug: str
    title: str
    desk: str
    url: str


class SignOffOut(Schema):
    user: str
    role: str
    at: datetime
    version: int
    sha256: str
    override: bool


class BlockerOut(Schema):
    kind: str
    message: str
    object_id: int | None


class ReviewOut(Schema):
    id: int
    story: StoryOut
    status: str
    analysis_status: str
    source: VersionOut
    rewrite: VersionOut
    reviewers: list[str]
    signoffs: list[SignOffOut]
    blockers: list[BlockerOut] = Field(description="What stands between it and a sign-off.")
    findings: dict[str, int] = Field(description="Findings by status.")
    claims: dict[str, int] = Field(description="Claims by verdict.")
    url: str
    record_url: str


class CreatedOut(Schema):
    story: StoryOut
    review: ReviewOut


class FindingOut(Schema):
    id: int
    side: str
    start: int
    end: int
    quote: str
    other_span: list[int] | None
    other_quote: str
    category: str
    severity: str
    status: str
    origin: str
    anchor_state: str
    message: str
    note: str
    confidence: float | None
    author: str | None


class EvidenceOut(Schema):
    source_span: list[int] | None
    source_quote: str
    url: str


class ClaimOut(Schema):
    id: int
    start: int
    end: int
    quote: str
    kinds: str
    origin: str
    anchor_state: str
    verdict: str
    verdict_by: str | None
    verdict_at: datetime | None
    note: str
    evidence: EvidenceOut


class RecordOut(Schema):
    valid: bool
    rewrite_sha256: str
    claim_reviews: list[dict[str, Any]]
    model_config = {"extra": "allow"}
