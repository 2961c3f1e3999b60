from __future__ import annotations

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from fulcrum.accounts.models import Role
from fulcrum.checkins.access import open_concerns_for_user
from fulcrum.checkins.models import DriftWarning
from fulcrum.checkins.tests.helpers import open_concern
from fulcrum.clients.models import Client
from fulcrum.clients.services import archive_client
from fulcrum.policies.access import published_versions_for_user
from fulcrum.policies.consent import record_consent
from fulcrum.policies.models import PolicyVersion
from fulcrum.policies.services import publish, start_draft
from fulcrum.testing import NOW, BaseTestCase, make_checkin, make_client, make_user
from fulcrum.workspace.client_page import caseload


def make_warning(
    client: Client,
    title: str,
    *,
    direction: str = "over",
    hours_ago: int = 0,
    acknowledged: bool = False,
) -> DriftWarning:
    at = NOW - timedelta(hours=hours_ago)
    return DriftWarning.objects.create(
        client=client,
        key=f"{direction}:pattern:{title}",
        direction=direction,
        rule="pattern",
        title=title,
        explanation="Seen in three of the last four sessions.",
        question="What made that feel right?",
        first_at=at,
        detected_at=at,
        acknowledged_at=NOW if acknowledged else None,
    )


class DashboardTestCase(BaseTestCase):
    url = reverse("dashboard")

    def codes(self) -> list[str]:
        r = self.client.get(self.url)
        assert r.status_code == 200
        return [row["client"].code for row in r.context["rows"]]

    def test_it_sends_anonymous_visitors_to_the_login_page(self) -> None:
        r = self.client.get(self.url)
        self.assertRedirects(r, f"{reverse('login')}?next=/", fetch_redirect_response=False)

    def test_it_welcomes_an_empty_workspace(self) -> None:
        self.login(self.charlie)
        r = self.client.get(self.url)
        self.assertContains(r, "Welcome to Fulcrum")
        self.assertContains(r, reverse("client_create"))

    def test_it_points_to_the_archive_when_everyone_is_archived(self) -> None:
        archive_client(self.alice_client, now=NOW)
        self.login(self.alice)
        r = self.client.get(self.url)
        self.assertContains(r, "Everyone you have added is archived")

    def test_it_shows_only_my_active_clients(self) -> None:
        archived = make_client(self.alice, "A-OLD")
        archive_client(archived, now=NOW)
        self.login(self.alice)
        assert self.codes() == ["A-001"]

    def test_it_orders_open_warnings_first_then_by_last_checkin(self) -> None:
        quiet_recent = make_client(self.alice, "A-RECENT")
        make_checkin(quiet_recent, days_ago=1)
        quiet_old = make_client(self.alice, "A-OLD")
        make_checkin(quiet_old, days_ago=30)
        one_warning = make_client(self.alice, "A-ONE")
        make_checkin(one_warning, days_ago=60)
        make_warning(one_warning, "Choices offered less often")
        two_warnings = make_client(self.alice, "A-TWO")
        make_warning(two_warnings, "Sessions starting late", hours_ago=48)
        make_warning(two_warnings, "Policies left unenforced", direction="under", hours_ago=50)
        older_warning = make_client(self.alice, "A-ONE-OLDER")
        make_warning(older_warning, "Friendship drift", direction="under", hours_ago=100)
        acknowledged = make_client(self.alice, "A-ACK")
        make_checkin(acknowledged, days_ago=10)
        make_warning(acknowledged, "Talked through", acknowledged=True)
        make_warning(self.bob_client, "Not alice's")
        self.login(self.alice)
        assert self.codes() == [
            "A-TWO",
            "A-ONE",
            "A-ONE-OLDER",
            "A-RECENT",
            "A-ACK",
            "A-OLD",
            "A-001",
        ]

    def test_it_shows_each_row(self) -> None:
        make_checkin(self.alice_client, days_ago=3)
        make_checkin(self.alice_client, days_ago=2)
        make_warning(self.alice_client, "Choices offered less often")
        make_warning(self.alice_client, "Policies left unenforced", direction="under")
        make_warning(self.alice_client, "Already discussed", acknowledged=True)
        self.login(self.alice)
        r = self.client.get(self.url)
        self.assertContains(r, "A-001")
        self.assertContains(r, "Ash")
        self.assertContains(r, "Talk therapy")
        self.assertContains(r, "2 check-ins")
        self.assertContains(r, "30 Oct 2026")
        self.assertContains(r, "Choices offered less often")
        self.assertContains(r, '<span class="badge dir-over">Over-use</span>', html=True)
        self.assertContains(r, '<span class="badge dir-under">Under-use</span>', html=True)
        self.assertNotContains(r, "Already discussed")
        self.assertContains(r, reverse("checkin_create", args=[self.alice_client.pk]))
        self.assertContains(r, reverse("client_detail", args=[self.alice_client.pk]))

    def test_it_uses_a_fixed_number_of_queries(self) -> None:
        self.login(self.alice)
        make_warning(self.alice_client, "One")
        with CaptureQueriesContext(connection) as quiet:
            self.client.get(self.url)
        # Session, user with the roles the account holds (the first page and the menu
        # fit them), the annotated caseload — which also says whether any policy is
        # published and any serious concern open —, and the open warnings.
        assert len(quiet) == 4
        for kind in ("cancellation", "payment"):
            draft = start_draft(self.alice, kind, now=NOW)
            publish(draft, change="", summary="", effective_on=NOW.date(), now=NOW)
        open_concern(self.alice_client)  # a session: drift is read again
        make_warning(self.alice_client, "Two")
        with CaptureQueriesContext(connection) as small:
            self.client.get(self.url)
        version = PolicyVersion.objects.filter(policy__kind="payment").get()
        for n in range(6):
            c = make_client(self.alice, f"A-1{n}")
            checkin = make_checkin(c, days_ago=n)
            make_warning(c, f"Warning {n}")
            record_consent(c, version, event="accepted", channel="verbal", checkin=checkin, now=NOW)
        with CaptureQueriesContext(connection) as large:
            r = self.client.get(self.url)
        assert len(r.context["rows"]) == 7
        # And the open serious concerns shown above them, and every published policy
        # version with the caseload's consent events joined on (who has not agreed to
        # what), whatever the caseload's size.
        assert len(small) == len(large) == 6

    def test_it_shows_an_archived_clients_open_concern_beside_active_clients(self) -> None:
        archived = make_client(self.alice, "A-090")
        open_concern(archived)
        archive_client(archived, now=NOW)
        self.login(self.alice)
        r = self.client.get(self.url)
        assert [row["client"].code for row in r.context["rows"]] == ["A-001"]
        assert [c.concern.client.code for c in r.context["concerns"]] == ["A-090"]

    def test_it_shows_an_open_concern_with_no_active_client(self) -> None:
        open_concern(self.alice_client)
        archive_client(self.alice_client, now=NOW)
        self.login(self.alice)
        r = self.client.get(self.url)
        assert r.context["rows"] == []
        assert [c.concern.client.code for c in r.context["concerns"]] == ["A-001"]


