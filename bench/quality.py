"""Score the comparison engine's findings against labelled data.

Usage::

    .venv/bin/python bench/quality.py [--pairs DIR] [--seed DIR] [--summedits PATH]
                                      [--bump PATH] [--limit N] [--json] [--check]

Sections:

* Dev set (``tests/fixtures/pairs``): each label's quote and occurrence is resolved to a span; a
  label is found when a finding's span on the same side overlaps it. Recall by severity, by
  category and overall; precision (a finding is right when its span on either side overlaps a
  label on that side); findings on faithful pairs; a per-pair table; the missed labels and the
  false findings, quoted, so the engine can be improved.
* Seed pair (``shared/seeds`` with ``tests/fixtures/seed_labels.json``), scored the same way.
* SummEdits-news: balanced accuracy of "at least one rewrite-side finding (not an omission, with
  a rewrite span) of severity major or critical" as the prediction "inconsistent", per split,
  with the confusion matrix.
* ROC AUC for both benchmarks, with finding confidence as the score: on SummEdits the highest
  confidence of a rewrite-side finding (0 when none) separates inconsistent from consistent
  rows; on BUMP the highest confidence of a rewrite-side finding overlapping the diff region
  separates the edited summary from the reference one.
* BUMP task 1: detection rate (a rewrite-side finding on the edited summary overlaps the edited
  region, found by a word-level difflib diff) and false-alarm rate (a rewrite-side finding on the
  reference summary overlaps the corresponding region), by error type.

``--limit N`` caps the benchmark rows (evenly spaced over each file). The exit code is 0, except
with ``--check``, which exits 1 when the dev-set targets are missed: critical recall 100%,
overall recall >= 85%, precision >= 75%, at most one finding per faithful pair.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import (
    DEFAULT_ENGINE,
    DEFAULT_PAIRS,
    SEED_LABELS,
    Engine,
    Found,
    Label,
    Pair,
    Span,
    benchmarks_dir,
    load_engine,
    load_pairs,
    load_seed_pair,
    overlaps_any,
    pct,
    seeds_dir,
    snippet,
    spread,
    table,
)

SEVERITIES = ("critical", "major", "minor")
CATEGORIES = (
    "number",
    "entity",
    "attribution",
    "time",
    "quote",
    "meaning",
    "unsupported",
    "omission",
    "other",
)
BLOCKING = frozenset({"major", "critical"})
TARGETS = {"critical_recall": 1.0, "recall": 0.85, "precision": 0.75, "faithful_max": 1}
REFERENCE_POINTS = "reference points: GPT-4 ~82% balanced accuracy, humans ~91%"
# Words (with inner hyphens, apostrophes, digit separators) and single punctuation marks, so
# that "team ." and "team." diff as the same tokens.
WORD = re.compile(r"\w+(?:[-'\u2019.,:/]\w+)*|[^\w\s]")


# ---------------------------------------------------------------------------------------------
# Running the engine


@dataclass(slots=True)
class Runner:
    """Calls the engine, timing each call and keeping the first few errors."""

    engine: Engine
    seconds: float = 0.0
    calls: int = 0
    errors: list[str] = field(default_factory=list)
    error_count: int = 0

    def __call__(self, source: str, rewrite: str) -> list[Found]:
        """Run the engine on one pair; an exception counts as an error and yields no findings."""
        started = time.perf_counter()
        try:
            return self.engine(source, rewrite)
        except Exception as exc:  # a benchmark keeps going past a bad row
            self.error_count += 1
            if len(self.errors) < 3:
                self.errors.append(f"{type(exc).__name__}: {exc}")
            return []
        finally:
            self.seconds += time.perf_counter() - started
            self.calls += 1


def throughput(runner: Runner, words: int) -> dict[str, float]:
    """Calls, seconds, calls per second and words per second for one section."""
    secs = runner.seconds
    return {
        "calls": runner.calls,
        "seconds": round(secs, 3),
        "calls_per_s": round(runner.calls / secs, 2) if secs else 0.0,
        "words_per_s": round(words / secs) if secs else 0.0,
        "errors": runner.error_count,
    }


def throughput_line(stats: dict[str, float]) -> str:
    """One line describing a section's throughput."""
    return (
        f"time {stats['seconds']:.2f} s for {stats['calls']} engine calls: "
        f"{stats['calls_per_s']:.1f} calls/s, {stats['words_per_s']:,.0f} words/s"
        + (f", {stats['errors']} errors" if stats["errors"] else "")
    )


