"""The review workspace and its htmx actions.

Every view starts with a permissions helper (404 when the user may not see the review, 403 when
they may not change it), then calls one workflow function. htmx requests get the changed regions
back as out-of-band swaps plus a `reviewChanged` event; errors come back with the workflow's
status and message, swapped into the form's error slot (HX-Reswap) and the live region. Plain
form posts (no JavaScript) redirect back to the workspace with a message.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import wraps

from django import forms as django_forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.html import escape
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import trigger_client_event

from reviews import forms, permissions, workflow
from reviews.models import Highlight, Review
from reviews.presenters import Workspace, build_claim, build_finding, build_workspace

TEMPLATE = "reviews/workspace.html"

# Swappable regions: DOM id -> partial name in the workspace template.
REGIONS = {
    "ws-header": "ws-header",
    "ws-progress": "progress",
    "col-source": "column",
    "col-rewrite": "column",
    "findings-panel": "findings-panel",
    "claims-panel": "claims-panel",
    "review-thread": "review-thread",
    "signoff-panel": "signoff-panel",
    "analysis-status": "analysis-status",
}
PANELS = ("ws-progress", "findings-panel", "claims-panel", "signoff-panel")
EVERYTHING = tuple(REGIONS)


def _context(request: HttpRequest, ws: Workspace) -> dict:
    return {"ws": ws, "review": ws.review, "story": ws.review.story}


def _render_region(request: HttpRequest, ws: Workspace, region: str, *, oob: bool) -> str:
    ctx = _context(request, ws) | {"oob": oob}
    if region.startswith("col-"):
        ctx["col"] = ws.column(region.removeprefix("col-"))
    return render_to_string(f"{TEMPLATE}#{REGIONS[region]}", ctx, request=request)


def _live(message: str, *, error: bool = False) -> str:
    """The aria-live status line, as an out-of-band swap."""
    cls = "ws-live is-error" if error else "ws-live"
    role = "alert" if error else "status"
    return (
        f'<div id="ws-live" class="{cls}" role="{role}" aria-live="polite" '
        f'hx-swap-oob="true">{escape(message)}</div>'
    )


def _item_html(request: HttpRequest, key: str, *, oob: bool) -> str:
    """One finding ("h12") or claim ("c3") rendered in full, with its forms and threads."""
    if key.startswith("h"):
        highlight = permissions.get_highlight_for_user(request.user, int(key[1:]))
        page, view = build_finding(highlight, request.user)
        ctx = {"f": view, "partial": "finding"}
    else:
        claim = permissions.get_claim_for_user(request.user, int(key[1:]))
        page, view = build_claim(claim, request.user)
        ctx = {"cv": view, "partial": "claim"}
    ctx |= {"ws": page, "review": page.review, "story": page.review.story, "oob": oob}
    return render_to_string(f"{TEMPLATE}#{ctx['partial']}", ctx, request=request)


def _regions_response(
    request: HttpRequest,
    review: Review,
    regions: Iterable[str],
    *,
    message: str = "",
    status: int = 200,
    event: dict | None = None,
) -> HttpResponse:
    """The named regions of a freshly built workspace, each as an out-of-band swap.

    A region may also be an item key ("h12", "c3"): that finding or claim, in full.
    """
    regions = tuple(regions)
    items = [r for r in regions if r not in REGIONS]
    if items and len(items) == len(regions):
        parts = [_item_html(request, key, oob=True) for key in items]
        if message:
            parts.append(_live(message))
        response = HttpResponse("".join(parts), status=status)
        trigger_client_event(response, "reviewChanged", event or {"review": review.pk})
        return response
    review = permissions.get_review_for_user(request.user, review.pk)
    ws = build_workspace(review, request.user)
    for key in items:
        ws.expand(key)
    regions = tuple(r for r in regions if r in REGIONS)
    parts = [_render_region(request, ws, r, oob=True) for r in regions]
    if message:
        parts.append(_live(message))
    response = HttpResponse("".join(parts), status=status)
    trigger_client_event(response, "reviewChanged", event or {"review": review.pk})
    return response


def _error(
    request: HttpRequest, review: Review, status: int, message: str, regions: Iterable[str] = ()
) -> HttpResponse:
    """Answer a refused action: htmx gets the message in the form (and fresh regions on 409)."""
    if not request.htmx:
        messages.error(request, message)
        return redirect(review)
    parts = [escape(message), _live(message, error=True)]
    if status == 409 and regions:
        review = permissions.get_review_for_user(request.user, review.pk)
        ws = build_workspace(review, request.user)
        for key in regions:
            if key not in REGIONS:
                ws.expand(key)
        parts[1:1] = [_render_region(request, ws, r, oob=True) for r in regions if r in REGIONS]
    response = HttpResponse("".join(parts), status=status)
    response["HX-Reswap"] = "innerHTML"
    return response


def _act(
    request: HttpRequest,
    review: Review,
    form: django_forms.Form,
    action: Callable[[], str],
    regions: Iterable[str],
    event: dict | None = None,
) -> HttpResponse:
    """Validate the form, run the workflow action, and answer for htmx or a plain post."""
    regions = tuple(regions)
    if not form.is_valid():
        return _error(request, review, 400, forms.first_error(form))
    try:
        message = action()
    except workflow.WorkflowError as exc:
        return _error(request, review, exc.status, exc.message, regions)
    if not request.htmx:
        messages.success(request, message)
        return redirect(review)
    return _regions_response(request, review, regions, message=message, event=event)


def htmx_refusals(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Answer an htmx request refused by a permissions helper with a 403 message, not a page."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except PermissionDenied as exc:
            if not request.htmx:
                raise
            message = str(exc) or "You may not do that."
            response = HttpResponse(escape(message) + _live(message, error=True), status=403)
            response["HX-Reswap"] = "innerHTML"
            return response

    return wrapper


# --- The page ----------------------------------------------------------------------------


@require_GET
def workspace(request: HttpRequest, pk: int) -> HttpResponse:
    """The review workspace; an htmx request targeting a region gets just that region."""
    review = permissions.get_review_for_user(request.user, pk)
    ws = build_workspace(review, request.user)
    target = request.htmx.target if request.htmx else None
    if target in REGIONS:
        return HttpResponse(_render_region(request, ws, target, oob=False))
    return render(request, TEMPLATE, _context(request, ws))


@require_GET
def analysis_status(request: HttpRequest, pk: int) -> HttpResponse:
    """The analysis state; once a run finishes, every region comes back with its findings."""
    review = permissions.get_review_for_user(request.user, pk)
    ws = build_workspace(review, request.user)
    was = request.GET.get("was", "")
    finished = was in (Review.Analysis.PENDING, Review.Analysis.RUNNING) and (
        review.analysis_status not in (Review.Analysis.PENDING, Review.Analysis.RUNNING)
    )
    if not request.htmx:
        return redirect(review)
    body = _render_region(request, ws, "analysis-status", oob=False)
    if finished:
        others = [r for r in EVERYTHING if r != "analysis-status"]
        body += "".join(_render_region(request, ws, r, oob=True) for r in others)
    response = HttpResponse(body)
    if finished:
        trigger_client_event(response, "analysisDone", {"status": review.analysis_status})
    return response


@require_POST
@htmx_refusals
def analysis_run(request: HttpRequest, pk: int) -> HttpResponse:
    """Run (or re-run after a failure) the comparison engine."""
    review = permissions.get_review_for_user(request.user, pk, write=True)

    def action() -> str:
        workflow.retry_analysis(review=review, user=request.user)
        return "Analysis queued."

    return _act(request, review, django_forms.Form({}), action, EVERYTHING)


@require_GET
def highlight_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One finding in full (forms, threads): expanded in place by htmx, or as its own page."""
    highlight = permissions.get_highlight_for_user(request.user, pk)
    if request.htmx:
        return HttpResponse(_item_html(request, f"h{pk}", oob=False))
    page, view = build_finding(highlight, request.user)
    ctx = {"f": view, "ws": page, "review": page.review, "story": page.review.story}
    return render(request, "reviews/item.html", ctx)


