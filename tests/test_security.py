"""Security settings: a strict CSP, login required everywhere but the login page, deploy checks."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

REPO_ROOT = Path(__file__).resolve().parent.parent


def _protected_urls(review) -> list[str]:
    slug = review.story.slug
    return [
        reverse("dashboard"),
        reverse("story_create"),
        reverse("story_detail", args=[slug]),
        reverse("review_record", args=[slug, review.pk]),
        reverse("review_record_json", args=[slug, review.pk]),
        reverse("review_workspace", args=[review.pk]),
    ]


def test_login_page_is_reachable_anonymously(client, db):
    response = client.get(reverse("login"))

    assert response.status_code == 200
    assert 'name="password"' in response.content.decode()


def test_every_other_page_redirects_to_login(client, review):
    for url in _protected_urls(review):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login") + "?next="), url


def test_writes_redirect_to_login_too(client, review):
    slug = review.story.slug
    for url in (
        reverse("story_add_rewrite", args=[slug]),
        reverse("review_assign", args=[slug, review.pk]),
    ):
        response = client.post(url, {"body": "x"})
        assert response.status_code == 302, url


def test_login_with_demo_style_account_reaches_the_dashboard(client, editor):
    editor.set_password("a-long-test-password")
    editor.save()

    response = client.post(
        reverse("login"), {"username": "edith", "password": "a-long-test-password"}, follow=True
    )

    assert response.status_code == 200
    assert response.request["PATH_INFO"] == reverse("dashboard")


@pytest.mark.parametrize("persona", ["anonymous", "editor"])
def test_responses_carry_a_strict_content_security_policy(client, review, editor, persona):
    if persona == "editor":
        client.force_login(editor)
    url = reverse("login") if persona == "anonymous" else reverse("dashboard")

    response = client.get(url)

    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy


def test_pages_have_no_inline_script_or_style(editor_client, review):
    for url in _protected_urls(review)[:5]:
        html = editor_client.get(url).content.decode()
        assert "<script>" not in html, url
        assert " style=" not in html, url
        assert " onclick=" not in html, url


def test_production_settings_pass_the_deploy_check():
    env = {
        **os.environ,
        "NEWSDESK_ENV": "production",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "example.org",
        "DEBUG": "false",
    }
    env.pop("DATABASE_URL", None)
    # The browser tests' harness sets this for Playwright; a production process never has it.
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)

    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert result.returncode == 0, result.stdout + result.stderr


def test_a_paste_larger_than_a_request_may_carry_gets_a_clear_400_and_saves_nothing(
    editor_client, settings
):
    from newsdesk.models import Story

    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 5_000
    response = editor_client.post(
        reverse("story_create"),
        {"title": "Too long", "source_body": "word " * 2_000, "rewrite_body": "text"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "larger than the 4.9\xa0KB a request may carry, so nothing was saved" in html
    assert "your text is still in the form" in html
    assert not Story.objects.exists()


def test_error_pages_explain_themselves(editor_client, outsider_client, reviewer_client):
    missing = editor_client.get("/stories/no-such-story/")
    assert missing.status_code == 404
    assert "Not found" in missing.content.decode()
    forbidden = reviewer_client.get(reverse("story_create"))
    assert forbidden.status_code == 403
    assert "Not allowed" in forbidden.content.decode()


def test_htmx_requests_get_refusals_as_plain_words(client, other_reviewer, review):
    """An unassigned reviewer's htmx write is refused with a sentence, not a whole page."""
    client.force_login(other_reviewer)
    highlight = review.highlights.create(
        side="rewrite",
        start=0,
        end=3,
        quote=review.rewrite.body[:3],
        category="number",
        severity="minor",
    )
    response = client.post(
        reverse("highlight_status", args=[highlight.pk]),
        {"action": "resolve", "expected": "open"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 403
    assert "<html" not in response.content.decode()
    missing = client.get("/reviews/999999/", headers={"HX-Request": "true"})
    assert missing.status_code == 404
    assert "<html" not in missing.content.decode()
