"""Stage 2, frames: one frozen record per clause of a parsed document.

A clause is a verb with the words it governs, minus the words of clauses nested in it (a
``ccomp``, ``advcl``, ``relcl``, ``conj`` or ``parataxis`` verb starts its own clause). For
each clause the frame records the predicate with polarity, certainty and factuality; subject
and object; named entities with titles; figures bound to their nouns; time expressions; causal
strength; and the speaker, when the clause is reported speech. Quotations are collected per
document with their speakers. Everything here reads the parse only; nothing is mutated later.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from typing import Any

from .lexicon import canonical, words
from .quantities import Quantity, quantities
from .roles import role_words, slot

CLAUSE_DEPS = frozenset({"ROOT", "ccomp", "advcl", "relcl", "conj", "parataxis"})
NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "PRODUCT", "LAW"})
TIME_LABELS = frozenset({"DATE", "TIME"})
ARGUMENT_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "attr", "pobj"})
CONTENT_POS = frozenset({"NOUN", "PROPN", "VERB", "ADJ", "NUM", "ADV"})
MODAL_CERTAINTY = {"will": 0.9, "would": 0.6, "should": 0.7, "may": 0.5, "might": 0.4,
                   "could": 0.5, "can": 0.8, "must": 0.9}  # fmt: skip
QUOTE_RE = re.compile(r"[\"“]([^\"“”]{2,}?)[\"”]")
MONTHS = {"jan": "january", "feb": "february", "mar": "march", "apr": "april", "jun": "june",
          "jul": "july", "aug": "august", "sep": "september", "sept": "september",
          "oct": "october", "nov": "november", "dec": "december"}  # fmt: skip


@dataclass(frozen=True)
class Name:
    """A named entity: its text, label, lookup key, span and any title given with it."""

    text: str
    label: str
    key: str
    span: tuple[int, int]
    title: str  # lemma of a role noun in a compound or apposition ("spokesman"), or ""
    title_span: tuple[int, int] | None = None  # where that role noun is
    roles: frozenset[str] = frozenset()  # role words of its description (roles.role_words)
    slot: str = ""  # its grammatical slot in the clause (roles.slot: "nsubj", "pobj:at")


@dataclass(frozen=True)
class TimeExpr:
    """A time expression and its normal form; ``vague`` when it has no fixed reference."""

    text: str
    norm: str
    span: tuple[int, int]
    vague: bool


@dataclass(frozen=True)
class Frame:
    """One clause's facts."""

    index: int
    sent: int
    span: tuple[int, int]
    sent_span: tuple[int, int]
    predicate: str
    pred_span: tuple[int, int]
    role: str  # the predicate's dependency: ROOT, ccomp, advcl, relcl, conj or parataxis
    negated: bool
    certainty: float  # 1.0 plain assertion; lower for modals and hedges
    hedges: tuple[str, ...]
    factuality: str  # done, planned, expected, alleged, conditional
    subject: str
    obj: str
    lemmas: frozenset[str]  # canonical content lemmas, "#<value>" for figures, "@<key>" names
    names: tuple[Name, ...]
    numbers: tuple[Quantity, ...]
    times: tuple[TimeExpr, ...]
    causal: str  # strong, weak or ""
    speaker: str  # key of the speaker when the clause is reported, else ""
    speaker_span: tuple[int, int] | None
    speaker_kind: str  # person, org, noun, generic, pronoun or place (see _speaker_kind)
    voice: str  # for a reporting frame, the key of whoever says ("police" in "police said")
    voice_span: tuple[int, int] | None
    universals: tuple[tuple[str, tuple[int, int]], ...]  # ("count", span) for "all counts"
    text_lemmas: frozenset[str]  # every lemma of the clause, function words too
    reporting: bool  # the clause is a reporting frame ("police said")
    open_question: bool = False  # "whether X", "declined to confirm X": X left unanswered
    past: bool = False  # the predicate is in a past or perfect form


@dataclass(frozen=True)
class Quote:
    """A quotation, its words, and who says it (key and where the speaker is named)."""

    text: str
    span: tuple[int, int]
    words: frozenset[str]
    speaker: str
    speaker_span: tuple[int, int] | None


