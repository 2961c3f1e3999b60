"""Every supervision route answers 404 to an unlinked supervisor, and every supervisor
page answers 404 to an account that is only a practitioner.

The walk reads the URL map, so a supervision route added later is covered too.
"""

from __future__ import annotations

from django.urls import reverse

from fulcrum.supervision.tests.helpers import make_supervisor
from fulcrum.testing import BaseTestCase
from fulcrum.tests.workspace import ID_ARGS, Texts, build_workspace, route_args, walk_urls

TEXTS = Texts(**{k: f"Zephyrquill {k}" for k in Texts.__dataclass_fields__})
SUPERVISOR_ROUTES = ("supervision/supervising/",)


class SupervisionRoutesArePrivateTestCase(BaseTestCase):
    def routes(self) -> list[tuple[str, str]]:
        return [(r, n) for r, n in walk_urls() if r.startswith("supervision/")]

    def test_it_answers_404_to_an_unlinked_supervisor_for_every_record(self) -> None:
        ids = build_workspace(self.alice, TEXTS).ids()
        self.login(make_supervisor("erin"))
        tried = leaks = 0
        for route, name in self.routes():
            args = [a for a in route_args(route) if a in ID_ARGS]
            if not args:
                continue
            url = reverse(name, kwargs={a: ids[a] for a in args})
            for method in ("get", "post"):
                r = getattr(self.client, method)(url, {"body": "x", "review": "reviewed"})
                tried += 1
                if r.status_code not in (404, 405) or b"Zephyrquill" in r.content:
                    leaks += 1
                    print(f"LEAK {method.upper()} {url}: {r.status_code}")
        print(f"unlinked supervisor: {tried} tries, {leaks} leaks")
        assert tried >= 16
        assert leaks == 0

    def test_it_answers_404_to_a_practitioner_on_every_supervisor_page(self) -> None:
        ids = build_workspace(self.alice, TEXTS).ids()
        self.login(self.bob)
        checked = 0
        for route, name in self.routes():
            if not route.startswith(SUPERVISOR_ROUTES):
                continue
            args = route_args(route)
            url = reverse(name, kwargs={a: ids[a] for a in args})
            for method in ("get", "post"):
                r = getattr(self.client, method)(url)
                assert r.status_code == 404, f"{method.upper()} {url} answered {r.status_code}"
            checked += 1
        assert checked >= 5
