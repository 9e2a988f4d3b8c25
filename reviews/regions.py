"""The workspace's swappable regions, rendered for a page, an htmx GET or a write's answer.

A region is a named partial of reviews/workspace.html ("findings-panel", "col-rewrite"), an
item key ("h12" for a finding, "c3" for a claim: that item in full, with its forms and threads),
or an Insert (a new finding with its place in the list). `Regions` renders a set of them for one
request, loading only what they show.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.contrib.auth.models import User
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils.html import escape

from newsdesk.http import AuthenticatedRequest
from reviews.models import Claim, Highlight, Review
from reviews.presenters import (
    ClaimView,
    FindingView,
    ItemPage,
    Workspace,
    build_claim,
    build_finding,
    build_paragraph_changes,
    build_regions,
    build_workspace,
    needs_rows,
)
from reviews.presenters.rows import ReviewRows, load_rows
from reviews.templatetags.workspace_html import Ctx, finding_html, paragraph_html

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

# Every region of the page: the answer to a write that can change anything (a sign-off).
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


@dataclass(frozen=True)
class Insert:
    """A new finding, swapped into the findings list out of band, before the item `before`
    (its successor in risk order), or at the end of the list when `before` is ""."""

    item: str
    before: str


Region = str | Insert


def page_context(ws: Workspace) -> dict:
    """The template context of the workspace page, or of any of its regions."""
    return {"ws": ws, "review": ws.review, "story": ws.review.story}


def render_region(request: AuthenticatedRequest, ws: Workspace, region: str, *, oob: bool) -> str:
    """One named region of the page, from a Workspace that loaded what it shows."""
    ctx = page_context(ws) | {"oob": oob}
    if region.startswith("col-"):
        ctx["col"] = ws.column(region.removeprefix("col-"))
    return render_to_string(f"{TEMPLATE}#{REGIONS[region]}", ctx, request=request)


def render_item(
    request: AuthenticatedRequest, page: ItemPage, view: FindingView | ClaimView, *, oob: bool
) -> str:
    """A finding or claim view (from build_finding or build_claim), in full."""
    name, key = ("finding", "f") if isinstance(view, FindingView) else ("claim", "cv")
    ctx = {key: view, "ws": page, "review": page.review, "story": page.review.story, "oob": oob}
    return render_to_string(f"{TEMPLATE}#{name}", ctx, request=request)


def build_item(
    item: Highlight | Claim,
    user: User,
    *,
    can_work: bool,
    number: int | None = None,
    contested_by: str | None = None,
) -> tuple[ItemPage, FindingView | ClaimView]:
    """The view-model of one finding or claim in full, with its threads (`number`: its number,
    if known, else counted; `contested_by`, for a claim, likewise)."""
    if isinstance(item, Highlight):
        return build_finding(item, user, can_work=can_work, number=number)
    return build_claim(item, user, can_work=can_work, number=number, contested_by=contested_by)


def live(message: str, *, error: bool = False) -> str:
    """The aria-live status line, as an out-of-band swap."""
    cls = "ws-live is-error" if error else "ws-live"
    role = "alert" if error else "status"
    return (
        f'<div id="ws-live" class="{cls}" role="{role}" aria-live="polite" '
        f'hx-swap-oob="true">{escape(message)}</div>'
    )


def load_item(review: Review, key: str) -> Highlight | Claim:
    """The finding ("h12") or claim ("c3") of this review, with the review already attached:
    the caller has checked the user's access to the review."""
    manager = review.highlights if key.startswith("h") else review.claims
    item = manager.get(pk=int(key[1:]))
    item.review = review
    return item


