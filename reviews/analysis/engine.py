# ruff: noqa: RUF001 -- typographic quotes are data here
"""The comparison engine: align a rewrite to its source and report what it gets wrong."""

from __future__ import annotations

import difflib
import re
from bisect import bisect_right
from typing import Any

from rapidfuzz import fuzz

from .align import Alignment, SentenceIndex
from .facts import (
    Entity,
    SentenceFacts,
    apply_alias_phrases,
    casualty_context,
    content_stems,
    entity_key,
    extract,
    find_quotes,
    head_noun,
    is_age,
    link_roles,
    resolve_speakers,
    stem,
)
from .lexicon import (
    AFFECTED_STEMS,
    ANONYMITY_RE,
    ATTRIBUTION_VERBS,
    CASUALTY_STEMS,
    CENTRAL_PREDICATE_STEMS,
    CHANGE_VERBS,
    CLASSIFIER_EQUIVALENTS,
    CLASSIFIERS,
    DENIAL_STOPS,
    DENIAL_WORDS,
    GENERIC_ORG_SPEAKERS,
    HEDGE_EQUIVALENTS,
    MONTHS,
    STOPWORDS,
    STRONG_EQUIVALENTS,
    TITLES,
    WEEKDAYS,
)
from .numbers import NumberMention, same_quantity
from .predicates import (
    FIRST_EVER_RE,
    Clause,
    clause_anchor,
    clauses_of,
    first_since,
    is_predicate,
    number_period,
    polar_words,
    qualified_positions,
    quantified_mentions,
    superlatives,
    universal_phrases,
)
from .report import CATEGORIES, SEVERITIES, ClaimCandidate, Finding, Report
from .segment import Sentence, split_sentences, tokens

_SEV_RANK = {s: i for i, s in enumerate(SEVERITIES)}

# A rewrite sentence whose content is less covered than this by its best source sentences
# has no support; tuned on the development pairs.
UNSUPPORTED_COVERAGE = 0.42
# Source quotations compared in full with each rewrite quotation (chosen by shared words).
MAX_QUOTE_CANDIDATES = 12
# A source sentence covered less than this by the rewrite counts as dropped.
DROPPED_COVERAGE = 0.45


def _sort_key(f: Finding) -> tuple[int, int, int, str, str]:
    span = f.rewrite_span or f.source_span or (0, 0)
    side = 0 if f.rewrite_span else 1
    return (_SEV_RANK[f.severity], side, span[0], f.category, f.message)


class _Ctx:
    """Both texts with their sentence facts and indexes; the rules read from here."""

    def __init__(self, source: str, rewrite: str) -> None:
        self.source = source
        self.rewrite = rewrite
        self.src_sents = split_sentences(source)
        self.rw_sents = split_sentences(rewrite)
        both = source + "\n" + rewrite
        lower_vocab = {w.lower() for w in re.findall(r"\b[a-z][\w’'-]*", both)}
        # Capitalised words seen mid-sentence are names even at a sentence start.
        mid_caps = {m.lower() for m in re.findall(r"(?<=[a-z,] )[A-Z][\w’'-]*", both)}
        lower_vocab |= {f"^{w}" for w in mid_caps} | {"#midcaps"}
        self.src = [extract(source, s, lower_vocab) for s in self.src_sents]
        self.rw = [extract(rewrite, s, lower_vocab) for s in self.rw_sents]
        _assign_quotes(source, self.src)
        _assign_quotes(rewrite, self.rw)
        resolve_speakers(self.src)
        resolve_speakers(self.rw)
        link_roles(self.src, self.src + self.rw)
        link_roles(self.rw, self.src + self.rw)
        self.src_body = [sf for sf in self.src if sf.sent.kind == "body"]
        self.rw_body = [sf for sf in self.rw if sf.sent.kind == "body"]
        self.src_index = SentenceIndex(self.src_body)
        self.rw_index = SentenceIndex(self.rw_body)
        # Whole-text lookups for "does the source say this anywhere".
        self.src_words = {entity_key(t.text) for sf in self.src for t in sf.toks}
        self.src_words.update(re.findall(r"[\w']+", apply_alias_phrases(source)))
        for sf in self.src:
            for t in sf.toks:
                if "-" in t.text:
                    self.src_words.update(entity_key(p) for p in t.text.split("-"))
        self.src_entity_keys = {k for sf in self.src for e in sf.entities for k in e.keys}
        self.src_keys_by_prefix: dict[str, list[str]] = {}
        for k in sorted(self.src_entity_keys):
            self.src_keys_by_prefix.setdefault(k[:4], []).append(k)
        self.src_numbers = [(sf, n) for sf in self.src for n in sf.numbers]
        self.src_num_by_value = _by_value(self.src_numbers)
        self.src_num_by_ctx: dict[tuple[str, str, str], list[tuple[SentenceFacts, Any]]] = {}
        for sf, n in self.src_numbers:
            cas, head = casualty_context(sf, n), head_noun(sf, n)
            partitive = source[n.end : n.end + 4].lower().startswith(" of")
            if cas and not partitive:
                self.src_num_by_ctx.setdefault((_kind_class(n), "cas", stem(cas)), []).append(
                    (sf, n)
                )
            elif head and not cas:
                self.src_num_by_ctx.setdefault((_kind_class(n), "head", stem(head)), []).append(
                    (sf, n)
                )
        self.src_time_norms = {t.norm for sf in self.src for t in sf.times}
        self.rw_time_norms = {t.norm for sf in self.rw for t in sf.times}
        self.src_stems = frozenset().union(*(sf.stem_set for sf in self.src))
        self.rw_stems = frozenset().union(*(sf.stem_set for sf in self.rw))
        self.rw_words = {entity_key(t.text) for sf in self.rw for t in sf.toks}
        self.rw_words.update(re.findall(r"[\w']+", apply_alias_phrases(rewrite)))
        for sf in self.rw:
            for t in sf.toks:
                if "-" in t.text:
                    self.rw_words.update(entity_key(p) for p in t.text.split("-"))
        self.rw_numbers = [(sf, n) for sf in self.rw for n in sf.numbers]
        self.rw_num_by_value = _by_value(self.rw_numbers)
        self.src_by_speaker: dict[str, list[SentenceFacts]] = {}
        for sf in self.src_body:
            if sf.attribution is not None:
                for k in sf.speaker_keys:
                    self.src_by_speaker.setdefault(k, []).append(sf)
        # Stems the source states outright, and stems it only negates or makes conditional.
        self.src_asserted: set[str] = set()
        self.src_qualified: dict[str, tuple[int, SentenceFacts, Any]] = {}
        for k, sf in enumerate(self.src_body):
            qpos = qualified_positions(source, sf)
            for t in sf.toks:
                st = stem(t.text)
                if t.start in qpos:
                    self.src_qualified.setdefault(st, (k, sf, t))
                else:
                    self.src_asserted.add(st)
        self._quote_postings: dict[str, list[int]] | None = None
        self._src_quotes: list[Any] = []
        self.findings: list[Finding] = []
        self.rivals: set[int] = set()
        # Nouns the rewrite generalised ("all counts"), already reported with their figures.
        self.generalised: set[str] = set()

    def quote_candidates(self, words: list[str]) -> list[Any]:
        """Source quotations sharing the most words with a rewrite quotation (indexed)."""
        if self._quote_postings is None:
            self._quote_postings = {}
            self._src_quotes = [q for sf in self.src for q in sf.quotes]
            for i, sq in enumerate(self._src_quotes):
                for w in set(re.findall(r"[\w’']+", sq.text.lower())):
                    self._quote_postings.setdefault(w, []).append(i)
        if len(self._src_quotes) <= MAX_QUOTE_CANDIDATES:
            return self._src_quotes
        shared: dict[int, int] = {}
        for w in set(words):
            p = self._quote_postings.get(w, [])
            if len(p) > 4 * MAX_QUOTE_CANDIDATES:
                continue  # a word in most quotations says nothing about which one
            for i in p:
                shared[i] = shared.get(i, 0) + 1
        best = sorted(shared, key=lambda i: (-shared[i], i))[:MAX_QUOTE_CANDIDATES]
        return [self._src_quotes[i] for i in sorted(best)]

    def add(
        self,
        category: str,
        severity: str,
        rw: tuple[int, int] | None,
        src: tuple[int, int] | None,
        message: str,
        confidence: float,
    ) -> None:
        self.findings.append(
            Finding(category, severity, rw, src, message, round(min(max(confidence, 0.0), 1.0), 2))
        )

    def q(self, span: tuple[int, int], side: str = "source", limit: int = 90) -> str:
        text = self.source if side == "source" else self.rewrite
        s = " ".join(text[span[0] : span[1]].split())
        return s if len(s) <= limit else s[: limit - 1].rstrip() + "…"


