# ruff: noqa: RUF001 -- typographic quotes are data here
"""Number rules: a figure of the rewrite that the source gives otherwise.

What they find: a figure the source never gives, or gives for another thing, period, group or
range; a change given as a result; "at least 14" made "14"; households counted as people.
Why it matters: figures are what readers quote, and a wrong toll or sum is the costliest error.
Example: the source says "the fund grew by 40 percent to 2 billion"; the rewrite says "the fund
grew by 2 billion".
"""

from __future__ import annotations

import re
from typing import Any

from ..context import Context, after_len, clause_at, kind_class, num_key, span_of
from ..facts import SentenceFacts, casualty_context, head_noun, is_age
from ..lexicon import AFFECTED_STEMS, CASUALTY_STEMS, CHANGE_VERBS
from ..numbers import NumberMention, same_quantity
from ..predicates import number_period
from ..segment import tokens
from ..stems import content_stems, stem


def number_rules(ctx: Context, sf: SentenceFacts, aligned: list[SentenceFacts]) -> None:
    """Check each figure of the rewrite sentence against the aligned source sentences."""
    aligned_nums = [(a, n) for a in aligned for n in a.numbers]
    for n in sf.numbers:
        if n.is_word and n.value == 1 and n.kind == "count":
            continue  # "one" is too often not a count ("one of the", "no one")
        matches = [(a, m) for a, m in aligned_nums if same_quantity(n, m)]
        found = ctx.src_num_by_value.get(num_key(n))
        if found and _substitution_rule(ctx, sf, n, found):
            continue
        if matches:
            if _change_rule(ctx, sf, n, matches) or _range_rule(ctx, sf, n, matches):
                continue
            if _category_rule(ctx, sf, n, matches):
                continue
            if _binding_rules(ctx, sf, n, matches, aligned_nums):
                continue
            # Prefer the mention stated for the same period ("$96 a year" over "$96 total").
            period = number_period(ctx.rewrite, n, sf.sent.end)
            match = next(
                (m for a, m in matches if number_period(ctx.source, m, a.sent.end) == period),
                matches[0][1],
            )
        else:
            found = ctx.src_num_by_value.get(num_key(n))
            match = found[0][1] if found else None
        if match is not None:
            _qualifier_rule(ctx, sf, n, match, aligned)
            continue
        cas = casualty_context(sf, n)
        head = head_noun(sf, n)
        # Which source figures did the rewrite most likely mean?
        tag = ("cas", stem(cas)) if cas else ("head", stem(head)) if head else None
        rivals: list[tuple[SentenceFacts, NumberMention]] = []
        if tag is not None:
            pool = ctx.src_num_by_ctx.get((kind_class(n), *tag), [])
            # Figures in the aligned sentences first, then the rest in story order.
            near_ids = {id(a) for a in aligned}
            near = [x for x in pool if id(x[0]) in near_ids]
            rivals = (near + [x for x in pool[:6] if id(x[0]) not in near_ids])[:3]
        if not rivals:
            rivals = [(a, m) for a, m in aligned_nums if kind_class(m) == kind_class(n)]
        rivals = rivals[:3]
        ctx.rivals.update(id(m) for _, m in rivals)
        said = f"{n.text} {cas}" if cas else (f"{n.text} {head}" if head else n.text)
        if rivals:
            parts = []
            for a, m in rivals:
                who = a.speaker_name
                label = head_noun(a, m) or casualty_context(a, m)
                extra = "; ".join(x for x in (label, f"per {who}" if who else "") if x)
                parts.append(f"{m.text} ({extra})" if extra else m.text)
            joined = ", ".join(parts[:-1]) + " and " + parts[-1] if len(parts) > 1 else parts[0]
            msg = f"rewrite says {said}; source says {joined}"
            src_span = span_of(rivals[0][1])
        else:
            msg = f"rewrite says {said}; the source gives no such figure"
            src_span = None
        grave = bool(cas) or sf is ctx.rw_body[0] or _people_affected(ctx, sf, n, head)
        severity = "critical" if grave and rivals else "major"
        conf = 0.9 if rivals else 0.75
        ctx.add("number", severity, span_of(n), src_span, msg, conf)


_PREP_BEFORE_RE = re.compile(r"\b(by|to|from)\s+(?:about\s+|around\s+|some\s+)?$", re.IGNORECASE)


def _prep_before(text: str, n: NumberMention) -> str:
    m = _PREP_BEFORE_RE.search(text, max(0, n.start - 16), n.start)
    return m.group(1).lower() if m else ""


def _has_change_verb(sf: SentenceFacts) -> bool:
    return any(t.text.lower() in CHANGE_VERBS for t in sf.toks)