@require_GET
def claim_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One claim in full (verdict forms, threads): expanded in place, or as its own page."""
    claim = permissions.get_claim_for_user(request.user, pk)
    if request.htmx:
        return HttpResponse(_item_html(request, f"c{pk}", oob=False))
    page, view = build_claim(claim, request.user)
    ctx = {"cv": view, "ws": page, "review": page.review, "story": page.review.story}
    return render(request, "reviews/item.html", ctx)


# --- Highlights --------------------------------------------------------------------------


@require_POST
@htmx_refusals
def highlight_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Create a highlight from a selection in either column."""
    review = permissions.get_review_for_user(request.user, pk, write=True)
    form = forms.HighlightCreateForm(request.POST)
    created: list[Highlight] = []

    def action() -> str:
        d = form.cleaned_data
        h = workflow.create_highlight(
            review=review,
            user=request.user,
            side=d["side"],
            selection=form.selection(),
            category=d["category"],
            severity=d["severity"],
            note=d["note"],
        )
        created.append(h)
        return f"Highlight added: {h.get_category_display()}, {h.severity}."

    side = request.POST.get("side", "")
    column = f"col-{side}" if side in ("source", "rewrite") else "col-rewrite"
    response = _act(request, review, form, action, (column, *PANELS))
    if created and request.htmx:
        trigger_client_event(response, "highlightCreated", {"id": created[0].pk})
    return response


