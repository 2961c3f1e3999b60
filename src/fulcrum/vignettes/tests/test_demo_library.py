"""The demo has a small published library, visible now, and one submission waiting with
a question to its contributor."""

from __future__ import annotations

from fulcrum.practice_demo import load_library_demo
from fulcrum.testing import NOW, BaseTestCase
from fulcrum.vignettes.access import library_for_user
from fulcrum.vignettes.models import Message, Vignette


class DemoLibraryTestCase(BaseTestCase):
    def test_it_publishes_four_and_leaves_one_waiting(self) -> None:
        load_library_demo(now=NOW)
        published = Vignette.objects.filter(status=Vignette.Status.PUBLISHED)
        assert published.count() == 4
        assert {v.modality for v in published} == {"talk", "bodywork"}
        assert all(v.kinds and v.questions for v in published)
        assert all(v.version == v.approved_version == 1 for v in published)
        assert library_for_user(self.bob, now=NOW).count() == 4
        waiting = Vignette.objects.get(status=Vignette.Status.WAITING)
        assert [m.sender for m in waiting.messages.all()] == [Message.Sender.EDUCATOR]
