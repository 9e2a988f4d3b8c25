"""bench/speed.py judges each engine by its own targets: v2 parses first and has more time."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))

from speed import targets_for, verdicts

ROWS = [{"target_words": 1_000, "best_s": 0.3}, {"target_words": 20_000, "best_s": 6.0}]


def test_a_parsing_engine_within_its_own_targets_misses_nothing():
    assert verdicts(ROWS, targets_for("v2")) == (20.0, [])


def test_the_same_times_miss_the_string_engines_targets():
    _, missed = verdicts(ROWS, targets_for("v1"))
    assert missed == [
        "1,000 words took 300 ms (target < 100 ms)",
        "20,000 words took 6.00 s (target < 2 s)",
    ]


def test_the_default_entry_point_follows_the_engine_setting(monkeypatch):
    monkeypatch.setenv("NEWSDESK_ENGINE", "v2")
    assert targets_for("reviews.analysis:compare") == targets_for("v2")
    monkeypatch.delenv("NEWSDESK_ENGINE")
    assert targets_for("reviews.analysis:compare") == targets_for("v1")


def test_a_ratio_over_25_is_a_miss_for_either_engine():
    rows = [{"target_words": 1_000, "best_s": 0.1}, {"target_words": 20_000, "best_s": 3.0}]
    _, missed = verdicts(rows, targets_for("v2"))
    assert missed == ["20k/1k time ratio 30.0x (target <= 25x)"]
