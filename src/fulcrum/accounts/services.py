"""State changes for accounts: sign-up, failed sign-ins and API tokens."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils.crypto import salted_hmac

from fulcrum.accounts.models import ApiToken, FailedSignIn, User, hash_token

TOKEN_PREFIX = "ful_"  # noqa: S105 - a visible marker on every token, not a secret


@transaction.atomic
def sign_up(*, username: str, password: str, email: str = "") -> User:
    """Create a practitioner account with its own empty workspace."""
    return User.objects.create_user(username=username, password=password, email=email)


# --- slowing password guessing ----------------------------------------------------------

DEFAULT_SIGN_IN_FAILURES_ALLOWED = 10
DEFAULT_SIGN_IN_WINDOW_MINUTES = 15


def sign_in_failures_allowed() -> int:
    """Failed sign-ins allowed per address, and per username, within the window."""
    allowed = getattr(settings, "FULCRUM_SIGNIN_FAILURES_ALLOWED", DEFAULT_SIGN_IN_FAILURES_ALLOWED)
    return max(int(allowed), 1)


def sign_in_window() -> timedelta:
    minutes = getattr(
        settings, "FULCRUM_SIGNIN_FAILURE_WINDOW_MINUTES", DEFAULT_SIGN_IN_WINDOW_MINUTES
    )
    return timedelta(minutes=max(int(minutes), 1))


@dataclass(frozen=True)
class SignInAttempt:
    """Who is trying to sign in, as keyed hashes: enough to count failures, no more."""

    source: str
    account: str

    @classmethod
    def of(cls, *, address: str, username: str) -> SignInAttempt:
        return cls(
            source=salted_hmac("fulcrum.accounts.signin.source", address).hexdigest(),
            account=salted_hmac("fulcrum.accounts.signin.account", username.casefold()).hexdigest(),
        )


def sign_in_refused(attempt: SignInAttempt, *, now: datetime) -> bool:
    """Whether this address, or this username from anywhere, has failed too often lately.

    Checked before the password is: a refused attempt is not even tried. The username
    limit stops guessing one account from many addresses; its cost is that someone can
    keep an account's owner out for one window, which the sign-in page says.
    """
    since = now - sign_in_window()
    allowed = sign_in_failures_allowed()
    recent = FailedSignIn.objects.filter(at__gt=since)
    by_source = recent.filter(source=attempt.source)[:allowed].count()
    if by_source >= allowed:
        return True
    return recent.filter(account=attempt.account)[:allowed].count() >= allowed


def record_failed_sign_in(attempt: SignInAttempt, *, now: datetime) -> None:
    """Count one failed sign-in and forget those older than the window."""
    FailedSignIn.objects.filter(at__lte=now - sign_in_window()).delete()
    FailedSignIn.objects.create(source=attempt.source, account=attempt.account, at=now)


def forget_failed_sign_ins(attempt: SignInAttempt) -> None:
    """A successful sign-in forgets the typing slips made before it: the failures of
    that username from that address, and no others (signing in to one's own account
    must not wipe the count of guesses at someone else's)."""
    FailedSignIn.objects.filter(source=attempt.source, account=attempt.account).delete()


# --- API tokens ----------------------------------------------------------------------------


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
