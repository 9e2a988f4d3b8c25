"""One-click evidence: a claim the engine linked to a source passage shows it, and verifies with it.

Rafael reviews the demo story; the engine supported some of its claims with a source passage.
"""

from __future__ import annotations

import re
from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from newsdesk import demo
from reviews import workflow
from reviews.models import Claim, Review
from tests.browser.conftest import assert_not_reloaded, login, mark_page

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def demo_review() -> Review:
    call_command("loaddemo", stdout=StringIO())
    return Review.objects.get(story__title=demo.TITLE)


def test_verifying_a_claim_with_the_passage_the_engine_found(page, demo_review):
    supported = demo_review.claims.filter(support_start__isnull=False, verdict="pending")
    contested = [
        c for c in supported if workflow.contesting_findings(demo_review, c.start, c.end).exists()
    ]
    claim = next((c for c in supported.order_by("start") if c not in contested), None)
    assert claim is not None, "the demo story should have a claim the engine supported"
    assert contested, "the demo's wrong figure should contest the claim that carries it"
    passage = demo_review.source.body[claim.support_start : claim.support_end]
    login(page, "reviewer", "newsdesk-reviewer")
    page.goto(demo_review.get_absolute_url())
    mark_page(page)
    claims = page.locator('#ws-progress [data-count="claims"]')
    total = demo_review.claims.count()
    expect(claims).to_have_text(f"0 / {total}")

    # A claim a finding contradicts offers no one click, and says why.
    other = page.locator(f'li[data-item="c{contested[0].pk}"]')
    expect(other.locator('[data-field="contested"]')).to_contain_text("Settle the critical")
    expect(other.locator('[data-action="verify-support"]')).to_have_count(0)

    # The compact item quotes the passage and offers the one click.
    item = page.locator(f'li[data-item="c{claim.pk}"]')
    expect(item.locator(".ws-support")).to_have_text(f"Source says: {passage}")
    item.locator('[data-action="verify-support"]').click()

    expect(page.locator("#ws-live")).to_have_text("Claim marked verified.")
    item = page.locator(f'li[data-item="c{claim.pk}"]')
    expect(item).to_have_attribute("data-verdict", "verified")
    expect(item.locator(".ws-other")).to_contain_text(f"Evidence in the source: {passage}")
    expect(item.locator('[data-action="verify-support"]')).to_have_count(0)
    expect(claims).to_have_text(f"1 / {total}")
    # Its underline in the rewrite says so too.
    mark = page.locator(f'#col-rewrite [data-claim-ids~="{claim.pk}"]').first
    expect(mark).to_have_class(re.compile(r"\bv-verified\b"))
    expect(mark).to_have_attribute("aria-label", re.compile(r"Claim C\d+, verified"))
    assert_not_reloaded(page)

    claim.refresh_from_db()
    assert claim.verdict == Claim.Verdict.VERIFIED
    assert (claim.evidence_start, claim.evidence_end) == (claim.support_start, claim.support_end)
    assert claim.verdict_by.username == "reviewer"