# ---------------------------------------------------------------------------------------------
# Labelled pairs


@dataclass(slots=True)
class PairScore:
    """Findings of one pair judged against its labels."""

    pair: Pair
    findings: list[Found]
    found: list[bool]
    correct: list[bool]
    ms: float


def label_found(label: Label, findings: list[Found]) -> bool:
    """A label is found when some finding's span on the label's side overlaps it."""
    for f in findings:
        span = f.rewrite_span if label.side == "rewrite" else f.source_span
        if overlaps_any(span, [label.span]):
            return True
    return False


def finding_correct(finding: Found, pair: Pair) -> bool:
    """A finding is right when its span on either side overlaps a label on that side."""
    rewrite_labels = [lb.span for lb in pair.labels if lb.side == "rewrite"]
    source_labels = [lb.span for lb in pair.labels if lb.side == "source"]
    return overlaps_any(finding.rewrite_span, rewrite_labels) or overlaps_any(
        finding.source_span, source_labels
    )


def score_pair(runner: Runner, pair: Pair) -> PairScore:
    """Run the engine on one labelled pair and judge its output."""
    before = runner.seconds
    findings = runner(pair.source, pair.rewrite)
    ms = 1000.0 * (runner.seconds - before)
    return PairScore(
        pair=pair,
        findings=findings,
        found=[label_found(lb, findings) for lb in pair.labels],
        correct=[finding_correct(f, pair) for f in findings],
        ms=ms,
    )


def summarise_pairs(scores: list[PairScore]) -> dict[str, Any]:
    """Recall by severity and category, overall recall, precision, faithful-pair findings."""
    by_severity: dict[str, list[int]] = {s: [0, 0] for s in SEVERITIES}
    by_category: dict[str, list[int]] = {c: [0, 0] for c in CATEGORIES}
    found_total = labels_total = right = findings_total = 0
    faithful: dict[str, int] = {}
    pairs = []
    for sc in scores:
        for label, hit in zip(sc.pair.labels, sc.found, strict=True):
            for bucket in (by_severity[label.severity], by_category[label.category]):
                bucket[0] += hit
                bucket[1] += 1
        found_total += sum(sc.found)
        labels_total += len(sc.pair.labels)
        right += sum(sc.correct)
        findings_total += len(sc.findings)
        if sc.pair.faithful:
            faithful[sc.pair.name] = len(sc.findings)
        pairs.append(
            {
                "pair": sc.pair.name,
                "domain": sc.pair.domain,
                "words": sc.pair.words,
                "labels": len(sc.pair.labels),
                "found": sum(sc.found),
                "findings": len(sc.findings),
                "false": len(sc.findings) - sum(sc.correct),
                "ms": round(sc.ms, 1),
            }
        )
    return {
        "recall_by_severity": {k: v for k, v in by_severity.items() if v[1]},
        "recall_by_category": {k: v for k, v in by_category.items() if v[1]},
        "labels": labels_total,
        "found": found_total,
        "recall": found_total / labels_total if labels_total else None,
        "findings": findings_total,
        "correct_findings": right,
        "precision": right / findings_total if findings_total else None,
        "faithful_findings": faithful,
        "pairs": pairs,
        "missed": [
            {
                "pair": sc.pair.name,
                "side": lb.side,
                "category": lb.category,
                "severity": lb.severity,
                "quote": lb.quote,
                "note": lb.note,
            }
            for sc in scores
            for lb, hit in zip(sc.pair.labels, sc.found, strict=True)
            if not hit
        ],
        "false_findings": [
            {
                "pair": sc.pair.name,
                "category": f.category,
                "severity": f.severity,
                "rewrite_text": snippet(sc.pair.rewrite, f.rewrite_span),
                "source_text": snippet(sc.pair.source, f.source_span),
                "message": f.message,
            }
            for sc in scores
            for f, ok in zip(sc.findings, sc.correct, strict=True)
            if not ok
        ],
    }


