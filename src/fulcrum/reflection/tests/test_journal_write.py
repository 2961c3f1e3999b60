from __future__ import annotations

from django.urls import reverse

from fulcrum.reflection.models import JournalEntry
from fulcrum.reflection.tests.helpers import assert_login_required, make_warning
from fulcrum.testing import BaseTestCase, make_checkin


class JournalWriteTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.url = reverse("journal_write")

    def test_it_requires_login(self) -> None:
        assert_login_required(self, self.url)
        self.client.post(self.url, {"body": "x"})
        self.assertFalse(JournalEntry.objects.exists())

    def test_it_starts_from_a_prompt(self) -> None:
        self.login(self.alice)
        r = self.client.get(self.url, {"prompt": "want_power"})
        self.assertEqual(r.status_code, 200)
        self.assertContains(r, "Do I want power in my work with clients?")
        self.assertEqual(r.context["form"].initial["prompt_id"], "want_power")

    def test_it_ignores_a_prompt_it_does_not_know(self) -> None:
        self.login(self.alice)
        r = self.client.get(self.url, {"prompt": "retired_long_ago"})
        self.assertEqual(r.status_code, 200)
        self.assertNotIn("prompt_id", r.context["form"].initial)

    def test_it_saves_a_dated_private_entry(self) -> None:
        self.login(self.alice)
        r = self.client.post(
            self.url,
            {"prompt_id": "want_power", "body": "  Yes, enough to hold the frame.  "},
        )
        entry = JournalEntry.objects.get()
        self.assertRedirects(r, reverse("journal_detail", args=[entry.pk]))
        self.assertEqual(entry.owner, self.alice)
        self.assertEqual(entry.body, "Yes, enough to hold the frame.")
        self.assertFalse(entry.include_in_supervision)

    def test_it_keeps_what_was_typed_on_error(self) -> None:
        self.login(self.alice)
        r = self.client.post(self.url, {"prompt_id": "nonsense", "body": "My unsaved words"})
        self.assertEqual(r.status_code, 200)
        self.assertContains(r, "My unsaved words")
        self.assertTrue(r.context["form"].errors["prompt_id"])
        self.assertFalse(JournalEntry.objects.exists())
        r = self.client.post(self.url, {"body": "   "})
        self.assertContains(r, "This field is required")

    def test_it_links_a_warning_and_offers_its_prompt(self) -> None:
        warning = make_warning(self.alice_client)
        self.login(self.alice)
        r = self.client.get(self.url, {"warning": warning.pk})
        self.assertContains(r, "Late starts keep coming back")
        self.assertEqual(r.context["prompt"].id, "time_this_week")
        r = self.client.post(
            f"{self.url}?warning={warning.pk}",
            {"prompt_id": "time_this_week", "body": "Three late starts.", "warning": warning.pk},
        )
        entry = JournalEntry.objects.get()
        self.assertEqual((entry.warning, entry.client), (warning, self.alice_client))

    def test_it_links_a_session_from_its_page(self) -> None:
        checkin = make_checkin(self.alice_client, days_ago=2)
        self.login(self.alice)
        r = self.client.get(self.url, {"checkin": checkin.pk})
        self.assertContains(r, "Linked to the session")
        self.client.post(
            f"{self.url}?checkin={checkin.pk}",
            {"body": "After the session.", "checkin": checkin.pk},
        )
        entry = JournalEntry.objects.get()
        self.assertEqual((entry.checkin, entry.client), (checkin, self.alice_client))

    def test_it_404s_for_someone_elses_warning_session_or_client(self) -> None:
        warning = make_warning(self.bob_client)
        checkin = make_checkin(self.bob_client)
        self.login(self.alice)
        for query in (
            {"warning": warning.pk},
            {"checkin": checkin.pk},
            {"client": self.bob_client.pk},
            {"checkin": "abc"},
        ):
            self.assertEqual(self.client.get(self.url, query).status_code, 404, query)

    def test_it_refuses_to_link_someone_elses_records_by_post(self) -> None:
        checkin = make_checkin(self.bob_client)
        self.login(self.alice)
        r = self.client.post(
            self.url, {"body": "Trying.", "checkin": checkin.pk, "client": self.bob_client.pk}
        )
        self.assertEqual(r.status_code, 200)
        self.assertIn("checkin", r.context["form"].errors)
        self.assertIn("client", r.context["form"].errors)
        self.assertFalse(JournalEntry.objects.exists())

    def test_it_refuses_a_session_of_another_client(self) -> None:
        other = self.alice.clients.create(
            code="A-002",
            started_on=self.alice_client.started_on,
            created_at=self.alice_client.created_at,
        )
        checkin = make_checkin(other)
        self.login(self.alice)
        r = self.client.post(
            self.url, {"body": "Mixed up.", "checkin": checkin.pk, "client": self.alice_client.pk}
        )
        self.assertContains(r, "belongs to a different client")
        self.assertContains(r, "Mixed up.")
        self.assertFalse(JournalEntry.objects.exists())
