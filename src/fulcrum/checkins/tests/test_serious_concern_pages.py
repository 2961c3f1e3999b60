"""Open serious concerns show at the top of the caseload and on the client page, with a
supervision question and an offer of an incident entry, until what was done is recorded."""

from __future__ import annotations

from django.urls import reverse

from fulcrum.checkins.models import SeriousConcern
from fulcrum.checkins.services import CONCERN_QUESTION
from fulcrum.checkins.tests.helpers import form_data, open_concern
from fulcrum.core.catalogue import load_catalogue
from fulcrum.testing import BaseTestCase


class SeriousConcernPagesTest(BaseTestCase):
    def open_concern(self) -> SeriousConcern:
        return open_concern(self.alice_client)

    def close_url(self, concern: SeriousConcern) -> str:
        return reverse("concern_close", args=[self.alice_client.pk, concern.pk])

    def test_ticking_a_grievance_sign_on_the_form_shows_the_concern_on_the_caseload(self) -> None:
        self.login(self.alice)
        r = self.client.post(
            reverse("checkin_create", args=[self.alice_client.pk]),
            form_data(indicators=["scope_creep"]),
        )
        assert r.status_code in (200, 302), r.content
        concern = SeriousConcern.objects.get()
        page = self.client.get(reverse("dashboard")).content.decode()
        label = load_catalogue().indicator("scope_creep").label
        top = page.index('id="serious-concerns"')
        assert top < page.index('class="caseload"')
        assert f"Serious concern: {label}" in page
        assert CONCERN_QUESTION in page.replace("&#x27;", "'")
        assert self.close_url(concern) in page
        assert f"{reverse('incident_create')}?client={self.alice_client.pk}" in page

    def test_the_saved_panel_shows_the_concern_at_once(self) -> None:
        self.login(self.alice)
        r = self.client.post(
            reverse("checkin_create", args=[self.alice_client.pk]),
            form_data(indicators=["consent_not_obtained"]),
            headers={"HX-Request": "true"},
        )
        assert r.status_code == 200
        self.assertTemplateUsed(r, "checkins/_saved.html")
        concern = SeriousConcern.objects.get()
        page = r.content.decode()
        assert page.index("Check-in saved") < page.index('id="serious-concerns"')
        assert self.close_url(concern) in page

    def test_the_client_page_shows_the_open_concern(self) -> None:
        concern = self.open_concern()
        self.login(self.alice)
        page = self.client.get(reverse("client_detail", args=[self.alice_client.pk])).content
        assert b'id="serious-concerns"' in page
        assert self.close_url(concern).encode() in page

    def test_the_client_s_own_card_on_the_caseload_carries_the_concern(self) -> None:
        from fulcrum.testing import make_client

        calm = make_client(self.alice, "A-002")
        self.open_concern()
        self.login(self.alice)
        r = self.client.get(reverse("dashboard"))
        marked = {row["client"].code: row["concern"] for row in r.context["rows"]}
        assert marked == {"A-001": True, calm.code: False}
        page = r.content.decode()
        assert page.count('class="badge concern" href="#serious-concerns"') == 1
        assert 'Serious concern open<span class="visually-hidden"> about A-001</span>' in page

    def test_the_caseload_shows_nothing_without_a_concern(self) -> None:
        self.login(self.alice)
        page = self.client.get(reverse("dashboard")).content
        assert b'id="serious-concerns"' not in page

    def test_another_users_concern_is_not_shown_and_404s(self) -> None:
        concern = self.open_concern()
        self.login(self.bob)
        assert b"serious-concerns" not in self.client.get(reverse("dashboard")).content
        assert self.client.get(self.close_url(concern)).status_code == 404
        assert self.client.post(self.close_url(concern), {"what_i_did": "x"}).status_code == 404
        other = reverse("concern_close", args=[self.bob_client.pk, concern.pk])
        assert self.client.get(other).status_code == 404
        concern.refresh_from_db()
        assert concern.closed_at is None

    def test_an_anonymous_visitor_is_sent_to_sign_in(self) -> None:
        concern = self.open_concern()
        r = self.client.get(self.close_url(concern))
        assert r.status_code == 302
        assert reverse("login") in r["Location"]

    def test_recording_what_was_done_closes_it_and_quiets_the_pages(self) -> None:
        concern = self.open_concern()
        self.login(self.alice)
        assert self.client.get(self.close_url(concern)).status_code == 200
        r = self.client.post(
            self.close_url(concern),
            {
                "what_i_did": "Paused the work and wrote an incident.",
                "who_i_consulted": "Supervisor",
            },
        )
        assert r.status_code == 302
        concern.refresh_from_db()
        assert concern.closed_at is not None
        assert concern.what_i_did == "Paused the work and wrote an incident."
        assert concern.who_i_consulted == "Supervisor"
        assert b"serious-concerns" not in self.client.get(reverse("dashboard")).content
        page = self.client.get(reverse("client_detail", args=[self.alice_client.pk])).content
        assert b"serious-concerns" not in page

    def test_an_empty_account_is_refused_and_what_was_typed_stays(self) -> None:
        concern = self.open_concern()
        self.login(self.alice)
        r = self.client.post(
            self.close_url(concern), {"what_i_did": "  ", "who_i_consulted": "My insurer"}
        )
        assert r.status_code == 200
        assert b"My insurer" in r.content
        assert b"has-error" in r.content
        concern.refresh_from_db()
        assert concern.closed_at is None

    def test_the_incident_offer_names_the_client(self) -> None:
        self.login(self.alice)
        r = self.client.get(f"{reverse('incident_create')}?client={self.alice_client.pk}")
        assert f'<option value="{self.alice_client.pk}" selected>'.encode() in r.content
        r = self.client.get(f"{reverse('incident_create')}?client={self.bob_client.pk}")
        assert b'<option value="" selected>' in r.content
        assert f'value="{self.bob_client.pk}"'.encode() not in r.content
        assert self.client.get(f"{reverse('incident_create')}?client=abc").status_code == 200
