"""The search page: stories found by their title, text or comments, best first, with snippets."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET

from newsdesk.http import AuthenticatedRequest
from reviews import permissions, search


@require_GET
def search_page(request: AuthenticatedRequest) -> HttpResponse:
    """Full-text search (PostgreSQL) or word search (SQLite); htmx gets just the results."""
    if not permissions.can_view(request.user):
        raise Http404("No such page.")
    q = search.clean_query(request.GET.get("q", ""))
    hits = search.search(q)
    template = "reviews/search.html"
    if request.htmx:
        template += "#search-results"
    response = render(request, template, {"q": q, "hits": hits})
    patch_vary_headers(response, ("HX-Request",))
    return response
