from __future__ import annotations

import math
from datetime import datetime
from typing import Any

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, SetPasswordForm, UserCreationForm
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.utils import timezone

from fulcrum.accounts import services, usernames
from fulcrum.accounts.models import Role, User
from fulcrum.accounts.timezones import zone_choices
from fulcrum.kernel.addresses import counted_address


class SignUpForm(UserCreationForm):  # type: ignore[type-arg]
    """A new account: name, password, time zone and what the person mainly does.

    A username already held and one Fulcrum keeps back get the same refusal, with free
    names to pick from, so the form never says which names exist (decision 0020)."""

    roles = forms.MultipleChoiceField(
        label="What you mainly do",
        choices=Role.choices,
        initial=[Role.PRACTITIONER.value],
        widget=forms.CheckboxSelectMultiple,
        help_text=(
            "Tick all that apply. Supervisors and educators turn on a second factor "
            "before any page with someone else's material opens."
        ),
        error_messages={"required": "Tick at least one thing you do in Fulcrum."},
    )
    time_zone = forms.ChoiceField(
        label="Your time zone",
        required=False,
        help_text="For the times Fulcrum shows you; your browser's guess is filled in.",
        widget=forms.Select(attrs={"data-guess-time-zone": ""}),
    )

    class Meta:
        model = User
        fields = ("username", "email", "roles", "time_zone")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["time_zone"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = zone_choices()

    def clean_username(self) -> str:
        username: str = self.cleaned_data["username"]
        if not usernames.usable(username):
            refuse_username(self, username)
        return username

    def validate_unique(self) -> None:
        """The model's own "already exists" answer would name a held username; the name is
        checked in ``clean_username`` and, for a race, by the database (``views.signup``)."""
        exclude = self._get_validation_exclusions()  # type: ignore[attr-defined]  # ModelForm's
        exclude.add("username")
        try:
            self.instance.validate_unique(exclude=exclude)
        except ValidationError as exc:
            self._update_errors(exc)  # type: ignore[attr-defined]  # ModelForm's own

    def roles_chosen(self) -> list[Role]:
        return [Role(value) for value in self.cleaned_data["roles"]]


def refuse_username(form: SignUpForm, username: str) -> None:
    """The one answer for a name that cannot be taken now, whatever the reason.

    The password is hashed here too, as a sign-up that goes through hashes it, so a
    refusal takes about as long as an acceptance."""
    make_password(form.data.get("password1") or "")
    suggestions = usernames.free_alternatives(username)
    raise ValidationError(
        "That username cannot be used. Choose another, for example %(names)s.",
        code="username_unavailable",
        params={"names": ", ".join(suggestions)},
    )


class TimeZoneForm(forms.Form):
    time_zone = forms.ChoiceField(label="Your time zone", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["time_zone"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = zone_choices()


class ApiTokenForm(forms.Form):
    name = forms.CharField(max_length=80, help_text="What will use it, e.g. 'laptop script'.")
    # A one-time mark per form shown, so the same form sent twice issues one token.
    once = forms.CharField(max_length=64, required=False, widget=forms.HiddenInput)


def _wait(lifts: datetime, now: datetime) -> str:
    """How long until a refusal lifts, in whole minutes a person reads."""
    minutes = max(1, math.ceil((lifts - now).total_seconds() / 60))
    return "1 minute" if minutes == 1 else f"{minutes} minutes"


class SignInForm(AuthenticationForm):
    """Django's sign-in form, refusing to check a password once the address, or the
    username from browsers it never signed in from, has used up its failures in the
    window; the owner's own browser keeps its own count (``accounts.services``,
    decisions 0006 and 0010). Only wrong passwords are counted."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "refused": (
            "Too many failed sign-ins for this account or from this address; try again in %(wait)s."
        ),
    }
    attempt: services.SignInAttempt | None = None

    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if username is None or not password:
            return super().clean()  # nothing to check, so nothing to count
        request = self.request
        address = counted_address(request) if request is not None else ""
        cookie = request.COOKIES.get(services.DEVICE_COOKIE, "") if request is not None else ""
        attempt = services.SignInAttempt.of(
            address=address, username=str(username), device_cookie=cookie
        )
        self.attempt = attempt
        now = timezone.now()
        lifts = services.sign_in_refused_until(attempt, now=now)
        if lifts is not None:
            raise ValidationError(
                self.error_messages["refused"], code="refused", params={"wait": _wait(lifts, now)}
            )
        try:
            cleaned = super().clean()
        except ValidationError as exc:
            if exc.code == "invalid_login":
                services.sign_in_failed(attempt, now=now)
            raise
        services.sign_in_succeeded(attempt)
        return cleaned


class ResetWithCodeForm(SetPasswordForm):  # type: ignore[type-arg]
    """A username, the one-time code its owner was given, and the new password twice."""

    username = forms.CharField(max_length=150, widget=forms.TextInput(attrs={"autofocus": True}))
    code = forms.CharField(
        max_length=64,
        label="Reset code",
        help_text="The code whoever runs this server gave you, e.g. abcd-efgh-…",
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code"}),
    )
    field_order = ["username", "code", "new_password1", "new_password2"]

    error_messages = {
        **SetPasswordForm.error_messages,
        "bad_code": (
            "That username and code do not match an open code; check both, or ask for a new code."
        ),
        "refused": (
            "Too many wrong codes for this account or from this address; try again in %(wait)s."
        ),
    }

    def __init__(self, *args: Any, request: Any = None, **kwargs: Any) -> None:
        self.request = request
        super().__init__(None, *args, **kwargs)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        username, code = data.get("username"), data.get("code")
        if not username or not code or self.errors:
            return data  # a password the rules refuse is fixed before any code is tried
        address = counted_address(self.request) if self.request is not None else ""
        attempt = services.SignInAttempt.of(address=address, username=str(username))
        now = timezone.now()
        lifts = services.sign_in_refused_until(attempt, now=now)
        if lifts is not None:
            raise ValidationError(
                self.error_messages["refused"], code="refused", params={"wait": _wait(lifts, now)}
            )
        user = services.reset_code_user(str(username), str(code), now=now)
        if user is None:
            services.sign_in_failed(attempt, now=now)
            raise ValidationError(self.error_messages["bad_code"], code="bad_code")
        self.user = user
        # The new password is checked against the account's own name and address.
        password = data.get("new_password2")
        if password:
            try:
                password_validation.validate_password(password, user)
            except ValidationError as exc:
                self.add_error("new_password2", exc)
        return data


class DeleteAccountForm(forms.Form):
    """Deleting an account asks for its password and its name typed out."""

    password = forms.CharField(
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )
    confirm = forms.CharField(label="Type your username to confirm", max_length=150)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password: str = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise ValidationError("That is not your password.")
        return password

    def clean_confirm(self) -> str:
        typed: str = self.cleaned_data["confirm"]
        if typed != self.user.username:
            raise ValidationError(f"Type {self.user.username} exactly to confirm.")
        return typed


class SecondFactorForm(forms.Form):
    code = forms.CharField(
        max_length=32,
        label="Code",
        help_text="The six digits your authenticator app shows now, or one of your recovery codes.",
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )
