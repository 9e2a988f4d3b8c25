# ruff: noqa: RUF001 -- typographic quotes are data here
"""What the v1 rules read: both texts with their sentence facts, indexes and lookups.

``Context`` is built once per comparison; the rule modules under ``rules/`` read from it and
record their findings with ``Context.add``. The small helpers here (figure keys, clause lookup,
spans) are the ones more than one rule module needs.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import Any

from .align import SentenceIndex
from .entities import apply_alias_phrases, entity_key
from .facts import SentenceFacts, casualty_context, extract, head_noun, link_roles, resolve_speakers
from .numbers import NumberMention
from .predicates import Clause, clauses_of, qualified_positions
from .report import Finding
from .segment import split_sentences
from .speech import find_quotes
from .stems import stem

# Source quotations compared in full with each rewrite quotation (chosen by shared words).
MAX_QUOTE_CANDIDATES = 12


class Context:
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
                self.src_num_by_ctx.setdefault((kind_class(n), "cas", stem(cas)), []).append(
                    (sf, n)
                )
            elif head and not cas:
                self.src_num_by_ctx.setdefault((kind_class(n), "head", stem(head)), []).append(
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


def num_key(n: NumberMention) -> tuple[str, str, float]:
    """What makes two figures the same: their kind class, unit and value."""
    return (kind_class(n), n.unit, n.value)


def _by_value(
    nums: list[tuple[SentenceFacts, NumberMention]],
) -> dict[tuple[str, str, float], list[tuple[SentenceFacts, NumberMention]]]:
    out: dict[tuple[str, str, float], list[tuple[SentenceFacts, NumberMention]]] = {}
    for sf, n in nums:
        out.setdefault(num_key(n), []).append((sf, n))
    return out


def kind_class(n: NumberMention) -> str:
    """A figure's kind, with vague amounts ("dozens") counted as counts."""
    return "count" if n.kind in ("count", "vague") else n.kind


def span_of(x: Any) -> tuple[int, int]:
    """The (start, end) of anything with offsets: a sentence, figure, entity or quotation."""
    return (x.start, x.end)


def clause_at(text: str, sf: SentenceFacts, pos: int) -> Clause | None:
    """The clause of sf holding text offset pos (the first clause for a position before it)."""
    for c in clauses_of(text, sf):
        if c.start <= pos < c.end or (pos < c.start and c is clauses_of(text, sf)[0]):
            return c
    return None


def after_len(text: str, pos: int, word: str) -> int:
    """How far past pos word ends, when it follows within 40 characters; else 0."""
    i = text.lower().find(word, pos, pos + 40)
    return (i + len(word) - pos) if i >= 0 else 0
