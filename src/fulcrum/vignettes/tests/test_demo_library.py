"""The demo has a small published library and one submission waiting."""

from __future__ import annotations

from django.test import TestCase

from fulcrum.practice_demo import load_library_demo
from fulcrum.testing import NOW
from fulcrum.vignettes.models import Vignette


class DemoLibraryTestCase(TestCase):
    def test_it_publishes_three_and_leaves_one_waiting(self) -> None:
        load_library_demo(now=NOW)
        published = Vignette.objects.filter(status=Vignette.Status.PUBLISHED)
        assert published.count() == 3
        assert all(v.kinds and v.questions for v in published)
        assert Vignette.objects.filter(status=Vignette.Status.WAITING).count() == 1
