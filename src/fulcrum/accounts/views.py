"""Sign-up, sign-in and personal API tokens."""

from __future__ import annotations

import base64
import secrets
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from fulcrum.accounts import services, two_factor
from fulcrum.accounts.access import account_of
from fulcrum.accounts.backends import SIGN_IN_BACKEND
from fulcrum.accounts.forms import (
    ApiTokenForm,
    ResetWithCodeForm,
    SecondFactorForm,
    SignInForm,
    SignUpForm,
    TimeZoneForm,
    refuse_username,
)
from fulcrum.accounts.models import Role
from fulcrum.accounts.roles import needs_second_factor
from fulcrum.core.errors import InvalidInput
from fulcrum.kernel.addresses import counted_address
from fulcrum.kernel.qr import qr_svg

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
        user = form.get_user()
        if two_factor.has_second_factor(user):
            # The password was right; the sign-in waits for the code.
            two_factor.hold_pending(self.request, user)
            target = reverse("login_code")
            following = self.get_redirect_url()
            return redirect(f"{target}?{urlencode({'next': following})}" if following else target)
        # One commit for the whole sign-in: the new session, the last sign-in time and
        # the session's contents. Left to itself each would be its own write, and on
        # SQLite every write waits its turn for the one write lock and its own flush to
        # disk, which is what made a morning's simultaneous sign-ins queue.
        # The session middleware's own save after this view writes only if something
        # later (a notice) changed the session (fulcrum/kernel/sessions.py).
        with transaction.atomic():
            response = super().form_valid(form)
            self.request.session.save()
        _remember_device(response, getattr(form, "attempt", None))
        return response

    def form_invalid(self, form: AuthenticationForm) -> HttpResponse:
        response = super().form_invalid(form)
        if form.has_error(NON_FIELD_ERRORS, code="refused"):
            response.status_code = 429
        return response


def _remember_device(response: HttpResponse, attempt: services.SignInAttempt | None) -> None:
    """This browser is now the owner's own: guesses elsewhere cannot lock it out."""
    if attempt is None:
        return
    response.set_cookie(
        services.DEVICE_COOKIE,
        services.device_cookie_for(attempt),
        max_age=services.DEVICE_COOKIE_DAYS * 86400,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def login_code(request: HttpRequest) -> HttpResponse:
    """The second step of signing in: a code from the app, or a recovery code."""
    user = two_factor.pending_user(request)
    if user is None:
        two_factor.drop_pending(request)
        messages.info(request, "Sign in again: the code was not given within five minutes.")
        return redirect("login")
    following = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(
        following, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        following = ""
    form = SecondFactorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = two_factor.check_code(user, form.cleaned_data["code"])
        if device is None:
            form.add_error("code", "That code does not match. Codes change every 30 seconds.")
        else:
            two_factor.drop_pending(request)
            login(request, user, backend=SIGN_IN_BACKEND)
            otp_login(request, device)
            if device.name == two_factor.RECOVERY_DEVICE:
                messages.warning(
                    request,
                    "You signed in with a recovery code; it will not work again. "
                    "Set up your authenticator anew on the account page if the phone is lost.",
                )
            response = redirect(following or "dashboard")
            address = counted_address(request)
            cookie = request.COOKIES.get(services.DEVICE_COOKIE, "")
            attempt = services.SignInAttempt.of(
                address=address, username=user.get_username(), device_cookie=cookie
            )
            _remember_device(response, attempt)
            return response
    return render(request, "accounts/login_code.html", {"form": form, "next": following})


@login_required
def two_factor_settings(request: HttpRequest) -> HttpResponse:
    """Turn the second factor on (scan, confirm, keep the recovery codes) or off."""
    user = account_of(request)
    context: dict[str, object] = {"enabled": two_factor.has_second_factor(user)}
    action = request.POST.get("action") if request.method == "POST" else None
    if action == "start":
        device = two_factor.start_app_setup(user)
        context |= _setup_context(device)
    elif action == "confirm":
        try:
            turned_on = two_factor.confirm_app_setup(user, request.POST.get("code", ""))
        except InvalidInput as exc:
            device = two_factor.start_app_setup(user) if "expired" in str(exc) else None
            pending = device or TOTPDevice.objects.filter(user=user, confirmed=False).first()
            if pending is not None:
                context |= _setup_context(pending)
            context["error"] = str(exc)
        else:
            # This browser has just shown a code: it is verified for this sign-in.
            otp_login(request, turned_on.device)
            context |= {"enabled": True, "recovery_codes": turned_on.recovery_codes}
    elif action == "off":
        if user.check_password(request.POST.get("password", "")):
            two_factor.turn_off(user)
            messages.success(request, "The second factor is off; your password alone signs in.")
            return redirect("two_factor")
        context["error"] = "That is not your password; the second factor stays on."
    return render(request, "accounts/two_factor.html", context)


def _setup_context(device: TOTPDevice) -> dict[str, object]:
    url = device.config_url
    secret = base64.b32encode(device.bin_key).decode()
    return {
        "setup": True,
        # segno draws the code from the key's URL; nothing user-typed goes into the markup.
        "qr": mark_safe(qr_svg(url)),
        "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
    }


def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("dashboard")
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        username = form.cleaned_data["username"]
        try:
            user = services.sign_up(
                username=username,
                password=form.cleaned_data["password1"],
                email=form.cleaned_data.get("email", ""),
                time_zone=form.cleaned_data.get("time_zone", ""),
                roles=form.roles_chosen(),
            )
        except IntegrityError:
            # Someone took the name a moment ago: the same answer as any refused name.
            try:
                refuse_username(form, username)
            except ValidationError as exc:
                form.add_error("username", exc)
            return render(request, "accounts/signup.html", {"form": form})
        login(request, user, backend=SIGN_IN_BACKEND)
        if needs_second_factor(user):
            messages.warning(
                request,
                format_html(
                    "As a supervisor or educator you need a second factor before any page "
                    'with someone else\'s material opens. <a href="{}">Turn it on now</a>.',
                    reverse("two_factor"),
                ),
            )
        if Role.PRACTITIONER in form.roles_chosen():
            messages.success(request, "Welcome to Fulcrum. Start by adding a client.")
        else:
            messages.success(request, "Welcome to Fulcrum.")
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
    """The account's own page: time zone, password, second factor, tokens, and leaving."""
    user = account_of(request)
    form = TimeZoneForm(request.POST or None, initial={"time_zone": user.time_zone})
    if request.method == "POST" and form.is_valid():
        services.set_time_zone(user, form.cleaned_data["time_zone"])
        messages.success(request, "Time zone saved: times now show in it.")
        return redirect("account")
    return render(request, "accounts/account.html", {"form": form})


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
