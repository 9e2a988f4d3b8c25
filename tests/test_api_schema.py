"""A schema-driven run of the whole API (schemathesis): no generated request gets a 5xx, and
every 4xx comes in the one error shape.

Each operation runs a small, fixed number of generated examples (derandomized, so a failure
reproduces), once as generated and once aimed at a real story and review, so the bodies reach
the workflow rather than stopping at a 404.
"""

from __future__ import annotations

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

from newsdesk.api import tokens

pytestmark = pytest.mark.django_db

MAX_EXAMPLES = 12
schema = schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())
CALLS: dict[str, int] = {}


@pytest.fixture
def target(review, editor, settings):
    """Edith's token, and the real review and story to aim half the calls at."""
    settings.NEWSDESK_API_RATE_LIMIT = 100_000
    _, secret = tokens.issue_token(user=editor, name="schemathesis")
    # As Django's test Client does: a request through the WSGI app must not close the test's
    # connection (and with it the test's transaction) when it ends.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield {"Authorization": f"Bearer {secret}"}, review
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def _check(response) -> None:
    assert response.status_code < 500, response.text[:2000]
    if 400 <= response.status_code < 500:
        error = response.json()["error"]
        assert set(error) == {"code", "message", "fields"}


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_no_generated_request_gets_a_server_error(case, target):
    headers, review = target
    _check(case.call(headers=headers))
    if case.path_parameters:
        aimed = dict(case.path_parameters)
        aimed.update(
            {k: review.pk for k in aimed if k == "review_id"}
            | {k: review.story.slug for k in aimed if k == "slug"}
        )
        case.path_parameters = aimed
        _check(case.call(headers=headers))
    key = f"{case.method} {case.path}"
    CALLS[key] = CALLS.get(key, 0) + 1
