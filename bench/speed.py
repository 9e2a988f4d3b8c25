"""Time the comparison engine on long inputs built from the dev pairs.

Usage::

    .venv/bin/python bench/speed.py [--pairs DIR] [--json] [--check]

Pairs of about 1,000, 5,000, 10,000 and 20,000 words (counted on the source side) are built by
concatenating the dev-set pairs in name order, sources with sources and rewrites with rewrites,
repeating the set as needed. For each size the script reports the engine's best and median
wall time over several runs (fewer for the large sizes), its peak traced memory (tracemalloc, in
a separate run so tracing does not slow the timed runs), and the time of a plain word diff with
Python's ``difflib.SequenceMatcher`` on the same inputs, as a yardstick.

Targets (issue 7): the engine parses both texts with spaCy first, so 1,000 words under 400 ms and
20,000 words under 8 s; the 20k time at most 25 times the 1k time (cost linear in length).
The exit code is 0, except with ``--check``, which exits 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import resource
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import DEFAULT_ENGINE, DEFAULT_PAIRS, Engine, Pair, load_engine, load_pairs, table

SIZES: tuple[tuple[int, int], ...] = ((1_000, 9), (5_000, 5), (10_000, 5), (20_000, 3))
# Best times to stay under at 1,000 and 20,000 words; the parse costs most of the time.
TARGETS_S = (0.400, 8.0)
TARGET_SCALING = 25.0


def build_input(pairs: list[Pair], words: int) -> tuple[str, str]:
    """Concatenate whole pairs, in order and repeating, until the source has ``words`` words."""
    sources: list[str] = []
    rewrites: list[str] = []
    count = 0
    i = 0
    while count < words:
        pair = pairs[i % len(pairs)]
        sources.append(pair.source.strip())
        rewrites.append(pair.rewrite.strip())
        count += len(pair.source.split())
        i += 1
    return "\n\n".join(sources) + "\n", "\n\n".join(rewrites) + "\n"


def time_runs(func: Callable[[], Any], runs: int) -> list[float]:
    """Wall times in seconds of ``runs`` calls, with the garbage collector left as it is."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        func()
        times.append(time.perf_counter() - started)
    return times


def peak_memory(func: Callable[[], Any]) -> int:
    """Peak bytes allocated (tracemalloc) during one call."""
    gc.collect()
    tracemalloc.start()
    try:
        func()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def difflib_words(source: str, rewrite: str) -> int:
    """A plain word diff; returns the number of changed hunks."""
    matcher = SequenceMatcher(None, source.split(), rewrite.split())
    return sum(1 for op in matcher.get_opcodes() if op[0] != "equal")


