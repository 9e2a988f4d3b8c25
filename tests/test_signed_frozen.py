"""Signed means frozen: once a review is signed off nothing of it changes, anywhere.

Rita reviewed and signed, Edith signed last. Root is a superuser in the admin.
"""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from reviews import workflow
from reviews.audit import record_change
from reviews.models import Claim, Comment, Event, Highlight, Review, SignedReviewError
from reviews.workflow import Conflict, VersionInput
from tests.factories import REWRITE_BODY, UserFactory
from tests.test_workflow import sel, writes_nothing

pytestmark = pytest.mark.django_db


@pytest.fixture
def items(review, reviewer):
    """A finding, a claim and a comment thread, made while the review was open."""
    finding = workflow.create_highlight(
        review=review,
        user=reviewer,
        side="rewrite",
        selection=sel(REWRITE_BODY, "9-0"),
        category="number",
        severity="minor",
        note="Check the vote",
    )
    claim = workflow.create_claim(
        review=review, user=reviewer, selection=sel(REWRITE_BODY, "Repairs will cost $1.2 million")
    )
    workflow.set_verdict(
        claim=claim, user=reviewer, verdict="verified", evidence_url="https://example.org/a"
    )
    comment = workflow.add_comment(review=review, user=reviewer, body="Looks right.", claim=claim)
    return finding, Claim.objects.get(pk=claim.pk), comment


@pytest.fixture
def signed(review, editor, reviewer, items) -> Review:
    workflow.sign_off(review=review, user=reviewer, role="reviewer")
    workflow.sign_off(review=review, user=editor, role="editor")
    review.refresh_from_db()
    assert review.status == "signed_off"
    return review


@pytest.fixture
def admin_client(client, db):
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    return client


# --- The workflow ---------------------------------------------------------------------------------


def test_every_verb_refuses_a_signed_review(signed, items, reviewer, editor, other_reviewer):
    finding, claim, comment = items
    verbs = [
        lambda: workflow.set_verdict(claim=claim, user=reviewer, verdict="pending"),
        lambda: workflow.set_highlight_status(highlight=finding, user=reviewer, action="resolve"),
        lambda: workflow.edit_highlight(highlight=finding, user=reviewer, severity="major"),
        lambda: workflow.add_comment(review=signed, user=reviewer, body="One more thing"),
        lambda: workflow.edit_comment(comment=comment, user=reviewer, body="Changed my mind"),
        lambda: workflow.set_comment_resolved(comment=comment, user=reviewer, resolved=True),
        lambda: workflow.create_claim(
            review=signed, user=reviewer, selection=sel(REWRITE_BODY, "9-0")
        ),
        lambda: workflow.request_changes(review=signed, user=reviewer, note="Again"),
        lambda: workflow.assign_reviewers(review=signed, user=editor, reviewers=[other_reviewer]),
    ]
    for verb in verbs:
        with writes_nothing(Highlight, Claim, Comment), pytest.raises(Conflict):
            verb()


def test_a_new_version_leaves_the_signed_review_and_its_items_as_they_were(signed, items, editor):
    before = {
        model.__name__: list(model.objects.filter(review=signed).order_by("pk").values())
        for model in (Highlight, Claim, Comment)
    }
    workflow.add_rewrite_version(
        story=signed.story,
        user=editor,
        data=VersionInput(body="UPDATE: " + REWRITE_BODY, origin="staff"),
    )
    signed.refresh_from_db()
    assert signed.status == "signed_off"
    after = {
        model.__name__: list(model.objects.filter(review=signed).order_by("pk").values())
        for model in (Highlight, Claim, Comment)
    }
    assert after == before


# --- The models -----------------------------------------------------------------------------------


def test_the_models_refuse_to_save_or_delete_items_of_a_signed_review(signed, items, reviewer):
    finding, claim, comment = items
    for item in Highlight.objects.get(pk=finding.pk), Claim.objects.get(pk=claim.pk):
        item.note = "tampered"
        with pytest.raises(SignedReviewError):
            item.save()
        with pytest.raises(SignedReviewError):
            item.delete()
    comment = Comment.objects.get(pk=comment.pk)
    comment.body = "tampered"
    with pytest.raises(SignedReviewError):
        comment.save()
    with pytest.raises(SignedReviewError):
        Comment.objects.create(review=signed, author=reviewer, body="Sneaked in")
    assert Comment.objects.get(pk=comment.pk).body == "Looks right."
    assert Highlight.objects.get(pk=finding.pk).note == "Check the vote"


def test_an_item_loaded_with_its_review_before_the_sign_off_is_still_refused(
    review, items, editor, reviewer
):
    """Only a review the caller holds locked is trusted; a copy read earlier is not."""
    finding, _, _ = items
    stale = Highlight.objects.select_related("review").get(pk=finding.pk)
    assert stale.review.status == "open"
    workflow.sign_off(review=review, user=reviewer, role="reviewer")
    workflow.sign_off(review=review, user=editor, role="editor")
    stale.note = "tampered"
    with pytest.raises(SignedReviewError):
        stale.save(update_fields=["note"])


# --- The admin ------------------------------------------------------------------------------------

ADMIN_ITEMS = [
    ("highlight", 0, {"note": "tampered"}),
    ("claim", 1, {"kinds": "tampered"}),
    ("comment", 2, {"body": "tampered"}),
]


