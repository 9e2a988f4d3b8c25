"""Quote detector: quotations the source does not contain as said, or gives to someone else.

What it finds: a rewrite quotation whose words differ from the closest source quotation
(altered quote); a quotation with no source quotation like it (invented quote, or paraphrase
put in quotation marks); a quotation given to a different speaker than in the source.
Why it matters: quotation marks promise the speaker's exact words.
Example: source: "We will rebuild," the mayor said. Rewrite: "We will rebuild quickly," the
mayor said, alters the quote; "We will rebuild," the governor said, moves it to another person.
"""

from __future__ import annotations

import re

from ..lexicon import words
from ..pair import AlignedPair, finding, quote_text
from ..report import Finding
from ..roles import written_speaker
from ..thresholds import (
    CONF_ABSENT,
    CONF_CONTRADICTION,
    MIN_QUOTE_WORDS,
    QUOTE_CONTEXT,
    QUOTE_MATCH,
)


def _words(text: str) -> list[str]:
    return re.findall(r"[\w']+", text.lower().replace("\u2019", "'"))


SENTENCE_END = re.compile(r"[.!?][\"\u201d]?\s")


def _near(text: str, span: tuple[int, int], speaker: str, *, back_only: bool = False) -> bool:
    """Every word of ``speaker`` is within QUOTE_CONTEXT characters of ``span`` in ``text``;
    with ``back_only``, after the quotation only up to the end of its sentence ("...," she
    said.): a pronoun there stands for someone named before it, not in the next sentence."""
    after = text[span[1] : span[1] + QUOTE_CONTEXT]
    if back_only and (end := SENTENCE_END.search(after)):
        after = after[: end.start()]
    near = (text[max(span[0] - QUOTE_CONTEXT, 0) : span[0]] + " " + after).lower()
    return all(w in near for w in speaker.split())


def _speaker_differs(a: str, b: str, pair: AlignedPair, rw_span, rw_speaker, src_span) -> bool:
    """Both speakers known, sharing no word, the rewrite's speaker not named near the source
    quotation (the source may name the same person twice in different ways), and the
    source's speaker not named near the rewrite quotation when the rewrite's speaker is a
    pronoun the parse resolved.

    Phenomenon guarded: a speaker found by resolving a pronoun or a nearby reporting verb.
    "Ann Roe rejected that. 'It is real,' he said" has Ann Roe say it although the parse of
    "he" may pick an earlier person; when the source's speaker is named next to the rewrite's
    quotation, the quotation has not moved to someone else.
    """
    if not a or not b or set(a.split()) & set(b.split()):
        return False
    if _near(pair.source.text, src_span, a, back_only=True):
        return False
    said = pair.rewrite.text[rw_speaker[0] : rw_speaker[1]].lower() if rw_speaker else ""
    return said not in words("resolved_speakers") or not _near(pair.rewrite.text, rw_span, b)


def detect(pair: AlignedPair) -> list[Finding]:
    """Quote findings for every rewrite quotation of at least MIN_QUOTE_WORDS words."""
    out: list[Finding] = []
    for q in pair.rewrite.quotes:
        ws = _words(q.text)
        if len(ws) < MIN_QUOTE_WORDS:
            continue  # scare quotes around a term
        src, overlap = pair.source_quote_for(q)
        if src is None or overlap < QUOTE_MATCH:
            # Phenomenon: quotation marks around words the source never quotes.
            out.append(
                finding(
                    "quote",
                    "major",
                    q.span,
                    None,
                    "the source has no quotation like this",
                    CONF_ABSENT,
                )
            )
            continue
        src_words = _words(src.text)
        if ws != src_words and " ".join(ws) not in " ".join(src_words):
            # Phenomenon: a quotation reworded while still presented as exact words.
            out.append(
                finding(
                    "quote",
                    "major",
                    q.span,
                    src.span,
                    "quotation differs from the source's: "
                    f"\u201c{quote_text(pair.source.text, src.span)}\u201d",
                    CONF_CONTRADICTION * overlap,
                )
            )
        elif _speaker_differs(q.speaker, src.speaker, pair, q.span, q.speaker_span, src.span):
            # Phenomenon: a quotation given to another speaker (an attribution error: the words
            # are right, who said them is not).
            out.append(
                finding(
                    "attribution",
                    "major",
                    q.speaker_span or q.span,
                    src.speaker_span or src.span,
                    "rewrite gives this quotation to "
                    + written_speaker(pair.rewrite, q.speaker, q.speaker_span)
                    + "; source to "
                    + written_speaker(pair.source, src.speaker, src.speaker_span),
                    CONF_CONTRADICTION,
                )
            )
    return out
