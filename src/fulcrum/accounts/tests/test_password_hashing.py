"""Passwords are stored with Argon2id at the practice's parameters, and older hashes
are upgraded when their owner signs in."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.hashers import check_password, identify_hasher, make_password
from django.test import override_settings
from django.urls import reverse

from fulcrum.accounts.models import User
from fulcrum.testing import PASSWORD, BaseTestCase

# The suite swaps in a cheap hasher (conftest.py); these tests put the real list back.
REAL = override_settings(
    PASSWORD_HASHERS=[
        "fulcrum.accounts.hashers.PracticeArgon2Hasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]
)


def test_the_settings_store_new_passwords_with_argon2id_first() -> None:
    # The suite's cheap override is in force in django.conf.settings, so read what a
    # real server is configured with.
    from fulcrum import settings as production

    assert production.PASSWORD_HASHERS[0] == "fulcrum.accounts.hashers.PracticeArgon2Hasher"
    assert settings.PASSWORD_HASHERS != production.PASSWORD_HASHERS


@REAL
def test_a_new_hash_is_argon2id_with_19_mib_two_passes_one_lane() -> None:
    encoded = make_password("a long enough passphrase")
    assert encoded.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")
    assert check_password("a long enough passphrase", encoded)
    assert not check_password("a long enough passphrasE", encoded)
    assert identify_hasher(encoded).must_update(encoded) is False


@REAL
class UpgradeOnSignInTestCase(BaseTestCase):
    def test_an_older_pbkdf2_hash_is_rehashed_at_the_next_sign_in(self) -> None:
        with override_settings(
            PASSWORD_HASHERS=["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
        ):
            old = make_password(PASSWORD)
        User.objects.filter(pk=self.alice.pk).update(password=old)
        assert old.startswith("pbkdf2_sha256$")

        r = self.client.post(reverse("login"), {"username": "alice", "password": PASSWORD})

        assert r.status_code == 302
        self.alice.refresh_from_db()
        assert self.alice.password.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")

    def test_a_hash_at_other_argon2_parameters_is_brought_to_these(self) -> None:
        from argon2 import PasswordHasher

        stronger = "argon2" + PasswordHasher(time_cost=3, memory_cost=65536, parallelism=4).hash(
            PASSWORD
        )
        User.objects.filter(pk=self.alice.pk).update(password=stronger)

        self.client.post(reverse("login"), {"username": "alice", "password": PASSWORD})

        self.alice.refresh_from_db()
        assert "m=19456,t=2,p=1" in self.alice.password
