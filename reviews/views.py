"""The review workspace and its htmx actions.

Every write reads the same way: an access helper fetches the object and checks the user may
change it (404 when they may not see the review, 403 when they may not change it), the form
parses the post, one workflow verb makes the change, and the view returns the Change. The
`answers` decorator hands it to `respond`, which answers with what reviews/changes.py says that
kind of change re-renders and announces; a refusal (bad input, a conflict, a rule) goes to
`refuse`, which puts the workflow's message in the form's error slot (HX-Reswap) and the live
region. Plain form posts (no JavaScript) redirect back to the workspace with a message, or, when
refused, get a 4xx page saying why with whatever was typed shown back.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.html import escape
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import trigger_client_event

from newsdesk.http import AuthenticatedRequest
from reviews import forms, leases, mentions, permissions, workflow
from reviews.changes import Change, Refused, refuse, respond, thread_region
from reviews.models import Claim, Highlight, Review
from reviews.presenters import build_regions, build_workspace
from reviews.regions import (
    EVERYTHING,
    REGIONS,
    TEMPLATE,
    build_item,
    live,
    page_context,
    render_item,
    render_region,
)


def answers(view: Callable[..., Change]) -> Callable[..., HttpResponse]:
    """A write view returns the Change it made; this answers it (respond), or its refusal
    (refuse), or, for htmx, a permissions helper's refusal with a 403 message, not a page."""

    @wraps(view)
    def wrapper(request: AuthenticatedRequest, *args, **kwargs) -> HttpResponse:
        try:
            change = view(request, *args, **kwargs)
        except Refused as refusal:
            return refuse(request, refusal.change, refusal.error)
        except PermissionDenied as exc:
            if not request.htmx:
                raise
            message = str(exc) or "You may not do that."
            response = HttpResponse(escape(message) + live(message, error=True), status=403)
            response["HX-Reswap"] = "innerHTML"
            return response
        return respond(request, change)

    return wrapper


# --- The page ----------------------------------------------------------------------------