def _change_rule(
    ctx: Context, sf: SentenceFacts, n: NumberMention, matches: list[tuple[SentenceFacts, Any]]
) -> bool:
    """A change given as a result or a result as a change: "cut her lead by 38" where the
    source says the lead was cut to 38 (from 112), or "rose to 5%" for "rose by 5%"."""
    p_r = _prep_before(ctx.rewrite, n)
    if p_r not in ("by", "to") or not _has_change_verb(sf):
        return False
    for a, m in matches:
        p_s = _prep_before(ctx.source, m)
        if p_s in ("by", "to") and p_s != p_r and _has_change_verb(a):
            said = "the change" if p_r == "by" else "the result"
            meant = "the result" if p_s == "to" else "the change"
            ctx.add(
                "number",
                "critical" if sf is ctx.rw_body[0] else "major",
                (n.start - len(p_r) - 1, n.end),
                (m.start - len(p_s) - 1, m.end),
                f'rewrite gives {n.text} as {said} ("{p_r} {n.text}"); in the source it is '
                f'{meant} ("{p_s} {m.text}")',
                0.75,
            )
            return True
    return False


_RANGE_START_RE = re.compile(r"\b(?:rang\w*\s+from|between)\s+$", re.IGNORECASE)
_RANGE_JOIN_RE = re.compile(r"^\s*(?:[a-z]+\s+){0,2}(?:to|and)\s+$", re.IGNORECASE)


def _source_range(text: str, a: SentenceFacts, m: NumberMention) -> tuple[Any, Any] | None:
    """The range ("range from 800 million to 1.4 billion", "between 3 and 5") m is an end of."""
    nums = a.numbers
    for k in range(len(nums) - 1):
        lo, hi = nums[k], nums[k + 1]
        if m is not lo and m is not hi:
            continue
        if _RANGE_START_RE.search(text, max(0, lo.start - 20), lo.start) and _RANGE_JOIN_RE.match(
            text[lo.end : hi.start]
        ):
            return lo, hi
    return None


def _range_rule(
    ctx: Context, sf: SentenceFacts, n: NumberMention, matches: list[tuple[SentenceFacts, Any]]
) -> bool:
    """A range given as one of its ends: "at 1.4 billion" for "range from 800 million to 1.4
    billion". An end the rewrite marks as a bound ("up to 1.4 billion") is no finding."""
    if n.qualifier:
        return False
    for a, m in matches:
        rng = _source_range(ctx.source, a, m)
        if rng is None:
            continue
        other = rng[0] if m is rng[1] else rng[1]
        if any(same_quantity(other, x) for x in sf.numbers):
            return False
        ctx.add(
            "number",
            "major",
            span_of(n),
            (rng[0].start, rng[1].end),
            f"rewrite gives {n.text} as the figure; the source gives a range, "
            f'"{ctx.q((rng[0].start, rng[1].end))}"',
            0.7,
        )
        return True
    return False


CASUALTY_PREFIXES = tuple(sorted(CASUALTY_STEMS))
_GENERIC_PEOPLE = frozenset(["people", "persons", "individuals", "others", "victims"])


def _category_rule(
    ctx: Context,
    sf: SentenceFacts,
    n: NumberMention,
    matches: list[tuple[SentenceFacts, NumberMention]],
) -> bool:
    """A casualty total given to one group the source says is only part of it.

    "Three passengers were killed" where the source says "killing three people" and "Two of the
    dead were passengers; the third was a deckhand". Returns True when reported.
    """
    cas = casualty_context(sf, n)
    h = head_noun(sf, n)
    if not cas or not h or h in _GENERIC_PEOPLE or n.kind != "count":
        return False
    st = stem(h)
    if not (h.endswith("s") or h in _UNIT_CLASSES) or st.startswith(CASUALTY_PREFIXES):
        return False  # a counted group ("passengers"), not the casualty word ("27 hurt")
    if any(stem(head_noun(a, m) or "") == st for a, m in matches):
        return False
    for a, m in ctx.src_numbers:
        if m.kind != "count" or not m.value < n.value or st not in a.stem_set:
            continue
        if not casualty_context(a, m) or is_age(ctx.source, m):
            continue
        # The group's word must sit in the figure's own clause: "Two of the dead were passengers".
        c = clause_at(ctx.source, a, m.start)
        if c is None or st not in c.stems:
            continue
        rc = clause_at(ctx.rewrite, sf, n.start)
        r_span = (rc.start, rc.end) if rc else span_of(n)
        ctx.rivals.add(id(m))
        ctx.add(
            "meaning",
            "critical",
            r_span,
            (c.start, c.end),
            f'rewrite says "{ctx.q(r_span, "rewrite", 60)}"; the source counts only part of them '
            f'as {h}: "{ctx.q((c.start, c.end), limit=70)}"',
            0.75,
        )
        return True
    return False


