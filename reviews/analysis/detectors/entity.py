"""Entity detector: names and titles the source does not give.

What it finds: a person, organisation or place in the rewrite that the source never names
(an invented or swapped name); a name spelt differently from the source's; a person given a
different title or role than the source gives them.
Why it matters: a wrong name or role tells the reader someone else did or said it.
Example: source "Mayor Lena Ortiz opened the bridge"; rewrite "Governor Lena Ortiz opened the
bridge" changes her title; "Mayor Lena Ortis" misspells her name.
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from ..align import coverage
from ..frames import Frame, Name
from ..lexicon import canonical, words
from ..pair import AlignedPair, finding
from ..rank import severity
from ..report import Finding
from ..roles import Mention, mentions_by_surname, rank_dropped
from ..thresholds import (
    ALIGN_CANDIDATES,
    CONF_ABSENT,
    CONF_WEAK,
    MAX_POSTINGS,
    MIN_SHARED_ARGUMENTS,
    NAME_VARIANT_SIMILARITY,
    SWAP_ALIGNMENT,
)

# Labels whose absence from the source is material; nationalities and groups are often
# paraphrased ("Iranian" for "Iran-backed") and are judged minor.
MATERIAL_LABELS = frozenset({"PERSON", "ORG", "FAC", "EVENT", "LAW", "PRODUCT"})


def _known(n: Name, pair: AlignedPair) -> bool:
    if n.key in pair.source_names:
        return True
    parts = n.key.split()
    if parts and all(p in pair.source_words for p in parts):
        return True
    if len(parts) == 1 and 2 <= len(parts[0]) <= 5 and n.text.isupper():
        return parts[0] in pair.source_initialisms  # "CFO" for "chief financial officer"
    if len(parts) >= 2 and _initials(parts) in _acronyms(pair.source.text):
        return True  # a name spelt out whose initials the source writes ("World Bank" / "WB")
    if n.label in {"NORP", "GPE", "LOC"} and len(n.key) >= 5:
        # A nationality for its country and back ("Chinese" for "China").
        return any(k[:4] == n.key[:4] for k in pair.source_names)
    return False


# An acronym as written: two or more capitals, with or without dots ("EU", "U.S.").
ACRONYM = re.compile(r"\b[A-Z](?:\.?[A-Z])+\b\.?")


def _initials(parts: list[str]) -> str:
    return "".join(p[0] for p in parts if p not in words("name_particles"))


def _acronyms(text: str) -> frozenset[str]:
    """The text's acronyms, lower case and without dots.

    Phenomenon: an abbreviation spelt out. The source's "U.S." or "WHO" names the same body
    as the rewrite's "the United States" or "World Health Organization"; the spelt-out name's
    initials (without particles: "of", "and") are the acronym.
    """
    return frozenset(m.group().replace(".", "").lower() for m in ACRONYM.finditer(text))


# A story's opening dateline and credit: the agency in parentheses near the start ("PLACE,
# Region (Agency) -"), in any script's capitals.
CREDIT = re.compile(r"\A[^\n(]{0,60}\(([^)]{2,40})\)")


def _in_credit(span: tuple[int, int], pair: AlignedPair) -> bool:
    """The source span lies in the dateline or its credit: a place of filing or an agency, not
    a participant that a rewrite's name could have replaced."""
    if pair.in_dateline(span):
        return True
    m = CREDIT.match(pair.source.text)
    return m is not None and span[1] <= m.end()


def _swapped(n: Name, frame, pair: AlignedPair) -> Name | None:
    """The aligned source clause's name of the same kind that the rewrite clause replaced."""
    if pair.supports[frame.index].coverage < SWAP_ALIGNMENT:
        return None
    # The best-aligned clause only: later ones were added for the words the best one lacks,
    # which is where a swapped-in name comes from.
    support = pair.support_frames(frame)[:1]
    here = {m.key for m in frame.names}
    there = [m for s in support for m in s.names]
    if any(m.key == n.key or n.key in m.key or m.key in n.key for m in there):
        return None
    rivals = [
        m
        for m in there
        if m.label == n.label and m.key not in here and not _in_credit(m.span, pair)
    ]
    text = pair.rewrite.text.lower()
    rivals = [m for m in rivals if m.key.split()[-1] not in text]
    return rivals[0] if rivals else None


