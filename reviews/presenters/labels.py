"""What the workspace's view-models share: choice labels, tags and symbols, URLs, and Row.

Marks and panel items carry text or symbols as well as colour: a short tag per category, a
symbol per severity and verdict.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Any

from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.safestring import SafeString

from reviews.models import AnchorState, Category, Claim, Highlight, Severity

# A short text tag per category, drawn beside each mark so that colour is never the only cue.
CATEGORY_TAGS = {
    "number": "NUM",
    "entity": "NAME",
    "attribution": "ATTR",
    "time": "TIME",
    "unsupported": "UNSUP",
    "omission": "OMIT",
    "meaning": "MEAN",
    "quote": "QUOTE",
    "other": "OTHER",
}

SEVERITY_SYMBOLS = {"critical": "!!", "major": "!", "minor": ""}

SEVERITY_RANK = {"critical": 0, "major": 1, "minor": 2}

# In a tag, TIMES and a count: that many findings cover the marked text.
TIMES = "\N{MULTIPLICATION SIGN}"

VERDICT_SYMBOLS = {"pending": "?", "verified": "✓", "disputed": "✗"}

VERDICT_RANK = {"disputed": 0, "pending": 1, "verified": 2}

SETTLED_HIGHLIGHT_STATUSES = ("resolved", "dismissed")

# Choice labels by value: what get_FOO_display() returns, without its per-call cost in loops.
CATEGORY_LABELS = dict(Category.choices)

SEVERITY_LABELS = dict(Severity.choices)

STATUS_LABELS = dict(Highlight.Status.choices)

VERDICT_LABELS = dict(Claim.Verdict.choices)

ANCHOR_LABELS = dict(AnchorState.choices)


def label(labels: dict[str, str], value: str) -> str:
    """A choice's label, or the value itself if it is not a choice (as get_FOO_display does)."""
    return labels.get(value, value)


# A route's URL for one object never changes while the process runs (the URLconf is fixed), and
# reverse() costs about 30 µs: a 5,000-word workspace shows some 600 item URLs, 18 ms of reverse
# on every page without this cache, 0.3 ms with it once the review was shown.
@lru_cache(maxsize=32768)
def url(name: str, pk: int) -> str:
    """reverse(name, args=[pk]), remembered."""
    return reverse(name, args=[pk])


class Row:
    """One database row's columns as attributes, from .values(): the page reads hundreds of
    highlights, claims and comments, and a model instance for each costs more than the query."""

    def __init__(self, values: dict[str, Any]):
        self.__dict__.update(values)

    if TYPE_CHECKING:
        # Its columns are whatever .values() loaded: any name, to a type checker.
        def __getattr__(self, name: str) -> Any: ...
        def __setattr__(self, name: str, value: Any) -> None: ...

    @property
    def pk(self) -> int:
        return self.id


def _options(choices, selected: str) -> SafeString:
    return format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        ((v, " selected" if v == selected else "", label) for v, label in choices),
    )


# The <option> lists for every possible selection, built once: choice labels are ours, not users'.
CATEGORY_OPTIONS = {v: _options(Category.choices, v) for v in Category.values}

SEVERITY_OPTIONS = {v: _options(Severity.choices, v) for v in Severity.values}
