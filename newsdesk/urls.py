from __future__ import annotations

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from newsdesk import views
from newsdesk.api import views as api_views
from newsdesk.forms import LoginForm
from reviews import notification_views, queue_views, search_views

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path(
        "login/",
        auth_views.LoginView.as_view(
            redirect_authenticated_user=True, authentication_form=LoginForm
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("stories/new/", views.story_create, name="story_create"),
    path("stories/<slug:slug>/", views.story_detail, name="story_detail"),
    path("stories/<slug:slug>/rewrite/", views.story_add_rewrite, name="story_add_rewrite"),
    path(
        "stories/<slug:slug>/reviews/<int:pk>/reviewers/",
        views.review_assign,
        name="review_assign",
    ),
    path(
        "stories/<slug:slug>/reviews/<int:pk>/record/",
        views.review_record,
        name="review_record",
    ),
    path(
        "stories/<slug:slug>/reviews/<int:pk>/record.json",
        views.review_record_json,
        name="review_record_json",
    ),
    path("reviews/", include("reviews.urls")),
    path("notifications/", include("reviews.notification_urls")),
    path("search/", search_views.search_page, name="search"),
    path("queue/", queue_views.queue_page, name="queue"),
    path("queue/next/", queue_views.queue_next, name="queue_next"),
    path("people/<str:username>/", notification_views.person, name="person"),
    path(
        "reviews/<int:pk>/mentions/",
        notification_views.mention_candidates,
        name="review_mention_candidates",
    ),
    path("settings/tokens/", api_views.token_list, name="api_tokens"),
    path("settings/tokens/<int:pk>/revoke/", api_views.token_revoke, name="api_token_revoke"),
    path("api/", include("newsdesk.api.urls")),
    path("admin/", admin.site.urls),
]

handler400 = "newsdesk.errors.bad_request"
handler403 = "newsdesk.errors.permission_denied"
handler404 = "newsdesk.errors.page_not_found"
handler500 = "newsdesk.errors.server_error"
