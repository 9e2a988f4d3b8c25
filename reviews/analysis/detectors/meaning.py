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

import re

from ..align import coverage
from ..frames import Frame
from ..lexicon import antonyms, canonical, mapping, words
from ..pair import AlignedPair, finding
from ..rank import is_central, severity
from ..report import Finding
from ..thresholds import (
    CONF_CONTRADICTION,
    CONF_WEAK,
    MIN_PREFIX_STEM,
    MIN_SHARED_ARGUMENTS,
    MIN_SHARED_SHARE,
    OPEN_QUESTION_MATCH,
    REVERSAL_ALIGNMENT,
)

FACTUALITY_WORDS = {
    "planned": "planned",
    "expected": "expected",
    "alleged": "alleged",
    "conditional": "a condition",
}


def _counterpart(frame: Frame, pair: AlignedPair) -> Frame | None:
    """The aligned source clause with the same predicate (synonyms folded)."""
    pred = canonical(frame.predicate)
    best, best_shared = None, -1
    for s in pair.support_sentences(frame):
        if canonical(s.predicate) != pred:
            continue
        others = frame.lemmas - {pred}
        shared = len((frame.lemmas & s.lemmas) - {pred})
        same_subject = bool(frame.subject) and bool(
            set(frame.subject.split()) & set(s.subject.split())
        )
        enough = shared >= MIN_SHARED_ARGUMENTS and shared >= MIN_SHARED_SHARE * len(others)
        # Same predicate and the same participants, or the same subject: the same event.
        # A one-word clause ("believed", "did not believe") has no other words to share.
        if (enough or (same_subject and (shared >= 1 or not others))) and shared > best_shared:
            best, best_shared = s, shared
    return best


def _exception_restated(rw: Frame, src: Frame, pair: AlignedPair) -> bool:
    """One clause is negated with an exception, the other affirmed with a restriction.

    Phenomenon: exceptive negation and restrictive focus say the same thing ("does not speak
    except to answer questions" / "speaks only to answer questions", "will not sail unless the
    wind drops" / "will sail only if the wind drops"); the polarity differs, the meaning does
    not. The exception may sit in the clause or in an adverbial clause of its sentence.
    """
    a = _with_adverbials(rw, pair.rewrite_by_sentence.get(rw.sent, ()))
    b = _with_adverbials(src, pair.source_by_sentence.get(src.sent, ()))
    neg, pos = (a, b) if rw.negated else (b, a)
    return bool(neg & words("exceptive_words")) and bool(pos & words("restrictive_words"))


def _implicitly_negated(f: Frame, pair: AlignedPair) -> bool:
    """The affirmed clause is a to-infinitive without a subject of its own that follows a
    negative implicative verb in its sentence ("failed to protect them and to carry out the
    checks"), which negates its complement as "not" does.

    Phenomenon: "failed to carry out" restated as "did not carry out" keeps the polarity.
    """
    if f.subject or "to" not in f.text_lemmas:
        return False
    side = pair.rewrite_by_sentence if f in pair.rewrite.frames else pair.source_by_sentence
    implicatives = words("negative_implicatives")
    return any(
        g.span[0] <= f.span[0] and g.text_lemmas & implicatives for g in side.get(f.sent, ())
    )


def _kept_polarity_elsewhere(rw: Frame, src: Frame, pair: AlignedPair) -> bool:
    """Another source clause with the same predicate and the rewrite clause's polarity shares
    at least as many words with it as the counterpart does.

    Phenomenon: a story that affirms and denies one verb of different things ("we have heard
    from X; we have not yet heard from Y"): the rewrite's denial is the source's other clause.
    """
    pred = canonical(rw.predicate)
    shared = len(rw.lemmas & src.lemmas)
    return any(
        s.index != src.index
        and s.negated == rw.negated
        and canonical(s.predicate) == pred
        and len(rw.lemmas & s.lemmas) >= shared
        for s in pair.source.frames
    )


