"""bench/speed.py's verdicts: the 1k and 20k time targets and the 20k/1k ratio."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))

from speed import verdicts

ROWS = [{"target_words": 1_000, "best_s": 0.3}, {"target_words": 20_000, "best_s": 6.0}]


def test_times_within_the_targets_miss_nothing():
    assert verdicts(ROWS) == (20.0, [])


def test_slower_times_are_reported_as_missed():
    _, missed = verdicts(ROWS, (0.1, 2.0))
    assert missed == [
        "1,000 words took 300 ms (target < 100 ms)",
        "20,000 words took 6.00 s (target < 2 s)",
    ]


def test_a_ratio_over_25_is_a_miss():
    rows = [{"target_words": 1_000, "best_s": 0.1}, {"target_words": 20_000, "best_s": 3.0}]
    _, missed = verdicts(rows)
    assert missed == ["20k/1k time ratio 30.0x (target <= 25x)"]
