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


@transaction.atomic(durable=True)
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
        # The username exactly as sign-in looks it up: two accounts never share a count,
        # so signing in to one cannot forgive guesses at a look-alike of it.
        return cls(
            source=salted_hmac("fulcrum.accounts.signin.source", address).hexdigest(),
            account=salted_hmac("fulcrum.accounts.signin.account", username).hexdigest(),
        )


def _recent(
    attempt: SignInAttempt, *, now: datetime, limit: int
) -> tuple[list[datetime], list[datetime]]:
    """The times of this address's and of this username's failures within the window,
    newest first, at most ``limit`` of each."""
    recent = FailedSignIn.objects.filter(at__gt=now - sign_in_window()).order_by("-at", "-pk")
    return (
        list(recent.filter(source=attempt.source).values_list("at", flat=True)[:limit]),
        list(recent.filter(account=attempt.account).values_list("at", flat=True)[:limit]),
    )


def sign_in_refused_until(attempt: SignInAttempt, *, now: datetime) -> datetime | None:
    """When this attempt may be tried, if the address, or the username from anywhere,
    has used up its failures in the window; None when it may be tried now.

    The username limit stops guessing one account from many addresses; its cost is that
    someone can keep an account's owner out for one window, which the sign-in page says.
    """
    allowed = sign_in_failures_allowed()
    lifts = [
        times[allowed - 1] + sign_in_window()
        for times in _recent(attempt, now=now, limit=allowed)
        if len(times) >= allowed
    ]
    return max(lifts) if lifts else None


def begin_sign_in(attempt: SignInAttempt, *, now: datetime) -> bool:
    """Count an attempt as failed before its password is checked; False, with nothing
    counted, when the address or username has no failures left in the window.

    Counting first means requests sent at the same moment cannot all pass the check
    while their passwords are being hashed. ``sign_in_succeeded`` takes the count back.
    """
    FailedSignIn.objects.filter(at__lte=now - sign_in_window()).delete()
    row = FailedSignIn.objects.create(source=attempt.source, account=attempt.account, at=now)
    allowed = sign_in_failures_allowed()
    # Everything in the window, this attempt included: more than allowed is refused.
    if any(len(times) > allowed for times in _recent(attempt, now=now, limit=allowed + 1)):
        row.delete()
        return False
    return True


def sign_in_succeeded(attempt: SignInAttempt) -> None:
    """A successful sign-in takes back its own count and forgets the typing slips made
    before it: the failures of that username from that address, and no others (signing
    in to one's own account must not wipe the count of guesses at someone else's)."""
    FailedSignIn.objects.filter(source=attempt.source, account=attempt.account).delete()


# --- API tokens ----------------------------------------------------------------------------


@dataclass(frozen=True)
class IssuedToken:
    token: ApiToken
    raw: str  # shown once, never stored


@transaction.atomic(durable=True)
def issue_api_token(user: User, *, name: str, now: datetime) -> IssuedToken:
    """Create an API token; the raw value is returned once and only its hash is kept."""
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name, prefix=raw[:12], key_hash=hash_token(raw), created_at=now
    )
    return IssuedToken(token=token, raw=raw)


@transaction.atomic(durable=True)
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
