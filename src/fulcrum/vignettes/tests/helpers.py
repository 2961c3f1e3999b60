"""Builders for vignette tests."""

from __future__ import annotations

from datetime import timedelta

from django_otp.plugins.otp_totp.models import TOTPDevice

from fulcrum.accounts.models import Role, User
from fulcrum.testing import NOW, make_user
from fulcrum.vignettes.models import Message, Pin, Vignette
from fulcrum.vignettes.services import (
    Edit,
    approve_version,
    publish_vignette,
    save_edit,
    submit_vignette,
)

# Published this long before NOW, a vignette has appeared whatever delay was drawn.
LONG_AGO = NOW - timedelta(days=8)


def make_educator(name: str = "erin") -> User:
    """An educator with a second factor turned on, so the educator's pages open."""
    user = make_user(name, Role.EDUCATOR)
    TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    return user


def send(text: str = "A short story about a session.") -> tuple[Vignette, str]:
    return submit_vignette(text, disguise="thick", licence="cc-by", now=NOW)


def edited(text: str = "A short story about a session.", title: str = "A story") -> Vignette:
    """A waiting vignette with one version saved, not yet approved."""
    vignette, _ = send(text)
    edit = Edit(title=title, text=text, kinds=("expert",), direction="practitioner-client")
    return save_edit(vignette, edit, now=NOW)


def publish(text: str = "A published story.", title: str = "A story") -> tuple[Vignette, str]:
    """A vignette sent, edited as it was sent, approved and published long enough ago to
    be in the library; with its codename."""
    vignette, codename = send(text)
    edit = Edit(title=title, text=text, kinds=("expert",), direction="practitioner-client")
    vignette = save_edit(vignette, edit, now=LONG_AGO)
    vignette = approve_version(vignette, vignette.version)
    return publish_vignette(vignette, now=LONG_AGO), codename


def only_vignettes_own_relations() -> bool:
    """Whether vignettes, their messages and pins relate to nothing outside the app: no
    account, no workspace, no course row."""
    for model in (Vignette, Message, Pin):
        for field in model._meta.get_fields():
            if field.is_relation and field.related_model not in (Vignette, Message, Pin):
                return False
    return True
