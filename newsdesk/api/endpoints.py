"""The API for pipelines (django-ninja), at /api/; schema at /api/openapi.json, docs at /api/docs.

Every endpoint is a thin view, as the HTML ones are: it calls the access helper from
reviews/permissions.py first and the workflow verb that the web app calls, so a token can do
exactly what its user can do in the browser, by the same rules.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from ninja import Header, NinjaAPI, Status
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.openapi.docs import Swagger
from ninja.security import HttpBearer

from newsdesk.api import idempotency, tokens
from newsdesk.api.errors import STATUS_CODES, ApiError, error_body
from newsdesk.api.schemas import (
    ClaimOut,
    CreatedOut,
    ErrorOut,
    FindingOut,
    RecordOut,
    ReviewOut,
    RewriteIn,
    StoryIn,
    VersionIn,
)
from newsdesk.http import signed_in
from newsdesk.models import Story, StoryVersion
from newsdesk.records import build_record, site_url
from reviews import permissions, workflow
from reviews.models import Review

ERRORS = {code: ErrorOut for code in (400, 401, 403, 404, 409, 422, 429)}


class RateLimited(ApiError):
    def __init__(self, retry_after: int):
        super().__init__(
            429,
            "rate_limited",
            f"Too many requests for this token; retry in {retry_after} s.",
            headers={"Retry-After": str(retry_after)},
        )


class TokenAuth(HttpBearer):
    """`Authorization: Bearer nd_…`: the token's user becomes request.user; counts the call."""

    def authenticate(self, request: HttpRequest, token: str):
        api_token = tokens.token_for_secret(token.strip())
        if api_token is None:
            return None
        wait = tokens.count_call(api_token)
        if wait is not None:
            raise RateLimited(wait)
        request.user = api_token.user
        return api_token


api = NinjaAPI(
    title="Newsdesk API",
    version="1",
    description=(
        "Submit a source and its rewrite from a pipeline, add rewrite versions, and read "
        "a review's status, findings, claims and fidelity record. Authenticate with "
        "`Authorization: Bearer <token>` (create one under API tokens)."
    ),
    urls_namespace="api",
    auth=TokenAuth(),
    docs=Swagger(settings={"persistAuthorization": False, "tryItOutEnabled": False}),
    docs_url="/docs",
    openapi_url="/openapi.json",
)


# --- Errors: one shape for every 4xx -----------------------------------------------------


def _error(request, status: int, code: str, message: str, fields=None, headers=None):
    response = api.create_response(request, error_body(code, message, fields), status=status)
    for name, value in (headers or {}).items():
        response[name] = value
    return response


@api.exception_handler(ApiError)
def _api_error(request, exc: ApiError):
    return _error(request, exc.status, exc.code, exc.message, exc.fields, exc.headers)


WORKFLOW_CODES = {
    workflow.SignOffBlocked: "blocked",
    workflow.Conflict: "conflict",
    workflow.NotAllowed: "forbidden",
    workflow.InvalidInput: "invalid",
}


@api.exception_handler(workflow.WorkflowError)
def _workflow_error(request, exc: workflow.WorkflowError):
    code = next((c for cls, c in WORKFLOW_CODES.items() if isinstance(exc, cls)), "invalid")
    return _error(request, exc.status, code, exc.message)


@api.exception_handler(PermissionDenied)
def _forbidden(request, exc):
    return _error(request, 403, "forbidden", str(exc) or "Your role does not allow this.")


@api.exception_handler(Http404)
def _not_found(request, exc):
    return _error(request, 404, "not_found", "Not found, or not visible to you.")


@api.exception_handler(RequestDataTooBig)
def _too_big(request, exc):
    return _error(request, 413, "too_large", "The request body is larger than the limit.")


@api.exception_handler(ValidationError)
def _invalid(request, exc: ValidationError):
    fields: dict[str, list[str]] = {}
    for error in exc.errors:
        # loc is (where, field, ...): ("body", "payload", "source", "body") -> "source.body"
        loc = [str(part) for part in error.get("loc", ())]
        loc = (loc[2:] if loc[:1] == ["body"] else loc[1:]) or loc
        fields.setdefault(".".join(loc) or "body", []).append(error.get("msg", "Invalid."))
    return _error(request, 422, "invalid", "Some fields are missing or invalid.", fields)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request, exc):
    return _error(
        request,
        401,
        "unauthenticated",
        "Send a valid, unrevoked API token as 'Authorization: Bearer <token>'.",
        headers={"WWW-Authenticate": 'Bearer realm="newsdesk"'},
    )