def _variant(n: Name, pair: AlignedPair) -> str:
    for key in pair.source_names_by_initial.get(n.key[:1], ()):
        if abs(len(key) - len(n.key)) <= 3 and fuzz.ratio(key, n.key) >= NAME_VARIANT_SIMILARITY:
            return key
    return ""


def _title_changed(n: Name, pair: AlignedPair, mentions: dict[str, list[Mention]]) -> list[Finding]:
    """A participant given a title or rank the source does not give them.

    Phenomenon: a person given another's title, or a higher rank ("police chief" for the
    source's "police spokeswoman", "director" for "deputy director"). The rewrite's title is
    compared with the role words of every source mention of the same name (its description
    in the parse: modifiers, appositions), whatever label the recogniser gave the name; the
    rewrite's title is accepted when any of those descriptions has it, or when a source
    sentence naming the participant uses the word (a role given in a clause, "Roe, who chairs
    the board"). A title matched in the source but missing a rank qualifier the source gives
    with it ("deputy") is a raised rank.
    """
    seen = mentions.get(n.key.split()[-1], [])
    if not seen:
        return []
    title = canonical(n.title)
    here = n.roles | {title}
    ts = n.title_span or n.span
    span = (min(ts[0], n.span[0]), max(ts[1], n.span[1]))
    same = [m for m in seen if title in m.roles]
    if same:
        dropped = [rank_dropped(here, m.roles, n.title) for m in same]
        if all(dropped):
            message = f"rewrite calls {n.text} {n.title}; source calls them {dropped[0]} {n.title}"
            return [finding("entity", "major", span, same[0].span, message, CONF_WEAK)]
        return []
    text = pair.source.text.lower()
    if any(n.title in text[m.sent_span[0] : m.sent_span[1]] for m in seen):
        return []
    was = next((m.title for m in seen if m.title), None) or " ".join(sorted(seen[0].roles))
    message = f"rewrite calls {n.text} {n.title}; source calls them {was}"
    return [finding("entity", "major", span, seen[0].span, message, CONF_WEAK)]


# A third-person pronoun or possessive as the first word of a text (after quotation marks).
OPENING_PRONOUN = re.compile(r"\A\W*\b(He|She|They|It|His|Her|Their|Its)\b(?!')")
# Predicates that take an expletive "it" ("It is likely that", "It seems"), which refers to
# nothing and so needs no antecedent.
EXPLETIVE_PREDICATES = frozenset({"be", "seem", "appear", "remain"})


def _dangling_opening(pair: AlignedPair) -> list[Finding]:
    """A rewrite that opens with a pronoun, so the reader is never told who or what it is.

    Phenomenon: a lost antecedent (a coreference error). A rewrite that begins "She appeared
    on the cover" has dropped the name the pronoun stands for; whoever the source meant, the
    rewrite no longer says it. An opening expletive "it" ("It is unclear whether") refers to
    nothing and is not reported, nor is a pronoun the source itself opens with.
    """
    m = OPENING_PRONOUN.match(pair.rewrite.text)
    if m is None:
        return []
    word = m.group(1)
    src = pair.source.text[pair.source_dateline[1] :] if pair.source_dateline else pair.source.text
    if re.match(rf"\A\W*\b{word}\b", src.lstrip(" -\u2013\u2014")):
        return []
    first = [f for f in pair.rewrite.frames if f.sent == 0]
    if word.lower() in {"it", "its"} and any(
        (f.role == "ROOT" and f.predicate.split()[0] in EXPLETIVE_PREDICATES)
        or f.role == "ccomp"  # "It is expected that X": the "it" stands for the clause
        for f in first
    ):
        return []
    message = f"the rewrite opens with {word!r} and never says who or what it stands for"
    return [finding("entity", "major", m.span(1), None, message, CONF_WEAK)]


def _without_names(frame: Frame) -> frozenset[str]:
    """A clause's content lemmas without its names (keys and the words in them)."""
    drop = set()
    for n in frame.names:
        drop.add(f"@{n.key}")
        drop.update(n.key.split())
    return frozenset(x for x in frame.lemmas if x not in drop and x.lower() not in drop)


def _related(a: str, b: str) -> bool:
    """Names sharing a head word, in the singular or plural ("the Fishers' Cooperative" is one
    of the "cooperatives")."""
    return a == b or a in b or b in a or a.split()[-1].rstrip("s") == b.split()[-1].rstrip("s")


