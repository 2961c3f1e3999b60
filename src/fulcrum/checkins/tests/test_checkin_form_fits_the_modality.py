"""The check-in form shows the signs that fit the client's kind of work first, folded
into one row per group, with touch and draping folded away outside bodywork."""

from __future__ import annotations

import re

from django.urls import reverse

from fulcrum.checkins.tests.helpers import form_data
from fulcrum.testing import BaseTestCase, make_checkin, make_client


def details_opening(html: str, element_id: str) -> str:
    match = re.search(rf'<details[^>]*id="{re.escape(element_id)}"[^>]*>', html)
    assert match, element_id
    return match.group(0)


class ModalityFirstTestCase(BaseTestCase):
    def page(self, client_pk: int) -> str:
        self.login(self.alice)
        return self.client.get(reverse("checkin_create", args=[client_pk])).content.decode()

    def test_it_folds_touch_and_draping_away_for_talk_therapy(self) -> None:
        html = self.page(self.alice_client.pk)
        other = html[html.index('<details class="other-groups"') :]
        other = other[: other.index('id="group-serious-concerns"')]
        self.assertIn('id="group-touch---draping"', other)
        self.assertNotIn('id="group-presence"', other)
        self.assertLess(html.index('id="group-presence"'), html.index('class="other-groups"'))
        self.assertNotIn(" open", re.search(r'<details class="other-groups"[^>]*>', html).group(0))  # type: ignore[union-attr]

    def test_it_shows_touch_and_draping_among_the_first_for_bodywork(self) -> None:
        body = make_client(self.alice, "A-200", modality="bodywork")
        html = self.page(body.pk)
        self.assertNotIn('class="other-groups"', html)
        self.assertLess(
            html.index('id="group-touch---draping"'), html.index('id="group-serious-concerns"')
        )

    def test_it_starts_every_group_folded_and_opens_one_with_a_tick(self) -> None:
        html = self.page(self.alice_client.pk)
        for group in ("choice---consent", "presence", "boundaries", "serious-concerns"):
            self.assertNotIn(" open", details_opening(html, f"group-{group}"))
        # A posted form with an error keeps what was ticked in view.
        r = self.client.post(
            reverse("checkin_create", args=[self.alice_client.pk]),
            form_data(choices_count="-1", indicators=["careless_draping", "clear_guidance"]),
        )
        html = r.content.decode()
        self.assertIn(" open", details_opening(html, "group-presence"))
        self.assertIn(" open", details_opening(html, "group-touch---draping"))
        self.assertIn(" open", re.search(r'<details class="other-groups"[^>]*>', html).group(0))  # type: ignore[union-attr]
        self.assertIn("1 ticked", html)

    def test_it_opens_the_groups_of_a_saved_check_in_when_changing_it(self) -> None:
        checkin = make_checkin(self.alice_client, indicators=frozenset({"friendship_drift"}))
        self.login(self.alice)
        html = self.client.get(
            reverse("checkin_edit", args=[self.alice_client.pk, checkin.pk])
        ).content.decode()
        self.assertIn(" open", details_opening(html, "group-boundaries"))
        self.assertNotIn(" open", details_opening(html, "group-presence"))

    def test_it_keeps_the_disclosure_follow_ups_in_view_once_answered(self) -> None:
        html = self.page(self.alice_client.pk)
        self.assertIn('<div class="if-disclosed">', html)  # hidden by CSS while "No"
        r = self.client.post(
            reverse("checkin_create", args=[self.alice_client.pk]),
            form_data(disclosure="yes", choices_count="-1"),
        )
        self.assertContains(r, '<div class="if-disclosed keep-open">')
