from __future__ import annotations

from django.urls import reverse

from fulcrum.core.reflection import load_prompts
from fulcrum.reflection.tests.helpers import assert_login_required
from fulcrum.testing import BaseTestCase


class PromptLibraryTestCase(BaseTestCase):
    url = reverse("prompt_library")

    def test_it_requires_login(self) -> None:
        assert_login_required(self, self.url)

    def test_it_lists_every_prompt_under_its_group_with_a_way_to_write(self) -> None:
        self.login(self.charlie)
        r = self.client.get(self.url)
        self.assertEqual(r.status_code, 200)
        library = load_prompts()
        for group in library.groups:
            self.assertContains(r, f'id="group-{group.id}"')
        for prompt in library.prompts:
            self.assertContains(r, f"?prompt={prompt.id}")
        self.assertContains(r, "When the client held more")