def _doubt_kept(rw: Frame, src: Frame, pair: AlignedPair) -> bool:
    """The rewrite's sentence keeps the source clause's modal or hedge on another clause.

    Phenomenon: a modal moved to a governing verb when clauses are restructured ("would be
    decided" / "would have their claims decided"): the doubt is kept, on the verb the parse
    made the clause head.
    """
    return any(
        g.index != rw.index and set(g.hedges) & set(src.hedges)
        for g in pair.rewrite_by_sentence.get(rw.sent, ())
    )


def _backshifted(f: Frame) -> bool:
    """A reported clause whose only modal is "would": the speaker's "will", shifted back.

    Phenomenon: sequence of tenses ("said it would not start a buyback" reports "will not
    start"), so a rewrite's "will" is no firmer than the source.
    """
    return bool(f.speaker) and f.hedges == ("would",)


def _with_adverbials(f: Frame, sentence: tuple[Frame, ...]) -> frozenset[str]:
    """The clause's words with those of the adverbial clauses in its sentence."""
    return f.text_lemmas.union(*(g.text_lemmas for g in sentence if g.role == "advcl"))


def detect(pair: AlignedPair) -> list[Finding]:
    """Meaning findings for every rewrite clause that has a source counterpart."""
    out: list[Finding] = []
    for frame in pair.rewrite.frames:
        src = _counterpart(frame, pair)
        if src is None:
            continue
        central = is_central(frame) or is_central(src)
        if (
            frame.negated != src.negated
            and not _exception_restated(frame, src, pair)
            and not _implicitly_negated(frame if src.negated else src, pair)
            and not _kept_polarity_elsewhere(frame, src, pair)
        ):
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
        elif frame.reporting:
            continue  # a reporting verb's own certainty is its speaker's, judged by attribution
        elif (
            src.certainty < 0.8
            and frame.certainty >= 0.9
            and not frame.speaker
            and not _backshifted(src)
            and not _doubt_kept(frame, src, pair)
        ):
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
        elif (
            src.factuality != "done"
            and frame.factuality == "done"
            and frame.past
            and frame.role != "relcl"
            and src.predicate not in words("planning_words")
        ):
            # (A plan named by the predicate itself, "pledged" or "promised", is an act done;
            # the rewrite's same act, "committed", reports that act, not the plan carried out.)
            # (A relative clause restricts a noun: "devices that have the app" restates "if
            # they have the app" without asserting it. Only a past or perfect form reports
            # the event as done: "reopens on Tuesday" is still a schedule.)
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
    out.extend(_generalisations(pair))
    out.extend(_reversals(pair))
    out.extend(_first_ever(pair))
    out.extend(_overstated_findings(pair))
    out.extend(_denied_asserted(pair))
    out.extend(_open_asserted(pair))
    return out


def _open_asserted(pair: AlignedPair) -> list[Finding]:
    """A question the source leaves open, stated by the rewrite as the answer.

    Phenomenon: an inquiry or a non-answer turned into an assertion. The source asks or
    declines to answer ("police are investigating whether the fire was set", "did not say
    whether it was the weapon used", "declined to confirm that the plant will close"); the
    rewrite has a plain, unhedged clause carrying most of the question's content ("the fire,
    which was set to collect insurance money"). The question's content must not be asserted
    by another source clause, and the rewrite's sentence must not keep the question open; a
    word naming the inquiry does not keep it open ("investigating the harm caused by the
    delays" presupposes the answer).
    """
    questions: dict[int, frozenset[str]] = {}
    for s in pair.source.frames:
        if s.open_question:
            questions[s.sent] = questions.get(s.sent, frozenset()) | s.lemmas
    if not questions:
        return []
    closed = [s.lemmas for s in pair.source.frames if not s.open_question]
    guarded = words("hedges") | (words("open_markers") - words("investigation_words"))
    out = []
    for frame in pair.rewrite.frames:
        if frame.open_question or frame.negated or frame.reporting or frame.hedges:
            continue
        if frame.certainty < 0.9 or frame.factuality == "conditional":
            continue
        sentence = pair.rewrite_by_sentence.get(frame.sent, ())
        if any(f.open_question or f.text_lemmas & guarded for f in sentence):
            continue
        for sent in sorted(questions):
            q = questions[sent]
            shared = q & frame.lemmas
            if len(shared) < MIN_SHARED_ARGUMENTS:
                continue
            if coverage(q, frame.lemmas, pair.index) < OPEN_QUESTION_MATCH:
                continue
            if any(shared <= c for c in closed):
                continue  # the source asserts this elsewhere
            out.append(
                finding(
                    "meaning",
                    severity(material=True, central=is_central(frame)),
                    frame.span,
                    pair.source.sentences[sent],
                    "the source leaves this open (asks or declines to say); "
                    "the rewrite states it as fact",
                    CONF_WEAK,
                )
            )
            break
    return out


