"""A database outage answers 503 with Retry-After and one log line per request, never a 500.

The end-to-end test runs gunicorn against a PostgreSQL cluster of its own (initdb + pg_ctl on a
free port, in a temporary directory), stops that cluster under load and starts it again. The
shared server on 5432 is never touched. Without the PostgreSQL binaries it skips, saying so.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

import pytest
from django.db import OperationalError
from django.test import Client

from newsdesk import views

ROOT = Path(__file__).resolve().parent.parent
HTMX = {"HX-Request": "true"}


# --- In process: the handler -------------------------------------------------------------


def _down(*args, **kwargs):
    raise OperationalError('connection to server at "127.0.0.1", port 5432 failed: refused')


@pytest.fixture
def outage_client(editor, monkeypatch):
    monkeypatch.setattr(views, "story_rows", _down)
    client = Client(raise_request_exception=False)
    client.force_login(editor)
    return client


def test_an_unreachable_database_answers_503_with_retry_after(outage_client, caplog):
    response = outage_client.get("/")
    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    assert "database is not answering" in response.content.decode()
    failures = [r for r in caplog.records if r.levelname == "ERROR"]
    assert len(failures) == 1
    assert failures[0].getMessage().startswith("Database unavailable: GET / answered 503")
    assert failures[0].exc_info is None


def test_htmx_gets_the_sentence_alone(outage_client):
    response = outage_client.get("/?q=storm", headers=HTMX)
    assert response.status_code == 503
    assert response["Content-Type"].startswith("text/plain")
    assert response.content.decode().startswith("The newsroom database is not answering")


def test_other_errors_are_still_500_with_a_traceback(editor, monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(views, "story_rows", broken)
    client = Client(raise_request_exception=False)
    client.force_login(editor)
    response = client.get("/")
    assert response.status_code == 500
    assert "Retry-After" not in response
    assert any(r.exc_info for r in caplog.records if r.levelname == "ERROR")


# --- End to end: gunicorn, and a PostgreSQL cluster stopped under load -------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Cluster:
    """A throwaway PostgreSQL cluster: trust auth, one port, its own data directory."""

    def __init__(self, base: Path):
        self.base = base
        self.bin = {name: shutil.which(name) for name in ("initdb", "pg_ctl")}
        self.data = base / "data"
        self.port = _free_port()
        self.log = base / "postgres.log"
        # PostgreSQL refuses to run as root; run it as the postgres account then.
        self.prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        if self.prefix:
            shutil.chown(base, "postgres", "postgres")

    def _run(self, *args: str) -> None:
        done = subprocess.run([*self.prefix, *args], capture_output=True, text=True, timeout=60)  # noqa: S603
        if done.returncode:
            raise subprocess.CalledProcessError(done.returncode, args, done.stdout, done.stderr)

    def init(self) -> None:
        self._run(self.bin["initdb"], "-D", str(self.data), "-A", "trust", "-U", "postgres", "-N")

    def start(self) -> None:
        options = f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.data}"
        self._run(
            self.bin["pg_ctl"],
            "-D",
            str(self.data),
            "-l",
            str(self.log),
            "-o",
            options,
            "-w",
            "start",
        )

    def stop(self) -> None:
        self._run(self.bin["pg_ctl"], "-D", str(self.data), "-m", "fast", "-w", "stop")

    def url(self, name: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"


@pytest.fixture
def own_cluster():
    if not all(shutil.which(name) for name in ("initdb", "pg_ctl")):
        pytest.skip("initdb and pg_ctl (PostgreSQL server binaries) are not on PATH")
    if os.geteuid() == 0 and not shutil.which("runuser"):
        pytest.skip("running as root, and runuser is missing to start PostgreSQL as postgres")
    # Not under pytest's own temporary directory, which only its owner may enter.
    cluster = Cluster(Path(tempfile.mkdtemp(prefix="newsdesk-pg-outage-")))
    cluster.init()
    cluster.start()
    try:
        yield cluster
    finally:
        with contextlib.suppress(subprocess.CalledProcessError):  # already stopped
            cluster.stop()
        shutil.rmtree(cluster.base, ignore_errors=True)


def _app_env(cluster: Cluster) -> dict:
    import psycopg

    with psycopg.connect(cluster.url("postgres"), autocommit=True) as conn:
        conn.execute("CREATE DATABASE newsdesk_outage")
    env = dict(os.environ, DATABASE_URL=cluster.url("newsdesk_outage"), DEBUG="false")
    env.update(SECRET_KEY=secrets.token_urlsafe(40), CONN_MAX_AGE="60", LOG_LEVEL="WARNING")
    env.pop("DJANGO_SETTINGS_MODULE", None)
    manage = [sys.executable, "manage.py"]
    _run([*manage, "migrate", "--noinput"], env)
    script = (
        "from django.contrib.auth.models import Group, User; "
        "u = User.objects.create_user('edith', password='outage-test-pass'); "
        "u.groups.add(Group.objects.get(name='Editors'))"
    )
    _run([*manage, "shell", "-c", script], env)
    return env


def _run(args: list[str], env: dict) -> None:
    subprocess.run(args, cwd=ROOT, env=env, check=True, capture_output=True, timeout=120)  # noqa: S603


class Browser:
    def __init__(self, base: str):
        self.base = base
        self.jar = CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def get(self, path: str, headers: dict | None = None) -> tuple[int, dict, str]:
        request = urllib.request.Request(self.base + path, headers=headers or {})  # noqa: S310
        try:
            with self.opener.open(request, timeout=20) as response:
                return response.status, dict(response.headers), response.read().decode()
        except urllib.error.HTTPError as exc:
            return exc.code, dict(exc.headers), exc.read().decode()

    def login(self) -> None:
        self.get("/login/")
        token = next(c.value for c in self.jar if c.name == "csrftoken")
        data = urllib.parse.urlencode(
            {"username": "edith", "password": "outage-test-pass", "csrfmiddlewaretoken": token}
        ).encode()
        request = urllib.request.Request(  # noqa: S310
            self.base + "/login/", data=data, headers={"Referer": self.base + "/login/"}
        )
        with self.opener.open(request, timeout=20):
            pass
        assert any(c.name == "sessionid" for c in self.jar)


def test_stopping_the_database_under_load_answers_503_then_recovers(own_cluster, tmp_path):
    env = _app_env(own_cluster)
    port = _free_port()
    log = tmp_path / "gunicorn.log"
    gunicorn = str(Path(sys.executable).parent / "gunicorn")
    with log.open("w") as out:
        server = subprocess.Popen(  # noqa: S603
            [
                gunicorn,
                "newsdesk.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "2",
                "--threads",
                "2",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=out,
        )
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/login/", timeout=1).read()  # noqa: S310
                break
            except OSError:
                time.sleep(0.1)
        browsers = [Browser(base) for _ in range(4)]
        for b in browsers:
            b.login()
        results: list[tuple[float, int, dict, str, bool]] = []
        lock = threading.Lock()
        stop_at = time.monotonic() + 9

        def load(b: Browser, n: int) -> None:
            i = 0
            while time.monotonic() < stop_at:
                htmx = (i + n) % 2 == 1
                status, headers, body = b.get("/?q=pool" if htmx else "/", HTMX if htmx else None)
                with lock:
                    results.append((time.monotonic(), status, headers, body, htmx))
                i += 1
                time.sleep(0.02)

        threads = [threading.Thread(target=load, args=(b, n)) for n, b in enumerate(browsers)]
        for t in threads:
            t.start()
        time.sleep(2)
        own_cluster.stop()
        time.sleep(3)
        own_cluster.start()
        restarted = time.monotonic()
        for t in threads:
            t.join()
    finally:
        server.terminate()
        server.wait(timeout=20)

    statuses = [r[1] for r in results]
    unavailable = [r for r in results if r[1] == 503]
    assert set(statuses) <= {200, 503}, sorted(set(statuses))
    assert len(unavailable) >= 4, "the outage was not seen"
    for _, _, headers, body, htmx in unavailable:
        assert headers.get("Retry-After") == "10"
        if htmx:
            assert body.startswith("The newsroom database is not answering")
        else:
            assert "<h1>Newsdesk is temporarily unavailable</h1>" in body
    # Recovered on its own: everything sent a second after the restart succeeds.
    after = [r[1] for r in results if r[0] > restarted + 1]
    assert after and set(after) == {200}
    lines = log.read_text().splitlines()
    assert "Traceback" not in log.read_text()
    logged = [line for line in lines if "Database unavailable:" in line]
    assert len(logged) == len(unavailable)
