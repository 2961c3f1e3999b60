"""The second factor: codes from an authenticator app (TOTP, django-otp), and ten
single-use recovery codes for the day the phone is lost.

A person whose password is right but who has a second factor is not signed in yet:
the sign-in page keeps them *pending* in the session, for a few minutes, until the
code page accepts a code (``accounts.views.SecondFactorView``).
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from django.db import transaction
from django.http import HttpRequest
from django_otp import verify_token
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from fulcrum.accounts.models import User
from fulcrum.core.errors import InvalidInput

RECOVERY_CODES = 10
APP_DEVICE = "authenticator app"
RECOVERY_DEVICE = "recovery codes"
PENDING_USER = "fulcrum.pending_user"
PENDING_SINCE = "fulcrum.pending_since"
PENDING_SECONDS = 300


def has_second_factor(user: User) -> bool:
    """Whether signing in as ``user`` asks for a code after the password."""
    return bool(TOTPDevice.objects.filter(user=user, confirmed=True).exists())


@transaction.atomic(durable=True)
def start_app_setup(user: User) -> TOTPDevice:
    """A new, unconfirmed authenticator key for ``user`` (any earlier unconfirmed one goes)."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name=APP_DEVICE, confirmed=False)


@dataclass(frozen=True)
class TurnedOn:
    device: TOTPDevice
    recovery_codes: list[str]  # shown once


@transaction.atomic(durable=True)
def confirm_app_setup(user: User, code: str) -> TurnedOn:
    """Turn the second factor on once the app shows a code the key accepts; returns the
    recovery codes (only their values in the database, as django-otp keeps them)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        raise InvalidInput("Start again: the setup has expired or was finished elsewhere.")
    if not device.verify_token(_digits(code)):
        raise InvalidInput("That code does not match; check the app's current code and try again.")
    TOTPDevice.objects.filter(user=user, confirmed=True).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    StaticDevice.objects.filter(user=user).delete()
    recovery = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=recovery, token=c) for c in codes)
    return TurnedOn(device=device, recovery_codes=codes)


@transaction.atomic(durable=True)
def turn_off(user: User) -> None:
    """Remove the authenticator key and the recovery codes."""
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()


def _digits(code: str) -> str:
    return "".join(c for c in code if not c.isspace())


def check_code(user: User, code: str) -> TOTPDevice | StaticDevice | None:
    """The device that accepts ``code`` (an app code, or a recovery code, which then stops
    working), or None. Each device slows repeated wrong codes (django-otp's throttling)."""
    code = _digits(code).lower()
    if not code:
        return None
    for device in [
        *TOTPDevice.objects.filter(user=user, confirmed=True),
        *StaticDevice.objects.filter(user=user, confirmed=True),
    ]:
        found: TOTPDevice | StaticDevice | None = verify_token(user, device.persistent_id, code)
        if found is not None:
            return found
    return None


def hold_pending(request: HttpRequest, user: User) -> None:
    """Remember, for a few minutes, whose password was right."""
    request.session.cycle_key()
    request.session[PENDING_USER] = user.pk
    request.session[PENDING_SINCE] = int(time.time())


def pending_user(request: HttpRequest) -> User | None:
    """The person whose password was right and whose code is awaited, if still in time."""
    pk, since = request.session.get(PENDING_USER), request.session.get(PENDING_SINCE)
    if pk is None or since is None or time.time() - int(since) > PENDING_SECONDS:
        return None
    return User.objects.filter(pk=pk, is_active=True).first()


def drop_pending(request: HttpRequest) -> None:
    request.session.pop(PENDING_USER, None)
    request.session.pop(PENDING_SINCE, None)
