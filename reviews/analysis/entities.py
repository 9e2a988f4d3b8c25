# ruff: noqa: RUF001 -- typographic quotes are data here
"""Names in a sentence: runs of capitalised words, with normalised keys and a title."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .lexicon import ALIAS_PHRASES, ALIASES, MONTHS, STOPWORDS, TITLES, WEEKDAYS
from .numbers import parse_number_words
from .segment import Sentence, Token


@dataclass(frozen=True, slots=True)
class Entity:
    """A run of capitalised words (a name) with the normalised keys of its words."""

    start: int
    end: int
    text: str
    keys: tuple[str, ...]
    title: str  # a title word right before a person's name ("president"), or ""


_NAME_SUFFIXES = frozenset(
    [
        "sized",
        "backed",
        "based",
        "led",
        "born",
        "style",
        "like",
        "made",
        "owned",
        "run",
        "linked",
        "affiliated",
        "aligned",
        "allied",
        "controlled",
        "funded",
        "supported",
        "born",
        "speaking",
        "american",
    ]
)
_CONNECTORS = frozenset({"of", "for", "the", "de", "al", "von", "van", "la", "le", "del", "bin"})
_SKIP_NAMES = frozenset(MONTHS) | WEEKDAYS | {"i", "ap"}


def entity_key(word: str) -> str:
    """Normalise one word of a name: "U.S." -> "us"; demonyms are prefix-matched later."""
    w = word.lower().replace("’", "'").replace(".", "")
    if w.endswith("'s"):
        w = w[:-2]
    return ALIASES.get(w, w)


def apply_alias_phrases(text: str) -> str:
    """Lowercase text with multiword aliases replaced ("United States" -> "us")."""
    low = text.lower().replace(".", "")
    for phrase, alias in ALIAS_PHRASES.items():
        if phrase in low:
            low = low.replace(phrase, alias)
    return low


def find_entities(
    text: str, sent: Sentence, toks: list[Token], lower_vocab: set[str]
) -> list[Entity]:
    """Capitalised name runs in a sentence; sentence-initial common words are not names."""
    out: list[Entity] = []
    run: list[Token] = []

    def flush() -> None:
        while run and run[-1].text.lower() in _CONNECTORS:
            run.pop()
        if run:
            s, e = run[0].start, run[-1].end
            phrase = apply_alias_phrases(text[s:e])
            keys = []
            for w in re.findall(r"[\w']+", phrase):
                if w in _CONNECTORS or w in _SKIP_NAMES or w in STOPWORDS:
                    continue
                for part in w.split("-"):
                    if part in _NAME_SUFFIXES:
                        continue  # "Iran-backed", "Earth-sized": the name is the first part
                    if part and part not in _CONNECTORS and not part.isdigit():
                        keys.append(entity_key(part))
            prev = text[max(sent.start, s - 40) : s].lower().split()
            title = ""
            if keys and keys[0] in TITLES:
                title = keys[0]
            elif prev and prev[-1].strip(",") in TITLES:
                title = prev[-1].strip(",")
            if keys:
                out.append(Entity(s, e, text[s:e], tuple(keys), title))
        run.clear()

    for i, t in enumerate(toks):
        word = t.text
        first = word[0]
        is_cap = first.isupper() or ("-" in word and any(p[:1].isupper() for p in word.split("-")))
        if is_cap and i == 0 and "#midcaps" in lower_vocab:
            # Engine mode: a sentence's first word is a name only if seen capitalised mid-sentence.
            low = word.lower()
            is_cap = f"^{low}" in lower_vocab and parse_number_words(low) is None
        elif is_cap and i == 0:
            base = word.lower().split("-")[0]
            if (
                base in STOPWORDS
                or base in lower_vocab
                or base in _SKIP_NAMES
                or parse_number_words(base) is not None
            ):
                is_cap = False
        if is_cap and word.lower() in _SKIP_NAMES:
            is_cap = False
        if is_cap:
            if run and text[run[-1].end : t.start].strip() not in ("", "-"):
                flush()  # punctuation between two capitalised words ends the name
            run.append(t)
        elif run and word.lower() in _CONNECTORS and text[run[-1].end : t.start].strip() == "":
            run.append(t)
        else:
            flush()
    flush()
    return out
