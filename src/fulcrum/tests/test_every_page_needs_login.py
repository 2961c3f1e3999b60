"""Every page of the workspace asks an anonymous visitor to sign in first.

The test walks the whole URL map, so a page added later is covered without anyone
remembering to add it here. The few public routes are listed, each with its reason.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from django.test import TestCase
from django.urls import URLPattern, URLResolver, get_resolver, reverse

# Route names that anyone may open, and why.
PUBLIC = {
    "login": "the way in",
    "signup": "the way in",
    "login_code": "the second step of the way in",
    "password_reset": "the way back in, with a one-time code",
    "logout": "signing out needs no account",
    "voice_answer": "a client's single-use link: the unguessable token is the guard",
    "consent_answer": "a client's single-use consent link: the unguessable token is the guard",
    "consent_receipt": "a client's receipt just after answering: the used link's token guards it",
    "contribute": "sending a vignette needs no account (and sets no cookie)",
    "contribute_status": "a contributor's codename is the guard; guesses are limited",
    "course_verify": "anyone may check a certificate by its code; guesses are limited",
    "course_verify_ask": "anyone may type a certificate's code to check it",
}
# URL prefixes served by other guards.
OTHER_GUARDS = ("api/",)  # the JSON API answers 401 itself; its tests cover that


def _walk(patterns: list[URLPattern | URLResolver], prefix: str = "") -> Iterator[tuple[str, str]]:
    for p in patterns:
        if isinstance(p, URLResolver):
            yield from _walk(p.url_patterns, prefix + str(p.pattern))
        elif p.name:
            yield prefix + str(p.pattern), p.name


def _sample_url(route: str, name: str) -> str:
    kwargs: dict[str, object] = {}
    for conv, arg in re.findall(r"<(?:(\w+):)?(\w+)>", route):
        kwargs[arg] = 1 if conv == "int" else "x"
    return reverse(name, kwargs=kwargs)


class EveryPageNeedsLoginTestCase(TestCase):
    def test_it_finds_the_workspace_pages(self) -> None:
        names = {name for _, name in _walk(get_resolver().url_patterns)}
        assert {"dashboard", "client_list", "client_detail", "checkin_create"} <= names

    def test_it_redirects_anonymous_visitors_to_the_login_page(self) -> None:
        login = reverse("login")
        checked = 0
        for route, name in _walk(get_resolver().url_patterns):
            if name in PUBLIC:
                continue
            if route.startswith(OTHER_GUARDS):
                continue
            url = _sample_url(route, name)
            with self.subTest(name=name, url=url):
                r = self.client.get(url)
                assert r.status_code == 302, f"{name} ({url}) answered {r.status_code}"
                assert r["Location"].startswith(login), f"{name} redirects to {r['Location']}"
                r = self.client.post(url)
                assert r.status_code in (302, 405), f"POST {name} answered {r.status_code}"
                if r.status_code == 302:
                    assert r["Location"].startswith(login)
            checked += 1
        assert checked >= 20
