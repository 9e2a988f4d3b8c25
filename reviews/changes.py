"""What each kind of write re-renders and announces: one table, read by `respond` and `refuse`.

A view checks access, parses its form, calls one workflow verb and hands `respond` a Change:
the kind of write, the review, the message, and the object as it was and as it is. The table
(CHANGES) says, for each kind, which regions of the workspace come back as out-of-band swaps,
which paragraphs of text, and which htmx events (`HX-Trigger`) the answer carries; when the
workflow refuses a write with a conflict, which regions come back fresh, so the page shows the
state that refused it. Views list no regions themselves.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace

from django.contrib import messages
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.utils.html import escape
from django_htmx.http import trigger_client_event

from newsdesk.http import AuthenticatedRequest
from reviews import workflow
from reviews.models import Claim, Comment, Highlight, Review
from reviews.presenters import build_comment
from reviews.querysets import BLOCKING_SEVERITIES, UNSETTLED_HIGHLIGHT_STATUSES
from reviews.regions import EVERYTHING, Insert, Region, Regions, TextChanges, live
from reviews.templatetags.workspace_html import Ctx, comment_html

# What (nearly) every write changes besides its own item.
PANELS = ("ws-progress", "signoff-panel")


@dataclass(frozen=True)
class Change:
    """One write, as its answer needs it.

    `was`: the object the view checked, as it was before the write (the workflow re-reads what
    it changes, so this one keeps the old state); `item`: the object as the write left it.
    `can_work`: whether the user may work on the review, as the view checked it.
    `side` and `thread` say where a new highlight or comment goes.
    """

    kind: str
    review: Review
    can_work: bool
    message: str = ""
    was: Highlight | Claim | Comment | None = None
    item: Highlight | Claim | Comment | None = None
    side: str = ""
    thread: str = ""

    @property
    def highlight(self) -> Highlight:
        """The highlight the write left (for the kinds of change that write one)."""
        assert isinstance(self.item, Highlight), self.kind
        return self.item

    @property
    def highlight_was(self) -> Highlight:
        assert isinstance(self.was, Highlight), self.kind
        return self.was

    @property
    def claim(self) -> Claim:
        """The claim the write left (for the kinds of change that write one)."""
        assert isinstance(self.item, Claim), self.kind
        return self.item

    @property
    def claim_was(self) -> Claim:
        assert isinstance(self.was, Claim), self.kind
        return self.was

    @contextmanager
    def refusals(self) -> Iterator[None]:
        """Inside: a refusal by the workflow (or a form) becomes Refused, carrying this change."""
        try:
            yield
        except workflow.WorkflowError as exc:
            raise Refused(self, exc) from exc

    def done(
        self,
        item: Highlight | Claim | Comment | None,
        message: str,
        *,
        review: Review | None = None,
    ) -> Change:
        """This change once the workflow made it (`review`: as the workflow left it)."""
        return replace(self, item=item, message=message, review=review or self.review)


class Refused(Exception):
    """A write the workflow refused: the change it would have made, and the workflow's error."""

    def __init__(self, change: Change, error: workflow.WorkflowError) -> None:
        super().__init__(error.message)
        self.change = change
        self.error = error


Events = dict[str, dict]


@dataclass(frozen=True)
class Effect:
    """What one kind of change re-renders (`regions`, `text`), announces (`events`, given the
    Change and the item views the answer built) and, when refused with a conflict, refreshes.
    `reload`: the write may close the review, so the answer reads the review afresh."""

    regions: Callable[[Change, Regions], tuple[Region, ...]]
    conflict: Callable[[Change], tuple[Region, ...]]
    text: Callable[[Change], TextChanges] = lambda change: {}
    events: Callable[[Change, Regions], Events] = lambda change, answer: {
        "reviewChanged": {"review": change.review.pk}
    }
    reload: bool = False


def _everything(change: Change, answer: Regions | None = None) -> tuple[Region, ...]:
    return EVERYTHING


def _key(obj: Highlight | Claim) -> str:
    return f"h{obj.pk}" if isinstance(obj, Highlight) else f"c{obj.pk}"


def _blocking_panels(*highlights: Highlight) -> tuple[str, ...]:
    """The progress counts, and the sign-off panel if a highlight blocked sign-off before or
    after the write: only unsettled critical and major findings are blockers (content_blockers),
    so a minor one, or a settled one staying settled, leaves the panel exactly as it was."""
    for h in highlights:
        if h.status in UNSETTLED_HIGHLIGHT_STATUSES and h.severity in BLOCKING_SEVERITIES:
            return PANELS
    return ("ws-progress",)


