"""Load test: concurrent reviewers reading and writing against a live server (gunicorn).

    .venv/bin/python bench/load.py [--users 50] [--seconds 60] [--workers 4] [--db postgres|sqlite]

Creates a fresh database (PostgreSQL at BENCH_LOAD_DATABASE_URL, default newsdesk_load on
127.0.0.1; or a throwaway SQLite file with --db sqlite), migrates it, loads the demo data, marks
one claim per simulated user on the demo rewrite (away from any finding that would block a
verdict), starts gunicorn, and has each user log in through the login form and then loop over
page loads and writes. Four requests in five are reads: the dashboard, a dashboard search (htmx),
the demo review's workspace, its findings panel (htmx), the story page. Every fifth is a write,
in turn: a new minor highlight on a word of the rewrite (htmx), a verdict on the user's own claim
(verified with a link, then pending again, and so on), a comment (htmx).

Prints requests, throughput, latency percentiles (all, reads, writes) and errors by kind. An error
is a 5xx, a dropped connection, a timeout or a refused request: none of these should be refused.
Then it checks the database against what the server said: the highlights and comments the run
wrote equal the successful highlight and comment posts, the verdict events equal the successful
verdict posts and each claim holds its user's last verdict, and the audit log holds exactly one
event per successful write. Target: zero errors and every count equal with 50 users for 60 s.
Exits 1 on any error or mismatch.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import os
import re
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DB_URL = os.environ.get(
    "BENCH_LOAD_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/newsdesk_load"
)
CSRF_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _recreate_database(db_url: str) -> None:
    import psycopg

    parts = urllib.parse.urlparse(db_url)
    name = parts.path.lstrip("/")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def _manage(env: dict, *args: str) -> str:
    return subprocess.run(  # noqa: S603 - our own manage.py
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout


class User:
    """One simulated reviewer with its own cookie jar."""

    def __init__(self, base: str, username: str, password: str):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        self.username, self.password = username, password

    def _csrf(self) -> str:
        return next(c.value for c in self.jar if c.name == "csrftoken")

    def request(
        self, path: str, data: dict | None = None, htmx: bool = False, target: str = ""
    ) -> tuple[int, str]:
        headers = {"Referer": self.base + path}
        if htmx:
            headers["HX-Request"] = "true"
        if target:
            headers["HX-Target"] = target
        body = None
        if data is not None:
            headers["X-CSRFToken"] = self._csrf()
            body = urllib.parse.urlencode(data).encode()
        req = urllib.request.Request(self.base + path, data=body, headers=headers)  # noqa: S310
        try:
            with self.opener.open(req, timeout=30) as resp:
                return resp.status, resp.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode("utf-8", "replace")

    def login(self) -> None:
        status, page = self.request("/login/")
        token = CSRF_RE.search(page).group(1)
        status, _ = self.request(
            "/login/",
            {"username": self.username, "password": self.password, "csrfmiddlewaretoken": token},
        )
        if status != 200 or not any(c.name == "sessionid" for c in self.jar):
            raise RuntimeError(f"login failed for {self.username}: {status}")


@dataclass
class Plan:
    """What the simulated users work on, prepared in the database before the clock starts."""

    review_pk: int
    story_slug: str
    password: str
    words: list[dict]  # highlight selections on the rewrite (UTF-16 offsets, quote, context)
    claims: list[int]  # one claim per user, verdicts on it are that user's alone
    first_event: int  # the audit log's next id when the run starts


@dataclass
class Tally:
    """What the server answered, by kind of request, shared by the users' threads."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    latencies: dict[str, list[float]] = field(default_factory=dict)
    ok: Counter = field(default_factory=Counter)
    errors: Counter = field(default_factory=Counter)
    samples: list[str] = field(default_factory=list)
    last_verdict: dict[int, str] = field(default_factory=dict)

    def record(self, kind: str, status: int, ms: float, detail: str) -> bool:
        with self.lock:
            self.latencies.setdefault(kind, []).append(ms)
            if 200 <= status < 400:
                self.ok[kind] += 1
                return True
            self.errors[kind] += 1
            if len(self.samples) < 200:
                self.samples.append(detail)
            return False


WRITE_KINDS = ("highlight", "verdict", "comment")


