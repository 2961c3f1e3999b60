"""The demo's supervision: a supervisor who signs in with the published password, a live
link to the demo practitioner, a share with a comment and a reply, and logged hours; and
the whole demo removed again, its invented record with it, touching no one else's."""

from __future__ import annotations

from datetime import UTC, datetime

from django.contrib.auth import authenticate
from django.db import DatabaseError, transaction
from django.test import TestCase
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from fulcrum.accounts.models import Role
from fulcrum.accounts.roles import holds
from fulcrum.accounts.two_factor import APP_DEVICE
from fulcrum.demo import DEMO_PASSWORD, DEMO_SUPERVISOR_USERNAME, load_demo, remove_demo
from fulcrum.ledger.models import Entry, Stream
from fulcrum.ledger.services import append_entry, verify_stream
from fulcrum.supervision import services
from fulcrum.supervision.access import get_share_for_supervisor, links_as_supervisor
from fulcrum.supervision.models import HoursEntry, Share
from fulcrum.supervision.tests.helpers import make_supervisor
from fulcrum.testing import make_user

NOW = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)


class DemoSupervisionTestCase(TestCase):
    def test_the_demo_supervisor_reads_a_share_with_a_comment_and_a_reply(self) -> None:
        owner = load_demo(now=NOW)
        supervisor = authenticate(username=DEMO_SUPERVISOR_USERNAME, password=DEMO_PASSWORD)
        assert supervisor is not None
        assert holds(supervisor, Role.SUPERVISOR)
        assert not holds(supervisor, Role.PRACTITIONER)
        [link] = links_as_supervisor(supervisor)
        assert link.supervisee == owner
        assert link.is_live
        [share] = Share.objects.filter(link=link)
        assert get_share_for_supervisor(supervisor, share.pk, now=NOW) == share
        snapshot = services.read_snapshot(share)
        assert [c.code for c in snapshot.report.clients] == ["B-202", "T-103"]
        thread = [v for versions in services.threads(share).values() for v in versions]
        assert [v.by_supervisor for v in thread] == [True, False]
        assert services.home_agenda([share])
        hours = HoursEntry.objects.filter(link=link)
        assert sorted(services.hours_status(h) for h in hours) == ["", "approved", "approved"]
        assert verify_stream(Stream.objects.get(owner=owner)).broken is None
        # The supervisee's page and, once a second factor is on, the supervisor's home open.
        self.client.force_login(owner)
        assert self.client.get(reverse("supervision_share", args=[share.pk])).status_code == 200
        self.client.force_login(supervisor)
        assert self.client.get(reverse("supervisor_home")).status_code == 302
        TOTPDevice.objects.create(user=supervisor, name=APP_DEVICE, confirmed=True)
        home = self.client.get(reverse("supervisor_home"))
        assert home.status_code == 200
        assert reverse("supervisor_share", args=[share.pk]) in home.content.decode()
        assert "a reply is waiting" in home.content.decode()

    def test_removing_the_demo_erases_its_record_and_no_one_elses(self) -> None:
        load_demo(now=NOW)
        other = make_user("olive")
        append_entry(other, kind="test", payload={"n": 1}, now=NOW)
        kept = Entry.objects.filter(stream__owner=other).count()
        assert remove_demo()
        assert not Share.objects.exists()
        assert Stream.objects.get().owner == other
        assert Entry.objects.filter(stream__owner=other).count() == kept
        assert not remove_demo()
        # The guards are back: the other account's record still refuses a delete.
        with self.assertRaises(DatabaseError), transaction.atomic():
            Entry.objects.filter(stream__owner=other).delete()

    def test_a_supervisor_outside_the_demo_sees_none_of_it(self) -> None:
        load_demo(now=NOW)
        erin = make_supervisor("erin")
        assert not links_as_supervisor(erin).exists()
