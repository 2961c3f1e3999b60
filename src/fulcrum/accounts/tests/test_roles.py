"""Roles are something an account holds: one person can hold several, and the pages for
a role that opens someone else's material ask for a second factor first."""

from __future__ import annotations

import pytest
from django.http import Http404, HttpRequest, HttpResponse
from django.test import RequestFactory
from django_otp.plugins.otp_totp.models import TOTPDevice

from fulcrum.accounts import roles, services
from fulcrum.accounts.models import Role
from fulcrum.core.errors import InvalidInput
from fulcrum.testing import PASSWORD, BaseTestCase


@roles.role_required(Role.SUPERVISOR)
def supervisor_page(request: HttpRequest) -> HttpResponse:
    return HttpResponse("for supervisors")


@roles.role_required(Role.PRACTITIONER)
def practitioner_page(request: HttpRequest) -> HttpResponse:
    return HttpResponse("for practitioners")


class RolesTestCase(BaseTestCase):
    def request_by(self, user: object) -> HttpRequest:
        request = RequestFactory().get("/somewhere/")
        request.user = user  # type: ignore[assignment]
        return request

    def test_sign_up_makes_a_practitioner_unless_told_otherwise(self) -> None:
        user = services.sign_up(username="new-one", password=PASSWORD)
        assert roles.roles_of(user) == {Role.PRACTITIONER}
        both = services.sign_up(
            username="new-two", password=PASSWORD, roles=[Role.SUPERVISOR, "educator"]
        )
        assert roles.roles_of(both) == {Role.SUPERVISOR, Role.EDUCATOR}

    def test_sign_up_refuses_no_role_and_unknown_roles(self) -> None:
        with pytest.raises(InvalidInput):
            services.sign_up(username="nobody", password=PASSWORD, roles=[])
        with pytest.raises(InvalidInput, match="no role called"):
            services.sign_up(username="wizard", password=PASSWORD, roles=["wizard"])

    def test_one_person_holds_several_roles_and_keeps_at_least_one(self) -> None:
        roles.grant(self.alice, [Role.PRACTITIONER, Role.SUPERVISOR])
        roles.grant(self.alice, [Role.SUPERVISOR])  # granting again changes nothing
        assert roles.roles_of(self.alice) == {Role.PRACTITIONER, Role.SUPERVISOR}
        assert roles.give_up(self.alice, Role.PRACTITIONER) == {Role.SUPERVISOR}
        with pytest.raises(InvalidInput, match="at least one role"):
            roles.give_up(self.alice, Role.SUPERVISOR)

    def test_a_page_for_a_role_is_a_404_without_it(self) -> None:
        roles.grant(self.alice, [Role.PRACTITIONER])
        with pytest.raises(Http404):
            supervisor_page(self.request_by(self.alice))
        assert practitioner_page(self.request_by(self.alice)).status_code == 200

    def test_a_supervisor_turns_on_a_second_factor_before_the_page_opens(self) -> None:
        roles.grant(self.bob, [Role.SUPERVISOR])
        sent = supervisor_page(self.request_by(self.bob))
        assert sent.status_code == 302
        assert sent["Location"].startswith("/account/two-factor/")
        TOTPDevice.objects.create(user=self.bob, name="app", confirmed=True)
        assert supervisor_page(self.request_by(self.bob)).content == b"for supervisors"

    def test_anonymous_visitors_get_a_404(self) -> None:
        from django.contrib.auth.models import AnonymousUser

        with pytest.raises(Http404):
            supervisor_page(self.request_by(AnonymousUser()))


class PractitionerGateTestCase(BaseTestCase):
    """``practitioner`` is the choke point of every practitioner area's access functions,
    and ``pages_for`` the gate a practitioner area's URLconf puts before its pages."""

    def test_it_answers_the_practitioner_and_404s_everyone_else(self) -> None:
        from django.contrib.auth.models import AnonymousUser

        from fulcrum.testing import make_user

        assert roles.practitioner(self.alice) == self.alice
        for other in (make_user("dana", Role.SUPERVISOR), make_user("eve", Role.EDUCATOR)):
            with pytest.raises(Http404):
                roles.practitioner(other)
        with pytest.raises(Http404):
            roles.practitioner(AnonymousUser())

    def test_it_404s_an_account_that_gave_the_role_up_even_for_its_own_records(self) -> None:
        from fulcrum.clients.access import clients_for_user, get_client_for_user

        roles.grant(self.alice, [Role.EDUCATOR])
        roles.give_up(self.alice, Role.PRACTITIONER)
        with pytest.raises(Http404):
            clients_for_user(self.alice)
        with pytest.raises(Http404):
            get_client_for_user(self.alice, self.alice_client.pk)

    def test_pages_for_gates_each_page_and_leaves_sign_in_to_the_view(self) -> None:
        from django.contrib.auth.decorators import login_required
        from django.contrib.auth.models import AnonymousUser
        from django.urls import path

        from fulcrum.testing import make_user

        @login_required
        def page(request: HttpRequest) -> HttpResponse:
            return HttpResponse("a practitioner's page")

        [gated] = roles.pages_for(Role.PRACTITIONER, [path("x/", page, name="x")])
        view = gated.callback
        assert view(self.request_by(self.alice)).content == b"a practitioner's page"
        with pytest.raises(Http404):
            view(self.request_by(make_user("dana", Role.SUPERVISOR)))
        anonymous = view(self.request_by(AnonymousUser()))
        assert anonymous.status_code == 302
        assert anonymous["Location"].startswith("/login/")

    def request_by(self, user: object) -> HttpRequest:
        request = RequestFactory().get("/somewhere/")
        request.user = user  # type: ignore[assignment]
        return request
