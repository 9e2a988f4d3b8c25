"""Meaning detector: the same predicate with its polarity, certainty, factuality or causal
strength changed.

What it finds, for a rewrite clause and the aligned source clause with the same predicate:
a negation added or dropped ("did not confirm" to "confirmed"); a hedge stated as fact ("may
have caused" to "caused"); a plan, expectation or allegation reported as done ("plans to
close" to "closed", "arrested on suspicion of murder" to "charged with murder"); an
association stated as a cause ("linked to" to "caused").
Why it matters: each changes what the reader believes happened, with the same words around.
Example: source "The drug may reduce the risk"; rewrite "The drug reduces the risk".
"""

from __future__ import annotations

from ...report import Finding
from ..frames import Frame
from ..lexicon import canonical
from ..pair import AlignedPair, finding
from ..rank import is_central, severity
from ..thresholds import CONF_CONTRADICTION, CONF_WEAK, MIN_SHARED_ARGUMENTS

FACTUALITY_WORDS = {"planned": "planned", "expected": "expected", "alleged": "alleged"}


def _counterpart(frame: Frame, pair: AlignedPair) -> Frame | None:
    """The aligned source clause with the same predicate (synonyms folded)."""
    pred = canonical(frame.predicate)
    best, best_shared = None, 0
    for s in pair.support_sentences(frame):
        if canonical(s.predicate) != pred:
            continue
        shared = len((frame.lemmas & s.lemmas) - {pred})
        if shared > best_shared:
            best, best_shared = s, shared
    # Same predicate and at least MIN_SHARED_ARGUMENTS other shared words: the same event.
    return best if best_shared >= MIN_SHARED_ARGUMENTS else None


def detect(pair: AlignedPair) -> list[Finding]:
    """Meaning findings for every rewrite clause that has a source counterpart."""
    out: list[Finding] = []
    for frame in pair.rewrite.frames:
        if frame.reporting:
            continue
        src = _counterpart(frame, pair)
        if src is None:
            continue
        central = is_central(frame) or is_central(src)
        if frame.negated != src.negated:
            # Phenomenon: polarity reversed.
            said = "denies" if frame.negated else "affirms"
            out.append(
                finding(
                    "meaning",
                    severity(material=True, central=central),
                    frame.pred_span,
                    src.pred_span,
                    f"rewrite {said} what the source {'affirms' if frame.negated else 'denies'}"
                    f" ({src.predicate})",
                    CONF_CONTRADICTION,
                )
            )
        elif src.certainty < 0.8 and frame.certainty >= 0.9 and not frame.speaker:
            # Phenomenon: a hedged or modal claim stated as fact.
            hedge = ", ".join(src.hedges) or "a modal"
            out.append(
                finding(
                    "meaning",
                    "major",
                    frame.pred_span,
                    src.pred_span,
                    f"source hedges this ({hedge}); the rewrite states it as fact",
                    CONF_WEAK,
                )
            )
        elif src.factuality != "done" and frame.factuality == "done":
            # Phenomenon: a plan, expectation or allegation reported as accomplished fact.
            out.append(
                finding(
                    "meaning",
                    severity(material=True, central=central),
                    frame.pred_span,
                    src.pred_span,
                    f"source reports this as {FACTUALITY_WORDS[src.factuality]}; "
                    "the rewrite as done",
                    CONF_WEAK,
                )
            )
    out.extend(_causal_findings(pair))
    return out


def _causal_findings(pair: AlignedPair) -> list[Finding]:
    """Correlation stated as causation, whatever verbs carry the two."""
    out = []
    for frame in pair.rewrite.frames:
        if frame.causal != "strong":
            continue
        for src in pair.support_frames(frame):
            if src.causal != "weak" or len(frame.lemmas & src.lemmas) < MIN_SHARED_ARGUMENTS:
                continue
            # Phenomenon: correlation stated as causation.
            out.append(
                finding(
                    "meaning",
                    "major",
                    frame.pred_span,
                    src.pred_span,
                    "source reports only an association; the rewrite states a cause",
                    CONF_CONTRADICTION,
                )
            )
            break
    return out
