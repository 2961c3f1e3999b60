from __future__ import annotations

import math
from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm, UserCreationForm
from django.core.exceptions import ValidationError
from django.utils import timezone

from fulcrum.accounts import services
from fulcrum.accounts.models import User
from fulcrum.kernel.addresses import counted_address


class SignUpForm(UserCreationForm):  # type: ignore[type-arg]
    class Meta:
        model = User
        fields = ("username", "email")


class ApiTokenForm(forms.Form):
    name = forms.CharField(max_length=80, help_text="What will use it, e.g. 'laptop script'.")
    # A one-time mark per form shown, so the same form sent twice issues one token.
    once = forms.CharField(max_length=64, required=False, widget=forms.HiddenInput)


class SignInForm(AuthenticationForm):
    """Django's sign-in form, counting failures per address and per username and refusing
    to check a password once either has used up its failures in the window
    (``accounts.services``, decision 0006)."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "refused": (
            "Too many failed sign-ins for this account or from this address; try again in %(wait)s."
        ),
    }

    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if username is None or not password:
            return super().clean()  # nothing to check, so nothing to count
        address = counted_address(self.request) if self.request is not None else ""
        attempt = services.SignInAttempt.of(address=address, username=str(username))
        now = timezone.now()
        if not services.begin_sign_in(attempt, now=now):
            lifts = services.sign_in_refused_until(attempt, now=now) or now
            minutes = max(1, math.ceil((lifts - now).total_seconds() / 60))
            wait = "1 minute" if minutes == 1 else f"{minutes} minutes"
            raise ValidationError(
                self.error_messages["refused"], code="refused", params={"wait": wait}
            )
        cleaned = super().clean()  # a wrong password raises here, and stays counted
        if self.get_user() is not None:
            services.sign_in_succeeded(attempt)
        return cleaned
