from django.urls import path

from reviews import views

urlpatterns = [
    path("<int:pk>/", views.workspace, name="review_workspace"),
]
