"""Every page and API operation of a practitioner's areas answers 404 to an account that
does not hold the practitioner role, even for records the account owns itself.

alice gets a full workspace through the services (``fulcrum.tests.workspace``), then
stops being a practitioner: once holding only the supervisor role (and no second factor
yet), once only the educator role. She then asks for every route of the URL map and
every operation of the API with her own ids, so nothing but the role gate can refuse
her. A route is a practitioner's unless it is listed below with the reason it serves
other roles too, so a page or endpoint added later without the gate fails here until
it either checks the role or says why it need not. Nothing she asks may change her
records.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from django.test import Client as HttpClient
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from fulcrum.accounts.models import HeldRole, Role, User
from fulcrum.accounts.roles import give_up, grant
from fulcrum.accounts.services import issue_api_token
from fulcrum.api.api import api
from fulcrum.checkins.models import CheckIn
from fulcrum.clients.models import Client
from fulcrum.harbour.models import HarbourPlan
from fulcrum.incidents.models import Incident
from fulcrum.policies.models import Policy
from fulcrum.reflection.models import JournalEntry
from fulcrum.supervision.models import Comment, HoursEntry, Share, SupervisionLink
from fulcrum.testing import NOW, BaseTestCase
from fulcrum.tests.test_every_page_needs_login import PUBLIC
from fulcrum.tests.workspace import (
    API_PAGES,
    ID_ARGS,
    PLAIN_ARGS,
    Texts,
    Workspace,
    api_body,
    body_of,
    build_workspace,
    call_operation,
    route_args,
    transcript_csv,
    walk_urls,
)

TEXTS = Texts(**{k: f"Vellichor {k}" for k in Texts.__dataclass_fields__})
MARKER = "Vellichor"

# Pages that are not a practitioner's alone, and why. Every other route must answer 404.
OPEN_TO_OTHER_ROLES = {
    **{name: f"public: {why}" for name, why in PUBLIC.items()},
    "logout": "signing out needs no role (and would end the walk)",
    "api_docs_asset": "the API docs page's own stylesheet and scripts",
    "api:api-root": "ninja's bare root: a 404 for everyone",
    "api:openapi-json": "the API's description, naming no one's records",
    "api:openapi-view": "the API's docs page, naming no one's records",
    "dashboard": "the landing page: sends each role to its own home",
    "account": "account settings: every account has them",
    "two_factor": "account settings: supervisors and educators need a second factor",
    "password_change": "account settings",
    "api_tokens": "account settings: the API serves supervisors too",
    "revoke_token": "account settings",
    "account_delete": "any account may be deleted",
    "library": "the vignette library is for every role",
    "library_vignette": "the vignette library is for every role",
    "teach_home": "the educator's pages (role_required(Role.EDUCATOR))",
    "teach_queue": "the educator's pages",
    "teach_vignette": "the educator's pages",
    "supervisor_home": "the supervisor's pages (role_required(Role.SUPERVISOR))",
    "supervision_accept": "the supervisor's pages",
    "supervisor_share": "the supervisor's pages",
    "supervisor_comment": "the supervisor's pages",
    "supervisor_review": "the supervisor's pages",
    "supervisor_hours_decide": "the supervisor's pages",
    "supervision_comment_amend": "a comment's author: a supervisor amends their own too",
    **{
        name: "the course is for any account; its teaching pages are the educator's"
        for name in (
            "course_index",
            "course_evaluation",
            "course_certificate",
            "course_certificate_detail",
            "course_certificate_pdf",
            "course_invitation",
            "course_module",
            "course_quiz",
            "course_guide",
            "course_activity",
            "teach_course",
            "teach_course_zip",
            "teach_cohorts",
            "teach_cohort",
        )
    },
}
# API operations that are not a practitioner's alone, and why.
API_OPEN_TO_OTHER_ROLES = {
    "GET /api/supervision/links": "a supervisor lists the links they accepted",
    "POST /api/supervision/links/accept": "a supervisor accepts an invitation",
    "POST /api/supervision/comments/{comment_id}/amendments": "a supervisor amends theirs",
    "POST /api/supervision/hours/{hours_id}/decisions": "a supervisor decides hours",
}
API_SUPERVISING = "/api/supervision/supervising/"  # the supervisor's side


def records_of(user: User) -> dict[str, list[int]]:
    """The ids of what ``user`` keeps, to prove the walk changed none of it."""

    def ids(qs: Any) -> list[int]:
        return sorted(qs.values_list("pk", flat=True))

    return {
        "clients": ids(Client.objects.filter(owner=user)),
        "checkins": ids(CheckIn.objects.filter(client__owner=user)),
        "journal": ids(JournalEntry.objects.filter(owner=user)),
        "plans": ids(HarbourPlan.objects.filter(owner=user)),
        "policies": ids(Policy.objects.filter(owner=user)),
        "incidents": ids(Incident.objects.filter(owner=user)),
        "links": ids(SupervisionLink.objects.filter(supervisee=user)),
        "shares": ids(Share.objects.filter(link__supervisee=user)),
        "comments": ids(Comment.objects.filter(author=user)),
        "hours": ids(HoursEntry.objects.filter(link__supervisee=user)),
    }


class PractitionerPagesNeedTheRoleTestCase(BaseTestCase):
    world: Workspace

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.world = build_workspace(cls.alice, TEXTS)

    def become_only(self, role: Role) -> str:
        """alice holds ``role`` alone from now on; answers an API token of hers."""
        grant(self.alice, [role])
        for held in set(HeldRole.objects.filter(user=self.alice).values_list("role", flat=True)):
            if held != role:
                give_up(self.alice, Role(held))
        if role == Role.SUPERVISOR:
            TOTPDevice.objects.filter(user=self.alice).delete()  # not even a second factor
        self.alice.refresh_from_db()
        return issue_api_token(self.alice, name="walk", now=NOW).raw

    def pages(self) -> Iterator[tuple[str, str]]:
        """(name, url) for every practitioner's page, alice's ids filled in."""
        ids = self.world.ids()
        routes = [
            (route, name)
            for route, name in walk_urls()
            if not name.startswith("api:") or name in API_PAGES
        ]
        names = {name for _, name in routes}
        assert not set(OPEN_TO_OTHER_ROLES) - names, (
            f"{sorted(set(OPEN_TO_OTHER_ROLES) - names)} are gone from the URLconf"
        )
        for route, name in routes:
            if name in OPEN_TO_OTHER_ROLES:
                continue
            args = route_args(route)
            unknown = set(args) - ID_ARGS - set(PLAIN_ARGS)
            assert not unknown, f"teach fulcrum.tests.workspace what {sorted(unknown)} name"
            kwargs = {a: ids[a] if a in ID_ARGS else PLAIN_ARGS[a] for a in args}
            yield name, reverse(name, kwargs=kwargs)

    def operations(self) -> Iterator[tuple[str, str, dict[str, Any]]]:
        """(method, url, operation) for every practitioner's API operation."""
        ids = self.world.ids()
        seen = set()
        for path, item in api.get_openapi_schema()["paths"].items():
            for method, operation in item.items():
                key = f"{method.upper()} {path}"
                seen.add(key)
                if key in API_OPEN_TO_OTHER_ROLES or path.startswith(API_SUPERVISING):
                    continue
                url = re.sub(r"{(\w+)}", lambda m: str(ids[m.group(1)]), path)
                yield method, url, operation
        assert not set(API_OPEN_TO_OTHER_ROLES) - seen, "an operation listed here is gone"

    def walk(self, token: str) -> tuple[int, list[str]]:
        problems: list[str] = []
        tries = 0
        http = HttpClient()
        http.force_login(self.alice)
        for name, url in self.pages():
            for method in ("get", "post"):
                r = getattr(http, method)(url)
                tries += 1
                allowed = {404, 405} if method == "get" else {404}
                text = body_of(r).decode("utf-8", "replace")
                if r.status_code not in allowed:
                    problems.append(f"{method.upper()} {url} ({name}) answered {r.status_code}")
                elif MARKER in text:
                    problems.append(f"{method.upper()} {url} ({name}) shows her records")
        headers = {"Authorization": f"Bearer {token}"}
        transcript = transcript_csv(TEXTS)
        for method, url, operation in self.operations():
            body = api_body(operation["operationId"], self.world.ids(), transcript)
            r = call_operation(HttpClient(), method, url, operation, body, headers)
            tries += 1
            if r.status_code != 404 or r.json() != {"detail": "Not found."}:
                problems.append(f"API {method.upper()} {url} answered {r.status_code}")
        return tries, problems

    def assert_every_practitioner_page_refuses(self, role: Role) -> None:
        before = records_of(self.alice)
        token = self.become_only(role)
        tries, problems = self.walk(token)
        for problem in problems:
            print(f"OPEN {problem}")
        print(f"practitioner pages, {role.value} role only: {tries} tries, {len(problems)} open")
        assert tries >= 220
        assert not problems
        assert records_of(self.alice) == before

    def test_it_refuses_every_practitioner_page_to_a_supervisor_only(self) -> None:
        self.assert_every_practitioner_page_refuses(Role.SUPERVISOR)

    def test_it_refuses_every_practitioner_page_to_an_educator_only(self) -> None:
        self.assert_every_practitioner_page_refuses(Role.EDUCATOR)

    def test_every_route_it_lets_through_is_still_there(self) -> None:
        list(self.pages())
        list(self.operations())
