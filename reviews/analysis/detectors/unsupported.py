"""Unsupported detector: rewrite sentences, and clauses inside supported sentences, that no
source clause supports.

What it finds: a sentence whose content words (names, figures, predicates) the aligned source
clauses mostly lack: invented context, commentary, a closing sentence with no basis; and a
clause with no support inside a sentence that is otherwise supported.
Why it matters: an added claim is unchecked by definition.
Example: source "The council approved the budget"; rewrite "The council approved the budget,
which critics say will raise taxes" adds an unsupported clause.
"""

from __future__ import annotations

from ..align import coverage
from ..pair import AlignedPair, finding
from ..rank import severity
from ..report import Finding
from ..thresholds import CLAUSE_UNSUPPORTED, MIN_CONTENT_LEMMAS, UNSUPPORTED_COVERAGE


def detect(pair: AlignedPair) -> list[Finding]:
    """Unsupported findings per rewrite sentence, then per clause of supported sentences."""
    out: list[Finding] = []
    by_sent: dict[int, list] = {}
    for f in pair.rewrite.frames:
        by_sent.setdefault(f.sent, []).append(f)
    for sent, frames in by_sent.items():
        lemmas = frozenset().union(*(f.lemmas for f in frames))
        if len(lemmas) < MIN_CONTENT_LEMMAS:
            continue
        cov = pair.sentence_coverage(sent)
        specific = any(f.numbers or f.names for f in frames)
        if cov < UNSUPPORTED_COVERAGE:
            # Phenomenon: a sentence with no support in the source.
            out.append(
                finding(
                    "unsupported",
                    severity(material=specific),
                    pair.rewrite.sentences[sent],
                    None,
                    "nothing in the source supports this sentence",
                    0.9 - cov,
                )
            )
            continue
        for f in frames:
            if len(f.lemmas) < MIN_CONTENT_LEMMAS or f.reporting:
                continue
            support = frozenset().union(*(s.lemmas for s in pair.support_sentences(f)), frozenset())
            c = coverage(f.lemmas, support, pair.index)
            if c < CLAUSE_UNSUPPORTED:
                # Phenomenon: an unsupported clause inside a supported sentence. One the
                # rewrite gives to a speaker puts words in their mouth: material whatever it
                # names.
                message = "nothing in the source supports this clause"
                if f.speaker_span:
                    who = pair.rewrite.text[f.speaker_span[0] : f.speaker_span[1]]
                    message += f", which the rewrite has {who} saying"
                out.append(
                    finding(
                        "unsupported",
                        severity(material=bool(f.numbers or f.names or f.speaker)),
                        f.span,
                        None,
                        message,
                        0.8 - c,
                    )
                )
    return out