@require_POST
@htmx_refusals
def highlight_status(request: HttpRequest, pk: int) -> HttpResponse:
    """Accept, resolve, dismiss or reopen a highlight."""
    highlight = permissions.get_highlight_for_user(request.user, pk, write=True)
    form = forms.HighlightStatusForm(request.POST)

    def action() -> str:
        d = form.cleaned_data
        h = workflow.set_highlight_status(
            highlight=highlight,
            user=request.user,
            action=d["action"],
            reason=d["reason"],
            expected=d["expected"] or None,
        )
        return f"Finding {h.get_status_display().lower()}."

    return _act(
        request,
        highlight.review,
        form,
        action,
        ("col-source", "col-rewrite", *PANELS, f"h{highlight.pk}"),
        {"highlight": highlight.pk},
    )


@require_POST
@htmx_refusals
def highlight_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a highlight's category or severity."""
    highlight = permissions.get_highlight_for_user(request.user, pk, write=True)
    form = forms.HighlightEditForm(request.POST)

    def action() -> str:
        d = form.cleaned_data
        workflow.edit_highlight(
            highlight=highlight,
            user=request.user,
            category=d["category"] or None,
            severity=d["severity"] or None,
        )
        return "Finding updated."

    return _act(
        request,
        highlight.review,
        form,
        action,
        ("col-source", "col-rewrite", *PANELS, f"h{highlight.pk}"),
        {"highlight": highlight.pk},
    )


# --- Claims ------------------------------------------------------------------------------


@require_POST
@htmx_refusals
def claim_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark a selection in the rewrite as a claim."""
    review = permissions.get_review_for_user(request.user, pk, write=True)
    form = forms.SelectionForm(request.POST)

    def action() -> str:
        workflow.create_claim(review=review, user=request.user, selection=form.selection())
        return "Claim added; it is pending a verdict."

    return _act(request, review, form, action, ("col-rewrite", *PANELS))


@require_POST
@htmx_refusals
def claim_verdict(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark a claim verified (with evidence), disputed (with a reason) or pending again."""
    claim = permissions.get_claim_for_user(request.user, pk, write=True)
    form = forms.VerdictForm(request.POST)

    def action() -> str:
        d = form.cleaned_data
        c = workflow.set_verdict(
            claim=claim,
            user=request.user,
            verdict=d["verdict"],
            note=d["note"],
            evidence_url=d["evidence_url"],
            evidence=form.evidence(),
            expected=d["expected"] or None,
        )
        return f"Claim marked {c.get_verdict_display().lower()}."

    return _act(
        request,
        claim.review,
        form,
        action,
        ("col-source", "col-rewrite", *PANELS, f"c{claim.pk}"),
        {"claim": claim.pk},
    )


