"""The API for pipelines: what each persona's token may see and do, errors, idempotency, limits.

Edith (editor), Rita (reviewer assigned to the review), Ravi (reviewer not assigned) and Oscar
(no role) each hold a token of their own; a token never sees or does more than its user can in
the browser.
"""

from __future__ import annotations

import json
import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from newsdesk.api import tokens
from newsdesk.api.models import ApiToken, IdempotencyRecord
from newsdesk.models import Story, StoryVersion
from reviews import workflow
from reviews.models import Event, Review
from tests.factories import REWRITE_BODY, SOURCE_BODY, ClaimFactory, HighlightFactory

pytestmark = pytest.mark.django_db


def bearer(user) -> dict[str, str]:
    _, secret = tokens.issue_token(user=user, name="pipeline")
    return {"Authorization": f"Bearer {secret}"}


def post_json(client, url: str, body: dict, headers: dict, **extra):
    return client.post(
        url, data=json.dumps(body), content_type="application/json", headers=headers, **extra
    )


def pair(title: str = "Council closes pool") -> dict:
    return {
        "title": title,
        "desk": "Local",
        "source": {"body": SOURCE_BODY, "origin": "wire", "origin_detail": "Nordwire"},
        "rewrite": {
            "body": REWRITE_BODY,
            "origin": "ai",
            "origin_detail": "rewriter-7b",
            "prompt": "Rewrite this for our readers in 60 words.",
        },
    }


