"""The review workspace and its actions, mounted at /reviews/."""

from __future__ import annotations

from django.urls import path

from reviews import live_views, rewrite_views, views

urlpatterns = [
    path("<int:pk>/", views.workspace, name="review_workspace"),
    path("<int:pk>/analysis/", views.analysis_status, name="review_analysis_status"),
    path("<int:pk>/analysis/run/", views.analysis_run, name="review_analysis_run"),
    path("<int:pk>/highlights/", views.highlight_create, name="review_highlight_create"),
    path("<int:pk>/claims/", views.claim_create, name="review_claim_create"),
    path("<int:pk>/comments/", views.comment_create, name="review_comment_create"),
    path("<int:pk>/sign-off/", views.sign_off, name="review_sign_off"),
    path("<int:pk>/request-changes/", views.request_changes, name="review_request_changes"),
    path("<int:pk>/rewrite/", rewrite_views.edit_rewrite, name="review_edit_rewrite"),
    path("<int:pk>/changes/", live_views.review_changes, name="review_changes"),
    path("highlights/<int:pk>/", views.highlight_detail, name="highlight_detail"),
    path("claims/<int:pk>/", views.claim_detail, name="claim_detail"),
    path("highlights/<int:pk>/status/", views.highlight_status, name="highlight_status"),
    path("highlights/<int:pk>/edit/", views.highlight_edit, name="highlight_edit"),
    path("claims/<int:pk>/verdict/", views.claim_verdict, name="claim_verdict"),
    path("comments/<int:pk>/edit/", views.comment_edit, name="comment_edit"),
    path("comments/<int:pk>/resolve/", views.comment_resolve, name="comment_resolve"),
]
