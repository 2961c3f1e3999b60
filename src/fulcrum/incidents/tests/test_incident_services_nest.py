"""record_incident and amend_incident are plain atomic blocks, not durable ones: a
follow-up calls amend_incident inside its own transaction, and an action spanning areas
may record an incident inside its; all of it commits or rolls back together."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction

from fulcrum.core.incidents import IncidentRecord
from fulcrum.incidents.models import Incident
from fulcrum.incidents.services import add_follow_up, amend_incident, record_incident
from fulcrum.ledger.models import Entry
from fulcrum.testing import NOW, BaseTestCase

RECORD = IncidentRecord(
    happened_at=NOW - timedelta(days=1), direction="client", what_happened="A call."
)


class Rollback(Exception):
    pass


class IncidentServicesNestTestCase(BaseTestCase):
    def test_it_records_and_amends_inside_another_transaction(self) -> None:
        with transaction.atomic():
            incident = record_incident(self.alice, RECORD, client=self.alice_client, now=NOW)
            amend_incident(incident, RECORD, now=NOW)
        add_follow_up(incident, "Told my supervisor.", now=NOW)
        assert Incident.objects.filter(owner=self.alice).count() == 3

    def test_it_rolls_back_with_the_transaction_it_runs_in(self) -> None:
        try:
            with transaction.atomic():
                record_incident(self.alice, RECORD, client=self.alice_client, now=NOW)
                raise Rollback
        except Rollback:
            pass
        assert not Incident.objects.exists()
        assert not Entry.objects.filter(stream__owner=self.alice).exists()