@dataclass
class Regions:
    """Renders regions, items and paragraphs for one request, as out-of-band swaps.

    `can_work`: whether the user may work on the review, as the view found when it checked.
    The item views it builds stay in `items`, for the events that describe them.
    """

    request: AuthenticatedRequest
    review: Review
    can_work: bool
    items: dict[str, FindingView | ClaimView] = field(default_factory=dict)
    # Item numbers the paragraphs counted, and what contests their claims, by key: the items
    # rendered after reuse them.
    numbers: dict[str, int] = field(default_factory=dict)
    contested: dict[str, str] = field(default_factory=dict)
    # Every highlight and claim of the review as rows, once something read them.
    rows: ReviewRows | None = None

    def review_rows(self) -> ReviewRows:
        """The review's rows (presenters/rows.py), read on first use: the paragraphs, counts,
        sign-off blockers and list positions an answer shows all come from them."""
        if self.rows is None:
            self.rows = load_rows(self.review)
        return self.rows

    def paragraphs(self, text: TextChanges) -> list[str]:
        """The paragraphs of text holding these ranges, re-rendered with their marks."""
        if not text:
            return []
        changed = build_paragraph_changes(self.review, text, self.review_rows())
        self.numbers |= changed.numbers
        self.contested |= changed.contested
        return [paragraph_html(side, p, oob=True) for side, p in changed.paragraphs]

    def render(
        self, regions: Iterable[Region], objects: dict[str, Highlight | Claim] | None = None
    ) -> list[str]:
        """Each region as an out-of-band swap, built with only the data it shows.

        An item inside a panel that comes back is expanded there rather than sent twice;
        `objects` holds items the caller already has, by key.
        """
        regions = tuple(regions)
        objects = objects or {}
        named = [r for r in regions if isinstance(r, str) and r in REGIONS]
        others = [r for r in regions if not (isinstance(r, str) and r in REGIONS)]
        parts: list[str] = []
        if named:
            rows = self.review_rows() if needs_rows(named) else None
            ws = build_regions(
                self.review, self.request.user, named, can_work=self.can_work, rows=rows
            )
            in_panels = set()
            if "findings-panel" in named:
                in_panels |= {f.key for f in (*ws.findings, *ws.dismissed)}
            if "claims-panel" in named:
                in_panels |= {cv.key for cv in ws.claims}
            for key in others:
                if key in in_panels:
                    ws.expand(key)
            others = [key for key in others if key not in in_panels]
            parts += [render_region(self.request, ws, r, oob=True) for r in named]
        for region in others:
            if isinstance(region, Insert):
                highlight = objects[region.item]
                assert isinstance(highlight, Highlight)
                parts.append(self._insert(region, highlight))
            else:
                parts.append(self._item(region, objects.get(region)))
        return parts

    def _item(self, key: str, obj: Highlight | Claim | None) -> str:
        page, view = build_item(
            obj or load_item(self.review, key),
            self.request.user,
            can_work=self.can_work,
            number=self.numbers.get(key),
            contested_by=self.contested.get(key),
        )
        self.items[key] = view
        return render_item(self.request, page, view, oob=True)

    def _insert(self, insert: Insert, highlight: Highlight) -> str:
        # Just created: it has no comments to load yet.
        page, view = build_finding(
            highlight,
            self.request.user,
            can_work=self.can_work,
            threads=False,
            number=self.numbers.get(insert.item),
        )
        self.items[insert.item] = view
        ctx = Ctx.of(
            {
                "ws": page,
                "review": self.review,
                "user": self.request.user,
                "csrf_token": get_token(self.request),
            }
        )
        # htmx swaps the wrapper's children in at the target, by the strategy before the colon.
        if insert.before:
            where = f"beforebegin:#finding-{insert.before[1:]}"
        else:
            where = "beforeend:#findings-list"
        return f'<div hx-swap-oob="{where}">{finding_html(view, ctx)}</div>'

    def refreshed(self, regions: Iterable[Region]) -> list[str]:
        """The named regions from a whole fresh workspace, with the named items expanded in
        their panels: what a refused write shows, so the page catches up with the state that
        refused it."""
        regions = tuple(regions)
        ws = build_workspace(self.review, self.request.user, can_work=self.can_work)
        for key in regions:
            if isinstance(key, str) and key not in REGIONS:
                ws.expand(key)
        return [
            render_region(self.request, ws, r, oob=True)
            for r in regions
            if isinstance(r, str) and r in REGIONS
        ]
