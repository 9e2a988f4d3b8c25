"""The API tokens settings page: a person creates and revokes their own tokens."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from newsdesk import formerrors
from newsdesk.api import tokens
from newsdesk.api.models import ApiToken
from newsdesk.http import AuthenticatedRequest
from reviews import workflow


class TokenForm(formerrors.Form):
    name = forms.CharField(
        max_length=tokens.MAX_NAME_CHARS,
        help_text="What will use it, e.g. 'CMS import' or 'rewrite pipeline'.",
    )


def _page(request: AuthenticatedRequest, form: TokenForm, secret: str = "", status: int = 200):
    response = render(
        request,
        "api/tokens.html",
        {
            "form": form,
            "secret": secret,
            "tokens": ApiToken.objects.filter(user=request.user).order_by("-created_at", "-pk"),
        },
        status=status,
    )
    # The page may show a new token's secret: never keep it in a cache.
    response["Cache-Control"] = "no-store"
    return response


@require_http_methods(["GET", "POST"])
def token_list(request: AuthenticatedRequest) -> HttpResponse:
    """List the user's tokens; a POST creates one and shows its secret, this once."""
    if request.method != "POST":
        return _page(request, TokenForm())
    form = TokenForm(request.POST)
    if not form.is_valid():
        return _page(request, form, status=400)
    try:
        _, secret = tokens.issue_token(user=request.user, name=form.cleaned_data["name"])
    except workflow.WorkflowError as exc:
        form.add_error("name", exc.message)
        return _page(request, form, status=exc.status)
    return _page(request, TokenForm(), secret=secret, status=201)


@require_POST
def token_revoke(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Revoke one of the user's own tokens (another user's is a 404: it is not theirs to see)."""
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    try:
        tokens.revoke_token(token=token, user=request.user)
    except workflow.WorkflowError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"Token {token.prefix}… ({token.name}) revoked.")
    return redirect("api_tokens")
