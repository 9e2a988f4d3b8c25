"""Webhooks per desk: signed JSON on sign-off, changes requested and a voided record, with retries.

The receiver is a real HTTP server in a thread on 127.0.0.1, answering with the statuses a test
gives it. Edith signs off alone (the required sign-offs are set to the editor's only).
"""

from __future__ import annotations

import json
import threading
import time
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from newsdesk.api import webhooks
from newsdesk.api.models import WebhookDelivery, WebhookEndpoint
from newsdesk.api.tasks import deliver_webhook
from reviews import workflow

pytestmark = pytest.mark.django_db


class Receiver:
    """Records each POST (headers, body) and answers with the next queued status (then 200)."""

    def __init__(self):
        self.requests: list[tuple[dict, bytes]] = []
        self.statuses: list[int] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                outer.requests.append((dict(self.headers), body))
                status = outer.statuses.pop(0) if outer.statuses else 200
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hook"
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    def payloads(self) -> list[dict]:
        return [json.loads(body) for _, body in self.requests]


@pytest.fixture
def receiver():
    r = Receiver()
    r.thread.start()
    yield r
    r.server.shutdown()
    r.server.server_close()


@pytest.fixture
def endpoint(receiver):
    return WebhookEndpoint.objects.create(desk="local", url=receiver.url)


@pytest.fixture(autouse=True)
def _editor_signs_alone(settings):
    settings.NEWSDESK_REQUIRED_SIGNOFFS = ["editor"]


def _sign_off(review, editor, capture):
    with capture(execute=True):
        workflow.sign_off(review=review, user=editor, role="editor", statement="Cleared")


def test_a_sign_off_sends_one_signed_delivery(
    review, editor, endpoint, receiver, django_capture_on_commit_callbacks
):
    _sign_off(review, editor, django_capture_on_commit_callbacks)

    [(headers, body)] = receiver.requests
    assert webhooks.verify_signature(endpoint.secret, headers["Newsdesk-Signature"], body)
    assert headers["Newsdesk-Event"] == "review.signed_off"
    assert headers["Content-Type"] == "application/json"
    payload = json.loads(body)
    assert payload["type"] == "review.signed_off"
    assert payload["review"]["id"] == review.pk
    assert payload["review"]["rewrite_sha256"] == review.rewrite.sha256
    assert payload["actor"] == "edith"
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == ("delivered", 1, 200)


