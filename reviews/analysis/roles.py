"""Role words: what a text says a named participant is, read off the parse of the name.

A name's role words are the content lemmas of the description given with it in its own noun
phrase, found by dependency rather than by a word list:

* modifiers in the name's noun phrase before it ("Deputy Fisheries Minister Tormod Vangen",
  "the agency's chief scientist Ann Roe": compounds, adjectives and possessors of the name's
  head, with their own modifiers);
* an apposition to the name ("Ann Roe, the authority's deputy director");
* the noun the name is an apposition to ("a spokeswoman for the council, Ann Roe").

Relative and other clauses inside the description ("Ann Roe, a lawyer who represented the
family") are left out: they say what the participant did, not what they are.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from .lexicon import canonical, words

# Dependencies of modifiers that belong to a name's description when they sit before it.
PREMODIFIER_DEPS = frozenset({"compound", "amod", "poss", "nmod", "nn"})
# Dependencies that open a clause: what follows says what the participant did.
CLAUSE_DEPS = frozenset({"relcl", "acl", "ccomp", "advcl", "xcomp", "conj", "cc", "punct"})
ROLE_POS = frozenset({"NOUN", "PROPN", "ADJ"})


def _phrase_lemmas(tok: Any, skip: range) -> set[str]:
    """Content lemmas of ``tok``'s subtree, not entering clauses or the tokens in ``skip``."""
    out: set[str] = set()
    stack = [tok]
    while stack:
        t = stack.pop()
        if t.i in skip:
            continue
        if t.pos_ in ROLE_POS and not t.is_stop:
            out.add(canonical(t.lemma_.lower().rstrip(".")))
        stack.extend(c for c in t.children if c.dep_ not in CLAUSE_DEPS)
    return out


def role_words(ent: Any) -> frozenset[str]:
    """The role words of named entity ``ent`` (see the module docstring)."""
    own = range(ent.start, ent.end)
    root = ent.root
    out: set[str] = set()
    for c in root.children:
        if c.i in own:
            continue
        if (c.dep_ in PREMODIFIER_DEPS and c.i < ent.start) or c.dep_ == "appos":
            out |= _phrase_lemmas(c, own)
    if root.dep_ == "appos" and root.head.i not in own:
        out |= _phrase_lemmas(root.head, range(root.left_edge.i, root.right_edge.i + 1))
    return frozenset(w for w in out if w)


def slot(ent: Any) -> str:
    """The kind of slot a name fills in its clause, read off its head's dependency.

    "arg" for a participant (subject, object, passive agent, recipient: "to X", "by X",
    who did what to whom is the same under a passive or a dative shift), "mod" for a
    modifier inside another noun phrase ("the Leeds striker", "Leeds' striker"), and the
    preposition for a circumstance ("pobj:at" for a venue, "pobj:in" for a competition).
    """
    root = ent.root
    dep = root.dep_
    if dep == "pobj":
        prep = root.head.lower_
        if root.head.dep_ in {"agent", "dative"} or prep in words("argument_prepositions"):
            return "arg"
        return f"pobj:{prep}"
    if dep in {"nsubj", "nsubjpass", "dobj", "dative", "attr", "oprd", "appos", "conj", "ROOT"}:
        return "arg"
    if dep in PREMODIFIER_DEPS:
        return "mod"
    return dep


def rank_dropped(rewrite_roles: frozenset[str], source_roles: frozenset[str], title: str) -> str:
    """A rank qualifier the source gives with ``title`` that the rewrite's description lacks.

    Phenomenon: a rank raised by a dropped qualifier ("deputy director" reported as
    "director", "former minister" as "minister"). Returned only when the source's description
    has the same title word, so the qualifier is the one difference.
    """
    if canonical(title) not in source_roles:
        return ""
    for word in sorted(words("rank_qualifiers") & source_roles):
        if word not in rewrite_roles:
            return word
    return ""


class Mention(NamedTuple):
    """One source mention of a described name."""

    roles: frozenset[str]  # role words, with the title
    title: str  # the title lemma, or ""
    span: tuple[int, int]  # where the name is
    sent_span: tuple[int, int]  # the sentence it is in


def mentions_by_surname(facts: Any) -> dict[str, list[Mention]]:
    """Each described name of a text by the last word of its key."""
    out: dict[str, list[Mention]] = {}
    for f in facts.frames:
        for n in f.names:
            roles = n.roles | ({canonical(n.title)} if n.title else set())
            if n.key and roles:
                mention = Mention(frozenset(roles), n.title, n.span, f.sent_span)
                out.setdefault(n.key.split()[-1], []).append(mention)
    return out


def written_speaker(facts: Any, key: str, span: tuple[int, int] | None) -> str:
    """A speaker as the text writes them, for messages: the fullest form of the name the text
    gives anywhere ("Tomas Reyes" for the key "reyes"), else the words where the speaker is
    named ("Witnesses"), else the key."""
    last = key.split()[-1] if key else ""
    best = ""
    for f in facts.frames:
        for n in f.names:
            if n.key and (n.key == key or n.key.split()[-1] == last):
                text = _name_words(n.text, n.key)
                best = text if len(text) > len(best) else best
    if best:
        return best
    return facts.text[span[0] : span[1]] if span else key


def _name_words(text: str, key: str) -> str:
    """The words of an entity's text that belong to its key, with those between them ("Mayor
    Ana Ruiz said" with the key "ana ruiz" is "Ana Ruiz")."""
    keys = set(key.split())
    ws = text.split()
    bare = [w.lower().removesuffix("'s").removesuffix("\u2019s").strip(".,") for w in ws]
    inside = [i for i, w in enumerate(bare) if w in keys]
    return " ".join(ws[inside[0] : inside[-1] + 1]) if inside else text
