"""The library is searched by its tags as well as its words, and narrowed by a kind of
power, a direction, a use or a kind of work; a tag left empty leaves no stray mark."""

from __future__ import annotations

from django.urls import reverse

from fulcrum.practice_demo import load_library_demo
from fulcrum.testing import NOW, BaseTestCase


class LibraryByTagsTestCase(BaseTestCase):
    url = reverse("library")

    def setUp(self) -> None:
        load_library_demo(now=NOW)
        self.login(self.bob)

    def titles(self, **query: str) -> list[str]:
        page = self.client.get(self.url, query)
        assert page.status_code == 200
        return sorted(v.title for v, _ in page.context["found"])

    def test_it_finds_a_tag_by_its_words(self) -> None:
        assert self.titles(q="bodywork") == ["The drape in a hurry"]
        assert self.titles(q="under-use") == ["The extra ten minutes"]
        assert self.titles(q="coercive") == ["The review she might write"]

    def test_it_narrows_by_each_kind_of_tag(self) -> None:
        assert self.titles(use="over") == ["The drape in a hurry", "The expert in the room"]
        assert self.titles(use="over", modality="talk") == ["The expert in the room"]
        assert self.titles(kind="expert", direction="practitioner-client") == [
            "The drape in a hurry",
            "The expert in the room",
        ]
        assert self.titles(direction="client-practitioner") == ["The review she might write"]

    def test_a_value_no_list_holds_is_left_out_and_the_others_still_narrow(self) -> None:
        assert self.titles(use="over", modality="juggling") == [
            "The drape in a hurry",
            "The expert in the room",
        ]

    def test_it_shows_the_tags_and_says_when_nothing_matches(self) -> None:
        page = self.client.get(self.url).content.decode()
        assert "Bodywork (massage, touch)" in page
        assert "· ·" not in page
        empty = self.client.get(self.url, {"use": "skilful", "modality": "bodywork"})
        assert "Nothing matches with the tags chosen." in empty.content.decode()
