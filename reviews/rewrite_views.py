"""Editing the rewrite from the review workspace: the editor fixes the text next to the findings,
and the new version's review opens with everything carried over (workflow.add_rewrite_version).

With htmx the form stays on the workspace: success navigates to the new review (HX-Redirect), a
refusal shows its message in the form and leaves the typed text where it is. Without JavaScript
the same URL is a page of its own with the form.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.html import escape
from django.views.decorators.http import require_http_methods

from newsdesk.http import AuthenticatedRequest
from reviews import permissions, workflow

TEMPLATE = "reviews/edit_rewrite.html"


@require_http_methods(["GET", "POST"])
def edit_rewrite(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Save the edited rewrite of this review as a new version (editors)."""
    review = permissions.get_review_for_user(request.user, pk)
    story = permissions.get_story_for_user(request.user, review.story.slug, write=True)
    context = {"review": review, "story": story, "body": review.rewrite.body, "error": ""}
    if request.method == "GET":
        return render(request, TEMPLATE, context)
    body = request.POST.get("body", "")
    try:
        new = workflow.add_rewrite_version(
            story=story,
            user=request.user,
            data=workflow.VersionInput(
                body=body,
                origin="staff",
                origin_detail=request.user.get_full_name() or request.user.get_username(),
                headline=review.rewrite.headline,
            ),
            expected_base=request.POST.get("expected_sha256") or review.rewrite.sha256,
        )
    except workflow.WorkflowError as exc:
        status = 200 if isinstance(exc, workflow.NothingChanged) else exc.status
        if request.htmx:
            response = HttpResponse(escape(exc.message), status=status)
            response["HX-Reswap"] = "innerHTML"
            return response
        context |= {"body": body, "error": exc.message}
        return render(request, TEMPLATE, context, status=status)
    url = new.get_absolute_url()
    messages.success(
        request,
        f"Saved as version {new.rewrite.number}; this review carries over the previous one.",
    )
    if request.htmx:
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return redirect(url)