@dataclass(frozen=True)
class DocFacts:
    """All frames and quotations of one text."""

    text: str
    frames: tuple[Frame, ...]
    sentences: tuple[tuple[int, int], ...]
    quotes: tuple[Quote, ...]


def name_key(text: str) -> str:
    """Lookup key of a name: lower case words without punctuation or a leading article."""
    ws = re.findall(r"[\w]+", text.lower().replace(".", "").replace("&", " and "))
    if ws and ws[0] == "the":
        ws = ws[1:]
    return " ".join(ws)


def time_norm(text: str) -> str:
    """Normal form of a time expression: lower case, no article, month names spelt out."""
    ws = re.findall(r"[\w]+", text.lower())
    ws = [MONTHS.get(w, w) for w in ws if w not in {"the", "of", "on", "in"}]
    return " ".join(ws)


def _span(toks: list[Any], punct: bool = False) -> tuple[int, int]:
    toks = [t for t in toks if not t.is_space and (punct or not t.is_punct)] or toks
    return toks[0].idx, max(t.idx + len(t.text) for t in toks)


def _clause_heads(sent: Any) -> list[Any]:
    heads = []
    for t in sent:
        if t.dep_ == "ROOT" or (t.dep_ in CLAUSE_DEPS and t.pos_ in {"VERB", "AUX"}):
            heads.append(t)
    return heads


def _owner(tok: Any, heads: set[int]) -> int:
    cur = tok
    while cur.i not in heads and cur.head.i != cur.i:
        cur = cur.head
    return cur.i


def _subject(head: Any) -> Any:
    for c in head.children:
        if c.dep_ in {"nsubj", "nsubjpass"}:
            return c
    if head.dep_ == "conj":  # "police arrived and arrested him": shared subject
        return _subject(head.head)
    return None


def _phrase(tok: Any) -> str:
    if tok is None:
        return ""
    parts = [t for t in tok.subtree if t.dep_ in {"compound", "amod", "poss"} or t.i == tok.i]
    return " ".join(t.lemma_.lower() for t in parts)


def _certainty(head: Any, toks: list[Any]) -> tuple[float, tuple[str, ...]]:
    hedges = words("hedges")
    found = []
    score = 1.0
    for t in toks:
        low = t.lower_
        if t.dep_ == "aux" and t.head.i == head.i and low in MODAL_CERTAINTY:
            score = min(score, MODAL_CERTAINTY[low])
            if MODAL_CERTAINTY[low] < 0.8:
                found.append(low)
        elif (t.lemma_.lower() in hedges or low in hedges) and not (
            low in MODAL_CERTAINTY and t.pos_ not in {"AUX", "VERB"}  # "early May", "might"
        ):
            score = min(score, 0.5)
            found.append(low)
    return score, tuple(found)


def _factuality(head: Any, toks: list[Any]) -> str:
    """done, planned, expected or alleged, from the predicate and what governs it."""
    lemma = head.lemma_.lower()
    allegation = words("allegation_words")
    # "allegedly stole", "is accused of": the allegation bears on this predicate. A noun such
    # as "on suspicion of murder" makes the murder alleged, not the arrest.
    if lemma in allegation or any(
        c.lemma_.lower() in allegation and c.dep_ == "advmod" for c in head.children
    ):
        return "alleged"
    if any(c.dep_ == "mark" and c.lower_ in {"if", "unless"} for c in head.children):
        return "conditional"  # "if confirmed": a condition, not an event
    if lemma in words("planning_words"):
        return "planned"
    for c in head.children:
        if c.dep_ == "aux" and c.lower_ in {"will", "'ll"}:
            return "expected"
    if head.dep_ == "xcomp" and head.head.lemma_.lower() in words("planning_words"):
        return "planned"
    gov = head.head
    if (
        head.dep_ in {"ccomp", "xcomp"}
        and gov.i != head.i
        and gov.lemma_.lower() not in words("reporting_verbs")
        and not any(c.dep_ in {"aux", "auxpass", "mark"} for c in head.children)
    ):
        # A bare complement takes its governor's time: "will have the water cut off" is as
        # expected as "will cut off the water".
        governed = _factuality(gov, [])
        if governed in {"expected", "planned"}:
            return governed
    return "done"


