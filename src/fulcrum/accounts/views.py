"""Sign-up, sign-in and personal API tokens."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from fulcrum.accounts import services
from fulcrum.accounts.forms import ApiTokenForm, SignUpForm

NEW_TOKEN_SESSION_KEY = "fulcrum.new_api_token"  # noqa: S105 - a session key name, not a secret


def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("dashboard")
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = services.sign_up(
            username=form.cleaned_data["username"],
            password=form.cleaned_data["password1"],
            email=form.cleaned_data.get("email", ""),
        )
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, "Welcome to Fulcrum. Start by adding a client.")
        return redirect("dashboard")
    return render(request, "accounts/signup.html", {"form": form})


@login_required
def api_tokens(request: HttpRequest) -> HttpResponse:
    form = ApiTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        issued = services.issue_api_token(
            request.user,  # type: ignore[arg-type]
            name=form.cleaned_data["name"],
            now=timezone.now(),
        )
        # Shown once on the page the redirect leads to, so reloading it cannot post
        # again and issue a second token. The session is kept on the server.
        request.session[NEW_TOKEN_SESSION_KEY] = issued.raw
        return redirect("api_tokens")
    new_token = request.session.pop(NEW_TOKEN_SESSION_KEY, None)
    tokens = request.user.api_tokens.all()  # type: ignore[union-attr]
    return render(
        request, "accounts/tokens.html", {"form": form, "tokens": tokens, "new_token": new_token}
    )


@login_required
@require_POST
def revoke_token(request: HttpRequest, token_id: int) -> HttpResponse:
    token = request.user.api_tokens.filter(pk=token_id).first()  # type: ignore[union-attr]
    if token is None:
        raise Http404("No such token.")
    services.revoke_api_token(token)
    messages.success(request, f"Token “{token.name}” revoked.")
    return redirect("api_tokens")
