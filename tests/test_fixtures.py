"""Validate the labelled source/rewrite pairs used to score the comparison engine.

Each directory under ``tests/fixtures/pairs`` (the development set), ``tests/fixtures/heldout``
(the first held-out set, written without looking at the engine), ``tests/fixtures/heldout2``
(the second, fresh held-out set, written after the first had been used for tuning) and
``tests/fixtures/heldout3`` (the third, fresh held-out set, written after the second had been used
for tuning) and ``tests/fixtures/heldout4`` (the fourth, written blind before the engine rebuild,
with more labels a pair and one long pair), ``tests/fixtures/heldout5`` and
``tests/fixtures/heldout6`` to ``tests/fixtures/heldout8`` (the fifth to eighth, written blind
the same way) holds
``source.txt``, ``rewrite.txt`` and ``labels.json``;
``tests/fixtures/seed_labels.json`` labels the seed pair kept in ``shared/seeds``. These checks
need no database.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

FIXTURES = Path(__file__).resolve().parent / "fixtures"
PAIRS_DIR = FIXTURES / "pairs"
HELDOUT_DIR = FIXTURES / "heldout"
HELDOUT2_DIR = FIXTURES / "heldout2"
HELDOUT3_DIR = FIXTURES / "heldout3"
HELDOUT4_DIR = FIXTURES / "heldout4"
HELDOUT5_DIR = FIXTURES / "heldout5"
HELDOUT6_DIR = FIXTURES / "heldout6"
HELDOUT7_DIR = FIXTURES / "heldout7"
HELDOUT8_DIR = FIXTURES / "heldout8"
# Each held-out set, with the sets written before it that it must share no name or text with.
HELDOUT_SETS = (
    (HELDOUT_DIR, (PAIRS_DIR,)),
    (HELDOUT2_DIR, (PAIRS_DIR, HELDOUT_DIR)),
    (HELDOUT3_DIR, (PAIRS_DIR, HELDOUT_DIR, HELDOUT2_DIR)),
    (HELDOUT4_DIR, (PAIRS_DIR, HELDOUT_DIR, HELDOUT2_DIR, HELDOUT3_DIR)),
    (HELDOUT5_DIR, (PAIRS_DIR, HELDOUT_DIR, HELDOUT2_DIR, HELDOUT3_DIR, HELDOUT4_DIR)),
    (
        HELDOUT6_DIR,
        (PAIRS_DIR, HELDOUT_DIR, HELDOUT2_DIR, HELDOUT3_DIR, HELDOUT4_DIR, HELDOUT5_DIR),
    ),
    (
        HELDOUT7_DIR,
        (
            PAIRS_DIR,
            HELDOUT_DIR,
            HELDOUT2_DIR,
            HELDOUT3_DIR,
            HELDOUT4_DIR,
            HELDOUT5_DIR,
            HELDOUT6_DIR,
        ),
    ),
    (
        HELDOUT8_DIR,
        (
            PAIRS_DIR,
            HELDOUT_DIR,
            HELDOUT2_DIR,
            HELDOUT3_DIR,
            HELDOUT4_DIR,
            HELDOUT5_DIR,
            HELDOUT6_DIR,
            HELDOUT7_DIR,
        ),
    ),
)
# Most labels an unfaithful held-out pair may carry; heldout4 and heldout5 were written with
# denser labelling, and so were heldout6 to heldout8.
HELDOUT_MAX_LABELS = {"heldout4": 8, "heldout5": 8, "heldout6": 8, "heldout7": 8, "heldout8": 8}
HELDOUT_DEFAULT_MAX_LABELS = 5
# A held-out pair is a short news story unless both of its texts are long (the long-pair case).
SHORT_PAIR_WORDS = (150, 500)
LONG_PAIR_WORDS = 1500
SEED_LABELS = FIXTURES / "seed_labels.json"
REPO_ROOT = Path(__file__).resolve().parent.parent

CATEGORIES = {
    "number",
    "entity",
    "attribution",
    "time",
    "unsupported",
    "omission",
    "meaning",
    "quote",
    "other",
}
SEVERITIES = {"critical", "major", "minor"}
SIDES = {"source", "rewrite"}
LABEL_KEYS = {"side", "quote", "occurrence", "category", "severity", "note"}
TOP_KEYS = {"title", "domain", "faithful", "labels"}


def _pair_dirs(root: Path = PAIRS_DIR) -> list[Path]:
    """Return every pair directory under ``root`` (the dev set by default), sorted by name."""
    return sorted(p for p in root.iterdir() if p.is_dir())


def _read(path: Path) -> str:
    """Read a UTF-8 text file exactly as the engine would see it."""
    return path.read_text(encoding="utf-8")


def _word_count(text: str) -> int:
    """Count whitespace-separated words."""
    return len(text.split())


def _seeds_dir() -> Path | None:
    """Locate the shared seeds directory, or return None when it is absent."""
    env = os.environ.get("NEWSDESK_SEEDS")
    candidate = Path(env) if env else REPO_ROOT.parent / "shared" / "seeds"
    return candidate if (candidate / "source_wire_story.txt").is_file() else None


def _nth_index(text: str, quote: str, occurrence: int) -> int:
    """Return the start of the ``occurrence``-th (1-based) match of ``quote``, or -1."""
    start = -1
    for _ in range(occurrence):
        start = text.find(quote, start + 1)
        if start < 0:
            return -1
    return start


def _check_labels(data: dict[str, Any], texts: dict[str, str], where: str) -> None:
    """Assert that one labels document is well formed and anchored in its texts."""
    assert set(data) >= TOP_KEYS, f"{where}: missing keys {TOP_KEYS - set(data)}"
    assert isinstance(data["title"], str) and data["title"].strip(), f"{where}: empty title"
    assert isinstance(data["domain"], str) and data["domain"].strip(), f"{where}: empty domain"
    assert isinstance(data["faithful"], bool), f"{where}: faithful must be a boolean"
    labels = data["labels"]
    assert isinstance(labels, list), f"{where}: labels must be a list"
    if data["faithful"]:
        assert labels == [], f"{where}: a faithful pair must have no labels"
    else:
        assert labels, f"{where}: an unfaithful pair needs at least one label"
    seen: set[tuple[str, int, int]] = set()
    for i, label in enumerate(labels):
        tag = f"{where} label {i}"
        assert set(label) == LABEL_KEYS, f"{tag}: keys {sorted(label)}"
        assert label["side"] in SIDES, f"{tag}: side {label['side']!r}"
        assert label["category"] in CATEGORIES, f"{tag}: category {label['category']!r}"
        assert label["severity"] in SEVERITIES, f"{tag}: severity {label['severity']!r}"
        assert isinstance(label["note"], str) and label["note"].strip(), f"{tag}: empty note"
        occurrence = label["occurrence"]
        assert isinstance(occurrence, int) and occurrence >= 1, f"{tag}: occurrence {occurrence!r}"
        quote = label["quote"]
        assert isinstance(quote, str) and quote.strip() == quote and quote, f"{tag}: bad quote"
        if label["category"] == "omission":
            assert label["side"] == "source", f"{tag}: omissions are labelled on the source side"
        else:
            assert label["side"] == "rewrite", f"{tag}: non-omissions go on the rewrite side"
        start = _nth_index(texts[label["side"]], quote, occurrence)
        assert start >= 0, f"{tag}: quote {quote!r} (occurrence {occurrence}) not found"
        key = (label["side"], start, start + len(quote))
        assert key not in seen, f"{tag}: duplicate span"
        seen.add(key)


def _check_pair_files(root: Path) -> None:
    """Every pair under ``root`` has its three files, and nothing else is lying around."""
    for pair in _pair_dirs(root):
        names = {p.name for p in pair.iterdir()}
        assert names == {"source.txt", "rewrite.txt", "labels.json"}, f"{pair.name}: {names}"


def _check_pair(pair: Path, max_labels: int = 8) -> dict[str, Any]:
    """Check one pair's texts and labels; return its labels document."""
    data = json.loads(_read(pair / "labels.json"))
    texts = {"source": _read(pair / "source.txt"), "rewrite": _read(pair / "rewrite.txt")}
    for side, text in texts.items():
        assert text.strip(), f"{pair.name}: empty {side}"
        assert "\r" not in text, f"{pair.name}: {side} must use \\n newlines"
    _check_labels(data, texts, pair.name)
    if not data["faithful"]:
        count = len(data["labels"])
        assert 2 <= count <= max_labels, f"{pair.name}: {count} labels"
    return data