def _past(head: Any) -> bool:
    """The predicate is in a past or perfect form ("closed", "has closed", "was closed").

    A present form is not a report of something done: news uses it for scheduled events
    ("the museum reopens on Tuesday") and for states.
    """
    if head.tag_ == "VBD":
        return True
    auxes = [c for c in head.children if c.dep_ in {"aux", "auxpass"}]
    if head.tag_ == "VBN" and not auxes and any(c.dep_ == "nsubj" for c in head.children):
        # A participle with a subject and no auxiliary is a finite past the tagger mis-tagged.
        return True
    return any(
        c.dep_ in {"aux", "auxpass"} and (c.tag_ == "VBD" or c.lemma_.lower() == "have")
        for c in head.children
    )


def _negated(head: Any, toks: list[Any]) -> bool:
    """The clause is negated: "not"/"never" on the verb, or "no"/"none" on its subject or object.

    "Not ... until" is a time construction ("was not sent until 10 p.m." says when it was
    sent), not a negation of the event; so is "not ... before" a date or time ("will not
    start before the middle of next year" is "will start then at the earliest").
    """
    for c in head.children:
        if c.dep_ == "prep" and c.lower_ in {"until", "till"}:
            return False
        if (
            c.dep_ == "prep"
            and c.lower_ == "before"
            and any(t.ent_type_ in TIME_LABELS for t in c.subtree)
        ):
            return False
    neg = words("negation_words")
    if any(c.dep_ == "neg" for c in head.children):
        return True
    for t in toks:
        if t.lower_ not in neg or t.dep_ not in {"det", "advmod", "neg"}:
            continue
        if t.head.i == head.i or (t.head.head.i == head.i and t.head.dep_ in ARGUMENT_DEPS):
            return True
    return False


def _universals(toks: list[Any]) -> tuple[tuple[str, tuple[int, int]], ...]:
    """Nouns under a universal quantifier ("all counts", "all 42 precincts"), with spans."""
    out = []
    for t in toks:
        if t.lower_ not in words("universal_words"):
            continue
        noun = t.head
        if noun.pos_ == "NUM" and noun.head.i > noun.i:  # "all 42 precincts"
            noun = noun.head
        if noun.pos_ == "NOUN" and noun.i > t.i:
            out.append((noun.lemma_.lower(), (t.idx, noun.idx + len(noun.text))))
    return tuple(out)


def _predicate(head: Any) -> str:
    """The predicate's lemma; for a copula, "be" with its complement ("be enough")."""
    lemma = head.lemma_.lower()
    if lemma == "be":
        for c in head.children:
            if c.dep_ in {"acomp", "attr"}:
                return f"be {c.lemma_.lower()}"
    return lemma


def _causal(toks: list[Any]) -> str:
    lemmas = {t.lemma_.lower() for t in toks}
    if lemmas & words("causal_weak"):
        return "weak"
    if lemmas & words("causal_strong"):
        return "strong"
    return ""


def _title(ent: Any, sent_start: int) -> tuple[str, tuple[int, int] | None]:
    """The role noun given with a name (before it, in an apposition, or governing it as an
    apposition), and where it is."""
    titles = words("titles")
    root = ent.root

    def found(t: Any) -> tuple[str, tuple[int, int] | None]:
        return t.lemma_.lower(), (t.idx, t.idx + len(t.text))

    for t in ent.doc[max(ent.start - 4, sent_start) : ent.start]:
        if t.lemma_.lower() in titles and t.head.i in range(ent.start, ent.end):
            return found(t)
    for c in root.children:
        if c.dep_ == "appos":
            for t in c.subtree:
                if t.lemma_.lower() in titles:
                    return found(t)
    if root.dep_ == "appos" and root.head.lemma_.lower() in titles:
        return found(root.head)
    return "", None


