"""Send every webhook delivery that is due (first tries and retries); for cron."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from newsdesk.api import webhooks


class Command(BaseCommand):
    help = "Send webhook deliveries that are due, once each."

    def handle(self, *args, **options) -> None:
        counts: dict[str, int] = {}
        for pk in webhooks.due_deliveries().order_by("pk").values_list("pk", flat=True):
            delivery = webhooks.attempt(pk)
            if delivery is not None:
                counts[delivery.status] = counts.get(delivery.status, 0) + 1
        summary = ", ".join(f"{n} {status}" for status, n in sorted(counts.items()))
        self.stdout.write(summary or "Nothing due.")