PRONOUNS = frozenset({"he", "she", "they", "it", "him", "her", "them", "who"})


def _compatible_subjects(a: str, b: str) -> bool:
    """Two subjects may be one referent: either is a pronoun, or they share a word."""
    wa, wb = set(a.split()), set(b.split())
    return bool(wa & PRONOUNS or wb & PRONOUNS or wa & wb)


def _same_event(frame: Frame, src: Frame, pred: str, pair: AlignedPair) -> bool:
    """The denied source clause can be the rewrite clause's event: their subjects can be one
    referent, or the source's context shares participants with the rewrite clause (the
    subject of a dateline-led lead sentence is often misparsed, the participants are not).
    The context is the denial's paragraph: a denial qualifies the event its paragraph reports
    ("She was detained on suspicion of theft. She has not been charged.")."""
    if _compatible_subjects(frame.subject, src.subject):
        return True
    text = pair.source.text
    lo = text.rfind("\n\n", 0, src.span[0])
    hi = text.find("\n\n", src.span[1])
    hi = len(text) if hi < 0 else hi
    sents = pair.source.sentences
    first, last = src.sent, src.sent
    while first > 0 and sents[first - 1][0] > lo:
        first -= 1
    while last + 1 < len(sents) and sents[last + 1][1] <= hi:
        last += 1
    context = [f for n in range(first, last + 1) for f in pair.source_by_sentence.get(n, ())]
    lemmas = frozenset().union(*(f.lemmas for f in context)) if context else frozenset()
    return len((frame.lemmas & lemmas) - {pred}) >= MIN_SHARED_ARGUMENTS


def _other_object(a: Frame, b: Frame) -> bool:
    """Both clauses name an object and the objects share no word: the same verb done to
    another thing is another event ("closed the airport" / "had not closed any airspace")."""
    return bool(a.obj and b.obj) and not set(a.obj.split()) & set(b.obj.split())


def _denied_asserted(pair: AlignedPair) -> list[Finding]:
    """An event the source says did not happen, asserted by the rewrite.

    Phenomenon: a negated event stated as done ("had not been charged" to "has been
    charged"), wherever the two clauses sit. Alignment may pair the rewrite's clause with a
    different source sentence (the rewrite merged it with the lead), so the source is searched
    by predicate: the rewrite's predicate occurs in the source only negated, with a subject
    that can be the same referent.
    """
    light = words("light_verbs") | words("reporting_verbs")
    denied: dict[str, list[Frame]] = {}
    affirmed: set[str] = set()
    for s in pair.source.frames:
        pred = canonical(s.predicate)
        if s.negated:
            denied.setdefault(pred, []).append(s)
        else:
            affirmed.add(pred)
    out = []
    for frame in pair.rewrite.frames:
        pred = canonical(frame.predicate)
        if frame.negated or pred in affirmed or pred not in denied or frame.certainty < 0.8:
            continue
        if pred.split()[0] in light or frame.role == "relcl":
            continue
        if _counterpart(frame, pair) is not None:
            continue  # an aligned clause with this predicate: judged by ``detect`` itself
        src = next(
            (
                s
                for s in denied[pred]
                if _same_event(frame, s, pred, pair) and not _other_object(frame, s)
            ),
            None,
        )
        if src is None:
            continue
        out.append(
            finding(
                "meaning",
                severity(material=True, central=is_central(frame) or is_central(src)),
                frame.pred_span,
                src.pred_span,
                f"rewrite says this happened ({frame.predicate}); the source says it did not",
                CONF_CONTRADICTION,
            )
        )
    return out


