"""Entity detector: names and titles the source does not give.

What it finds: a person, organisation or place in the rewrite that the source never names
(an invented or swapped name); a name spelt differently from the source's; a person given a
different title or role than the source gives them.
Why it matters: a wrong name or role tells the reader someone else did or said it.
Example: source "Mayor Lena Ortiz opened the bridge"; rewrite "Governor Lena Ortiz opened the
bridge" changes her title; "Mayor Lena Ortis" misspells her name.
"""

from __future__ import annotations

from rapidfuzz import fuzz

from ...report import Finding
from ..frames import Name
from ..lexicon import canonical
from ..pair import AlignedPair, finding
from ..rank import severity
from ..thresholds import CONF_ABSENT, CONF_WEAK, NAME_VARIANT_SIMILARITY, SWAP_ALIGNMENT

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
    if n.label in {"NORP", "GPE", "LOC"} and len(n.key) >= 5:
        # A nationality for its country and back ("Chinese" for "China").
        return any(k[:4] == n.key[:4] for k in pair.source_names)
    return False


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
    rivals = [m for m in there if m.label == n.label and m.key not in here]
    text = pair.rewrite.text.lower()
    rivals = [m for m in rivals if m.key.split()[-1] not in text]
    return rivals[0] if rivals else None


def _variant(n: Name, pair: AlignedPair) -> str:
    for key in pair.source_names_by_initial.get(n.key[:1], ()):
        if abs(len(key) - len(n.key)) <= 3 and fuzz.ratio(key, n.key) >= NAME_VARIANT_SIMILARITY:
            return key
    return ""


def _source_titles(n: Name, pair: AlignedPair) -> dict[str, tuple[int, int]]:
    """Titles the source gives the person named ``n`` (matched on the surname)."""
    surname = n.key.split()[-1] if n.key else ""
    return pair.source_titles.get(surname, {})


def detect(pair: AlignedPair) -> list[Finding]:
    """Entity findings for every rewrite name."""
    out: list[Finding] = []
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
                if n.label == "PERSON" and n.title:
                    titles = _source_titles(n, pair)
                    same = {canonical(t) for t in titles}
                    if (
                        titles
                        and canonical(n.title) not in same
                        and n.title not in pair.source_words
                    ):
                        # Phenomenon: a role or title changed for the same person.
                        was, span = next(iter(titles.items()))
                        # The finding covers the title and the name ("Coast guard
                        # commander Ann Roe"): the title is what changed.
                        ts = n.title_span or n.span
                        here = (min(ts[0], n.span[0]), max(ts[1], n.span[1]))
                        out.append(
                            finding(
                                "entity",
                                "major",
                                here,
                                span,
                                f"rewrite calls {n.text} {n.title}; source calls them {was}",
                                CONF_WEAK,
                            )
                        )
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
