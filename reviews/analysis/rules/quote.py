# ruff: noqa: RUF001 -- typographic quotes are data here
"""Quote rules: quotations of the rewrite checked against the source's quotations.

What they find: a quotation whose words differ from the source's, words put in quotation marks
that the source only paraphrases, a quotation found nowhere in the source.
Why it matters: a quotation promises the speaker's exact words.
Example: the source quotes "we will review the plan"; the rewrite quotes "we will scrap the plan".
"""

from __future__ import annotations

import difflib
import re

from rapidfuzz import fuzz

from ..context import Context, span_of
from ..facts import SentenceFacts


def quote_rules(ctx: Context, sf: SentenceFacts, aligned: list[SentenceFacts]) -> None:
    """Check each quotation of the rewrite sentence against the closest source quotation."""
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
                    span_of(q),
                    span_of(best),
                    "quotation differs from the source: " + "; ".join(changes[:3]),
                    0.85,
                )
            continue
        in_text = any(
            fuzz.partial_ratio(q.text.lower(), a.sent.text.lower()) >= 90 for a in aligned
        )
        if in_text:
            msg = "rewrite quotes words the source does not put in quotation marks"
            ctx.add("quote", "major", span_of(q), None, msg, 0.6)
        else:
            ctx.add("quote", "critical", span_of(q), None, "quotation not found in the source", 0.7)