def check_targets(summary: dict[str, Any]) -> list[str]:
    """Dev-set targets that are missed, as human-readable lines (empty when all are met)."""
    missed = []
    crit = summary["recall_by_severity"].get("critical", [0, 0])
    if crit[1] and crit[0] < crit[1]:
        missed.append(f"critical recall {crit[0]}/{crit[1]} (target 100%)")
    if summary["recall"] is None or summary["recall"] < TARGETS["recall"]:
        missed.append(f"overall recall {pct(summary['found'], summary['labels']).strip()} < 85%")
    precision = summary["precision"]
    if precision is not None and precision < TARGETS["precision"]:
        missed.append(
            f"precision {pct(summary['correct_findings'], summary['findings']).strip()} < 75%"
        )
    for name, count in summary["faithful_findings"].items():
        if count > TARGETS["faithful_max"]:
            missed.append(f"{count} findings on faithful pair {name} (target <= 1)")
    return missed


def render_pairs(title: str, summary: dict[str, Any], stats: dict[str, float]) -> str:
    """Text report for a set of labelled pairs."""
    out = [f"== {title} =="]
    out.append(
        f"overall recall {pct(summary['found'], summary['labels'])} "
        f"({summary['found']}/{summary['labels']} labels)   precision "
        f"{pct(summary['correct_findings'], summary['findings'])} "
        f"({summary['correct_findings']}/{summary['findings']} findings)"
    )
    sev = [[k, f"{v[0]}/{v[1]}", pct(*v)] for k, v in summary["recall_by_severity"].items()]
    out += ["", "recall by severity", table(sev, ["severity", "found", "recall"])]
    cat = [[k, f"{v[0]}/{v[1]}", pct(*v)] for k, v in summary["recall_by_category"].items()]
    out += ["", "recall by category", table(cat, ["category", "found", "recall"])]
    if summary["faithful_findings"]:
        faithful = ", ".join(f"{k}: {v}" for k, v in summary["faithful_findings"].items())
        out += ["", f"findings on faithful pairs (target <= 1 each): {faithful}"]
    rows = [
        [p[k] for k in ("pair", "domain", "words", "labels", "found", "findings", "false")]
        + [f"{p['ms']:.0f}"]
        for p in summary["pairs"]
    ]
    out += [
        "",
        table(rows, ["pair", "domain", "words", "labels", "found", "findings", "false", "ms"]),
    ]
    if summary["missed"]:
        out += ["", f"missed labels ({len(summary['missed'])})"]
        for m in summary["missed"]:
            out.append(
                f"  [{m['pair']}] {m['severity']} {m['category']} ({m['side']}): "
                f'"{snippet(m["quote"], (0, len(m["quote"])))}" - {m["note"]}'
            )
    if summary["false_findings"]:
        out += ["", f"false findings ({len(summary['false_findings'])})"]
        for f in summary["false_findings"]:
            where = []
            if f["rewrite_text"]:
                where.append(f'rewrite "{f["rewrite_text"]}"')
            if f["source_text"]:
                where.append(f'source "{f["source_text"]}"')
            out.append(
                f"  [{f['pair']}] {f['severity']} {f['category']}: {'; '.join(where)}"
                f" - {f['message']}"
            )
    out += ["", throughput_line(stats)]
    return "\n".join(out)


def run_pairs(runner: Runner, pairs: list[Pair]) -> tuple[dict[str, Any], dict[str, float]]:
    """Score a list of labelled pairs; return the summary and the throughput."""
    scores = [score_pair(runner, p) for p in pairs]
    return summarise_pairs(scores), throughput(runner, sum(p.words for p in pairs))


