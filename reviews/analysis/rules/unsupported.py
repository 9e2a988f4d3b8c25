"""Unsupported rule: a rewrite sentence that no source sentence backs.

What it finds: a sentence whose content words the best-matching source sentences cover too little.
Why it matters: an added sentence is new reporting the source never did; with a figure, a name or
a quotation in it, it is a claim nobody can check.
Example: the source covers a council vote; the rewrite adds "Critics expect a legal challenge".
"""

from __future__ import annotations

from ..align import Alignment
from ..context import Context, span_of
from ..facts import SentenceFacts

# A rewrite sentence whose content is less covered than this by its best source sentences
# has no support; tuned on the development pairs.
UNSUPPORTED_COVERAGE = 0.42


def unsupported_rule(ctx: Context, sf: SentenceFacts, al: Alignment) -> bool:
    """Report the sentence as unsupported when its alignment covers too little; True if so."""
    if al.coverage >= UNSUPPORTED_COVERAGE:
        return False
    specific = bool(sf.numbers or sf.entities or sf.quotes)
    ctx.add(
        "unsupported",
        "major" if specific else "minor",
        span_of(sf.sent),
        None,
        "nothing in the source supports this sentence",
        0.8 - al.coverage,
    )
    return True
