"""The review workspace and its htmx actions.

Every view starts with a permissions helper (404 when the user may not see the review, 403 when
they may not change it), then calls one workflow function. htmx requests get back only what the
action changed, as out-of-band swaps: the acted-on item, the paragraphs of text whose marks
changed (each body is rendered as paragraphs with ids), the progress counts and the sign-off
panel, plus a `reviewChanged` event whose detail carries the new state. Errors come back with
the workflow's status and message, swapped into the form's error slot (HX-Reswap) and the live
region. Plain form posts (no JavaScript) redirect back to the workspace with a message.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import wraps

from django import forms as django_forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.html import escape
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import trigger_client_event

from reviews import forms, leases, mentions, permissions, workflow
from reviews.models import Claim, Highlight, Review
from reviews.presenters import (
    FindingView,
    Workspace,
    build_claim,
    build_comment,
    build_finding,
    build_paragraph_changes,
    build_regions,
    build_workspace,
    finding_position,
)
from reviews.querysets import BLOCKING_SEVERITIES, UNSETTLED_HIGHLIGHT_STATUSES
from reviews.templatetags.workspace_html import Ctx, comment_html, finding_html, paragraph_html

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
    "findings-count": "findings-count",
    "claims-count": "claims-count",
}
# What (nearly) every write changes besides its own item.
PANELS = ("ws-progress", "signoff-panel")


EVERYTHING = (
    "ws-header",
    "ws-progress",
    "col-source",
    "col-rewrite",
    "findings-panel",
    "claims-panel",
    "review-thread",
    "signoff-panel",
    "analysis-status",
)

# Text changes: side -> the (start, end) ranges whose paragraphs a write re-renders.
TextChanges = dict[str, list[tuple[int | None, int | None]]]


def _highlight_panels(*states: Highlight | tuple[str, str]) -> tuple[str, ...]:
    """The progress counts, and the sign-off panel if a highlight blocked sign-off before or
    after the write: only unsettled critical and major findings are blockers (content_blockers),
    so a minor one, or a settled one staying settled, leaves the panel exactly as it was."""
    for state in states:
        status, severity = state if isinstance(state, tuple) else (state.status, state.severity)
        if status in UNSETTLED_HIGHLIGHT_STATUSES and severity in BLOCKING_SEVERITIES:
            return PANELS
    return ("ws-progress",)


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


def _item_html(
    request: HttpRequest,
    key: str,
    *,
    oob: bool,
    obj: Highlight | Claim | None = None,
    can_work: bool | None = None,
) -> str:
    """One finding ("h12") or claim ("c3") rendered in full, with its forms and threads.

    `obj`: the highlight or claim, already fetched (with its review) by the caller.
    """
    if key.startswith("h"):
        highlight = obj or permissions.get_highlight_for_user(request.user, int(key[1:]))
        page, view = build_finding(highlight, request.user, can_work=can_work)
    else:
        claim = obj or permissions.get_claim_for_user(request.user, int(key[1:]))
        page, view = build_claim(claim, request.user, can_work=can_work)
    return _render_item(request, page, view, oob=oob)


def _render_item(request: HttpRequest, page, view, *, oob: bool) -> str:
    """A finding or claim view (from build_finding or build_claim), in full."""
    name, key = ("finding", "f") if isinstance(view, FindingView) else ("claim", "cv")
    ctx = {key: view, "ws": page, "review": page.review, "story": page.review.story, "oob": oob}
    return render_to_string(f"{TEMPLATE}#{name}", ctx, request=request)


def _paragraphs_html(review: Review, text: TextChanges) -> list[str]:
    """The paragraphs of text holding these ranges, re-rendered with their marks (oob)."""
    return [paragraph_html(side, p, oob=True) for side, p in build_paragraph_changes(review, text)]


def _regions_response(
    request: HttpRequest,
    review: Review,
    regions: Iterable[str],
    *,
    message: str = "",
    status: int = 200,
    event: dict | None = None,
    text: TextChanges | None = None,
    can_work: bool | None = None,
    objects: dict[str, Highlight | Claim] | None = None,
    extra: Iterable[str] = (),
) -> HttpResponse:
    """The named regions, each as an out-of-band swap, built with only the data they show.

    A region may also be an item key ("h12", "c3"): that finding or claim, in full (from
    `objects` when the caller has it). `text` names paragraphs to re-render; `extra` is
    markup to add as it is.
    """
    regions = tuple(regions)
    objects = objects or {}
    if can_work is None:
        # A generic answer (sign-off, analysis, comments): read the review as it is now.
        review = permissions.get_review_for_user(request.user, review.pk)
    items = [r for r in regions if r not in REGIONS]
    named = [r for r in regions if r in REGIONS]
    parts: list[str] = []
    if text:
        parts += _paragraphs_html(review, text)
    if named:
        ws = build_regions(review, request.user, named, can_work=can_work)
        in_panels = set()
        if "findings-panel" in named:
            in_panels |= {f.key for f in (*ws.findings, *ws.dismissed)}
        if "claims-panel" in named:
            in_panels |= {cv.key for cv in ws.claims}
        for key in items:
            if key in in_panels:
                ws.expand(key)
        items = [key for key in items if key not in in_panels]
        parts += [_render_region(request, ws, r, oob=True) for r in named]
    parts += [
        _item_html(request, key, oob=True, obj=objects.get(key), can_work=can_work) for key in items
    ]
    parts += extra
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
        # The same answer as any other refusal (a 4xx page saying why), with what was typed.
        ctx = {"message": message, "review": review, "kept": _typed_text(request)}
        return render(request, "reviews/refused.html", ctx, status=status)
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


# Free-text fields of the workspace's forms, with their labels: a refused plain post shows back
# whatever was typed in them, so nothing is lost.
TYPED_FIELDS = {
    "body": "Your text",
    "note": "Your note",
    "reason": "Your reason",
    "statement": "Your statement",
    "override_reason": "Your override reason",
}


def _typed_text(request: HttpRequest) -> list[tuple[str, str]]:
    return [
        (label, request.POST[name])
        for name, label in TYPED_FIELDS.items()
        if request.POST.get(name, "").strip()
    ]


def _act(
    request: HttpRequest,
    review: Review,
    form: django_forms.Form,
    action: Callable[[], str],
    regions: Iterable[str],
    event: dict | None = None,
    *,
    respond: Callable[[str], HttpResponse] | None = None,
    can_work: bool | None = None,
) -> HttpResponse:
    """Validate the form, run the workflow action, and answer for htmx or a plain post.

    htmx gets `respond(message)` if given, else the `regions`; a conflict (409) gets `regions`
    re-rendered from a fresh workspace, so the page shows the state that refused the action.
    `can_work=True` from a view that checked write access, for an action that cannot close the
    review: the answer then reuses the review it has.
    """
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
    if respond is not None:
        return respond(message)
    return _regions_response(
        request, review, regions, message=message, event=event, can_work=can_work
    )


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
    target = request.htmx.target if request.htmx else None
    if target in REGIONS:
        ws = build_regions(review, request.user, [target])
        return HttpResponse(_render_region(request, ws, target, oob=False))
    return render(request, TEMPLATE, _context(request, build_workspace(review, request.user)))


@require_GET
def analysis_status(request: HttpRequest, pk: int) -> HttpResponse:
    """The analysis state; once a run finishes, every region comes back with its findings."""
    review = leases.expire_if_overdue(permissions.get_review_for_user(request.user, pk))
    was = request.GET.get("was", "")
    finished = was in (Review.Analysis.PENDING, Review.Analysis.RUNNING) and (
        review.analysis_status not in (Review.Analysis.PENDING, Review.Analysis.RUNNING)
    )
    if not request.htmx:
        return redirect(review)
    # Polled every two seconds while the engine runs: load the rest only once it is done.
    ws = build_regions(review, request.user, EVERYTHING if finished else ["analysis-status"])
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

    def respond(message: str) -> HttpResponse:
        # The new mark's paragraph, the new item in its place in the risk order, the counts.
        h = created[0]
        h.review = review
        before, listed = finding_position(review, h)
        key = f"h{h.pk}"
        panels = _highlight_panels(h)
        if listed <= 1:
            # The first finding: the panel has no list to put it in yet.
            regions, extra = ("findings-panel", *panels, key), []
        else:
            regions, extra = ("findings-count", *panels), [_incoming(request, review, h, before)]
        response = _regions_response(
            request,
            review,
            regions,
            message=message,
            text={h.side: [(h.start, h.end)]},
            can_work=True,
            objects={key: h},
            extra=extra,
        )
        trigger_client_event(response, "highlightCreated", {"id": h.pk})
        return response

    side = request.POST.get("side", "")
    column = f"col-{side}" if side in ("source", "rewrite") else "col-rewrite"
    return _act(request, review, form, action, (column, "findings-panel", *PANELS), respond=respond)


def _incoming(request: HttpRequest, review: Review, highlight: Highlight, before: str) -> str:
    """A new finding, for static/js/workspace.js to put into the findings list before the item
    `before`: the page holds an empty #ws-incoming for this, so the swap never misses."""
    page, view = build_finding(highlight, request.user, can_work=True, threads=False)
    ctx = Ctx.of(
        {"ws": page, "review": review, "user": request.user, "csrf_token": get_token(request)}
    )
    target = f"finding-{before[1:]}" if before else ""
    return (
        '<div id="ws-incoming" hidden hx-swap-oob="true"><div data-insert-into="findings-list" '
        f'data-insert-before="{target}">{finding_html(view, ctx)}</div></div>'
    )