# ---------------------------------------------------------------------------------------------
# SummEdits


def predicts_inconsistent(findings: list[Found]) -> bool:
    """At least one rewrite-side finding of severity major or critical."""
    return any(f.rewrite_side and f.severity in BLOCKING for f in findings)


def roc_auc(positives: list[float], negatives: list[float]) -> float | None:
    """Area under the ROC curve: the chance a positive row scores above a negative one (ties half).

    Computed by ranking (Mann-Whitney U), so it is exact and needs no threshold sweep.
    """
    if not positives or not negatives:
        return None
    ranked = sorted([(s, 1) for s in positives] + [(s, 0) for s in negatives])
    rank_sum = 0.0
    i = 0
    while i < len(ranked):
        j = i
        while j < len(ranked) and ranked[j][0] == ranked[i][0]:
            j += 1
        mid_rank = (i + 1 + j) / 2  # tied scores share the mean of their 1-based ranks
        rank_sum += mid_rank * sum(1 for k in range(i, j) if ranked[k][1])
        i = j
    n_pos, n_neg = len(positives), len(negatives)
    return (rank_sum - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg)


def rewrite_score(findings: list[Found], regions: list[Span] | None = None) -> float:
    """Highest confidence of a rewrite-side finding (within ``regions`` if given); 0 when none."""
    return max(
        (
            f.confidence
            for f in findings
            if f.rewrite_side and (regions is None or overlaps_any(f.rewrite_span, regions))
        ),
        default=0.0,
    )


def balanced(conf: Counter[str]) -> float | None:
    """Balanced accuracy from a confusion counter with keys tp, fn, fp, tn."""
    pos, neg = conf["tp"] + conf["fn"], conf["tn"] + conf["fp"]
    if not pos or not neg:
        return None
    return 0.5 * (conf["tp"] / pos + conf["tn"] / neg)


