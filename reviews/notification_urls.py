"""The inbox and notification settings, mounted at /notifications/; people at /people/."""

from __future__ import annotations

from django.urls import path

from reviews import notification_views as views

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("count/", views.unread_badge, name="inbox_count"),
    path("settings/", views.notification_settings, name="notification_settings"),
    path("read-all/", views.notification_read_all, name="notification_read_all"),
    path("<int:pk>/", views.notification_open, name="notification_open"),
    path("<int:pk>/read/", views.notification_read, name="notification_read"),
]
