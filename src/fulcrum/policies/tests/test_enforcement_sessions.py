"""The record form's session choices, read by the form or handed in by the client page."""

from __future__ import annotations

from fulcrum.checkins.access import checkins_for_user
from fulcrum.core.errors import InvalidInput
from fulcrum.policies.enforcement_forms import SHOWN_SESSIONS, enforcement_form
from fulcrum.testing import BaseTestCase, make_checkin


class SessionChoicesTestCase(BaseTestCase):
    def setUp(self) -> None:
        for days in range(1, SHOWN_SESSIONS + 4):
            make_checkin(self.alice_client, days_ago=days)

    def test_the_pages_checkins_give_the_choices_the_form_reads_itself(self) -> None:
        _, own = enforcement_form(self.alice, self.alice_client)
        page = list(checkins_for_user(self.alice).filter(client=self.alice_client)[:20])
        _, handed = enforcement_form(self.alice, self.alice_client, recent=page)
        self.assertEqual(list(handed), list(own))
        self.assertEqual(len(own), SHOWN_SESSIONS)

    def test_it_refuses_another_clients_sessions(self) -> None:
        theirs = [make_checkin(self.bob_client, days_ago=1)]
        with self.assertRaises(InvalidInput):
            enforcement_form(self.alice, self.alice_client, recent=theirs)
