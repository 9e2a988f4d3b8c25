from __future__ import annotations

from django.http import HttpRequest, HttpResponse


def dashboard(request: HttpRequest) -> HttpResponse:
    return HttpResponse("Newsdesk")


def story_create(request: HttpRequest) -> HttpResponse:
    return HttpResponse("new story")


def story_detail(request: HttpRequest, slug: str) -> HttpResponse:
    return HttpResponse(slug)
