"""Sending webhooks in the background (django-tasks; ids, not instances).

With a backend that can defer (the database backend), a failed attempt re-queues itself to run
after the next delay. The immediate backend cannot wait, so there a failed delivery stays
`retrying` until `manage.py send_webhooks` (run it from cron) sends whatever is due.
"""

from __future__ import annotations

from django_tasks import task

from newsdesk.api import webhooks


@task()
def deliver_webhook(delivery_id: int) -> str:
    """Make one delivery attempt; returns the delivery's status afterwards."""
    delivery = webhooks.attempt(delivery_id)
    if delivery is None:
        return "skipped"
    if delivery.status == "retrying" and deliver_webhook.get_backend().supports_defer:
        deliver_webhook.using(run_after=delivery.next_attempt_at).enqueue(delivery_id)
    return delivery.status