def _assign_quotes(text: str, facts: list[SentenceFacts]) -> None:
    """Find quotations per line, so one running over two sentences pairs its own marks."""
    if not facts:
        return
    starts = [sf.sent.start for sf in facts]
    per: list[list[Any]] = [[] for _ in facts]
    for m in re.finditer(r"[^\n]+", text):
        for q in find_quotes(text, m.start(), m.end()):
            k = bisect_right(starts, q.start) - 1
            if k >= 0:
                per[k].append(q)
    for sf, qs in zip(facts, per, strict=True):
        sf.quotes = qs


def _num_key(n: NumberMention) -> tuple[str, str, float]:
    return (_kind_class(n), n.unit, n.value)


def _by_value(
    nums: list[tuple[SentenceFacts, NumberMention]],
) -> dict[tuple[str, str, float], list[tuple[SentenceFacts, NumberMention]]]:
    out: dict[tuple[str, str, float], list[tuple[SentenceFacts, NumberMention]]] = {}
    for sf, n in nums:
        out.setdefault(_num_key(n), []).append((sf, n))
    return out


def _kind_class(n: NumberMention) -> str:
    return "count" if n.kind in ("count", "vague") else n.kind


def _span(x: Any) -> tuple[int, int]:
    return (x.start, x.end)


# ------------------------------------------------------------------ rules on rewrite sentences


def _number_rules(ctx: _Ctx, sf: SentenceFacts, aligned: list[SentenceFacts]) -> None:
    aligned_nums = [(a, n) for a in aligned for n in a.numbers]
    for n in sf.numbers:
        if n.is_word and n.value == 1 and n.kind == "count":
            continue  # "one" is too often not a count ("one of the", "no one")
        matches = [(a, m) for a, m in aligned_nums if same_quantity(n, m)]
        found = ctx.src_num_by_value.get(_num_key(n))
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
            found = ctx.src_num_by_value.get(_num_key(n))
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
            pool = ctx.src_num_by_ctx.get((_kind_class(n), *tag), [])
            # Figures in the aligned sentences first, then the rest in story order.
            near_ids = {id(a) for a in aligned}
            near = [x for x in pool if id(x[0]) in near_ids]
            rivals = (near + [x for x in pool[:6] if id(x[0]) not in near_ids])[:3]
        if not rivals:
            rivals = [(a, m) for a, m in aligned_nums if _kind_class(m) == _kind_class(n)]
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
            src_span = _span(rivals[0][1])
        else:
            msg = f"rewrite says {said}; the source gives no such figure"
            src_span = None
        grave = bool(cas) or sf is ctx.rw_body[0] or _people_affected(ctx, sf, n, head)
        severity = "critical" if grave and rivals else "major"
        conf = 0.9 if rivals else 0.75
        ctx.add("number", severity, _span(n), src_span, msg, conf)


_PREP_BEFORE_RE = re.compile(r"\b(by|to|from)\s+(?:about\s+|around\s+|some\s+)?$", re.IGNORECASE)


def _prep_before(text: str, n: NumberMention) -> str:
    m = _PREP_BEFORE_RE.search(text, max(0, n.start - 16), n.start)
    return m.group(1).lower() if m else ""


def _has_change_verb(sf: SentenceFacts) -> bool:
    return any(t.text.lower() in CHANGE_VERBS for t in sf.toks)