@api.exception_handler(HttpError)
def _http_error(request, exc: HttpError):
    status = exc.status_code
    return _error(request, status, STATUS_CODES.get(status, f"http_{status}"), str(exc))


# --- Presenting ----------------------------------------------------------------------------


def _who(user) -> str | None:
    return user.get_username() if user is not None else None


def _story(story: Story) -> dict:
    return {
        "slug": story.slug,
        "title": story.title,
        "desk": story.desk,
        "url": site_url(story.get_absolute_url()),
    }


def _version(v: StoryVersion) -> dict:
    return {
        "number": v.number,
        "role": v.role,
        "origin": v.origin,
        "origin_detail": v.origin_detail,
        "headline": v.headline,
        "prompt": v.prompt,
        "sha256": v.sha256,
        "words": v.word_count,
        "created_at": v.created_at.isoformat(),
    }


def _review(review: Review) -> dict:
    """The review's state, blockers and counts (a fixed number of queries).

    Expects story, source, rewrite and reviewers loaded, as get_review_for_user loads them.
    """
    signoffs = list(review.signoffs.select_related("user", "version"))
    blockers = workflow.sign_off_blockers(review, signoffs=signoffs)
    findings = Counter(review.highlights.values_list("status", flat=True))
    claims = Counter(review.claims.values_list("verdict", flat=True))
    return {
        "id": review.pk,
        "story": _story(review.story),
        "status": review.status,
        "analysis_status": review.analysis_status,
        "source": _version(review.source),
        "rewrite": _version(review.rewrite),
        "reviewers": sorted(u.get_username() for u in review.reviewers.all()),
        "signoffs": [
            {
                "user": s.user.get_username(),
                "role": s.role,
                "at": s.created_at.isoformat(),
                "version": s.version.number,
                "sha256": s.sha256,
                "override": s.override,
            }
            for s in signoffs
        ],
        "blockers": [
            {"kind": b.kind, "message": b.message, "object_id": b.object_id} for b in blockers
        ],
        "findings": dict(findings),
        "claims": dict(claims),
        "url": site_url(review.get_absolute_url()),
        "record_url": site_url(reverse("review_record", args=[review.story.slug, review.pk])),
    }


def _load_review(request, pk: int) -> Review:
    return permissions.get_review_for_user(request.user, pk)


