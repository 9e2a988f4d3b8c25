"""Time rules: dates, days, durations and their bounds changed by the rewrite.

What they find: a time the matching source sentence gives otherwise, a time the source never
gives, a bound changed ("more than two years" for "almost two years"), a year made vague.
Why it matters: when something happened, or for how long, is part of the fact.
Example: the source says the vote is "on Thursday"; the rewrite says "on Tuesday".
"""

from __future__ import annotations

import re
from typing import Any

from ..context import Context, clause_at, span_of
from ..facts import SentenceFacts
from ..lexicon import MONTHS, WEEKDAYS
from ..predicates import clause_anchor

_RELATIVE_DAYS = frozenset(["yesterday", "today", "tonight", "tomorrow", "overnight"])


_RELATIVE_WORDS = frozenset(
    ["last", "past", "recent", "earlier", "ago", "previous", "next", "coming", "later", "this"]
)


def _duration(norm: str) -> bool:
    return any(w.endswith("min") for w in norm.split())


def _time_frame(norm: str) -> str:
    """Whether a time is relative to the story's date, a calendar time, or neither."""
    words = norm.split()
    if any(w in _RELATIVE_WORDS or w.endswith("min") for w in words):
        return "relative"
    if any(w in WEEKDAYS or w in MONTHS or re.fullmatch(r"\d{4}", w) for w in words):
        return "calendar"
    return ""


_POINT_KINDS = frozenset(["weekday", "date", "clock"])
_SINCE_BEFORE_RE = re.compile(r"\bsince\s+$", re.IGNORECASE)


def _anchored_time(
    ctx: Context, sf: SentenceFacts, t: Any, aligned: list[SentenceFacts], cands: list[Any]
) -> Any:
    """The source time of t's kind (weekday, date, clock) whose clause is about t's clause.

    "on Tuesday morning" in "The river peaked ... on Tuesday morning" is compared with "on Monday"
    in the source clause "The river peaked ... shortly after 2 a.m. on Monday", not with the
    vague "shortly after" that comes first.
    """
    if t.kind not in _POINT_KINDS:
        return None
    rc = clause_at(ctx.rewrite, sf, t.start)
    if rc is None:
        return None
    best, best_score = None, 1
    for a in aligned:
        for x in a.times:
            if x.kind != t.kind or not any(x is c for c in cands):
                continue
            sc = clause_at(ctx.source, a, x.start)
            score = clause_anchor(rc, sc, sf.numbers, a.numbers) if sc else 0
            if score > best_score:
                best, best_score = x, score
    return best


def _span_time_rule(ctx: Context, t: Any, src_times: list[Any]) -> None:
    """ "the highest level in decades" where the source says "since 1998": a year made vague."""
    for x in src_times:
        if x.kind == "year" and _SINCE_BEFORE_RE.search(ctx.source, max(0, x.start - 8), x.start):
            ctx.add(
                "time",
                "minor",
                span_of(t),
                (x.start - len("since "), x.end),
                f'rewrite says "{t.text}"; source says "since {x.text}"',
                0.55,
            )
            return


_TIME_QUAL_RE = re.compile(
    r"\b(more\s+than|at\s+least|just\s+over|well\s+over|over|upwards\s+of|no\s+(?:fewer|less)\s+than|almost|nearly"
    r"|just\s+under|under|less\s+than|fewer\s+than|up\s+to|not\s+quite|no\s+more\s+than)\s+$",
    re.IGNORECASE,
)
_TIME_QUAL_DIR = {
    **dict.fromkeys(["more than", "at least", "just over", "well over", "over"], "above"),
    **dict.fromkeys(["upwards of"], "above"),
    **dict.fromkeys(["no fewer than", "no less than"], "above"),
    **dict.fromkeys(
        ["almost", "nearly", "just under", "under", "less than", "fewer than"], "below"
    ),
    **dict.fromkeys(["up to", "not quite", "no more than"], "below"),
}


def _time_qualifier(text: str, t: Any) -> tuple[str, str]:
    """The bound before a time ("more than three years", "until at least Wednesday") and its
    direction: "above", "below" or ""."""
    m = _TIME_QUAL_RE.search(text, max(0, t.start - 24), t.start)
    if m is None:
        return "", ""
    q = " ".join(m.group(1).lower().split())
    return m.group(1), _TIME_QUAL_DIR.get(q, "")


def _time_qualifier_rule(ctx: Context, sf: SentenceFacts, t: Any, same: list[Any]) -> None:
    """The same time with its bound changed: "more than three years" for "almost three years",
    "until Wednesday" for "until at least Wednesday"."""
    q_r, d_r = _time_qualifier(ctx.rewrite, t)
    bounds = [(s, *_time_qualifier(ctx.source, s)) for s in same]
    if any(d_s == d_r for _, _, d_s in bounds):
        return
    s, q_s, d_s = bounds[0]
    if not d_s or (d_s == "below" and not d_r):
        return  # "two hours after" for "nearly two hours after" rounds; it does not overstate
    if d_s == "above" and not d_r and "min" in t.norm:
        return  # "30 hours" for "more than 30 hours": a length rounded down, not a firm date
    r_span = (t.start - len(q_r) - 1 if q_r else t.start, t.end)
    s_span = (s.start - len(q_s) - 1, s.end)
    ctx.add(
        "time",
        "minor",
        r_span,
        s_span,
        f'rewrite says "{ctx.q(r_span, "rewrite")}"; source says "{ctx.q(s_span)}"',
        0.6,
    )


def time_rules(ctx: Context, sf: SentenceFacts, aligned: list[SentenceFacts]) -> None:
    """Check each time of the rewrite sentence against the times of the aligned source sentences."""
    src_times = [t for a in aligned for t in a.times]
    rw_norms = {t.norm for t in sf.times}
    unmatched_src = [t for t in src_times if t.norm not in rw_norms and t.kind != "span"]
    for t in sf.times:
        words = set(t.norm.split())
        # "Friday" matches "late Friday"; "August" matches "during August".
        same = [
            s for s in src_times if words <= set(s.norm.split()) or set(s.norm.split()) <= words
        ]
        if same:
            _time_qualifier_rule(ctx, sf, t, same)
            continue
        if t.kind == "span":
            _span_time_rule(ctx, t, src_times)
            continue
        if unmatched_src:
            # Compare like with like: a weekday with the weekday of the same clause, a duration
            # with a duration, a date with a date.
            s = _anchored_time(ctx, sf, t, aligned, unmatched_src) or next(
                (x for x in unmatched_src if _duration(x.norm) == _duration(t.norm)),
                unmatched_src[0],
            )
            if t.norm in _RELATIVE_DAYS and any(w in WEEKDAYS for w in s.norm.split()):
                continue  # "yesterday" may well be "Thursday": no publication date to check
            if {_time_frame(t.norm), _time_frame(s.norm)} == {"relative", "calendar"}:
                continue  # "last year" may well be "August 2022"
            if t.vague and s.vague:
                continue
            sev = "minor" if t.vague else "major"
            ctx.add(
                "time",
                sev,
                span_of(t),
                span_of(s),
                f'rewrite says "{t.text}"; source says "{s.text}"',
                0.7,
            )
        elif not t.vague and t.norm not in ctx.src_time_norms:
            ctx.add(
                "time",
                "major",
                span_of(t),
                None,
                f'rewrite says "{t.text}"; the source gives no such time',
                0.6,
            )
