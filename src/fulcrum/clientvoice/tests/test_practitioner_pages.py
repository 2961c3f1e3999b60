from __future__ import annotations

from datetime import timedelta

from django.urls import reverse

from fulcrum.clientvoice.models import VoiceLink
from fulcrum.clientvoice.services import create_link, hash_token
from fulcrum.clientvoice.tests.helpers import answer
from fulcrum.reflection.tests.helpers import assert_login_required
from fulcrum.testing import NOW, BaseTestCase, make_checkin


class VoicePagesTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.checkin = make_checkin(
            self.alice_client, days_ago=2, choices_offered="yes", choices_count=2
        )
        answer(self.checkin, choice=2, comment="Alice's client felt rushed.")
        self.bob_checkin = make_checkin(self.bob_client, days_ago=1)
        answer(self.bob_checkin, safety=1, comment="Bob's client's words.")
        self.overview = reverse("voice_overview")
        self.client_url = reverse("voice_client", args=[self.alice_client.pk])

    def test_it_requires_login(self) -> None:
        assert_login_required(self, self.overview)
        assert_login_required(self, self.client_url)
        link, _ = create_link(self.checkin, now=NOW)
        assert_login_required(self, reverse("voice_link", args=[link.pk]))
        create = reverse("voice_link_create", args=[self.alice_client.pk, self.checkin.pk])
        assert_login_required(self, create, method="post")
        assert_login_required(self, reverse("voice_link_withdraw", args=[link.pk]), method="post")

    def test_it_shows_the_answers_beside_the_checkin_with_the_gap(self) -> None:
        self.login(self.alice)
        r = self.client.get(self.client_url)
        self.assertEqual(r.status_code, 200)
        self.assertContains(r, "Choices offered: yes")
        self.assertContains(r, "2/10")
        self.assertContains(r, "Choice: the client&#x27;s view differs from your check-in")
        self.assertContains(r, "Alice&#x27;s client felt rushed.")
        self.assertNotContains(r, "Bob&#x27;s client")
        overview = self.client.get(self.overview)
        self.assertContains(overview, self.client_url)
        self.assertNotContains(overview, "B-001")

    def test_it_never_shows_one_practitioner_anothers_answers(self) -> None:
        self.login(self.bob)
        self.assertEqual(self.client.get(self.client_url).status_code, 404)
        r = self.client.get(self.overview)
        self.assertNotContains(r, "A-001")
        detail = reverse("checkin_detail", args=[self.alice_client.pk, self.checkin.pk])
        self.assertEqual(self.client.get(detail).status_code, 404)

    def test_it_shows_the_answers_on_the_checkin_page(self) -> None:
        self.login(self.alice)
        r = self.client.get(reverse("checkin_detail", args=[self.alice_client.pk, self.checkin.pk]))
        self.assertContains(r, 'id="checkin-voice"')
        self.assertContains(r, "Alice&#x27;s client felt rushed.")
        self.assertContains(r, "For supervision:")

    def test_it_flags_the_gap_on_the_client_page(self) -> None:
        self.login(self.alice)
        r = self.client.get(reverse("client_detail", args=[self.alice_client.pk]))
        self.assertContains(r, 'id="client-voice"')
        self.assertContains(r, "1 gap")


class VoiceLinkPagesTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.checkin = make_checkin(self.alice_client, days_ago=1)
        self.create = reverse("voice_link_create", args=[self.alice_client.pk, self.checkin.pk])

    def test_it_shows_a_new_link_and_its_qr_code_once(self) -> None:
        self.login(self.alice)
        r = self.client.post(self.create)
        link = VoiceLink.objects.get()
        self.assertRedirects(
            r, reverse("voice_link", args=[link.pk]), fetch_redirect_response=False
        )
        page = self.client.get(r["Location"])
        self.assertEqual(page["Referrer-Policy"], "no-referrer")
        url = page.context["url"]
        token = url.rstrip("/").rsplit("/", 1)[1]
        self.assertEqual(hash_token(token), link.token_hash)
        self.assertContains(page, url)
        self.assertContains(page, '<svg viewBox="0 0')
        self.assertContains(page, 'class="qr"')
        again = self.client.get(r["Location"])
        self.assertIsNone(again.context["url"])
        self.assertNotContains(again, token)
        self.assertContains(again, "cannot be shown again")

    def test_it_refuses_creating_or_viewing_links_for_someone_else(self) -> None:
        link, _ = create_link(self.checkin, now=NOW)
        self.login(self.bob)
        self.assertEqual(self.client.post(self.create).status_code, 404)
        self.assertEqual(self.client.get(reverse("voice_link", args=[link.pk])).status_code, 404)
        withdraw = reverse("voice_link_withdraw", args=[link.pk])
        self.assertEqual(self.client.post(withdraw).status_code, 404)
        self.assertEqual(VoiceLink.objects.count(), 1)
        other = make_checkin(self.bob_client)
        mixed = reverse("voice_link_create", args=[self.alice_client.pk, other.pk])
        self.login(self.alice)
        self.assertEqual(self.client.post(mixed).status_code, 404)

    def test_it_only_creates_links_by_post(self) -> None:
        self.login(self.alice)
        self.assertEqual(self.client.get(self.create).status_code, 405)
        self.assertFalse(VoiceLink.objects.exists())

    def test_it_withdraws_an_open_link(self) -> None:
        link, _ = create_link(self.checkin, now=NOW - timedelta(days=1))
        self.login(self.alice)
        page = self.client.get(reverse("voice_client", args=[self.alice_client.pk]))
        self.assertContains(page, "Links not answered")
        r = self.client.post(reverse("voice_link_withdraw", args=[link.pk]), follow=True)
        self.assertContains(r, "The link was withdrawn")
        self.assertFalse(VoiceLink.objects.exists())
