"""A practitioner reads the course's modules; an unknown module is a 404."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from fulcrum.accounts.models import Role
from fulcrum.testing import make_user

pytestmark = pytest.mark.django_db


def _signed_in() -> Client:
    browser = Client()
    browser.force_login(make_user("dana", Role.PRACTITIONER))
    return browser


def test_the_course_page_lists_every_module_and_its_hours() -> None:
    response = _signed_in().get(reverse("course_index"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Critiques of the power-imbalance view" in page
    assert "12,000" in page


def test_a_module_page_shows_objectives_lessons_vignette_reflection_and_reading() -> None:
    response = _signed_in().get(reverse("course_module", args=["critiques"]))
    assert response.status_code == 200
    page = response.content.decode()
    for text in ("What you will be able to do", "The main criticisms", "The graduation"):
        assert text in page
    assert "Reflection" in page
    assert "Dual Relationships and Psychotherapy" in page


def test_an_unknown_module_is_not_found() -> None:
    assert _signed_in().get(reverse("course_module", args=["nope"])).status_code == 404