# --- Comments ----------------------------------------------------------------------------


def _thread_regions(highlight_id: int | None, claim_id: int | None) -> tuple[str, ...]:
    """Where a thread lives: its finding or claim (in full), or the review's discussion."""
    if highlight_id:
        return (f"h{highlight_id}",)
    if claim_id:
        return (f"c{claim_id}",)
    return ("review-thread",)


@require_POST
@htmx_refusals
def comment_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Post a comment on the review, a highlight or a claim, or a reply."""
    review = permissions.get_review_for_user(request.user, pk, write=True)
    form = forms.CommentForm(request.POST)
    if not form.is_valid():
        return _error(request, review, 400, forms.first_error(form))
    d = form.cleaned_data
    # Targets are looked up inside this review only; another review's ids are simply not found.
    highlight = review.highlights.filter(pk=d["highlight"]).first() if d["highlight"] else None
    claim = review.claims.filter(pk=d["claim"]).first() if d["claim"] else None
    parent = review.comments.filter(pk=d["parent"]).first() if d["parent"] else None
    if (
        (d["highlight"] and not highlight)
        or (d["claim"] and not claim)
        or (d["parent"] and not parent)
    ):
        return _error(request, review, 400, "That thread is not part of this review.")
    if parent is not None:
        top = parent if parent.parent_id is None else parent.parent
        regions = _thread_regions(top.highlight_id, top.claim_id)
    else:
        regions = _thread_regions(d["highlight"], d["claim"])

    def action() -> str:
        workflow.add_comment(
            review=review,
            user=request.user,
            body=d["body"],
            highlight=highlight,
            claim=claim,
            parent=parent,
        )
        return "Reply posted." if parent else "Comment posted."

    return _act(request, review, form, action, regions)


@require_POST
@htmx_refusals
def comment_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Edit one's own comment."""
    comment = permissions.get_comment_for_user(request.user, pk, write=True)
    form = forms.CommentEditForm(request.POST)

    def action() -> str:
        workflow.edit_comment(comment=comment, user=request.user, body=form.cleaned_data["body"])
        return "Comment edited."

    top = comment.parent or comment
    regions = _thread_regions(top.highlight_id, top.claim_id)
    return _act(request, comment.review, form, action, regions)


@require_POST
@htmx_refusals
def comment_resolve(request: HttpRequest, pk: int) -> HttpResponse:
    """Resolve or reopen a comment thread."""
    comment = permissions.get_comment_for_user(request.user, pk, write=True)
    form = forms.CommentResolveForm(request.POST)

    def action() -> str:
        resolved = form.cleaned_data["resolved"]
        workflow.set_comment_resolved(comment=comment, user=request.user, resolved=resolved)
        return "Thread resolved." if resolved else "Thread reopened."

    top = comment.parent or comment
    regions = _thread_regions(top.highlight_id, top.claim_id)
    return _act(request, comment.review, form, action, regions)


# --- Sign-off ----------------------------------------------------------------------------


@require_POST
@htmx_refusals
def sign_off(request: HttpRequest, pk: int) -> HttpResponse:
    """Sign off the rewrite in one role (or over blockers, for an editor with the override)."""
    review = permissions.get_review_for_user(request.user, pk)
    form = forms.SignOffForm(request.POST)

    def action() -> str:
        d = form.cleaned_data
        s = workflow.sign_off(
            review=review,
            user=request.user,
            role=d["role"],
            statement=d["statement"],
            expected_sha256=d["expected_sha256"] or None,
            override_reason=d["override_reason"],
        )
        return f"Signed off as {s.get_role_display().lower()}."

    return _act(request, review, form, action, EVERYTHING)


@require_POST
@htmx_refusals
def request_changes(request: HttpRequest, pk: int) -> HttpResponse:
    """Send the rewrite back for changes, with a note."""
    review = permissions.get_review_for_user(request.user, pk, write=True)
    form = forms.RequestChangesForm(request.POST)

    def action() -> str:
        workflow.request_changes(review=review, user=request.user, note=form.cleaned_data["note"])
        return "Changes requested."

    return _act(request, review, form, action, EVERYTHING)
