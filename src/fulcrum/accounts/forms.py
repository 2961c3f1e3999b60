from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm, UserCreationForm
from django.core.exceptions import ValidationError
from django.utils import timezone

from fulcrum.accounts import services
from fulcrum.accounts.models import User


class SignUpForm(UserCreationForm):  # type: ignore[type-arg]
    class Meta:
        model = User
        fields = ("username", "email")


class ApiTokenForm(forms.Form):
    name = forms.CharField(max_length=80, help_text="What will use it, e.g. 'laptop script'.")


class SignInForm(AuthenticationForm):
    """Django's sign-in form, refusing to check passwords for an address or username
    that has failed too often lately (``accounts.services.sign_in_refused``)."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "refused": (
            "Too many failed sign-ins for this account or from this address; "
            "wait %(minutes)s minutes and try again."
        ),
    }

    def clean(self) -> dict[str, Any]:
        request = self.request
        address = request.META.get("REMOTE_ADDR", "") if request is not None else ""
        attempt = services.SignInAttempt.of(
            address=address, username=str(self.cleaned_data.get("username") or "")
        )
        now = timezone.now()
        if services.sign_in_refused(attempt, now=now):
            minutes = int(services.sign_in_window().total_seconds() // 60)
            raise ValidationError(
                self.error_messages["refused"], code="refused", params={"minutes": minutes}
            )
        try:
            cleaned = super().clean()
        except ValidationError:
            services.record_failed_sign_in(attempt, now=now)
            raise
        services.forget_failed_sign_ins(attempt)
        return cleaned
