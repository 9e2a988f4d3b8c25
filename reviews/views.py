from __future__ import annotations

from django.http import HttpRequest, HttpResponse


def workspace(request: HttpRequest, pk: int) -> HttpResponse:
    return HttpResponse(str(pk))
