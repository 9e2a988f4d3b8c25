"""Mentions: @username in a comment links to the person and notifies them, if they can see it.

Edith is an editor, Rita the assigned reviewer, Ravi an unassigned reviewer, Oscar has no role.
"""

from __future__ import annotations

from django.urls import reverse

from reviews import mentions, workflow
from reviews.models import Notification


def test_it_finds_usernames_but_not_email_addresses():
    text = "@rita, ask @ravi.k. Mail a@edith.org or (@Ed-ith_2)! @ alone, @@x"
    assert mentions.usernames_in(text) == {"rita", "ravi.k", "Ed-ith_2"}


def test_a_mention_renders_as_a_link_and_the_rest_stays_escaped():
    html = mentions.paragraphs_html('<b>hi</b> @rita "x"\n\nnext')
    assert '<a class="mention" href="/people/rita/">@rita</a>' in html
    assert "&lt;b&gt;hi&lt;/b&gt;" in html and "&quot;x&quot;" in html
    assert "<b>" not in html and html.count("<p>") == 2


def test_the_workspace_shows_the_mention_as_a_link(reviewer_client, review, reviewer, editor):
    workflow.add_comment(review=review, user=reviewer, body="@edith <script>x</script> see")
    page = reviewer_client.get(review.get_absolute_url()).content.decode()
    assert '<a class="mention" href="/people/edith/">@edith</a>' in page
    assert "<script>x</script>" not in page


def _post(client, review, body, **extra):
    return client.post(
        reverse("review_comment_create", args=[review.pk]),
        {"body": body, **extra},
        HTTP_HX_REQUEST="true",
    )


def test_posting_a_mention_notifies_and_says_nothing_more(reviewer_client, review, editor):
    response = _post(reviewer_client, review, "@edith please check")
    assert response.status_code == 200
    assert "Comment posted.</div>" in response.content.decode()
    assert Notification.objects.get().recipient == editor


def test_mentioning_someone_who_cannot_see_the_review_says_so(
    reviewer_client, review, outsider, editor
):
    response = _post(reviewer_client, review, "@oscar and @nobody_here, look")
    body = response.content.decode()
    assert response.status_code == 200
    assert "@oscar cannot see this review and was not notified." in body
    assert "@nobody_here" in body and "nobody was notified" in body
    assert not Notification.objects.exists()


def test_an_inactive_account_is_not_notified(reviewer_client, review, editor):
    editor.is_active = False
    editor.save()
    body = _post(reviewer_client, review, "@edith look").content.decode()
    assert "nobody was notified" in body
    assert not Notification.objects.exists()


def test_a_reply_with_a_mention_notifies_too(reviewer_client, review, reviewer, other_reviewer):
    top = workflow.add_comment(review=review, user=reviewer, body="First")
    _post(reviewer_client, review, "@ravi what do you think?", parent=top.pk)
    [n] = Notification.objects.all()
    assert (n.recipient, n.comment.parent_id) == (other_reviewer, top.pk)


def test_completion_offers_only_people_who_can_see_the_review(
    reviewer_client, review, editor, reviewer, other_reviewer, outsider
):
    url = reverse("review_mention_candidates", args=[review.pk])
    names = [c["username"] for c in reviewer_client.get(url).json()["candidates"]]
    assert names == ["edith", "ravi", "rita"]
    names = [c["username"] for c in reviewer_client.get(url, {"q": "r"}).json()["candidates"]]
    assert names == ["ravi", "rita"]
    assert reviewer_client.get(url, {"q": "osc"}).json()["candidates"] == []


def test_completion_is_refused_to_someone_who_cannot_see_the_review(outsider_client, review):
    url = reverse("review_mention_candidates", args=[review.pk])
    assert outsider_client.get(url, {"q": "e"}).status_code == 404


def test_completion_takes_a_fixed_number_of_queries(
    reviewer_client, review, django_assert_max_num_queries
):
    url = reverse("review_mention_candidates", args=[review.pk])
    # session, user, two for the role, the review and its reviewers, the candidates
    with django_assert_max_num_queries(7):
        reviewer_client.get(url, {"q": "r"})


def test_a_persons_page_shows_their_assignments(reviewer_client, review):
    page = reviewer_client.get(reverse("person", args=["rita"]))
    assert page.status_code == 200
    assert review.story.title in page.content.decode()
    assert reviewer_client.get(reverse("person", args=["nobody"])).status_code == 404


def test_a_persons_page_is_hidden_from_outsiders(outsider_client, editor):
    assert outsider_client.get(reverse("person", args=["edith"])).status_code == 404
