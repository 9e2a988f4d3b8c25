"""Attribution detector: claims given to a different source, or to one the source lacks.

What it finds: a reported clause whose speaker differs from the speaker of the aligned source
clause ("police said" where the source says witnesses said); a reported clause whose speaker
the source knows but whose content the source never has them say (an invented attributed
claim); a claim the source reports as one party's assertion ("the group claimed") stated in
the rewrite as plain fact.
Why it matters: who says something is part of whether a reader should believe it.
Example: source "Witnesses said the car sped away"; rewrite "Police said the car sped away".
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from ..align import coverage
from ..frames import Frame
from ..lexicon import canonical, mapping, words
from ..pair import AlignedPair, finding
from ..rank import severity
from ..report import Finding
from ..roles import Mention, mentions_by_surname, written_speaker
from ..thresholds import (
    CONF_CONTRADICTION,
    CONF_WEAK,
    MIN_CONTENT_LEMMAS,
    MIN_SHARED_ARGUMENTS,
    SPEAKER_ALIGNMENT,
    SPEAKER_STEM,
    UNSUPPORTED_COVERAGE,
)

# Reporting verbs that present a party's contested assertion rather than an established fact.
ASSERTION_VERBS = frozenset({"claim", "allege", "accuse", "suggest", "believe", "contend"})
# Speaker kinds compared with each other: two people, two organisations, two groups. A person
# and an organisation may be one speaking for the other; a generic body stands for a named one.
COMPARABLE_KINDS = frozenset({"person", "org", "noun"})
# A speaker key shorter than this is a parse fragment (an initial, a stray letter), not a party.
MIN_SPEAKER_CHARS = 3


def _same_speaker(a: str, b: str) -> bool:
    """The speakers share a word, or a word's derivational stem.

    Phenomenon: a body and its members named by one derivation ("the prosecution" for
    "prosecutors", "the inquiry's investigators" for "the investigation").
    """
    wa = {canonical(w) for w in a.split()}
    wb = {canonical(w) for w in b.split()}
    if wa & wb:
        return True
    stems = {w[:SPEAKER_STEM] for w in wa if len(w) >= SPEAKER_STEM}
    return any(w[:SPEAKER_STEM] in stems for w in wb if len(w) >= SPEAKER_STEM)


def _generic(speaker: str) -> bool:
    return any(canonical(w) in words("generic_speakers") or w in words("generic_speakers")
               for w in speaker.split())  # fmt: skip


def _speaker_in_source(speaker: str, support: list[Frame], pair: AlignedPair) -> bool:
    """Every word of the speaker appears in the aligned source sentences (a role, a name)."""
    text = " ".join(pair.source.text[s.sent_span[0] : s.sent_span[1]].lower() for s in support)
    return all(canonical(w) in text or w in text for w in speaker.split())


def detect(pair: AlignedPair) -> list[Finding]:
    """Attribution findings for every rewrite clause."""
    out: list[Finding] = []
    mentions = mentions_by_surname(pair.source)
    src_res, rw_res = resolved_speakers(pair.source), resolved_speakers(pair.rewrite)
    for frame in pair.rewrite.frames:
        frame = _as_resolved(frame, rw_res)
        sup = pair.supports[frame.index]
        aligned = [_as_resolved(s, src_res) for s in pair.support_frames(frame)]
        reported = [s for s in aligned if s.speaker and s.speaker_kind in COMPARABLE_KINDS]
        if frame.speaker and frame.speaker_span:
            if sup.coverage >= SPEAKER_ALIGNMENT and not _partitive(frame.speaker):
                out.extend(_person_for_body(frame, reported, pair, mentions))
            # A person the source never names is compared with any named source speaker:
            # "said Transport Minister Elin Varga" for the source's "it added" (the airline).
            stranger = frame.speaker_kind == "person" and not (
                set(frame.speaker.split()) & pair.source_names
            )
            reported = [s for s in reported if s.speaker_kind == frame.speaker_kind or stranger]
            reported = [s for s in reported if not _partitive(s.speaker)]
            if sup.coverage >= SPEAKER_ALIGNMENT and reported and not _partitive(frame.speaker):
                if any(_same_speaker(frame.speaker, s.speaker) for s in reported):
                    continue
                here = pair.rewrite.text[frame.sent_span[0] : frame.sent_span[1]].lower()
                if any(all(w in here for w in s.speaker.split()) for s in reported):
                    continue  # the rewrite names the source's speaker too ("CFO Ann Roe")
                if _speaker_in_source(frame.speaker, reported, pair):
                    continue
                if any(_speaks_for(frame.speaker, s.speaker, mentions) for s in reported):
                    continue
                # Phenomenon: the speaker of a reported clause changed.
                s = reported[0]
                out.append(
                    finding(
                        "attribution",
                        severity(material=True),
                        _claim_span(frame, pair.rewrite.text),
                        s.speaker_span,
                        _swap_message(pair, frame, s),
                        CONF_CONTRADICTION,
                    )
                )
            continue
        if frame.reporting:
            continue
        # The best-aligned source clause only: a later one joined the support for a word or
        # two and need not be where this content comes from.
        asserted = [s for s in aligned[:1] if s.speaker and _asserting(s, pair)]
        # Phenomenon: the assertion carried by the source clause's own verb ("accused the
        # board of hiding losses" rewritten "the board hid losses").
        asserted += [s for s in aligned[:1] if s.predicate in ASSERTION_VERBS]
        if asserted and frame.certainty >= 1.0 and frame.predicate not in ASSERTION_VERBS:
            # Phenomenon: one party's contested claim stated as established fact.
            s = asserted[0]
            out.append(
                finding(
                    "attribution",
                    "major",
                    frame.span,
                    s.span,
                    "rewrite states as fact what the source reports only as a claim"
                    + (f" by {who}" if (who := _named(pair, s.speaker, s.speaker_span)) else ""),
                    CONF_WEAK,
                )
            )
    out.extend(_invented_claims(pair))
    out.extend(_vague_credits(pair))
    # A clause already reported (a changed speaker, an invented claim) is not reported again.
    out.extend(f for f in _unknown_speakers(pair) if not any(_overlap(f, g) for g in out))
    return out


def _overlap(a: Finding, b: Finding) -> bool:
    """Both findings have rewrite spans and the spans share a character."""
    x, y = a.rewrite_span, b.rewrite_span
    if x is None or y is None:
        return False
    return x[0] < y[1] and y[0] < x[1]


def _unknown_speakers(pair: AlignedPair) -> list[Finding]:
    """A reported clause whose speaker the source never reports or names near its content.

    Phenomenon: an invented source ("residents said they were relieved" where the source
    quotes no residents): the claim may be the source's, the voice is not. A speaker the
    source names anywhere in the sentences the clause aligns to is kept ("according to
    police" restated as "police said").
    """
    speakers = [s.speaker for s in pair.source.frames if s.speaker]
    out = []
    for frame in pair.rewrite.frames:
        if not frame.speaker or not frame.speaker_span or frame.reporting:
            continue
        if frame.speaker_kind not in COMPARABLE_KINDS or _partitive(frame.speaker):
            continue
        evidence = words("evidence_verbs")
        said = [
            g
            for g in pair.rewrite_by_sentence.get(frame.sent, ())
            if g.reporting and g.voice == frame.speaker and g.predicate not in evidence
        ]
        if not said or len(frame.speaker) < MIN_SPEAKER_CHARS:
            continue  # no speech verb of that speaker in the sentence (a parse of "showed")
        if any(_same_speaker(frame.speaker, sp) for sp in speakers):
            continue
        support = pair.support_sentences(frame)
        if not support or _speaker_in_source(frame.speaker, support, pair):
            continue
        if any(
            canonical(w) in pair.source_words or w in pair.source_words
            for w in frame.speaker.split()
        ):
            continue  # named somewhere in the source: a role restated, judged elsewhere
        out.append(
            finding(
                "attribution",
                severity(material=True),
                _claim_span(frame, pair.rewrite.text),
                None,
                f"the source has no statement from {frame.speaker}",
                CONF_WEAK,
            )
        )
    return out


PASSIVE_CREDIT = re.compile(r"\bit\s+(?:is|was|has\s+been|had\s+been)\s+\w+", re.IGNORECASE)


def _vague_credit(frame: Frame, pair: AlignedPair) -> tuple[int, int] | None:
    """Where the clause is credited to no one ("it is reported", "reportedly"), or None."""
    text = pair.rewrite.text
    if frame.speaker == "it" and frame.speaker_kind == "pronoun":
        for g in pair.rewrite_by_sentence.get(frame.sent, ()):
            # An agentless passive of a reporting verb ("it is said", "it was reported"),
            # not a body called "it" ("it said").
            m = PASSIVE_CREDIT.search(text, g.span[0], g.span[1])
            if g.reporting and g.voice == "it" and m is not None:
                return m.span()
    if not frame.speaker and set(frame.hedges) & words("vague_credit_words"):
        for m in re.finditer(r"[A-Za-z]+", text[frame.span[0] : frame.span[1]]):
            if m.group().lower() in words("vague_credit_words"):
                return frame.span[0] + m.start(), frame.span[0] + m.end()
    return None


def _vague_credits(pair: AlignedPair) -> list[Finding]:
    """A claim the source gives to a named speaker, credited by the rewrite to no one.

    Phenomenon: attribution made anonymous ("the union said the strike closed four
    terminals" / "it is reported that the strike closed four terminals", "the strike
    reportedly closed"): the reader can no longer weigh who says it.
    """
    out = []
    for frame in pair.rewrite.frames:
        if pair.supports[frame.index].coverage < SPEAKER_ALIGNMENT:
            continue
        credit = _vague_credit(frame, pair)
        if credit is None:
            continue
        named = [
            s
            for s in pair.support_frames(frame)[:1]
            if s.speaker and s.speaker_kind in COMPARABLE_KINDS and s.speaker_span
        ]
        if named:
            s = named[0]
            out.append(
                finding(
                    "attribution",
                    "minor",
                    (min(credit[0], frame.span[0]), max(credit[1], frame.span[1])),
                    s.speaker_span,
                    f"rewrite credits this to no one ({pair.rewrite.text[slice(*credit)]!r}); "
                    f"the source to {s.speaker}",
                    CONF_WEAK,
                )
            )
    return out


def _swap_message(pair: AlignedPair, frame: Frame, s: Frame) -> str:
    rw = written_speaker(pair.rewrite, frame.speaker, frame.speaker_span)
    return f"rewrite attributes this to {rw}; source to {_named(pair, s.speaker, s.speaker_span)}"


def _named(pair: AlignedPair, key: str, span: tuple[int, int] | None) -> str:
    """A source speaker as the source writes them."""
    return written_speaker(pair.source, key, span)


def _as_resolved(frame: Frame, resolved: dict[int, tuple[str, str]]) -> Frame:
    """The frame with its pronoun or role-noun speaker replaced by the party it stands for."""
    if not frame.speaker or frame.index not in resolved:
        return frame
    key, kind = resolved[frame.index]
    if (key, kind) == (frame.speaker, frame.speaker_kind):
        return frame
    return replace(frame, speaker=key, speaker_kind=kind)


def _claim_span(frame: Frame, text: str) -> tuple[int, int]:
    """From the speaker to the end of the reported clause: the finding covers who is said to
    say it and what they are said to say, since either may be what the rewrite changed. A
    speaker named by a role keeps its article ("The judge said")."""
    sp = frame.speaker_span or frame.span
    start = min(sp[0], frame.span[0])
    if text[max(start - 4, 0) : start].lower() == "the ":
        start -= 4
    return start, max(sp[1], frame.span[1])


def _partitive(speaker: str) -> bool:
    """The speaker's head is a share of a group ("38 percent of those surveyed said"), whose
    key is the quantity word rather than the group: not a party to compare."""
    return speaker in words("partitive_speakers")


def _speaks_for(a: str, b: str, mentions: dict[str, list[Mention]]) -> bool:
    """One speaker's description in the source names the other ("council spokeswoman Ann
    Roe" speaks for the council): one party, named two ways."""
    for x, y in ((a, b), (b, a)):
        body = {canonical(w) for w in y.split()}
        if any(body & m.roles for m in mentions.get(x.split()[-1], ())):
            return True
    return False


def _person_for_body(
    frame: Frame, reported: list[Frame], pair: AlignedPair, mentions: dict[str, list[Mention]]
) -> list[Finding]:
    """A statement the source gives to a body or a group, given in the rewrite to a person.

    Phenomenon: a claim moved to a different kind of speaker ("the board said X" rewritten
    "Judge Roe said X"; "demographers warned" rewritten "the statistician warned"). The
    person is one the source names (a swap, not an invention) and the rewrite clause is the
    source's content, but the source has a group or organisation say it. A person who
    speaks for that body in the source is not a swap: the body is in the person's
    description ("a council spokeswoman") or in a sentence naming them, or the person is
    named in the reported source sentence itself.
    """
    if frame.speaker_kind != "person" or frame.reporting:
        return []
    surname = frame.speaker.split()[-1]
    if surname not in pair.source_names:
        return []
    own = set(frame.speaker.split()) | {f"@{frame.speaker}"}
    claim = frozenset(x for x in frame.lemmas if x not in own)
    bodies = [
        s
        for s in reported
        if s.speaker_kind in {"org", "noun"}
        and not _partitive(s.speaker)
        and len(claim & s.lemmas) >= MIN_SHARED_ARGUMENTS
        and coverage(claim, s.lemmas, pair.index) >= SPEAKER_ALIGNMENT
    ]
    if len(claim) < MIN_CONTENT_LEMMAS or not bodies:
        return []
    # The source has the person say some clause of this rewrite sentence: the sentence is theirs.
    for other in pair.rewrite_by_sentence.get(frame.sent, ()):
        if any(
            s.speaker and _same_speaker(frame.speaker, s.speaker)
            for s in pair.support_frames(other)
        ):
            return []
    text = pair.source.text.lower()
    here = pair.rewrite.text[frame.sent_span[0] : frame.sent_span[1]].lower()
    seen = mentions.get(surname, [])
    for s in bodies:
        if _same_speaker(frame.speaker, s.speaker) or _speaks_for(
            frame.speaker, s.speaker, mentions
        ):
            return []
        sents = [text[m.sent_span[0] : m.sent_span[1]] for m in seen] + [
            text[s.sent_span[0] : s.sent_span[1]]
        ]
        if any(all(w in t for w in s.speaker.split()) for t in sents[:-1]):
            return []
        if surname in sents[-1] or all(w in here for w in s.speaker.split()):
            return []
    s = bodies[0]
    return [
        finding(
            "attribution",
            severity(material=True),
            _claim_span(frame, pair.rewrite.text),
            s.speaker_span,
            _swap_message(pair, frame, s),
            CONF_CONTRADICTION,
        )
    ]


def _invented_claims(pair: AlignedPair) -> list[Finding]:
    """A claim put in the mouth of a speaker the source quotes, which that speaker never makes.

    Phenomenon: an invented attributed claim. The speaker is real (the source reports them),
    so the sentence looks sourced; but what the rewrite has them say is covered neither by
    the source as a whole (weak alignment) nor by the sentences in which the source reports
    that speaker.
    """
    # Each reported source clause: its speaker key, the text of its sentence (where the
    # speaker is named, perhaps in an apposition the key does not carry) and its lemmas.
    statements: list[tuple[str, str, frozenset[str], tuple[int, int]]] = []
    src_speakers = continued_speakers(pair.source)
    for s in pair.source.frames:
        speaker = src_speakers.get(s.index, "")
        if not speaker:
            continue
        sent = pair.source_by_sentence.get(s.sent, ())
        text = pair.source.text[s.sent_span[0] : s.sent_span[1]].lower()
        lemmas = frozenset().union(*(f.lemmas for f in sent)) if sent else frozenset()
        statements.append((speaker, text, lemmas, s.speaker_span or s.span))
    out = []
    rw_speakers = continued_speakers(pair.rewrite)
    for frame in pair.rewrite.frames:
        speaker = rw_speakers.get(frame.index, "")
        accusing = frame.reporting and frame.predicate in words("accusation_verbs")
        if not speaker or (frame.reporting and not accusing):
            continue
        # Only what the speaker is said to claim (the complement of a reporting verb, a clause
        # joined to it, or the object of a verb of accusing: "accused the state of withholding
        # funds"), not a relative clause about a participant; and only one the alignment
        # finds weakly supported: a well-aligned clause is the source's content, whoever the
        # rewrite credits.
        if frame.role not in CLAIM_ROLES and not accusing:
            continue
        if pair.supports[frame.index].coverage >= SPEAKER_ALIGNMENT:
            continue
        names = speaker.split()
        said = [
            st
            for st in statements
            if _same_speaker(speaker, st[0]) or all(w in st[1] for w in names)
        ]
        own = set(names) | {f"@{speaker}"}
        claim = frozenset(x for x in frame.lemmas if x not in own)
        if not said or len(claim) < MIN_CONTENT_LEMMAS:
            continue
        if _reworded(frame, speaker, pair, src_speakers):
            continue
        support = frozenset().union(*(st[2] for st in said))
        if coverage(claim, support, pair.index) >= UNSUPPORTED_COVERAGE:
            continue
        # Severity: a statement invented for a party the source quotes is a fabricated
        # source, as grave as a misstated central fact (see rank's policy: who said it).
        out.append(
            finding(
                "attribution",
                severity(material=True, central=True),
                frame.span,
                said[0][3],
                f"the source never has {_named(pair, speaker, said[0][3])} saying this",
                CONF_WEAK,
            )
        )
    return out


# Clause roles that carry what a speaker is said to claim: the reporting verb's complement,
# or a clause joined to it or to that complement ("said X and blamed Y", "said X and Y").
CLAIM_ROLES = frozenset({"ccomp", "conj"})


def continued_speakers(facts: Any) -> dict[int, str]:
    """The speaker key of each reported clause (see ``resolved_speakers``)."""
    return {i: key for i, (key, _) in resolved_speakers(facts).items()}


def resolved_speakers(facts: Any) -> dict[int, tuple[str, str]]:
    """The speaker of each reported clause and its kind, a pronoun speaker ("she said", "it
    added") taken as the last party named as a speaker before it, and a role noun ("the
    judge said") as the one person the text describes with that role.

    Phenomenon: a report continued by pronoun or by role. "Mayor Ann Roe said X. She said Y"
    has Roe say Y; the parse gives the second clause the speaker "she". A reporting verb whose
    subject is a pronoun ("she accused the state of ...") is resolved the same way, and so
    is a verb joined to the report ("Roe said X, and blamed Y"), which shares its subject.
    """
    out: dict[int, tuple[str, str]] = {}
    last: dict[str, tuple[str, str, int]] = {}  # the last named speaker of each kind
    pronouns = mapping("pronoun_speakers")
    roles = _role_holders(facts)
    voice_in: dict[int, str] = {}  # each sentence's first reporting voice
    # Every person named, in text order: "he" or "she" is the last person named before it,
    # whether or not that person has spoken yet ("Roe voted against. 'No,' he said").
    people = sorted(
        (n.span[0], n.key) for f in facts.frames for n in f.names if n.label == "PERSON" and n.key
    )
    k = 0
    said_last = ("", "", -2)  # the last person who spoke, and in which sentence
    for f in facts.frames:
        pos = (f.speaker_span or f.voice_span or f.span)[0]
        while k < len(people) and people[k][0] < pos:
            last["person"] = (people[k][1], "person", people[k][0])
            k += 1
        if f.speaker:
            key, kind = f.speaker, f.speaker_kind
        elif f.reporting and f.voice:
            key, kind = f.voice, ""
            voice_in.setdefault(f.sent, key)
        elif f.role == "conj" and f.sent in voice_in and f.subject in ("", voice_in[f.sent]):
            key, kind = voice_in[f.sent], ""
        else:
            continue
        if kind == "pronoun" and key not in pronouns:
            # frames already took the pronoun for someone; that guess stays a pronoun's,
            # kept out of speaker comparisons as frames intends.
            out[f.index] = (key, kind)
            continue
        if kind == "pronoun" or key in pronouns:
            # "she" stands for the last person, "it" for the last organisation, "they" for
            # the last group or organisation, whichever spoke last; failing those, for the
            # last party of any kind (the recogniser may have mislabelled the person).
            kinds = pronouns.get(key, "").split("|")
            found = [last[k] for k in kinds if k in last] or list(last.values())
            key, kind = max(found, key=lambda x: x[2])[:2] if found else ("", "")
            if "person" in kinds and said_last[0] and f.sent - said_last[2] <= 1:
                key, kind = said_last[:2]  # a person who just spoke goes on speaking
        elif kind in {"noun", "generic"} and key in roles and _singular(facts, f.speaker_span, key):
            key, kind = roles[key], "person"
        if kind in COMPARABLE_KINDS or (key and not kind):
            last[kind or "person"] = (key, kind, pos)
            if kind in {"person", ""}:
                said_last = (key, kind, f.sent)
        else:
            continue  # a generic body or a place: not a party compared by name
        if key:
            out[f.index] = (key, kind)
    return out


def _singular(facts: Any, span: tuple[int, int] | None, key: str) -> bool:
    """The speaker is written in the singular ("the judge", not "executives")."""
    return span is not None and facts.text[span[0] : span[1]].lower() == key


def _role_holders(facts: Any) -> dict[str, str]:
    """Each title the text gives exactly one named person ("judge" for "Judge Amara Okafor"),
    mapped to that person's key. A body's name in a description ("police" in "police
    spokesperson Ann Roe") is not a title: the body speaks through the person, not as them."""
    holders: dict[str, set[str]] = {}
    for f in facts.frames:
        for n in f.names:
            if n.label != "PERSON" or not n.key:
                continue
            ws = n.key.split()
            # A title the recogniser took into the name ("Coroner Rhys Pellow").
            titles = {n.title} | ({ws[0]} if len(ws) > 2 else set())
            for t in titles - {""}:
                holders.setdefault(t, set()).add(ws[-1])
    full: dict[str, str] = {}
    for f in facts.frames:
        for n in f.names:
            if n.key and len(n.key) > len(full.get(n.key.split()[-1], "")):
                full[n.key.split()[-1]] = n.key
    return {r: full[next(iter(ks))] for r, ks in holders.items() if len(ks) == 1}


def _reworded(frame: Frame, speaker: str, pair: AlignedPair, speakers: dict[int, str]) -> bool:
    """A source clause this clause aligns to is reported by the same speaker.

    Phenomenon: a paraphrased report ("traders said the cut had been widely anticipated"
    rewritten "traders said the downgrade had been largely expected"). Synonyms leave few
    shared words, so the claim looks weakly supported; but the rewrite clause still aligns to
    a clause the source has that speaker say, which an invented claim does not. One shared
    word ("the damage") is a topic in common, not a paraphrase.
    """
    return any(
        not s.reporting
        and s.index in speakers
        and _same_speaker(speaker, speakers[s.index])
        and len(frame.lemmas & s.lemmas) >= MIN_SHARED_ARGUMENTS
        for s in pair.support_frames(frame)
    )


def _asserting(frame: Frame, pair: AlignedPair) -> bool:
    """The source clause is governed by a verb of contested assertion."""
    return any(
        f.reporting and f.predicate in ASSERTION_VERBS
        for f in pair.source_by_sentence.get(frame.sent, ())
    )