def _prepare(users: int) -> Plan:
    """Set Django up on the benchmark's database and mark one claim per user."""
    import django

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsdesk.settings")
    django.setup()
    from django.contrib.auth import get_user_model

    from newsdesk.management.commands.loaddemo import ACCOUNTS
    from reviews import workflow
    from reviews.anchoring import context, index_to_utf16
    from reviews.models import Event, Review

    password = next(p for username, p, *_ in ACCOUNTS if username == "reviewer")
    reviewer = get_user_model().objects.get(username="reviewer")
    review = Review.objects.select_related("story", "rewrite").order_by("pk").first()
    text = review.rewrite.body
    blocked = [
        (h.start, h.end)
        for h in review.highlights.blocking().filter(side="rewrite")
        if h.start is not None
    ]
    words = []
    for m in re.finditer(r"[A-Za-z]{4,}", text):
        prefix, suffix = context(text, m.start(), m.end())
        selection = {
            "start": index_to_utf16(text, m.start()),
            "end": index_to_utf16(text, m.end()),
            "quote": m.group(),
            "prefix": prefix,
            "suffix": suffix,
        }
        free = not any(s < m.end() and m.start() < e for s, e in blocked)
        words.append((selection, free, m))
    claims = []
    for selection, free, m in words:
        if len(claims) == users:
            break
        if free:
            sel = workflow.Selection(
                selection["start"],
                selection["end"],
                m.group(),
                selection["prefix"],
                selection["suffix"],
            )
            claims.append(workflow.create_claim(review=review, user=reviewer, selection=sel).pk)
    if len(claims) < users:
        raise SystemExit(f"only {len(claims)} free words for {users} users' claims")
    last = Event.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    return Plan(
        review_pk=review.pk,
        story_slug=review.story.slug,
        password=password,
        words=[w for w, _free, _m in words],
        claims=claims,
        first_event=last + 1,
    )


def run(users: int, seconds: float, workers: int, db: str) -> int:
    env = dict(os.environ, DEBUG="false", CONN_MAX_AGE="60")
    env["SECRET_KEY"] = secrets.token_urlsafe(50)
    with tempfile.TemporaryDirectory(prefix="newsdesk-load-") as tmp:
        if db == "sqlite":
            env["DATABASE_URL"] = f"sqlite:///{Path(tmp) / 'load.sqlite3'}"
            print("Preparing a throwaway SQLite database ...")
        else:
            env["DATABASE_URL"] = DB_URL
            print(f"Preparing database {urllib.parse.urlparse(DB_URL).path.lstrip('/')} ...")
            _recreate_database(DB_URL)
        _manage(env, "migrate", "--noinput")
        _manage(env, "loaddemo")
        os.environ.update(env)
        plan = _prepare(users)
        port = _free_port()
        base = f"http://127.0.0.1:{port}"
        server = subprocess.Popen(  # noqa: S603 - gunicorn from our virtualenv
            [
                str(Path(sys.executable).parent / "gunicorn"),
                "newsdesk.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(workers),
                "--threads",
                "4",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
        )
        try:
            for _ in range(100):
                try:
                    urllib.request.urlopen(base + "/login/", timeout=1).read()  # noqa: S310
                    break
                except OSError:
                    time.sleep(0.1)
            tally, wall = _drive(base, plan, users, seconds)
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=20)
        engine = "SQLite" if db == "sqlite" else "PostgreSQL"
        print(f"{users} users for {seconds:.0f} s against gunicorn ({workers} workers) + {engine}")
        failed = _report(tally, wall)
        failed |= _check_database(plan, tally)
    return 1 if failed else 0


