"""The supervision link: a supervisee invites, a supervisor accepts with the one-time
code, either side ends it, and ending closes every share at once."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse

from fulcrum.accounts.models import Role
from fulcrum.clientvoice.models import FailedVoiceLookup
from fulcrum.clientvoice.services import hash_token
from fulcrum.core.errors import InvalidInput
from fulcrum.supervision import services
from fulcrum.supervision.models import Share, SupervisionLink
from fulcrum.supervision.services import InviteUnavailable
from fulcrum.supervision.tests.helpers import (
    linked,
    make_supervisor,
    reportable_client,
    share_for,
)
from fulcrum.testing import NOW, BaseTestCase, make_user


class SupervisionLinkTestCase(BaseTestCase):
    def invite(self) -> tuple[SupervisionLink, str]:
        return services.invite_supervisor(
            self.alice, kind="peer", scope=["warnings", "maps"], started_on=NOW.date(), now=NOW
        )

    def accept(self, who, code: str, *, now=NOW):  # type: ignore[no-untyped-def]
        return services.accept_invitation(
            who,
            code,
            qualification="Licensed psychologist",
            registration="PSY-1",
            jurisdiction="Ontario",
            address="198.51.100.4",
            now=now,
        )

    def test_it_keeps_only_a_hash_of_the_code(self) -> None:
        link, code = self.invite()
        assert code not in link.code_hash
        assert link.code_hash == hash_token(services.normalise_code(code))
        assert link.scope == ["warnings", "maps"]

    def test_it_lets_a_supervisor_accept_once_and_records_the_qualification(self) -> None:
        dana = make_supervisor()
        _link, code = self.invite()
        accepted = self.accept(dana, code.lower().replace("-", " "))
        assert accepted.supervisor == dana
        assert accepted.is_live
        assert accepted.registration == "PSY-1"
        with self.assertRaises(InviteUnavailable) as caught:
            self.accept(make_supervisor("erin"), code)
        assert caught.exception.reason == "used"

    def test_it_refuses_an_account_without_the_supervisor_role(self) -> None:
        _, code = self.invite()
        with self.assertRaises(InvalidInput):
            self.accept(self.bob, code)

    def test_it_refuses_an_expired_code_and_counts_unknown_ones(self) -> None:
        dana = make_supervisor()
        _, code = self.invite()
        for _ in range(10):
            with self.assertRaises(InviteUnavailable):
                self.accept(dana, "AAAA-BBBB-CCCC")
        assert FailedVoiceLookup.objects.count() == 10
        with self.assertRaises(InviteUnavailable) as caught:
            self.accept(dana, code)
        assert caught.exception.reason == "limited"
        with self.assertRaises(InviteUnavailable) as caught:
            self.accept(dana, code, now=NOW + timedelta(days=8))
        assert caught.exception.reason == "expired"

    def test_it_allows_many_supervisors_and_many_supervisees(self) -> None:
        dana, erin = make_supervisor(), make_supervisor("erin")
        linked(self.alice, dana)
        linked(self.alice, erin)
        linked(self.bob, dana)
        assert SupervisionLink.objects.filter(supervisor=dana).count() == 2
        assert SupervisionLink.objects.filter(supervisee=self.alice).count() == 2

    def test_it_closes_every_share_when_either_side_ends_the_link(self) -> None:
        dana = make_supervisor()
        client, _, _ = reportable_client(self.alice)
        for ender in ("supervisee", "supervisor"):
            link = linked(self.alice, dana)
            share_for(self.alice, link, client)
            share_for(self.alice, link, client)
            who = self.alice if ender == "supervisee" else dana
            assert services.end_link(link, who, now=NOW) == 2
            assert not Share.objects.filter(link=link, revoked_at__isnull=True).exists()
        with self.assertRaises(InvalidInput):
            services.end_link(link, self.bob, now=NOW)

    def test_it_walks_the_pages_from_invitation_to_acceptance(self) -> None:
        dana = make_supervisor()
        self.login(self.alice)
        r = self.client.post(
            reverse("supervision_links"),
            {"kind": "group", "started_on": "2026-10-01", "scope": ["checkins", "warnings"]},
        )
        link = SupervisionLink.objects.get(supervisee=self.alice)
        assert r["Location"] == reverse("supervision_link", args=[link.pk])
        page = self.client.get(r["Location"]).content.decode()
        code = page.split('class="code"><strong>')[1].split("<")[0]
        assert code not in self.client.get(r["Location"]).content.decode()  # shown once
        self.login(dana)
        r = self.client.post(
            reverse("supervision_accept"),
            {"code": code, "qualification": "Supervisor", "registration": "", "jurisdiction": ""},
        )
        assert r.status_code == 302
        assert self.client.get(reverse("supervisor_home")).status_code == 200
        assert b"alice" in self.client.get(reverse("supervisor_home")).content

    def test_it_keeps_what_was_typed_when_a_code_fails(self) -> None:
        self.login(make_supervisor())
        r = self.client.post(
            reverse("supervision_accept"),
            {"code": "WRONG-CODE", "qualification": "Typed qualification"},
        )
        assert r.status_code == 400
        assert b"Typed qualification" in r.content

    def test_it_answers_404_to_a_practitioner_on_supervisor_pages(self) -> None:
        self.login(self.bob)
        for name in ("supervisor_home", "supervision_accept"):
            assert self.client.get(reverse(name)).status_code == 404

    def test_it_asks_a_supervisor_for_a_second_factor_first(self) -> None:
        self.login(make_user("frank", Role.SUPERVISOR))
        r = self.client.get(reverse("supervisor_home"))
        assert r.status_code == 302
        assert reverse("two_factor") in r["Location"]

    def test_it_starts_a_supervisor_only_account_at_supervision(self) -> None:
        self.login(make_supervisor())
        r = self.client.get(reverse("dashboard"))
        assert r["Location"] == reverse("supervisor_home")
        menu = self.client.get(reverse("supervisor_home")).content.decode()
        assert "Supervising" in menu
        assert "Caseload" not in menu