def _change_rule(
    ctx: _Ctx, sf: SentenceFacts, n: NumberMention, matches: list[tuple[SentenceFacts, Any]]
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
    ctx: _Ctx, sf: SentenceFacts, n: NumberMention, matches: list[tuple[SentenceFacts, Any]]
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
            _span(n),
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
    ctx: _Ctx,
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
        c = _clause_at(ctx.source, a, m.start)
        if c is None or st not in c.stems:
            continue
        rc = _clause_at(ctx.rewrite, sf, n.start)
        r_span = (rc.start, rc.end) if rc else _span(n)
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
    ctx: _Ctx,
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
                if _kind_class(m) == _kind_class(n)
                and m.unit == n.unit
                and not (m.is_word and m.value == 1)
                and _num_key(m) not in ctx.rw_num_by_value
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
            _span(n),
            _span(m),
            f"rewrite says {n.text}; the matching source sentence says {m.text} ({n.text} is "
            f'another figure: "{ctx.q(_span(other.sent), limit=70)}")',
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


def _people_affected(ctx: _Ctx, sf: SentenceFacts, n: NumberMention, head: str) -> bool:
    """A count of people evacuated, arrested, infected...: "2,100 residents were forced to flee"."""
    if n.kind != "count" or _unit_class(head) != "people":
        return False
    c = _clause_at(ctx.rewrite, sf, n.start)
    toks = c.toks if c is not None else sf.toks
    return any(stem(t.text).startswith(AFFECTED_STEMS) for t in toks)


def _qualifier_rule(
    ctx: _Ctx, sf: SentenceFacts, n: NumberMention, m: NumberMention, aligned: list[SentenceFacts]
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
            _span(n),
            _span(m),
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
            (n.start, n.end + _after_len(ctx.rewrite, n.end, h_r)),
            (m.start, m.end + _after_len(ctx.source, m.end, h_s)),
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
    ctx: _Ctx,
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
            end = m.end + _after_len(ctx.source, m.end, head_noun(a, m))
            r_end = n.end + _after_len(ctx.rewrite, n.end, h_n)
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
    rc = _clause_at(ctx.rewrite, sf, n.start)
    if rc is None:
        return False
    r_stems = rc.stems - set(content_stems(tokens(ctx.rewrite, n.start, n.end)))
    a0, m0 = matches[0]
    mc = _clause_at(ctx.source, a0, m0.start)
    base = len(r_stems & mc.stems) if mc else 0
    for a, m in aligned_nums:
        if a is not a0 or same_quantity(n, m) or m.kind != n.kind:
            continue
        oc = _clause_at(ctx.source, a, m.start)
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


def _clause_at(text: str, sf: SentenceFacts, pos: int) -> Clause | None:
    for c in clauses_of(text, sf):
        if c.start <= pos < c.end or (pos < c.start and c is clauses_of(text, sf)[0]):
            return c
    return None


def _after_len(text: str, pos: int, word: str) -> int:
    i = text.lower().find(word, pos, pos + 40)
    return (i + len(word) - pos) if i >= 0 else 0


def _key_supported(ctx: _Ctx, k: str) -> bool:
    if k in ctx.src_words or k in TITLES:
        return True
    # Demonyms and shortened forms: "Iranian" ~ "Iran", "Syrian" ~ "Syria".
    for cand in ctx.src_keys_by_prefix.get(k[:4], ()):
        short, long_ = sorted((cand, k), key=len)
        if len(short) >= 4 and long_.startswith(short[: max(4, len(short) - 1)]):
            return True
    return False


def _entity_rules(ctx: _Ctx, sf: SentenceFacts, aligned: list[SentenceFacts]) -> None:
    for e in sf.entities:
        missing = [k for k in e.keys if not _key_supported(ctx, k)]
        if missing:
            ctx.add(
                "entity",
                "major",
                _span(e),
                None,
                f'rewrite names "{e.text}"; the source does not mention '
                + ", ".join(f'"{k}"' for k in missing),
                0.7,
            )
            continue
        if e.title:
            _role_rule(ctx, e, aligned)
        _name_swap_rule(ctx, sf, e, aligned)


_PERSON_NAME_RE = re.compile(r"[A-Z][a-z][\w’'-]*(?: [A-Z][a-z][\w’'-]*){1,2}")


def _name_swap_rule(ctx: _Ctx, sf: SentenceFacts, e: Entity, aligned: list[SentenceFacts]) -> None:
    """A name of the story put where the source has another name the rewrite never uses.

    "a low cross from Sam Whitlock" where the matching source sentence says "from Dani Ferrer"
    and the rewrite mentions Ferrer nowhere.
    """
    if not aligned or e.title:
        return
    al_top = aligned[0]
    own = [k for k in e.keys if k not in TITLES]
    if not own or any(k in al_top.stem_set or k in al_top.sent.text.lower() for k in own):
        return
    if len(own) < 2 or not _PERSON_NAME_RE.fullmatch(e.text):
        return  # full personal names only: "Sam Whitlock" for "Dani Ferrer"
    for f in al_top.entities:
        if f.title or not f.keys or any(k in ctx.rw_words for k in f.keys):
            continue
        if len(f.keys) != len(own) or not _PERSON_NAME_RE.fullmatch(f.text):
            continue
        shared = len(sf.stem_set & al_top.stem_set)
        if shared < 4:
            return
        ctx.add(
            "entity",
            "major",
            _span(e),
            _span(f),
            f'rewrite names "{e.text}" here; the source says "{f.text}"',
            0.6,
        )
        return


def _role_rule(ctx: _Ctx, e: Entity, aligned: list[SentenceFacts]) -> None:
    names = [k for k in e.keys if k not in TITLES]
    if not names:
        return
    for a in aligned or ctx.src_body:
        for se in a.entities:
            if se.title and names[-1] in se.keys and se.title != e.title:
                # The span starts at the title: "coast guard commander Ingrid Solvang".
                low = ctx.rewrite[max(0, e.start - 40) : e.start].lower()
                at = low.rfind(e.title)
                start = e.start - len(low) + at if at >= 0 else e.start
                ctx.add(
                    "entity",
                    "major",
                    (start, e.end),
                    _span(se),
                    f'rewrite calls {names[-1].title()} "{e.title}"; source: "{se.title}"',
                    0.7,
                )
                return


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
    ctx: _Ctx, sf: SentenceFacts, t: Any, aligned: list[SentenceFacts], cands: list[Any]
) -> Any:
    """The source time of t's kind (weekday, date, clock) whose clause is about t's clause.

    "on Tuesday morning" in "The river peaked ... on Tuesday morning" is compared with "on Monday"
    in the source clause "The river peaked ... shortly after 2 a.m. on Monday", not with the
    vague "shortly after" that comes first.
    """
    if t.kind not in _POINT_KINDS:
        return None
    rc = _clause_at(ctx.rewrite, sf, t.start)
    if rc is None:
        return None
    best, best_score = None, 1
    for a in aligned:
        for x in a.times:
            if x.kind != t.kind or not any(x is c for c in cands):
                continue
            sc = _clause_at(ctx.source, a, x.start)
            score = clause_anchor(rc, sc, sf.numbers, a.numbers) if sc else 0
            if score > best_score:
                best, best_score = x, score
    return best


def _span_time_rule(ctx: _Ctx, t: Any, src_times: list[Any]) -> None:
    """ "the highest level in decades" where the source says "since 1998": a year made vague."""
    for x in src_times:
        if x.kind == "year" and _SINCE_BEFORE_RE.search(ctx.source, max(0, x.start - 8), x.start):
            ctx.add(
                "time",
                "minor",
                _span(t),
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


def _time_qualifier_rule(ctx: _Ctx, sf: SentenceFacts, t: Any, same: list[Any]) -> None:
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


def _time_rules(ctx: _Ctx, sf: SentenceFacts, aligned: list[SentenceFacts]) -> None:
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
                _span(t),
                _span(s),
                f'rewrite says "{t.text}"; source says "{s.text}"',
                0.7,
            )
        elif not t.vague and t.norm not in ctx.src_time_norms:
            ctx.add(
                "time",
                "major",
                _span(t),
                None,
                f'rewrite says "{t.text}"; the source gives no such time',
                0.6,
            )


def _quote_rules(ctx: _Ctx, sf: SentenceFacts, aligned: list[SentenceFacts]) -> None:
    for q in sf.quotes:
        rw_words = re.findall(r"[\w’']+", q.text.lower())
        if len(rw_words) < 2:
            continue
        best, best_score = None, 0.0
        for sq in ctx.quote_candidates(rw_words):
            score = fuzz.partial_ratio(q.text.lower(), sq.text.lower())
            if score > best_score:
                best, best_score = sq, score
        if best is not None and best_score >= 60:
            src_words = re.findall(r"[\w’']+", best.text.lower())
            sm = difflib.SequenceMatcher(a=src_words, b=rw_words, autojunk=False)
            changes = []
            for op, i1, i2, j1, j2 in sm.get_opcodes():
                if op in ("replace", "insert") and j1 > 0 and j2 < len(rw_words):
                    old = " ".join(src_words[i1:i2])
                    new = " ".join(rw_words[j1:j2])
                    changes.append(f'"{new}" for "{old}"' if old else f'added "{new}"')
                elif op == "replace" or (op == "insert" and rw_words[j1:j2]):
                    old = " ".join(src_words[i1:i2])
                    new = " ".join(rw_words[j1:j2])
                    if old and new and len(src_words) <= len(rw_words) + 2:
                        changes.append(f'"{new}" for "{old}"')
            if changes:
                ctx.add(
                    "quote",
                    "major",
                    _span(q),
                    _span(best),
                    "quotation differs from the source: " + "; ".join(changes[:3]),
                    0.85,
                )
            continue
        in_text = any(
            fuzz.partial_ratio(q.text.lower(), a.sent.text.lower()) >= 90 for a in aligned
        )
        if in_text:
            msg = "rewrite quotes words the source does not put in quotation marks"
            ctx.add("quote", "major", _span(q), None, msg, 0.6)
        else:
            ctx.add("quote", "critical", _span(q), None, "quotation not found in the source", 0.7)


def _speaker_match(a: frozenset[str], b: frozenset[str]) -> bool:
    if not a or not b:
        return False
    inter = len(a & b)
    return inter >= 1 and inter / min(len(a), len(b)) >= 0.5


def _claim_support(ctx: _Ctx, sf: SentenceFacts, holders: list[SentenceFacts]) -> float:
    """How well the rewrite sentence's content (speaker words aside) is covered by holders."""
    a = sf.attribution
    speaker_words = set(a.keys) if a else set()
    stems = frozenset(
        s for s in sf.stem_set if s not in speaker_words and s != stem(a.verb if a else "")
    )
    if not stems:
        return 1.0
    weights = {s: ctx.src_index.weight(s) for s in stems}
    total = sum(weights.values())
    best = 0.0
    for h in holders:
        best = max(best, sum(weights[s] for s in stems & h.stem_set) / total)
    return best


def _attribution_rules(
    ctx: _Ctx, i: int, sf: SentenceFacts, aligned: list[SentenceFacts], al: Alignment
) -> bool:
    """Check who the rewrite says made the claim. Returns True for a whole-sentence finding."""
    a = sf.attribution
    src_attr = [x for x in aligned if x.attribution is not None and x.speaker_keys]
    if (a is not None and not a.vague and a.verb != "reported") or (
        a is not None and a.verb == "reported" and not a.vague and a.keys
    ):
        keys = sf.speaker_keys or a.keys
        if not keys:
            return False
        pool = {id(x): x for k in keys for x in ctx.src_by_speaker.get(k, [])}
        same = sorted(
            (x for x in pool.values() if _speaker_match(keys, x.speaker_keys)),
            key=lambda x: x.sent.start,
        )
        support_same = _claim_support(ctx, sf, same) if same else 0.0
        if same and support_same >= 0.45:
            return False
        support_any = min(_claim_support(ctx, sf, aligned), al.coverage)
        extra = [k for k in a.keys if not ctx.src_index.contains(k) and k not in ctx.src_words]
        speaker = " ".join(a.speaker.split())
        top_same = bool(aligned) and any(x is aligned[0] for x in same) and al.scores[0] >= 0.35
        ents_in_same = all(
            any(k in x.stem_set or k in x.sent.text.lower() for x in same)
            for e in sf.entities
            for k in e.keys
            if k not in a.keys
        )
        if same and support_any < 0.4 and not (top_same and ents_in_same):
            msg = (
                f"rewrite has {speaker} {a.verb} something the source never attributes to them"
                f' (source: "{ctx.q(_span(same[0].sent), limit=70)}")'
            )
            if extra:
                msg += "; the source mentions no " + ", ".join(extra)
            ctx.add("attribution", "critical", _span(sf.sent), _span(same[0].sent), msg, 0.8)
            return True
        if not same and support_any < 0.35 and not a.pronoun:
            msg = f"invented attribution: the source has no statement from {speaker}"
            ctx.add("attribution", "critical", _span(sf.sent), None, msg, 0.75)
            return True
        # A swap between two named speakers of the source ("Osei said" for what Reyes said).
        # The source sentence that best holds the claim itself, speaker words aside.
        by_claim = max(aligned, key=lambda x: _claim_support(ctx, sf, [x])) if aligned else None
        top_attr = [by_claim] if any(x is by_claim for x in src_attr) else []
        other_speaker = not any(_speaker_match(keys, x.speaker_keys) for x in top_attr)
        # A pronoun speaker counts when it was resolved to a named one ("she" = Lindqvist).
        named = [
            x for x in top_attr if x.attribution and (not x.attribution.pronoun or x.speaker_name)
        ]
        top_stems = by_claim.stem_set if by_claim is not None else frozenset()
        # Neither speaker appears in the other's sentence: not the same body named twice.
        disjoint = bool(named) and not (
            set(keys) & top_stems or named[0].speaker_keys & sf.stem_set
        )
        named_here = any(e.start >= a.start and e.end <= a.end for e in sf.entities)
        # "the company said" for "it added": a generic name for the organisation "it" stands for.
        generic = set(a.keys) <= GENERIC_ORG_SPEAKERS and not named_here
        if (
            named
            and not (generic and named[0].attribution.speaker.lower() in ("it", "they"))
            and same
            and other_speaker
            and not a.pronoun
            and (named_here or disjoint)
            and not set(keys) <= top_stems  # "the department" named in the same source sentence
            and al.scores
            and al.scores[0] >= 0.4
        ):
            other = named[0].speaker_name or named[0].attribution.speaker
            ctx.add(
                "attribution",
                "major",
                (a.start, a.end),
                _span(named[0].attribution),
                f"rewrite attributes this to {speaker}; source attributes it to {other}",
                0.7,
            )
        return False
    if not src_attr or not al.scores or al.scores[0] < 0.45:
        return False
    top = aligned[0]
    if top.attribution is None or not top.speaker_keys or (top.attribution.pronoun and i == 0):
        return False
    prev = ctx.rw_body[i - 1] if i > 0 else None
    if (
        prev is not None
        and prev.attribution
        and _speaker_match(prev.speaker_keys, top.speaker_keys)
    ):
        return False
    who = top.speaker_name
    if a is not None and a.vague:
        ctx.add(
            "attribution",
            "minor",
            (a.start, a.end),
            _span(top.attribution),
            f'rewrite attributes vaguely ("{a.speaker}"); source attributes it to {who}',
            0.6,
        )
    return False


# Words that open a further claim of the speaker: "..., and blamed ...", "; ...", "adding that".
_CLAIM_JOINERS = frozenset(["and", "but", "adding", "also", "while", "then"])
_LEAD_SKIP = _CLAIM_JOINERS | {"that"}
_RELATIVE_OPENERS = frozenset(["who", "whom", "whose", "which", "where", "when"])
_ATTR_VERB_STEMS = frozenset(stem(v) for v in ATTRIBUTION_VERBS) | {"add", "also"}
# A clause whose content the speaker's source sentences and the whole source cover less than
# this is a claim the rewrite put in the speaker's mouth.
ATTRIBUTED_CLAUSE_SUPPORT = 0.34


def _attributed_clause_rule(ctx: _Ctx, sf: SentenceFacts) -> None:
    """A further clause of a speaker's sentence that the source never has them say.

    "The mayor said the barriers had held, and blamed years of underinvestment for the damage"
    where the source has the mayor on the barriers and on the cost, and nobody on the blame.
    The sentence as a whole is supported, so only the clause level shows the invented claim.
    """
    a = sf.attribution
    if a is None or a.vague:
        return
    keys = sf.speaker_keys or a.keys
    if not keys:
        return
    same = [
        x
        for x in {id(x): x for k in keys for x in ctx.src_by_speaker.get(k, [])}.values()
        if _speaker_match(keys, x.speaker_keys)
    ]
    quotes = [(q.start, q.end) for q in sf.quotes]
    clauses = clauses_of(ctx.rewrite, sf)
    for k, c in enumerate(clauses):
        if k == 0 or (a.start < c.end and c.start < a.end):
            continue
        if any(qs < c.end and c.start < qe for qs, qe in quotes):
            continue  # quotations are the quote rules' job
        before = c.start >= a.end
        if not before and sum(1 for t in sf.toks if t.start >= a.end) > 6:
            continue  # a clause ahead of "X said ...": setting, not the speaker's claim
        # Clauses of the speaker's claim before this one (all others, for "..., X said").
        between = [
            x
            for x in clauses
            if x is not c and (not before or (x.end > a.end and x.start < c.start))
        ]
        if before and not between:
            continue  # the speaker's first claim: the sentence-level rules cover it
        if any(x.toks[0].text.lower() in _RELATIVE_OPENERS for x in between if x.start < c.start):
            continue  # after "who ...": about the speaker, not said by them
        gap = ctx.rewrite[clauses[k - 1].end : c.start]
        first = c.toks[0].text.lower()
        if first not in _CLAIM_JOINERS and ";" not in gap:
            continue
        stems = frozenset(c.stems - keys - _ATTR_VERB_STEMS)
        if len(stems) < 3:
            continue
        weights = {st: ctx.src_index.weight(st) for st in stems}
        total = sum(weights.values())
        scored = sorted(
            ((sum(weights[st] for st in stems & x.stem_set) / total, x) for x in same),
            key=lambda p: (-p[0], p[1].sent.start),
        )
        if scored and scored[0][0] >= ATTRIBUTED_CLAUSE_SUPPORT:
            continue
        anywhere = ctx.src_index.align(stems, max_picked=1)
        if anywhere.scores and anywhere.scores[0] >= ATTRIBUTED_CLAUSE_SUPPORT:
            continue  # someone in the source says it, or the story states it
        speaker = sf.speaker_name or " ".join(a.speaker.split())
        lead = next((t for t in c.toks if t.text.lower() not in _LEAD_SKIP), c.toks[0])
        claim = ctx.q((lead.start, c.end), "rewrite", 80)
        msg = f'invented attribution: rewrite attributes "{claim}" to {speaker}'
        if scored:
            # The speaker's source sentence nearest to the clause: what they did say.
            near = scored[0][1]
            msg += f'; the source has them say only "{ctx.q(_span(near.sent), limit=70)}"'
            src_span: tuple[int, int] | None = _span(near.sent)
        else:
            msg += "; the source has nothing like it"
            src_span = None
        ctx.add("attribution", "critical", (c.start, c.end), src_span, msg, 0.7)
        return


def _meaning_rules(ctx: _Ctx, sf: SentenceFacts, aligned: list[SentenceFacts]) -> None:
    if not aligned:
        return
    top = aligned[0]
    c = sf.cues
    src_hedges = [(a, h) for a in aligned[:2] for h in a.cues.hedges]
    keeps_hedge = any(t.text.lower() in HEDGE_EQUIVALENTS for t in sf.toks)
    if src_hedges and not c.hedges and not keeps_hedge:
        owner, h = src_hedges[0]
        scope = _scope(owner, h.end)  # the words the hedge covers, in its own sentence
        # The best-matching source sentence states it plainly: the hedge is about something else.
        plain = (
            owner is not top and not top.cues.hedges and 2 * len(scope & top.stem_set) > len(scope)
        )
        if (
            scope
            and not plain
            and len(scope & sf.stem_set) >= max(min(2, len(scope)), len(scope) // 2)
        ):
            ctx.add(
                "meaning",
                "major",
                _span(sf.sent),
                _span(h),
                f'source hedges ("{h.text}"); the rewrite states it as certain',
                0.6,
            )
    src_neg = [t for a in aligned[:2] for t in a.cues.negations]
    if src_neg and not c.negations:
        for t in src_neg:
            owner = next(a for a in aligned if t in a.cues.negations)
            if _exceptive(owner, t) and any(x.text.lower() in _ONLY_WORDS for x in sf.toks):
                continue  # "does not vote except to break ties" = "votes only to break ties"
            scope = _scope(owner, t.end)
            if len(scope) >= 2 and len(scope & sf.stem_set) >= max(2, (len(scope) + 1) // 2):
                ctx.add(
                    "meaning",
                    "major",
                    _span(sf.sent),
                    (t.start, min(owner.sent.end, t.end + 60)),
                    f'the source negates this ("{ctx.q((t.start, t.end + 40), limit=50)}"); '
                    "the rewrite does not",
                    0.55,
                )
                break
    if c.negations and not any(a.cues.negations for a in aligned):
        t = c.negations[0]
        scope = _scope(sf, t.end)
        if len(scope) >= 2 and len(scope & top.stem_set) >= max(2, (len(scope) + 1) // 2):
            ctx.add(
                "meaning",
                "major",
                (t.start, min(sf.sent.end, t.end + 40)),
                _span(top.sent),
                f'rewrite negates ("{ctx.q((t.start, t.end + 30), "rewrite", 40)}"); '
                "the source does not",
                0.55,
            )
    for t in c.strong:
        if stem(t.text) in {stem(x.text) for a in aligned for x in a.cues.strong}:
            continue
        same = STRONG_EQUIVALENTS.get(t.text.lower(), ())
        if any(w in a.sent.text.lower() for a in aligned for w in same):
            continue  # "talks collapsed" for "talks broke down"
        weak = [x for a in aligned for x in a.cues.weak]
        sev = "major" if weak else "minor"
        src = _span(weak[0]) if weak else _span(top.sent)
        tail = f'source says "{weak[0].text}"' if weak else "the source is not that strong"
        ctx.add("meaning", sev, _span(t), src, f'rewrite says "{t.text}"; {tail}', 0.55)
    _modifier_rule(ctx, sf, aligned)


_CLASSIFIER_EQ = {k: frozenset(stem(w) for w in v) for k, v in CLASSIFIER_EQUIVALENTS.items()}
_ONLY_WORDS = frozenset(["only", "solely", "just", "exclusively"])
_EXCEPT_WORDS = frozenset(["except", "unless", "but", "besides", "other"])


def _exceptive(sf: SentenceFacts, neg: Any) -> bool:
    """A negation with an exception a few words on: "not ... except", "no one other than"."""
    after = [t.text.lower() for t in sf.toks if t.start >= neg.end][:5]
    return any(w in _EXCEPT_WORDS for w in after[1:])


def _predicate_rules(ctx: _Ctx, sf: SentenceFacts, aligned: list[SentenceFacts]) -> None:
    """Reversed predicates, claims the source only negates, "all" for some, invented firsts."""
    _polarity_rule(ctx, sf, aligned)
    _qualified_claim_rule(ctx, sf)
    _quantifier_rule(ctx, sf)
    _first_ever_rule(ctx, sf, aligned)
    _record_scope_rule(ctx, sf, aligned)
    _novelty_rule(ctx, sf)
    _rank_rule(ctx, sf, aligned)


def _rank_rule(ctx: _Ctx, sf: SentenceFacts, aligned: list[SentenceFacts]) -> None:
    """ "the most expensive signing" where the source says "the second most expensive"."""
    mine = superlatives(ctx.rewrite, sf)
    if not mine:
        return
    theirs = [x for a in aligned[:2] for x in superlatives(ctx.source, a)]
    for r in mine:
        same = [x for x in theirs if x.key == r.key]
        if not same or any(x.rank == r.rank for x in same):
            continue
        x = same[0]
        rank = x.rank or "first"
        ctx.add(
            "meaning",
            "major",
            (r.start, r.end),
            (x.start, x.end),
            f'rewrite says "{ctx.q((r.start, r.end), "rewrite")}"; source says '
            f'"{ctx.q((x.start, x.end))}" (ranked {rank}, not {r.rank or "first"})',
            0.7,
        )
        return


def _polarity_rule(ctx: _Ctx, sf: SentenceFacts, aligned: list[SentenceFacts]) -> None:
    """ "missing the estimate" where the source says "slightly above" it."""
    src_clauses = [(a, c) for a in aligned[:2] for c in clauses_of(ctx.source, a)]
    if not src_clauses:
        return
    r_clauses = clauses_of(ctx.rewrite, sf)
    for k, rc in enumerate(r_clauses):
        pws = polar_words(rc)
        if not pws:
            continue
        probe = rc
        if k and rc.toks[0].text.lower() in ("who", "which", "that"):
            # A relative clause is about the noun before it: "Residents who ... backed".
            prev = r_clauses[k - 1]
            probe = Clause(rc.start, rc.end, rc.toks, rc.stems | prev.stems)
        best, score = None, 1
        for a, c in src_clauses:
            sc = clause_anchor(probe, c, sf.numbers, a.numbers)
            if sc > score:
                best, score = c, sc
        if best is None:
            continue
        src_pw = polar_words(best)
        for pw in pws:
            same_cls = [x for x in src_pw if x.cls == pw.cls]
            if not same_cls or any(x.sign == pw.sign for x in same_cls):
                continue
            other = same_cls[0].token
            ctx.add(
                "meaning",
                "critical" if pw.cls == "verdict" else "major",
                (rc.start, rc.end),
                (best.start, best.end),
                f'rewrite says "{ctx.q((rc.start, rc.end), "rewrite", 70)}"; the source says '
                f'the opposite ("{other.text}": "{ctx.q((best.start, best.end), limit=70)}")',
                0.7,
            )
            return


def _qualified_claim_rule(ctx: _Ctx, sf: SentenceFacts) -> None:
    """The rewrite states what the source only negates or makes conditional.

    "has been charged" where the source says "had not been formally charged"; "have confirmed"
    where the source says "if confirmed"; "the handgun used" where it says "have not said
    whether it was the weapon used".
    """
    qpos = qualified_positions(ctx.rewrite, sf, whole_sentence=True)
    for t in sf.toks:
        if t.start in qpos or not is_predicate(t.text):
            continue
        st = stem(t.text)
        if st in ctx.src_asserted or st not in ctx.src_qualified:
            continue
        k, src_sf, src_t = ctx.src_qualified[st]
        if t.text[:4].lower() != src_t.text[:4].lower():
            continue  # the same verb, not a synonym ("obtained" is not "received")
        context = src_sf.stem_set | (ctx.src_body[k - 1].stem_set if k else frozenset())
        if len((sf.stem_set & context) - {st}) < 2:
            continue  # not about the same thing (the sentence before gives a pronoun's subject)
        rc = _clause_at(ctx.rewrite, sf, t.start)
        sc = _clause_at(ctx.source, src_sf, src_t.start)
        r_span = (rc.start, rc.end) if rc else (t.start, t.end)
        s_span = _qualifier_span(ctx, src_sf, src_t, sc)
        ctx.add(
            "meaning",
            "critical" if st in CENTRAL_PREDICATE_STEMS else "major",
            r_span,
            s_span,
            f'rewrite states "{ctx.q(r_span, "rewrite", 60)}"; the source only says '
            f'"{ctx.q(s_span, limit=80)}"',
            0.7,
        )
        return


def _qualifier_span(ctx: _Ctx, sf: SentenceFacts, t: Any, clause: Clause | None) -> tuple[int, int]:
    """From the negation or condition word before t to the end of t's clause."""
    start = clause.start if clause else t.start
    end = clause.end if clause else t.end
    for x in sf.toks:
        if x.start >= t.start:
            break
        low = x.text.lower().replace("’", "'")
        if x.start >= sf.sent.start and (
            low in ("not", "never", "no", "if", "unless", "whether") or low.endswith("n't")
        ):
            start = min(start, x.start) if x.start >= start - 80 else start
    return (start, max(end, t.end))


def _quantifier_rule(ctx: _Ctx, sf: SentenceFacts) -> None:
    """ "found guilty on all counts" where the source counts "seven counts" and "two counts"."""
    for start, end, noun, quant in universal_phrases(ctx.rewrite, sf):
        if noun in STOPWORDS:
            continue
        counted: list[tuple[SentenceFacts, Any]] = []
        universal = False
        for i in ctx.src_index.postings.get(noun, [])[:50]:
            a = ctx.src_body[i]
            c, u = quantified_mentions(a, noun, quant)
            universal = universal or u
            counted.extend((a, t) for t in c)
        if universal or not counted:
            continue
        a, t = counted[0]
        ctx.generalised.add(noun)
        sc = _clause_at(ctx.source, a, t.start)
        s_span = (sc.start, sc.end) if sc else (t.start, t.end)
        central = bool(sf.stem_set & CENTRAL_PREDICATE_STEMS) and noun in CENTRAL_PREDICATE_STEMS
        ctx.add(
            "meaning",
            "critical" if central else "major",
            (start, end),
            s_span,
            f'rewrite says "{ctx.q((start, end), "rewrite")}"; the source gives only part: '
            f'"{ctx.q(s_span, limit=70)}"',
            0.7,
        )
        return


def _first_ever_rule(ctx: _Ctx, sf: SentenceFacts, aligned: list[SentenceFacts]) -> None:
    """ "for the first time in the club's history" where the source says "first time since 2011"."""
    m = FIRST_EVER_RE.search(ctx.rewrite, sf.sent.start, sf.sent.end)
    if m is None:
        return
    src = None
    for a in aligned:
        fm = first_since(a.sent.text)
        if fm is not None:
            if "since" not in fm.group().lower():
                return  # the source speaks of history too
            src = (a.sent.start + fm.start(), a.sent.start + fm.end())
            break
    if src is None and first_since(ctx.source) is not None:
        return
    tail = f'source says "{ctx.q(src)}"' if src else "the source makes no such claim"
    ctx.add(
        "meaning", "major", (m.start(), m.end()), src, f'rewrite says "{m.group()}"; {tail}', 0.7
    )


_SUPERLATIVE_EVER_RE = re.compile(
    r"\b(?P<sup>[a-z]+est|most\s+[a-z]+|record)\b(?:\s+[\w’'-]+){0,4}?\s+"
    r"(?:ever\b|in\s+(?:[\w’'-]+\s+){0,3}?history\b|on\s+record\b)|\ball-time\b",
    re.IGNORECASE,
)
_MONTH_ALT = "|".join(sorted((m for m in MONTHS if len(m) > 3), key=len, reverse=True))
_RECORD_SCOPE_RE = re.compile(
    r"\bsince\s+(?:the\s+)?\d{4}s?\b|\bin\s+(?:" + _MONTH_ALT + r")\b"
    r"|\bin\s+(?:decades|years|a\s+decade|a\s+generation|\d+\s+years|[a-z]+\s+years)\b"
    r"|\b(?:this|last)\s+(?:year|season|month|decade|century)\b|\bfor\s+the\s+(?:month|season)\b",
    re.IGNORECASE,
)


def _record_scope_rule(ctx: _Ctx, sf: SentenceFacts, aligned: list[SentenceFacts]) -> None:
    """A record given a wider scope than the source's: "the deadliest in the country's history"
    or "the highest ever measured" where the source says "since 1998" or "in June"."""
    m = _SUPERLATIVE_EVER_RE.search(ctx.rewrite, sf.sent.start, sf.sent.end)
    if m is None:
        return
    word = (m.group("sup") or "record").lower().split()[-1]
    for a in aligned:
        k = a.sent.text.lower().find(word)
        if k < 0:
            continue
        pos = a.sent.start + k
        limit = min(a.sent.end, pos + 90)
        stop = re.compile(r"[;.]|,\s+(?:when|as|but|and|which|where)\b").search(
            ctx.source, pos, limit
        )
        r = _RECORD_SCOPE_RE.search(ctx.source, pos, stop.start() if stop else limit)
        if r is None:
            continue
        src = (pos, r.end())
        ctx.add(
            "meaning",
            "major",
            (m.start(), m.end()),
            src,
            f'rewrite says "{m.group()}"; source limits the record: "{ctx.q(src)}"',
            0.7,
        )
        return


_NOVELTY_RE = re.compile(
    r"\bthe\s+(?:first|only)\s+(?:[\w’'-]+\s+){0,3}?(?:of\s+its\s+kind|to\s+(?!be\b)[a-z]+)\b"
    r"|\bfirst-ever\b|\bfirst\s+of\s+its\s+kind\b",
    re.IGNORECASE,
)


def _novelty_rule(ctx: _Ctx, sf: SentenceFacts) -> None:
    """An invented first: "the first drug of its kind to show such a benefit" where the source
    claims no first or only at all."""
    m = _NOVELTY_RE.search(ctx.rewrite, sf.sent.start, sf.sent.end)
    if m is None or _NOVELTY_RE.search(ctx.source) or FIRST_EVER_RE.search(ctx.source):
        return
    ctx.add(
        "meaning",
        "major",
        (m.start(), m.end()),
        None,
        f'rewrite says "{m.group()}"; the source claims no such first',
        0.65,
    )


def _scope(sf: SentenceFacts, pos: int, width: int = 4) -> set[str]:
    """Content stems just after a cue: what it hedges or negates."""
    out: list[str] = []
    for t in sf.toks:
        if t.start < pos:
            continue
        st = sf.stems and stem(t.text)
        if t.text.lower() in _SCOPE_SKIP:
            continue
        out.append(st)
        if len(out) >= width:
            break
    return set(out)


_SCOPE_SKIP = frozenset(
    "be been being is was were are has have had the a an to that it".split()  # noqa: SIM905
)


def _modifier_rule(ctx: _Ctx, sf: SentenceFacts, aligned: list[SentenceFacts]) -> None:
    """A modifier swapped on the same head noun: "foreign reserves" -> "currency reserves"."""
    if not aligned:
        return
    top_stems = frozenset().union(*(a.stem_set for a in aligned))
    toks = sf.toks
    for j in range(len(toks) - 1):
        mod, head = toks[j], toks[j + 1]
        if ctx.rewrite[mod.end : head.start] != " " or not mod.text.islower():
            continue
        if mod.text.endswith("ly") or head.text.endswith(("ed", "ing")):
            continue  # adverb + verb, not a modifier on a noun
        if j > 0 and toks[j - 1].text.lower() in _INTENSIFIERS:
            continue  # "much shorter sentences": a comparison, not a classifying modifier
        if any(t.start <= mod.start < t.end for t in sf.times):
            continue
        m_st, h_st = stem(mod.text), stem(head.text)
        if m_st in top_stems or h_st not in top_stems or len(mod.text) < 4:
            continue
        if not head.text.islower() or mod.text.lower() in _FUNCTION_MODS:
            continue
        for a in aligned:
            for k in range(1, len(a.toks)):
                st_tok, prev = a.toks[k], a.toks[k - 1]
                if stem(st_tok.text) != h_st or ctx.source[prev.end : st_tok.start] != " ":
                    continue
                p_st = stem(prev.text)
                if (
                    prev.text.lower() in CLASSIFIERS
                    and prev.text.islower()
                    and len(prev.text) >= 4
                    and prev.text.lower() not in _FUNCTION_MODS
                    and p_st not in sf.stem_set
                    and p_st != m_st
                    and m_st not in _CLASSIFIER_EQ.get(prev.text.lower(), ())
                ):
                    ctx.add(
                        "meaning",
                        "minor",
                        (mod.start, head.end),
                        (prev.start, st_tok.end),
                        f'rewrite says "{mod.text} {head.text}"; source says '
                        f'"{prev.text} {st_tok.text}"',
                        0.5,
                    )
                    return


_INTENSIFIERS = frozenset(
    ["much", "far", "even", "slightly", "somewhat", "considerably", "significantly", "bit", "lot"]
)
_FUNCTION_MODS = frozenset(
    """this that these those their there other another some many much more most such which
    what whose where when have been were with from into also than then very about over after
    before under several each every both either neither only same said says told""".split()  # noqa: SIM905
)


def _has_facts(sf: SentenceFacts) -> bool:
    return bool(sf.numbers or sf.entities or sf.quotes or sf.attribution or sf.times)


# ------------------------------------------------------------------ omissions


def _same_context(a: SentenceFacts, n: NumberMention, b: SentenceFacts, m: NumberMention) -> bool:
    """Two equal figures describe the same thing: same casualty word or same counted noun."""
    if n.kind in ("money", "percent") and m.kind == n.kind:
        return True  # "$3.4 million project" = "$3.4 million cost"
    ca, cb = casualty_context(a, n), casualty_context(b, m)
    if ca or cb:
        return bool(ca and cb and stem(ca) == stem(cb))
    ha, hb = head_noun(a, n), head_noun(b, m)
    return not ha or not hb or stem(ha) == stem(hb)


def _omission_rules(ctx: _Ctx, rw_aligned_to: dict[int, list[int]]) -> None:
    for s in ctx.src_sents:
        if s.kind == "dateline":
            rw_first = ctx.rw_sents[0] if ctx.rw_sents else None
            if rw_first is None or rw_first.kind != "dateline":
                ctx.add(
                    "omission",
                    "minor",
                    None,
                    _span(s),
                    f'rewrite drops the dateline "{s.text.strip(" —–-")}"',
                    0.8,
                )
        elif s.kind == "credit":
            words = [w for w in re.findall(r"[A-Z][\w’'-]+", s.text) if w != "By"]
            if words and not all(entity_key(w) in ctx.rw_words for w in words):
                ctx.add(
                    "omission",
                    "minor",
                    None,
                    _span(s),
                    f'rewrite drops the credit line "{s.text}"',
                    0.7,
                )
    # Source spans already reported by a rewrite-side finding, per source sentence the finding's
    # rewrite sentence was aligned to: that sentence was changed, not dropped.
    rw_index_of = {sf.sent.start: i for i, sf in enumerate(ctx.rw_body)}
    rw_starts = sorted(rw_index_of)
    reported_by_src: dict[int, list[tuple[int, int]]] = {}
    for f in ctx.findings:
        if not (f.rewrite_span and f.source_span):
            continue
        k = bisect_right(rw_starts, f.rewrite_span[0]) - 1
        if k < 0:
            continue
        for si in rw_aligned_to.get(rw_index_of[rw_starts[k]], []):
            reported_by_src.setdefault(si, []).append(f.source_span)
    for si, sf in enumerate(ctx.src_body):
        if sf.sent.text.isupper():
            continue  # a subhead
        al = ctx.rw_index.align(sf.stem_set)
        covering = [ctx.rw_body[j] for j in al.picked if al.scores[al.picked.index(j)] >= 0.2]
        cov_nums = [(c, n) for c in covering for n in c.numbers]
        low_cov = al.coverage < DROPPED_COVERAGE
        dropped_nums = []
        for n in sf.numbers:
            if n.is_word and n.value == 1:
                continue
            if any(same_quantity(n, m) and _same_context(sf, n, c, m) for c, m in cov_nums):
                continue
            if any(
                _same_context(sf, n, rsf, m) for rsf, m in ctx.rw_num_by_value.get(_num_key(n), [])
            ):
                continue
            # Only central figures count: casualties, money, percentages, or a dropped sentence.
            central = casualty_context(sf, n) or n.kind in ("money", "percent")
            if al.coverage < 0.3 or (central and al.coverage < 0.75):
                dropped_nums.append(n)
        if _denial_dropped(ctx, sf):
            ctx.add(
                "omission",
                "major",
                None,
                _span(sf.sent),
                f'rewrite drops the denial ("{ctx.q(_span(sf.sent), limit=80)}")',
                0.65,
            )
            continue
        ents_kept = all(all(k in ctx.rw_words for k in e.keys) for e in sf.entities)
        if dropped_nums and ents_kept and all(id(n) in ctx.rivals for n in dropped_nums):
            continue  # already reported with the rewrite's wrong figure
        dropped_ents = [
            e for e in sf.entities if not all(k in ctx.rw_words or k in TITLES for k in e.keys)
        ]
        casualty = any(
            any(stem(t.text).startswith(("kill", "injur", "dead", "die")) for t in sf.toks)
            for _ in [0]
        )
        neg = bool(sf.cues.negations) or any(
            t.text.lower() in ("but", "however", "although", "though", "except", "exception")
            for t in sf.toks
        )
        reasons = []
        if dropped_nums:
            reasons.append(", ".join(n.text for n in dropped_nums[:4]))
        if dropped_ents and low_cov:
            reasons.append(", ".join(e.text for e in dropped_ents[:3]))
        important = bool(dropped_nums) or (low_cov and (dropped_ents or (neg and casualty)))
        if not important and low_cov and sf.attribution and (neg or sf.cues.hedges):
            important = True
        if important and not dropped_nums and _claim_kept(ctx, sf):
            important = False  # the content is there; who said it is the attribution rules' job
        if not important:
            kept = covering[0].stem_set if covering else frozenset()  # the rewrite's version
            _clause_omissions(ctx, sf, reported_by_src.get(si, []), kept)
            continue
        # A possibility the speaker raises ("it could submit applications later") is minor.
        possible = not dropped_nums and any(t.text.lower() in _POSSIBILITY for t in sf.toks)
        sev = "minor" if possible else "major"
        what = "; ".join(reasons) if reasons else "the statement"
        conf = 0.75 if dropped_nums else 0.6
        ctx.add(
            "omission",
            sev,
            None,
            _span(sf.sent),
            f'rewrite drops {what} ("{ctx.q(_span(sf.sent), limit=80)}")',
            conf,
        )


_POSSIBILITY = frozenset(["could", "might", "may"])


def _claim_kept(ctx: _Ctx, sf: SentenceFacts) -> bool:
    """Whether one rewrite sentence keeps the sentence's content, speaker words aside."""
    a = sf.attribution
    speaker = set(a.keys) if a else set()
    if a is not None and a.verb in ("told", "tells", "tell"):
        # "Witnesses told local television station KCRG that ...": the addressee goes too.
        after = [t for t in sf.toks if t.start >= a.end][:7]
        cut = next((k for k, t in enumerate(after) if t.text.lower() == "that"), -1)
        speaker |= set(content_stems(after[:cut])) if cut > 0 else set()
    stems = frozenset(sf.stem_set - speaker - {stem(a.verb)} if a else sf.stem_set)
    if len(stems) < 3:
        return False
    al = ctx.rw_index.align(stems, max_picked=1)
    return bool(al.scores) and al.scores[0] >= 0.7


_SCORE_OR_RANGE_RE = re.compile(r"-\d|\s+(?:to|or)\s+\d|\s+to\s+[a-z]+\s+(?:days|weeks)")
_BACKGROUND_OPENERS = frozenset(["because", "since", "as", "so"])
_CONCESSIVE = frozenset(["though", "although", "even"])
_GRAVE_WORDS = frozenset(
    (  # noqa: SIM905
        "critical condition hospitalized hospital injured wounded dead died killed missing "
        "stable serious"
    ).split()
)
_CLAUSE_VERBS = frozenset(
    (  # noqa: SIM905
        "is are was were will would has have had be been can could may might must shall should"
    ).split()
)
_CALL_VERBS = frozenset(
    [
        "called",
        "calls",
        "urged",
        "urges",
        "demanded",
        "demands",
        "vowed",
        "vows",
        "pledged",
        "pledges",
        "promised",
        "promises",
        "threatened",
        "threatens",
        "warned",
        "warns",
        "appealed",
        "asked",
    ]
)
_SUPERLATIVES = frozenset(["first", "only", "last", "record", "largest", "biggest", "highest"])


_CAVEAT_OPENERS = frozenset(["but", "however"])
_PARTITIVE_RE = re.compile(r"\s+of\s+(?:them|those|these|which|whom)\b", re.IGNORECASE)


def _superlative_kept(c: Clause, words: set[str], kept: frozenset[str]) -> bool:
    """A superlative clause the rewrite's version keeps as a compound: "the highest position of
    her career" as "a career-high", "the biggest ever" as "record"."""
    sups = [w for w in words & _SUPERLATIVES if w.endswith("est")]
    if not sups or not kept:
        return False
    base = sups[0][:-3].rstrip("g")  # "highest" -> "high", "biggest" -> "big" (less a "g")
    rest = {st for st in c.stems if not st.startswith(base)}
    return any(k.startswith(base) for k in kept) and bool(rest & kept)


def _words_kept(words: set[str], kept: frozenset[str]) -> bool:
    """Every content word of words is in kept, up to stemming ("ruled" for "rule")."""
    content = [w for w in words if len(w) > 3]
    return bool(content) and all(
        w in kept or any(w[:n] == k[:n] for k in kept for n in [min(len(w), len(k), 5)])
        for w in content
    )


def _claim_negation_dropped(ctx: _Ctx, sf: SentenceFacts, neg: Any) -> bool:
    """A speaker's negated claim whose words the rewrite never uses: "X said the club had not
    wanted to sell" where the rewrite has no wanting and no selling."""
    a = sf.attribution
    low = neg.text.lower().replace("’", "'")
    if a is None or a.vague or neg.start < a.end or not (low == "not" or low.endswith("n't")):
        return False
    after = [t for t in sf.toks if t.start >= neg.end and t.text.lower() not in STOPWORDS][:2]
    scope = {stem(t.text) for t in after}
    return bool(scope) and not scope <= ctx.rw_stems


def _partitive_dropped(ctx: _Ctx, sf: SentenceFacts, c: Clause, kept: frozenset[str]) -> bool:
    """A qualification of part of a figure the rewrite keeps: "six years, two of them suspended".

    The clause is a figure, "of them", and what holds for that part; the rewrite's version of the
    sentence has none of the part's words.
    """
    if not kept:
        return False
    n = next((n for n in sf.numbers if c.start <= n.start < c.end), None)
    if n is None or not _PARTITIVE_RE.match(ctx.source, n.end):
        return False
    words = c.stems - set(content_stems(tokens(ctx.source, n.start, n.end)))
    return bool(words) and not words & kept


def _denial_dropped(ctx: _Ctx, sf: SentenceFacts) -> bool:
    """A denial ("denied the allegations") that no rewrite sentence keeps with what it denies."""
    for k, t in enumerate(sf.toks):
        if t.text.lower() not in DENIAL_WORDS:
            continue
        if any(x.text.lower() in DENIAL_STOPS for x in sf.toks[max(0, k - 2) : k]):
            continue
        target = [stem(x.text) for x in sf.toks[k + 1 : k + 5] if x.text.lower() not in STOPWORDS][
            :2
        ]
        for j in ctx.rw_index.postings.get(stem(t.text), []):
            r = ctx.rw_body[j]
            if not target or any(st in r.stem_set for st in target):
                return False
        return True
    return False


def _clause_omissions(
    ctx: _Ctx,
    sf: SentenceFacts,
    reported: list[tuple[int, int]],
    kept: frozenset[str] = frozenset(),
) -> None:
    """A dropped clause inside a sentence the rewrite otherwise keeps.

    Only clauses that carry a fact count: a figure the rewrite never gives, a name it never
    uses, a negation no matching rewrite sentence keeps, a time, a first, a call or a warning.
    """
    rw_times = ctx.rw_time_norms
    # Sentences about injuries or with a negation: any dropped clause of them matters.
    grave = bool(sf.cues.negations) or any(t.text.lower() in _GRAVE_WORDS for t in sf.toks)
    for c in clauses_of(ctx.source, sf):
        if _partitive_dropped(ctx, sf, c, kept):
            ctx.add(
                "omission",
                "major",
                None,
                (c.start, c.end),
                f'rewrite drops the qualification ("{ctx.q((c.start, c.end), limit=80)}")',
                0.55,
            )
            return
        if len(c.stems) < 2 or ANONYMITY_RE.search(ctx.source, c.start, c.end):
            continue  # "who was not authorised to speak publicly" is sourcing, not a fact
        first = c.toks[0].text.lower()
        if first in _BACKGROUND_OPENERS or " ".join(t.text.lower() for t in c.toks[:2]) in (
            "known as",
            "also known",
        ):
            continue  # a reason or an alternative name: background, not a fact of the story
        if any(a < c.end and b > c.start for a, b in reported):
            continue  # already reported with the rewrite's version of this sentence
        al = ctx.rw_index.align(c.stems, max_picked=2)
        best = al.scores[0] if al.scores else 0.0
        words = {t.text.lower() for t in c.toks}
        nums = [
            n
            for n in sf.numbers
            if c.start <= n.start < c.end
            and stem(head_noun(sf, n) or "-") not in ctx.generalised
            and not (n.is_word and n.value == 1)
            and not is_age(ctx.source, n)
            and id(n) not in ctx.rivals  # already given with the rewrite's wrong figure
            and _num_key(n) not in ctx.rw_num_by_value
            and not _SCORE_OR_RANGE_RE.match(ctx.source, n.end)
            and not re.search(r"\d-$", ctx.source[max(0, n.start - 2) : n.start])
        ]
        ents = [
            e
            for e in sf.entities
            if c.start <= e.start < c.end
            and not all(k in ctx.rw_words or k in TITLES for k in e.keys)
        ]
        negs = [t for t in sf.cues.negations if c.start <= t.start < c.end]
        times = [
            t
            for t in sf.times
            if c.start <= t.start < c.end
            and not t.vague
            and t.norm not in rw_times
            and "min" not in t.norm  # a calendar time, not a duration
        ]
        verb = any(
            t.text.lower() in _CLAUSE_VERBS or (t.text.endswith("ed") and t.text.islower())
            for t in c.toks
        )
        reason = ""
        if nums and best < 0.75:
            reason = ", ".join(n.text for n in nums[:3])
        elif ents and verb and best < 0.5:
            reason = ", ".join(e.text for e in ents[:3])
        elif negs and len(c.stems) >= 3:
            top = ctx.rw_body[al.picked[0]] if al.picked else None
            scope = _scope(sf, negs[0].end, 2)
            kept_neg = top is not None and bool(top.cues.negations) and bool(scope)
            if kept_neg and _words_kept(scope, top.stem_set):
                pass  # the rewrite's version negates the same words: "could not be ruled out"
            elif (
                best < 0.5
                or (top is not None and not top.cues.negations and scope and scope <= top.stem_set)
                or _claim_negation_dropped(ctx, sf, negs[0])
            ):
                reason = "the negation"
        elif first in _CAVEAT_OPENERS and len(c.stems - _ATTR_VERB_STEMS) >= 3 and kept:
            claim = c.stems - _ATTR_VERB_STEMS
            if 4 * len(claim & kept) <= len(claim):
                reason = "the caveat"
        elif _superlative_kept(c, words, kept):
            continue  # "a career-high No. 8" for "No. 8, the highest position of her career"
        elif ((times or words & _SUPERLATIVES or words & _CALL_VERBS) and best < 0.4) or (
            verb and len(c.stems) >= 3 and best < 0.35 and first not in _CONCESSIVE and grave
        ):
            reason = "the statement"
        if not reason:
            continue
        ctx.add(
            "omission",
            "major" if nums or negs or reason == "the caveat" else "minor",
            None,
            (c.start, c.end),
            f'rewrite drops {reason} ("{ctx.q((c.start, c.end), limit=80)}")',
            0.55,
        )
        return


_ALLEGATION_RE = re.compile(
    r"\b(?:(?P<inv>(?:investigat|prob|examin|determin|establish|check)\w*"
    r"|look\w*\s+into|unclear|not\s+known|not\s+clear)\s+(?:whether|if)"
    r"|suspect(?:ed|s)?\s+(?:of|that)"
    r"|(?P<acc>accus(?:ed|es|ing)|alleg(?:ed|es|ing)(?:\s+that)?|claim(?:ed|s|ing)\s+that"
    r"|charg(?:ed|es|ing)\s+that))\s+",
    re.IGNORECASE,
)
_SCOPE_END_RE = re.compile(
    r"[,;:.!?\u2014\u2013\"\u201c\u201d]|\s-\s|\s+(?:and|but)\s+(?:is|are|was|were|has|have|had|said|says|added)\b"
)
# Words that keep a claim open in the rewrite: an accusation, a suspicion, an inquiry.
_OPEN_CLAIM_STEMS = frozenset(
    stem(w)
    for w in (  # noqa: SIM905
        "accused accusation alleged allegation allegedly suspected suspicion investigating "
        "investigation inquiry probe probing whether if claimed claims charged possibly possible "
        "may might could suspect denied examining examine"
    ).split()
)


def _source_allegations(
    ctx: _Ctx,
) -> list[tuple[SentenceFacts, tuple[int, int], frozenset[str], bool]]:
    """Claims the source puts under an accusation, allegation, suspicion or open inquiry:
    (sentence, span of marker and claim, the claim's content stems, whether an inquiry)."""
    out = []
    for sf in ctx.src_body:
        for m in _ALLEGATION_RE.finditer(ctx.source, sf.sent.start, sf.sent.end):
            end_m = _SCOPE_END_RE.search(ctx.source, m.end(), sf.sent.end)
            end = end_m.start() if end_m else sf.sent.end
            stems = frozenset(content_stems(tokens(ctx.source, m.end(), end)))
            if len(stems) >= 3:
                out.append(
                    (sf, (m.start(), end), stems, bool(m.group("inv") or not m.group("acc")))
                )
    return out


def _allegation_rule(
    ctx: _Ctx,
    sf: SentenceFacts,
    allegations: list[tuple[SentenceFacts, tuple[int, int], frozenset[str], bool]],
) -> None:
    """An accused, alleged, suspected or investigated claim stated as fact: "police are
    investigating whether the fire was set for insurance money" -> "the fire that was set to
    collect insurance money"; "X accused management of using fatigue rules as a bargaining chip"
    -> "Management has been using fatigue rules as a bargaining chip"."""
    for src, span, stems, inquiry in allegations:
        if 4 * len(stems & sf.stem_set) < 3 * len(stems):
            continue
        hits = [t for t in sf.toks if stem(t.text) in stems]
        lo, hi = hits[0].start, hits[-1].end
        window = [t for t in sf.toks if t.end <= hi and t.start >= lo - 60]
        if any(stem(t.text) in _OPEN_CLAIM_STEMS for t in window):
            continue  # the rewrite keeps it an accusation, a suspicion or a question
        if not inquiry and sf.attribution is not None and not sf.attribution.vague:
            continue  # the accuser's words, attributed: "X said management was using ..."
        # The story states it elsewhere without the hedge: not an open claim.
        if any(
            x is not src
            and 4 * len(stems & x.stem_set) >= 3 * len(stems)
            and not _ALLEGATION_RE.search(x.sent.text)
            for x in ctx.src_body
        ):
            continue
        what = "an open line of inquiry" if inquiry else "an accusation"
        ctx.add(
            "attribution" if not inquiry else "meaning",
            "critical" if inquiry else "major",
            (lo, hi),
            span,
            f"rewrite states as fact what the source gives only as {what}"
            f' ("{ctx.q(span, limit=90)}")',
            0.65,
        )
        return


# ------------------------------------------------------------------ driver


def compare(source: str, rewrite: str) -> Report:
    """Compare a rewrite with its source and return findings, claim candidates and stats."""
    ctx = _Ctx(source, rewrite)
    claims: list[ClaimCandidate] = []
    aligned_count = 0
    rw_aligned_to: dict[int, list[int]] = {}
    identical = source.strip() == rewrite.strip()
    allegations = [] if identical else _source_allegations(ctx)
    for i, sf in enumerate(ctx.rw_body):
        al = ctx.src_index.align(sf.stem_set)
        aligned = [ctx.src_body[j] for j in al.picked]
        rw_aligned_to[i] = list(al.picked)
        if al.picked and al.coverage >= UNSUPPORTED_COVERAGE:
            aligned_count += 1
        kinds = _claim_kinds(sf)
        if kinds:
            best = aligned[0].sent if aligned else None
            claims.append(
                ClaimCandidate(
                    (sf.sent.start, sf.sent.end),
                    (best.start, best.end) if best else None,
                    kinds,
                    sf.sent.text,
                )
            )
        if identical:
            continue
        whole = _attribution_rules(ctx, i, sf, aligned, al)
        if not whole and al.coverage < UNSUPPORTED_COVERAGE:
            specific = bool(sf.numbers or sf.entities or sf.quotes)
            ctx.add(
                "unsupported",
                "major" if specific else "minor",
                _span(sf.sent),
                None,
                "nothing in the source supports this sentence",
                0.8 - al.coverage,
            )
            whole = True
        before = len(ctx.findings)
        _number_rules(ctx, sf, aligned)
        _time_rules(ctx, sf, aligned)
        _quote_rules(ctx, sf, aligned)
        if not whole:
            _attributed_clause_rule(ctx, sf)
            _allegation_rule(ctx, sf, allegations)
            _entity_rules(ctx, sf, aligned)
            _meaning_rules(ctx, sf, aligned)
            _predicate_rules(ctx, sf, aligned)
        del before
    if not identical:
        _omission_rules(ctx, rw_aligned_to)
    findings = sorted(_dedupe(ctx.findings), key=_sort_key)
    stats = {
        "source_sentences": len(ctx.src_sents),
        "rewrite_sentences": len(ctx.rw_sents),
        "aligned": aligned_count,
        "claims": len(claims),
        "findings": len(findings),
    }
    for sev in SEVERITIES:
        stats[sev] = sum(1 for f in findings if f.severity == sev)
    return Report(findings, claims, stats)


def _claim_kinds(sf: SentenceFacts) -> tuple[str, ...]:
    kinds = []
    if sf.numbers:
        kinds.append("number")
    if sf.entities:
        kinds.append("entity")
    if sf.attribution is not None:
        kinds.append("attribution")
    if sf.quotes:
        kinds.append("quote")
    if sf.times and kinds:
        kinds.append("time")
    return tuple(kinds)


def _dedupe(findings: list[Finding]) -> list[Finding]:
    seen: set[tuple[Any, ...]] = set()
    out = []
    for f in findings:
        key = (f.category, f.rewrite_span, f.source_span)
        if key in seen:
            continue
        seen.add(key)
        out.append(f)
    return out


__all__ = [
    "CATEGORIES",
    "SEVERITIES",
    "ClaimCandidate",
    "Finding",
    "Report",
    "Sentence",
    "compare",
]
