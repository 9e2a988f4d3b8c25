"""Login throttling (django-axes) on /login/ and /admin/login/.

Edith (an editor) and Sam (a superuser) have accounts; the attacker guesses passwords. After
AXES_FAILURE_LIMIT failures for one username, or from one address, that username or address is
locked out for the cool-off, even with the right password.
"""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django.conf import settings
from django.utils import timezone

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"  # tests/factories.py


def _login(client, username: str, password: str, ip: str = "10.0.0.1", url: str = "/login/"):
    return client.post(url, {"username": username, "password": password}, REMOTE_ADDR=ip)


def _fail(client, username: str, times: int, ips: list[str] | None = None, url: str = "/login/"):
    for n in range(times):
        ip = ips[n % len(ips)] if ips else "10.0.0.1"
        response = _login(client, username, f"wrong-{n}", ip=ip, url=url)
        assert response.status_code in (200, 429)


def _logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_a_few_failures_then_the_right_password_logs_in(client, editor):
    _fail(client, "edith", settings.AXES_FAILURE_LIMIT - 1)
    response = _login(client, "edith", PASSWORD)
    assert response.status_code == 302
    assert _logged_in(client)


def test_the_right_password_after_the_limit_is_refused_with_a_clear_message(client, editor):
    _fail(client, "edith", settings.AXES_FAILURE_LIMIT)
    response = _login(client, "edith", PASSWORD)
    assert response.status_code == 429
    page = response.content.decode()
    assert "Too many failed sign-ins for this account or from this address" in page
    assert "Wait 15 minutes" in page
    assert response["Retry-After"] == str(15 * 60)
    assert not _logged_in(client)


def test_one_username_is_locked_out_whatever_address_guesses(client, editor):
    ips = [f"10.0.1.{n}" for n in range(settings.AXES_FAILURE_LIMIT)]
    _fail(client, "edith", settings.AXES_FAILURE_LIMIT, ips=ips)
    assert _login(client, "edith", PASSWORD, ip="10.9.9.9").status_code == 429
    assert not _logged_in(client)


def test_one_address_is_locked_out_whatever_username_it_tries(client, editor):
    for n in range(settings.AXES_FAILURE_LIMIT):
        _login(client, f"guess{n}", "nope", ip="10.0.2.1")
    assert _login(client, "edith", PASSWORD, ip="10.0.2.1").status_code == 429
    # Edith, from her own address, is not affected.
    assert _login(client, "edith", PASSWORD, ip="10.0.2.2").status_code == 302


def test_the_admin_login_is_throttled_too(client):
    UserFactory(username="sam", is_staff=True, is_superuser=True)
    _fail(client, "sam", settings.AXES_FAILURE_LIMIT, url="/admin/login/")
    response = _login(client, "sam", PASSWORD, url="/admin/login/")
    assert response.status_code == 429
    assert "Too many failed sign-ins" in response.content.decode()
    assert not _logged_in(client)


def test_the_lockout_ends_after_the_cool_off(client, editor):
    _fail(client, "edith", settings.AXES_FAILURE_LIMIT)
    assert _login(client, "edith", PASSWORD).status_code == 429
    past = timezone.now() - settings.AXES_COOLOFF_TIME - timedelta(seconds=1)
    AccessAttempt.objects.update(attempt_time=past)
    assert _login(client, "edith", PASSWORD).status_code == 302


def test_failures_and_the_lockout_are_logged_and_kept(client, editor, caplog):
    with caplog.at_level(logging.WARNING, logger="axes"):
        _fail(client, "edith", settings.AXES_FAILURE_LIMIT)
    messages = [r.getMessage() for r in caplog.records if r.name.startswith("axes")]
    assert any("Locking out" in m for m in messages)
    assert AccessFailureLog.objects.filter(username="edith").count() == settings.AXES_FAILURE_LIMIT
    attempt = AccessAttempt.objects.get(username="edith")
    assert attempt.failures_since_start == settings.AXES_FAILURE_LIMIT
    assert "wrong-" not in attempt.post_data  # passwords are masked in the record
