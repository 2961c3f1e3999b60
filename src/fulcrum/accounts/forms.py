from __future__ import annotations

from django import forms
from django.contrib.auth.forms import UserCreationForm

from fulcrum.accounts.models import User


class SignUpForm(UserCreationForm):  # type: ignore[type-arg]
    class Meta:
        model = User
        fields = ("username", "email")


class ApiTokenForm(forms.Form):
    name = forms.CharField(max_length=80, help_text="What will use it, e.g. 'laptop script'.")
