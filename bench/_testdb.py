"""What the Django benchmarks share: each database measured in a child process of its own, in a
throwaway test database, with the benchmark's editor and reviewer.

    if __name__ == "__main__":
        main(__file__, __doc__, measure, report, runs=30)

`main` parses --runs and --db; for each database it runs the same script again with --child,
which calls measure(runs) inside test_database() and prints its result as one JSON line, and
hands the result to report(db, result). The child's database is chosen by DATABASE_URL: SQLite
(a file in a temporary folder, as in production use, not the in-memory test database) or
PostgreSQL at BENCH_POSTGRES_URL (default below; give it a name of your own on a shared
server).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
POSTGRES_URL = os.environ.get(
    "BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/newsdesk_bench"
)


DBS = ["sqlite", "postgres"]


def main(
    script: str,
    doc: str,
    measure: Callable[[int], dict],
    report: Callable[[str, dict], None],
    *,
    runs: int,
) -> None:
    """A Django benchmark's command line (see the module doc)."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--runs", type=int, default=runs)
    parser.add_argument("--db", action="append", choices=DBS)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        with test_database():
            print(json.dumps(measure(args.runs)))
        return
    for db, result in run_per_database(script, ["--runs", str(args.runs)], args.db or DBS):
        if result is not None:
            report(db, result)


def time_ms(fn: Callable[[], object], runs: int, *, warm_up: bool = False) -> list[float]:
    """Wall-clock milliseconds of `runs` calls of fn (after one untimed call, with warm_up)."""
    if warm_up:
        fn()
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return times


def run_per_database(
    script: str, args: list[str], dbs: Iterable[str]
) -> Iterator[tuple[str, dict | None]]:
    """Run `script --child *args` once per database ("sqlite", "postgres"), one after the other;
    yield each database with its child's JSON result, or None (its error printed) if it failed."""
    for db in dbs:
        env = dict(os.environ)
        if db == "postgres":
            env["DATABASE_URL"] = POSTGRES_URL
        else:
            env.pop("DATABASE_URL", None)
        proc = subprocess.run(  # noqa: S603 - runs the calling benchmark script
            [sys.executable, script, "--child", *args],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        if proc.returncode != 0:
            print(f"{db}: failed\n{proc.stderr[-3000:]}")
            yield db, None
            continue
        yield db, json.loads(proc.stdout.strip().splitlines()[-1])


@contextmanager
def test_database() -> Iterator[None]:
    """Set Django up and create a migrated test database for the block; drop it afterwards."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsdesk.settings")
    os.environ.setdefault("DEBUG", "false")
    sys.path.insert(0, str(ROOT))
    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test.utils import setup_databases, setup_test_environment, teardown_databases

    setup_test_environment()
    if connection.vendor == "sqlite":
        folder = tempfile.mkdtemp(prefix="newsdesk-bench-")
        settings.DATABASES["default"].setdefault("TEST", {})["NAME"] = os.path.join(
            folder, "bench.sqlite3"
        )
    old = setup_databases(verbosity=0, interactive=False)
    try:
        yield
    finally:
        teardown_databases(old, verbosity=0)


def bench_users():
    """The benchmark's editor and reviewer (made on first use), in their newsroom groups."""
    from django.contrib.auth.models import Group, User

    editor, _ = User.objects.get_or_create(username="bench-editor")
    editor.groups.add(Group.objects.get(name="Editors"))
    reviewer, _ = User.objects.get_or_create(username="bench-reviewer")
    reviewer.groups.add(Group.objects.get(name="Reviewers"))
    return editor, reviewer


def bench_story(title: str, editor, source: str, rewrite: str) -> tuple:
    """A story with a wire source (v1) and an AI rewrite of it (v2): (story, source, rewrite)."""
    from newsdesk.models import Story, StoryVersion

    story = Story.objects.create(title=title, created_by=editor)
    source_version = StoryVersion(story=story, number=1, role="source", body=source, origin="wire")
    source_version.save()
    rewrite_version = StoryVersion(
        story=story, number=2, role="rewrite", based_on=source_version, body=rewrite, origin="ai"
    )
    rewrite_version.save()
    return story, source_version, rewrite_version
