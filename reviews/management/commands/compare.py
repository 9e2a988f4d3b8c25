"""Compare a rewrite with its source from the command line, one pair or a JSONL batch."""

from __future__ import annotations

import json
import sys
from io import TextIOBase
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from reviews.analysis import Report, compare, compare_many

# Pairs compared per engine call in --batch: the engine pipes all their texts through spaCy
# together, and at most this many pairs' parses are held at once.
BATCH_PAIRS = 16
IDENTICAL = "the rewrite is identical to the source: nothing to compare"


def _read(path: str, label: str) -> str:
    """Read a UTF-8 text file as-is (no newline translation), or raise CommandError."""
    p = Path(path)
    try:
        raw = p.read_bytes()
    except FileNotFoundError as exc:
        raise CommandError(f"{label} file not found: {path}") from exc
    except IsADirectoryError as exc:
        raise CommandError(f"{label} is a directory, not a file: {path}") from exc
    except OSError as exc:
        raise CommandError(f"cannot read {label} file {path}: {exc.strerror}") from exc
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise CommandError(
            f"{label} file is not valid UTF-8 text: {path} (byte {exc.start})"
        ) from exc
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise CommandError(f"{label} file is empty: {path}")
    return text


def _dumps(data: Any) -> str:
    return json.dumps(data, sort_keys=True, ensure_ascii=False)


class Command(BaseCommand):
    help = (
        "Compare a rewrite with its source and list discrepancies. "
        "Usage: compare SOURCE REWRITE [--json] | compare --batch PAIRS.jsonl [--output OUT]"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("source", nargs="?", help="source text file (UTF-8)")
        parser.add_argument("rewrite", nargs="?", help="rewrite text file (UTF-8)")
        parser.add_argument("--json", action="store_true", help="print findings and stats as JSON")
        parser.add_argument("--batch", metavar="PAIRS.jsonl", help="compare every pair in a file")
        parser.add_argument("--output", metavar="OUT.jsonl", help="batch output file")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["batch"]:
            if options["source"] or options["rewrite"]:
                raise CommandError("give either SOURCE REWRITE or --batch PAIRS.jsonl, not both")
            self._batch(options["batch"], options.get("output"))
            return
        if not options["source"] or not options["rewrite"]:
            raise CommandError("give SOURCE and REWRITE files (or --batch PAIRS.jsonl)")
        source = _read(options["source"], "source")
        rewrite = _read(options["rewrite"], "rewrite")
        if source == rewrite:
            if options["json"]:
                self.stdout.write(_dumps(compare(source, rewrite).to_dict()))
            else:
                self.stdout.write(IDENTICAL)
            return
        report = compare(source, rewrite)
        if options["json"]:
            self.stdout.write(_dumps(report.to_dict()))
        else:
            self.stdout.write(self._human(report, source, rewrite))

    def _human(self, report: Report, source: str, rewrite: str) -> str:
        """Findings as readable text, with the quoted text of both sides."""
        if not report.findings:
            return "No discrepancies found."
        lines = []
        for n, f in enumerate(report.findings, 1):
            lines.append(f"{n}. [{f.severity}] {f.category}: {f.message} ({f.confidence:.2f})")
            if f.rewrite_span:
                s, e = f.rewrite_span
                lines.append(f"   rewrite [{s}:{e}]: {_quote(rewrite[s:e])}")
            if f.source_span:
                s, e = f.source_span
                lines.append(f"   source  [{s}:{e}]: {_quote(source[s:e])}")
        st = report.stats
        counts = ", ".join(f"{st.get(k, 0)} {k}" for k in ("critical", "major", "minor"))
        lines.append(f"{len(report.findings)} findings ({counts})")
        return "\n".join(lines)

    def _batch(self, path: str, output: str | None) -> None:
        try:
            with open(path, encoding="utf-8") as fh:
                lines = fh.read().splitlines()
        except FileNotFoundError as exc:
            raise CommandError(f"batch file not found: {path}") from exc
        except UnicodeDecodeError as exc:
            raise CommandError(f"batch file is not valid UTF-8: {path}") from exc
        except OSError as exc:
            raise CommandError(f"cannot read batch file {path}: {exc.strerror}") from exc
        out: TextIOBase
        try:
            out = open(output, "w", encoding="utf-8") if output else self.stdout  # noqa: SIM115
        except OSError as exc:
            raise CommandError(f"cannot write {output}: {exc.strerror}") from exc
        items = [(n, line) for n, line in enumerate(lines, 1) if line.strip()]
        progress = None
        if sys.stderr.isatty():
            from tqdm import tqdm

            progress = tqdm(total=len(items), file=sys.stderr, unit="pair")
        try:
            for start in range(0, len(items), BATCH_PAIRS):
                group = [_batch_item(n, line) for n, line in items[start : start + BATCH_PAIRS]]
                pairs = [(g["source"], g["rewrite"]) for g in group if "error" not in g]
                reports = iter(compare_many(pairs))
                for g in group:
                    if "error" in g:
                        result = g
                    else:
                        findings = next(reports).findings
                        result = {"id": g["id"], "findings": [f.to_dict() for f in findings]}
                    out.write(_dumps(result) + "\n")
                    if progress is not None:
                        progress.update(1)
        finally:
            if progress is not None:
                progress.close()
            if output:
                out.close()


def _batch_item(n: int, line: str) -> dict[str, Any]:
    """One JSONL line as {"id", "source", "rewrite"}, or its "error" entry (never raises)."""
    try:
        item = json.loads(line)
    except json.JSONDecodeError as exc:
        return {"id": None, "error": f"line {n}: invalid JSON ({exc.msg})"}
    if not isinstance(item, dict):
        return {"id": None, "error": f"line {n}: expected a JSON object"}
    pid = item.get("id")
    missing = [k for k in ("source", "rewrite") if k not in item]
    if missing:
        return {"id": pid, "error": f"line {n}: missing field(s): {', '.join(missing)}"}
    if not isinstance(item["source"], str) or not isinstance(item["rewrite"], str):
        return {"id": pid, "error": f"line {n}: source and rewrite must be strings"}
    return {"id": pid, "source": item["source"], "rewrite": item["rewrite"]}


def _quote(text: str, limit: int = 160) -> str:
    flat = " ".join(text.split())
    if len(flat) > limit:
        flat = flat[: limit - 1] + "…"
    return f"“{flat}”"