def test_pair_directories_are_complete() -> None:
    """Every dev pair has its three files, and nothing else is lying around."""
    _check_pair_files(PAIRS_DIR)


@pytest.mark.parametrize("pair", _pair_dirs(), ids=lambda p: p.name)
def test_pair_labels_are_valid(pair: Path) -> None:
    """Schema, vocabulary and exact anchoring of each pair's labels."""
    _check_pair(pair)


def test_dev_set_shape() -> None:
    """At least 14 pairs, at least two faithful, one long pair, varied domains."""
    pairs = _pair_dirs()
    assert len(pairs) >= 14
    docs = [json.loads(_read(p / "labels.json")) for p in pairs]
    assert sum(1 for d in docs if d["faithful"]) >= 2
    long_pairs = [
        p
        for p in pairs
        if _word_count(_read(p / "source.txt")) > 1500
        and _word_count(_read(p / "rewrite.txt")) > 1500
    ]
    assert long_pairs, "need one pair whose source and rewrite each exceed 1,500 words"
    assert len({d["domain"] for d in docs}) >= 8
    categories = {label["category"] for d in docs for label in d["labels"]}
    assert categories >= CATEGORIES - {"other"}


def test_seed_labels_are_valid() -> None:
    """The seed pair's labels are well formed and anchored in shared/seeds."""
    data = json.loads(_read(SEED_LABELS))
    seeds = _seeds_dir()
    if seeds is None:
        pytest.skip("shared/seeds not found (set NEWSDESK_SEEDS)")
    texts = {
        "source": _read(seeds / "source_wire_story.txt"),
        "rewrite": _read(seeds / "rewrite_ai.txt"),
    }
    _check_labels(data, texts, "seed")


