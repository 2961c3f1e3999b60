"""A session's account is read with its roles in one query; a change of roles is seen
on the next page."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from fulcrum.accounts.backends import AccountBackend
from fulcrum.accounts.models import HeldRole, Role, User
from fulcrum.accounts.roles import ROLE_BITS_SQL, give_up, grant, roles_of
from fulcrum.testing import BaseTestCase, make_user


class SignInBackendTestCase(BaseTestCase):
    def test_the_account_arrives_with_its_roles(self) -> None:
        user = make_user("robin", Role.PRACTITIONER, Role.EDUCATOR)
        loaded = AccountBackend().get_user(user.pk)
        assert loaded is not None
        with CaptureQueriesContext(connection) as queries:
            assert roles_of(loaded) == {Role.PRACTITIONER, Role.EDUCATOR}
        assert len(queries) == 0

    def test_every_combination_of_roles_arrives_as_held(self) -> None:
        combos = [(), *((r,) for r in Role), tuple(Role), (Role.SUPERVISOR, Role.EDUCATOR)]
        for n, combo in enumerate(combos):
            with self.subTest(roles=combo):
                user = User.objects.create_user(username=f"person{n}", password="x" * 20)
                if combo:
                    grant(user, combo)
                loaded = AccountBackend().get_user(user.pk)
                assert loaded is not None
                assert roles_of(loaded) == set(combo)

    def test_the_written_out_subquery_names_the_models_tables(self) -> None:
        assert f"FROM {HeldRole._meta.db_table} " in ROLE_BITS_SQL
        assert f"= {User._meta.db_table}.id" in ROLE_BITS_SQL

    def test_an_inactive_or_missing_account_is_nobody(self) -> None:
        user = make_user("robin")
        user.is_active = False
        user.save()
        assert AccountBackend().get_user(user.pk) is None
        assert AccountBackend().get_user(user.pk + 1000) is None

    def test_pages_never_ask_for_roles_apart_from_the_account(self) -> None:
        user = make_user("robin")
        self.client.force_login(user)
        with CaptureQueriesContext(connection) as queries:
            assert self.client.get(reverse("dashboard")).status_code == 200
        assert not [q for q in queries if "accounts_heldrole" in q["sql"].split(" FROM ")[-1]]

    def test_a_role_given_up_is_gone_on_the_next_page(self) -> None:
        user = make_user("robin", Role.PRACTITIONER, Role.SUPERVISOR)
        self.client.force_login(user)
        assert "Supervising" in self.client.get(reverse("dashboard")).content.decode()
        give_up(user, Role.SUPERVISOR)
        assert "Supervising" not in self.client.get(reverse("dashboard")).content.decode()
        grant(user, [Role.EDUCATOR])
        assert "Teaching" in self.client.get(reverse("dashboard")).content.decode()