def assert_error(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message", "fields"}
    assert body["error"]["code"] == code
    assert body["error"]["message"]
    return body["error"]


# --- Creating stories and versions -----------------------------------------------------------


def test_it_creates_a_story_from_a_pair_with_provenance(client, editor, reviewer):
    response = post_json(client, "/api/stories", pair() | {"reviewers": ["rita"]}, bearer(editor))

    assert response.status_code == 201, response.content
    data = response.json()
    story = Story.objects.get(slug=data["story"]["slug"])
    rewrite = story.versions.get(role=StoryVersion.Role.REWRITE)
    assert (rewrite.origin, rewrite.origin_detail) == ("ai", "rewriter-7b")
    assert rewrite.prompt == "Rewrite this for our readers in 60 words."
    assert rewrite.author == editor
    assert data["review"]["rewrite"]["sha256"] == rewrite.sha256
    assert data["review"]["rewrite"]["prompt"] == rewrite.prompt
    assert data["review"]["reviewers"] == ["rita"]
    assert data["review"]["status"] == "open"
    assert Event.objects.filter(story=story, verb="story.created", actor=editor).exists()


def test_it_adds_a_rewrite_version_that_supersedes_the_open_review(client, editor, review):
    body = {"body": REWRITE_BODY + "\nA correction.", "origin": "staff", "origin_detail": "Ed"}

    response = post_json(client, f"/api/stories/{review.story.slug}/rewrites", body, bearer(editor))

    assert response.status_code == 201, response.content
    data = response.json()
    review.refresh_from_db()
    assert review.status == Review.Status.SUPERSEDED
    assert data["id"] == review.superseded_by_id
    assert data["rewrite"]["number"] == 3
    assert data["rewrite"]["origin_detail"] == "Ed"


def test_unknown_reviewer_is_a_field_error_and_creates_nothing(client, editor, reviewer):
    body = pair() | {"reviewers": ["rita", "nobody"]}

    error = assert_error(post_json(client, "/api/stories", body, bearer(editor)), 400, "invalid")

    assert error["fields"] == {"reviewers": ["No such user: nobody."]}
    assert not Story.objects.exists()


def test_missing_fields_name_each_field(client, editor):
    body = {"title": "No texts"}

    error = assert_error(post_json(client, "/api/stories", body, bearer(editor)), 422, "invalid")

    assert {"source", "rewrite"} <= set(error["fields"])


def test_an_empty_text_is_refused_by_the_workflow_rule(client, editor):
    body = pair()
    body["source"]["body"] = "   \n "

    error = assert_error(post_json(client, "/api/stories", body, bearer(editor)), 400, "invalid")

    assert "source text is empty" in error["message"]
    assert not Story.objects.exists()


# --- The permission matrix -------------------------------------------------------------------

PERSONAS = ["editor", "reviewer", "other_reviewer", "outsider"]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("suffix", ["", "/findings", "/claims"])
def test_a_token_sees_a_review_exactly_when_its_user_sees_the_workspace(
    client, review, request, persona, suffix
):
    user = request.getfixturevalue(persona)
    headers = bearer(user)

    api = client.get(f"/api/reviews/{review.pk}{suffix}", headers=headers)
    client.force_login(user)
    page = client.get(review.get_absolute_url())

    assert api.status_code == page.status_code
    if api.status_code == 404:
        assert_error(api, 404, "not_found")


@pytest.mark.parametrize(
    ("persona", "status"),
    [("editor", 201), ("reviewer", 403), ("other_reviewer", 403), ("outsider", 403)],
)
def test_only_an_editors_token_creates_stories(client, request, persona, status):
    user = request.getfixturevalue(persona)

    response = post_json(client, "/api/stories", pair(), bearer(user))

    assert response.status_code == status
    if status == 403:
        assert_error(response, 403, "forbidden")
        assert not Story.objects.exists()


@pytest.mark.parametrize(
    ("persona", "status"),
    [("editor", 201), ("reviewer", 403), ("other_reviewer", 403), ("outsider", 404)],
)
def test_only_an_editors_token_adds_versions(client, review, request, persona, status):
    user = request.getfixturevalue(persona)
    body = {"body": REWRITE_BODY + "\nMore.", "origin": "staff"}

    response = post_json(client, f"/api/stories/{review.story.slug}/rewrites", body, bearer(user))

    assert response.status_code == status
    if status != 201:
        assert review.story.versions.count() == 2


@pytest.mark.parametrize(("persona", "status"), [("reviewer", 200), ("outsider", 404)])
def test_story_reviews_follow_the_story_page(client, review, request, persona, status):
    user = request.getfixturevalue(persona)

    response = client.get(f"/api/stories/{review.story.slug}/reviews", headers=bearer(user))

    assert response.status_code == status
    if status == 200:
        assert [r["id"] for r in response.json()] == [review.pk]


def test_record_is_a_conflict_until_signed_off(client, editor, review):
    error = assert_error(
        client.get(f"/api/reviews/{review.pk}/record", headers=bearer(editor)),
        409,
        "record_not_valid",
    )
    assert "not signed off" in error["message"]


def test_record_of_a_signed_off_review_has_its_claim_reviews(client, editor, review, settings):
    settings.NEWSDESK_REQUIRED_SIGNOFFS = ["editor"]
    workflow.sign_off(review=review, user=editor, role="editor")

    response = client.get(f"/api/reviews/{review.pk}/record", headers=bearer(editor))

    assert response.status_code == 200
    assert response.json()["rewrite_sha256"] == review.rewrite.sha256
    assert response.json()["claim_reviews"] == []


def test_review_status_lists_what_blocks_sign_off(client, reviewer, review):
    HighlightFactory(review=review, author=reviewer)

    data = client.get(f"/api/reviews/{review.pk}", headers=bearer(reviewer)).json()

    assert data["findings"] == {"open": 1}
    assert [b["kind"] for b in data["blockers"]] == ["highlight"]


# --- Authentication and revocation -----------------------------------------------------------


@pytest.mark.parametrize("header", [None, "Bearer nd_not-a-token", "Basic abc", "Bearer "])
def test_without_a_valid_token_it_answers_401(client, review, header):
    headers = {"Authorization": header} if header else {}

    response = client.get(f"/api/reviews/{review.pk}", headers=headers)

    assert_error(response, 401, "unauthenticated")
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_a_session_is_not_a_token(editor_client, review):
    assert_error(editor_client.get(f"/api/reviews/{review.pk}"), 401, "unauthenticated")


def test_a_revoked_token_stops_working_at_once(client, reviewer, review):
    headers = bearer(reviewer)
    assert client.get(f"/api/reviews/{review.pk}", headers=headers).status_code == 200
    token = ApiToken.objects.get(user=reviewer)
    client.force_login(reviewer)

    response = client.post(reverse("api_token_revoke", args=[token.pk]))

    assert response.status_code == 302
    assert_error(client.get(f"/api/reviews/{review.pk}", headers=headers), 401, "unauthenticated")
    assert Event.objects.filter(verb="token.revoked", actor=reviewer, object_id=token.pk).exists()


def test_a_token_of_an_inactive_user_stops_working(client, reviewer, review):
    headers = bearer(reviewer)
    reviewer.is_active = False
    reviewer.save(update_fields=["is_active"])

    assert_error(client.get(f"/api/reviews/{review.pk}", headers=headers), 401, "unauthenticated")


# --- The tokens page -------------------------------------------------------------------------


def test_it_shows_a_new_token_once_and_stores_only_its_digest(reviewer_client, reviewer):
    response = reviewer_client.post(reverse("api_tokens"), {"name": "CMS import"})

    assert response.status_code == 201
    assert response["Cache-Control"] == "no-store"
    html = response.content.decode()
    secret = html.split('id="new-token">', 1)[1].split("<", 1)[0]
    token = ApiToken.objects.get(user=reviewer)
    assert secret.startswith(token.prefix) and len(secret) > 40
    assert token.digest == tokens.digest(secret) != secret
    later = reviewer_client.get(reverse("api_tokens")).content.decode()
    assert secret not in later and token.prefix in later and "CMS import" in later
    assert Event.objects.filter(verb="token.created", actor=reviewer).exists()


def test_a_token_needs_a_name(reviewer_client):
    response = reviewer_client.post(reverse("api_tokens"), {"name": "  "})

    assert response.status_code == 400
    assert not ApiToken.objects.exists()


def test_nobody_revokes_another_persons_token(client, editor, reviewer):
    token, _ = tokens.issue_token(user=reviewer, name="Rita's")
    client.force_login(editor)

    response = client.post(reverse("api_token_revoke", args=[token.pk]))

    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_tokens_page_needs_login(client):
    response = client.get(reverse("api_tokens"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_tokens_page_lists_only_ones_own_tokens(reviewer_client, editor):
    tokens.issue_token(user=editor, name="Edith's secret pipeline")

    html = reviewer_client.get(reverse("api_tokens")).content.decode()

    assert "Edith's secret pipeline" not in html


# --- One error shape -------------------------------------------------------------------------


def test_unknown_paths_and_methods_answer_in_the_error_shape(client, editor, review):
    headers = bearer(editor)

    assert_error(client.get("/api/no-such-thing", headers=headers), 404, "not_found")
    not_allowed = client.delete(f"/api/reviews/{review.pk}", headers=headers)
    assert_error(not_allowed, 405, "method_not_allowed")
    assert "GET" in not_allowed["Allow"]
    assert_error(client.get("/api/reviews/999999", headers=headers), 404, "not_found")


def test_malformed_json_is_a_400_in_the_error_shape(client, editor):
    response = client.post(
        "/api/stories", data="{not json", content_type="application/json", headers=bearer(editor)
    )

    assert 400 <= response.status_code < 500
    assert set(response.json()["error"]) == {"code", "message", "fields"}


# --- Idempotency -----------------------------------------------------------------------------


def test_same_key_and_body_replays_the_first_answer(client, editor):
    headers = bearer(editor) | {"Idempotency-Key": "cms-4711"}

    first = post_json(client, "/api/stories", pair(), headers)
    again = post_json(client, "/api/stories", pair(), headers)

    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    assert Story.objects.count() == 1


def test_same_key_with_another_body_is_a_conflict(client, editor):
    headers = bearer(editor) | {"Idempotency-Key": "cms-4711"}
    post_json(client, "/api/stories", pair(), headers)

    response = post_json(client, "/api/stories", pair("Another story"), headers)

    assert_error(response, 409, "idempotency_key_reused")
    assert Story.objects.count() == 1


def test_keys_belong_to_one_user(client, editor):
    other_editor = type(editor).objects.create_user("eve")
    other_editor.groups.set(editor.groups.all())
    key = {"Idempotency-Key": "shared-key"}

    post_json(client, "/api/stories", pair(), bearer(editor) | key)
    post_json(client, "/api/stories", pair(), bearer(other_editor) | key)

    assert Story.objects.count() == 2


def test_a_failed_creation_keeps_no_key(client, editor):
    headers = bearer(editor) | {"Idempotency-Key": "retry-me"}
    bad = pair()
    bad["rewrite"]["body"] = ""

    assert post_json(client, "/api/stories", bad, headers).status_code == 400
    assert post_json(client, "/api/stories", pair(), headers).status_code == 201
    assert IdempotencyRecord.objects.count() == 1


def test_an_unprintable_key_is_refused(client, editor):
    headers = bearer(editor) | {"Idempotency-Key": "x" * 300}

    error = assert_error(post_json(client, "/api/stories", pair(), headers), 400, "invalid")

    assert "Idempotency-Key" in error["fields"]


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="two requests racing needs a database that runs them at once (PostgreSQL)",
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_concurrent_requests_with_one_key_create_one_story(editor):
    headers = bearer(editor) | {"Idempotency-Key": "race-1"}
    barrier = threading.Barrier(2)
    answers: list = [None, None]

    def send(i: int) -> None:
        try:
            barrier.wait(timeout=10)
            answers[i] = post_json(Client(), "/api/stories", pair(), headers)
        finally:
            connection.close()

    threads = [threading.Thread(target=send, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)

    assert [a.status_code for a in answers] == [201, 201]
    assert answers[0].json() == answers[1].json()
    assert sorted(a.get("Idempotent-Replayed", "") for a in answers) == ["", "true"]
    assert Story.objects.count() == 1
    assert IdempotencyRecord.objects.count() == 1


# --- Rate limits -----------------------------------------------------------------------------


def test_over_the_limit_a_token_gets_429_with_retry_after(client, reviewer, review, settings):
    settings.NEWSDESK_API_RATE_LIMIT = 3
    headers = bearer(reviewer)
    url = f"/api/reviews/{review.pk}"

    statuses = [client.get(url, headers=headers).status_code for _ in range(3)]
    refused = client.get(url, headers=headers)

    assert statuses == [200, 200, 200]
    assert_error(refused, 429, "rate_limited")
    assert 1 <= int(refused["Retry-After"]) <= settings.NEWSDESK_API_RATE_WINDOW


def test_the_limit_is_per_token_and_per_window(reviewer, settings):
    settings.NEWSDESK_API_RATE_LIMIT = 1
    first, _ = tokens.issue_token(user=reviewer, name="one")
    second, _ = tokens.issue_token(user=reviewer, name="two")
    now = timezone.now()

    assert tokens.count_call(first, now) is None
    assert tokens.count_call(first, now) is not None
    assert tokens.count_call(second, now) is None
    later = now + timedelta(seconds=settings.NEWSDESK_API_RATE_WINDOW)
    assert tokens.count_call(first, later) is None


# --- Query counts: list endpoints cost the same whatever the review holds ---------------------

# The most queries each list may make, including the token lookup, the rate-limit count and
# the user's permissions.
LIST_QUERIES = {"findings": 8, "claims": 8, "reviews": 14}


def _populate(review, user, n: int) -> None:
    for _ in range(n):
        HighlightFactory(review=review, author=user, status="resolved")
        ClaimFactory(review=review, created_by=user)


@pytest.mark.parametrize("name", sorted(LIST_QUERIES))
@pytest.mark.parametrize("n", [5, 40])
def test_a_list_endpoint_makes_a_constant_number_of_queries(
    client, reviewer, review, name, n, django_assert_max_num_queries
):
    _populate(review, reviewer, n)
    url = {
        "findings": f"/api/reviews/{review.pk}/findings",
        "claims": f"/api/reviews/{review.pk}/claims",
        "reviews": f"/api/stories/{review.story.slug}/reviews",
    }[name]
    headers = bearer(reviewer)

    with django_assert_max_num_queries(LIST_QUERIES[name]):
        response = client.get(url, headers=headers)

    assert response.status_code == 200
    if name != "reviews":
        assert len(response.json()) == n