def _reversals(pair: AlignedPair) -> list[Finding]:
    """A word whose opposite the aligned source sentence uses instead ("missed" for "beat")."""
    out = []
    opposite = antonyms()
    for frame in pair.rewrite.frames:
        support = pair.support_sentences(frame)
        if len(frame.lemmas) <= 1:
            # A one-word clause ("missing") cannot align on its own; it is judged against the
            # support of the best-aligned clause of its sentence.
            host = max(
                pair.rewrite_by_sentence.get(frame.sent, ()),
                key=lambda f: (pair.supports[f.index].coverage, -f.index),
            )
            support = pair.support_sentences(host) if host.index != frame.index else []
            frame_cov = pair.supports[host.index].coverage
        else:
            frame_cov = pair.supports[frame.index].coverage
        if not support or frame_cov < REVERSAL_ALIGNMENT:
            continue
        src_lemmas = frozenset().union(*(s.text_lemmas for s in support))
        src_canon = {canonical(x) for x in src_lemmas}
        for lemma in sorted(frame.text_lemmas):
            opp = opposite.get(lemma, frozenset()) & src_lemmas
            # "not affected" says "unaffected": a prefixed opposite counts only between
            # clauses of the same polarity.
            opp |= _prefix_opposites(lemma, src_lemmas) - {
                w for s in support if s.negated != frame.negated for w in s.text_lemmas
            }
            if not opp or lemma in src_lemmas or canonical(lemma) in src_canon:
                continue  # the source uses the word, or a synonym of it ("fell" for "dropped")
            if not _outside_qualifiers(opp, support, pair):
                continue
            span = _lemma_span(pair.rewrite.text, frame, lemma)
            before = pair.rewrite.text[max(span[0] - 12, 0) : span[0]].lower().split()
            if before and before[-1] in words("inverting_words"):
                # An antonym after an inverting word (data/inverting_words.txt) restates the
                # source's word rather than reversing it.
                continue
            # Phenomenon: a direction, result or verdict reversed by an antonym.
            out.append(
                finding(
                    "meaning",
                    severity(material=True, central=is_central(frame)),
                    span,
                    support[0].sent_span,
                    f"rewrite says {lemma!r} where the source says {sorted(opp)[0]!r}",
                    CONF_WEAK,
                )
            )
            break
    return out


PARTICIPLE_ENDINGS = frozenset({"", "d", "ed"})


def _prefix_opposites(lemma: str, src_lemmas: frozenset[str]) -> frozenset[str]:
    """Source lemmas that are ``lemma`` with the negating prefix "un-" added or taken away
    ("crewed" / "uncrewed", "named" / "unnamed"): English derives an opposite this way from
    any adjective or participle. The tagger lemmatises the plain participle ("crew") but not
    the prefixed one ("uncrewed"), so the two may differ by a participle ending (not by a
    derivation: "constitution" is no opposite of "unconstitutional"). Only stems of
    ``MIN_PREFIX_STEM`` letters or more count ("under" is no "der")."""
    if lemma.startswith("un"):
        stem = lemma[2:]
        shorts = {stem[: len(stem) - len(e)] for e in PARTICIPLE_ENDINGS if stem.endswith(e)}
        found = {m for m in shorts if len(m) >= MIN_PREFIX_STEM and not m.startswith("un")}
    elif len(lemma) >= MIN_PREFIX_STEM:
        found = {"un" + lemma + e for e in PARTICIPLE_ENDINGS}
    else:
        found = set()
    return frozenset(found & src_lemmas)


