"""An educator pins a published vignette into a course module, named by its slug; the
module's page lists it once it is in the library, and withdrawal takes it out."""

from __future__ import annotations

import dataclasses
from datetime import timedelta

import pytest
from django.urls import reverse

from fulcrum.core.course.content import load_course
from fulcrum.core.errors import InvalidInput
from fulcrum.course.services import publish_course
from fulcrum.testing import NOW, BaseTestCase
from fulcrum.vignettes.models import Pin
from fulcrum.vignettes.services import (
    approve_version,
    pin_vignette,
    pinned_for,
    publish_vignette,
    withdraw_vignette,
)
from fulcrum.vignettes.tests.helpers import edited, make_educator, publish, send

MODULE = "role-power"
MODULES = ("what-power-is", "role-power")


class PinTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.erin = make_educator()

    def test_it_pins_from_the_educators_page_and_the_module_lists_it(self) -> None:
        vignette, _ = publish("A story about a title on the door.", title="The title on the door")
        self.login(self.erin)
        url = reverse("teach_vignette", args=[vignette.pk])
        assert self.client.post(url, {"action": "pin", "module": MODULE}).status_code == 302
        assert [v.pk for v in pinned_for(MODULE, now=NOW)] == [vignette.pk]
        assert pinned_for("what-power-is", now=NOW) == []
        self.login(self.alice)
        html = self.client.get(reverse("course_module", args=[MODULE])).content.decode()
        assert "From the vignette library" in html
        assert "The title on the door" in html
        assert reverse("library_vignette", args=[vignette.pk]) in html
        other = self.client.get(reverse("course_module", args=["what-power-is"]))
        assert "The title on the door" not in other.content.decode()
        self.login(self.erin)
        assert self.client.post(url, {"action": "unpin", "module": MODULE}).status_code == 302
        assert pinned_for(MODULE, now=NOW) == []

    def test_it_refuses_an_unknown_module_and_an_unpublished_vignette(self) -> None:
        published, _ = publish()
        self.login(self.erin)
        url = reverse("teach_vignette", args=[published.pk])
        r = self.client.post(url, {"action": "pin", "module": "no-such-module"})
        assert r.status_code == 200
        assert not Pin.objects.exists()
        waiting, _ = send()
        with pytest.raises(InvalidInput, match="Only a published vignette"):
            pin_vignette(waiting, MODULE, modules=MODULES)

    def test_it_lists_a_pinned_vignette_only_once_it_has_appeared(self) -> None:
        vignette = edited("A story not out yet.", title="Not out yet")
        vignette = publish_vignette(approve_version(vignette, 1), now=NOW, delay=timedelta(days=2))
        pin_vignette(vignette, MODULE, modules=MODULES)
        assert pinned_for(MODULE, now=NOW) == []
        assert [v.pk for v in pinned_for(MODULE, now=NOW + timedelta(days=3))] == [vignette.pk]

    def test_withdrawal_takes_it_out_of_every_module(self) -> None:
        vignette, _ = publish()
        pin_vignette(vignette, MODULE, modules=MODULES)
        pin_vignette(vignette, "what-power-is", modules=MODULES)
        pin_vignette(vignette, MODULE, modules=MODULES)  # pinning twice keeps one pin
        assert Pin.objects.count() == 2
        withdraw_vignette(vignette)
        assert not Pin.objects.exists()
        assert pinned_for(MODULE, now=NOW) == []

    def test_the_pin_form_offers_the_modules_of_the_published_course(self) -> None:
        bundled = load_course()
        first = dataclasses.replace(bundled.modules[0], title="Power, and the kinds it comes in")
        publish_course(
            dataclasses.replace(bundled, modules=(first, *bundled.modules[1:])), self.erin, now=NOW
        )
        vignette, _ = publish()
        self.login(self.erin)
        url = reverse("teach_vignette", args=[vignette.pk])
        html = self.client.get(url).content.decode()
        assert f"{first.number}. Power, and the kinds it comes in" in html
        assert f"{first.number}. {bundled.modules[0].title}<" not in html
        assert self.client.post(url, {"action": "pin", "module": first.id}).status_code == 302
        html = self.client.get(url).content.decode()
        assert "Power, and the kinds it comes in" in html
