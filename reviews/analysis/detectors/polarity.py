"""Polarity detector: a proposition the source denies, asserted by a rewrite clause built on
another verb.

What it finds: a negated source clause ("had no plans to cut the service", "has not found
a buyer for the site") whose content words a plain, affirmed rewrite clause mostly carries
("has agreed to cut the service", "sold the site to a buyer"), when no source clause asserts
them.
Why it matters: the rewrite keeps the words of the denied thing and drops the denial; the
reader is told the opposite of the source.
Example: source "The board has no plans to close the library"; rewrite "The board has
decided to close the library".

``meaning.detect`` judges a clause against the source clause with the same predicate; this
module compares the content of a denial with any rewrite clause, whatever verb carries it.
"""

from __future__ import annotations

from ..align import coverage
from ..lexicon import canonical, words
from ..pair import AlignedPair, finding
from ..rank import is_central, severity
from ..report import Finding
from ..thresholds import CONF_WEAK, DENIAL_MATCH, MIN_SHARED_ARGUMENTS


def detect(pair: AlignedPair) -> list[Finding]:
    """A rewrite clause asserting what a negated source clause denies."""
    light = words("light_verbs") | words("reporting_verbs")
    denials = []
    for s in pair.source.frames:
        if not s.negated or s.reporting or s.open_question:
            continue
        if s.predicate.split()[0] in words("denial_words"):
            continue  # a denial negated ("cannot rule out") leaves a possibility open
        # The denied content: the clause's words without a light predicate ("have no plans
        # to", "be not"), which carry the negation rather than what is denied.
        pred = canonical(s.predicate)
        content = s.lemmas - {pred} if pred.split()[0] in light else s.lemmas
        if len(content) > MIN_SHARED_ARGUMENTS:
            denials.append((s, content))
    if not denials:
        return []
    affirmed = [s.lemmas for s in pair.source.frames if not s.negated]
    guarded = words("hedges") | words("denial_words") | words("negation_words")
    out = []
    for frame in pair.rewrite.frames:
        if frame.negated or frame.reporting or frame.open_question or frame.hedges:
            continue
        if frame.certainty < 0.9 or frame.factuality == "conditional" or frame.role == "relcl":
            continue
        sentence = pair.rewrite_by_sentence.get(frame.sent, ())
        if any(g.negated or g.text_lemmas & guarded for g in sentence):
            continue  # the rewrite's sentence keeps a denial of its own
        for s, content in denials:
            shared = content & frame.lemmas
            if len(shared) <= MIN_SHARED_ARGUMENTS:
                continue
            if coverage(content, frame.lemmas, pair.index) < DENIAL_MATCH:
                continue
            if any(shared <= a for a in affirmed):
                continue  # the source asserts this elsewhere
            out.append(
                finding(
                    "meaning",
                    severity(material=True, central=is_central(frame) or is_central(s)),
                    frame.span,
                    s.span,
                    "the source denies this; the rewrite asserts it",
                    CONF_WEAK,
                )
            )
            break
    return out