def _left_open(head: Any) -> bool:
    """The clause is a question the text leaves unanswered, not a fact it reports.

    Phenomenon: an inquiry or a non-answer. "Whether X" is open whatever governs it; "if X" is
    open under a word of asking or knowing ("it is unclear if"); a complement of a stating verb
    that is negated or refused ("did not confirm that X", "declined to say whether") is open.
    """
    marks = {c.lower_ for c in head.children if c.dep_ == "mark"}
    if "whether" in marks:
        return True
    gov = head.head
    if gov.i == head.i:
        return False
    gov_words = {gov.lemma_.lower()} | {
        c.lemma_.lower() for c in gov.children if c.dep_ in {"acomp", "attr"}
    }
    if "if" in marks and gov_words & words("inquiry_words"):
        return True
    if head.dep_ != "ccomp":
        return False
    if gov.lemma_.lower() in words("refusal_verbs"):
        return True
    if gov.lemma_.lower() not in words("non_answer_verbs"):
        return False
    if any(c.dep_ == "neg" for c in gov.children):
        return True
    return gov.dep_ == "xcomp" and gov.head.lemma_.lower() in words("refusal_verbs")


def _content(tok: Any) -> bool:
    return tok.pos_ in CONTENT_POS and not tok.is_stop and tok.lemma_.strip() != ""


