from __future__ import annotations

from django.urls import reverse

from fulcrum.harbour.models import HarbourPlan
from fulcrum.harbour.tests.helpers import make_plan, plan_form_data
from fulcrum.reflection.tests.helpers import assert_login_required
from fulcrum.testing import BaseTestCase


class HarbourPlanPagesTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.plan = make_plan(self.alice, trust_1="Alice starts on time.")
        make_plan(self.alice, trust_1="Alice starts and ends on time.")
        make_plan(self.bob, trust_1="Bob's own first action.")

    def test_it_requires_login(self) -> None:
        for name in ("harbour_plan", "harbour_edit", "harbour_history"):
            assert_login_required(self, reverse(name))
        assert_login_required(self, reverse("harbour_version", args=[1]))

    def test_it_shows_the_owners_current_plan_only(self) -> None:
        self.login(self.alice)
        r = self.client.get(reverse("harbour_plan"))
        self.assertEqual(r.status_code, 200)
        self.assertContains(r, "Version 2")
        self.assertContains(r, "Alice starts and ends on time.")
        self.assertContains(r, "20 of 20 actions written")
        self.assertNotContains(r, "Bob&#x27;s own first action.")

    def test_it_invites_a_newcomer_to_start(self) -> None:
        self.login(self.charlie)
        r = self.client.get(reverse("harbour_plan"))
        self.assertContains(r, "Start the plan")
        self.assertContains(self.client.get(reverse("harbour_history")), "No versions yet")

    def test_it_saves_a_new_version_keeping_the_old_one(self) -> None:
        self.login(self.alice)
        data = plan_form_data(trust_1="Alice starts and ends on time.", safety_2="A stop word.")
        data["note"] = "After supervision"
        r = self.client.post(reverse("harbour_edit"), data)
        self.assertRedirects(r, reverse("harbour_plan"))
        versions = HarbourPlan.objects.filter(owner=self.alice)
        self.assertEqual(sorted(versions.values_list("version", flat=True)), [1, 2, 3])
        history = self.client.get(reverse("harbour_history"))
        self.assertContains(history, "A stop word.")
        self.assertContains(history, "After supervision")

    def test_it_makes_no_version_when_nothing_changed(self) -> None:
        self.login(self.alice)
        r = self.client.post(
            reverse("harbour_edit"),
            plan_form_data(trust_1="Alice starts and ends on time."),
            follow=True,
        )
        self.assertContains(r, "Nothing changed")
        self.assertEqual(HarbourPlan.objects.filter(owner=self.alice).count(), 2)

    def test_it_keeps_what_was_typed_on_error(self) -> None:
        self.login(self.alice)
        data = plan_form_data(trust_1="x" * 201, respect_5="Still here after the error")
        r = self.client.post(reverse("harbour_edit"), data)
        self.assertEqual(r.status_code, 200)
        self.assertContains(r, "Still here after the error")
        self.assertTrue(r.context["form"].errors)
        # A browser sends every box, empty or not.
        r = self.client.post(reverse("harbour_edit"), {name: "" for name in data})
        self.assertContains(r, "Write at least one action")
        self.assertEqual(HarbourPlan.objects.filter(owner=self.alice).count(), 2)

    def test_it_shows_each_version_to_its_owner_alone(self) -> None:
        self.login(self.alice)
        r = self.client.get(reverse("harbour_version", args=[1]))
        self.assertContains(r, "Alice starts on time.")
        self.assertNotContains(r, "(current)")
        self.assertContains(self.client.get(reverse("harbour_version", args=[2])), "(current)")
        self.login(self.bob)
        self.assertEqual(self.client.get(reverse("harbour_version", args=[2])).status_code, 404)
        r = self.client.get(reverse("harbour_version", args=[1]))
        self.assertContains(r, "Bob&#x27;s own first action.")
        self.assertNotContains(r, "Alice")
