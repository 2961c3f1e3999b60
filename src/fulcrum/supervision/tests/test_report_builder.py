from __future__ import annotations

from dataclasses import replace

from fulcrum.core.errors import InvalidInput
from fulcrum.supervision.report import ReportChoice, build_report
from fulcrum.supervision.tests.helpers import ALIAS, CODE, SINCE, UNTIL, reportable_client
from fulcrum.testing import NOW, BaseTestCase


class BuildReportTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.mine, self.shared, self.private = reportable_client(self.alice)
        self.choice = ReportChoice(clients=(self.mine,), since=SINCE, until=UNTIL)

    def test_it_reports_the_period_by_code_only(self) -> None:
        report = build_report(self.alice, self.choice, now=NOW)
        [section] = report.clients
        self.assertEqual(section.code, CODE)
        self.assertEqual(section.sessions, 4, "the session 200 days ago is outside the period")
        self.assertEqual(len(section.trend), 4)
        self.assertEqual(len(section.warnings), 1)
        self.assertEqual(section.voice_answers, 1)
        [gap] = section.voice_gaps
        self.assertIn("choice 2 out of 10", gap.explanation)
        self.assertEqual(section.notes, ())
        self.assertEqual(report.reflections, ())
        self.assertNotIn(ALIAS.casefold(), repr(report).casefold())

    def test_it_measures_the_map_change_since_the_start_of_the_period(self) -> None:
        [section] = build_report(self.alice, self.choice, now=NOW).clients
        assert section.map_start is not None
        assert section.map_latest is not None
        changes = {row.kind: row.change for row in section.map_latest.rows}
        self.assertEqual(changes["Coercive"], -2)
        self.assertEqual(changes["Legitimate"], -3)

    def test_it_includes_free_text_only_when_chosen_and_redacted(self) -> None:
        chosen = replace(self.choice, notes=frozenset({"checkin", "map", "client_comment"}))
        [section] = build_report(self.alice, chosen, now=NOW).clients
        kinds = {note.kind for note in section.notes}
        self.assertEqual(kinds, {"checkin", "map", "client_comment"})
        texts = " ".join(note.text for note in section.notes)
        self.assertIn(f"[{CODE}]", texts)
        self.assertNotIn(ALIAS, texts)
        self.assertNotIn("Told", texts, "disclosure notes were not chosen")

    def test_it_removes_parts_of_aliases_and_the_practitioners_own_name(self) -> None:
        self.mine.alias = "Cash Jo"
        self.mine.save()
        self.alice.first_name, self.alice.last_name = "Alice", "Marsh"
        self.alice.save()
        checkin = next(c for c in self.mine.checkins.all() if c.note.startswith("Check-in"))
        assert checkin is not None
        checkin.note = "Jo said Alice Marsh looked tired; Marsh agreed."
        checkin.save()
        chosen = replace(self.choice, notes=frozenset({"checkin"}))
        [section] = build_report(self.alice, chosen, now=NOW).clients
        texts = " ".join(note.text for note in section.notes)
        self.assertIn(f"[{CODE}] said [practitioner] looked tired; [practitioner] agreed.", texts)

    def test_it_includes_only_ticked_entries_marked_for_supervision(self) -> None:
        chosen = replace(self.choice, entry_ids=frozenset({self.shared.pk, self.private.pk}))
        report = build_report(self.alice, chosen, now=NOW)
        [entry] = report.reflections
        self.assertEqual(entry.client_code, CODE)
        self.assertIn(f"[{CODE}]", entry.body)
        self.assertIn("How did I know a client held more power?", entry.prompt)
        self.assertNotIn("Private worry", repr(report))

    def test_it_refuses_someone_elses_client_and_nonsense(self) -> None:
        with self.assertRaises(InvalidInput):
            build_report(self.bob, self.choice, now=NOW)
        with self.assertRaises(InvalidInput):
            build_report(self.alice, replace(self.choice, clients=()), now=NOW)
        with self.assertRaises(InvalidInput):
            build_report(
                self.alice, replace(self.choice, until=SINCE.replace(day=1, month=1)), now=NOW
            )
        with self.assertRaises(InvalidInput):
            build_report(self.alice, replace(self.choice, notes=frozenset({"diary"})), now=NOW)  # type: ignore[arg-type]
        bobs_entry_ids = frozenset({self.shared.pk})
        report = build_report(
            self.bob,
            ReportChoice(
                clients=(self.bob_client,), since=SINCE, until=UNTIL, entry_ids=bobs_entry_ids
            ),
            now=NOW,
        )
        self.assertEqual(report.reflections, ())