@require_POST
@htmx_refusals
def highlight_status(request: HttpRequest, pk: int) -> HttpResponse:
    """Accept, resolve, dismiss or reopen a highlight."""
    highlight = permissions.get_highlight_for_user(request.user, pk, write=True)
    form = forms.HighlightStatusForm(request.POST)
    done: list[Highlight] = []

    def action() -> str:
        d = form.cleaned_data
        h = workflow.set_highlight_status(
            highlight=highlight,
            user=request.user,
            action=d["action"],
            reason=d["reason"],
            expected=d["expected"] or None,
        )
        done.append(h)
        return f"Finding {h.get_status_display().lower()}."

    def respond(message: str) -> HttpResponse:
        h = done[0]
        key = f"h{h.pk}"
        # Dismissing or restoring moves the item between the findings and the dismissed list.
        dismissed = Highlight.Status.DISMISSED
        moved = (highlight.status == dismissed) != (h.status == dismissed)
        regions = ("findings-panel",) if moved else ("findings-count",)
        panels = _highlight_panels((highlight.status, highlight.severity), h)
        return _regions_response(
            request,
            h.review,
            (*regions, *panels, key),
            message=message,
            event={"highlight": h.pk, "status": h.status},
            text=_highlight_text(h),
            can_work=True,
            objects={key: h},
        )

    return _act(
        request,
        highlight.review,
        form,
        action,
        ("col-source", "col-rewrite", "findings-panel", *PANELS, f"h{highlight.pk}"),
        respond=respond,
    )


