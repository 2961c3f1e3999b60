"""The practitioner's policy pages: start, edit, publish, a version and its diff."""

from __future__ import annotations

from django.urls import reverse

from fulcrum.policies.models import Policy, PolicyVersion
from fulcrum.testing import NOW, BaseTestCase


class PolicyPagesTestCase(BaseTestCase):
    def test_it_walks_from_starter_text_to_a_second_version(self) -> None:
        self.login(self.alice)
        r = self.client.get(reverse("policy_list"))
        assert r.status_code == 200
        assert b"Start from the starter text" in r.content
        r = self.client.post(reverse("policy_start"), {"kind": "payment"})
        policy = Policy.objects.get(owner=self.alice, kind="payment")
        self.assertRedirects(r, reverse("policy_draft", args=[policy.pk]))
        r = self.client.post(
            reverse("policy_draft", args=[policy.pk]), {"title": "Fees", "text": "Pay on the day."}
        )
        assert r.status_code == 302
        day = NOW.date().isoformat()
        r = self.client.post(reverse("policy_publish", args=[policy.pk]), {"effective_on": day})
        first = PolicyVersion.objects.get(policy=policy, number=1)
        self.assertRedirects(r, reverse("policy_version", args=[policy.pk, first.pk]))
        assert first.sha256.encode() in self.client.get(r["Location"]).content
        self.client.post(reverse("policy_start"), {"kind": "payment"})
        self.client.post(
            reverse("policy_draft", args=[policy.pk]),
            {"title": "Fees", "text": "Pay on the day or within a week."},
        )
        r = self.client.post(
            reverse("policy_publish", args=[policy.pk]),
            {"change": "material", "summary": "", "effective_on": day},
        )
        assert r.status_code == 200
        assert b"what changed" in r.content
        assert b"material" in r.content  # what was chosen is kept
        r = self.client.post(
            reverse("policy_publish", args=[policy.pk]),
            {"change": "material", "summary": "A week to pay.", "effective_on": day},
        )
        second = PolicyVersion.objects.get(policy=policy, number=2)
        r = self.client.get(reverse("policy_diff", args=[policy.pk, second.pk]))
        assert r.status_code == 200
        assert b"<ins>" in r.content
        assert b'[removed: </span>day.<span class="visually-hidden">]</span></del>' in r.content

    def test_it_keeps_what_was_typed_when_the_draft_is_refused(self) -> None:
        self.login(self.alice)
        self.client.post(reverse("policy_start"), {"kind": "touch"})
        policy = Policy.objects.get(owner=self.alice, kind="touch")
        r = self.client.post(
            reverse("policy_draft", args=[policy.pk]), {"title": "Touch kept", "text": "   "}
        )
        assert r.status_code == 200
        assert b"Touch kept" in r.content

    def test_another_practitioner_gets_404(self) -> None:
        self.login(self.alice)
        self.client.post(reverse("policy_start"), {"kind": "touch"})
        policy = Policy.objects.get(owner=self.alice, kind="touch")
        draft = PolicyVersion.objects.get(policy=policy)
        self.login(self.bob)
        for url in (
            reverse("policy_draft", args=[policy.pk]),
            reverse("policy_publish", args=[policy.pk]),
            reverse("policy_version", args=[policy.pk, draft.pk]),
        ):
            assert self.client.get(url).status_code == 404, url
