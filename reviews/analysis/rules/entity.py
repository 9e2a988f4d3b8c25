# ruff: noqa: RUF001 -- typographic quotes are data here
"""Entity rules: names and roles of the rewrite that the source does not support.

What they find: a name the source never mentions, a person given another's title, a full name put
where the matching source sentence has a different person.
Why it matters: naming the wrong person or office misinforms and may defame.
Example: the source quotes "police chief Lena Ortiz"; the rewrite calls her "mayor Lena Ortiz".
"""

from __future__ import annotations

import re

from ..context import Context, span_of
from ..entities import Entity
from ..facts import SentenceFacts
from ..lexicon import TITLES


def _key_supported(ctx: Context, k: str) -> bool:
    if k in ctx.src_words or k in TITLES:
        return True
    # Demonyms and shortened forms: "Iranian" ~ "Iran", "Syrian" ~ "Syria".
    for cand in ctx.src_keys_by_prefix.get(k[:4], ()):
        short, long_ = sorted((cand, k), key=len)
        if len(short) >= 4 and long_.startswith(short[: max(4, len(short) - 1)]):
            return True
    return False


def entity_rules(ctx: Context, sf: SentenceFacts, aligned: list[SentenceFacts]) -> None:
    """Check each name of the rewrite sentence: known to the source, right title, right person."""
    for e in sf.entities:
        missing = [k for k in e.keys if not _key_supported(ctx, k)]
        if missing:
            ctx.add(
                "entity",
                "major",
                span_of(e),
                None,
                f'rewrite names "{e.text}"; the source does not mention '
                + ", ".join(f'"{k}"' for k in missing),
                0.7,
            )
            continue
        if e.title:
            _role_rule(ctx, e, aligned)
        _name_swap_rule(ctx, sf, e, aligned)


_PERSON_NAME_RE = re.compile(r"[A-Z][a-z][\w’'-]*(?: [A-Z][a-z][\w’'-]*){1,2}")


def _name_swap_rule(
    ctx: Context, sf: SentenceFacts, e: Entity, aligned: list[SentenceFacts]
) -> None:
    """A name of the story put where the source has another name the rewrite never uses.

    "a low cross from Sam Whitlock" where the matching source sentence says "from Dani Ferrer"
    and the rewrite mentions Ferrer nowhere.
    """
    if not aligned or e.title:
        return
    al_top = aligned[0]
    own = [k for k in e.keys if k not in TITLES]
    if not own or any(k in al_top.stem_set or k in al_top.sent.text.lower() for k in own):
        return
    if len(own) < 2 or not _PERSON_NAME_RE.fullmatch(e.text):
        return  # full personal names only: "Sam Whitlock" for "Dani Ferrer"
    for f in al_top.entities:
        if f.title or not f.keys or any(k in ctx.rw_words for k in f.keys):
            continue
        if len(f.keys) != len(own) or not _PERSON_NAME_RE.fullmatch(f.text):
            continue
        shared = len(sf.stem_set & al_top.stem_set)
        if shared < 4:
            return
        ctx.add(
            "entity",
            "major",
            span_of(e),
            span_of(f),
            f'rewrite names "{e.text}" here; the source says "{f.text}"',
            0.6,
        )
        return


def _role_rule(ctx: Context, e: Entity, aligned: list[SentenceFacts]) -> None:
    names = [k for k in e.keys if k not in TITLES]
    if not names:
        return
    for a in aligned or ctx.src_body:
        for se in a.entities:
            if se.title and names[-1] in se.keys and se.title != e.title:
                # The span starts at the title: "coast guard commander Ingrid Solvang".
                low = ctx.rewrite[max(0, e.start - 40) : e.start].lower()
                at = low.rfind(e.title)
                start = e.start - len(low) + at if at >= 0 else e.start
                ctx.add(
                    "entity",
                    "major",
                    (start, e.end),
                    span_of(se),
                    f'rewrite calls {names[-1].title()} "{e.title}"; source: "{se.title}"',
                    0.7,
                )
                return