@require_GET
def workspace(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The review workspace; an htmx request targeting a region gets just that region."""
    review = permissions.get_review_for_user(request.user, pk)
    can_work = permissions.can_work_on(request.user, review)
    target = request.htmx.target if request.htmx else None
    if target in REGIONS:
        ws = build_regions(review, request.user, [target], can_work=can_work)
        return HttpResponse(render_region(request, ws, target, oob=False))
    ws = build_workspace(review, request.user, can_work=can_work)
    return render(request, TEMPLATE, page_context(ws))


@require_GET
def analysis_status(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The analysis state; once a run finishes, every region comes back with its findings."""
    review = leases.expire_if_overdue(permissions.get_review_for_user(request.user, pk))
    was = request.GET.get("was", "")
    finished = was in (Review.Analysis.PENDING, Review.Analysis.RUNNING) and (
        review.analysis_status not in (Review.Analysis.PENDING, Review.Analysis.RUNNING)
    )
    if not request.htmx:
        return redirect(review)
    # Polled every two seconds while the engine runs: load the rest only once it is done.
    regions = EVERYTHING if finished else ["analysis-status"]
    can_work = permissions.can_work_on(request.user, review)
    ws = build_regions(review, request.user, regions, can_work=can_work)
    body = render_region(request, ws, "analysis-status", oob=False)
    if finished:
        others = [r for r in EVERYTHING if r != "analysis-status"]
        body += "".join(render_region(request, ws, r, oob=True) for r in others)
    response = HttpResponse(body)
    if finished:
        trigger_client_event(response, "analysisDone", {"status": review.analysis_status})
    return response


@require_POST
@answers
def analysis_run(request: AuthenticatedRequest, pk: int) -> Change:
    """Run (or re-run after a failure) the comparison engine."""
    review = permissions.get_review_for_user(request.user, pk, write=True)
    change = Change("analysis.queued", review, can_work=True)
    with change.refusals():
        workflow.retry_analysis(review=review, user=request.user)
    return change.done(None, "Analysis queued.")


def _item_detail(request: AuthenticatedRequest, item: Highlight | Claim) -> HttpResponse:
    """One finding or claim in full: the item alone for htmx (expanded in place), else its page."""
    can_work = permissions.can_work_on(request.user, item.review)
    page, view = build_item(item, request.user, can_work=can_work)
    if request.htmx:
        return HttpResponse(render_item(request, page, view, oob=False))
    name = "f" if isinstance(item, Highlight) else "cv"
    ctx = {name: view, "ws": page, "review": page.review, "story": page.review.story}
    return render(request, "reviews/item.html", ctx)


@require_GET
def highlight_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """One finding in full (forms, threads): expanded in place by htmx, or as its own page."""
    return _item_detail(request, permissions.get_highlight_for_user(request.user, pk))


@require_GET
def claim_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """One claim in full (verdict forms, threads): expanded in place, or as its own page."""
    return _item_detail(request, permissions.get_claim_for_user(request.user, pk))


# --- Highlights --------------------------------------------------------------------------


@require_POST
@answers
def highlight_create(request: AuthenticatedRequest, pk: int) -> Change:
    """Create a highlight from a selection in either column."""
    review = permissions.get_review_for_user(request.user, pk, write=True)
    form = forms.HighlightCreateForm(request.POST)
    side = request.POST.get("side", "")
    column = side if side in ("source", "rewrite") else "rewrite"
    change = Change("highlight.created", review, can_work=True, side=column)
    with change.refusals():
        h = workflow.create_highlight(review=review, user=request.user, **forms.arguments(form))
    h.review = review
    message = f"Highlight added: {h.get_category_display()}, {h.severity}."
    return change.done(h, message)


@require_POST
@answers
def highlight_status(request: AuthenticatedRequest, pk: int) -> Change:
    """Confirm (accept), resolve, dismiss or reopen a highlight; a resolution may say what was
    fixed, a dismissal why it was not a problem (both in `reason`)."""
    highlight = permissions.get_highlight_for_user(request.user, pk, write=True)
    form = forms.HighlightStatusForm(request.POST)
    change = Change("highlight.status", highlight.review, can_work=True, was=highlight)
    with change.refusals():
        d = forms.arguments(form)
        h = workflow.set_highlight_status(highlight=highlight, user=request.user, **d)
    if d["action"] == "accept":
        message = "Finding confirmed as a problem; resolve it once the rewrite is fixed."
    else:
        message = f"Finding {h.get_status_display().lower()}."
    return change.done(h, message, review=h.review)


@require_POST
@answers
def highlight_edit(request: AuthenticatedRequest, pk: int) -> Change:
    """Change a highlight's category or severity."""
    highlight = permissions.get_highlight_for_user(request.user, pk, write=True)
    form = forms.HighlightEditForm(request.POST)
    change = Change("highlight.edited", highlight.review, can_work=True, was=highlight)
    with change.refusals():
        h = workflow.edit_highlight(highlight=highlight, user=request.user, **forms.arguments(form))
    h.review = highlight.review
    return change.done(h, "Finding updated.")


# --- Claims ------------------------------------------------------------------------------


@require_POST
@answers
def claim_create(request: AuthenticatedRequest, pk: int) -> Change:
    """Mark a selection in the rewrite as a claim."""
    review = permissions.get_review_for_user(request.user, pk, write=True)
    form = forms.ClaimCreateForm(request.POST)
    change = Change("claim.created", review, can_work=True)
    with change.refusals():
        claim = workflow.create_claim(review=review, user=request.user, **forms.arguments(form))
    return change.done(claim, "Claim added; it is pending a verdict.")


@require_POST
@answers
def claim_verdict(request: AuthenticatedRequest, pk: int) -> Change:
    """Mark a claim verified (with evidence: a picked passage, a link, or the engine's supporting
    passage), disputed (with a reason) or pending again."""
    claim = permissions.get_claim_for_user(request.user, pk, write=True)
    form = forms.VerdictForm(request.POST)
    change = Change("claim.verdict", claim.review, can_work=True, was=claim)
    with change.refusals():
        c = workflow.set_verdict(claim=claim, user=request.user, **forms.arguments(form))
    message = f"Claim marked {c.get_verdict_display().lower()}."
    return change.done(c, message, review=c.review)


# --- Comments ----------------------------------------------------------------------------


@require_POST
@answers
def comment_create(request: AuthenticatedRequest, pk: int) -> Change:
    """Post a comment on the review, a highlight or a claim, or a reply."""
    review = permissions.get_review_for_user(request.user, pk, write=True)
    form = forms.CommentForm(request.POST)
    refused = Change("comment", review, can_work=True)
    with refused.refusals():
        d = forms.cleaned(form)
        # Targets are looked up inside this review only; another review's ids are not found.
        highlight = review.highlights.filter(pk=d["highlight"]).first() if d["highlight"] else None
        claim = review.claims.filter(pk=d["claim"]).first() if d["claim"] else None
        parent = review.comments.filter(pk=d["parent"]).first() if d["parent"] else None
        if (
            (d["highlight"] and not highlight)
            or (d["claim"] and not claim)
            or (d["parent"] and not parent)
        ):
            raise workflow.InvalidInput("That thread is not part of this review.")
    if parent is not None:
        top = parent.parent if parent.parent is not None else parent
        thread = thread_region(top.highlight_id, top.claim_id)
    else:
        thread = thread_region(d["highlight"], d["claim"])
    change = Change("comment", review, can_work=True, thread=thread)
    with change.refusals():
        comment = workflow.add_comment(
            review=review,
            user=request.user,
            body=d["body"],
            highlight=highlight,
            claim=claim,
            parent=parent,
        )
    return change.done(
        comment, mentions.with_feedback("Reply posted." if parent else "Comment posted.", comment)
    )


@require_POST
@answers
def comment_edit(request: AuthenticatedRequest, pk: int) -> Change:
    """Edit one's own comment; an edit based on an older version is refused (StaleEdit), and
    `refuse` answers it with the comment as it is now and the typed text kept in its form."""
    comment = permissions.get_comment_for_user(request.user, pk, write=True)
    form = forms.CommentEditForm(request.POST)
    top = comment.parent or comment
    thread = thread_region(top.highlight_id, top.claim_id)
    change = Change("comment", comment.review, can_work=True, was=comment, thread=thread)
    with change.refusals():
        d = forms.cleaned(form)
        edited = workflow.edit_comment(
            comment=comment,
            user=request.user,
            body=d["body"],
            expected_version=d["version"] or None,
        )
    return change.done(edited, mentions.with_feedback("Comment edited.", edited))


@require_POST
@answers
def comment_resolve(request: AuthenticatedRequest, pk: int) -> Change:
    """Resolve or reopen a comment thread."""
    comment = permissions.get_comment_for_user(request.user, pk, write=True)
    form = forms.CommentResolveForm(request.POST)
    top = comment.parent or comment
    thread = thread_region(top.highlight_id, top.claim_id)
    change = Change("comment", comment.review, can_work=True, was=comment, thread=thread)
    with change.refusals():
        top = workflow.set_comment_resolved(
            comment=comment, user=request.user, **forms.arguments(form)
        )
    return change.done(top, "Thread resolved." if top.resolved else "Thread reopened.")


# --- Sign-off ----------------------------------------------------------------------------


@require_POST
@answers
def sign_off(request: AuthenticatedRequest, pk: int) -> Change:
    """Sign off the rewrite in one role (or over blockers, for an editor with the override).

    Any newsroom role may try: the workflow checks the role's permission itself.
    """
    review = permissions.get_review_for_user(request.user, pk)
    form = forms.SignOffForm(request.POST)
    change = Change("signed_off", review, can_work=permissions.can_work_on(request.user, review))
    with change.refusals():
        s = workflow.sign_off(review=review, user=request.user, **forms.arguments(form))
    return change.done(None, f"Signed off as {s.get_role_display().lower()}.")


@require_POST
@answers
def request_changes(request: AuthenticatedRequest, pk: int) -> Change:
    """Send the rewrite back for changes, with a note."""
    review = permissions.get_review_for_user(request.user, pk, write=True)
    form = forms.RequestChangesForm(request.POST)
    change = Change("changes_requested", review, can_work=True)
    with change.refusals():
        workflow.request_changes(review=review, user=request.user, **forms.arguments(form))
    return change.done(None, "Changes requested.")
