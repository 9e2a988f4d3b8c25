"""The story page's activity log tells each event in words, naming items as the workspace does.

Personas (tests/conftest.py): Edith the editor, Rita the reviewer assigned to the review.
"""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reviews import workflow
from tests.factories import ClaimFactory, HighlightFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def rita(reviewer):
    reviewer.first_name, reviewer.last_name = "Rita", "Okafor"
    reviewer.save()
    return reviewer


def _log(client, story) -> list[str]:
    """The activity log's lines, as HTML, oldest first."""
    html = client.get(reverse("story_detail", args=[story.slug])).content.decode()
    section = html[html.index('<h2 id="events-h">') :]
    lines = re.findall(r'<li data-verb="[^"]*">(.*?)</li>', section, flags=re.S)
    return [re.sub(r"<time[^>]*>.*?</time> ", "", line) for line in reversed(lines)]


def _line(client, story, verb: str) -> str:
    html = client.get(reverse("story_detail", args=[story.slug])).content.decode()
    match = re.search(rf'<li data-verb="{re.escape(verb)}">(.*?)</li>', html, flags=re.S)
    assert match, f"no {verb} line"
    return re.sub(r"<time[^>]*>.*?</time> ", "", match[1])


def test_confirming_a_finding_names_it_by_number_and_quote(editor_client, rita, review):
    HighlightFactory(review=review, text="Riverside", severity="minor")
    h = HighlightFactory(review=review, text="9-0", status="suggested")
    workflow.set_highlight_status(highlight=h, user=rita, action="accept")
    url = reverse("review_workspace", args=[review.pk])
    assert _line(editor_client, review.story, "highlight.accept") == (
        f'<span class="event-text"><strong>Rita Okafor</strong> confirmed '
        f'<a href="{url}#finding-{h.pk}">finding #2</a> “9-0” as a problem</span>'
    )


def test_a_dismissal_says_so_with_its_reason(editor_client, rita, review):
    h = HighlightFactory(review=review, text="9-0")
    workflow.set_highlight_status(highlight=h, user=rita, action="dismiss", reason="Source agrees")
    line = _line(editor_client, review.story, "highlight.dismiss")
    assert "finding #1</a> “9-0” as not a problem</span>" in line
    assert ': <span class="event-message">“Source agrees”</span>' in line


def test_verdicts_name_the_claim_by_its_number(editor_client, rita, review):
    later = ClaimFactory(review=review)  # "Repairs will cost $1.2 million": C2
    first = ClaimFactory(review=review, text="voted 9-0")  # earlier in the text: C1
    workflow.set_verdict(
        claim=later, user=rita, verdict="verified", evidence_url="https://example.org/report"
    )
    workflow.set_verdict(claim=first, user=rita, verdict="disputed", note="The source says 7-2")
    url = reverse("review_workspace", args=[review.pk])
    verified = _line(editor_client, review.story, "claim.verified")
    assert (
        f'<strong>Rita Okafor</strong> marked <a href="{url}#claim-{later.pk}">claim C2</a> '
        "“Repairs will cost $1.2 million” verified"
    ) in verified
    disputed = _line(editor_client, review.story, "claim.disputed")
    assert f'disputed <a href="{url}#claim-{first.pk}">claim C1</a> “voted 9-0”' in disputed
    assert "“The source says 7-2”" in disputed


def test_sign_offs_and_comments_are_told_in_words(editor_client, rita, editor, review):
    h = HighlightFactory(review=review, text="9-0", severity="minor")
    workflow.add_comment(review=review, user=rita, body="Is this the final tally?", highlight=h)
    workflow.add_comment(review=review, user=editor, body="Looks fine to me.")
    workflow.sign_off(review=review, user=rita, role="reviewer", statement="Checked all")
    workflow.sign_off(review=review, user=editor, role="editor")
    lines = _log(editor_client, review.story)
    text = [re.sub(r"<[^>]+>", "", line) for line in lines]
    assert "Rita Okafor commented on finding #1 “9-0”: “Is this the final tally?”" in text
    assert "edith commented on the review: “Looks fine to me.”" in text
    assert "Rita Okafor signed as reviewer on v2: “Checked all”" in text
    assert "edith signed as editor on v2" in text
    assert "Sign-off complete: the review of v2 is signed off" in text
    assert not any(re.search(r"\b[a-z]+\.[a-z_]+\b", t) for t in text), text


