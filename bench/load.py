"""Load test: concurrent reviewers against gunicorn and PostgreSQL.

    .venv/bin/python bench/load.py [--users 50] [--seconds 60] [--workers 4]

Creates a fresh PostgreSQL database (BENCH_LOAD_DATABASE_URL, default newsdesk_load on 127.0.0.1),
migrates it, loads the demo data, starts gunicorn, and has each simulated user log in through the
login form and then loop: dashboard, dashboard search (htmx), the demo review's workspace, the
findings panel (htmx), a comment (htmx POST), the story page. Prints requests, throughput,
latency percentiles and errors. An error is a 5xx, a dropped connection or a timeout; a 4xx
would also be counted, since none of these requests should be refused. Target: zero errors
with 50 users for 60 s.
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
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
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


def _recreate_database() -> None:
    import psycopg

    parts = urllib.parse.urlparse(DB_URL)
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

    def request(self, path: str, data: dict | None = None, htmx: bool = False) -> tuple[int, str]:
        headers = {"Referer": self.base + path}
        if htmx:
            headers["HX-Request"] = "true"
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


def run(users: int, seconds: float, workers: int) -> int:
    env = dict(os.environ, DATABASE_URL=DB_URL, DEBUG="false", CONN_MAX_AGE="60")
    env["SECRET_KEY"] = secrets.token_urlsafe(50)
    print(f"Preparing database {urllib.parse.urlparse(DB_URL).path.lstrip('/')} ...")
    _recreate_database()
    _manage(env, "migrate", "--noinput")
    _manage(env, "loaddemo")
    import django

    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsdesk.settings")
    django.setup()
    from newsdesk.management.commands.loaddemo import ACCOUNTS
    from reviews.models import Review

    password = next(p for username, p, *_ in ACCOUNTS if username == "reviewer")

    review = Review.objects.select_related("story").order_by("pk").first()
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
        return _drive(base, review, users, seconds, password)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=20)


def _drive(base: str, review, users: int, seconds: float, password: str) -> int:
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    stop = time.monotonic() + seconds
    workspace = f"/reviews/{review.pk}/"
    paths = [
        ("/", None, False),
        ("/?q=council", None, True),
        (workspace, None, False),
        (f"/stories/{review.story.slug}/", None, False),
    ]

    def worker(n: int) -> None:
        user = User(base, "reviewer", password)
        try:
            user.login()
        except Exception as exc:
            with lock:
                errors.append(f"login: {exc}")
            return
        i = 0
        while time.monotonic() < stop:
            path, data, htmx = paths[i % len(paths)]
            if i % 10 == 9:
                path, data, htmx = (
                    f"/reviews/{review.pk}/comments/",
                    {"body": f"Load-test comment {n}-{i}"},
                    True,
                )
            i += 1
            t0 = time.perf_counter()
            try:
                status, _ = user.request(path, data, htmx)
            except Exception as exc:
                status = 0
                detail = f"{path}: {type(exc).__name__}: {exc}"
            else:
                detail = f"{path}: HTTP {status}"
            elapsed = (time.perf_counter() - t0) * 1000
            with lock:
                latencies.append(elapsed)
                if not 200 <= status < 400:
                    errors.append(detail)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(users)]
    t0 = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.monotonic() - t0
    lat = sorted(latencies)
    print(f"{users} users for {seconds:.0f} s against gunicorn + PostgreSQL")
    print(f"  requests {len(lat)}, {len(lat) / wall:.0f} req/s")
    if lat:
        p95 = lat[int(0.95 * (len(lat) - 1))]
        print(
            f"  latency p50 {statistics.median(lat):.0f} ms, p95 {p95:.0f} ms, max {lat[-1]:.0f} ms"
        )
    print(f"  errors {len(errors)}")
    for line in sorted(set(errors))[:10]:
        print(f"    {line}")
    return 1 if errors else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--workers", type=int, default=4)
    args = parser.parse_args()
    sys.exit(run(args.users, args.seconds, args.workers))


if __name__ == "__main__":
    main()