def _substitution_rule(
    ctx: Context,
    sf: SentenceFacts,
    n: NumberMention,
    found: list[tuple[SentenceFacts, NumberMention]],
) -> bool:
    """A figure from elsewhere in the source put in place of the matching sentence's own figure.

    "Services inflation held at 5.7 percent" where the matching source sentence says 4.8 percent
    and 5.7 percent is the wage growth of another sentence: the rewrite's figure is wrong, and
    the source figure the rewrite never gives is its counterpart. Returns True when reported.
    """
    if is_age(ctx.rewrite, n):
        return False
    # The sentences the rewrite's words (its figures aside) come from.
    words = frozenset(sf.stem_set - _number_stems(ctx.rewrite, sf))
    al = ctx.src_index.align(words, max_picked=3)
    holders = {id(a) for a, _ in found}
    elsewhere = max(len(words & a.stem_set) for a, _ in found)
    h_n = head_noun(sf, n)
    for j, score in zip(al.picked, al.scores, strict=True):
        top = ctx.src_body[j]
        if score < 0.3 or id(top) in holders:
            continue
        here = len(words & top.stem_set)
        if here < 3 or here < elsewhere + 2:
            continue
        m = next(
            (
                m
                for m in top.numbers
                if kind_class(m) == kind_class(n)
                and m.unit == n.unit
                and not (m.is_word and m.value == 1)
                and num_key(m) not in ctx.rw_num_by_value
                and not is_age(ctx.source, m)
                and stem(head_noun(top, m) or h_n or "-") == stem(h_n or "-")
            ),
            None,
        )
        if m is None:
            continue
        ctx.rivals.add(id(m))
        other = found[0][0]
        grave = bool(casualty_context(sf, n)) or _people_affected(ctx, sf, n, h_n)
        ctx.add(
            "number",
            "critical" if grave else "major",
            span_of(n),
            span_of(m),
            f"rewrite says {n.text}; the matching source sentence says {m.text} ({n.text} is "
            f'another figure: "{ctx.q(span_of(other.sent), limit=70)}")',
            0.8,
        )
        return True
    return False


def _number_stems(text: str, sf: SentenceFacts) -> set[str]:
    """Stems of the sentence's figures themselves ("1.4", "million"), left out of comparisons."""
    out: set[str] = set()
    for n in sf.numbers:
        out.update(content_stems(tokens(text, n.start, n.end)))
    return out


def _people_affected(ctx: Context, sf: SentenceFacts, n: NumberMention, head: str) -> bool:
    """A count of people evacuated, arrested, infected...: "2,100 residents were forced to flee"."""
    if n.kind != "count" or _unit_class(head) != "people":
        return False
    c = clause_at(ctx.rewrite, sf, n.start)
    toks = c.toks if c is not None else sf.toks
    return any(stem(t.text).startswith(AFFECTED_STEMS) for t in toks)


def _qualifier_rule(
    ctx: Context,
    sf: SentenceFacts,
    n: NumberMention,
    m: NumberMention,
    aligned: list[SentenceFacts],
) -> None:
    """Same figure but "at least 14" became "14", or "households" became "people"."""
    src_sf = next((a for a in aligned if m in a.numbers), None)
    if src_sf is None:
        return
    p_r = number_period(ctx.rewrite, n, sf.sent.end)
    p_s = number_period(ctx.source, m, src_sf.sent.end)
    if p_r and p_s and p_r != p_s:
        r_end = _period_end(ctx.rewrite, n, sf.sent.end)
        s_end = _period_end(ctx.source, m, src_sf.sent.end)
        ctx.add(
            "number",
            "major",
            (n.start, r_end),
            (m.start, s_end),
            f'rewrite says "{ctx.q((n.start, r_end), "rewrite")}"; '
            f'source says "{ctx.q((m.start, s_end))}"',
            0.7,
        )
        return
    qual_changed = m.qualifier != n.qualifier and m.qualifier in ("lower", "upper")
    if (
        qual_changed
        and m.value > 1
        and (not n.qualifier or {n.qualifier, m.qualifier} == {"lower", "upper"})
    ):
        ctx.add(
            "meaning",
            "minor",
            span_of(n),
            span_of(m),
            f'rewrite says "{n.text}"; source says "{m.text}"',
            0.6,
        )
        return
    h_r, h_s = head_noun(sf, n), head_noun(src_sf, m)
    if (
        h_r
        and h_s
        and stem(h_r) != stem(h_s)
        and stem(h_r) not in src_sf.stem_set
        and _unit_class(h_r) != _unit_class(h_s)
        and "" not in (_unit_class(h_r), _unit_class(h_s))
        and n.kind == "count"
        and n.value >= 10
    ):
        ctx.add(
            "meaning",
            "major",
            (n.start, n.end + after_len(ctx.rewrite, n.end, h_r)),
            (m.start, m.end + after_len(ctx.source, m.end, h_s)),
            f'rewrite counts "{n.text} {h_r}"; source counts "{m.text} {h_s}"',
            0.55,
        )