def _outside_qualifiers(opp: frozenset[str], support: list[Frame], pair: AlignedPair) -> bool:
    """Some opposite word occurs in the source sentences other than as part of a quantity
    qualifier (data/qualifiers.txt): "up" in "gusts of up to 70 km/h" bounds a figure, it is
    no direction for "down" to reverse."""
    phrases = [k for k in mapping("qualifiers") if " " in k]
    in_phrases = {w for k in phrases for w in k.split()}
    if not opp <= in_phrases:
        return True
    for sent in sorted({f.sent for f in support}):
        lo, hi = pair.source.sentences[sent]
        text = " " + " ".join(re.findall(r"[a-z]+", pair.source.text[lo:hi].lower())) + " "
        for k in sorted(phrases, key=len, reverse=True):
            text = text.replace(f" {k} ", " ")
        if opp & set(text.split()):
            return True
    return False


def _lemma_span(text: str, frame: Frame, lemma: str) -> tuple[int, int]:
    """The span of the first word of ``frame`` starting like ``lemma``, else the clause."""
    lo, hi = frame.span
    low = text[lo:hi].lower()
    i = low.find(lemma[:4])
    if i < 0:
        return frame.span
    j = i
    while j < len(low) and (low[j].isalnum() or low[j] == "-"):
        j += 1
    return (lo + i, lo + j)


def _first_ever(pair: AlignedPair) -> list[Finding]:
    """ "First ever" / "first in its history" where the source says "first since"."""
    out = []
    for frame in pair.rewrite.frames:
        lemmas = frame.text_lemmas
        if "first" not in lemmas or not lemmas & {"ever", "history"}:
            continue
        since = [s for s in pair.support_sentences(frame) if {"first", "since"} <= s.text_lemmas]
        if since:
            # Phenomenon: a first since a date stated as a first ever.
            out.append(
                finding(
                    "meaning",
                    "major",
                    _lemma_span(pair.rewrite.text, frame, "first"),
                    since[0].sent_span,
                    "rewrite says first ever; the source says first since a date",
                    CONF_CONTRADICTION,
                )
            )
    return out


def _generalisations(pair: AlignedPair) -> list[Finding]:
    """ "All N" where the source counts only some N: a part generalised to the whole.

    Only the aligned source sentences' own quantifiers excuse it: "each count carries ten
    years" elsewhere in the source says nothing about how many counts the verdict covered.
    """
    out = []
    for frame in pair.rewrite.frames:
        support = pair.support_sentences(frame)
        src_universal = {canonical(n) for s in support for n, _ in s.universals}
        for noun, span in frame.universals:
            if canonical(noun) in src_universal:
                continue
            counted = [
                q
                for s in support
                for q in s.numbers
                if q.noun and canonical(q.noun) == canonical(noun)
            ]
            if counted:
                # Phenomenon: a universal quantifier over a set the source counts in part.
                q = counted[0]
                out.append(
                    finding(
                        "meaning",
                        severity(material=True, central=is_central(frame)),
                        span,
                        q.span,
                        f"rewrite says all {noun}s; source gives {q.text} {q.noun}",
                        CONF_WEAK,
                    )
                )
    return out


def _overstated_findings(pair: AlignedPair) -> list[Finding]:
    """A verb of established fact ("confirmed") where the aligned source is tentative."""
    out = []
    hedges = words("hedges") | words("tentative_words")
    for frame in pair.rewrite.frames:
        if frame.predicate not in words("certainty_verbs") or frame.negated:
            continue
        if frame.certainty < 0.8 or frame.hedges or frame.factuality != "done":
            continue  # a finding not yet made (future or planned) is not one stated as established
        support = pair.support_sentences(frame)
        tentative = [s for s in support if s.text_lemmas & hedges or s.certainty < 0.8]
        same_verb_asserted = any(
            s.predicate == frame.predicate and not s.negated and s.certainty >= 0.9
            and s.factuality == "done"
            for s in support
        )  # fmt: skip
        if tentative and not same_verb_asserted:
            # Phenomenon: a tentative finding stated as established.
            s = tentative[0]
            out.append(
                finding(
                    "meaning",
                    severity(material=True, central=is_central(frame)),
                    frame.pred_span,
                    s.span,
                    f"rewrite states this as established ({frame.predicate}); "
                    "the source is tentative",
                    CONF_WEAK,
                )
            )
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
