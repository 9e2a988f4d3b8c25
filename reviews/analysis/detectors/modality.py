"""Modality detector: how sure, how settled and how wide a claim is, across reworded clauses.

What it finds, for a rewrite clause and the source clauses it is aligned with, whatever verbs
carry them: a possibility stated as a certainty ("could follow" to "will follow", "might
challenge" to "would take to court"); a plan, schedule or pending decision reported as done
("was due to open" to "had opened", "would decide whether to declare" to "has declared"); a
superlative or a "first" widened to all time ("the deadliest since 1998" to "the deadliest in
its history", or a "first of its kind" the source never claims).
Why it matters: the words around stay the same, so the change reads as a paraphrase; the
reader is told that something is certain, done or unprecedented when the source says it is
possible, pending or limited.
Example: source "A second vote could be held in May"; rewrite "A second vote will be held in
May" removes the doubt.

``meaning.detect`` judges a rewrite clause against the source clause with the same predicate;
this module judges it against its aligned clauses, so a rewording of the verb ("challenge" /
"take to court") or a verb buried in a non-finite complement ("due to open") is still seen.
"""

from __future__ import annotations

import re
from functools import cache

from ..frames import Frame
from ..lexicon import canonical, words
from ..pair import AlignedPair, finding
from ..rank import is_central, severity
from ..report import Finding
from ..thresholds import (
    CONF_WEAK,
    MIN_SHARED_ARGUMENTS,
    MIN_SHARED_SHARE,
    MODALITY_ALIGNMENT,
)

WORD = re.compile(r"[a-z]+")


def _backshifted(f: Frame) -> bool:
    """A reported clause whose only modal is "would": the speaker's "will", shifted back.

    A complement clause ("adding that the council would act") is reported even where the
    parse gave its reporting verb no speaker."""
    return (bool(f.speaker) or f.role == "ccomp") and f.hedges == ("would",)


def _firm(f: Frame) -> bool:
    """The clause asserts without doubt: no hedge or possibility word, a plain or "will"
    verb, or a reported "would" (sequence of tenses: the speaker said "will")."""
    if f.text_lemmas & words("possibility_words") or f.text_lemmas & words("hedges"):
        return False
    return f.certainty >= 0.9 or _backshifted(f)


def _judged(f: Frame) -> bool:
    """A rewrite clause this module judges: an affirmed, unconditional statement of fact.

    A reporting frame's certainty is its speaker's (attribution judges it); a negated clause
    is judged for polarity; a relative clause restricts a noun rather than asserting; an open
    question or a condition asserts nothing; nor does a to-infinitive without a subject of
    its own (a purpose or an aim: "billions to stimulate the sector").
    """
    if not f.subject and "to" in f.text_lemmas:
        return False
    return not (
        f.reporting
        or f.negated
        or f.open_question
        or f.role == "relcl"
        or f.factuality == "conditional"
    )


def _same_content(f: Frame, s: Frame) -> bool:
    """Two clauses carry one proposition: enough shared content lemmas, absolutely and as a
    share of the rewrite clause's."""
    shared = f.lemmas & s.lemmas
    return len(shared) >= MIN_SHARED_ARGUMENTS and len(shared) >= MIN_SHARED_SHARE * len(f.lemmas)


COMPARATIVE_LIKELY = re.compile(r"\b(?:more|less|most|least|as|times)\s+likely\b", re.IGNORECASE)


def _comparative_only(text: str, hedges: tuple[str, ...]) -> bool:
    """The clause's only hedge is "likely" in a comparison ("were more likely to be
    diagnosed"): a difference in rates between groups, stated as fact, not a doubt."""
    return set(hedges) <= {"likely"} and bool(COMPARATIVE_LIKELY.search(text))


def _deliberated(f: Frame, support: list[Frame]) -> Frame | None:
    """An aligned source clause that only weighs the rewrite clause's action ("would consider
    suspending the licence" for "will suspend the licence"): its predicate is a verb of
    deliberation (data/deliberation_verbs.txt) and the rewrite's verb is among its words.

    Phenomenon: an option under consideration reported as a decision.
    """
    weighing = words("deliberation_verbs")
    if f.predicate in weighing:
        return None
    for s in support:
        if (
            s.predicate in weighing
            and not s.negated
            and f.predicate in s.text_lemmas
            and _same_content(f, s)
        ):
            return s
    return None


def _not_excluded(f: Frame, support: list[Frame]) -> Frame | None:
    """An aligned source clause that only declines to exclude the rewrite clause's content
    ("further eruptions could not be ruled out" for "further eruptions are expected").

    Phenomenon: a possibility stated by litotes (a negated verb of excluding) reported as a
    certainty or an expectation.
    """
    excluding = words("exclusion_verbs")
    for s in support:
        if s.negated and s.predicate in excluding and _same_content(f, s):
            return s
    return None


