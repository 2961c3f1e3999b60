"""A refusal and an address that names nothing look the same, in Fulcrum's own layout on
any screen; a server error gets a page that needs nothing from the request."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.test import override_settings

from fulcrum.testing import BaseTestCase, make_client, make_user


def _main(html: str) -> str:
    return html[html.index("<main") : html.index("</main>")]


class ErrorPagesTestCase(BaseTestCase):
    def test_an_unknown_address_gets_the_calm_page_with_a_way_on(self) -> None:
        response = self.client.get("/no-such-page/")
        html = response.content.decode()
        assert response.status_code == 404
        assert "Nothing to open here" in html
        assert 'name="viewport"' in html
        assert 'href="/login/"' in html
        assert "Set-Cookie" not in str(response.headers)
        assert not response.cookies

    def test_someone_elses_record_looks_exactly_like_nothing(self) -> None:
        theirs = make_client(make_user("carol"), "B-001", alias="Sky Vale")
        self.login(self.alice)
        refused = self.client.get(f"/clients/{theirs.pk}/")
        missing = self.client.get(f"/clients/{theirs.pk + 1000}/")
        assert refused.status_code == missing.status_code == 404
        # The same page but for the form token every page carries.
        assert _main(refused.content.decode()) == _main(missing.content.decode())
        assert "Sky Vale" not in refused.content.decode()
        assert "Go to your start page" in refused.content.decode()

    @override_settings(DEBUG=False)
    def test_the_server_error_page_renders_without_a_request(self) -> None:
        html = render_to_string("500.html")
        assert "Something went wrong" in html
        assert 'name="viewport"' in html