def extract(doc: Any) -> DocFacts:
    """Frames and quotations of a parsed document."""
    frames: list[Frame] = []
    sentences = []
    names_by_tok = {}
    time_toks: set[int] = set()
    name_toks: set[int] = set()
    for ent in doc.ents:
        if ent.label_ in TIME_LABELS:
            time_toks.update(range(ent.start, ent.end))
        elif ent.label_ in NAME_LABELS:
            name_toks.update(range(ent.start, ent.end))
        for i in range(ent.start, ent.end):
            names_by_tok[i] = ent
    vague, spans = words("vague_times"), words("vague_spans")
    reporting = words("reporting_verbs")
    # The words of every person's name, so a later bare surname the windowed recogniser did not
    # tag ("Brenner called Aldana") is still known as that person.
    person_words = frozenset(
        t.text for e in doc.ents if e.label_ == "PERSON" for t in e if t.pos_ == "PROPN"
    )
    last_person = ""
    for _s_i, sent in enumerate(doc.sents):
        if not sent.text.strip():
            continue
        sent_span = _span(list(sent), punct=True)
        sentences.append(sent_span)
        heads = _clause_heads(sent)
        head_ids = {h.i for h in heads}
        members: dict[int, list[Any]] = {h.i: [] for h in heads}
        for t in sent:
            members.setdefault(_owner(t, head_ids), []).append(t)
        numbers_all = quantities(sent, time_toks | name_toks)
        speakers: dict[int, tuple[str, tuple[int, int], str]] = {}
        voices: dict[int, tuple[str, tuple[int, int]]] = {}
        for h in heads:
            toks = members.get(h.i, [])
            speaker_tok = None
            if h.lemma_.lower() in reporting:
                speaker_tok = _subject(h)
            for t in toks:  # "according to the ministry"
                if t.lower_ == "according":
                    for p in t.children:
                        for o in p.children:
                            if o.dep_ == "pobj":
                                speaker_tok = o
            if speaker_tok is None:
                continue
            speaker_tok = _antecedent(speaker_tok)
            key = _speaker_key(speaker_tok, names_by_tok)
            kind = _speaker_kind(speaker_tok, names_by_tok, person_words)
            if kind == "pronoun" and last_person:
                key = last_person
            elif key and kind == "person":
                last_person = key
            sspan = (speaker_tok.idx, speaker_tok.idx + len(speaker_tok.text))
            voices[h.i] = (key, sspan)
            # The reporting verb's complements and the clause it sits in are what it reports.
            targets = [c for c in h.children if c.dep_ in {"ccomp", "parataxis"}]
            if h.dep_ in {"ccomp", "parataxis"} and not targets:
                targets = [h.head]
            if not targets and h.dep_ == "ROOT":
                targets = [h]
            for tgt in targets:
                speakers[_owner(tgt, head_ids)] = (key, sspan, kind)
                for sub in heads:  # clauses nested in the reported one share its speaker
                    if sub.i != h.i and tgt in sub.ancestors:
                        speakers.setdefault(sub.i, (key, sspan, kind))
        open_heads = {h.i for h in heads if _left_open(h)}
        for h in heads:  # clauses nested in an open question are part of it
            if h.i not in open_heads and any(a.i in open_heads for a in h.ancestors):
                open_heads.add(h.i)
        # A pronoun speaker in a later sentence is the last person this one names as a subject.
        subjects = [
            t
            for t in sent
            if t.dep_ in {"nsubj", "nsubjpass"}
            and (t.ent_type_ == "PERSON" or (t.pos_ == "PROPN" and t.text in person_words))
        ]
        if subjects:
            last_person = _speaker_key(subjects[-1], names_by_tok)
        for h in heads:
            toks = members.get(h.i, [])
            if not any(not t.is_punct and not t.is_space for t in toks):
                continue
            names = []
            seen_ents = set()
            for t in toks:
                ent = names_by_tok.get(t.i)
                if ent is None or ent.label_ not in NAME_LABELS or ent.start in seen_ents:
                    continue
                seen_ents.add(ent.start)
                names.append(
                    Name(
                        ent.text,
                        ent.label_,
                        name_key(ent.text),
                        (ent.start_char, ent.end_char),
                        *_title(ent, sent.start),
                        roles=role_words(ent),
                        slot=slot(ent),
                    )
                )
            times = []
            seen_t = set()
            for t in toks:
                ent = names_by_tok.get(t.i)
                if ent is not None and ent.label_ in TIME_LABELS and ent.start not in seen_t:
                    seen_t.add(ent.start)
                    norm = time_norm(ent.text)
                    span = (ent.start_char, ent.end_char)
                    times.append(TimeExpr(ent.text, norm, span, norm in spans))
                elif t.lower_ in vague and t.i not in time_toks:
                    times.append(TimeExpr(t.text, t.lower_, (t.idx, t.idx + len(t.text)), True))
            starts = {t.idx for t in toks}
            nums = tuple(q for q in numbers_all if q.span[0] in starts)
            lemmas = {canonical(t.lemma_.lower()) for t in toks if _content(t)}
            lemmas |= {f"#{q.value:g}" for q in nums}
            lemmas |= {f"@{n.key}" for n in names}
            certainty, hedges = _certainty(h, toks)
            obj = next((c for c in h.children if c.dep_ in {"dobj", "attr", "oprd"}), None)
            spk = speakers.get(h.i, ("", None, ""))
            frames.append(
                Frame(
                    index=len(frames),
                    sent=len(sentences) - 1,
                    span=_span(toks),
                    sent_span=sent_span,
                    predicate=_predicate(h),
                    pred_span=(h.idx, h.idx + len(h.text)),
                    role=h.dep_,
                    negated=_negated(h, toks),
                    certainty=certainty,
                    hedges=hedges,
                    factuality=_factuality(h, toks),
                    subject=_subject_key(_subject(h), names_by_tok, last_person),
                    obj=_phrase(obj),
                    lemmas=frozenset(lemmas),
                    names=tuple(names),
                    numbers=nums,
                    times=tuple(times),
                    causal=_causal(toks),
                    speaker=spk[0],
                    speaker_span=spk[1],
                    speaker_kind=spk[2],
                    voice=voices.get(h.i, ("", None))[0],
                    voice_span=voices.get(h.i, ("", None))[1],
                    universals=_universals(toks),
                    text_lemmas=frozenset(t.lemma_.lower() for t in toks),
                    reporting=h.lemma_.lower() in reporting and h.i not in speakers,
                    open_question=h.i in open_heads,
                    past=_past(h),
                )
            )
    return DocFacts(doc.text, tuple(frames), tuple(sentences), _quotes(doc.text, frames, sentences))


