"""Live updates for the review workspace: "what changed since event N", polled by htmx.

The page polls every live.POLL_SECONDS with the id of the last event it has seen and a token of
who it shows as present. Nothing new: 204 (htmx does nothing), in three queries whatever the
review holds (six with the session, the user and their permissions). Something new by someone
else: the regions it may have changed, as out-of-band swaps, with the items the user has open
kept open. Either way the poller comes back with its new position, and "who else is
here" when that changed.
"""

from __future__ import annotations

from django.db.models import Count, Max, Q
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.views.decorators.http import require_GET

from newsdesk.http import AuthenticatedRequest
from reviews import live, permissions
from reviews.models import Event
from reviews.presenters import build_workspace
from reviews.regions import EVERYTHING, render_region

# At most this many open items are rendered open again (each costs a query for its threads).
MAX_EXPANDED = 8


def _int(value: str | None) -> int:
    try:
        return max(0, int(value or 0))
    except ValueError:
        return 0


@require_GET
def review_changes(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """What changed in the review since the event the page last saw (see the module doc)."""
    review = permissions.get_review_for_user(request.user, pk)
    since = _int(request.GET.get("since"))
    others = live.touch(review.pk, request.user)
    token = live.fingerprint(others)
    seen = Event.objects.filter(review_id=review.pk, pk__gt=since).aggregate(
        last=Max("pk"),
        # People's actions: the engine's results reach the page through its own status poll
        # (analysis-status), and a second refresh racing with it would only disturb the user.
        others=Count("pk", filter=Q(actor__isnull=False) & ~Q(actor_id=request.user.pk)),
    )
    if seen["last"] is None and token == request.GET.get("here"):
        return HttpResponse(status=204)
    context = {
        "review": review,
        "story": review.story,
        "since": seen["last"] or since,
        "others": others,
        "here": token,
        "oob": True,
    }
    parts: list[str] = [render_to_string("reviews/live_updates.html", context, request=request)]
    if seen["others"]:
        # What someone else's action may have changed: every region, as out-of-band swaps.
        can_work = permissions.can_work_on(request.user, review)
        ws = build_workspace(review, request.user, can_work=can_work)
        for key in request.GET.get("expanded", "").split(",")[:MAX_EXPANDED]:
            if key[:1] in ("h", "c") and key[1:].isdigit():
                ws.expand(key)
        parts += [render_region(request, ws, region, oob=True) for region in EVERYTHING]
    response = HttpResponse("".join(parts))
    response["X-Newsdesk-Live"] = "changes" if seen["others"] else "position"
    return response
