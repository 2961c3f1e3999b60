"""The access matrix: every route and every API operation, asked by every role in every
relationship to alice's records, answers as the design says.

One world, built once through the services (``fulcrum.tests.workspace``): alice's full
workspace, her linked supervisor (who holds a share naming her client, wrote a comment
on it and decides her hours), a second supervisor linked to her whose only share names
another client, a supervisor never linked to her, an educator, and anonymous visitors.
Then the supervisor's share is withdrawn, and separately left to expire.

Every route of the URLconf and every operation of the API's schema must be classified
below (a new one fails the test until it is). A forbidden combination must answer 404
(405 for a GET to a POST-only page), the calm "no longer shared" 410 where the design
says a share was theirs but has closed, a login redirect (pages) or a 401 (API) for an
anonymous visitor, and show none of alice's words. Allowed combinations are asked with
GET only, so nothing the walk does changes the world, and must not answer 404. Each
test prints how many combinations it tried and how many leaked.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.test import Client as HttpClient
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from fulcrum.accounts.models import Role, User
from fulcrum.accounts.services import issue_api_token
from fulcrum.api.api import api
from fulcrum.supervision import services
from fulcrum.supervision.models import Share
from fulcrum.supervision.tests.helpers import linked, make_supervisor, share_for
from fulcrum.testing import NOW, BaseTestCase, make_user
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

TEXTS = Texts(**{k: f"Quorvantine {k}" for k in Texts.__dataclass_fields__})
MARKER = "Quorvantine"

# Who may open each route besides the record's owner, in the design's words:
#   owner       only the owner
#   link        either side of a live supervision link (the supervisor with a 2nd factor)
#   share       the supervisor over a share open to them; 410 once it closed; not the owner
#   author      the comment's author, while its share is open to them; 410 once it closed
#   decide      the link's supervisor, while the link is live; not the owner
#   educators   any educator (with a second factor)
#   accounts    any signed-in account
#   supervisors any supervisor (with a second factor); nobody else
#   practice    a practitioner's own page, naming no record: any practitioner, nobody
#               else (decision 0033; the privacy walk checks what it shows)
#   mine        each account's own page, naming no record (the privacy walk checks it)
PAGES: dict[str, str] = {
    **dict.fromkeys(
        [
            "client_detail",
            "client_delete",
            "checkin_create",
            "checkin_detail",
            "checkin_edit",
            "checkin_history",
            "checkin_delete",
            "revoke_token",
            "client_edit",
            "client_archive",
            "client_restore",
            "powermap_history",
            "powermap_create",
            "powermap_detail",
            "client_drift",
            "warning_acknowledge",
            "concern_close",
            "transcript_upload",
            "transcript_detail",
            "transcript_practitioner",
            "transcript_link",
            "transcript_delete",
            "journal_detail",
            "journal_edit",
            "journal_history",
            "journal_delete",
            "disclosure_client",
            "harbour_version",
            "harbour_client_coverage",
            "harbour_practice",
            "voice_client",
            "voice_link_create",
            "voice_link",
            "voice_link_withdraw",
            "course_certificate_detail",
            "course_certificate_pdf",
            "course_invitation",
            "teach_cohort",
            "supervision_feedback",
            "supervision_share",
            "supervision_share_revoke",
            "supervision_share_reply",
            "incident_detail",
            "incident_amend",
            "incident_history",
            "incident_pdf",
            "contribute_offer",
            "policy_draft",
            "policy_publish",
            "policy_version",
            "policy_diff",
            "consent_client",
            "consent_client_receipt",
            "consent_link_create",
            "consent_verbal",
            "consent_link",
            "consent_link_withdraw",
            "enforcement_client",
            "bodywork_session",
        ],
        "owner",
    ),
    **dict.fromkeys(
        [
            "supervision_link",
            "supervision_link_end",
            "supervision_hours",
            "supervision_hours_csv",
            "supervision_hours_pdf",
        ],
        "link",
    ),
    **dict.fromkeys(["supervisor_share", "supervisor_comment", "supervisor_review"], "share"),
    "supervision_comment_amend": "author",
    "supervisor_hours_decide": "decide",
    "teach_vignette": "educators",
    "library_vignette": "accounts",
    "course_guide": "accounts",
    **dict.fromkeys(("supervisor_home", "supervision_accept"), "supervisors"),
    **dict.fromkeys(
        [
            "account_export",
            "client_list",
            "client_create",
            "caseload_drift",
            "journal_list",
            "journal_write",
            "prompt_library",
            "disclosure_caseload",
            "harbour_plan",
            "harbour_edit",
            "harbour_history",
            "harbour_coverage",
            "voice_overview",
            "supervision_builder",
            "supervision_report",
            "supervision_pdf",
            "supervision_links",
            "supervision_share_create",
            "incident_list",
            "incident_create",
            "policy_list",
            "policy_start",
        ],
        "practice",
    ),
    **dict.fromkeys(
        [
            "dashboard",
            "account_delete",
            "two_factor",
            "account",
            "password_change",
            "api_tokens",
            "course_index",
            "course_certificate",
            "course_evaluation",
            "course_module",
            "course_quiz",
            "course_activity",
            "teach_home",
            "teach_queue",
            "teach_cohorts",
            "teach_course",
            "teach_course_zip",
            "library",
        ],
        "mine",
    ),
}
# Pages the matrix does not ask, and why.
NOT_ASKED = {
    **{name: f"public: {why}" for name, why in PUBLIC.items()},
    "logout": "would sign the walk out",
    "api_docs_asset": "public: the API docs page's own stylesheet and scripts",
    "api:openapi-json": "public: the API's description, naming no one's records",
    "api:openapi-view": "public: the API's docs page, naming no one's records",
    "api:api-root": "ninja's bare root: a 404 for everyone",
}
_S = "/api/supervision"
OPERATIONS: dict[str, str] = {
    **dict.fromkeys(
        [
            f"{m} /api/clients/{{client_id}}{rest}"
            for m, rest in (
                ("GET", ""),
                ("PUT", ""),
                ("PATCH", ""),
                ("DELETE", ""),
                ("POST", "/archive"),
                ("POST", "/restore"),
                ("GET", "/power-maps"),
                ("POST", "/power-maps"),
                ("GET", "/power-maps/{map_id}"),
                ("GET", "/checkins"),
                ("POST", "/checkins"),
                ("PUT", "/checkins/{checkin_id}"),
                ("GET", "/checkins/{checkin_id}"),
                ("DELETE", "/checkins/{checkin_id}"),
                ("GET", "/drift"),
                ("POST", "/concerns/{concern_id}/close"),
                ("GET", "/transcripts"),
                ("POST", "/transcripts"),
                ("GET", "/transcripts/{transcript_id}"),
                ("DELETE", "/transcripts/{transcript_id}"),
                ("POST", "/transcripts/{transcript_id}/practitioner"),
                ("GET", "/transcripts/{transcript_id}/checkin-prefill"),
                ("POST", "/checkins/{checkin_id}/voice-link"),
                ("GET", "/consent"),
                ("POST", "/consent/verbal"),
                ("POST", "/consent-links"),
                ("GET", "/enforcement"),
                ("POST", "/enforcement"),
                ("GET", "/checkins/{checkin_id}/bodywork"),
                ("PUT", "/checkins/{checkin_id}/bodywork"),
            )
        ]
        + [
            "POST /api/warnings/{warning_id}/acknowledge",
            "GET /api/journal/{entry_id}",
            "PUT /api/journal/{entry_id}",
            "DELETE /api/journal/{entry_id}",
            "DELETE /api/voice/links/{link_id}",
            "GET /api/policies/{policy_id}/versions/{policy_version_id}",
            "POST /api/policies/{policy_id}/publish",
            "GET /api/incidents/{incident_id}",
            "POST /api/incidents/{incident_id}/amendments",
            "POST /api/incidents/{incident_id}/follow-ups",
            f"GET {_S}/shares/{{share_id}}",
            f"POST {_S}/shares/{{share_id}}/revoke",
            f"GET {_S}/shares/{{share_id}}/views",
            f"GET {_S}/shares/{{share_id}}/comments",
            f"POST {_S}/shares/{{share_id}}/comments",
            f"POST {_S}/links/{{supervision_id}}/hours",
            f"POST {_S}/hours/{{hours_id}}/feedback",
        ],
        "owner",
    ),
    f"GET {_S}/links/{{supervision_id}}": "link",
    f"POST {_S}/links/{{supervision_id}}/end": "link",
    f"GET {_S}/links/{{supervision_id}}/hours": "link",
    f"GET {_S}/supervising/shares/{{share_id}}": "share",
    f"POST {_S}/supervising/shares/{{share_id}}/review": "share",
    f"GET {_S}/supervising/shares/{{share_id}}/comments": "share",
    f"POST {_S}/supervising/shares/{{share_id}}/comments": "share",
    f"POST {_S}/comments/{{comment_id}}/amendments": "author",
    f"POST {_S}/hours/{{hours_id}}/decisions": "decide",
    f"POST {_S}/links/accept": "supervisors",
    f"GET {_S}/supervising/shares": "supervisors",
    **dict.fromkeys(
        [
            "GET /api/clients",
            "POST /api/clients",
            "GET /api/warnings",
            "GET /api/concerns",
            "GET /api/journal",
            "POST /api/journal",
            "GET /api/harbour/plan",
            "PUT /api/harbour/plan",
            "GET /api/harbour/versions",
            "GET /api/voice/links",
            "GET /api/policies",
            "GET /api/incidents",
            "POST /api/incidents",
            "GET /api/incidents/verify",
            f"POST {_S}/links",
            f"GET {_S}/shares",
            f"POST {_S}/shares",
        ],
        "practice",
    ),
    f"GET {_S}/links": "mine",
}
CLASSES = {"owner", "link", "share", "author", "decide", "educators", "accounts"}
CLASSES |= {"supervisors", "practice", "mine"}


@dataclass(frozen=True)
class Actor:
    """One role in one relationship to alice's records."""

    name: str
    user: User | None
    # The classes of route this actor may open; "closed" ones answer the calm 410.
    may: frozenset[str]
    closed: frozenset[str] = frozenset()