def _highlight_marks(change: Change) -> TextChanges:
    """Where a highlight is marked: its span, and its counterpart on the other side."""
    h = change.highlight
    return {h.side: [(h.start, h.end)], h.other_side: [(h.other_start, h.other_end)]}


def _highlight_conflict(change: Change) -> tuple[Region, ...]:
    return ("col-source", "col-rewrite", "findings-panel", *PANELS, _key(change.highlight_was))


# --- Highlights --------------------------------------------------------------------------


def _created_highlight(change: Change, answer: Regions) -> tuple[Region, ...]:
    """The counts, and the new item in its place in the risk order; the first finding brings
    the whole panel back, which has no list to put it in yet."""
    h = change.highlight
    before, listed = answer.review_rows().finding_position(h)
    if listed <= 1:
        return ("findings-panel", *_blocking_panels(h), _key(h))
    return ("findings-count", *_blocking_panels(h), Insert(_key(h), before))


def _highlight_status(change: Change, answer: Regions) -> tuple[Region, ...]:
    """Dismissing or restoring moves the item between the findings and the dismissed list."""
    was, h = change.highlight_was, change.highlight
    dismissed = Highlight.Status.DISMISSED
    moved = (was.status == dismissed) != (h.status == dismissed)
    lists = ("findings-panel",) if moved else ("findings-count",)
    return (*lists, *_blocking_panels(was, h), _key(h))


def _highlight_edited(change: Change, answer: Regions) -> tuple[Region, ...]:
    """Category and severity set the item's place in the risk order: the panel comes back."""
    return (
        "findings-panel",
        *_blocking_panels(change.highlight_was, change.highlight),
        _key(change.highlight),
    )


def _highlight_event(change: Change, answer: Regions) -> Events:
    h = change.highlight
    return {"reviewChanged": {"highlight": h.pk, "status": h.status}}


def _created_events(change: Change, answer: Regions) -> Events:
    return {
        "reviewChanged": {"review": change.review.pk},
        "highlightCreated": {"id": change.highlight.pk},
    }


# --- Claims ------------------------------------------------------------------------------


def _claim_outline(c: Claim) -> tuple[int | None, int | None]:
    """The source passage outlined for a claim: its evidence, else the engine's support."""
    if c.evidence_start is not None:
        return c.evidence_start, c.evidence_end
    return c.support_start, c.support_end


def _verdict_text(change: Change) -> TextChanges:
    """The claim's underline in the rewrite changes style and tag, so its paragraphs come back;
    the source passage outlined for it moves only when evidence was picked: then those too."""
    c = change.claim
    text: TextChanges = {"rewrite": [(c.start, c.end)]}
    before, after = _claim_outline(change.claim_was), _claim_outline(c)
    if before != after:
        text["source"] = [before, after]
    return text


def _verdict_event(change: Change, answer: Regions) -> Events:
    c = change.claim
    view = answer.items[_key(c)]
    return {
        "reviewChanged": {
            "claim": c.pk,
            "verdict": c.verdict,
            "number": view.number,
            "tag": view.tag,
            "title": view.title,
        }
    }


# Claims are numbered in text order: a new one renumbers those after it, in the rewrite's marks
# and in the panel, so both come back whole.
_CLAIM_CREATED = ("col-rewrite", "claims-panel", *PANELS)


# --- The table ---------------------------------------------------------------------------


def _thread(change: Change, answer: Regions | None = None) -> tuple[Region, ...]:
    return (change.thread,)


CHANGES: dict[str, Effect] = {
    "analysis.queued": Effect(regions=_everything, conflict=_everything, reload=True),
    "highlight.created": Effect(
        regions=_created_highlight,
        conflict=lambda change: (f"col-{change.side}", "findings-panel", *PANELS),
        text=lambda change: {
            change.highlight.side: [(change.highlight.start, change.highlight.end)]
        },
        events=_created_events,
    ),
    "highlight.status": Effect(
        regions=_highlight_status,
        conflict=_highlight_conflict,
        text=_highlight_marks,
        events=_highlight_event,
    ),
    "highlight.edited": Effect(
        regions=_highlight_edited,
        conflict=_highlight_conflict,
        text=_highlight_marks,
        events=_highlight_event,
    ),
    "claim.created": Effect(
        regions=lambda change, answer: _CLAIM_CREATED,
        conflict=lambda change: _CLAIM_CREATED,
        events=lambda change, answer: {
            "reviewChanged": {"review": change.review.pk},
            "claimCreated": {"id": change.claim.pk},
        },
    ),
    "claim.verdict": Effect(
        regions=lambda change, answer: ("claims-count", *PANELS, _key(change.claim)),
        conflict=lambda change: (
            "col-source",
            "col-rewrite",
            "claims-panel",
            *PANELS,
            _key(change.claim_was),
        ),
        text=_verdict_text,
        events=_verdict_event,
    ),
    "comment": Effect(regions=_thread, conflict=_thread),
    "signed_off": Effect(regions=_everything, conflict=_everything, reload=True),
    "changes_requested": Effect(regions=_everything, conflict=_everything, reload=True),
}


