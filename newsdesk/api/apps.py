from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "newsdesk.api"
    label = "api"
    verbose_name = "API and webhooks"

    def ready(self) -> None:
        # Connects the audit-log receiver that queues webhook deliveries.
        from newsdesk.api import webhooks  # noqa: F401