def expected(actor: Actor, access: str) -> str:
    """ "ok", "404", "410" or "login" for ``actor`` on a route of class ``access``."""
    if actor.user is None:
        return "login"
    if access in actor.closed:
        return "410"
    return "ok" if access in actor.may else "404"


class AccessMatrixTestCase(BaseTestCase):
    world: Workspace
    fay: User
    erin: User
    eve: User
    tokens: dict[str, str]

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.world = build_workspace(cls.alice, TEXTS)
        # A second supervisor, linked to alice, whose only share names another client.
        cls.fay = make_supervisor("fay")
        share_for(cls.alice, linked(cls.alice, cls.fay), cls.alice_client)
        cls.erin = make_supervisor("erin")  # a supervisor never linked to alice
        cls.eve = make_user("eve", Role.EDUCATOR)
        TOTPDevice.objects.create(user=cls.eve, name="app", confirmed=True)
        people = (cls.alice, cls.world.supervisor, cls.fay, cls.erin, cls.eve)
        cls.tokens = {u.username: issue_api_token(u, name="matrix", now=NOW).raw for u in people}

    # --- who asks -----------------------------------------------------------------------

    def actors(self, *, share: str = "open") -> list[Actor]:
        supervisor = frozenset({"link", "share", "author", "decide", "supervisors"})
        closed = frozenset({"share", "author"}) if share != "open" else frozenset()
        everyone = frozenset({"accounts", "mine"})
        return [
            Actor("owner", self.alice, everyone | {"owner", "link", "educators", "practice"}),
            Actor(
                f"linked supervisor, share {share}",
                self.world.supervisor,
                everyone | supervisor - closed,
                closed,
            ),
            Actor("linked supervisor, no share naming it", self.fay, everyone | {"supervisors"}),
            Actor("unlinked supervisor", self.erin, everyone | {"supervisors"}),
            Actor("educator", self.eve, everyone | {"educators"}),
            Actor("anonymous", None, frozenset()),
        ]

    # --- what is asked -------------------------------------------------------------------

    def pages(self) -> Iterator[tuple[str, str, str]]:
        """(name, url, class) for every page, alice's ids filled in."""
        ids = self.world.ids()
        routes = [
            (route, name)
            for route, name in walk_urls()
            if not name.startswith("api:") or name in API_PAGES
        ]
        names = {name for _, name in routes}
        unclassified = names - set(PAGES) - set(NOT_ASKED)
        assert not unclassified, f"put {sorted(unclassified)} in the access matrix"
        assert not set(PAGES) - names, f"{sorted(set(PAGES) - names)} are gone from the URLconf"
        for route, name in routes:
            if name in NOT_ASKED:
                continue
            args = route_args(route)
            unknown = set(args) - ID_ARGS - set(PLAIN_ARGS)
            assert not unknown, f"teach fulcrum.tests.workspace what {sorted(unknown)} name"
            kwargs = {a: ids[a] if a in ID_ARGS else PLAIN_ARGS[a] for a in args}
            yield name, reverse(name, kwargs=kwargs), PAGES[name]

    def operations(self) -> Iterator[tuple[str, str, str, dict[str, Any]]]:
        """(method, url, class, operation) for every API operation, alice's ids filled in."""
        ids = self.world.ids()
        schema = api.get_openapi_schema()
        seen = set()
        for path, item in schema["paths"].items():
            for method, operation in item.items():
                key = f"{method.upper()} {path}"
                seen.add(key)
                assert key in OPERATIONS, f"put {key} in the access matrix"
                url = re.sub(r"{(\w+)}", lambda m: str(ids[m.group(1)]), path)
                yield method, url, OPERATIONS[key], operation
        assert not set(OPERATIONS) - seen, f"{sorted(set(OPERATIONS) - seen)} are gone"

    # --- asking ------------------------------------------------------------------------

    def walk(self, actors: list[Actor]) -> tuple[int, list[str]]:
        tries = 0
        leaks: list[str] = []
        ids = self.world.ids()
        transcript = transcript_csv(TEXTS)
        for actor in actors:
            http = HttpClient()
            if actor.user is not None:
                http.force_login(actor.user)
            for name, url, access in self.pages():
                want = expected(actor, access)
                if want == "ok" and access == "mine":
                    continue  # each account's own page: the privacy walk reads it
                for method in ("get",) if want == "ok" else ("get", "post"):
                    r = getattr(http, method)(url)
                    tries += 1
                    problem = self.judge(r, want, method, page=True)
                    if problem:
                        leaks.append(f"{actor.name}: {method.upper()} {url} ({name}) {problem}")
            headers = (
                {"Authorization": f"Bearer {self.tokens[actor.user.username]}"}
                if actor.user is not None
                else {}
            )
            for method, url, access, operation in self.operations():
                want = expected(actor, access)
                if want == "ok" and (method != "get" or access == "mine"):
                    continue  # asked with GET only, so the walk changes nothing
                body = api_body(operation["operationId"], ids, transcript)
                r = call_operation(HttpClient(), method, url, operation, body, headers)
                tries += 1
                problem = self.judge(r, want, method, page=False)
                if problem:
                    leaks.append(f"{actor.name}: {method.upper()} {url} {problem}")
        return tries, leaks

    def judge(self, r: Any, want: str, method: str, *, page: bool) -> str:
        """What is wrong with ``r`` for the outcome ``want`` ("" when nothing is)."""
        status = r.status_code
        if status >= 500:
            return f"answered {status}"
        if want == "ok":
            return f"answered {status} where it should open" if status in (401, 404, 410) else ""
        if want == "login":
            if not page:
                return "" if status == 401 else f"answered {status}, not 401"
            if status == 405 and method == "post":
                return ""
            login = reverse("login")
            if status != 302 or not r["Location"].startswith(login):
                return f"answered {status}, not a sign-in redirect"
            return ""
        allowed = {int(want)}
        if page and method == "get":
            allowed.add(405)  # a POST-only page refuses the method before looking
        if status not in allowed:
            return f"answered {status}, not {want}"
        if MARKER in body_of(r).decode("utf-8", "replace"):
            return "shows alice's words"
        return ""

    def assert_no_leaks(self, label: str, actors: list[Actor], *, at_least: int) -> None:
        tries, leaks = self.walk(actors)
        for leak in leaks:
            print(f"LEAK {leak}")
        print(f"access matrix, {label}: {tries} tries, {len(leaks)} leaks")
        assert tries >= at_least
        assert not leaks

    # --- the matrix --------------------------------------------------------------------

    def test_every_role_gets_only_what_the_design_gives_it(self) -> None:
        self.assert_no_leaks("share open", self.actors(), at_least=900)

    def test_a_withdrawn_share_answers_the_calm_410_and_nothing_else_opens(self) -> None:
        services.revoke_share(self.world.share, now=NOW)
        self.assert_no_leaks("share withdrawn", self.actors(share="withdrawn")[1:2], at_least=150)

    def test_an_expired_share_answers_the_calm_410_and_nothing_else_opens(self) -> None:
        Share.objects.filter(pk=self.world.share.pk).update(expires_at=NOW - timedelta(minutes=1))
        self.assert_no_leaks("share expired", self.actors(share="expired")[1:2], at_least=150)

    def test_every_class_named_is_one_the_matrix_knows(self) -> None:
        assert set(PAGES.values()) == CLASSES
        assert set(OPERATIONS.values()) <= CLASSES
