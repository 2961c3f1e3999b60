"""State changes for accounts: sign-up and API tokens."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction

from fulcrum.accounts.models import ApiToken, User, hash_token

TOKEN_PREFIX = "ful_"  # noqa: S105 - a visible marker on every token, not a secret


@transaction.atomic
def sign_up(*, username: str, password: str, email: str = "") -> User:
    """Create a practitioner account with its own empty workspace."""
    return User.objects.create_user(username=username, password=password, email=email)


@dataclass(frozen=True)
class IssuedToken:
    token: ApiToken
    raw: str  # shown once, never stored


def issue_api_token(user: User, *, name: str, now: datetime) -> IssuedToken:
    """Create an API token; the raw value is returned once and only its hash is kept."""
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name, prefix=raw[:12], key_hash=hash_token(raw), created_at=now
    )
    return IssuedToken(token=token, raw=raw)


def revoke_api_token(token: ApiToken) -> None:
    """Delete a token so it can no longer be used."""
    token.delete()


def user_for_token(raw: str, *, now: datetime) -> User | None:
    """Return the active user a raw token belongs to, recording its use, or None."""
    try:
        token = ApiToken.objects.select_related("user").get(key_hash=hash_token(raw))
    except ApiToken.DoesNotExist:
        return None
    if not token.user.is_active:
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
