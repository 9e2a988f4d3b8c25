"""Small general-English word lists the v1 engine's rules rely on (no story-specific words).

The lists live in ``data/*.txt``, one entry a line with ``#`` comments, and are read once at
import. Kept here: closed sets too short for a file, patterns, and structured tables.
"""

from __future__ import annotations

import re
from pathlib import Path

DATA_DIR = Path(__file__).with_name("data")


def _entries(name: str) -> list[str]:
    """The entries of ``data/<name>.txt`` in file order; blank lines and comments skipped."""
    out = []
    for raw in (DATA_DIR / f"{name}.txt").read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip()
        if line:
            out.append(line)
    return out


def _words(name: str) -> frozenset[str]:
    return frozenset(_entries(name))


def _mapping(name: str) -> dict[str, str]:
    """A list of ``key = value`` lines as a dict, in file order."""
    out: dict[str, str] = {}
    for line in _entries(name):
        key, _, value = line.partition("=")
        out[key.strip()] = value.strip()
    return out


def _synonyms(name: str) -> dict[str, str]:
    """Each word of a group line mapped to the group's first word (the first group wins)."""
    out: dict[str, str] = {}
    for line in _entries(name):
        group = line.split()
        for w in group:
            out.setdefault(w, group[0])
    return out


# Sentence splitting.
ABBREV_NEVER_END = _words("abbreviations_never_end")
ABBREV_MAY_END = _words("abbreviations_may_end")
SENTENCE_STARTERS = _words("sentence_starters")
STOPWORDS = _words("stopwords")

# Attribution.
ATTRIBUTION_VERBS = _words("attribution_verbs")
CLAIM_VERBS_NEED_THAT = _words("claim_verbs_need_that")
PRONOUN_SPEAKERS = frozenset(["he", "she", "it", "they", "we", "i", "you"])
AUXILIARIES = _words("auxiliaries")
VAGUE_ATTRIBUTION_RE = (
    r"\b(?:it\s+(?:is|was|has\s+been)\s+(?:reported|said|claimed|believed|understood|alleged)"
    r"|reportedly|reports\s+(?:say|said|suggest)|sources\s+(?:say|said))\b"
)
GENERIC_ORG_SPEAKERS = _words("generic_org_speakers")

# Certainty and strength.
HEDGES = _words("hedges")
HEDGE_EQUIVALENTS = _words("hedge_equivalents")
NEGATIONS = _words("negations")
NEGATIVE_VERBS = _words("negative_verbs")
STRONG_INTENSITY = _words("strong_intensity")
WEAK_INTENSITY = _words("weak_intensity")
# Plain wordings of a strong verb: "talks collapsed" = "talks broke down".
STRONG_EQUIVALENTS = {
    w: ("broke down", "break down", "fell apart", "fell through", "failed", "caved in")
    for w in ("collapsed", "collapse", "collapses")
}

# Figures and what they count.
CASUALTY_STEMS = _words("casualty_stems")
AFFECTED_STEMS = tuple(_entries("affected_stems"))  # prefixes, for str.startswith
CHANGE_VERBS = _words("change_verbs")

# Word forms and names.
SYNONYMS = _synonyms("synonyms")
IRREGULAR = _mapping("irregular_forms")
ALIASES = _mapping("aliases")
ALIAS_PHRASES = _mapping("alias_phrases")
TITLES = _words("titles")
MONTHS = _mapping("months")
WEEKDAYS = frozenset(["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"])
CLASSIFIERS = _words("classifiers")
# Words that name the same kind as a classifier ("apartment buildings" = "residential
# buildings").
CLASSIFIER_EQUIVALENTS = {
    "residential": ("apartment", "housing", "home", "dwelling"),
    "commercial": ("business", "office", "retail"),
    "medical": ("health", "clinic"),
    "military": ("army", "defence", "defense"),
}

# Predicates, ranks and denials.
# Opposite predicates: (positive words, negative words) per class. A rewrite clause that takes
# one side where the matching source clause takes only the other reverses the fact.
POLARITY_CLASSES = {
    "verdict": (
        "convicted convict convicts guilty",
        "acquitted acquit acquits acquittal exonerated",
    ),
    "target": (
        "above beat beats beating topped exceeded exceeding exceeds surpassed outperformed",
        "below missed missing misses trailed lagged",
    ),
    "direction": (
        "rose rise rises rising risen increased increase increases increasing grew grow grows "
        "growing gained climbed climbs jumped surged soared higher",
        "fell fall falls falling fallen dropped drop drops declined decline declines decreased "
        "decrease shrank shrink shrinks slid plunged slumped lower",
    ),
    "support": (
        "backed support supported supports supporting favored favoured endorsed praised welcomed",
        "against opposed oppose opposes objected criticized criticised condemned",
    ),
    "approval": ("approved approve approves accepted granted", "rejected reject rejects vetoed"),
    "permission": ("allowed permitted legalized", "banned barred prohibited forbidden outlawed"),
    "belief": ("suspected believed expected", "doubted doubt doubts skeptical sceptical"),
    "inclusion": ("including included includes", "excluding excluded except"),
}
PREDICATE_ADJECTIVES = _words("predicate_adjectives")
CENTRAL_PREDICATE_STEMS = _words("central_predicate_stems")
ORDINALS = _words("ordinals")
SUPERLATIVE_WORDS = _words("superlative_words")
DENIAL_WORDS = _words("denial_words")
# Words before a denial word that make it something else: "a request for denial".
DENIAL_STOPS = frozenset(["for", "of", "without"])
# Sourcing boilerplate whose negation is no fact of the story.
ANONYMITY_RE = re.compile(
    r"\bnot\s+(?:authori[sz]ed|permitted|allowed)\s+to\s+(?:speak|discuss|comment|talk|be\s+named)"
    r"|\bcondition\s+of\s+anonymity\b|\bnot\s+to\s+be\s+(?:named|identified)\b",
    re.IGNORECASE,
)
