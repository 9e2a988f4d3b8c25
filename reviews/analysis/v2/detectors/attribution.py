"""Attribution detector: claims given to a different source, or to one the source lacks.

What it finds: a reported clause whose speaker differs from the speaker of the aligned source
clause ("police said" where the source says witnesses said); a claim the source reports as
one party's assertion ("the group claimed") stated in the rewrite as plain fact.
Why it matters: who says something is part of whether a reader should believe it.
Example: source "Witnesses said the car sped away"; rewrite "Police said the car sped away".
"""

from __future__ import annotations

from ...report import Finding
from ..frames import Frame
from ..lexicon import canonical
from ..pair import AlignedPair, finding
from ..rank import severity
from ..thresholds import CONF_CONTRADICTION, CONF_WEAK

# Reporting verbs that present a party's contested assertion rather than an established fact.
ASSERTION_VERBS = frozenset({"claim", "allege", "accuse", "suggest", "believe", "contend"})


def _same_speaker(a: str, b: str) -> bool:
    wa = {canonical(w) for w in a.split()}
    wb = {canonical(w) for w in b.split()}
    return bool(wa & wb)


def _reported_support(frame: Frame, pair: AlignedPair) -> list[Frame]:
    return [s for s in pair.support_frames(frame) if s.speaker]


def _speaker_in_source(speaker: str, support: list[Frame], pair: AlignedPair) -> bool:
    """Every word of the speaker appears in the aligned source sentences (a role, a name)."""
    text = " ".join(pair.source.text[s.sent_span[0] : s.sent_span[1]].lower() for s in support)
    return all(canonical(w) in text or w in text for w in speaker.split())


def detect(pair: AlignedPair) -> list[Finding]:
    """Attribution findings for every rewrite clause."""
    out: list[Finding] = []
    for frame in pair.rewrite.frames:
        support = _reported_support(frame, pair)
        if frame.speaker and frame.speaker_span and support:
            if not any(_same_speaker(frame.speaker, s.speaker) for s in support) and not (
                _speaker_in_source(frame.speaker, support, pair)
            ):
                # Phenomenon: the speaker of a reported clause changed.
                s = support[0]
                out.append(
                    finding(
                        "attribution",
                        severity(material=True),
                        frame.speaker_span,
                        s.speaker_span,
                        f"rewrite attributes this to {frame.speaker}; source to {s.speaker}",
                        CONF_CONTRADICTION,
                    )
                )
            continue
        if frame.speaker or frame.reporting:
            continue
        asserted = [
            s
            for s in support
            if s.index in pair.supports[frame.index].sources and _asserting(s, pair)
        ]
        if asserted and frame.certainty >= 1.0:
            # Phenomenon: one party's contested claim stated as established fact.
            s = asserted[0]
            out.append(
                finding(
                    "attribution",
                    "major",
                    frame.span,
                    s.span,
                    f"the source reports this only as a claim by {s.speaker}",
                    CONF_WEAK,
                )
            )
    return out


def _asserting(frame: Frame, pair: AlignedPair) -> bool:
    """The source clause is governed by a verb of contested assertion."""
    for f in pair.source.frames:
        if f.sent == frame.sent and f.reporting and f.predicate in ASSERTION_VERBS:
            return True
    return False
