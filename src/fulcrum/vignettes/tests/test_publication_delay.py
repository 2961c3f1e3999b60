"""A published vignette appears in the library after a random delay of one to seven
days, drawn with ``secrets`` and stored as the moment it appears; its contributor can
still withdraw it, before or after it appears."""

from __future__ import annotations

from datetime import timedelta
from unittest import mock

import time_machine
from django.test import Client as HttpClient
from django.urls import reverse

from fulcrum.core.errors import InvalidInput
from fulcrum.testing import NOW, BaseTestCase
from fulcrum.vignettes.models import Vignette
from fulcrum.vignettes.services import (
    DELAY_MAX,
    DELAY_MIN,
    approve_version,
    publication_delay,
    publish_vignette,
)
from fulcrum.vignettes.tests.helpers import edited, make_educator


def approved(title: str = "A delayed story") -> Vignette:
    vignette = edited("A story that waits its turn.", title=title)
    return approve_version(vignette, vignette.version)


class DelayTestCase(BaseTestCase):
    def test_it_draws_a_delay_between_one_and_seven_days_with_secrets(self) -> None:
        drawn = [publication_delay() for _ in range(200)]
        assert all(DELAY_MIN <= d < DELAY_MAX for d in drawn)
        assert len(set(drawn)) > 150, "the delay should vary to the second"
        with mock.patch("secrets.randbelow", return_value=0) as randbelow:
            assert publication_delay() == DELAY_MIN
        randbelow.assert_called_once_with(int((DELAY_MAX - DELAY_MIN).total_seconds()))

    def test_it_stores_the_moment_it_appears(self) -> None:
        vignette = publish_vignette(approved(), now=NOW)
        assert vignette.appears_at is not None
        assert NOW + DELAY_MIN <= vignette.appears_at <= NOW + DELAY_MAX
        assert vignette.published_on == (
            vignette.appears_at.date() - timedelta(days=vignette.appears_at.weekday())
        )

    def test_it_refuses_a_delay_outside_one_to_seven_days(self) -> None:
        vignette = approved()
        for delay in (timedelta(hours=1), timedelta(days=8)):
            try:
                publish_vignette(vignette, now=NOW, delay=delay)
            except InvalidInput:
                continue
            raise AssertionError(f"a delay of {delay} was accepted")

    def test_the_library_shows_it_only_once_its_moment_has_come(self) -> None:
        vignette = publish_vignette(approved(), now=NOW, delay=timedelta(days=3))
        page = reverse("library_vignette", args=[vignette.pk])
        for moment, shown in (
            (NOW + timedelta(days=1), False),
            (NOW + timedelta(days=3) - timedelta(minutes=1), False),
            (NOW + timedelta(days=3, minutes=1), True),
        ):
            with time_machine.travel(moment, tick=False):
                self.login(self.bob)
                html = self.client.get(reverse("library")).content.decode()
                assert ("A delayed story" in html) is shown, moment
                assert self.client.get(page).status_code == (200 if shown else 404), moment

    def test_the_educator_sees_when_it_will_appear(self) -> None:
        vignette = publish_vignette(approved(), now=NOW, delay=timedelta(days=2))
        self.login(make_educator())
        html = self.client.get(reverse("teach_vignette", args=[vignette.pk])).content.decode()
        assert "it appears in the library on 3 Nov 2026" in html


class WithdrawAfterPublicationTestCase(BaseTestCase):
    def test_the_contributor_withdraws_before_and_after_it_appears(self) -> None:
        for moment in (NOW + timedelta(hours=2), NOW + timedelta(days=5)):
            vignette, codename = _sent_and_published()
            with time_machine.travel(moment, tick=False):
                visitor = HttpClient()
                r = visitor.post(reverse("contribute_status"), {"codename": codename})
                html = r.content.decode()
                if moment < NOW + timedelta(days=4):
                    assert "will appear in the library within a week" in html
                else:
                    assert "It is in the library as" in html
                visitor.post(
                    reverse("contribute_status"),
                    {"codename": codename, "action": "withdraw", "sure": "yes"},
                )
                vignette.refresh_from_db()
                assert vignette.status == Vignette.Status.WITHDRAWN
                assert vignette.appears_at is None
                self.login(self.bob)
                page = reverse("library_vignette", args=[vignette.pk])
                assert self.client.get(page).status_code == 404


def _sent_and_published() -> tuple[Vignette, str]:
    from fulcrum.vignettes.services import Edit, save_edit
    from fulcrum.vignettes.tests.helpers import send

    vignette, codename = send("A story its teller takes back.")
    vignette = save_edit(vignette, Edit(title="Taken back", text=vignette.text), now=NOW)
    vignette = approve_version(vignette, 1)
    return publish_vignette(vignette, now=NOW, delay=timedelta(days=4)), codename
