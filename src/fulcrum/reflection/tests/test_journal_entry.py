from __future__ import annotations

from django.urls import reverse

from fulcrum.reflection.models import JournalEntry
from fulcrum.reflection.tests.helpers import assert_login_required, make_entry
from fulcrum.testing import BaseTestCase


class JournalEntryPagesTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.entry = make_entry(
            self.alice,
            "Alice's reflection on fees.",
            prompt_id="want_power",
            client=self.alice_client,
        )
        self.urls = {
            name: reverse(name, args=[self.entry.pk])
            for name in ("journal_detail", "journal_edit", "journal_delete")
        }

    def test_it_requires_login(self) -> None:
        for url in self.urls.values():
            assert_login_required(self, url)

    def test_it_shows_the_owner_their_entry(self) -> None:
        self.login(self.alice)
        r = self.client.get(self.urls["journal_detail"])
        self.assertContains(r, "Alice&#x27;s reflection on fees.")
        self.assertContains(r, "Do I want power")
        self.assertContains(r, "A-001")
        self.assertContains(r, "Private")
        for name in ("journal_edit", "journal_delete"):
            self.assertEqual(self.client.get(self.urls[name]).status_code, 200)

    def test_it_404s_for_anyone_else(self) -> None:
        self.login(self.bob)
        for url in self.urls.values():
            self.assertEqual(self.client.get(url).status_code, 404, url)
        self.assertEqual(
            self.client.post(self.urls["journal_edit"], {"body": "x"}).status_code, 404
        )
        self.assertEqual(self.client.post(self.urls["journal_delete"]).status_code, 404)
        self.entry.refresh_from_db()
        self.assertEqual(self.entry.body, "Alice's reflection on fees.")

    def test_it_edits_without_changing_the_date(self) -> None:
        self.login(self.alice)
        r = self.client.post(
            self.urls["journal_edit"],
            {"body": "Rewritten.", "client": self.alice_client.pk, "include_in_supervision": "on"},
        )
        self.assertRedirects(r, self.urls["journal_detail"])
        written = self.entry.written_at
        self.entry.refresh_from_db()
        self.assertEqual(self.entry.body, "Rewritten.")
        self.assertTrue(self.entry.include_in_supervision)
        self.assertEqual(self.entry.prompt_id, "")
        self.assertEqual(self.entry.written_at, written)
        self.assertGreater(self.entry.updated_at, written)

    def test_it_keeps_the_reason_for_an_edit_in_the_history(self) -> None:
        from fulcrum.history.models import Revision

        self.login(self.alice)
        self.client.post(
            self.urls["journal_edit"],
            {"body": "Rewritten.", "change_reason": "Named the fee more plainly."},
        )
        assert Revision.objects.get().reason == "Named the fee more plainly."

    def test_it_keeps_the_edit_on_error(self) -> None:
        self.login(self.alice)
        r = self.client.post(self.urls["journal_edit"], {"body": "Half-typed", "client": "999999"})
        self.assertEqual(r.status_code, 200)
        self.assertContains(r, "Half-typed")
        self.entry.refresh_from_db()
        self.assertEqual(self.entry.body, "Alice's reflection on fees.")

    def test_it_deletes_after_confirmation(self) -> None:
        self.login(self.alice)
        self.assertContains(self.client.get(self.urls["journal_delete"]), "Delete this entry?")
        r = self.client.post(self.urls["journal_delete"])
        self.assertRedirects(r, reverse("journal_list"))
        self.assertFalse(JournalEntry.objects.filter(pk=self.entry.pk).exists())
