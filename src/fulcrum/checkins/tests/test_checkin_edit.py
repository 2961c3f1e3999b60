from __future__ import annotations

import re
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from fulcrum.checkins.models import CheckIn
from fulcrum.checkins.tests.helpers import form_data, over_use_data
from fulcrum.testing import NOW, BaseTestCase, make_checkin


class CheckInEditTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.checkin = make_checkin(
            self.alice_client,
            days_ago=2,
            choices_offered="yes",
            choices_count=2,
            note="First thoughts.",
            indicators=frozenset({"clear_guidance"}),
        )
        self.url = reverse("checkin_edit", args=[self.alice_client.pk, self.checkin.pk])

    def test_it_requires_login(self) -> None:
        r = self.client.get(self.url)
        self.assertRedirects(
            r, f"{reverse('login')}?next={self.url}", fetch_redirect_response=False
        )

    def test_it_404s_for_someone_else_and_changes_nothing(self) -> None:
        self.login(self.bob)
        assert self.client.get(self.url).status_code == 404
        assert self.client.post(self.url, over_use_data(NOW)).status_code == 404
        self.checkin.refresh_from_db()
        assert self.checkin.choices_offered == "yes"

    def test_it_shows_the_saved_answers(self) -> None:
        self.login(self.alice)
        r = self.client.get(self.url)
        form = r.context["form"]
        assert form["choices_offered"].value() == "yes"
        assert form["choices_count"].value() == 2
        assert form["note"].value() == "First thoughts."
        assert form["indicators"].value() == ["clear_guidance"]
        self.assertContains(r, "Change the check-in of")
        self.assertContains(r, f'action="{self.url}"')

    def test_it_saves_new_answers_scores_them_again_and_keeps_one_checkin(self) -> None:
        before = self.checkin.over_score
        self.login(self.alice)
        when = timezone.localtime(NOW) - timedelta(days=2)
        r = self.client.post(self.url, over_use_data(when))
        detail = reverse("checkin_detail", args=[self.alice_client.pk, self.checkin.pk])
        self.assertRedirects(r, detail, fetch_redirect_response=False)
        assert CheckIn.objects.count() == 1
        self.checkin.refresh_from_db()
        assert self.checkin.choices_offered == "no"
        assert self.checkin.choices_count is None
        assert self.checkin.disclosure_served == "practitioner"
        assert self.checkin.over_score > before

    def test_it_keeps_what_was_typed_on_error(self) -> None:
        self.login(self.alice)
        r = self.client.post(self.url, form_data(disclosure="yes", disclosure_note="Typed."))
        assert r.status_code == 200
        self.assertContains(r, 'value="Typed."')
        self.checkin.refresh_from_db()
        assert self.checkin.disclosure is False

    def test_it_redirects_an_htmx_save_to_the_checkin(self) -> None:
        self.login(self.alice)
        r = self.client.post(
            self.url, form_data(timezone.localtime(NOW) - timedelta(days=2)), HTTP_HX_REQUEST="true"
        )
        assert r.status_code == 204
        assert r["HX-Redirect"] == reverse(
            "checkin_detail", args=[self.alice_client.pk, self.checkin.pk]
        )

    def test_the_checkin_page_links_to_it(self) -> None:
        self.login(self.alice)
        detail = reverse("checkin_detail", args=[self.alice_client.pk, self.checkin.pk])
        self.assertContains(self.client.get(detail), self.url)

    def test_the_reason_given_for_a_change_is_kept_in_the_history(self) -> None:
        from fulcrum.history.models import Revision

        self.login(self.alice)
        assert self.client.get(self.url).context["form"]["change_reason"].value() is None
        when = timezone.localtime(NOW) - timedelta(days=2)
        data = {**over_use_data(when), "change_reason": "Remembered the choice I skipped."}
        self.client.post(self.url, data)
        revision = Revision.objects.get()
        assert revision.reason == "Remembered the choice I skipped."
        history = reverse("checkin_history", args=[self.alice_client.pk, self.checkin.pk])
        self.assertContains(self.client.get(history), "Remembered the choice I skipped.")

    def test_the_checkin_page_s_meters_say_which_end_to_look_at(self) -> None:
        # A bare meter is painted green whatever its value; a high over-use or under-use
        # score must not look like a good result, a high skilful score should.
        self.login(self.alice)
        detail = reverse("checkin_detail", args=[self.alice_client.pk, self.checkin.pk])
        page = self.client.get(detail).content.decode()
        meters = re.findall(r"<meter [^>]*>", page)
        assert len(meters) == 3
        over, under, skilful = meters
        assert 'optimum="0"' in over
        assert 'optimum="0"' in under
        assert 'optimum="10"' in skilful
        assert all('low="' in m and 'high="' in m for m in meters)
