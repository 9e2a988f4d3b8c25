# ruff: noqa: RUF001 -- typographic quotes are data here
"""Hedge, negation and intensity words of a sentence: what sets its certainty and strength."""

from __future__ import annotations

from dataclasses import dataclass, field

from .lexicon import HEDGES, NEGATIONS, NEGATIVE_VERBS, STRONG_INTENSITY, WEAK_INTENSITY
from .segment import Token


@dataclass(slots=True)
class Cues:
    """Hedge, negation and intensity words of a sentence, with their positions."""

    hedges: list[Token] = field(default_factory=list)
    negations: list[Token] = field(default_factory=list)
    strong: list[Token] = field(default_factory=list)
    weak: list[Token] = field(default_factory=list)


def find_cues(toks: list[Token]) -> Cues:
    """Collect hedges ("may"), negations ("not", "n't") and intensity words ("soared")."""
    c = Cues()
    for i, t in enumerate(toks):
        low = t.text.lower().replace("’", "'")
        nxt = toks[i + 1].text.lower() if i + 1 < len(toks) else ""
        if low in HEDGES and not (low.startswith("appear") and nxt not in ("to", "that")):
            c.hedges.append(t)  # "appears to be" hedges; "appears on alerts" does not
        if low == "no" and nxt[:1].isdigit():
            pass  # "No. 14": a rank, not a negation
        elif (
            low in NEGATIONS
            or low.endswith("n't")
            or (low in NEGATIVE_VERBS and nxt == "to")
            or (low == "against" and nxt.endswith("ing"))  # "decided against assigning"
        ):
            c.negations.append(t)
        if low in STRONG_INTENSITY:
            c.strong.append(t)
        if low in WEAK_INTENSITY:
            c.weak.append(t)
    return c