def _possibility_stated_as_certain(pair: AlignedPair, f: Frame) -> Finding | None:
    """A source clause of possibility ("could", "may", "is likely to") aligned with a firm
    rewrite clause carrying the same proposition, the source stating it firmly nowhere in
    the aligned sentences.

    Phenomenon: a hedge or modal of possibility dropped or strengthened to "will".
    """
    if not _firm(f):
        return None
    possible = words("possibility_words")
    support = pair.support_frames(f)
    hedged = next(
        (
            s
            for s in support
            if not s.negated
            and s.certainty < 0.8
            and set(s.hedges) & possible
            and not _comparative_only(pair.source.text[s.span[0] : s.span[1]], s.hedges)
            and _same_content(f, s)
        ),
        None,
    )
    if hedged is None:
        hedged = _deliberated(f, support)
    if hedged is None:
        hedged = _not_excluded(f, support)
    if hedged is None:
        return None
    for g in pair.rewrite_by_sentence.get(f.sent, ()):
        if g.index != f.index and not _firm(g) and hedged.index in pair.supports[g.index].sources:
            return None  # the sentence keeps the doubt, on a clause parsed apart from this one
    pred = canonical(f.predicate)
    for s in pair.support_sentences(f):
        if canonical(s.predicate) == pred and _firm(s) and not s.negated and _same_content(f, s):
            return None  # the source also states it firmly
    doubt = ", ".join(hedged.hedges) if hedged.hedges else hedged.predicate
    return finding(
        "meaning",
        "major",
        f.pred_span,
        hedged.pred_span,
        f"source says this only may happen or be so ({doubt}); the rewrite states it as certain",
        CONF_WEAK,
    )


def _pending_reported_done(pair: AlignedPair, f: Frame) -> Finding | None:
    """A rewrite clause reporting an event as done (past or perfect) whose verb the aligned
    source clause has only under a word of future, schedule, plan or pending decision, and
    nowhere as a finite verb of its own.

    Phenomenon: a plan, schedule or decision still to be taken reported as accomplished
    ("was due to open" / "had opened", "said it would present" / "had presented",
    "will decide whether to close" / "has closed").
    """
    if not f.past or f.factuality != "done" or f.certainty < 0.9:
        return None
    pred = f.predicate
    if " " in pred or pred in words("light_verbs"):
        return None
    prospective = words("prospective_words")
    if f.text_lemmas & prospective:
        return None
    sentences = pair.support_sentences(f)
    if any(s.predicate == pred and s.past for s in sentences):
        return None  # the source reports the event itself as done
    for s in pair.support_frames(f):
        if s.negated or pred not in s.text_lemmas:
            continue
        if s.predicate == pred:
            pending = s.open_question and not s.past  # "whether to declare"
        else:
            pending = bool(s.text_lemmas & prospective)  # "due to open", "would present"
        if pending and _same_content(f, s):
            return finding(
                "meaning",
                severity(material=True, central=is_central(f) or is_central(s)),
                f.pred_span,
                s.pred_span,
                "source reports this as planned, scheduled or still to be decided; "
                "the rewrite as done",
                CONF_WEAK,
            )
    return None


def _superlatives(text: str, lemmas: frozenset[str]) -> set[str]:
    """Superlative and ordinal words of a clause: "first", "only", "most", and inflected
    superlatives (a word in -est whose lemma differs from it: "deadliest", "highest")."""
    out = {w for w in WORD.findall(text.lower()) if w.endswith("est") and w not in lemmas}
    return out | (set(WORD.findall(text.lower())) & {"first", "only", "most", "least", "worst"})


def _all_time(text: str) -> bool:
    """The text has a word or phrase of all-time scope (data/record_scope_words.txt), as
    written: "recorded" is a verb, not a scope, and "of this kind" a type, not "of its kind"."""
    return bool(_scope_pattern().search(" ".join(WORD.findall(text.lower()))))


@cache
def _scope_pattern() -> re.Pattern:
    alt = "|".join(re.escape(p) for p in sorted(words("record_scope_words"), key=len, reverse=True))
    return re.compile(rf"\b(?:{alt})\b")


def _record_widened(pair: AlignedPair, f: Frame) -> Finding | None:
    """A superlative or "first" with an all-time scope ("ever", "in its history", "on
    record", "of its kind") where no source sentence aligned to it, and no source clause
    with the same superlative, has such a scope.

    Phenomenon: a record or a first limited in the source (to a date, a season, a place) or
    not claimed at all, widened to all time.
    """
    text = pair.rewrite.text[f.span[0] : f.span[1]]
    if not _all_time(text):
        return None
    sup = _superlatives(text, f.text_lemmas)
    if not sup:
        return None
    src = pair.source.text
    for s in pair.support_sentences(f):
        if _all_time(src[s.span[0] : s.span[1]]):
            return None
    for s in pair.source.frames:
        if _all_time(src[s.span[0] : s.span[1]]):
            src_text = pair.source.text[s.span[0] : s.span[1]]
            if sup & _superlatives(src_text, s.text_lemmas):
                return None
    limited = any(
        sup & _superlatives(pair.source.text[s.span[0] : s.span[1]], s.text_lemmas)
        for s in pair.support_sentences(f)
    )
    return finding(
        "meaning" if limited else "unsupported",
        "major",
        f.span,
        None,
        "rewrite makes this a record or a first of all time; the source "
        + ("limits it" if limited else "makes no such claim"),
        CONF_WEAK,
    )


def detect(pair: AlignedPair) -> list[Finding]:
    """Modality findings for every judged rewrite clause that is well aligned."""
    out: list[Finding] = []
    for f in pair.rewrite.frames:
        if not _judged(f):
            continue
        record = _record_widened(pair, f)
        if record is not None:
            out.append(record)
        if pair.supports[f.index].coverage < MODALITY_ALIGNMENT:
            continue
        for rule in (_possibility_stated_as_certain, _pending_reported_done):
            found = rule(pair, f)
            if found is not None:
                out.append(found)
                break
    return out
