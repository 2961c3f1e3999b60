"""Sign-up, sign-in and personal API tokens."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import NON_FIELD_ERRORS
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from fulcrum.accounts import services
from fulcrum.accounts.forms import ApiTokenForm, ResetWithCodeForm, SignInForm, SignUpForm

# The one-time marks of the token forms already sent (not secrets: they only stop a
# resent form from issuing a second token).
SENT_FORMS_SESSION_KEY = "fulcrum.sent_token_forms"


class SignInView(auth_views.LoginView):
    """Django's sign-in page with Fulcrum's form; a refusal for too many failures is a
    429, so a script can tell it from a wrong password."""

    template_name = "accounts/login.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        response = super().form_valid(form)
        attempt = getattr(form, "attempt", None)
        if attempt is not None:
            # This browser is now the owner's own: guesses elsewhere cannot lock it out.
            response.set_cookie(
                services.DEVICE_COOKIE,
                services.device_cookie_for(attempt),
                max_age=services.DEVICE_COOKIE_DAYS * 86400,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response

    def form_invalid(self, form: AuthenticationForm) -> HttpResponse:
        response = super().form_invalid(form)
        if form.has_error(NON_FIELD_ERRORS, code="refused"):
            response.status_code = 429
        return response


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
    """Create and list personal API tokens.

    A new token's value is shown once, in the answer to the form that created it, and
    is never stored anywhere but in that page. Each form carries a one-time mark: sending
    the same form again (a reload re-posts it) does not issue a second token.
    """
    sent = request.session.get(SENT_FORMS_SESSION_KEY, [])
    form = ApiTokenForm(request.POST or None)
    new_token = None
    if request.method == "POST" and form.is_valid():
        once = form.cleaned_data["once"]
        if once and once in sent:
            messages.info(
                request,
                "That form was already sent and its token created; its value was shown "
                "once. Create another token if you need one.",
            )
        else:
            issued = services.issue_api_token(
                request.user,  # type: ignore[arg-type]
                name=form.cleaned_data["name"],
                now=timezone.now(),
            )
            new_token = issued.raw
            if once:
                request.session[SENT_FORMS_SESSION_KEY] = [*sent, once][-20:]
        form = ApiTokenForm()
    if not form.is_bound:
        form = ApiTokenForm(initial={"once": secrets.token_urlsafe(16)})
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


@login_required
def account(request: HttpRequest) -> HttpResponse:
    """The account's own page: password, tokens, and leaving."""
    return render(request, "accounts/account.html")


class PasswordChangeView(auth_views.PasswordChangeView):
    """Change the password knowing the current one; this browser stays signed in,
    every other sign-in ends."""

    template_name = "accounts/password_change.html"

    def get_success_url(self) -> str:
        messages.success(self.request, "Password changed. Other sign-ins have ended.")
        return reverse("account")


def password_reset(request: HttpRequest) -> HttpResponse:
    """Set a new password with the one-time code whoever runs the server gave you."""
    form = ResetWithCodeForm(request.POST or None, request=request)
    if request.method == "POST" and form.is_valid():
        services.reset_password(
            form.user,
            form.cleaned_data["code"],
            form.cleaned_data["new_password1"],
            now=timezone.now(),
        )
        messages.success(request, "Your password is set. Sign in with it now.")
        return redirect("login")
    status = 429 if form.has_error(NON_FIELD_ERRORS, code="refused") else 200
    return render(request, "accounts/password_reset.html", {"form": form}, status=status)
