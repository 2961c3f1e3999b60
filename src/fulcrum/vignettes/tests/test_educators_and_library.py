"""The educator's queue and the library: the server re-runs the de-identifier, only
educators publish or decline, and nothing unpublished shows in the library."""

from __future__ import annotations

from datetime import timedelta

import time_machine
from django.urls import reverse

from fulcrum.accounts.models import Role
from fulcrum.testing import NOW, BaseTestCase, make_user
from fulcrum.vignettes.models import Vignette
from fulcrum.vignettes.services import (
    approve_version,
    decline_vignette,
    review,
    withdraw_vignette,
)
from fulcrum.vignettes.tests.helpers import make_educator, publish, send

FLAGGED = "Tamsin Orrell called me from 07700 900456 about her case at St Brennock's."


class EducatorTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.erin = make_educator()

    def test_it_is_a_404_for_practitioners_and_asks_educators_for_a_second_factor(self) -> None:
        vignette, _ = send()
        pages = [
            reverse("teach_home"),
            reverse("teach_queue"),
            reverse("teach_vignette", args=[vignette.pk]),
        ]
        self.login(self.alice)
        for url in pages:
            assert self.client.get(url).status_code == 404
        self.login(make_user("newcomer", Role.EDUCATOR))
        for url in pages:
            assert self.client.get(url).status_code == 302
        self.login(self.erin)
        for url in pages:
            assert self.client.get(url).status_code == 200

    def test_it_reruns_the_deidentifier_and_publishes_the_approved_edit(self) -> None:
        vignette, _codename = send(FLAGGED)
        self.login(self.erin)
        url = reverse("teach_vignette", args=[vignette.pk])
        r = self.client.get(url)
        assert r.context["findings"], "the server should find the name and the phone number"
        proposed = r.context["forms"].edit.initial["text"]
        assert "07700" not in proposed
        r = self.client.post(
            url,
            {
                "action": "save",
                "title": "A call after hours",
                "text": proposed,
                "kinds": ["expert"],
                "direction": "client-practitioner",
                "use": "under",
                "questions": "What would you say next time?",
            },
        )
        assert r.status_code == 302
        vignette.refresh_from_db()
        assert vignette.version == 1, "the edit is kept beside what was sent"
        assert vignette.status == Vignette.Status.WAITING
        approve_version(vignette, 1)
        r = self.client.post(url, {"action": "publish"})
        assert r.status_code == 302
        vignette.refresh_from_db()
        assert vignette.status == Vignette.Status.PUBLISHED
        # None of the flagged spans appears anywhere in the library, once it has appeared.
        with time_machine.travel(NOW + timedelta(days=8)):
            self.login(self.alice)
            shown = self.client.get(reverse("library")).content.decode()
            page = self.client.get(reverse("library_vignette", args=[vignette.pk]))
        shown += page.content.decode()
        for f in review(FLAGGED).findings:
            assert FLAGGED[f.start : f.end] not in shown
        assert "A call after hours" in shown

    def test_it_keeps_what_the_educator_typed_on_error(self) -> None:
        vignette, _ = send()
        self.login(self.erin)
        url = reverse("teach_vignette", args=[vignette.pk])
        r = self.client.post(url, {"action": "save", "title": "", "text": "Kept words."})
        assert r.status_code == 200
        assert "Kept words." in r.content.decode()
        r = self.client.post(url, {"action": "ask", "question": ""})
        assert "Please write the question first." in r.content.decode()
        r = self.client.post(url, {"action": "decline", "reason": ""})
        assert "Please give the contributor a reason." in r.content.decode()
        r = self.client.post(url, {"action": "decline", "reason": "Too close to home."})
        assert r.status_code == 302
        vignette.refresh_from_db()
        assert vignette.status == Vignette.Status.DECLINED

    def test_it_shows_typed_markup_as_text(self) -> None:
        vignette, _ = send('<i data-typed="v">story</i>')
        self.login(self.erin)
        r = self.client.get(reverse("teach_vignette", args=[vignette.pk]))
        assert b'<i data-typed="v">' not in r.content
        published, _ = publish('<i data-typed="p">published</i>', title='<i data-typed="t">')
        for url in (reverse("library"), reverse("library_vignette", args=[published.pk])):
            r = self.client.get(url)
            assert b"<i data-typed=" not in r.content
            assert b"&lt;i data-typed=" in r.content


class LibraryTestCase(BaseTestCase):
    def test_it_shows_only_published_vignettes_to_every_account(self) -> None:
        published, _ = publish("A published story.", title="Published one")
        waiting, _ = send("A waiting story.")
        declined, _ = send("A declined story.")
        decline_vignette(declined, "No.", now=NOW)
        gone, _ = publish("A withdrawn story.", title="Withdrawn one")
        withdraw_vignette(gone)
        self.login(self.bob)
        r = self.client.get(reverse("library"))
        html = r.content.decode()
        assert "Published one" in html
        assert "waiting" not in html.lower().replace("nothing is waiting", "")
        assert self.client.get(reverse("library_vignette", args=[published.pk])).status_code == 200
        for other in (waiting, declined, gone):
            assert self.client.get(reverse("library_vignette", args=[other.pk])).status_code == 404
        r = self.client.get(reverse("library"), {"q": "PUBLISHED STORY"})
        assert "Published one" in r.content.decode()
        r = self.client.get(reverse("library"), {"q": "declined"})
        assert "Published one" not in r.content.decode()

    def test_it_asks_anonymous_visitors_to_sign_in(self) -> None:
        r = self.client.get(reverse("library"))
        assert r.status_code == 302
