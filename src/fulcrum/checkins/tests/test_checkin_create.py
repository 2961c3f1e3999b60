from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from fulcrum.checkins.models import CheckIn, DriftWarning
from fulcrum.checkins.tests.helpers import form_data, over_use_data
from fulcrum.testing import NOW, BaseTestCase


class CheckInCreateTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.url = reverse("checkin_create", args=[self.alice_client.pk])

    def test_it_requires_login(self) -> None:
        r = self.client.get(self.url)
        self.assertRedirects(
            r, f"{reverse('login')}?next={self.url}", fetch_redirect_response=False
        )
        r = self.client.post(self.url, form_data())
        self.assertEqual(r.status_code, 302)
        self.assertFalse(CheckIn.objects.exists())

    def test_it_404s_for_someone_elses_client(self) -> None:
        self.login(self.bob)
        self.assertEqual(self.client.get(self.url).status_code, 404)
        self.assertEqual(self.client.post(self.url, form_data()).status_code, 404)
        self.assertFalse(CheckIn.objects.exists())

    def test_it_shows_the_form_with_grouped_signs(self) -> None:
        self.login(self.alice)
        r = self.client.get(self.url)
        self.assertEqual(r.status_code, 200)
        self.assertContains(r, 'type="datetime-local"')
        self.assertContains(r, "autofocus")
        self.assertContains(r, "checkins.css")
        self.assertContains(r, f'hx-post="{self.url}"')
        # Catalogue labels, in groups, with grievance-level signs set apart.
        self.assertContains(r, "Gave clear guidance")
        self.assertContains(r, "Let a policy slide")
        self.assertContains(r, "Serious concerns")
        serious = r.content.decode().split('id="group-serious-concerns"')[1]
        self.assertIn("Sexualised contact", serious)
        self.assertNotIn("Gave clear guidance", serious)
        # Signs the structured questions already ask are not offered twice.
        self.assertNotContains(r, 'value="no_choices_offered"')
        self.assertNotContains(r, 'value="late_start"')
        self.assertNotContains(r, 'value="self_disclosure_practitioner_need"')

    def test_it_defaults_the_session_time_to_now(self) -> None:
        self.login(self.alice)
        r = self.client.get(self.url)
        today = timezone.localtime(NOW).strftime("%Y-%m-%dT")
        self.assertContains(r, f'value="{today}')

    def test_it_saves_a_checkin_with_scores(self) -> None:
        self.login(self.alice)
        r = self.client.post(self.url, form_data(), follow=True)
        self.assertRedirects(r, reverse("client_detail", args=[self.alice_client.pk]))
        checkin = CheckIn.objects.get()
        self.assertEqual(checkin.client, self.alice_client)
        self.assertEqual(checkin.choices_offered, "yes")
        self.assertEqual(checkin.choices_count, 2)
        self.assertTrue(checkin.started_on_time)
        self.assertTrue(checkin.client_signals_noticed)
        self.assertEqual(checkin.client_signals, "Shoulders dropped when I slowed down.")
        self.assertEqual(checkin.over_score, 0)
        self.assertGreater(checkin.skilful_score, 0)
        self.assertIn("choices_offered", checkin.observed)
        self.assertIn("signals_tracked", checkin.observed)
        self.assertContains(r, "Check-in saved for A-001")
        self.assertContains(r, "Gave clear guidance")

    def test_it_turns_the_structured_answers_into_indicators(self) -> None:
        self.login(self.alice)
        when = timezone.localtime(NOW) - timedelta(hours=2)
        self.client.post(
            self.url,
            over_use_data(when, ended_late="on", practitioner_state=["tired", "personal_needs"]),
        )
        checkin = CheckIn.objects.get()
        self.assertEqual(
            set(checkin.observed),
            {
                "no_choices_offered",
                "self_disclosure_practitioner_need",
                "late_start",
                "overran_end",
            },
        )
        self.assertEqual(checkin.disclosure_served, "practitioner")
        self.assertEqual(checkin.disclosure_note, "My holiday plans.")
        self.assertEqual(checkin.practitioner_state, ["personal_needs", "tired"])
        self.assertFalse(checkin.started_on_time)
        self.assertFalse(checkin.ended_on_time)
        self.assertGreater(checkin.over_score, 5)

    def test_it_warns_after_three_over_use_sessions_in_a_row(self) -> None:
        self.login(self.alice)
        now = timezone.localtime(NOW)
        for days in (3, 2):
            self.client.post(self.url, over_use_data(now - timedelta(days=days)))
        self.assertFalse(DriftWarning.objects.exists())
        r = self.client.post(self.url, over_use_data(now - timedelta(days=1)), follow=True)
        warning = DriftWarning.objects.filter(direction="over").first()
        assert warning is not None
        self.assertContains(r, f"New drift warning: {warning.title}")
        # Shown on the client page (where the redirect lands) and on the drift page.
        self.assertContains(r, f'id="warning-{warning.pk}"')
        self.assertContains(r, escape(warning.question))
        drift = self.client.get(reverse("client_drift", args=[self.alice_client.pk]))
        self.assertContains(drift, f'id="warning-{warning.pk}"')
        self.assertContains(drift, escape(warning.explanation))

    def test_it_announces_a_warning_once_not_on_every_later_save(self) -> None:
        self.login(self.alice)
        now = timezone.localtime(NOW)
        for days in (4, 3, 2):  # followed, so each save's notices are shown and spent
            self.client.post(self.url, over_use_data(now - timedelta(days=days)), follow=True)
        self.assertTrue(DriftWarning.objects.filter(direction="over").exists())
        r = self.client.post(self.url, over_use_data(now - timedelta(days=1)), follow=True)
        self.assertContains(r, "Check-in saved")
        self.assertNotContains(r, "New drift warning")

    def test_it_swaps_in_the_client_fragments_for_htmx(self) -> None:
        self.login(self.alice)
        now = timezone.localtime(NOW)
        for days in (3, 2):
            self.client.post(self.url, over_use_data(now - timedelta(days=days)))
        r = self.client.post(
            self.url, over_use_data(now - timedelta(days=1)), headers={"HX-Request": "true"}
        )
        self.assertEqual(r.status_code, 200)
        self.assertTemplateUsed(r, "checkins/_saved.html")
        self.assertTemplateUsed(r, "checkins/_client_drift.html")
        self.assertTemplateUsed(r, "checkins/_client_checkins.html")
        self.assertTemplateNotUsed(r, "base.html")
        self.assertContains(r, "Check-in saved")
        self.assertContains(r, "New drift warning")
        self.assertEqual(len(r.context["new_warnings"]), DriftWarning.objects.count())
        self.assertEqual(CheckIn.objects.count(), 3)

    def test_it_rejects_a_negative_number_of_choices_and_keeps_what_was_typed(self) -> None:
        self.login(self.alice)
        r = self.client.post(self.url, form_data(choices_count="-2", note="Keep me"))
        self.assertEqual(r.status_code, 200)
        self.assertFalse(CheckIn.objects.exists())
        self.assertContains(r, "cannot be below 0")
        self.assertContains(r, "Nothing has been saved yet")
        self.assertContains(r, 'value="-2"')
        self.assertContains(r, "Keep me")
        self.assertContains(r, "Shoulders dropped when I slowed down.")
        self.assertRegex(r.content.decode(), r'value="consent_checked"[^>]* checked>')
        self.assertRegex(r.content.decode(), r'value="yes" id="id_choices_offered_0"[^>]* checked>')

    def test_it_rejects_an_unknown_indicator(self) -> None:
        self.login(self.alice)
        r = self.client.post(self.url, form_data(indicators=["clear_guidance", "made_up"]))
        self.assertEqual(r.status_code, 200)
        self.assertFalse(CheckIn.objects.exists())
        self.assertContains(r, "does not know the sign made_up")

    def test_it_rejects_a_session_more_than_a_day_ahead(self) -> None:
        self.login(self.alice)
        later = timezone.localtime(NOW) + timedelta(days=3)
        r = self.client.post(self.url, form_data(later))
        self.assertEqual(r.status_code, 200)
        self.assertFalse(CheckIn.objects.exists())
        self.assertContains(r, "more than a day ahead")
        self.assertContains(r, later.strftime("%Y-%m-%dT%H:%M"))

    def test_it_allows_a_session_later_today(self) -> None:
        self.login(self.alice)
        r = self.client.post(self.url, form_data(timezone.localtime(NOW) + timedelta(hours=3)))
        self.assertEqual(r.status_code, 302)
        self.assertEqual(CheckIn.objects.count(), 1)

    def test_it_asks_whose_need_a_disclosure_served(self) -> None:
        self.login(self.alice)
        r = self.client.post(self.url, form_data(disclosure="yes", disclosure_note="A story"))
        self.assertEqual(r.status_code, 200)
        self.assertFalse(CheckIn.objects.exists())
        self.assertContains(r, "Whose need did the disclosure serve?")
        self.assertContains(r, "A story")

    def test_it_requires_an_answer_about_choices(self) -> None:
        self.login(self.alice)
        data = form_data()
        del data["choices_offered"]
        r = self.client.post(self.url, data)
        self.assertFalse(CheckIn.objects.exists())
        self.assertContains(r, "Did you offer choices?")

    def test_it_rejects_a_count_when_no_choices_were_offered(self) -> None:
        self.login(self.alice)
        r = self.client.post(self.url, form_data(choices_offered="no", choices_count="3"))
        self.assertFalse(CheckIn.objects.exists())
        self.assertContains(r, "no choices were offered")

    def test_it_returns_the_form_fragment_with_errors_for_htmx(self) -> None:
        self.login(self.alice)
        r = self.client.post(
            self.url, form_data(choices_count="-1"), headers={"HX-Request": "true"}
        )
        self.assertEqual(r.status_code, 200)
        self.assertNotContains(r, "<html")  # the named partial alone, not the page
        self.assertContains(r, 'class="checkin-form"')
        self.assertTemplateNotUsed(r, "base.html")
        self.assertContains(r, 'id="checkin-panel"')
        self.assertFalse(CheckIn.objects.exists())

    def test_it_keeps_draping_signs_last_for_talk_therapy(self) -> None:
        self.login(self.alice)
        page = self.client.get(self.url).content.decode()
        self.assertLess(page.index('id="group-presence"'), page.index('id="group-touch---draping"'))
        self.assertLess(
            page.index('id="group-time---policy"'), page.index('id="group-touch---draping"')
        )
