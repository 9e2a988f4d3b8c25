"""Answers every page gives, whatever view is behind it: the CSRF failure page, a 405 that says
which methods the address takes, and no caching of a signed-in person's pages."""

from __future__ import annotations

import logging

import pytest
from django.test import Client
from django.urls import reverse

from reviews.models import Comment

HTMX = {"HX-Request": "true"}


@pytest.fixture
def strict_client(reviewer):
    """A client that checks CSRF tokens as a browser's requests are checked."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(reviewer)
    return client


def test_a_csrf_failure_shows_our_page_telling_to_reload(strict_client, review, caplog):
    url = reverse("review_comment_create", args=[review.pk])
    with caplog.at_level(logging.WARNING, logger="newsdesk.errors"):
        response = strict_client.post(url, {"body": "Seven, not nine"})
    assert response.status_code == 403
    html = response.content.decode()
    assert "Reload the page and try again." in html and "<h1>Form expired</h1>" in html
    assert "DEBUG=True" not in html and "More information" not in html
    assert not Comment.objects.exists()
    assert any("CSRF check failed" in r.getMessage() for r in caplog.records)


def test_a_csrf_failure_answers_htmx_with_the_sentence(strict_client, review):
    url = reverse("review_comment_create", args=[review.pk])
    response = strict_client.post(url, {"body": "Seven, not nine"}, headers=HTMX)
    assert response.status_code == 403
    assert response["Content-Type"].startswith("text/plain")
    assert response.content.decode().endswith("Reload the page and try again.")
    assert "<" not in response.content.decode()


def test_a_post_with_its_token_still_works(strict_client, review):
    page = strict_client.get(review.get_absolute_url())
    token = page.cookies["csrftoken"].value
    url = reverse("review_comment_create", args=[review.pk])
    response = strict_client.post(url, {"body": "Fine"}, headers=HTMX | {"X-CSRFToken": token})
    assert response.status_code == 200
    assert Comment.objects.count() == 1


def test_a_405_names_the_allowed_methods(reviewer_client, review):
    response = reviewer_client.get(reverse("review_comment_create", args=[review.pk]))
    assert response.status_code == 405
    assert response["Allow"] == "POST"
    assert response.content.decode() == "GET is not allowed here; this address takes POST only."
    response = reviewer_client.post(review.get_absolute_url())
    assert response.status_code == 405
    assert "takes GET" in response.content.decode()


def test_the_apis_405_keeps_its_json_error(client, review):
    response = client.delete(f"/api/reviews/{review.pk}")
    assert response.status_code == 405
    assert response["Content-Type"] == "application/json"
    assert response.json()["error"]["code"] == "method_not_allowed"


def test_signed_in_pages_are_not_cached(reviewer_client, review):
    for url in (reverse("dashboard"), review.get_absolute_url(), review.story.get_absolute_url()):
        assert reviewer_client.get(url)["Cache-Control"] == "private, no-store", url
    htmx = reviewer_client.get(reverse("dashboard") + "?q=pool", headers=HTMX)
    assert htmx["Cache-Control"] == "private, no-store"


def test_a_page_that_sets_its_own_cache_control_keeps_it(reviewer_client):
    assert reviewer_client.get(reverse("api_tokens"))["Cache-Control"] == "no-store"


def test_static_files_keep_their_own_caching(reviewer_client):
    static = reviewer_client.get("/static/css/app.css")
    assert static.status_code == 200
    assert "no-store" not in static.get("Cache-Control", "")
