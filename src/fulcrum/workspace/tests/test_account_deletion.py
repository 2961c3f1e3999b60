"""Leaving: the whole workspace downloads first, then the account goes with everything
in it, and nobody else's."""

from __future__ import annotations

import json

from django.urls import reverse

from fulcrum.accounts.models import User
from fulcrum.clients.models import Client
from fulcrum.testing import PASSWORD, BaseTestCase, make_checkin


class AccountDeletionTestCase(BaseTestCase):
    def test_it_offers_the_download_before_deleting(self) -> None:
        self.login(self.alice)
        r = self.client.get(reverse("account_delete"))
        self.assertContains(r, reverse("account_export"))
        self.assertContains(r, "1 client,")

    def test_the_download_holds_the_whole_workspace_and_only_its_owners(self) -> None:
        make_checkin(self.alice_client, note="Alice's own note")
        make_checkin(self.bob_client, note="Bob's own note")
        self.login(self.alice)
        r = self.client.get(reverse("account_export"))
        assert r["Content-Disposition"].startswith("attachment;")
        document = json.loads(r.content)
        assert [c["code"] for c in document["clients"]] == ["A-001"]
        assert document["clients"][0]["alias"] == "Ash"  # the owner's own copy
        assert b"Bob's own note" not in r.content

    def test_it_deletes_the_account_and_its_workspace_with_password_and_name(self) -> None:
        make_checkin(self.alice_client)
        self.login(self.alice)
        refused = self.client.post(
            reverse("account_delete"), {"password": "nope", "confirm": "alice"}
        )
        self.assertContains(refused, "not your password")
        assert User.objects.filter(pk=self.alice.pk).exists()
        r = self.client.post(reverse("account_delete"), {"password": PASSWORD, "confirm": "alice"})
        self.assertRedirects(r, reverse("login"), fetch_redirect_response=False)
        assert not User.objects.filter(pk=self.alice.pk).exists()
        assert not Client.objects.filter(owner_id=self.alice.pk).exists()
        assert Client.objects.filter(pk=self.bob_client.pk).exists()
        assert "_auth_user_id" not in self.client.session

    def test_it_keeps_an_account_that_holds_a_tamper_evident_record(self) -> None:
        from fulcrum.ledger.services import append_entry
        from fulcrum.testing import NOW

        append_entry(self.alice, kind="note", payload={}, now=NOW)
        self.login(self.alice)
        page = self.client.get(reverse("account_delete"))
        self.assertContains(page, "tamper-evident record")
        # The page does not open by promising a deletion it then refuses.
        self.assertContains(page, "This account cannot be deleted here yet.")
        self.assertNotContains(page, "This deletes your account")
        r = self.client.post(reverse("account_delete"), {"password": PASSWORD, "confirm": "alice"})
        assert r.status_code == 200
        assert User.objects.filter(pk=self.alice.pk).exists()


class PoliciesAndDeletionTestCase(BaseTestCase):
    def test_a_draft_policy_goes_with_the_account(self) -> None:
        from fulcrum.policies.models import Policy, PolicyVersion
        from fulcrum.policies.services import start_draft
        from fulcrum.testing import NOW

        start_draft(self.alice, "payment", now=NOW)
        start_draft(self.bob, "payment", now=NOW)
        self.login(self.alice)
        r = self.client.post(reverse("account_delete"), {"password": PASSWORD, "confirm": "alice"})
        self.assertRedirects(r, reverse("login"), fetch_redirect_response=False)
        assert not User.objects.filter(pk=self.alice.pk).exists()
        assert not Policy.objects.filter(owner_id=self.alice.pk).exists()
        assert PolicyVersion.objects.filter(policy__owner=self.bob).count() == 1

    def test_a_published_version_keeps_the_account_and_its_words(self) -> None:
        from fulcrum.policies.models import PolicyVersion
        from fulcrum.policies.services import publish, start_draft
        from fulcrum.testing import NOW

        draft = start_draft(self.alice, "payment", now=NOW)
        publish(draft, change="", summary="", effective_on=NOW.date(), now=NOW)
        start_draft(self.alice, "cancellation", now=NOW)
        self.login(self.alice)
        r = self.client.post(reverse("account_delete"), {"password": PASSWORD, "confirm": "alice"})
        # Publishing wrote the version's hash into the tamper-evident record.
        self.assertContains(r, "tamper-evident record (incidents, edit history, published")
        assert User.objects.filter(pk=self.alice.pk).exists()
        assert PolicyVersion.objects.filter(policy__owner=self.alice).count() == 2


class RecordsKeptForATimeTestCase(BaseTestCase):
    def test_an_account_with_course_attempts_stays_and_says_why(self) -> None:
        from fulcrum.core.course.content import load_course
        from fulcrum.course.models import Attempt
        from fulcrum.course.services import submit_attempt
        from fulcrum.testing import NOW

        course = load_course()
        answers = {i.item_id: i.correct for i in course.module("tracking").items}
        submit_attempt(self.alice, course, "tracking", answers, now=NOW)
        self.login(self.alice)
        r = self.client.post(reverse("account_delete"), {"password": PASSWORD, "confirm": "alice"})
        self.assertContains(r, "must keep for a time")
        assert User.objects.filter(pk=self.alice.pk).exists()
        assert Attempt.objects.filter(learner=self.alice).count() == 1