_UNIT_CLASSES = {
    **dict.fromkeys(
        [
            "people",
            "persons",
            "residents",
            "individuals",
            "victims",
            "patients",
            "adults",
            "children",
            "men",
            "women",
        ],
        "people",
    ),
    **dict.fromkeys(["households", "families", "homes", "houses", "dwellings"], "household"),
}


def _unit_class(noun: str) -> str:
    """Counted units a rewrite may confuse: people versus households."""
    return _UNIT_CLASSES.get(noun.lower(), "")


def _period_end(text: str, n: NumberMention, limit: int) -> int:
    m = _PERIOD_SPAN_RE.match(text, n.end, min(limit, n.end + 60))
    return m.end() if m else n.end


_PERIOD_SPAN_RE = re.compile(
    r"[\s-]*(?:[\w’'-]+\s+){0,3}?(?:(?:a|an|per|each|every)\s+(?:year|month|week|day|hour|quarter)"
    r"|annually|monthly|weekly|daily|yearly|hourly|over\s+the\s+\w+\s+of\s+the\s+\w+"
    r"|in\s+total|over\s+\w+\s+years)\b",
    re.IGNORECASE,
)


def _binding_rules(
    ctx: Context,
    sf: SentenceFacts,
    n: NumberMention,
    matches: list[tuple[SentenceFacts, NumberMention]],
    aligned_nums: list[tuple[SentenceFacts, NumberMention]],
) -> bool:
    """The figure exists in the source but counts something else there.

    "including two children" where the source has "two survivors ... three children", or
    "Four children remain in intensive care" where the source has "Four children have been
    hospitalized, and one remained in intensive care". Returns True when reported.
    """
    h_n = head_noun(sf, n)
    if h_n and n.kind == "count" and not is_age(ctx.rewrite, n):
        st = stem(h_n)
        same_head = [
            (a, m) for a, m in matches if stem(head_noun(a, m) or "") == st or not head_noun(a, m)
        ]
        rivals = [
            (a, m)
            for a, m in aligned_nums
            if m.kind == "count"
            and not same_quantity(n, m)
            and stem(head_noun(a, m) or "") == st
            and not is_age(ctx.source, m)
        ]
        if rivals and not same_head:
            a, m = rivals[0]
            end = m.end + after_len(ctx.source, m.end, head_noun(a, m))
            r_end = n.end + after_len(ctx.rewrite, n.end, h_n)
            ctx.add(
                "number",
                "major",
                (n.start, r_end),
                (m.start, end),
                f'rewrite says "{ctx.q((n.start, r_end), "rewrite")}"; '
                f'source says "{ctx.q((m.start, end))}"',
                0.75,
            )
            return True
    # Which predicate is the figure bound to? Compare the clauses around the figures.
    rc = clause_at(ctx.rewrite, sf, n.start)
    if rc is None:
        return False
    r_stems = rc.stems - set(content_stems(tokens(ctx.rewrite, n.start, n.end)))
    a0, m0 = matches[0]
    mc = clause_at(ctx.source, a0, m0.start)
    base = len(r_stems & mc.stems) if mc else 0
    for a, m in aligned_nums:
        if a is not a0 or same_quantity(n, m) or m.kind != n.kind:
            continue
        oc = clause_at(ctx.source, a, m.start)
        if oc is None or oc is mc:
            continue
        if any(same_quantity(x, m) for x in sf.numbers):
            continue  # the rewrite gives both figures ("$5.9 billion-$6.1 billion")
        o_stems = oc.stems - set(content_stems(tokens(ctx.source, m.start, m.end)))
        shared = len(r_stems & o_stems)
        # What the rewrite says the figure counts, beyond its own clause in the source:
        # "38 reports of heaters catching fire" where the 38 reports were of overheating and
        # "six ... caught fire".
        desc = set(content_stems(tokens(ctx.rewrite, n.end, rc.end))) - (mc.stems if mc else set())
        if (shared >= 2 and shared > base + 1) or len(desc & o_stems) >= 2:
            near = ctx.q((mc.start, mc.end)) if mc else m0.text
            ctx.add(
                "meaning",
                "major",
                (rc.start, rc.end),
                (oc.start, oc.end),
                f'rewrite says "{ctx.q((rc.start, rc.end), "rewrite")}"; source says '
                f'"{ctx.q((oc.start, oc.end))}" and "{near}"',
                0.6,
            )
            return True
    return False
