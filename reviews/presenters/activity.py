"""The activity log in words: each audit event (reviews/audit.py) as a sentence that names the
item it touched the way the workspace names it, e.g. 'Ana confirmed finding #3 "19 killed" as
a problem', 'Ben marked claim C2 "repairs will cost $1.2 million" verified'.

Items are numbered as the workspace numbers them now (findings by age, claims in text order,
among the items still in the text: presenters/items.py); an item whose text an edit deleted is
named by its quote alone. Loading the names takes at most four queries whatever the number of
events: the comments the events touched, their findings and claims, the people assigned.

Every value from the database goes through format_html, which escapes it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db.models import Count, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils.dateparse import parse_datetime
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import localtime

from reviews.models import Claim, Comment, Event, Highlight, Review
from reviews.presenters.labels import CATEGORY_LABELS, SEVERITY_LABELS, label
from reviews.querysets import IN_TEXT

QUOTE_CHARS = 60


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= QUOTE_CHARS else text[: QUOTE_CHARS - 1] + "…"


@dataclass(frozen=True)
class Item:
    """A finding or claim as the log names it."""

    kind: str  # "finding" or "claim"
    pk: int
    review_id: int
    number: int | None  # None once its text is gone
    quote: str

    def html(self) -> SafeString:
        """'finding #3 "19 killed"', the name linking to the item in its review."""
        if self.number is None:
            return format_html("{} “{}” (no longer in the text)", self.kind, _short(self.quote))
        tag = f"C{self.number}" if self.kind == "claim" else f"#{self.number}"
        url = reverse("review_workspace", args=[self.review_id])
        return format_html(
            '<a href="{}#{}-{}">{} {}</a> “{}”',
            url,
            self.kind,
            self.pk,
            self.kind,
            tag,
            _short(self.quote),
        )


@dataclass
class Names:
    """What the sentences need besides the events: items, comment targets, review versions."""

    findings: dict[int, Item]
    claims: dict[int, Item]
    # comment pk -> ("finding" | "claim" | "", item pk)
    comments: dict[int, tuple[str, int | None]]
    # review pk -> its rewrite's version number
    versions: dict[int, int]
    # username -> full name, for the people an assignment names
    people: dict[str, str]

    def item(self, kind: str, pk: int | None) -> SafeString:
        found = (self.findings if kind == "finding" else self.claims).get(pk or 0)
        return found.html() if found else format_html("a {}", kind)

    def comment_target(self, pk: int | None) -> SafeString:
        kind, item = self.comments.get(pk or 0, ("", None))
        return self.item(kind, item) if kind else mark_safe("the review")

    def review(self, pk: int | None) -> str:
        number = self.versions.get(pk or 0)
        return f"the review of v{number}" if number else "a review"


def _numbered(model, ids: set[int], before: Q) -> dict[int, Item]:
    """The named items with their workspace numbers: one query (a count of the items in the
    text before each, in its own review)."""
    if not ids:
        return {}
    earlier = (
        model.objects.filter(IN_TEXT, before, review_id=OuterRef("review_id"))
        .order_by()
        .values("review_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    kind = "claim" if model is Claim else "finding"
    rows = (
        model.objects.filter(pk__in=ids)
        .annotate(number=Subquery(earlier))
        .values_list("pk", "review_id", "quote", "anchor_state", "number")
    )
    return {
        pk: Item(kind, pk, review_id, None if state == "orphaned" else number, quote)
        for pk, review_id, quote, state, number in rows
    }


def load_names(events: Iterable[Event], reviews: Iterable[Review] = ()) -> Names:
    """The items, comment targets, people and review versions the events speak of (at most
    four queries; `reviews`: reviews already loaded with their rewrite, to name them for free)."""
    ids: dict[str, set[int]] = {"highlight": set(), "claim": set(), "comment": set()}
    for e in events:
        if e.object_type in ids and e.object_id is not None:
            ids[e.object_type].add(e.object_id)
    comments: dict[int, tuple[str, int | None]] = {}
    if ids["comment"]:
        for pk, highlight_id, claim_id in Comment.objects.filter(pk__in=ids["comment"]).values_list(
            "pk", "highlight_id", "claim_id"
        ):
            if highlight_id:
                comments[pk] = ("finding", highlight_id)
                ids["highlight"].add(highlight_id)
            elif claim_id:
                comments[pk] = ("claim", claim_id)
                ids["claim"].add(claim_id)
    usernames = {
        name
        for e in events
        if e.verb == "review.reviewers_set"
        for name in _after(e, "reviewers", [])
    }
    people = {}
    if usernames:
        for username, first, last in User.objects.filter(username__in=usernames).values_list(
            "username", "first_name", "last_name"
        ):
            people[username] = f"{first} {last}".strip() or username
    return Names(
        findings=_numbered(Highlight, ids["highlight"], Q(pk__lte=OuterRef("pk"))),
        claims=_numbered(
            Claim,
            ids["claim"],
            Q(start__lt=OuterRef("start")) | Q(start=OuterRef("start"), pk__lte=OuterRef("pk")),
        ),
        comments=comments,
        versions={r.pk: r.rewrite.number for r in reviews},
        people=people,
    )


# --- The sentences --------------------------------------------------------------------------

Describe = Callable[[Event, SafeString, Names], SafeString]


def _after(e: Event, key: str, default=None):
    return (e.after or {}).get(key, default)


def _on(kind: str, words: str) -> Describe:
    """'{who} <words>' with the item named where the words have {}: _on("finding", "reopened
    {}") gives 'Ana reopened finding #3 "19 killed"'."""
    before, _, after = words.partition("{}")
    return lambda e, who, n: format_html("{} {}{}{}", who, before, n.item(kind, e.object_id), after)


def _comment(words: str) -> Describe:
    return lambda e, who, n: format_html("{} {} {}", who, words, n.comment_target(e.object_id))


def _and(words: list[str]) -> str:
    return ", ".join(words[:-1]) + " and " + words[-1] if len(words) > 1 else "".join(words)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _highlight_created(e: Event, who: SafeString, n: Names) -> SafeString:
    severity = label(SEVERITY_LABELS, _after(e, "severity", "")).lower()
    category = label(CATEGORY_LABELS, _after(e, "category", "")).lower()
    return format_html(
        "{} added {} ({} {})", who, n.item("finding", e.object_id), severity, category
    )


def _highlight_edited(e: Event, who: SafeString, n: Names) -> SafeString:
    before, after = e.before or {}, e.after or {}
    changes = []
    if before.get("severity") != after.get("severity"):
        changes.append(
            f"severity {label(SEVERITY_LABELS, before.get('severity', '')).lower()} → "
            f"{label(SEVERITY_LABELS, after.get('severity', '')).lower()}"
        )
    if before.get("category") != after.get("category"):
        changes.append(
            f"category {label(CATEGORY_LABELS, before.get('category', '')).lower()} → "
            f"{label(CATEGORY_LABELS, after.get('category', '')).lower()}"
        )
    return format_html(
        "{} changed {} ({})", who, n.item("finding", e.object_id), ", ".join(changes)
    )


def _by_edit(kind: str, words: str) -> Describe:
    """An item an edit settled or reopened: "Edith's edit in v4 removed the text of claim …"."""
    before, _, after = words.partition("{}")

    def sentence(e: Event, who: SafeString, n: Names) -> SafeString:
        version = _after(e, "removed_in") or n.versions.get(e.review_id or 0)
        edit = f"edit in v{version}" if version else "edit"
        return format_html("{}'s {} {}{}{}", who, edit, before, n.item(kind, e.object_id), after)

    return sentence


def _signoff(e: Event, who: SafeString, n: Names) -> SafeString:
    role = _after(e, "role", "")
    version = _after(e, "version")
    on = f" on v{version}" if version else ""
    if e.verb == "signoff.override":
        count = len(_after(e, "overridden", []))
        return format_html("{} signed as {}{} over {}", who, role, on, _plural(count, "blocker"))
    return format_html("{} signed as {}{}", who, role, on)


def _reviewers_set(e: Event, who: SafeString, n: Names) -> SafeString:
    names = [n.people.get(name, name) for name in _after(e, "reviewers", [])]
    if not names:
        return format_html("{} left {} with no reviewer assigned", who, n.review(e.object_id))
    return format_html("{} assigned {} to {}", who, _and(names), n.review(e.object_id))


def _due_set(e: Event, who: SafeString, n: Names) -> SafeString:
    due = parse_datetime(_after(e, "due_at") or "")
    if due is None:
        return format_html("{} cleared the due time of {}", who, n.review(e.object_id))
    when = date_format(localtime(due), "j M Y, H:i")
    return format_html("{} set {} due {}", who, n.review(e.object_id), when)


def _carried_over(e: Event, who: SafeString, n: Names) -> SafeString:
    counts = [
        _plural(int(_after(e, "highlights", 0)), "finding"),
        _plural(int(_after(e, "claims", 0)), "claim"),
        _plural(int(_after(e, "comments", 0) or 0), "comment"),
    ]
    settled = int(_after(e, "settled_by_edit", 0))
    also = f"; the edit settled or reopened {settled}" if settled else ""
    return format_html(
        "{}'s new version carried {} over from {}{}",
        who,
        ", ".join(counts),
        n.review(_after(e, "from_review")),
        also,
    )


def _analysis_done(e: Event, who: SafeString, n: Names) -> SafeString:
    return format_html(
        "The comparison engine found {} and {}",
        _plural(int(_after(e, "new_findings", 0)), "new finding"),
        _plural(int(_after(e, "new_claims", 0)), "new claim"),
    )


def _admin(e: Event, who: SafeString, n: Names) -> SafeString:
    fields = ", ".join(sorted(e.after or {})) or "nothing"
    done = "created" if e.verb == "admin.created" else "changed"
    return format_html("{} {} a {} in the admin ({})", who, done, e.object_type, fields)


def _version(e: Event, who: SafeString, n: Names) -> SafeString:
    what = "the source" if _after(e, "role") == "source" else "a rewrite"
    return format_html("{} added v{}, {}", who, _after(e, "number", "?"), what)


SENTENCES: dict[str, Describe] = {
    "story.created": lambda e, who, n: format_html(
        "{} created the story “{}”", who, _after(e, "title", "")
    ),
    "version.created": _version,
    "review.created": lambda e, who, n: format_html(
        "{} opened a review of v{} against v{}",
        who,
        _after(e, "rewrite", "?"),
        _after(e, "source", "?"),
    ),
    "review.reviewers_set": _reviewers_set,
    "review.due_set": _due_set,
    "review.superseded": lambda e, who, n: format_html(
        "{} saved a newer version: {} is superseded", who, n.review(e.object_id)
    ),
    "review.carried_over": _carried_over,
    "review.changes_requested": lambda e, who, n: format_html("{} requested changes", who),
    "review.signed_off": lambda e, who, n: format_html(
        "Sign-off complete: {} is signed off", n.review(e.object_id)
    ),
    "signoff.created": _signoff,
    "signoff.override": _signoff,
    "highlight.created": _highlight_created,
    "highlight.accept": _on("finding", "confirmed {} as a problem"),
    "highlight.resolve": _on("finding", "marked {} resolved"),
    "highlight.dismiss": _on("finding", "dismissed {} as not a problem"),
    "highlight.reopen": _on("finding", "reopened {}"),
    "highlight.edited": _highlight_edited,
    "highlight.resolved_by_edit": _by_edit("finding", "removed the text of {}, which it resolved"),
    "claim.created": _on("claim", "added {}"),
    "claim.verified": _on("claim", "marked {} verified"),
    "claim.disputed": _on("claim", "disputed {}"),
    "claim.pending": _on("claim", "set {} back to pending"),
    "claim.removed": _by_edit("claim", "removed the text of {}, settled as removed"),
    "claim.reworded": _by_edit("claim", "reworded {}, which is pending again"),
    "comment.created": _comment("commented on"),
    "comment.replied": _comment("replied on"),
    "comment.edited": _comment("edited a comment on"),
    "comment.resolved": _comment("resolved a thread on"),
    "comment.reopened": _comment("reopened a thread on"),
    "analysis.requested": lambda e, who, n: format_html(
        "{} asked the comparison engine to run again", who
    ),
    "analysis.done": _analysis_done,
    "analysis.failed": lambda e, who, n: mark_safe("The comparison engine failed"),
    "admin.created": _admin,
    "admin.changed": _admin,
}


def _who(e: Event) -> SafeString:
    if e.actor is None:
        return mark_safe("The system")
    return format_html("<strong>{}</strong>", e.actor.get_full_name() or e.actor.get_username())


@dataclass(frozen=True)
class Line:
    """One event as the log shows it."""

    event: Event
    html: SafeString
    detail: str  # the note, reason, statement or comment text that went with it ("" if none)
    review: str = ""  # "review of v3", for an event in a review whose version is known


def describe(e: Event, names: Names) -> Line:
    """One event as a sentence; a kind of event this module does not know says what it is."""
    who = _who(e)
    sentence = SENTENCES.get(e.verb)
    html = sentence(e, who, names) if sentence else format_html("{} recorded {}", who, e.verb)
    detail = e.message or (_after(e, "body", "") if e.object_type == "comment" else "")
    version = names.versions.get(e.review_id or 0)
    return Line(e, html, detail, f"review of v{version}" if version else "")


def activity(events: list[Event], reviews: Iterable[Review] = ()) -> list[Line]:
    """The events as the log shows them (events loaded with their actor): at most four more
    queries, whatever their number."""
    names = load_names(events, reviews)
    return [describe(e, names) for e in events]