@pytest.mark.parametrize(("model", "index", "post"), ADMIN_ITEMS)
def test_the_admin_shows_items_of_a_signed_review_read_only(
    admin_client, signed, items, model, index, post
):
    url = reverse(f"admin:reviews_{model}_change", args=[items[index].pk])
    page = admin_client.get(url).content.decode()
    assert 'name="_save"' not in page
    assert f'name="{next(iter(post))}"' not in page


@pytest.mark.parametrize(("model", "index", "post"), ADMIN_ITEMS)
def test_the_admin_refuses_a_change_posted_to_a_signed_review(
    admin_client, signed, items, model, index, post
):
    item = items[index]
    url = reverse(f"admin:reviews_{model}_change", args=[item.pk])
    with writes_nothing(Highlight, Claim, Comment):
        response = admin_client.post(url, post)
    assert response.status_code == 403
    item.refresh_from_db()
    assert getattr(item, next(iter(post))) != "tampered"
    assert not Event.objects.filter(verb="admin.changed").exists()


def test_the_admin_still_edits_items_of_an_open_review(admin_client, review, items):
    finding, _, _ = items
    url = reverse("admin:reviews_highlight_change", args=[finding.pk])
    assert admin_client.post(url, {"note": "Moderated"}).status_code == 302
    finding.refresh_from_db()
    assert finding.note == "Moderated"


# --- The record -----------------------------------------------------------------------------------


def _record(client, review):
    args = [review.story.slug, review.pk]
    html = client.get(reverse("review_record", args=args)).content.decode()
    return html, client.get(reverse("review_record_json", args=args))


def test_the_record_flags_admin_changes_made_before_the_sign_off(
    review, items, editor, reviewer, editor_client
):
    from django.test import Client

    finding, _, _ = items
    admin_client = Client()
    admin_client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    response = admin_client.post(
        reverse("admin:reviews_highlight_change", args=[finding.pk]), {"note": "Moderated"}
    )
    assert response.status_code == 302
    workflow.sign_off(review=review, user=reviewer, role="reviewer")
    workflow.sign_off(review=review, user=editor, role="editor")
    html, response = _record(editor_client, review)
    assert "Changed in the admin (1)" in html
    assert f"root changed highlight {finding.pk} (note)" in html
    assert "after the sign-off" not in html
    data = response.json()
    assert data["valid"] is True
    assert data["admin_changes"][0]["by"] == "root"


def test_an_admin_change_after_the_sign_off_voids_the_record(signed, items, editor_client):
    finding, _, _ = items
    # Written as the admin did before items were frozen: the log keeps such changes for good.
    record_change(signed, "admin.changed", finding, user=None, after={"note": "x"})
    html, response = _record(editor_client, signed)
    assert "after the sign-off" in html
    assert "changed in the admin after it was signed off" in html
    assert response.status_code == 409


def test_the_record_shows_signers_in_local_time_without_microseconds(
    signed, editor_client, settings
):
    settings.TIME_ZONE = "Europe/Oslo"
    html, _ = _record(editor_client, signed)
    cells = re.findall(r'<time datetime="[^"]+">([^<]+)</time>', html)
    assert len(cells) == 2
    for cell in cells:
        assert re.fullmatch(r"\d{1,2} \w{3} \d{4}, \d{2}:\d{2} CES?T", cell), cell
    assert not re.search(r">\d{4}-\d{2}-\d{2}T[\d:.]+", html)


def test_the_record_shows_a_removed_claim_as_removed(review, editor, reviewer, editor_client):
    sentence = (
        "Repairs will cost $1.2 million and take about a year, according to a council report."
    )
    claim = workflow.create_claim(
        review=review, user=reviewer, selection=sel(REWRITE_BODY, sentence)
    )
    workflow.set_verdict(
        claim=claim, user=reviewer, verdict="verified", evidence_url="https://example.org/a"
    )
    body = REWRITE_BODY.replace(sentence + "\n", "")
    new = workflow.add_rewrite_version(
        story=review.story, user=editor, data=VersionInput(body=body, origin="staff")
    )
    removed = new.claims.get(verdict__in=["removed", "pending"])
    assert removed.verdict == "removed", (removed.quote, removed.anchor_state)
    workflow.sign_off(review=new, user=reviewer, role="reviewer")
    workflow.sign_off(review=new, user=editor, role="editor")
    html, response = _record(editor_client, new)
    assert "Removed in v3" in html
    assert f"<del>“{sentence}”</del>" in html
    assert "Verified" not in html
    claim_data = response.json()["claims"][0]
    assert (claim_data["verdict"], claim_data["removed_in"]) == ("removed", 3)
    assert response.json()["claim_reviews"] == []


def test_the_printable_record_shows_the_signed_text_with_its_marks(signed, items, editor_client):
    html, _ = _record(editor_client, signed)
    assert "The signed text (v2)" in html
    assert (
        '<mark title="C1 ✓">Repairs will cost $1.2 million</mark>'
        '<sup class="record-tag">[C1 ✓]</sup>' in html
    )
    assert '<mark title="F1 open">9-0</mark><sup class="record-tag">[F1 open]</sup>' in html
    assert "The closure is expected to anger local swimmers." in html
