"""The library, the queue and a submission's page cost the same number of queries however
many vignettes, versions, messages and pins there are."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from fulcrum.testing import NOW, BaseTestCase
from fulcrum.vignettes.models import Vignette
from fulcrum.vignettes.services import (
    Edit,
    ask_contributor,
    pin_vignette,
    reply_to_educator,
    save_edit,
)
from fulcrum.vignettes.tests.helpers import make_educator, publish, send

MODULES = ("what-power-is", "role-power", "client-power")


def busy(n: int) -> Vignette:
    """A waiting vignette with ``n`` questions, replies and versions."""
    vignette, _ = send(f"Story {n}.")
    for k in range(n):
        ask_contributor(vignette, f"Question {k}?", now=NOW)
        reply_to_educator(vignette, f"Reply {k}.", now=NOW)
        vignette = save_edit(vignette, Edit(title=f"Title {n}", text=f"Version {k}."), now=NOW)
    return vignette


class FixedQueriesTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.erin = make_educator()

    def count(self, url: str) -> int:
        with CaptureQueriesContext(connection) as queries:
            assert self.client.get(url).status_code == 200
        return len(queries)

    def test_the_library_and_the_queue_cost_the_same_for_one_or_many(self) -> None:
        self.login(self.erin)
        first, _ = publish("The first.", title="First")
        pin_vignette(first, MODULES[0], modules=MODULES)
        busy(1)
        few = {u: self.count(reverse(u)) for u in ("library", "teach_queue", "teach_home")}
        for n in range(2, 7):
            published, _ = publish(f"Story {n}.", title=f"Published {n}")
            for module in MODULES:
                pin_vignette(published, module, modules=MODULES)
            busy(n)
        many = {u: self.count(reverse(u)) for u in ("library", "teach_queue", "teach_home")}
        assert many == few
        r = self.client.get(reverse("library"))
        assert len(r.context["found"]) == 6
        assert len(r.context["found"]) == Vignette.objects.filter(status="published").count()
        assert few["library"] <= 8, few

    def test_a_submissions_page_costs_the_same_however_long_its_history(self) -> None:
        self.login(self.erin)
        short = busy(1)
        long = busy(8)
        pages = [reverse("teach_vignette", args=[v.pk]) for v in (short, long)]
        counts = [self.count(url) for url in pages]
        assert counts[0] == counts[1], counts
        html = self.client.get(pages[1]).content.decode()
        assert "Reply 7." in html
        assert "Version 8" in html
        published, _ = publish()
        pin_vignette(published, MODULES[0], modules=MODULES)
        one_pin = self.count(reverse("teach_vignette", args=[published.pk]))
        for module in MODULES[1:]:
            pin_vignette(published, module, modules=MODULES)
        assert self.count(reverse("teach_vignette", args=[published.pk])) == one_pin