@pytest.mark.parametrize("root", [root for root, _ in HELDOUT_SETS], ids=lambda p: p.name)
def test_heldout_directories_are_complete(root: Path) -> None:
    """Every held-out pair has its three files, and nothing else is lying around."""
    _check_pair_files(root)


@pytest.mark.parametrize(
    "pair",
    [pair for root, _ in HELDOUT_SETS for pair in _pair_dirs(root)],
    ids=lambda p: f"{p.parent.name}/{p.name}",
)
def test_heldout_labels_are_valid(pair: Path) -> None:
    """The held-out pairs pass the dev set's checks, with a bounded number of labels a pair."""
    max_labels = HELDOUT_MAX_LABELS.get(pair.parent.name, HELDOUT_DEFAULT_MAX_LABELS)
    _check_pair(pair, max_labels=max_labels)
    if _is_long_pair(pair):
        return
    words = _word_count(_read(pair / "source.txt"))
    low, high = SHORT_PAIR_WORDS
    assert low <= words <= high, f"{pair.name}: source has {words} words"


def _is_long_pair(pair: Path) -> bool:
    """Whether both texts of ``pair`` exceed the long-pair word count."""
    return all(
        _word_count(_read(pair / name)) > LONG_PAIR_WORDS for name in ("source.txt", "rewrite.txt")
    )


@pytest.mark.parametrize(
    "root",
    [HELDOUT4_DIR, HELDOUT5_DIR, HELDOUT6_DIR, HELDOUT7_DIR, HELDOUT8_DIR],
    ids=["heldout4", "heldout5", "heldout6", "heldout7", "heldout8"],
)
def test_blind_set_shape(root: Path) -> None:
    """A blind set for the engine rebuild: 14+ pairs, 70+ labels, new domains, a long pair."""
    pairs = _pair_dirs(root)
    assert len(pairs) >= 14
    docs = [json.loads(_read(p / "labels.json")) for p in pairs]
    assert sum(len(d["labels"]) for d in docs) >= 70
    assert sum(1 for d in docs if d["faithful"]) >= 2
    assert any(_is_long_pair(p) for p in pairs), "need one pair of 1,500+ words a side"
    earlier = [p for other in dict(HELDOUT_SETS)[root] for p in _pair_dirs(other)]
    used = {json.loads(_read(p / "labels.json"))["domain"] for p in earlier}
    domains = [d["domain"] for d in docs]
    assert len(set(domains)) == len(domains), "each pair needs its own domain"
    assert not set(domains) & used, f"domains used before: {set(domains) & used}"


@pytest.mark.parametrize(
    ("root", "earlier"), HELDOUT_SETS, ids=[root.name for root, _ in HELDOUT_SETS]
)
def test_heldout_set_shape(root: Path, earlier: tuple[Path, ...]) -> None:
    """At least 10 pairs, two faithful, no name or text shared with any set written before it."""
    pairs = _pair_dirs(root)
    assert len(pairs) >= 10
    docs = [json.loads(_read(p / "labels.json")) for p in pairs]
    assert sum(1 for d in docs if d["faithful"]) >= 2
    before = [p for other in earlier for p in _pair_dirs(other)]
    assert not {p.name for p in pairs} & {p.name for p in before}
    texts = {_read(p / name) for p in before for name in ("source.txt", "rewrite.txt")}
    for pair in pairs:
        for name in ("source.txt", "rewrite.txt"):
            assert _read(pair / name) not in texts, f"{pair.name}/{name} copies an earlier set"
