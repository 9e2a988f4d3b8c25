"""The inbox, the header's unread count, notification settings, people and mention completion.

Every view needs a login (LoginRequiredMiddleware); a person only ever sees and marks their own
notifications. Mention completion answers only for a review the user can see.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from newsdesk.http import AuthenticatedRequest
from reviews import mentions, notifications, permissions
from reviews.models import EmailChoice, Notification, Review

INBOX_PAGE_SIZE = 30


class _Unread:
    """The header's unread count, counted (one query) only if a page shows it, and once."""

    def __init__(self, user) -> None:
        self.user = user
        self._count: int | None = None

    def count(self) -> int:
        if self._count is None:
            self._count = notifications.unread_count(self.user)
        return self._count


def unread_notifications(request: HttpRequest) -> dict:
    """Context processor: `unread.count` for the header of signed-in pages."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread": _Unread(user), "unread_poll_seconds": settings.NEWSDESK_UNREAD_POLL_SECONDS}


@login_not_required
@require_GET
def unread_badge(request: HttpRequest) -> HttpResponse:
    """The header's inbox link with its count (htmx polls this every few seconds).

    Signed out (the session ended while the page was open), it answers 204, which htmx leaves
    alone, rather than a redirect whose login page htmx would swap into the header.
    """
    if not request.user.is_authenticated:
        return HttpResponse(status=204)
    response = render(request, "reviews/notifications/inbox.html#inbox-link", {})
    response["Cache-Control"] = "no-store"
    return response


def _inbox(request: AuthenticatedRequest, *, fragment: bool) -> HttpResponse:
    rows = (
        Notification.objects.filter(recipient=request.user)
        .select_related("actor", "review__story", "comment")
        .order_by("-created_at", "-pk")
    )
    only_unread = request.GET.get("show") == "unread"
    if only_unread:
        rows = rows.filter(read_at__isnull=True)
    page = Paginator(rows, INBOX_PAGE_SIZE).get_page(request.GET.get("page"))
    template = "reviews/notifications/inbox.html"
    if fragment:
        template += "#inbox-list"
    response = render(request, template, {"page": page, "only_unread": only_unread})
    patch_vary_headers(response, ("HX-Request",))
    return response


@require_GET
def inbox(request: AuthenticatedRequest) -> HttpResponse:
    """The user's notifications, newest first, each linking to its item."""
    return _inbox(request, fragment=bool(request.htmx and request.htmx.target == "inbox-list"))


@require_GET
def notification_open(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Mark one notification read and go to its item."""
    n = get_object_or_404(Notification, pk=pk, recipient=request.user)
    notifications.mark_read(request.user, [n.pk])
    return redirect(n.target_url())


@require_POST
def notification_read(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Mark one of the user's notifications read."""
    n = get_object_or_404(Notification, pk=pk, recipient=request.user)
    notifications.mark_read(request.user, [n.pk])
    if request.htmx:
        return _inbox(request, fragment=True)
    return redirect("inbox")


@require_POST
def notification_read_all(request: AuthenticatedRequest) -> HttpResponse:
    """Mark every notification of the user's read."""
    changed = notifications.mark_read(request.user)
    messages.success(request, f"Marked {changed} notification{'s' if changed != 1 else ''} read.")
    return redirect("inbox")


class EmailChoiceForm(forms.Form):
    email = forms.ChoiceField(
        label="Email me", choices=EmailChoice.choices, widget=forms.RadioSelect
    )


@require_http_methods(["GET", "POST"])
def notification_settings(request: AuthenticatedRequest) -> HttpResponse:
    """Choose how notifications arrive by email."""
    status = 200
    if request.method == "POST":
        form = EmailChoiceForm(request.POST)
        if form.is_valid():
            notifications.set_email_choice(request.user, form.cleaned_data["email"])
            messages.success(request, "Saved: " + EmailChoice(form.cleaned_data["email"]).label)
            return redirect("notification_settings")
        status = 400
    else:
        form = EmailChoiceForm(initial={"email": notifications.email_choice(request.user)})
    return render(request, "reviews/notifications/settings.html", {"form": form}, status=status)


@require_GET
def person(request: AuthenticatedRequest, username: str) -> HttpResponse:
    """A person a comment mentions: their name and the open reviews they are assigned to."""
    if not permissions.can_view(request.user):
        raise Http404("No such page.")
    User = get_user_model()
    who = get_object_or_404(User, username__iexact=username, is_active=True)
    assigned = (
        Review.objects.filter(reviewers=who)
        .open()
        .select_related("story", "rewrite")
        .order_by("-pk")[:50]
    )
    return render(request, "reviews/notifications/person.html", {"who": who, "assigned": assigned})


@require_GET
def mention_candidates(request: AuthenticatedRequest, pk: int) -> JsonResponse:
    """People who can see the review whose username or name starts with ?q (for completion)."""
    permissions.get_review_for_user(request.user, pk)
    return JsonResponse({"candidates": mentions.candidates(request.GET.get("q", ""))})
