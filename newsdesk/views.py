"""Pages around the review workspace: dashboard, new story, story page, fidelity record.

Every view starts with a permissions helper (404 when the user may not see, 403 when they may not
change) and writes only through reviews/workflow.py.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Exists, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from newsdesk.diff import diff_stats, word_diff
from newsdesk.forms import AssignReviewersForm, RewriteForm, StoryCreateForm
from newsdesk.http import AuthenticatedRequest
from newsdesk.models import Story, StoryVersion
from newsdesk.records import build_record
from reviews import permissions, queue, workflow
from reviews.models import Claim, Event, Highlight, Review, Severity
from reviews.presenters.activity import activity as describe_activity
from reviews.workflow import assignments

PAGE_SIZE = 25
ASSIGNMENTS_SHOWN = 10  # the dashboard's "assigned to me"; the queue page lists them all
TABS = {
    "all": "All",
    "mine": "Mine",
    "needs_review": "Needs review",
    "changes_requested": "Changes requested",
    "signed_off": "Signed off",
}


# --- Dashboard ---------------------------------------------------------------------------


def _count(rows: QuerySet, review_ref: str) -> Coalesce:
    """A correlated COUNT of the rows (highlights, claims) of the story's current review."""
    counted = (
        rows.filter(review_id=OuterRef(review_ref))
        .order_by()
        .values("review_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def story_rows(user, *, tab: str = "all", q: str = "") -> QuerySet[Story]:
    """Stories annotated with everything the dashboard shows, in a fixed number of queries."""
    current = Review.objects.filter(story_id=OuterRef("pk")).current().order_by("-pk")
    last_event = (
        Event.objects.filter(story_id=OuterRef("pk")).order_by("-created_at").values("created_at")
    )
    review = "current_review_id"
    suggested = Highlight.objects.engine_suggestions()
    stories = (
        Story.objects.search(q)
        .select_related("created_by")
        .annotate(
            current_review_id=Subquery(current.values("pk")[:1]),
            current_status=Coalesce(Subquery(current.values("status")[:1]), Value("draft")),
            current_due=Subquery(current.values("due_at")[:1]),
            last_activity=Coalesce(Subquery(last_event[:1]), F("created_at")),
        )
        .annotate(
            open_highlights=_count(Highlight.objects.unsettled(), review),
            pending_claims=_count(Claim.objects.filter(verdict=Claim.Verdict.PENDING), review),
            disputed_claims=_count(Claim.objects.filter(verdict=Claim.Verdict.DISPUTED), review),
            engine_critical=_count(suggested.filter(severity=Severity.CRITICAL), review),
            engine_major=_count(suggested.filter(severity=Severity.MAJOR), review),
            engine_minor=_count(suggested.filter(severity=Severity.MINOR), review),
        )
    )
    if tab == "mine":
        assigned = Review.objects.filter(story_id=OuterRef("pk"), reviewers=user).current()
        stories = stories.filter(Q(created_by=user) | Exists(assigned))
    elif tab == "needs_review":
        stories = stories.filter(current_status=Review.Status.OPEN)
    elif tab in ("changes_requested", "signed_off"):
        stories = stories.filter(current_status=tab)
    return stories.order_by("-last_activity", "-pk")


def _attach_reviewers(stories: Iterable[Any]) -> None:
    """Set `assigned` (list of users) on each story from its current review, in one query.

    `stories`: rows from story_rows (Stories annotated with current_review_id)."""
    through = Review.reviewers.through
    by_review: dict[int, list] = defaultdict(list)
    ids = [s.current_review_id for s in stories if s.current_review_id]
    for row in through.objects.filter(review_id__in=ids).select_related("user"):
        by_review[row.review_id].append(row.user)
    for s in stories:
        s.assigned = sorted(by_review.get(s.current_review_id, []), key=lambda u: u.username)


@require_GET
def dashboard(request: AuthenticatedRequest) -> HttpResponse:
    """Stories with their review status and open findings; filter tabs and search."""
    if not permissions.can_view(request.user):
        return render(request, "newsdesk/no_role.html", status=403)
    tab = request.GET.get("tab", "all")
    if tab not in TABS:
        tab = "all"
    q = request.GET.get("q", "").strip()[:200]
    paginator = Paginator(story_rows(request.user, tab=tab, q=q), PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    _attach_reviewers(page.object_list)
    context = {"page": page, "tab": tab, "tabs": TABS, "q": q}
    template = "newsdesk/dashboard.html"
    if request.htmx:
        template += "#story-list"
    else:
        context["assignments"] = queue.my_assignments(request.user, limit=ASSIGNMENTS_SHOWN)
    response = render(request, template, context)
    patch_vary_headers(response, ("HX-Request",))
    return response


# --- New story ---------------------------------------------------------------------------


def _check_can_create(user) -> None:
    if not permissions.can_view(user):
        raise Http404("No such page.")
    if not permissions.can_create_story(user):
        raise PermissionDenied("Only editors can create stories.")


@require_http_methods(["GET", "POST"])
def story_create(request: AuthenticatedRequest) -> HttpResponse:
    """Create a story from a source and a rewrite (pasted or uploaded) and open its review."""
    _check_can_create(request.user)
    status = 200
    if request.method == "POST":
        form = StoryCreateForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                _story, review = workflow.create_story(
                    user=request.user,
                    title=form.cleaned_data["title"],
                    desk=form.cleaned_data["desk"],
                    source=form.source_input(),
                    rewrite=form.rewrite_input(),
                    reviewers=form.cleaned_data["reviewers"],
                )
            except workflow.WorkflowError as exc:
                form.add_error(None, exc.message)
                status = exc.status
            else:
                messages.success(request, "Story created. The review is open.")
                return redirect(reverse("review_workspace", args=[review.pk]))
        else:
            status = 400
    else:
        form = StoryCreateForm(initial={"source_origin": "wire", "rewrite_origin": "ai"})
    return render(request, "newsdesk/story_create.html", {"form": form}, status=status)


# --- Story page --------------------------------------------------------------------------


def _version_choice(versions: list[StoryVersion], raw: str | None) -> StoryVersion | None:
    if not raw:
        return None
    try:
        number = int(raw)
    except ValueError:
        return None
    return next((v for v in versions if v.number == number), None)


def _default_pair(versions: list[StoryVersion]) -> tuple[StoryVersion | None, StoryVersion | None]:
    """Previous rewrite vs newest rewrite; with one rewrite, the source vs that rewrite."""
    rewrites = [v for v in versions if v.role == StoryVersion.Role.REWRITE]
    if len(rewrites) >= 2:
        return rewrites[-2], rewrites[-1]
    if rewrites:
        return (rewrites[-1].based_on or versions[0]), rewrites[-1]
    return None, None


def _story_context(request: AuthenticatedRequest, story: Story, **forms: Any) -> dict[str, Any]:
    versions = list(story.versions.select_related("author", "based_on").order_by("number"))
    a = _version_choice(versions, request.GET.get("a"))
    b = _version_choice(versions, request.GET.get("b"))
    default_a, default_b = _default_pair(versions)
    a, b = a or default_a, b or default_b
    diff = word_diff(a.body, b.body) if a and b else []
    reviews = list(
        story.reviews.select_related("source", "rewrite", "created_by")
        .prefetch_related("reviewers", "signoffs__user", "signoffs__version")
        .order_by("-pk")
    )
    current = next((r for r in reviews if r.status != Review.Status.SUPERSEDED), None)
    newest_rewrite = next(
        (v for v in reversed(versions) if v.role == StoryVersion.Role.REWRITE), None
    )
    events = list(story.events.select_related("actor").order_by("-created_at", "-pk")[:200])
    # Told in words, naming the items as the workspace numbers them: at most four queries.
    activity = describe_activity(events, reviews)
    is_editor = permissions.can_add_version(request.user)
    context: dict[str, Any] = {
        "story": story,
        "versions": versions,
        "reviews": reviews,
        "current_review": current,
        "newest_rewrite": newest_rewrite,
        "activity": activity,
        "several_reviews": len(reviews) > 1,
        "diff_a": a,
        "diff_b": b,
        "diff": diff,
        "diff_stats": diff_stats(diff),
        "can_edit": is_editor,
        "can_assign": request.user.has_perm("reviews.assign_reviewers"),
    }
    if is_editor and newest_rewrite is not None and "rewrite_form" not in forms:
        forms["rewrite_form"] = RewriteForm(
            initial={
                "body": newest_rewrite.body,
                "origin": StoryVersion.Origin.STAFF,
                "origin_detail": request.user.get_full_name() or request.user.get_username(),
                "headline": newest_rewrite.headline,
            }
        )
    if current is not None and "assign_form" not in forms:
        forms["assign_form"] = AssignReviewersForm(
            initial={"reviewers": list(current.reviewers.all()), "due_at": current.due_at}
        )
    context.update(forms)
    return context


@require_GET
def story_detail(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    """Versions, reviews and sign-offs, the audit trail, and a diff between two versions."""
    story = permissions.get_story_for_user(request.user, slug)
    template = "newsdesk/story_detail.html"
    if request.htmx:
        template += "#version-diff"
    response = render(request, template, _story_context(request, story))
    patch_vary_headers(response, ("HX-Request",))
    return response


@require_POST
def story_add_rewrite(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    """Save an edited rewrite as a new version; its new review supersedes the open one."""
    story = permissions.get_story_for_user(request.user, slug, write=True)
    form = RewriteForm(request.POST)
    status = 400
    if form.is_valid():
        try:
            review = workflow.add_rewrite_version(
                story=story, user=request.user, data=form.version_input()
            )
        except workflow.NothingChanged as exc:
            # Saving the text unchanged is a no-op, not a new version (which would void a
            # signed-off record): say so and go back to the story.
            messages.info(request, exc.message)
            return redirect(story)
        except workflow.WorkflowError as exc:
            form.add_error(None, exc.message)
            status = exc.status
        else:
            messages.success(
                request, f"Saved as version {review.rewrite.number}; a new review is open."
            )
            return redirect(reverse("review_workspace", args=[review.pk]))
    context = _story_context(request, story, rewrite_form=form)
    return render(request, "newsdesk/story_detail.html", context, status=status)


def _review_of_story(request: AuthenticatedRequest, story: Story, pk: int) -> Review:
    review = permissions.get_review_for_user(request.user, pk)
    if review.story_id != story.pk:
        raise Http404("No such review.")
    return review


@require_POST
def review_assign(request: AuthenticatedRequest, slug: str, pk: int) -> HttpResponse:
    """Set who reviews the story's current rewrite (editors)."""
    story = permissions.get_story_for_user(request.user, slug, write=True)
    review = _review_of_story(request, story, pk)
    if not request.user.has_perm("reviews.assign_reviewers"):
        raise PermissionDenied("Only editors can assign reviewers.")
    form = AssignReviewersForm(request.POST)
    status = 400
    if form.is_valid():
        try:
            assignments.assign(
                review=review,
                user=request.user,
                reviewers=form.cleaned_data["reviewers"],
                due_at=form.cleaned_data["due_at"],
            )
        except workflow.WorkflowError as exc:
            # The form may be hidden (a closed review), so say it at the top of the page.
            messages.error(request, exc.message)
            status = exc.status
        else:
            names = ", ".join(u.get_username() for u in form.cleaned_data["reviewers"])
            messages.success(request, f"Reviewers: {names or 'nobody assigned'}.")
            return redirect(story)
    context = _story_context(request, story, assign_form=form)
    return render(request, "newsdesk/story_detail.html", context, status=status)


# --- Fidelity record ---------------------------------------------------------------------


@require_GET
def review_record(request: AuthenticatedRequest, slug: str, pk: int) -> HttpResponse:
    """The printable fidelity record of a review (or a plain statement of why there is none)."""
    story = permissions.get_story_for_user(request.user, slug)
    review = _review_of_story(request, story, pk)
    record = build_record(review.pk)
    return render(
        request,
        "newsdesk/record.html",
        {"story": story, "record": record, "data": record.data},
    )


@require_GET
def review_record_json(request: AuthenticatedRequest, slug: str, pk: int) -> JsonResponse:
    """The fidelity record as JSON; 409 with {"error": ...} while it is void or incomplete."""
    story = permissions.get_story_for_user(request.user, slug)
    review = _review_of_story(request, story, pk)
    record = build_record(review.pk)
    if not record.valid:
        return JsonResponse({"error": record.problem, "review": review.pk}, status=409)
    response = JsonResponse(record.data, json_dumps_params={"indent": 2, "ensure_ascii": False})
    response["Content-Disposition"] = f'inline; filename="{story.slug}-review-{review.pk}.json"'
    return response
