"""Refused actions without htmx answer like every other refusal: a 4xx page that says why.

Not a redirect with a flash message: the status says the action failed, the page says why, and
anything typed into the form is shown back so that nothing is lost. The status is the one the
htmx request gets (403 not allowed, 409 conflict, 400 bad input).
"""

from __future__ import annotations

from django.urls import reverse

from reviews.models import Comment, Event, SignOff

HTMX = {"HX-Request": "true"}


def test_a_reviewer_signing_as_editor_gets_a_403_page(reviewer_client, review):
    url = reverse("review_sign_off", args=[review.pk])
    data = {"role": "editor", "statement": "All checked by me"}

    response = reviewer_client.post(url, data)

    assert response.status_code == 403
    html = response.content.decode()
    assert "You do not have the editor role." in html
    assert review.get_absolute_url() in html
    assert ">All checked by me</textarea>" in html
    assert not SignOff.objects.exists()
    # The htmx request is refused with the same status.
    assert reviewer_client.post(url, data, headers=HTMX).status_code == 403


def test_a_comment_on_a_closed_review_gets_a_409_page_keeping_the_text(reviewer_client, review):
    review.status = review.Status.SUPERSEDED
    review.save(update_fields=["status"])
    url = reverse("review_comment_create", args=[review.pk])

    response = reviewer_client.post(url, {"body": "Seven, not nine <b>"})

    assert response.status_code == 409
    html = response.content.decode()
    assert "takes no more changes" in html
    assert "Seven, not nine &lt;b&gt;</textarea>" in html
    assert not Comment.objects.exists() and not Event.objects.exists()


def test_bad_input_without_htmx_gets_a_400_page(reviewer_client, review):
    url = reverse("review_comment_create", args=[review.pk])
    response = reviewer_client.post(url, {"body": "   "})
    assert response.status_code == 400
    assert "The comment is empty." in response.content.decode()
    # No flash is left behind for the next page.
    page = reviewer_client.get(review.get_absolute_url()).content.decode()
    assert "The comment is empty." not in page
