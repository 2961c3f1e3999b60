"""Builders for vignette tests."""

from __future__ import annotations

from django_otp.plugins.otp_totp.models import TOTPDevice

from fulcrum.accounts.models import Role, User
from fulcrum.testing import NOW, make_user
from fulcrum.vignettes.models import Vignette
from fulcrum.vignettes.services import Edit, publish_vignette, submit_vignette


def make_educator(name: str = "erin") -> User:
    """An educator with a second factor turned on, so the educator's pages open."""
    user = make_user(name, Role.EDUCATOR)
    TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    return user


def send(text: str = "A short story about a session.") -> tuple[Vignette, str]:
    return submit_vignette(text, disguise="thick", licence="cc-by", now=NOW)


def publish(text: str = "A published story.", title: str = "A story") -> tuple[Vignette, str]:
    """A vignette sent and published as it was sent; with its codename."""
    vignette, codename = send(text)
    edit = Edit(title=title, text=text, kinds=("expert",), direction="practitioner-client")
    return publish_vignette(vignette, edit, now=NOW), codename
