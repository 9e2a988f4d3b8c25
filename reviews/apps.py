from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "reviews"
    verbose_name = "Reviews"

    def ready(self) -> None:
        # Connects the audit-log receiver that writes notifications.
        from reviews import notifications  # noqa: F401
