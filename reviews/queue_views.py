"""The reviewer's queue across stories: the list, and the one-key jump to the next item."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from newsdesk.http import AuthenticatedRequest
from reviews import permissions, queue


@require_GET
def queue_page(request: AuthenticatedRequest) -> HttpResponse:
    """Every open review assigned to the user, next due first."""
    if not permissions.can_view(request.user):
        raise Http404("No such page.")
    return render(
        request,
        "reviews/queue/queue.html",
        {"assignments": queue.my_assignments(request.user, limit=500)},
    )


@require_GET
def queue_next(request: AuthenticatedRequest) -> HttpResponse:
    """Go to the riskiest unsettled item of the next review due, or say nothing is waiting."""
    if not permissions.can_view(request.user):
        raise Http404("No such page.")
    found = queue.next_item(request.user)
    if found is None:
        messages.info(request, "Nothing unsettled is waiting in your assignments.")
        return redirect("queue")
    _review, item = found
    return redirect(queue.item_url(item))
