"""An account without the practitioner role has no workspace, and Fulcrum treats it so:
the landing page sends it to its own role's home, the menu and the account pages offer
nothing it cannot open, and an account holding several roles keeps everything each gives.
``fulcrum/tests/test_practitioner_pages_need_the_role.py`` walks every practitioner page.
"""

from __future__ import annotations

from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from fulcrum.accounts.models import Role, User
from fulcrum.accounts.roles import grant
from fulcrum.accounts.two_factor import APP_DEVICE
from fulcrum.testing import PASSWORD, BaseTestCase, make_user

PRACTITIONER_LINKS = (
    "client_list",
    "caseload_drift",
    "journal_list",
    "harbour_plan",
    "voice_overview",
    "supervision_builder",
    "incident_list",
    "policy_list",
)


def with_second_factor(user: User) -> User:
    TOTPDevice.objects.create(user=user, name=APP_DEVICE, confirmed=True)
    return user


class RolesWithoutAWorkspaceTestCase(BaseTestCase):
    def menu_of(self, user: User) -> str:
        self.login(user)
        page = self.client.get(reverse("account"))
        assert page.status_code == 200
        return page.content.decode()

    def test_it_lands_a_supervisor_only_on_their_home(self) -> None:
        dana = with_second_factor(make_user("dana", Role.SUPERVISOR))
        self.login(dana)
        r = self.client.get(reverse("dashboard"))
        assert r.status_code == 302
        assert r["Location"] == reverse("supervisor_home")
        assert self.client.get(r["Location"]).status_code == 200

    def test_it_lands_an_educator_only_on_the_teaching_home(self) -> None:
        eve = with_second_factor(make_user("eve", Role.EDUCATOR))
        self.login(eve)
        r = self.client.get(reverse("dashboard"))
        assert r["Location"] == reverse("teach_home")
        assert self.client.get(r["Location"]).status_code == 200

    def test_it_lands_an_account_with_no_role_on_its_account_page(self) -> None:
        # ``fulcrum manage createsuperuser`` makes an account holding no role.
        nobody = User.objects.create_user(username="nobody", password="x" * 20)
        self.login(nobody)
        r = self.client.get(reverse("dashboard"))
        assert r["Location"] == reverse("account")
        assert self.client.get(reverse("client_list")).status_code == 404
        menu = self.menu_of(nobody)
        for name in PRACTITIONER_LINKS:
            assert f'href="{reverse(name)}"' not in menu, name

    def test_the_menu_offers_no_practitioner_page_to_other_roles(self) -> None:
        for user in (
            with_second_factor(make_user("dana", Role.SUPERVISOR)),
            with_second_factor(make_user("eve", Role.EDUCATOR)),
        ):
            menu = self.menu_of(user)
            for name in PRACTITIONER_LINKS:
                assert f'href="{reverse(name)}"' not in menu, (user.username, name)
            assert f'href="{reverse("library")}"' in menu
            assert f'href="{reverse("account_export")}"' not in menu

    def test_it_lets_a_supervisor_only_delete_the_account_without_offering_an_export(
        self,
    ) -> None:
        dana = with_second_factor(make_user("dana", Role.SUPERVISOR))
        self.login(dana)
        page = self.client.get(reverse("account_delete"))
        assert page.status_code == 200
        assert reverse("account_export") not in page.content.decode()
        assert self.client.get(reverse("account_export")).status_code == 404
        r = self.client.post(reverse("account_delete"), {"password": PASSWORD, "confirm": "dana"})
        assert r.status_code == 302
        assert not User.objects.filter(pk=dana.pk).exists()

    def test_the_library_opens_to_every_role(self) -> None:
        for user in (
            self.alice,
            with_second_factor(make_user("dana", Role.SUPERVISOR)),
            with_second_factor(make_user("eve", Role.EDUCATOR)),
        ):
            self.login(user)
            assert self.client.get(reverse("library")).status_code == 200, user.username

    def test_an_account_holding_several_roles_keeps_everything_each_gives(self) -> None:
        grant(self.alice, [Role.SUPERVISOR, Role.EDUCATOR])
        with_second_factor(self.alice)
        self.login(self.alice)
        assert self.client.get(reverse("dashboard")).status_code == 200  # her caseload
        client_page = reverse("client_detail", args=[self.alice_client.pk])
        for url in (client_page, reverse("journal_list"), reverse("account_export")):
            assert self.client.get(url).status_code == 200, url
        for name in ("supervisor_home", "teach_home"):
            assert self.client.get(reverse(name)).status_code == 200, name
        menu = self.menu_of(self.alice)
        for name in (*PRACTITIONER_LINKS, "supervisor_home", "teach_home"):
            assert f'href="{reverse(name)}"' in menu, name
