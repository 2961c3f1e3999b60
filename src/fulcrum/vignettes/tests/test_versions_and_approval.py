"""Every educator edit of the title or text is kept as a sealed version with a word diff;
publishing waits for the contributor's approval of the latest version, and a further
edit needs approving again."""

from __future__ import annotations

from django.test import Client as HttpClient
from django.urls import reverse

from fulcrum.core.errors import InvalidInput
from fulcrum.testing import NOW, BaseTestCase
from fulcrum.vignettes.models import Vignette
from fulcrum.vignettes.services import (
    Edit,
    approve_version,
    publish_vignette,
    save_edit,
    versions,
)
from fulcrum.vignettes.tests.helpers import edited, make_educator, send

STATUS = reverse("contribute_status")
SENT = "The client in the coastal town asked me for a lift home."


def refused(call: object, *args: object, **kwargs: object) -> str:
    try:
        call(*args, **kwargs)  # type: ignore[operator]
    except InvalidInput as exc:
        return str(exc)
    raise AssertionError("it was allowed")


class VersionsTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.erin = make_educator()

    def test_it_keeps_each_version_and_shows_word_diffs(self) -> None:
        vignette, _ = send(SENT)
        vignette = save_edit(
            vignette, Edit(title="A lift home", text=SENT.replace("coastal", "small")), now=NOW
        )
        vignette = save_edit(
            vignette, Edit(title="A lift home", text="The client asked me for a lift."), now=NOW
        )
        kept = versions(vignette)
        assert [v.number for v in kept] == [1, 2]
        assert ("removed", "coastal") in kept[0].diff
        assert ("added", "small") in kept[0].diff
        assert any(p.kind == "removed" and "home" in p.text for p in kept[1].diff)
        self.login(self.erin)
        html = self.client.get(reverse("teach_vignette", args=[vignette.pk])).content.decode()
        assert "Version 2" in html
        assert "Version 1" in html
        assert '[removed: </span>coastal<span class="visually-hidden">]</span></del>' in html
        assert '[added: </span>small<span class="visually-hidden">]</span></ins>' in html

    def test_it_adds_no_version_when_only_the_notes_change(self) -> None:
        vignette = edited(SENT, title="A lift home")
        vignette = save_edit(
            vignette, Edit(title="A lift home", text=SENT, teaching_notes="Boundaries."), now=NOW
        )
        assert vignette.version == 1
        assert vignette.teaching_notes == "Boundaries."

    def test_it_saves_a_version_from_the_educators_page(self) -> None:
        vignette, _ = send(SENT)
        self.login(self.erin)
        url = reverse("teach_vignette", args=[vignette.pk])
        r = self.client.post(url, {"action": "save", "title": "A lift", "text": "Edited."})
        assert r.status_code == 302
        vignette.refresh_from_db()
        assert vignette.version == 1
        assert vignette.history[0]["text"] == "Edited."
        assert vignette.history[0]["week"] == "2026-10-26"


class ApprovalTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.erin = make_educator()

    def test_it_refuses_to_publish_before_the_contributor_approves(self) -> None:
        vignette, _ = send(SENT)
        assert "save an edited version" in refused(publish_vignette, vignette, now=NOW)
        vignette = save_edit(vignette, Edit(title="A lift", text=SENT), now=NOW)
        assert "not approved version 1" in refused(publish_vignette, vignette, now=NOW)
        self.login(self.erin)
        url = reverse("teach_vignette", args=[vignette.pk])
        r = self.client.post(url, {"action": "publish"})
        assert r.status_code == 200
        assert "not approved version 1" in r.content.decode()
        vignette.refresh_from_db()
        assert vignette.status == Vignette.Status.WAITING

    def test_it_needs_approval_again_after_a_further_edit(self) -> None:
        vignette = edited(SENT, title="A lift")
        vignette = approve_version(vignette, 1)
        vignette = save_edit(vignette, Edit(title="A lift", text="Shorter."), now=NOW)
        assert vignette.awaiting_approval
        assert "not approved version 2" in refused(publish_vignette, vignette, now=NOW)
        # Approving the version read before the change is refused too.
        assert "changed the text since you read it" in refused(approve_version, vignette, 1)
        vignette = approve_version(vignette, 2)
        assert publish_vignette(vignette, now=NOW).status == Vignette.Status.PUBLISHED

    def test_the_contributor_reads_the_changes_and_approves_by_codename(self) -> None:
        vignette, codename = send(SENT)
        save_edit(vignette, Edit(title="A lift", text=SENT.replace("coastal ", "")), now=NOW)
        visitor = HttpClient()
        r = visitor.post(STATUS, {"codename": codename})
        html = r.content.decode()
        assert 'coastal<span class="visually-hidden">]</span></del>' in html
        assert "Approve version 1" in html
        r = visitor.post(STATUS, {"codename": codename, "action": "approve", "version": "1"})
        assert "You have approved version 1." in r.content.decode()
        assert not r.cookies
        vignette.refresh_from_db()
        assert vignette.approved_version == 1
        assert not vignette.awaiting_approval

    def test_a_stale_approval_by_codename_says_so_and_changes_nothing(self) -> None:
        vignette, codename = send(SENT)
        save_edit(vignette, Edit(title="A lift", text="One."), now=NOW)
        save_edit(vignette, Edit(title="A lift", text="Two."), now=NOW)
        r = HttpClient().post(STATUS, {"codename": codename, "action": "approve", "version": "1"})
        assert "changed the text since you read it" in r.content.decode()
        for odd in ("²", "9" * 5000, "-2", ""):
            data = {"codename": codename, "action": "approve", "version": odd}
            r = HttpClient().post(STATUS, data)
            assert r.status_code == 200
            assert "changed the text since you read it" in r.content.decode()
        vignette.refresh_from_db()
        assert vignette.approved_version == 0