def _no_nul(value, path: str = "") -> None:
    """Refuse NUL characters anywhere in the input: PostgreSQL cannot store them in text."""
    if isinstance(value, str) and "\x00" in value:
        raise ApiError(400, "invalid", "The text contains a NUL character.", fields={path: ["NUL"]})
    if isinstance(value, dict):
        for k, v in value.items():
            _no_nul(v, f"{path}.{k}" if path else str(k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            _no_nul(v, f"{path}.{i}")


def _version_input(data: VersionIn, origin: str, prompt: str = "") -> workflow.VersionInput:
    return workflow.VersionInput(
        body=data.body,
        origin=origin,
        origin_detail=data.origin_detail,
        headline=data.headline,
        dateline=data.dateline,
        prompt=prompt,
    )


def _reviewers(names: list[str]) -> list:
    wanted = list(dict.fromkeys(n.strip() for n in names if n.strip()))
    users = list(get_user_model().objects.filter(username__in=wanted))
    missing = sorted(set(wanted) - {u.get_username() for u in users})
    if missing:
        raise ApiError(
            400,
            "invalid",
            "No such user: " + ", ".join(missing) + ".",
            fields={"reviewers": [f"No such user: {name}." for name in missing]},
        )
    return users


def _replayed(response: HttpResponse, replayed: bool) -> None:
    if replayed:
        response["Idempotent-Replayed"] = "true"


IDEMPOTENCY_KEY = Header(
    None,
    alias="Idempotency-Key",
    description="Send the same key again (same body) to get the first answer, not a duplicate.",
)


# --- Endpoints -----------------------------------------------------------------------------


def _create_once(
    request: HttpRequest,
    response: HttpResponse,
    key: str | None,
    body: dict,
    create: Callable[[], dict],
) -> Status:
    """Run a creation once per idempotency key and answer 201 (a replay says so in a header)."""
    _no_nul(body)
    answer, replayed = idempotency.run_once(
        user=request.user, key=key, path=request.path, body=body, create=create
    )
    _replayed(response, replayed)
    return Status(201, answer)


@api.post("/stories", response={201: CreatedOut, **ERRORS}, tags=["stories"])
def create_story(
    request: HttpRequest,
    response: HttpResponse,
    payload: StoryIn,
    idempotency_key: str | None = IDEMPOTENCY_KEY,
):
    """Create a story from a source and a rewrite, with their provenance; opens a review."""

    def create() -> dict:
        # Say "not allowed" before judging the input, as the workflow verb itself would.
        if not permissions.can_create_story(request.user):
            raise workflow.NotAllowed("Only editors can create stories.")
        reviewers = _reviewers(payload.reviewers)
        story, review = workflow.create_story(
            user=signed_in(request),
            title=payload.title,
            desk=payload.desk,
            source=_version_input(payload.source, payload.source.origin),
            rewrite=_version_input(
                payload.rewrite, payload.rewrite.origin, prompt=payload.rewrite.prompt
            ),
            reviewers=reviewers,
        )
        review = _load_review(request, review.pk)
        return {"story": _story(story), "review": _review(review)}

    return _create_once(request, response, idempotency_key, payload.dict(), create)


@api.post("/stories/{slug}/rewrites", response={201: ReviewOut, **ERRORS}, tags=["stories"])
def add_rewrite(
    request: HttpRequest,
    response: HttpResponse,
    slug: str,
    payload: RewriteIn,
    idempotency_key: str | None = IDEMPOTENCY_KEY,
):
    """Add a rewrite version; it supersedes the story's open review, whose work carries over."""
    story = permissions.get_story_for_user(request.user, slug, write=True)

    def create() -> dict:
        review = workflow.add_rewrite_version(
            story=story,
            user=signed_in(request),
            data=_version_input(payload, payload.origin, prompt=payload.prompt),
        )
        return _review(_load_review(request, review.pk))

    return _create_once(request, response, idempotency_key, payload.dict(), create)


@api.get("/stories/{slug}/reviews", response={200: list[ReviewOut], **ERRORS}, tags=["reviews"])
def story_reviews(request: HttpRequest, slug: str):
    """Every review of the story, newest first (superseded ones included)."""
    story = permissions.get_story_for_user(request.user, slug)
    reviews = (
        Review.objects.filter(story=story)
        .select_related("story", "source", "rewrite")
        .prefetch_related("reviewers")
        .order_by("-pk")
    )
    # Bounded: a story has a handful of versions, and each review costs a fixed few queries.
    return [_review(r) for r in reviews[:50]]


@api.get("/reviews/{review_id}", response={200: ReviewOut, **ERRORS}, tags=["reviews"])
def review_status(request: HttpRequest, review_id: int):
    """A review's status, what blocks its sign-off, and counts of findings and claims."""
    return _review(_load_review(request, review_id))


@api.get(
    "/reviews/{review_id}/findings", response={200: list[FindingOut], **ERRORS}, tags=["reviews"]
)
def review_findings(request: HttpRequest, review_id: int):
    """The review's findings (people's highlights and the engine's), riskiest first."""
    review = _load_review(request, review_id)
    return [
        {
            "id": h.pk,
            "side": h.side,
            "start": h.start,
            "end": h.end,
            "quote": h.quote,
            "other_span": [h.other_start, h.other_end] if h.other_start is not None else None,
            "other_quote": h.other_quote,
            "category": h.category,
            "severity": h.severity,
            "status": h.status,
            "origin": h.origin,
            "anchor_state": h.anchor_state,
            "message": h.message,
            "note": h.note,
            "confidence": h.confidence,
            "author": _who(h.author),
        }
        for h in review.highlights.select_related("author").by_risk()
    ]


@api.get("/reviews/{review_id}/claims", response={200: list[ClaimOut], **ERRORS}, tags=["reviews"])
def review_claims(request: HttpRequest, review_id: int):
    """The review's claims with their verdicts and evidence, in text order."""
    review = _load_review(request, review_id)
    return [
        {
            "id": c.pk,
            "start": c.start,
            "end": c.end,
            "quote": c.quote,
            "kinds": c.kinds,
            "origin": c.origin,
            "anchor_state": c.anchor_state,
            "verdict": c.verdict,
            "verdict_by": _who(c.verdict_by),
            "verdict_at": c.verdict_at,
            "note": c.verdict_note,
            "evidence": {
                "source_span": (
                    [c.evidence_start, c.evidence_end] if c.evidence_start is not None else None
                ),
                "source_quote": c.evidence_quote,
                "url": c.evidence_url,
            },
        }
        for c in review.claims.select_related("verdict_by").order_by("start", "pk")
    ]


@api.get("/reviews/{review_id}/record", response={200: RecordOut, **ERRORS}, tags=["reviews"])
def review_record(request: HttpRequest, review_id: int):
    """The fidelity record (with ClaimReview JSON-LD); 409 while it is void or incomplete."""
    review = _load_review(request, review_id)
    record = build_record(review.pk)
    if not record.valid:
        raise ApiError(409, "record_not_valid", record.problem)
    return record.data
