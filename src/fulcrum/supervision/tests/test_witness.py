"""The supervisor as a witness: every share hands over a signed checkpoint of the
supervisee's ledger, held on the supervisor's side and judged against the earlier ones,
so a record rewritten after the fact shows on the supervisor's home."""

from __future__ import annotations

from django.db import connection
from django.urls import reverse

from fulcrum.accounts.models import User
from fulcrum.core.errors import InvalidInput
from fulcrum.ledger.models import Stream
from fulcrum.ledger.services import append_entry
from fulcrum.supervision import services
from fulcrum.supervision.models import WitnessedCheckpoint
from fulcrum.supervision.tests.helpers import linked, make_supervisor, reportable_client, share_for
from fulcrum.testing import NOW, BaseTestCase, append_only_guards_lifted


def rewrite_ledger(owner: User, *, entries: int) -> None:
    """What someone holding the database and the key could do: drop the triggers, empty
    the stream and append a different history of the same length."""
    stream = Stream.objects.get(owner=owner)
    with append_only_guards_lifted(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM ledger_checkpoint WHERE stream_id = %s", [stream.pk])
        cursor.execute("DELETE FROM ledger_entry WHERE stream_id = %s", [stream.pk])
    for n in range(entries):
        append_entry(owner, kind="test.rewritten", payload={"n": n}, now=NOW)


class WitnessTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.dana = make_supervisor()
        self.case, self.entry, _ = reportable_client(self.alice)
        self.link = linked(self.alice, self.dana)
        for n in range(3):
            append_entry(self.alice, kind="test.before", payload={"n": n}, now=NOW)

    def share(self) -> None:
        share_for(self.alice, self.link, self.case, entry_ids=frozenset({self.entry.pk}))

    def test_each_share_hands_the_supervisor_a_checkpoint_that_extends_the_last(self) -> None:
        self.share()
        append_entry(self.alice, kind="test.more", payload={"n": 1}, now=NOW)
        self.share()
        held = list(WitnessedCheckpoint.objects.filter(link=self.link))
        self.assertEqual(len(held), 2)
        self.assertEqual([h.problem for h in held], ["", ""])
        self.assertLess(held[0].size, held[1].size)
        self.assertEqual(bytes(held[0].public_key), bytes(held[1].public_key))
        state = services.witness_state(self.link)
        self.assertEqual((state.held, state.latest, state.problems), (2, held[1], ()))

        self.client.force_login(self.dana)
        page = self.client.get(reverse("supervisor_home")).content.decode()
        self.assertIn(f"you hold 2 checkpoints of their record, the latest of {held[1].size}", page)
        self.assertNotIn("does not extend", page)

    def test_a_ledger_rewritten_after_a_checkpoint_shows_on_the_supervisors_home(self) -> None:
        self.share()
        first = WitnessedCheckpoint.objects.get(link=self.link)
        rewrite_ledger(self.alice, entries=int(first.size) + 2)
        self.share()
        latest = WitnessedCheckpoint.objects.filter(link=self.link).last()
        assert latest is not None
        self.assertEqual(
            latest.problem,
            f"the first {first.size} entries no longer reach the root held since "
            f"{first.made_at:%Y-%m-%d}",
        )
        # The rewritten checkpoint never becomes the baseline: the next is judged against
        # the first one still.
        self.share()
        third = WitnessedCheckpoint.objects.filter(link=self.link).last()
        assert third is not None
        self.assertNotEqual(third.problem, "")
        self.assertEqual(services.witness_state(self.link).latest, first)

        self.client.force_login(self.dana)
        page = self.client.get(reverse("supervisor_home")).content.decode()
        self.assertIn("does not extend the ones you held", page)
        self.assertIn(f"the first {first.size} entries no longer reach the root", page)

    def test_a_log_cut_short_is_named(self) -> None:
        self.share()
        rewrite_ledger(self.alice, entries=1)
        self.share()
        latest = WitnessedCheckpoint.objects.filter(link=self.link).last()
        assert latest is not None
        self.assertEqual(latest.problem, "it holds 1 entry, fewer than the 3 already held")

    def test_it_witnesses_only_over_a_live_link(self) -> None:
        services.end_link(self.link, self.alice, now=NOW)
        self.link.refresh_from_db()
        with self.assertRaises(InvalidInput):
            services.witness_checkpoint(self.link, now=NOW)
        self.assertFalse(WitnessedCheckpoint.objects.exists())

    def test_another_supervisor_sees_nothing_of_it(self) -> None:
        self.share()
        other = make_supervisor("erin")
        self.client.force_login(other)
        page = self.client.get(reverse("supervisor_home")).content.decode()
        self.assertNotIn("checkpoint", page)
