"""HTML for the workspace's repetitive parts: column text with its marks, panel items, threads.

A 5,000-word review holds about a thousand text segments, 300 panel items and 170 comments;
rendered through a template engine they cost more than everything else on the page, so they are
built here as strings instead. Measured with bench/workspace.py on SQLite (same machine, runs
interleaved with these strings): the item, thread and form markup as django-template-partials
partials made the page p50 83 ms against 28 ms (Django resolves some 15,000 variables a page);
as Jinja2 macros, min 37 ms against 26 ms, and rendering the lists alone 19-21 ms against 4-6 ms.
The target is 30 ms. The markup is the workspace's htmx and browser-test contract (ids,
classes, data attributes): change it with care.

Every value that comes from the database or a person goes through `_e` (HTML-escaping, quotes
included) or a Django filter that escapes; only our own constant markup is left as it is, and
only the joined result is marked safe.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, tzinfo
from functools import lru_cache
from html import escape as _e

from django import template
from django.conf import settings
from django.utils.dates import MONTHS_3
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import normalize_newlines
from django.utils.timezone import (  # type: ignore[attr-defined]  # stubs lack template_localtime
    get_current_timezone,
    is_naive,
    template_localtime,
)

from reviews.mentions import paragraphs_html as mention_paragraphs
from reviews.models import comment_version
from reviews.presenters import (
    CATEGORY_LABELS,
    SEVERITY_LABELS,
    STATUS_LABELS,
    VERDICT_LABELS,
    ClaimView,
    Column,
    FindingView,
    Paragraph,
    Segment,
    label,
)
from reviews.templatetags.review_history import anchor_note_html, written_on_html

register = template.Library()
_BLANK_LINES = re.compile("\n{2,}")


@dataclass(frozen=True)
class Ctx:
    """What item markup needs from the page: the CSRF field, who is looking, where to post."""

    csrf: str
    read_only: bool
    comment_url: str
    user_pk: int | None
    closed: bool
    # Month abbreviations in the active language (the date filter's "M"), looked up once.
    months: tuple[str, ...] = ()
    # The active time zone when USE_TZ is on, looked up once (None: template_localtime's own
    # lookup per value, which costs more than the rest of a comment's date).
    tz: tzinfo | None = None

    def month(self, number: int) -> str:
        if not self.months:
            return str(MONTHS_3[number]).title()
        return self.months[number - 1]

    def localtime(self, value: datetime) -> datetime:
        """template_localtime(value), as the templates show a datetime."""
        if self.tz is None:
            return template_localtime(value)
        return value if is_naive(value) else value.astimezone(self.tz)

    @classmethod
    def of(cls, context) -> Ctx:
        """From a template context holding `ws` (a Workspace or an ItemPage) and `review`."""
        ws, review, user = context["ws"], context["review"], context.get("user")
        token = _e(str(context.get("csrf_token") or ""))
        return cls(
            csrf=f'<input type="hidden" name="csrfmiddlewaretoken" value="{token}">',
            read_only=ws.read_only,
            comment_url=_e(ws.comment_url),
            user_pk=getattr(user, "pk", None),
            closed=review.is_closed,
            months=tuple(str(MONTHS_3[m]).title() for m in range(1, 13)),
            tz=get_current_timezone() if settings.USE_TZ else None,
        )


def _oob(oob: bool) -> str:
    return ' hx-swap-oob="true"' if oob else ""


def _paragraphs(text: str) -> str:
    """The linebreaks filter (autoescaped): <p> per blank-line paragraph, <br> per newline."""
    paras = _BLANK_LINES.split(normalize_newlines(text))
    return "\n\n".join([f"<p>{_e(p)}</p>".replace("\n", "<br>") for p in paras])


def _br(text: str) -> str:
    """The linebreaksbr filter: escaped, newlines as <br>."""
    return _e(normalize_newlines(text)).replace("\n", "<br>")


# --- Column text ---------------------------------------------------------------------------


# Classes and titles repeat across a column's segments (one per finding or claim, or a few per
# overlap): escape each once.
_e_repeated = lru_cache(maxsize=4096)(_e)


def segment_html(s: Segment) -> str:
    if not s.el:
        return _e(s.text)
    text, title = _e(s.text), _e_repeated(s.title)
    attrs = [f'<{s.el} class="{_e_repeated(s.cls)}"']
    if s.el == "mark":
        attrs.append(f' data-highlight-ids="{s.hids}"')
        if s.dids:
            attrs.append(f' data-dismissed-ids="{s.dids}"')
    if s.cids:
        attrs.append(f' data-claim-ids="{s.cids}"')
    if s.cp:
        attrs.append(f' data-counterpart="{s.cp}"')
    if s.el == "mark":
        if s.tag:
            attrs.append(f' data-tag="{_e(s.tag)}"')
        if s.dtag:
            attrs.append(f' data-dtag="{_e(s.dtag)}"')
    if s.ctag:
        attrs.append(f' data-ctag="{_e(s.ctag)}"')
    if s.anchor:
        attrs.append(f' id="{s.anchor}"')
    if s.labelled:
        # s.label, escaped: escaping works character by character.
        attrs.append(f' aria-label="{title}: {text}"')
    attrs.append(f' title="{title}">{text}</{s.el}>')
    return "".join(attrs)


def paragraph_html(side: str, p: Paragraph, *, oob: bool = False) -> str:
    """One paragraph of a column: an inline run (so the text and its offsets stay exactly the
    stored body's), with an id that lets a write re-render just this paragraph, and the id of
    the other column's paragraph it aligns with (for linked scrolling)."""
    body = "".join([segment_html(s) for s in p.segments])
    align = ""
    if p.align is not None:
        align = f' data-align="{"rewrite" if side == "source" else "source"}-p{p.align}"'
    return f'<span class="ws-para" id="{side}-p{p.index}"{align}{_oob(oob)}>{body}</span>'


@register.simple_tag
def column_body(col: Column) -> SafeString:
    """The text of a column, paragraph by paragraph, with its marks."""
    return mark_safe("".join([paragraph_html(col.side, p) for p in col.paragraphs]))  # noqa: S308 - escaped above


# --- Threads -------------------------------------------------------------------------------


def comment_html(c, ctx: Ctx, *, draft: str | None = None, error: str = "") -> str:
    """One comment; for its author, an edit form carrying the version it is based on.

    `draft` (with `error`): text refused as a stale edit, kept in the open edit form, which now
    carries the current version, so saving again is a deliberate overwrite.
    """
    name = _e(c.author_name)
    when = ctx.localtime(c.created_at)
    # The date filters "c" and "j M H:i", spelt out: the filter costs more than the rest of a
    # comment's markup.
    month = ctx.month(when.month)
    parts = [
        f'<article class="ws-comment{" is-reply" if c.parent_id else ""}" id="comment-{c.pk}" '
        f'data-comment="{c.pk}"><header><strong>{name}</strong> '
        f'<time datetime="{when.isoformat(timespec="seconds")}">'
        f"{when.day} {month} {when.hour:02d}:{when.minute:02d}</time>",
        ' <span class="ws-muted">(edited)</span>' if c.edited_at else "",
        written_on_html(c),
        f'</header><div class="ws-comment-body">{mention_paragraphs(c.body)}</div>',
    ]
    if c.author_id == ctx.user_pk and not ctx.closed and not c.carried_from_id:
        url = _e(c.edit_url)
        version = comment_version(c.created_at, c.edited_at)
        text = c.body if draft is None else draft
        parts.append(
            f'<details class="ws-edit"{" open" if draft is not None else ""}>'
            f'<summary>Edit</summary><form method="post" action="{url}" hx-post="{url}" '
            f'class="ws-form">{ctx.csrf}<input type="hidden" name="version" value="{version}">'
            f'<label>Comment <textarea name="body" rows="3">{_e(text)}</textarea></label>'
            '<button type="submit" data-action="edit-comment">Save</button>'
            f'<p class="form-error" role="alert">{_e(error)}</p></form></details>'
        )
    parts.append("</article>")
    return "".join(parts)


def thread_html(t, ctx: Ctx) -> str:
    parts = [
        f'<div class="ws-thread{" is-resolved" if t.resolved else ""}" data-thread="{t.pk}">',
        comment_html(t, ctx),
    ]
    parts += [comment_html(r, ctx) for r in t.reply_list]
    if t.resolved:
        who = t.resolved_by_username or ""
        parts.append(f'<p class="ws-muted">Resolved by {_e(who)}.</p>')
    if not ctx.read_only:
        url = _e(t.resolve_url)
        if t.resolved:
            button = '<button type="submit" data-action="reopen-thread">Reopen thread</button>'
        else:
            button = (
                '<input type="hidden" name="resolved" value="on">'
                '<button type="submit" data-action="resolve-thread">Resolve thread</button>'
            )
        parts.append(
            '<div class="ws-thread-actions"><details><summary>Reply</summary>'
            f'<form method="post" action="{ctx.comment_url}" hx-post="{ctx.comment_url}" '
            f'class="ws-form">{ctx.csrf}<input type="hidden" name="parent" value="{t.pk}">'
            '<label>Reply <textarea name="body" rows="2"></textarea></label>'
            '<button type="submit" data-action="reply">Post reply</button>'
            "</form></details>"
            f'<form method="post" action="{url}" hx-post="{url}" class="ws-inline">{ctx.csrf}'
            f"{button}</form></div>"
        )
    parts.append("</div>")
    return "".join(parts)


def comment_form_html(ctx: Ctx, target_field: str = "", target_id: int | str = "") -> str:
    target = (
        f'<input type="hidden" name="{target_field}" value="{target_id}">' if target_field else ""
    )
    return (
        f'<form method="post" action="{ctx.comment_url}" hx-post="{ctx.comment_url}" '
        f'class="ws-form ws-comment-form" data-form="comment">{ctx.csrf}{target}'
        '<label>Comment <textarea name="body" rows="2"></textarea></label>'
        '<button type="submit" data-action="comment">Post comment</button>'
        "</form>"
    )


def _threads_section(label: str, count: int, threads, ctx: Ctx, field: str, pk: int) -> str:
    parts = [
        f'<section class="ws-threads" aria-label="Comments on {label}"><h3>Comments ({count})</h3>'
    ]
    parts += [thread_html(t, ctx) for t in threads]
    if not ctx.read_only:
        parts.append(comment_form_html(ctx, field, pk))
    parts.append("</section>")
    return "".join(parts)


@register.simple_tag(takes_context=True)
def review_threads(context, threads) -> SafeString:
    """The review's own discussion: every thread with its replies and forms."""
    ctx = Ctx.of(context)
    if not threads:
        return mark_safe('<p class="ws-empty">No comments on the review yet.</p>')
    return mark_safe("".join([thread_html(t, ctx) for t in threads]))  # noqa: S308 - escaped above


@register.simple_tag(takes_context=True)
def review_comment_form(context) -> SafeString:
    return mark_safe(comment_form_html(Ctx.of(context)))  # noqa: S308 - no user text


# --- Findings ------------------------------------------------------------------------------

# A finding's actions. Enter in a text field sends its form's first submit button (the form's
# default button), so each text field comes before the button it goes with: a suggestion's one
# form holds the dismissal reason, Dismiss, then "Confirm as a problem" (one form, not two: the
# 5,000-word bench workspace has a hundred suggestions, 39 KB of repeated form markup); a
# confirmed (open) finding has two text fields, so resolving (saying what was fixed if one
# likes) and dismissing are forms of their own; a settled one is reopened.
_CONFIRM = (
    '<button type="submit" name="action" value="accept" data-action="accept">'
    "Confirm as a problem</button>"
)
_RESOLVE = (
    '<input type="text" name="reason" aria-label="What was fixed (optional)" '
    'placeholder="What was fixed (optional)" autocomplete="off">'
    '<button type="submit" name="action" value="resolve" data-action="resolve">Resolve</button>'
)
_DISMISS = (
    '<input type="text" name="reason" aria-label="Reason for dismissing (optional)" '
    'placeholder="Reason (optional)" autocomplete="off">'
    '<button type="submit" name="action" value="dismiss" data-action="dismiss">Dismiss</button>'
)
_REOPEN = '<button type="submit" name="action" value="reopen" data-action="reopen">Reopen</button>'
_ACTIONS = {
    "suggested": (("status", _DISMISS + _CONFIRM),),
    "open": (("resolve", _RESOLVE), ("dismiss", _DISMISS)),
    "resolved": (("status", _REOPEN),),
    "dismissed": (("status", _REOPEN),),
}


def _status_forms(f: FindingView, ctx: Ctx) -> str:
    url, status = _e(f.status_url), _e(f.h.status)
    return "".join(
        f'<form method="post" action="{url}" hx-post="{url}" class="ws-actions" '
        f'data-form="{name}">{ctx.csrf}<input type="hidden" name="expected" value="{status}">'
        f"{controls}</form>"
        for name, controls in _ACTIONS.get(f.h.status, ())
    )


def finding_html(f: FindingView, ctx: Ctx, *, oob: bool = False) -> str:
    """One finding: compact (its forms and threads load on demand) unless `f.full`."""
    h = f.h
    pk, status = h.pk, h.status
    unsettled = status in ("suggested", "open")
    origin = "engine" if h.origin == "engine" else f.author_name
    parts = [
        f'<li id="finding-{pk}" class="ws-item ws-finding sev-{_e(h.severity)} st-{_e(status)}'
        f'{" is-suggestion" if status == "suggested" else ""}" tabindex="-1" data-item="h{pk}" '
        f'data-kind="finding" data-status="{_e(status)}" '
        f'data-settled="{"true" if f.settled else "false"}" data-side="{_e(h.side)}"',
        "" if f.full else f' data-lazy="{_e(f.detail_url)}"',
        _oob(oob),
        f'><div class="ws-item-head">'
        f'<span class="ws-tag cat-{_e(h.category)}">{_e(f.tag)}</span>'
        f' <span class="ws-sev">{_e(label(SEVERITY_LABELS, h.severity))}</span>'
        f' <span class="ws-cat">{_e(label(CATEGORY_LABELS, h.category))}</span>'
        f' <span class="ws-status" data-field="status">{_e(label(STATUS_LABELS, status))}</span>'
        f' <span class="ws-origin">{_e(origin or "reviewer")} · {_e(h.side)}</span>'
        f' <button type="button" class="link" data-action="show" data-show="h{pk}">Show</button>'
        f'</div><blockquote class="ws-quote">{_e(h.quote)}</blockquote>',
    ]
    if h.other_quote:
        other = "Source" if h.side == "rewrite" else "Rewrite"
        parts.append(f'<p class="ws-other">{other}: <q>{_e(h.other_quote)}</q></p>')
    if h.message:
        pct = f.confidence_pct
        conf = "" if pct is None else f' <span class="ws-conf">({pct}% confidence)</span>'
        parts.append(f'<p class="ws-msg">{_e(h.message)}{conf}</p>')
    if h.note:
        parts.append(f'<div class="ws-note">{_br(h.note)}</div>')
    if h.dismiss_reason:
        parts.append(f'<p class="ws-muted">Dismissed: {_e(h.dismiss_reason)}</p>')
    if status == "resolved" and h.resolution_note:
        parts.append(f'<p class="ws-fixed">Fixed: {_e(h.resolution_note)}</p>')
    parts.append(anchor_note_html(h))
    if not ctx.read_only:
        parts.append(_status_forms(f, ctx))
        if f.full and unsettled:
            url = _e(f.edit_url)
            parts.append(
                '<details class="ws-edit"><summary>Edit category or severity</summary>'
                f'<form method="post" action="{url}" hx-post="{url}" class="ws-actions">'
                f'{ctx.csrf}<label>Category <select name="category">{f.category_options}'
                f'</select></label><label>Severity <select name="severity">'
                f"{f.severity_options}</select></label>"
                '<button type="submit" data-action="edit">Save</button>'
                "</form></details>"
            )
    if f.full:
        parts.append(
            _threads_section(f"#{f.number}", f.comment_count, f.threads, ctx, "highlight", pk)
        )
    else:
        more = " and editing" if not ctx.read_only else ""
        parts.append(
            f'<a class="ws-more" href="{_e(f.detail_url)}" data-action="expand">'
            f"Comments ({f.comment_count}){more}…</a>"
        )
    parts.append("</li>")
    return "".join(parts)


@register.simple_tag(takes_context=True)
def finding_item(context, f: FindingView) -> SafeString:
    return mark_safe(finding_html(f, Ctx.of(context), oob=bool(context.get("oob"))))  # noqa: S308 - escaped above


@register.simple_tag(takes_context=True)
def finding_items(context, findings) -> SafeString:
    ctx = Ctx.of(context)
    return mark_safe("".join([finding_html(f, ctx) for f in findings]))  # noqa: S308 - escaped above


# --- Claims --------------------------------------------------------------------------------


def _verdict_forms(cv: ClaimView, ctx: Ctx) -> str:
    c, url = cv.c, _e(cv.verdict_url)
    expected = f'<input type="hidden" name="expected" value="{_e(c.verdict)}">'
    parts = ['<div class="ws-verdicts">']
    if c.verdict != "verified":
        parts.append(
            f'<form method="post" action="{url}" hx-post="{url}" class="ws-form" '
            f'data-form="verify">{ctx.csrf}<input type="hidden" name="verdict" value="verified">'
            f'{expected}<input type="hidden" name="evidence_start" value="">'
            '<input type="hidden" name="evidence_end" value="">'
            '<input type="hidden" name="evidence_quote" value="">'
            '<input type="hidden" name="evidence_prefix" value="">'
            '<input type="hidden" name="evidence_suffix" value="">'
            f'<button type="button" data-action="pick-evidence" data-claim="{c.pk}" '
            f'data-claim-label="C{cv.number}">Pick source passage</button>'
            '<p class="ws-evidence-preview" data-evidence-preview></p>'
            '<label>or a link <input type="url" name="evidence_url" placeholder="https://…" '
            'autocomplete="off"></label><button type="submit" data-action="verify">Verified'
            "</button></form>"
        )
    if c.verdict != "disputed":
        parts.append(
            f'<form method="post" action="{url}" hx-post="{url}" class="ws-form" '
            f'data-form="dispute">{ctx.csrf}<input type="hidden" name="verdict" value="disputed">'
            f'{expected}<label>Why it is disputed <input type="text" name="note" '
            'autocomplete="off"></label><button type="submit" data-action="dispute">Disputed'
            "</button></form>"
        )
    if c.verdict != "pending":
        parts.append(
            f'<form method="post" action="{url}" hx-post="{url}" class="ws-inline" '
            f'data-form="pending">{ctx.csrf}<input type="hidden" name="verdict" value="pending">'
            f'{expected}<button type="submit" data-action="pending">Back to pending</button>'
            "</form>"
        )
    parts.append("</div>")
    return "".join(parts)


SUPPORT_QUOTE_CHARS = 300


def _support_html(cv: ClaimView, ctx: Ctx) -> str:
    """The source passage the engine found supporting a claim, and a button that verifies the
    claim with it as evidence (the view reads the passage from the claim, not from the page)."""
    quote = cv.support_quote
    if len(quote) > SUPPORT_QUOTE_CHARS:
        quote = quote[: SUPPORT_QUOTE_CHARS - 1].rstrip() + "…"
    parts = [f'<p class="ws-other ws-support">Source says: <q>{_e(quote)}</q></p>']
    if cv.contested_by and cv.c.verdict != "verified":
        # The engine's nearest passage is no proof when a finding says the claim is wrong.
        parts.append(
            f'<p class="ws-caution" data-field="contested">⚠ Settle {_e(cv.contested_by)} '
            "before verifying: it says this claim does not match the source.</p>"
        )
    elif not ctx.read_only and cv.c.verdict != "verified":
        url = _e(cv.verdict_url)
        parts.append(
            f'<form method="post" action="{url}" hx-post="{url}" class="ws-inline" '
            f'data-form="verify-support">{ctx.csrf}'
            '<input type="hidden" name="verdict" value="verified">'
            f'<input type="hidden" name="expected" value="{_e(cv.c.verdict)}">'
            '<input type="hidden" name="evidence_support" value="1">'
            '<button type="submit" data-action="verify-support">Verify with this passage</button>'
            "</form>"
        )
    return "".join(parts)


def claim_html(cv: ClaimView, ctx: Ctx, *, oob: bool = False) -> str:
    """One claim: compact (verdict forms and threads load on demand) unless `cv.full`."""
    c = cv.c
    pk = c.pk
    parts = [
        f'<li id="claim-{pk}" class="ws-item ws-claim v-{_e(c.verdict)}" tabindex="-1" '
        f'data-item="c{pk}" data-kind="claim" data-number="{cv.number}" '
        f'data-verdict="{_e(c.verdict)}" data-settled="{"true" if cv.settled else "false"}"',
        "" if cv.full else f' data-lazy="{_e(cv.detail_url)}"',
        _oob(oob),
        f'><div class="ws-item-head"><span class="ws-tag">{_e(cv.tag)}</span>'
        f' <span class="ws-verdict" data-field="verdict">'
        f"{_e(label(VERDICT_LABELS, c.verdict))}</span>",
    ]
    if c.kinds:
        parts.append(f' <span class="ws-muted">{_e(c.kinds)}</span>')
    if cv.verdict_by_name:
        parts.append(f' <span class="ws-origin">by {_e(cv.verdict_by_name)}</span>')
    parts.append(
        f' <button type="button" class="link" data-action="show" data-show="c{pk}">Show</button>'
        f'</div><blockquote class="ws-quote">{_e(c.quote)}</blockquote>'
    )
    if c.evidence_quote:
        parts.append(
            f'<p class="ws-other">Evidence in the source: <q>{_e(c.evidence_quote)}</q></p>'
        )
    if c.evidence_url:
        url = _e(c.evidence_url)
        parts.append(
            f'<p class="ws-other">Evidence: <a href="{url}" rel="noopener noreferrer" '
            f'target="_blank">{url}</a></p>'
        )
    has_evidence = bool(c.evidence_url) or c.evidence_start is not None
    if not has_evidence and cv.support_quote:
        parts.append(_support_html(cv, ctx))
    if c.verdict_note:
        parts.append(f'<p class="ws-note">{_e(c.verdict_note)}</p>')
    parts.append(anchor_note_html(c))
    if cv.full:
        if not ctx.read_only:
            parts.append(_verdict_forms(cv, ctx))
        parts.append(
            _threads_section(f"C{cv.number}", cv.comment_count, cv.threads, ctx, "claim", pk)
        )
    else:
        verbs = "Verify, dispute, comments" if not ctx.read_only else "comments"
        parts.append(
            f'<a class="ws-more" href="{_e(cv.detail_url)}" data-action="expand">'
            f"{verbs} ({cv.comment_count})…</a>"
        )
    parts.append("</li>")
    return "".join(parts)


@register.simple_tag(takes_context=True)
def claim_item(context, cv: ClaimView) -> SafeString:
    return mark_safe(claim_html(cv, Ctx.of(context), oob=bool(context.get("oob"))))  # noqa: S308 - escaped above


@register.simple_tag(takes_context=True)
def claim_items(context, claims) -> SafeString:
    ctx = Ctx.of(context)
    return mark_safe("".join([claim_html(cv, ctx) for cv in claims]))  # noqa: S308 - escaped above


# --- Sign-off ------------------------------------------------------------------------------


def _blocker_link(b) -> str:
    """A claim or finding that blocks, by its workspace number ("C2", "#3"), linking to its
    panel item; the full reason (with the quote) as the link's title."""
    key, anchor = ("c", "claim") if b.kind == "claim" else ("h", "finding")
    text = b.message
    if b.number is not None:
        text = f"C{b.number}" if b.kind == "claim" else f"#{b.number}"
    return (
        f'<a href="#{anchor}-{int(b.object_id)}" data-go="{key}{int(b.object_id)}" '
        f'title="{_e(b.message)}">{_e(text)}</a>'
    )


@register.simple_tag
def blocker_items(role) -> SafeString:
    """What blocks one role's sign-off (a presenters.signoff.RoleSignOff), as list items: the
    rules in the way, then the unsettled items by kind and state, each named by its number
    (a review can have hundreds)."""
    parts = [f'<li data-kind="{_e(b.kind)}">{_e(b.message)}</li>\n' for b in role.other_blockers]
    for group in role.groups:
        links = ", ".join([_blocker_link(b) for b in group.blockers])
        parts.append(
            f'<li data-kind="{_e(group.kind)}" data-state="{_e(group.state)}">'
            f"{_e(group.label)}: {links}</li>\n"
        )
    return mark_safe("".join(parts))  # noqa: S308 - escaped above