class CaseloadAnswersAgreeWithAccessTestCase(BaseTestCase):
    """The caseload's two written-out questions answer as the areas' access functions do."""

    def answers(self) -> tuple[bool, bool]:
        row = caseload(self.alice).first()
        assert row is not None
        return bool(row.any_published_policy), bool(row.any_open_concern)  # type: ignore[attr-defined]

    def expected(self) -> tuple[bool, bool]:
        return (
            published_versions_for_user(self.alice).exists(),
            open_concerns_for_user(self.alice).exists(),
        )

    def test_they_follow_each_change(self) -> None:
        assert self.answers() == self.expected() == (False, False)
        # Someone else's policy and concern are not Alice's.
        other = make_client(self.bob, "B-900")
        open_concern(other)
        draft = start_draft(self.bob, "payment", now=NOW)
        publish(draft, change="", summary="", effective_on=NOW.date(), now=NOW)
        assert self.answers() == self.expected() == (False, False)
        start_draft(self.alice, "payment", now=NOW)  # a draft is not published
        assert self.answers() == self.expected() == (False, False)
        publish(
            PolicyVersion.objects.get(policy__owner=self.alice),
            change="",
            summary="",
            effective_on=NOW.date(),
            now=NOW,
        )
        concern = open_concern(self.alice_client)
        assert self.answers() == self.expected() == (True, True)
        concern.closed_at = NOW
        concern.save(update_fields=["closed_at"])
        assert self.answers() == self.expected() == (True, False)


class FirstPageTestCase(BaseTestCase):
    """Someone who is not a practitioner starts at their own role's home, never at an
    empty caseload that offers to add a client."""

    def test_each_role_starts_at_its_own_home(self) -> None:
        from fulcrum.supervision.tests.helpers import make_supervisor
        from fulcrum.vignettes.tests.helpers import make_educator

        cases = [
            (make_supervisor("dana"), reverse("supervisor_home")),
            (make_educator(), reverse("teach_home")),
        ]
        for user, home in cases:
            with self.subTest(user=user.username):
                self.client.force_login(user)
                assert self.client.get(reverse("dashboard")).headers["Location"] == home

    def test_a_role_that_needs_a_second_factor_starts_by_turning_it_on(self) -> None:
        self.client.force_login(make_user("sam", Role.SUPERVISOR))
        response = self.client.get(reverse("dashboard"))
        assert response.headers["Location"] == f"{reverse('two_factor')}?needed=supervisor"

    def test_a_practitioner_who_also_supervises_starts_at_the_caseload(self) -> None:
        self.client.force_login(make_user("robin", Role.PRACTITIONER, Role.SUPERVISOR))
        assert self.client.get(reverse("dashboard")).status_code == 200
