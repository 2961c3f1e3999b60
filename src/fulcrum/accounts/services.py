"""State changes for accounts: sign-up, failed sign-ins and API tokens."""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.db.models import ProtectedError
from django.utils.crypto import salted_hmac

from fulcrum.accounts.models import (
    ApiToken,
    FailedSignIn,
    PasswordResetCode,
    Role,
    User,
    hash_token,
)
from fulcrum.core.errors import InvalidInput

TOKEN_PREFIX = "ful_"  # noqa: S105 - a visible marker on every token, not a secret


@transaction.atomic(durable=True)
def sign_up(
    *,
    username: str,
    password: str,
    email: str = "",
    time_zone: str = "",
    roles: Iterable[Role | str] = (Role.PRACTITIONER,),
) -> User:
    """Create an account holding ``roles`` (a practitioner's has its own empty workspace)."""
    from fulcrum.accounts.roles import grant

    wanted = list(roles)
    if not wanted:
        raise InvalidInput("Choose at least one thing you do in Fulcrum.")
    user = User.objects.create_user(
        username=username, password=password, email=email, time_zone=time_zone
    )
    grant(user, wanted)
    return user


@transaction.atomic(durable=True)
def set_time_zone(user: User, time_zone: str) -> User:
    """Show ``user`` every time in ``time_zone`` (an IANA name, or "" for the server's)."""
    from fulcrum.accounts.timezones import known_zones

    if time_zone and time_zone not in known_zones():
        raise InvalidInput(f"Fulcrum does not know the time zone {time_zone!r}.")
    user.time_zone = time_zone
    user.save(update_fields=["time_zone"])
    return user


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


DEVICE_COOKIE = "fulcrum_device"
DEVICE_COOKIE_DAYS = 365
_DEVICE_SALT = "fulcrum.accounts.device"


@dataclass(frozen=True)
class SignInAttempt:
    """Who is trying to sign in, as keyed hashes: enough to count failures, no more.

    ``device`` is set when the browser shows a device cookie that a successful sign-in
    to this very account gave it: the owner's own browser, which a guesser elsewhere
    cannot lock out.
    """

    source: str
    account: str
    device: str = ""

    @classmethod
    def of(cls, *, address: str, username: str, device_cookie: str = "") -> SignInAttempt:
        # The username exactly as sign-in looks it up: two accounts never share a count,
        # so signing in to one cannot forgive guesses at a look-alike of it.
        account = salted_hmac("fulcrum.accounts.signin.account", username).hexdigest()
        return cls(
            source=salted_hmac("fulcrum.accounts.signin.source", address).hexdigest(),
            account=account,
            device=_device_of(device_cookie, account),
        )


def _device_of(cookie: str, account: str) -> str:
    """The device the cookie names, if it is genuine, recent and for this account."""
    if not cookie:
        return ""
    try:
        value = signing.loads(cookie, salt=_DEVICE_SALT, max_age=timedelta(days=DEVICE_COOKIE_DAYS))
    except signing.BadSignature:
        return ""
    if not isinstance(value, dict) or value.get("a") != account:
        return ""
    return salted_hmac(_DEVICE_SALT, str(value.get("d", ""))).hexdigest()


def device_cookie_for(attempt: SignInAttempt) -> str:
    """A new device cookie for the account just signed in to, from this browser."""
    return signing.dumps({"a": attempt.account, "d": secrets.token_urlsafe(16)}, salt=_DEVICE_SALT)


def _failures(attempt: SignInAttempt, *, now: datetime, limit: int) -> list[list[datetime]]:
    """The failure times (newest first, at most ``limit``) that decide this attempt.

    From the owner's own browser, only that device's failures count; from anywhere else,
    the address's failures, and the username's failures from browsers it never signed
    in from.
    """
    recent = FailedSignIn.objects.filter(at__gt=now - sign_in_window()).order_by("-at", "-pk")
    if attempt.device:
        return [list(recent.filter(device=attempt.device).values_list("at", flat=True)[:limit])]
    return [
        list(recent.filter(source=attempt.source).values_list("at", flat=True)[:limit]),
        list(
            recent.filter(account=attempt.account, device="").values_list("at", flat=True)[:limit]
        ),
    ]


