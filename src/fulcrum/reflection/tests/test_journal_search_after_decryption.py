"""Journal bodies are encrypted, so search opens the owner's entries and matches there:
case-blind in any script, combined with the other filters, paged like the list."""

from __future__ import annotations

from django.db import connection
from django.urls import reverse

from fulcrum.reflection.models import JournalEntry
from fulcrum.reflection.tests.helpers import make_entry
from fulcrum.testing import BaseTestCase


class JournalSearchTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.url = reverse("journal_list")

    def test_it_finds_words_the_database_only_holds_sealed(self) -> None:
        entry = make_entry(self.alice, "Felt the ÉLAN of the first session leave me.")
        with connection.cursor() as cursor:
            cursor.execute("SELECT body FROM reflection_journalentry WHERE id = %s", [entry.pk])
            assert "ÉLAN" not in cursor.fetchone()[0]
        self.login(self.alice)
        r = self.client.get(self.url, {"q": "élan"})
        self.assertEqual([e.pk for e, _ in r.context["rows"]], [entry.pk])

    def test_it_combines_words_with_the_client_filter(self) -> None:
        linked = make_entry(self.alice, "The fee again.", client=self.alice_client)
        make_entry(self.alice, "The fee, with someone else.")
        self.login(self.alice)
        r = self.client.get(self.url, {"q": "FEE", "client": str(self.alice_client.pk)})
        self.assertEqual([e.pk for e, _ in r.context["rows"]], [linked.pk])

    def test_it_pages_what_it_found(self) -> None:
        for n in range(30):
            make_entry(self.alice, f"Boundary note {n}", days_ago=n)
        make_entry(self.alice, "Something else entirely.")
        self.login(self.alice)
        first = self.client.get(self.url, {"q": "boundary"})
        second = self.client.get(self.url, {"q": "boundary", "page": "2"})
        found = [e.pk for e, _ in first.context["rows"]] + [e.pk for e, _ in second.context["rows"]]
        expected = list(
            JournalEntry.objects.filter(owner=self.alice)
            .exclude(body="")
            .order_by("-written_at", "-pk")
            .values_list("pk", flat=True)
        )
        expected = [pk for pk in expected if "Boundary" in JournalEntry.objects.get(pk=pk).body]
        self.assertEqual(found, expected)
        self.assertEqual(len(found), 30)
