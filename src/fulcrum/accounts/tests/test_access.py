from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from fulcrum.checkins.access import (
    checkins_for_user,
    get_checkin_for_user,
    get_warning_for_user,
    warnings_for_user,
)
from fulcrum.checkins.models import DriftWarning
from fulcrum.clients.access import clients_for_user, get_client_for_user
from fulcrum.clients.models import Client
from fulcrum.clients.services import archive_client
from fulcrum.powermaps.access import get_power_map_for_user, power_maps_for_user
from fulcrum.testing import NOW, BaseTestCase, make_checkin, make_client, make_power_map


def make_warning(client: Client, title: str = "Choices offered less often") -> DriftWarning:
    return DriftWarning.objects.create(
        client=client,
        key=f"over:pattern:{title}",
        direction="over",
        rule="pattern",
        title=title,
        explanation="x",
        question="y",
        first_at=NOW,
        detected_at=NOW,
    )


class AccessTestCase(BaseTestCase):
    def test_it_returns_my_client(self) -> None:
        assert get_client_for_user(self.alice, self.alice_client.pk) == self.alice_client

    def test_it_404s_for_someone_elses_client(self) -> None:
        with pytest.raises(Http404):
            get_client_for_user(self.bob, self.alice_client.pk)

    def test_it_404s_for_anonymous_and_junk_ids(self) -> None:
        with pytest.raises(Http404):
            get_client_for_user(AnonymousUser(), self.alice_client.pk)
        with pytest.raises(Http404):
            get_client_for_user(self.alice, "not-a-number")
        with pytest.raises(Http404):
            clients_for_user(None)  # type: ignore[arg-type]

    def test_it_hides_archived_clients_from_the_caseload(self) -> None:
        other = make_client(self.alice, "A-002")
        archive_client(other, now=NOW)
        assert list(clients_for_user(self.alice)) == [self.alice_client]
        assert len(clients_for_user(self.alice, include_archived=True)) == 2
        # Archived clients are still reachable directly: their record is kept.
        assert get_client_for_user(self.alice, other.pk) == other

    def test_it_404s_for_a_map_of_someone_elses_client(self) -> None:
        pm = make_power_map(self.alice_client)
        assert get_power_map_for_user(self.alice, self.alice_client, pm.pk) == pm
        with pytest.raises(Http404):
            get_power_map_for_user(self.bob, self.alice_client, pm.pk)
        with pytest.raises(Http404):
            get_power_map_for_user(self.bob, self.bob_client, pm.pk)

    def test_it_404s_for_a_map_under_the_wrong_client(self) -> None:
        other = make_client(self.alice, "A-002")
        pm = make_power_map(self.alice_client)
        with pytest.raises(Http404):
            get_power_map_for_user(self.alice, other, pm.pk)

    def test_it_404s_for_someone_elses_checkin(self) -> None:
        checkin = make_checkin(self.alice_client)
        assert get_checkin_for_user(self.alice, self.alice_client, checkin.pk) == checkin
        with pytest.raises(Http404):
            get_checkin_for_user(self.bob, self.bob_client, checkin.pk)
        assert not checkins_for_user(self.bob).exists()

    def test_it_404s_for_someone_elses_warning(self) -> None:
        warning = make_warning(self.alice_client)
        assert get_warning_for_user(self.alice, warning.pk) == warning
        with pytest.raises(Http404):
            get_warning_for_user(self.bob, warning.pk)
        assert not warnings_for_user(self.bob).exists()
        assert not power_maps_for_user(self.bob).exists()