def _drive(base: str, plan: Plan, users: int, seconds: float) -> tuple[Tally, float]:
    tally = Tally()
    stop = time.monotonic() + seconds
    workspace = f"/reviews/{plan.review_pk}/"
    reads = [
        ("page", "/", None, False, ""),
        ("search", "/?q=council", None, True, ""),
        ("page", workspace, None, False, ""),
        ("panel", workspace, None, True, "findings-panel"),
        ("page", f"/stories/{plan.story_slug}/", None, False, ""),
    ]
    tag = secrets.token_hex(3)

    def write(n: int, i: int, user_verdict: list[str]) -> tuple[str, str, dict, bool]:
        kind = WRITE_KINDS[(i // 5) % len(WRITE_KINDS)]
        if kind == "highlight":
            word = plan.words[(n * 7 + i) % len(plan.words)]
            data = word | {
                "side": "rewrite",
                "category": "other",
                "severity": "minor",
                "note": f"Load-test {tag} highlight {n}-{i}",
            }
            return kind, f"/reviews/{plan.review_pk}/highlights/", data, True
        if kind == "verdict":
            verdict = "pending" if user_verdict[0] == "verified" else "verified"
            data = {"verdict": verdict, "evidence_url": f"https://example.org/{tag}/{n}-{i}"}
            return kind, f"/reviews/claims/{plan.claims[n]}/verdict/", data, True
        data = {"body": f"Load-test {tag} comment {n}-{i}"}
        return kind, f"/reviews/{plan.review_pk}/comments/", data, True

    def worker(n: int) -> None:
        user = User(base, "reviewer", plan.password)
        try:
            user.login()
        except Exception as exc:
            tally.record("login", 0, 0.0, f"login: {exc}")
            return
        verdict = ["pending"]
        i = reads_done = 0
        while time.monotonic() < stop:
            if i % 5 == 4:
                kind, path, data, htmx = write(n, i, verdict)
                target = ""
            else:
                kind, path, data, htmx, target = reads[(n + reads_done) % len(reads)]
                reads_done += 1
            i += 1
            t0 = time.perf_counter()
            try:
                status, _ = user.request(path, data, htmx, target)
            except Exception as exc:
                status, detail = 0, f"{kind} {path}: {type(exc).__name__}: {exc}"
            else:
                detail = f"{kind} {path}: HTTP {status}"
            ok = tally.record(kind, status, (time.perf_counter() - t0) * 1000, detail)
            if ok and kind == "verdict":
                verdict[0] = data["verdict"]
                with tally.lock:
                    tally.last_verdict[plan.claims[n]] = data["verdict"]

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(users)]
    t0 = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return tally, time.monotonic() - t0


def _percentiles(values: list[float]) -> str:
    lat = sorted(values)
    if not lat:
        return "no requests"
    p95 = lat[int(0.95 * (len(lat) - 1))]
    return f"p50 {statistics.median(lat):.0f} ms, p95 {p95:.0f} ms, max {lat[-1]:.0f} ms"


def _report(tally: Tally, wall: float) -> bool:
    every = [ms for values in tally.latencies.values() for ms in values]
    writes = [ms for kind in WRITE_KINDS for ms in tally.latencies.get(kind, [])]
    reads = [ms for kind, v in tally.latencies.items() if kind not in WRITE_KINDS for ms in v]
    print(f"  requests {len(every)} in {wall:.1f} s, {len(every) / wall:.1f} req/s")
    print(f"  latency  all    {_percentiles(every)}")
    print(f"           reads  {_percentiles(reads)} ({len(reads)})")
    print(f"           writes {_percentiles(writes)} ({len(writes)})")
    for kind in sorted(tally.latencies):
        print(
            f"    {kind:<9} {tally.ok[kind]:>6} ok {tally.errors[kind]:>5} errors  "
            f"{_percentiles(tally.latencies[kind])}"
        )
    print(f"  errors {sum(tally.errors.values())}")
    for line, n in Counter(tally.samples).most_common(10):
        print(f"    {n} x {line}")
    return bool(tally.errors)


def _check_database(plan: Plan, tally: Tally) -> bool:
    """Compare what the database holds with what the server said it did."""
    from django.db import connection

    from reviews.models import Claim, Comment, Event, Highlight

    connection.close()  # the server wrote meanwhile: read afresh
    events = Counter(Event.objects.filter(pk__gte=plan.first_event).values_list("verb", flat=True))
    highlights = Highlight.objects.filter(
        review_id=plan.review_pk, note__startswith="Load-test "
    ).count()
    comments = Comment.objects.filter(
        review_id=plan.review_pk, body__startswith="Load-test "
    ).count()
    verdict_events = events["claim.verified"] + events["claim.pending"]
    final = dict(Claim.objects.filter(pk__in=plan.claims).values_list("pk", "verdict"))
    held = sum(final[pk] == verdict for pk, verdict in tally.last_verdict.items())
    ok_writes = sum(tally.ok[kind] for kind in WRITE_KINDS)
    total_events = sum(events.values())
    print("  database check")
    failed = False

    def line(name: str, same: bool, text: str) -> None:
        nonlocal failed
        failed |= not same
        print(f"    {name:<11}{text}  {'ok' if same else 'MISMATCH'}")

    for name, written, kind, verb in (
        ("highlights", highlights, "highlight", "highlight.created"),
        ("comments", comments, "comment", "comment.created"),
    ):
        line(
            name,
            written == tally.ok[kind] == events[verb],
            f"rows {written} = successful posts {tally.ok[kind]} = audit events {events[verb]}",
        )
    # A verdict updates its claim's row: what can be checked is one event per successful post,
    # and that each claim (one user's alone) holds the last verdict its user was told was saved.
    line(
        "verdicts",
        verdict_events == tally.ok["verdict"] and held == len(tally.last_verdict),
        f"successful posts {tally.ok['verdict']} = audit events {verdict_events}; claims "
        f"holding their user's last verdict {held} of {len(tally.last_verdict)}",
    )
    line(
        "all writes",
        ok_writes == total_events,
        f"successful {ok_writes} = audit events {total_events} (no other event logged)",
    )
    if total_events != ok_writes:
        print(f"    events by verb: {dict(events)}")
    return failed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--db", choices=("postgres", "sqlite"), default="postgres")
    args = parser.parse_args()
    sys.exit(run(args.users, args.seconds, args.workers, args.db))


if __name__ == "__main__":
    main()
