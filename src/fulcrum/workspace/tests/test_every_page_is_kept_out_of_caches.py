"""Every page and API answer tells browsers and proxies not to keep a copy.

Walks the whole URL map as the owner of a full workspace (``fulcrum.tests.workspace``),
so a page added later is held to the same headers.
"""

from __future__ import annotations

from django.urls import reverse

from fulcrum.testing import BaseTestCase
from fulcrum.tests.workspace import (
    PLAIN_ARGS,
    Texts,
    body_of,
    build_workspace,
    route_args,
    unknown_args,
    walk_urls,
)

TEXTS = Texts(**{field: f"Text of {field}" for field in Texts.__dataclass_fields__})
# Pages that answer the signed-in owner with a redirect or a bare 404 are still checked.
SKIPPED = {"logout": "would sign the walk out"}


class CacheHeadersTestCase(BaseTestCase):
    def test_it_sends_no_store_on_every_page(self) -> None:
        workspace = build_workspace(self.alice, TEXTS)
        ids = workspace.ids()
        routes = [(r, n) for r, n in walk_urls() if n not in SKIPPED]
        assert not unknown_args(routes) - {"token", "code"}
        # token: the client's link; code: a certificate's public check
        values = {
            **ids,
            **PLAIN_ARGS,
            "token": workspace.open_token,
            "code": workspace.certificate.code,
        }
        self.login(self.alice)
        urls = [
            reverse(name, kwargs={a: values[a] for a in route_args(route)})
            for route, name in routes
        ]
        for url in urls:
            with self.subTest(url=url):
                r = self.client.get(url)
                body_of(r)
                assert "no-store" in r.get("Cache-Control", ""), f"{url}: {r.get('Cache-Control')}"
                assert "private" in r["Cache-Control"]
                assert "frame-ancestors 'none'" in r["Content-Security-Policy"]
        assert len(urls) >= 50