def _subject_key(tok: Any, names_by_tok: dict[int, Any], last_person: str) -> str:
    """The subject as a name key (pronouns resolved to the last person named) or lemmas."""
    if tok is None:
        return ""
    if tok.pos_ == "PRON" and tok.lower_ in {"he", "she", "him", "her"} and last_person:
        return last_person
    ent = names_by_tok.get(tok.i)
    if ent is not None and ent.label_ in NAME_LABELS:
        return name_key(ent.text)
    return _phrase(tok)


def _antecedent(tok: Any) -> Any:
    """A relative pronoun's antecedent ("Ann Roe, who said" is Ann Roe speaking), else ``tok``.

    Phenomenon: coreference through a relative clause; the relative pronoun is not resolved
    to the last person named (who may be someone else) but to the noun its clause modifies.
    """
    if tok.lower_ in {"who", "that", "which"} and tok.head.dep_ == "relcl":
        return tok.head.head
    return tok


def _speaker_kind(tok: Any, names_by_tok: dict[int, Any], person_words=frozenset()) -> str:
    """person or org (a named speaker), noun (a group: "witnesses"), generic (a body or a
    document standing for a named one: "the company", "the report"), pronoun, or place (a
    dateline the parser took for a subject). A proper noun that is a word of a person's name
    elsewhere in the text is that person, even where the recogniser labelled it otherwise."""
    if tok.pos_ == "PRON":
        return "pronoun"
    if tok.pos_ == "PROPN" and tok.text in person_words:
        return "person"  # one name is one entity, whatever the recogniser said here
    ent = names_by_tok.get(tok.i)
    if ent is not None and ent.label_ in {"GPE", "LOC"}:
        return "place"
    if ent is not None and ent.label_ == "PERSON":
        return "person"
    if ent is not None and ent.label_ in NAME_LABELS:
        return "org"
    if tok.lemma_.lower() in words("generic_speakers"):
        return "generic"
    return "noun"


def _speaker_key(tok: Any, names_by_tok: dict[int, Any]) -> str:
    ent = names_by_tok.get(tok.i)
    if ent is not None and ent.label_ in NAME_LABELS:
        return name_key(ent.text)
    for t in tok.subtree:  # "the head of the agency, Jane Roe"
        ent = names_by_tok.get(t.i)
        if ent is not None and ent.label_ in {"PERSON", "ORG"}:
            return name_key(ent.text)
    return tok.lemma_.lower()


def _quotes(text: str, frames: list[Frame], sentences: list[tuple[int, int]]) -> tuple[Quote, ...]:
    by_sent: dict[int, list[Frame]] = {}
    for f in frames:
        by_sent.setdefault(f.sent, []).append(f)
    starts = [s for s, _ in sentences]
    out = []
    for m in QUOTE_RE.finditer(text):
        start, end = m.span()
        first = max(bisect_right(starts, start) - 1, 0)
        last = max(bisect_right(starts, end) - 1, first)
        speaker, speaker_span = _quote_speaker(by_sent, first, last, start, end)
        ws = frozenset(w.lower() for w in re.findall(r"[\w']+", m.group(1)))
        out.append(Quote(m.group(1), (m.start(1), m.end(1)), ws, speaker, speaker_span))
    return tuple(out)


def _quote_speaker(
    by_sent: dict[int, list[Frame]], first: int, last: int, start: int, end: int
) -> tuple[str, Any]:
    """Who says a quotation: the nearest reporting verb outside it in the sentences it spans,
    else the last one in the sentence before (a quotation continued after "she said")."""
    best, dist = None, None
    for sent in range(first, last + 1):
        for f in by_sent.get(sent, ()):
            if not f.voice or start <= f.pred_span[0] < end:
                continue
            d = min(abs(f.pred_span[0] - end), abs(f.pred_span[0] - start))
            if dist is None or d < dist:
                best, dist = f, d
    if best is None:
        before = [f for f in by_sent.get(first - 1, ()) if f.voice]
        best = before[-1] if before else None
    return (best.voice, best.voice_span) if best is not None else ("", None)
