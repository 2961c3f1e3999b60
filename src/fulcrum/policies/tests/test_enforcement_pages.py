"""The pages for policies applied and bodywork consent: forms that keep what was typed,
the client page's section, waiver rates on the policies page, the check-in's links."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.urls import reverse
from django.utils import timezone

from fulcrum.checkins.models import DriftWarning
from fulcrum.policies import services
from fulcrum.policies.models import EnforcementRecord, PolicyVersion, SessionBodywork
from fulcrum.testing import NOW, BaseTestCase, make_checkin

START = NOW.date() - timedelta(days=60)


class EnforcementPagesTestCase(BaseTestCase):
    def setUp(self) -> None:
        draft = services.start_draft(self.alice, "cancellation", now=NOW)
        self.version: PolicyVersion = services.publish(
            draft, change="", summary="", effective_on=START, now=NOW
        )
        self.checkin = make_checkin(self.alice_client, days_ago=3)
        self.page = reverse("enforcement_client", args=[self.alice_client.pk])
        self.login(self.alice)

    def _post(self, **fields: object) -> Any:
        data = {
            "occasion": "late_cancellation",
            "policy": self.version.policy_id,
            "action": "waived",
            "occurred_on": (NOW.date() - timedelta(days=2)).isoformat(),
            "checkin": "",
            "amount": "",
            "note": "",
            **fields,
        }
        return self.client.post(self.page, data)

    def test_it_records_and_lists_a_waiver_with_its_rate(self) -> None:
        r = self._post(note="Snow day, waived the fee", amount="45")
        self.assertRedirects(r, self.page)
        record = EnforcementRecord.objects.get()
        assert record.note == "Snow day, waived the fee"
        page = self.client.get(self.page).content.decode()
        assert "Snow day, waived the fee" in page
        assert "Waived it" in page
        assert "100%" in page
        assert "not agreed by" in page

    def test_a_refused_form_keeps_what_was_typed(self) -> None:
        r = self._post(occurred_on=(START - timedelta(days=5)).isoformat(), note="Kept words 7")
        assert r.status_code == 200
        self.assertContains(r, "No version of this policy was in force")
        self.assertContains(r, "Kept words 7")
        assert not EnforcementRecord.objects.exists()
        r = self._post(amount="-3", note="Kept words 8")
        self.assertContains(r, "Kept words 8")
        assert not EnforcementRecord.objects.exists()

    def test_the_session_prefills_the_form_and_another_users_session_is_a_404(self) -> None:
        r = self.client.get(self.page, {"session": self.checkin.pk})
        self.assertContains(r, f'<option value="{self.checkin.pk}" selected>')
        # A date input only takes ISO dates; any other format leaves it empty.
        day = timezone.localtime(self.checkin.session_at).date().isoformat()
        self.assertContains(r, f'type="date" name="occurred_on" value="{day}"')
        other = make_checkin(self.bob_client, days_ago=1)
        assert self.client.get(self.page, {"session": other.pk}).status_code == 404
        assert self.client.get(self.page, {"session": "x"}).status_code == 404

    def test_the_client_page_shows_the_section_and_form(self) -> None:
        self._post()
        r = self.client.get(reverse("client_detail", args=[self.alice_client.pk]))
        self.assertContains(r, "When a policy applied")
        self.assertContains(r, "Record what you did")
        r = self._post(next="client")
        self.assertRedirects(r, reverse("client_detail", args=[self.alice_client.pk]))

    def test_a_run_of_waivers_shows_as_a_drift_warning_and_on_the_policies_page(self) -> None:
        for days in (20, 15, 10, 5):
            self._post(occurred_on=(NOW.date() - timedelta(days=days)).isoformat())
        self._post(action="enforced")
        warning = DriftWarning.objects.get(client=self.alice_client, rule="policy_waivers")
        r = self.client.get(reverse("client_detail", args=[self.alice_client.pk]))
        self.assertContains(r, warning.title)
        r = self.client.get(reverse("policy_list"))
        self.assertContains(r, "How often policies were waived")
        self.assertContains(r, "80%")
        self.assertContains(r, self.alice_client.code)

    def test_the_check_in_page_links_to_the_record_form_with_its_session(self) -> None:
        r = self.client.get(reverse("checkin_detail", args=[self.alice_client.pk, self.checkin.pk]))
        self.assertContains(r, f"{self.page}?session={self.checkin.pk}")
        edit = reverse("checkin_edit", args=[self.alice_client.pk, self.checkin.pk])
        self.assertContains(self.client.get(edit), f"{self.page}?session={self.checkin.pk}")

    def test_bodywork_consent_is_saved_and_a_declined_area_worked_is_named(self) -> None:
        url = reverse("bodywork_session", args=[self.alice_client.pk, self.checkin.pk])
        r = self.client.post(
            url,
            {
                "areas_to_work": ["neck", "shoulders"],
                "areas_to_avoid": ["abdomen"],
                "areas_worked": ["neck", "abdomen"],
                "pressure": "light",
                "positioning_agreed": "on",
                "withdrew": "on",
                "withdrawal_note": "Asked to stop on the abdomen",
            },
        )
        self.assertRedirects(
            r, reverse("checkin_detail", args=[self.alice_client.pk, self.checkin.pk])
        )
        row = SessionBodywork.objects.get()
        assert row.areas_to_avoid == ["abdomen"]
        assert row.withdrawal_note == "Asked to stop on the abdomen"
        warning = DriftWarning.objects.get(client=self.alice_client, rule="bodywork_declined_area")
        assert warning.direction == "over"
        assert warning.checkin_ids == [self.checkin.pk]

    def test_a_refused_bodywork_form_keeps_what_was_typed(self) -> None:
        url = reverse("bodywork_session", args=[self.alice_client.pk, self.checkin.pk])
        r = self.client.post(
            url,
            {"areas_to_work": ["neck"], "areas_to_avoid": ["neck"], "agreement_note": "Typed 9"},
        )
        assert r.status_code == 200
        self.assertContains(r, "both one to work and one to avoid")
        self.assertContains(r, "Typed 9")
        assert not SessionBodywork.objects.exists()

    def test_another_practitioners_pages_are_404(self) -> None:
        bob_page = reverse("enforcement_client", args=[self.bob_client.pk])
        assert self.client.get(bob_page).status_code == 404
        other = make_checkin(self.bob_client, days_ago=1)
        url = reverse("bodywork_session", args=[self.alice_client.pk, other.pk])
        assert self.client.get(url).status_code == 404

    def test_a_session_a_record_names_is_kept_and_the_page_says_why(self) -> None:
        self._post(
            checkin=self.checkin.pk, occurred_on=(NOW.date() - timedelta(days=3)).isoformat()
        )
        url = reverse("checkin_delete", args=[self.alice_client.pk, self.checkin.pk])
        r = self.client.post(url, follow=True)
        self.assertContains(r, "cannot be deleted")
        assert EnforcementRecord.objects.get().checkin == self.checkin