def thread_region(highlight_id: int | None, claim_id: int | None) -> str:
    """Where a thread lives: its finding or claim (in full), or the review's discussion."""
    if highlight_id:
        return f"h{highlight_id}"
    if claim_id:
        return f"c{claim_id}"
    return "review-thread"


def _reloaded(review: Review) -> Review:
    """The review as it is now, loaded as the access helpers load it."""
    return (
        Review.objects.select_related("story", "source", "rewrite")
        .prefetch_related("reviewers")
        .get(pk=review.pk)
    )


def respond(request: AuthenticatedRequest, change: Change) -> HttpResponse:
    """Answer a write: for htmx, what CHANGES says it re-renders, the message in the live region
    and its events; for a plain form post, a redirect back to the workspace with the message."""
    if not request.htmx:
        messages.success(request, change.message)
        return redirect(change.review)
    effect = CHANGES[change.kind]
    review = _reloaded(change.review) if effect.reload else change.review
    answer = Regions(request, review, change.can_work)
    objects = {}
    if isinstance(change.item, Highlight | Claim):
        objects[_key(change.item)] = change.item
    parts = answer.paragraphs(effect.text(change))
    parts += answer.render(effect.regions(change, answer), objects)
    if change.message:
        parts.append(live(change.message))
    response = HttpResponse("".join(parts))
    for name, detail in effect.events(change, answer).items():
        trigger_client_event(response, name, detail)
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


def typed_text(request: AuthenticatedRequest) -> list[tuple[str, str]]:
    """(label, text) for each free-text field of the post that holds something."""
    return [
        (label, request.POST[name])
        for name, label in TYPED_FIELDS.items()
        if request.POST.get(name, "").strip()
    ]


def refuse(
    request: AuthenticatedRequest, change: Change, exc: workflow.WorkflowError
) -> HttpResponse:
    """Answer a refused write: htmx gets the message in the form's error slot (and, on a
    conflict, the regions CHANGES names, fresh); a plain post a 4xx page saying why, with what
    was typed. An edit from a stale tab is answered by stale_edit."""
    if isinstance(exc, workflow.StaleEdit):
        return stale_edit(request, exc, request.POST.get("body", ""))
    if not request.htmx:
        ctx = {"message": exc.message, "review": change.review, "kept": typed_text(request)}
        return render(request, "reviews/refused.html", ctx, status=exc.status)
    parts = [escape(exc.message), live(exc.message, error=True)]
    if exc.status == 409:
        answer = Regions(request, _reloaded(change.review), change.can_work)
        parts[1:1] = answer.refreshed(CHANGES[change.kind].conflict(change))
    response = HttpResponse("".join(parts), status=exc.status)
    response["HX-Reswap"] = "innerHTML"
    return response


def stale_edit(request: AuthenticatedRequest, exc: workflow.StaleEdit, draft: str) -> HttpResponse:
    """409 for a comment edit based on an older version: the comment as it is now, with the
    refused text kept in its edit form (which now carries the current version). Not the
    conflict regions: re-rendering the thread would re-render its edit form, dropping the text."""
    comment = exc.current
    assert isinstance(comment, Comment)
    row = build_comment(comment)
    if not request.htmx:
        ctx = {"message": exc.message, "review": comment.review, "comment": row, "draft": draft}
        return render(request, "reviews/refused.html", ctx, status=409)
    csrf = escape(get_token(request))
    item_ctx = Ctx(
        csrf=f'<input type="hidden" name="csrfmiddlewaretoken" value="{csrf}">',
        read_only=False,
        comment_url="",
        user_pk=request.user.pk,
        closed=False,
    )
    article = comment_html(row, item_ctx, draft=draft, error=exc.message)
    anchor = f'id="comment-{comment.pk}"'
    article = article.replace(anchor, f'{anchor} hx-swap-oob="true"', 1)
    response = HttpResponse(escape(exc.message) + live(exc.message, error=True) + article)
    response.status_code = 409
    response["HX-Reswap"] = "innerHTML"
    return response