def measure(engine: Engine, pairs: list[Pair]) -> list[dict[str, Any]]:
    """Measure every size; one row of figures per size."""
    engine(pairs[0].source, pairs[0].rewrite)  # warm-up: imports, compiled patterns, caches
    rows = []
    for target, runs in SIZES:
        source, rewrite = build_input(pairs, target)
        findings = len(engine(source, rewrite))
        times = time_runs(lambda s=source, r=rewrite: engine(s, r), runs)
        diff_times = time_runs(lambda s=source, r=rewrite: difflib_words(s, r), max(1, runs // 2))
        peak = peak_memory(lambda s=source, r=rewrite: engine(s, r))
        best, diff_best = min(times), min(diff_times)
        rows.append(
            {
                "target_words": target,
                "source_words": len(source.split()),
                "rewrite_words": len(rewrite.split()),
                "runs": runs,
                "findings": findings,
                "best_s": best,
                "median_s": statistics.median(times),
                "peak_mb": peak / 1e6,
                "difflib_s": diff_best,
                "difflib_hunks": difflib_words(source, rewrite),
                "ratio_to_difflib": best / diff_best if diff_best else None,
            }
        )
    return rows


def verdicts(
    rows: list[dict[str, Any]], targets: tuple[float, float] = TARGETS_S
) -> tuple[float | None, list[str]]:
    """The 20k/1k time ratio and the list of missed targets."""
    target_1k, target_20k = targets
    by_size = {r["target_words"]: r for r in rows}
    small, large = by_size.get(1_000), by_size.get(20_000)
    missed = []
    scaling = large["best_s"] / small["best_s"] if small and large and small["best_s"] else None
    if small and small["best_s"] >= target_1k:
        missed.append(
            f"1,000 words took {1000 * small['best_s']:.0f} ms (target < {1000 * target_1k:.0f} ms)"
        )
    if large and large["best_s"] >= target_20k:
        missed.append(f"20,000 words took {large['best_s']:.2f} s (target < {target_20k:g} s)")
    if scaling is not None and scaling > TARGET_SCALING:
        missed.append(f"20k/1k time ratio {scaling:.1f}x (target <= 25x)")
    return scaling, missed


def render(rows: list[dict[str, Any]], scaling: float | None, missed: list[str]) -> str:
    """The text report."""
    body = [
        [
            f"{r['target_words']:,}",
            f"{r['source_words']:,}",
            f"{r['rewrite_words']:,}",
            r["findings"],
            r["runs"],
            f"{1000 * r['best_s']:.1f}",
            f"{1000 * r['median_s']:.1f}",
            f"{r['peak_mb']:.1f}",
            f"{1000 * r['difflib_s']:.1f}",
            "n/a" if r["ratio_to_difflib"] is None else f"{r['ratio_to_difflib']:.2f}x",
        ]
        for r in rows
    ]
    header = [
        "size",
        "src words",
        "rw words",
        "findings",
        "runs",
        "best ms",
        "median ms",
        "peak MB",
        "difflib ms",
        "engine/difflib",
    ]
    out = ["== engine speed (inputs: dev pairs concatenated) ==", table(body, header), ""]
    out.append(
        "20k/1k time ratio: "
        + ("n/a" if scaling is None else f"{scaling:.1f}x")
        + " (about 20x means linear; target <= 25x)"
    )
    small, large = TARGETS_S
    out.append(
        f"targets: 1,000 words < {1000 * small:.0f} ms; 20,000 words < {large:g} s; "
        f"20k/1k <= {TARGET_SCALING:g}x"
    )
    out.append("targets: all met" if not missed else "targets MISSED: " + "; ".join(missed))
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    """Run the measurements; return the exit code."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pairs", type=Path, default=DEFAULT_PAIRS, help="labelled pairs dir")
    parser.add_argument("--json", action="store_true", help="print one JSON document")
    parser.add_argument("--check", action="store_true", help="exit 1 if a target is missed")
    parser.add_argument(
        "--engine",
        default=DEFAULT_ENGINE,
        help="engine as module:function (default %(default)s)",
    )
    parser.add_argument(
        "--warm",
        action="store_true",
        help="let the engine reuse cached parses (repeated runs then skip parsing); default: cold",
    )
    args = parser.parse_args(argv)
    if not args.warm:
        # Every timed run parses both texts, as the first comparison of a new story does.
        os.environ["NEWSDESK_NLP_CACHE"] = "0"
    try:
        engine = load_engine(args.engine)
    except (ImportError, AttributeError) as exc:
        print(f"engine {args.engine} is not importable: {exc}")
        return 1 if args.check else 0
    pairs = load_pairs(args.pairs) if args.pairs.is_dir() else []
    if not pairs:
        print(f"no labelled pairs in {args.pairs}")
        return 1 if args.check else 0
    rows = measure(engine, pairs)
    scaling, missed = verdicts(rows)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    if args.json:
        print(
            json.dumps(
                {"sizes": rows, "scaling_20k_1k": scaling, "missed": missed, "max_rss_mb": rss},
                indent=2,
            )
        )
    else:
        print(render(rows, scaling, missed))
        print(f"process peak resident memory (model included): {rss:.0f} MB")
    return 1 if args.check and missed else 0


if __name__ == "__main__":
    sys.exit(main())