def test_an_item_an_edit_removed_is_named_by_its_quote(editor_client, rita, editor, review):
    claim = ClaimFactory(review=review)
    body = review.rewrite.body.replace(
        "Repairs will cost $1.2 million and take about a year, according to a council report.\n",
        "",
    )
    workflow.add_rewrite_version(
        story=review.story, user=editor, data=workflow.VersionInput(body=body, origin="staff")
    )
    line = _line(editor_client, review.story, "claim.removed")
    assert (
        "<strong>edith</strong>'s edit in v3 removed the text of claim "
        "“Repairs will cost $1.2 million” (no longer in the text), settled as removed"
    ) in line
    assert claim.quote in line
    assert "· review of v3" in line  # two reviews now: each line says whose
    carried = re.sub(r"<[^>]+>", "", _line(editor_client, review.story, "review.carried_over"))
    assert "carried 0 findings, 1 claim, 0 comments over from the review of v2" in carried


def test_the_log_escapes_what_people_wrote(editor_client, editor, reviewer):
    story, review = workflow.create_story(
        user=editor,
        title="<b>Pool</b>",
        desk="",
        source=workflow.VersionInput(body="Officials said 7 were hurt.", origin="wire"),
        rewrite=workflow.VersionInput(body='Officials said <i>"19"</i> died.', origin="ai"),
        reviewers=[reviewer],
    )
    h = HighlightFactory(review=review, text='<i>"19"</i>', status="suggested")
    workflow.set_highlight_status(highlight=h, user=reviewer, action="accept")
    workflow.add_comment(
        review=review, user=reviewer, body="<script>alert(1)</script>", highlight=h
    )
    lines = "\n".join(_log(editor_client, story))
    assert "<i>" not in lines and "<script>" not in lines and "<b>Pool" not in lines
    assert "“&lt;i&gt;&quot;19&quot;&lt;/i&gt;” as a problem" in lines
    assert "“&lt;script&gt;alert(1)&lt;/script&gt;”" in lines
    assert "created the story “&lt;b&gt;Pool&lt;/b&gt;”" in lines


def _story_page_queries(client, story) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("story_detail", args=[story.slug])).status_code == 200
    return len(ctx.captured_queries)


def _act_on_items(review, user, n: int) -> None:
    for _ in range(n):
        h = HighlightFactory(review=review, text="Riverside", status="suggested")
        workflow.set_highlight_status(highlight=h, user=user, action="accept")
        workflow.add_comment(review=review, user=user, body="Checked.", highlight=h)
        c = ClaimFactory(review=review, text="take about a year")
        workflow.set_verdict(claim=c, user=user, verdict="disputed", note="No date given")
        workflow.add_comment(review=review, user=user, body="On the claim.", claim=c)


def test_naming_the_items_costs_the_same_queries_for_many_events(
    editor_client, reviewer, review, django_assert_max_num_queries
):
    _act_on_items(review, reviewer, 1)
    few = _story_page_queries(editor_client, review.story)
    _act_on_items(review, reviewer, 20)
    with django_assert_max_num_queries(few):
        response = editor_client.get(reverse("story_detail", args=[review.story.slug]))
    assert response.content.decode().count("confirmed <a href=") == 21


def test_an_assignment_names_the_people_assigned(editor_client, editor, rita, review):
    workflow.assign_reviewers(review=review, user=editor, reviewers=[rita])
    line = re.sub(r"<[^>]+>", "", _line(editor_client, review.story, "review.reviewers_set"))
    assert line == "edith assigned Rita Okafor to the review of v2"
