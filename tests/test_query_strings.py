"""Control characters in a query string are refused with 400 on every page, never a 500.

PostgreSQL text cannot hold NUL, so `?q=%00` reaching a query used to be a server error there.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def _pages(review) -> list[str]:
    story = review.story.get_absolute_url()
    return [
        "/?q=%00",
        "/?tab=mine&q=x%00",
        "/?tab=%00",
        "/?page=1%00",
        "/?q=storm%1b",
        "/?q%00=storm",
        f"{story}?a=1%00&b=2",
        f"{story}?b=%7f",
        reverse("review_analysis_status", args=[review.pk]) + "?was=running%00",
        reverse("review_workspace", args=[review.pk]) + "?x=%00",
        "/admin/newsdesk/story/?q=%00",
        "/admin/reviews/event/?q=a%00b",
    ]


def test_every_get_filter_refuses_a_control_character(client, review, editor):
    editor.is_staff = editor.is_superuser = True
    editor.save(update_fields=["is_staff", "is_superuser"])
    client.force_login(editor)
    for url in _pages(review):
        response = client.get(url)
        assert response.status_code == 400, url
        assert "control character" in response.content.decode(), url


def test_htmx_gets_the_sentence_alone(editor_client):
    response = editor_client.get("/?q=%00", headers=HTMX)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/plain")
    assert "control character" in response.content.decode()


def test_an_ordinary_search_still_works(editor_client, review):
    response = editor_client.get("/", {"q": review.story.title[:8], "tab": "mine"})
    assert response.status_code == 200
    assert review.story.title in response.content.decode()


def test_the_login_page_refuses_a_nul_before_anything_else(client):
    assert client.get("/login/?next=/%00").status_code == 400