def _role_swaps(pair: AlignedPair) -> list[Finding]:
    """A named participant put in the role the source gives another named participant.

    Phenomenon: an entity swap between roles. Alignment follows names, so a clause whose
    names were swapped still aligns to the clause with its own name. Here each rewrite clause
    is matched on its other content alone ("is awarded the stage win"); when the source
    clause that carries that content names someone else of the same kind, and no source
    clause naming the rewrite's participant carries it as well, the participant was swapped.
    The two names must fill the same kind of slot (roles.slot): participants for
    participants, a venue's preposition for the same preposition; a name modifying another
    noun ("the club's striker") is not what a venue ("at the ground") replaced.
    """
    out = []
    source = pair.source.frames
    for frame in pair.rewrite.frames:
        if frame.reporting or not frame.names:
            continue
        content = _without_names(frame)
        if len(content) < MIN_SHARED_ARGUMENTS:
            continue
        scores: dict[int, float] = {}
        for lemma in content:
            post = pair.index.postings.get(lemma, ())
            if len(post) > MAX_POSTINGS:
                continue
            for j in post:
                scores[j] = scores.get(j, 0.0) + pair.index.weight(lemma)
        ranked = sorted(scores, key=lambda j: (-scores[j], j))[:ALIGN_CANDIDATES]
        cov = {j: coverage(content, _without_names(source[j]), pair.index) for j in ranked}
        best = max(ranked, key=lambda j: (cov[j], -j), default=None)
        if best is None or cov[best] < SWAP_ALIGNMENT:
            continue
        if len(content & _without_names(source[best])) < MIN_SHARED_ARGUMENTS:
            continue
        there = source[best].names
        here_keys = [n.key for n in frame.names]
        for n in frame.names:
            if n.label not in MATERIAL_LABELS or n.key not in pair.source_names:
                continue
            if any(_related(n.key, m.key) for m in there):
                continue
            rival = next(
                (
                    m
                    for m in there
                    if m.label == n.label
                    and m.slot == n.slot
                    and not any(_related(k, m.key) for k in here_keys)
                    and not _in_credit(m.span, pair)
                ),
                None,
            )
            if rival is None:
                continue
            # The rewrite's participant has no source clause carrying this content as well.
            own = [j for j in ranked if any(_related(n.key, m.key) for m in source[j].names)]
            if any(cov[j] >= cov[best] for j in own):
                continue
            out.append(
                finding(
                    "entity",
                    severity(material=True),
                    frame.span,
                    rival.span,
                    f"rewrite gives {n.text} the role the source gives {rival.text}",
                    CONF_WEAK,
                )
            )
            break
    return out


def detect(pair: AlignedPair) -> list[Finding]:
    """Entity findings for every rewrite name."""
    out: list[Finding] = _role_swaps(pair) + _dangling_opening(pair)
    mentions = mentions_by_surname(pair.source)
    for frame in pair.rewrite.frames:
        for n in frame.names:
            if not n.key:
                continue
            if _known(n, pair):
                swapped = _swapped(n, frame, pair)
                if swapped is not None:
                    # Phenomenon: a name from elsewhere in the story put in place of the one
                    # the aligned source clause has ("Moscow" for "London").
                    out.append(
                        finding(
                            "entity",
                            severity(material=True),
                            n.span,
                            swapped.span,
                            f"rewrite says {n.text} where the source says {swapped.text}",
                            CONF_WEAK,
                        )
                    )
                    continue
                if n.title:
                    out.extend(_title_changed(n, pair, mentions))
                continue
            variant = _variant(n, pair)
            if variant:
                # Phenomenon: a name spelt differently from the source.
                out.append(
                    finding(
                        "entity",
                        "minor",
                        n.span,
                        None,
                        f"rewrite spells the name {n.text!r}; source has {variant!r}",
                        CONF_WEAK,
                    )
                )
                continue
            # Phenomenon: a name the source never gives (invented or swapped).
            out.append(
                finding(
                    "entity",
                    severity(material=n.label in MATERIAL_LABELS),
                    n.span,
                    None,
                    f"the source never names {n.text}",
                    CONF_ABSENT,
                )
            )
    return out