def run_summedits(runner: Runner, rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Balanced accuracy overall and per split, with confusion matrices."""
    confusion: dict[str, Counter[str]] = defaultdict(Counter)
    scores: dict[bool, list[float]] = {True: [], False: []}
    words = 0
    for row in rows:
        findings = runner(row["doc"], row["summary"])
        words += len(row["doc"].split()) + len(row["summary"].split())
        pred = predicts_inconsistent(findings)
        truth = int(row["label"]) == 0
        scores[truth].append(rewrite_score(findings))
        key = ("t" if pred == truth else "f") + ("p" if pred else "n")
        for split in ("all", str(row.get("split", "?"))):
            confusion[split][key] += 1
    return {
        "rows": len(rows),
        "splits": {
            split: {"balanced_accuracy": balanced(conf), "confusion": dict(conf)}
            for split, conf in sorted(confusion.items())
        },
        "roc_auc": roc_auc(scores[True], scores[False]),
        "throughput": throughput(runner, words),
    }


def render_summedits(result: dict[str, Any]) -> str:
    """Text report for SummEdits."""
    out = ["== SummEdits-news (inconsistent = a rewrite-side major/critical finding) =="]
    rows = []
    for split, data in result["splits"].items():
        conf = Counter(data["confusion"])
        ba = data["balanced_accuracy"]
        rows.append(
            [
                split,
                sum(conf.values()),
                "n/a" if ba is None else f"{100 * ba:.1f}%",
                conf["tp"],
                conf["fn"],
                conf["fp"],
                conf["tn"],
            ]
        )
    header = ["split", "rows", "bal.acc", "TP", "FN", "FP", "TN"]
    out.append(table(rows, header))
    out.append(
        "(positive = inconsistent: TP/FN inconsistent rows flagged/missed; "
        "FP/TN consistent rows flagged/passed)"
    )
    auc = result.get("roc_auc")
    out.append(
        "ROC AUC (score: highest confidence of a rewrite-side finding, 0 when none): "
        + ("n/a" if auc is None else f"{auc:.3f}")
    )
    out.append(REFERENCE_POINTS)
    out.append(throughput_line(result["throughput"]))
    return "\n".join(out)


# ---------------------------------------------------------------------------------------------
# BUMP


def _word_spans(text: str) -> list[tuple[str, int, int]]:
    """Word and punctuation tokens with their character spans."""
    return [(m.group(), m.start(), m.end()) for m in WORD.finditer(text)]


def _region(words: list[tuple[str, int, int]], lo: int, hi: int) -> Span | None:
    """Char span of words[lo:hi]; for an empty range, the words on either side of the gap."""
    if hi > lo:
        return words[lo][1], words[hi - 1][2]
    if not words:
        return None
    left = words[lo - 1][1] if lo > 0 else words[0][1]
    right = words[lo][2] if lo < len(words) else words[-1][2]
    return left, right


def edit_regions(reference: str, edited: str) -> tuple[list[Span], list[Span]]:
    """Word-level diff regions: (spans in the reference, spans in the edited summary)."""
    ref_words, edit_words = _word_spans(reference), _word_spans(edited)
    matcher = SequenceMatcher(
        None, [w[0] for w in ref_words], [w[0] for w in edit_words], autojunk=False
    )
    ref_spans: list[Span] = []
    edit_spans: list[Span] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        for spans, words, lo, hi in (
            (ref_spans, ref_words, i1, i2),
            (edit_spans, edit_words, j1, j2),
        ):
            region = _region(words, lo, hi)
            if region is not None:
                spans.append(region)
    return ref_spans, edit_spans


def run_bump(runner: Runner, rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Detection and false-alarm rates by error type."""
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    edited_scores: list[float] = []
    reference_scores: list[float] = []
    words = 0
    for row in rows:
        ref_spans, edit_spans = edit_regions(row["reference_summary"], row["edited_summary"])
        kind = str(row.get("error_type", "?"))
        if not edit_spans:
            counts[kind]["no_edit"] += 1
            continue
        edited = runner(row["article"], row["edited_summary"])
        reference = runner(row["article"], row["reference_summary"])
        words += 2 * len(row["article"].split())
        words += len(row["edited_summary"].split()) + len(row["reference_summary"].split())
        detected = any(f.rewrite_side and overlaps_any(f.rewrite_span, edit_spans) for f in edited)
        alarm = any(f.rewrite_side and overlaps_any(f.rewrite_span, ref_spans) for f in reference)
        edited_scores.append(rewrite_score(edited, edit_spans))
        reference_scores.append(rewrite_score(reference, ref_spans))
        for key in (kind, "all"):
            counts[key]["rows"] += 1
            counts[key]["detected"] += detected
            counts[key]["false_alarm"] += alarm
    return {
        "rows": len(rows),
        "by_type": {
            k: {
                "rows": c["rows"],
                "detection_rate": c["detected"] / c["rows"] if c["rows"] else None,
                "false_alarm_rate": c["false_alarm"] / c["rows"] if c["rows"] else None,
                "no_edit": c["no_edit"],
            }
            for k, c in sorted(counts.items(), key=lambda kv: (kv[0] == "all", kv[0]))
        },
        "roc_auc": roc_auc(edited_scores, reference_scores),
        "throughput": throughput(runner, words),
    }


def render_bump(result: dict[str, Any]) -> str:
    """Text report for BUMP."""
    out = ["== BUMP task 1 (rewrite-side findings overlapping the edited region) =="]
    rows = []
    for kind, data in result["by_type"].items():
        n = data["rows"]
        det = "n/a" if data["detection_rate"] is None else f"{100 * data['detection_rate']:.1f}%"
        fa = "n/a" if data["false_alarm_rate"] is None else f"{100 * data['false_alarm_rate']:.1f}%"
        rows.append([kind, n, det, fa])
    out.append(table(rows, ["error type", "rows", "detection", "false alarm"]))
    skipped = sum(d["no_edit"] for k, d in result["by_type"].items() if k != "all")
    if skipped:
        out.append(f"({skipped} rows skipped: no word-level difference)")
    auc = result.get("roc_auc")
    out.append(
        "ROC AUC, edited vs reference summary (score: highest confidence of a rewrite-side "
        "finding overlapping the diff region, 0 when none): "
        + ("n/a" if auc is None else f"{auc:.3f}")
        + " (BUMP paper's best, QAFactEval: 0.715)"
    )
    out.append(throughput_line(result["throughput"]))
    return "\n".join(out)


# ---------------------------------------------------------------------------------------------
# Command line


def _load_rows(path: Path, limit: int | None) -> list[dict[str, Any]] | None:
    """Rows of a benchmark JSON file (evenly spaced under ``limit``), or None when missing."""
    if not path.is_file():
        return None
    return spread(json.loads(path.read_text(encoding="utf-8")), limit)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Command-line options."""
    bench = benchmarks_dir()
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pairs", type=Path, default=DEFAULT_PAIRS, help="labelled pairs dir")
    parser.add_argument("--seed", type=Path, default=seeds_dir(), help="seed pair dir")
    parser.add_argument("--seed-labels", type=Path, default=SEED_LABELS, help="seed labels")
    parser.add_argument(
        "--summedits", type=Path, default=bench / "summedits_news.json", help="SummEdits JSON"
    )
    parser.add_argument("--bump", type=Path, default=bench / "bump_task1.json", help="BUMP JSON")
    parser.add_argument("--limit", type=int, default=None, help="cap benchmark rows")
    parser.add_argument("--json", action="store_true", help="print one JSON document")
    parser.add_argument("--check", action="store_true", help="exit 1 if dev targets are missed")
    parser.add_argument(
        "--engine",
        default=DEFAULT_ENGINE,
        help="engine as module:function (default %(default)s)",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Run every section that has data; return the exit code."""
    args = parse_args(argv)
    report: dict[str, Any] = {"engine": args.engine}
    text: list[str] = []
    started = time.perf_counter()

    try:
        engine = load_engine(args.engine)
    except (ImportError, AttributeError) as exc:
        message = f"engine {args.engine} is not importable: {exc}"
        print(json.dumps({"error": message}) if args.json else message)
        return 1 if args.check else 0

    pairs = load_pairs(args.pairs) if args.pairs.is_dir() else []
    missed_targets: list[str] = []
    if pairs:
        summary, stats = run_pairs(Runner(engine), pairs)
        missed_targets = check_targets(summary)
        report["dev"] = {**summary, "throughput": stats, "targets_missed": missed_targets}
        text.append(render_pairs(f"dev set: {len(pairs)} pairs in {args.pairs}", summary, stats))
        text.append(
            "dev-set targets: "
            + ("all met" if not missed_targets else "MISSED - " + "; ".join(missed_targets))
        )
    else:
        missed_targets = [f"no labelled pairs in {args.pairs}"]
        text.append(f"== dev set == skipped: no labelled pairs in {args.pairs}")

    seed = load_seed_pair(args.seed, args.seed_labels)
    if seed is not None:
        summary, stats = run_pairs(Runner(engine), [seed])
        report["seed"] = {**summary, "throughput": stats}
        text.append(render_pairs(f"seed pair ({args.seed})", summary, stats))
    else:
        text.append(f"== seed pair == skipped: seed files or labels not found ({args.seed})")

    rows = _load_rows(args.summedits, args.limit)
    if rows is None:
        text.append(f"== SummEdits == skipped: {args.summedits} not found")
    else:
        report["summedits"] = run_summedits(Runner(engine), rows)
        text.append(render_summedits(report["summedits"]))

    rows = _load_rows(args.bump, args.limit)
    if rows is None:
        text.append(f"== BUMP == skipped: {args.bump} not found")
    else:
        report["bump"] = run_bump(Runner(engine), rows)
        text.append(render_bump(report["bump"]))

    report["total_seconds"] = round(time.perf_counter() - started, 2)
    text.append(f"total time {report['total_seconds']:.1f} s")
    print(json.dumps(report, indent=2) if args.json else "\n\n".join(text))
    return 1 if args.check and missed_targets else 0


if __name__ == "__main__":
    sys.exit(main())