def _highlight_text(h: Highlight) -> TextChanges:
    """Where a highlight is marked: its span, and its counterpart on the other side."""
    return {h.side: [(h.start, h.end)], h.other_side: [(h.other_start, h.other_end)]}


@require_POST
@htmx_refusals
def highlight_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a highlight's category or severity."""
    highlight = permissions.get_highlight_for_user(request.user, pk, write=True)
    form = forms.HighlightEditForm(request.POST)
    done: list[Highlight] = []

    def action() -> str:
        d = form.cleaned_data
        h = workflow.edit_highlight(
            highlight=highlight,
            user=request.user,
            category=d["category"] or None,
            severity=d["severity"] or None,
        )
        done.append(h)
        return "Finding updated."

    def respond(message: str) -> HttpResponse:
        # Category and severity set the item's place in the risk order: the panel comes back.
        h = done[0]
        panels = _highlight_panels((highlight.status, highlight.severity), h)
        return _regions_response(
            request,
            highlight.review,
            ("findings-panel", *panels, f"h{h.pk}"),
            message=message,
            event={"highlight": h.pk, "status": h.status},
            text=_highlight_text(h),
            can_work=True,
        )

    return _act(
        request,
        highlight.review,
        form,
        action,
        ("col-source", "col-rewrite", "findings-panel", *PANELS, f"h{highlight.pk}"),
        respond=respond,
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

    # Claims are numbered in text order: a new one renumbers those after it, in the rewrite's
    # marks and in the panel, so both come back whole.
    regions = ("col-rewrite", "claims-panel", *PANELS)

    def respond(message: str) -> HttpResponse:
        return _regions_response(request, review, regions, message=message, can_work=True)

    return _act(request, review, form, action, regions, respond=respond)


def _claim_outline(c: Claim) -> tuple[int | None, int | None]:
    """The source passage outlined for a claim: its evidence, else the engine's support."""
    if c.evidence_start is not None:
        return c.evidence_start, c.evidence_end
    return c.support_start, c.support_end


@require_POST
@htmx_refusals
def claim_verdict(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark a claim verified (with evidence: a picked passage, a link, or the engine's supporting
    passage), disputed (with a reason) or pending again."""
    claim = permissions.get_claim_for_user(request.user, pk, write=True)
    form = forms.VerdictForm(request.POST)
    done: list[Claim] = []

    def action() -> str:
        d = form.cleaned_data
        c = workflow.set_verdict(
            claim=claim,
            user=request.user,
            verdict=d["verdict"],
            note=d["note"],
            evidence_url=d["evidence_url"],
            evidence=None if d["evidence_support"] else form.evidence(),
            use_support=d["evidence_support"],
            expected=d["expected"] or None,
        )
        done.append(c)
        return f"Claim marked {c.get_verdict_display().lower()}."

    def respond(message: str) -> HttpResponse:
        c = done[0]
        page, view = build_claim(c, request.user, can_work=True)
        # The claim's underline in the rewrite changes style and tag: the page redraws it from
        # the event's detail (static/js/workspace.js). The source passage outlined for it moves
        # only when evidence was picked: then those paragraphs come back.
        before, after = _claim_outline(claim), _claim_outline(c)
        text: TextChanges = {"source": [before, after]} if before != after else {}
        return _regions_response(
            request,
            c.review,
            ("claims-count", *PANELS),
            message=message,
            event={
                "claim": c.pk,
                "verdict": c.verdict,
                "number": view.number,
                "tag": view.tag,
                "title": view.title,
            },
            text=text,
            can_work=True,
            extra=[_render_item(request, page, view, oob=True)],
        )

    return _act(
        request,
        claim.review,
        form,
        action,
        ("col-source", "col-rewrite", "claims-panel", *PANELS, f"c{claim.pk}"),
        respond=respond,
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
        comment = workflow.add_comment(
            review=review,
            user=request.user,
            body=d["body"],
            highlight=highlight,
            claim=claim,
            parent=parent,
        )
        return mentions.with_feedback("Reply posted." if parent else "Comment posted.", comment)

    return _act(request, review, form, action, regions, can_work=True)


@require_POST
@htmx_refusals
def comment_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Edit one's own comment; an edit based on an older version is refused, its text kept."""
    comment = permissions.get_comment_for_user(request.user, pk, write=True)
    form = forms.CommentEditForm(request.POST)
    stale: list[workflow.StaleEdit] = []

    def action() -> str:
        d = form.cleaned_data
        try:
            edited = workflow.edit_comment(
                comment=comment,
                user=request.user,
                body=d["body"],
                expected_version=d["version"] or None,
            )
        except workflow.StaleEdit as exc:
            # Answered below by _stale_comment, not by _act's 409, which re-renders the thread
            # from the database and with it the edit form, dropping the typed text; a plain
            # WorkflowError makes _act stop without rendering any region.
            stale.append(exc)
            raise workflow.WorkflowError(exc.message) from exc
        return mentions.with_feedback("Comment edited.", edited)

    top = comment.parent or comment
    regions = _thread_regions(top.highlight_id, top.claim_id)
    response = _act(request, comment.review, form, action, regions, can_work=True)
    if stale:
        return _stale_comment(request, stale[0], form.cleaned_data["body"])
    return response


def _stale_comment(request: HttpRequest, exc: workflow.StaleEdit, draft: str) -> HttpResponse:
    """409 for a stale comment edit: the comment as it is now, with the refused text kept in
    its edit form (which now carries the current version)."""
    comment = exc.current
    row = build_comment(comment)
    if not request.htmx:
        ctx = {"message": exc.message, "review": comment.review, "comment": row, "draft": draft}
        return render(request, "reviews/refused.html", ctx, status=409)
    csrf = escape(get_token(request))
    ctx = Ctx(
        csrf=f'<input type="hidden" name="csrfmiddlewaretoken" value="{csrf}">',
        read_only=False,
        comment_url="",
        user_pk=request.user.pk,
        closed=False,
    )
    article = comment_html(row, ctx, draft=draft, error=exc.message)
    anchor = f'id="comment-{comment.pk}"'
    article = article.replace(anchor, f'{anchor} hx-swap-oob="true"', 1)
    body = escape(exc.message) + _live(exc.message, error=True) + article
    response = HttpResponse(body, status=409)
    response["HX-Reswap"] = "innerHTML"
    return response


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
    return _act(request, comment.review, form, action, regions, can_work=True)


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