def test_changes_requested_is_sent(
    review, reviewer, endpoint, receiver, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        workflow.request_changes(review=review, user=reviewer, note="The vote count is wrong")

    [payload] = receiver.payloads()
    assert payload["type"] == "review.changes_requested"
    assert payload["message"] == "The vote count is wrong"


def test_a_new_version_after_sign_off_sends_record_voided(
    review, editor, endpoint, receiver, django_capture_on_commit_callbacks
):
    _sign_off(review, editor, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.add_rewrite_version(
            story=review.story,
            user=editor,
            data=workflow.VersionInput(body=review.rewrite.body + "\nAn edit.", origin="staff"),
        )

    assert [p["type"] for p in receiver.payloads()] == ["review.signed_off", "record.voided"]
    assert receiver.payloads()[1]["review"]["id"] == review.pk


def test_a_new_version_of_an_unsigned_review_voids_nothing(
    review, editor, endpoint, receiver, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        workflow.add_rewrite_version(
            story=review.story,
            user=editor,
            data=workflow.VersionInput(body=review.rewrite.body + "\nAn edit.", origin="staff"),
        )

    assert receiver.requests == []
    assert not WebhookDelivery.objects.exists()


def test_another_desks_endpoint_hears_nothing(
    review, editor, receiver, django_capture_on_commit_callbacks
):
    WebhookEndpoint.objects.create(desk="World", url=receiver.url)
    WebhookEndpoint.objects.create(desk="", url=receiver.url, active=False)

    _sign_off(review, editor, django_capture_on_commit_callbacks)

    assert receiver.requests == []


def test_an_endpoint_gets_only_the_kinds_it_asked_for(
    review, reviewer, receiver, django_capture_on_commit_callbacks
):
    WebhookEndpoint.objects.create(desk="", url=receiver.url, kinds=["review.signed_off"])

    with django_capture_on_commit_callbacks(execute=True):
        workflow.request_changes(review=review, user=reviewer, note="Wrong count")

    assert receiver.requests == []


def test_a_rolled_back_change_sends_and_logs_nothing(
    review, editor, endpoint, receiver, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        workflow.sign_off(review=review, user=editor, role="editor")
        raise RuntimeError("something later in the same transaction failed")

    assert receiver.requests == []
    assert not WebhookDelivery.objects.exists()


def test_a_failed_delivery_is_retried_until_it_lands(
    review, editor, endpoint, receiver, django_capture_on_commit_callbacks
):
    receiver.statuses = [503]

    _sign_off(review, editor, django_capture_on_commit_callbacks)

    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == ("retrying", 1, 503)
    assert delivery.next_attempt_at > timezone.now()
    call_command("send_webhooks")  # not due yet: nothing sent
    assert len(receiver.requests) == 1

    WebhookDelivery.objects.update(next_attempt_at=timezone.now() - timedelta(seconds=1))
    call_command("send_webhooks")

    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == ("delivered", 2, 200)
    first, second = receiver.requests
    assert first[1] == second[1]
    assert all(
        webhooks.verify_signature(endpoint.secret, h["Newsdesk-Signature"], b)
        for h, b in receiver.requests
    )


def test_a_deferring_backend_requeues_the_retry_for_later(review, endpoint, receiver, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    receiver.statuses = [500]
    delivery = WebhookDelivery.objects.create(
        endpoint=endpoint, kind="review.signed_off", payload={"type": "review.signed_off"}
    )

    assert deliver_webhook.call(delivery.pk) == "retrying"

    delivery.refresh_from_db()
    [queued] = deliver_webhook.get_backend().results
    assert queued.args == [delivery.pk]
    assert queued.task.run_after == delivery.next_attempt_at


def test_it_gives_up_after_the_last_retry(review, endpoint, receiver, settings):
    settings.NEWSDESK_WEBHOOK_RETRY_DELAYS = [60]
    receiver.statuses = [500, 500]
    delivery = WebhookDelivery.objects.create(
        endpoint=endpoint, kind="review.signed_off", payload={"type": "review.signed_off"}
    )

    webhooks.attempt(delivery.pk)
    webhooks.attempt(delivery.pk)

    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.next_attempt_at) == ("failed", 2, None)
    assert webhooks.attempt(delivery.pk) is None
    assert len(receiver.requests) == 2


def test_an_unreachable_receiver_is_logged_as_an_error(review, settings):
    settings.NEWSDESK_WEBHOOK_TIMEOUT = 1
    closed = Receiver()  # bound but never serving: connections are refused or time out
    url = closed.url
    closed.server.server_close()
    endpoint = WebhookEndpoint.objects.create(desk="", url=url)
    delivery = WebhookDelivery.objects.create(
        endpoint=endpoint, kind="review.signed_off", payload={}
    )

    webhooks.attempt(delivery.pk)

    delivery.refresh_from_db()
    assert delivery.status == "retrying"
    assert delivery.last_status_code is None
    assert delivery.last_error


def test_a_signature_fails_for_another_body_secret_or_an_old_time():
    body = b'{"type":"review.signed_off"}'
    now = int(time.time())
    header = webhooks.sign("s3cret", body, now)

    assert webhooks.verify_signature("s3cret", header, body)
    assert not webhooks.verify_signature("s3cret", header, body + b" ")
    assert not webhooks.verify_signature("other", header, body)
    assert not webhooks.verify_signature("s3cret", header, body, now=now + 301)
    assert not webhooks.verify_signature("s3cret", "garbage", body)


def test_the_delivery_log_is_in_the_admin_and_read_only(admin_client, endpoint):
    delivery = WebhookDelivery.objects.create(
        endpoint=endpoint, kind="review.signed_off", payload={"type": "review.signed_off"}
    )

    listing = admin_client.get(reverse("admin:api_webhookdelivery_changelist"))
    detail = admin_client.get(reverse("admin:api_webhookdelivery_change", args=[delivery.pk]))

    assert listing.status_code == 200 and "review.signed_off" in listing.content.decode()
    assert detail.status_code == 200
    assert admin_client.get(reverse("admin:api_webhookdelivery_add")).status_code == 403