def sign_in_refused_until(attempt: SignInAttempt, *, now: datetime) -> datetime | None:
    """When this attempt may be tried, if its failures are used up in the window; None
    when it may be tried now.

    Only failures count, never attempts in flight, so any number of correct sign-ins at
    once all succeed. The username limit stops guessing one account from many
    addresses; its owner's browser keeps its own count (device cookies), so the guessing
    cannot lock them out of a browser they signed in from before.
    """
    allowed = sign_in_failures_allowed()
    lifts = [
        times[allowed - 1] + sign_in_window()
        for times in _failures(attempt, now=now, limit=allowed)
        if len(times) >= allowed
    ]
    return max(lifts) if lifts else None


@transaction.atomic(durable=True)
def sign_in_failed(attempt: SignInAttempt, *, now: datetime) -> None:
    """Count one wrong password, and forget failures older than the window."""
    FailedSignIn.objects.filter(at__lte=now - sign_in_window()).delete()
    FailedSignIn.objects.create(
        source=attempt.source, account=attempt.account, device=attempt.device, at=now
    )


def sign_in_succeeded(attempt: SignInAttempt) -> None:
    """A successful sign-in forgets the typing slips made before it: the failures of
    that username from that address (and from this device), and no others — signing in
    to one's own account must not wipe the count of guesses at someone else's.

    Most sign-ins follow no slip, and then nothing is written: a write would queue
    behind every other sign-in and save for the database's one write lock."""
    slips = FailedSignIn.objects.filter(source=attempt.source, account=attempt.account)
    if attempt.device:
        slips = slips | FailedSignIn.objects.filter(device=attempt.device)
    if slips.exists():
        with transaction.atomic(durable=True):
            slips.delete()


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


# --- passwords ----------------------------------------------------------------------------

RESET_CODE_LIFETIME = timedelta(hours=1)
# Eight groups of four from an alphabet without look-alikes: about 160 bits, read aloud.
_CODE_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


def _normal_code(raw: str) -> str:
    return "".join(c for c in raw.lower() if c.isalnum())


@transaction.atomic(durable=True)
def issue_reset_code(user: User, *, now: datetime) -> str:
    """A new one-time code for ``user`` to set a password with; earlier codes stop working.

    The raw code is returned once (to print) and only its hash is kept.
    """
    PasswordResetCode.objects.filter(user=user, used_at__isnull=True).delete()
    raw = "-".join("".join(secrets.choice(_CODE_ALPHABET) for _ in range(4)) for _ in range(8))
    PasswordResetCode.objects.create(
        user=user,
        code_hash=hash_token(_normal_code(raw)),
        created_at=now,
        expires_at=now + RESET_CODE_LIFETIME,
    )
    return raw


def reset_code_user(username: str, raw: str, *, now: datetime) -> User | None:
    """The account an open code of ``username``'s belongs to, or None."""
    code = (
        PasswordResetCode.objects.select_related("user")
        .filter(
            code_hash=hash_token(_normal_code(raw)),
            user__username=username,
            used_at__isnull=True,
            expires_at__gt=now,
        )
        .first()
    )
    return code.user if code is not None else None


@transaction.atomic(durable=True)
def reset_password(user: User, raw: str, password: str, *, now: datetime) -> None:
    """Set ``user``'s password with their open code, which then stops working; every
    sign-in elsewhere ends (sessions carry the password's hash)."""
    claimed = PasswordResetCode.objects.filter(
        user=user, code_hash=hash_token(_normal_code(raw)), used_at__isnull=True, expires_at__gt=now
    ).update(used_at=now)
    if claimed != 1:
        raise InvalidInput("That code has already been used or has expired; ask for a new one.")
    user.set_password(password)
    user.save(update_fields=["password"])


KEPT_FOR_A_TIME = (
    "This account holds records Fulcrum must keep for a time (course attempts for six "
    "years, consent a client gave), so it stays until they may go."
)


@transaction.atomic(durable=True)
def delete_account(user: User) -> None:
    """Delete the account and everything in its workspace, for good; ``InvalidInput``
    when it holds records that must outlive it for a time (they protect themselves)."""
    try:
        user.delete()
    except ProtectedError:
        raise InvalidInput(KEPT_FOR_A_TIME) from None
