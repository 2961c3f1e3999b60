"""No page or endpoint shows one practitioner anything of another's workspace.

alice gets a full workspace built through the services; bob, signed in (or holding his
own API token), then asks for every route in the URL map and every operation of the
JSON API with alice's ids filled in. Routes that take ids must answer 404; routes
without ids must not contain any of alice's identifying strings. The walk covers routes
added later without anyone remembering to list them: an argument name the test does not
know fails it, so the new route's ids get a place in ``fulcrum.tests.workspace``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from django.test import Client as HttpClient
from django.urls import reverse

from fulcrum.accounts.models import ApiToken
from fulcrum.accounts.services import issue_api_token
from fulcrum.api.api import api
from fulcrum.checkins.models import CheckIn, DriftWarning
from fulcrum.clients.models import Client
from fulcrum.clientvoice.models import VoiceAnswer, VoiceLink
from fulcrum.harbour.models import HarbourAction, HarbourPlan, PractisedAction
from fulcrum.incidents.models import Incident
from fulcrum.ledger.models import Entry
from fulcrum.policies.models import ConsentEvent, ConsentLink
from fulcrum.powermaps.models import PowerMap
from fulcrum.reflection.models import JournalEntry
from fulcrum.supervision.models import (
    Comment,
    HoursDecision,
    HoursEntry,
    Share,
    SupervisionFeedback,
    SupervisionLink,
)
from fulcrum.testing import NOW, BaseTestCase
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
    unknown_args,
    walk_urls,
)
from fulcrum.transcripts.models import Transcript, Utterance

# Everything below identifies alice's client or is text only she wrote or heard.
TEXTS = Texts(
    code="ZQ-731",
    alias="Quillonby",
    map_note="Marigoldtower map note",
    checkin_note="Petrichorvale session note",
    disclosure_note="Saffronmere disclosure",
    signals="Corvidlantern signals",
    journal="Juniperwhistle reflection",
    plan_text="Obsidianferry harbour action",
    plan_note="Cardamomreach plan note",
    comment="Heliotropesong client comment",
    token_name="Tamarindgate token",
    practitioner="Thessaly Quorn",
    speaker="Brannoch Vell",
    spoken="Lanternmoss",
    filename="marzipanfjord",
    learner_name="Wrenfallow Ostrane",
)
# bob's own transcript, for uploads under alice's ids.
BOB_TEXTS = Texts(**{k: f"bob {k}" for k in TEXTS.all()})
# Routes left out of the walk, and why.
SKIPPED = {
    "login": "the way in: nothing of anyone's",
    "signup": "the way in: nothing of anyone's",
    "login_code": "the second step of the way in: a code, nothing of anyone's",
    "password_reset": "the way back in: a one-time code, nothing of anyone's",
    "logout": "would sign bob out of the walk",
    "voice_answer": "the client's link: the token is the guard (checked on its own below)",
    "consent_answer": "the client's consent link: the token is the guard (checked below)",
    "consent_receipt": "the client's receipt through a used consent link: the token is the guard",
    "library_vignette": "a published vignette is for every account (vignettes/tests cover it)",
    "course_verify": "a certificate's public check: the code is the guard (course/tests cover it)",
}


# Operations without ids in their path that bob cannot use, and why.
REFUSED_TO_BOB = {
    "accept_invitation": "only an account holding the supervisor role accepts",
    "list_open_shares": "only an account holding the supervisor role has shares open to it",
    "create_share": "its body names alice's link, client and journal entry",
}


def _refused_to_bob(operation_id: str) -> bool:
    return any(operation_id.endswith(f"_{name}") for name in REFUSED_TO_BOB)


def _fill(path: str, values: dict[str, int]) -> str:
    """An OpenAPI path with its {parameters} filled in."""
    return re.sub(r"{(\w+)}", lambda m: str(values[m.group(1)]), path)


class EveryPageIsPrivateTestCase(BaseTestCase):
    alice_workspace: Workspace
    bob_token: str

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.alice_workspace = build_workspace(cls.alice, TEXTS)
        cls.bob_token = issue_api_token(cls.bob, name="bob's script", now=NOW).raw

    # --- what alice has -------------------------------------------------------------

    def alice_ids(self) -> dict[str, int]:
        return self.alice_workspace.ids()

    def secrets(self) -> list[str]:
        return [self.alice_client.code, *TEXTS.all().values()]

    def assert_nothing_of_alice(self, response: Any, where: str) -> None:
        text = body_of(response).decode("utf-8", "replace")
        for secret in self.secrets():
            assert secret not in text, f"{where} shows alice's {secret!r}"

    def snapshot(self) -> dict[str, Any]:
        """Everything of alice's, to prove bob's requests changed none of it."""
        alice = self.alice

        def rows(qs: Any) -> list[tuple[Any, ...]]:
            return [tuple(sorted(r.items())) for r in qs.order_by("pk").values()]

        return {
            "clients": rows(Client.objects.filter(owner=alice)),
            "maps": rows(PowerMap.objects.filter(client__owner=alice)),
            "checkins": rows(CheckIn.objects.filter(client__owner=alice)),
            "warnings": rows(DriftWarning.objects.filter(client__owner=alice)),
            "transcripts": rows(Transcript.objects.filter(client__owner=alice)),
            "utterances": Utterance.objects.filter(transcript__client__owner=alice).count(),
            "journal": rows(JournalEntry.objects.filter(owner=alice)),
            "plans": rows(HarbourPlan.objects.filter(owner=alice)),
            "actions": rows(HarbourAction.objects.filter(plan__owner=alice)),
            "practice": rows(PractisedAction.objects.filter(checkin__client__owner=alice)),
            "links": rows(VoiceLink.objects.filter(client__owner=alice)),
            "answers": rows(VoiceAnswer.objects.filter(checkin__client__owner=alice)),
            "consent links": rows(ConsentLink.objects.filter(client__owner=alice)),
            "consent": rows(ConsentEvent.objects.filter(client__owner=alice)),
            "tokens": sorted(ApiToken.objects.filter(user=alice).values_list("pk", "name")),
            "incidents": rows(Incident.objects.filter(owner=alice)),
            "supervision": rows(SupervisionLink.objects.filter(supervisee=alice)),
            "shares": rows(Share.objects.filter(link__supervisee=alice)),
            "comments": rows(Comment.objects.filter(share__link__supervisee=alice)),
            "hours": rows(HoursEntry.objects.filter(link__supervisee=alice)),
            "hour decisions": rows(HoursDecision.objects.filter(entry__link__supervisee=alice)),
            "feedback": rows(SupervisionFeedback.objects.filter(entry__link__supervisee=alice)),
            "ledger": sorted(
                Entry.objects.filter(stream__owner=alice).values_list("pk", "sequence")
            ),
        }

    def assert_bob_links_nothing_of_alice(self) -> None:
        bob, alice = self.bob, self.alice
        assert not JournalEntry.objects.filter(owner=bob, client__owner=alice).exists()
        assert not JournalEntry.objects.filter(owner=bob, checkin__client__owner=alice).exists()
        assert not JournalEntry.objects.filter(owner=bob, warning__client__owner=alice).exists()
        assert not PractisedAction.objects.filter(
            checkin__client__owner=bob, action__plan__owner=alice
        ).exists()
        assert not Transcript.objects.filter(
            client__owner=bob, checkin__client__owner=alice
        ).exists()
        assert not Incident.objects.filter(owner=bob, client__owner=alice).exists()
        assert not ConsentLink.objects.filter(
            client__owner=bob, versions__policy__owner=alice
        ).exists()
        assert not ConsentEvent.objects.filter(
            client__owner=bob, version__policy__owner=alice
        ).exists()
        assert not Incident.objects.filter(owner=bob, original__owner=alice).exists()

    # --- the pages --------------------------------------------------------------------

    def page_routes(self) -> list[tuple[str, str]]:
        routes = [
            (route, name)
            for route, name in walk_urls()
            if name not in SKIPPED and (not name.startswith("api:") or name in API_PAGES)
        ]
        unknown = unknown_args(routes)
        assert not unknown, f"teach this test what {sorted(unknown)} name and whose they are"
        return routes

    def form_data(self) -> dict[str, Any]:
        ids = self.alice_ids()
        return {
            "client": ids["client_id"],
            "checkin": ids["checkin_id"],
            "checkin_id": ids["checkin_id"],
            "warning": ids["warning_id"],
            "transcript": ids["transcript_id"],
            "clients": ids["client_id"],
            "entries": ids["entry_id"],
            "harbour_actions": [a.pk for a in HarbourAction.objects.filter(plan__owner=self.alice)],
            "body": "bob's own words",
            "speaker": TEXTS.practitioner,
            "since": "2026-01-01",
            "until": "2026-12-31",
        }

    def test_it_walks_every_page(self) -> None:
        names = {name for _, name in self.page_routes()}
        assert {"client_detail", "journal_detail", "voice_link", "harbour_version"} <= names
        assert "api:openapi-json" in names

    def test_it_answers_404_to_bob_for_every_page_of_alice_records(self) -> None:
        before = self.snapshot()
        self.login(self.bob)
        ids = self.alice_ids()
        checked = 0
        for route, name in self.page_routes():
            args = route_args(route)
            record_args = [a for a in args if a in ID_ARGS]
            if not record_args:
                continue
            variants = [{a: ids[a] for a in record_args}]
            if "client_id" in record_args and len(record_args) > 1:
                # bob's own client with alice's records under it
                variants.append({**variants[0], "client_id": self.bob_client.pk})
            for kwargs in variants:
                url = reverse(
                    name, kwargs={**kwargs, **{a: PLAIN_ARGS[a] for a in args if a in PLAIN_ARGS}}
                )
                with self.subTest(name=name, url=url):
                    post = self.client.post(url, self.form_data())
                    assert post.status_code == 404, f"POST {url} answered {post.status_code}"
                    get = self.client.get(url, self.form_data())
                    # require_POST routes may refuse the method before looking anything up
                    assert get.status_code in (404, 405), f"GET {url} answered {get.status_code}"
                    self.assert_nothing_of_alice(get, url)
                    self.assert_nothing_of_alice(post, url)
                checked += 1
        assert checked >= 25
        assert self.snapshot() == before
        self.assert_bob_links_nothing_of_alice()

    def test_it_shows_bob_nothing_of_alice_on_pages_without_ids(self) -> None:
        before = self.snapshot()
        self.login(self.bob)
        checked = 0
        for route, name in self.page_routes():
            args = route_args(route)
            if any(a in ID_ARGS for a in args):
                continue
            url = reverse(name, kwargs={a: PLAIN_ARGS[a] for a in args})
            with self.subTest(name=name, url=url):
                plain = self.client.get(url)
                # 400: a report asked for without choices; 404: the API's bare root
                assert plain.status_code in (200, 302, 400, 404), f"GET {url}: {plain.status_code}"
                # The same page asked about alice's records by query string and by form.
                asked = self.client.get(url, self.form_data())
                posted = self.client.post(url, self.form_data())
                assert asked.status_code in (200, 302, 400, 404), f"GET {url}?… {asked.status_code}"
                assert posted.status_code in (200, 302, 400, 404, 405), (
                    f"POST {url} answered {posted.status_code}"
                )
                for response in (plain, asked, posted):
                    self.assert_nothing_of_alice(response, url)
                    if response.status_code == 302:
                        followed = self.client.get(response["Location"])
                        self.assert_nothing_of_alice(followed, response["Location"])
            checked += 1
        assert checked >= 15
        assert self.snapshot() == before
        self.assert_bob_links_nothing_of_alice()

    def test_it_shows_nothing_of_the_practitioner_on_the_clients_link(self) -> None:
        url = reverse("voice_answer", args=[self.alice_workspace.open_token])
        for visitor in (HttpClient(), self.client):
            r = visitor.get(url)
            assert r.status_code == 200
            self.assert_nothing_of_alice(r, url)
            assert b"alice" not in r.content.lower()
        self.login(self.bob)
        r = self.client.get(url)
        self.assert_nothing_of_alice(r, url)

    def test_it_shows_only_the_policy_on_the_clients_consent_link(self) -> None:
        url = reverse("consent_answer", args=[self.alice_workspace.consent_token])
        for visitor in (HttpClient(), self.client):
            r = visitor.get(url)
            assert r.status_code == 200
            body = r.content.decode()
            for text in (TEXTS.code, TEXTS.alias, TEXTS.checkin_note, TEXTS.signals):
                assert text not in body, url
            assert "alice" not in body.lower()

    # --- the JSON API -----------------------------------------------------------------

    def api_operations(self) -> Iterator[tuple[str, str, dict[str, Any]]]:
        schema = api.get_openapi_schema()
        for path, operations in schema["paths"].items():
            for method, operation in operations.items():
                yield path, method, operation

    def call_api(
        self, method: str, url: str, operation: dict[str, Any], ids: dict[str, int]
    ) -> Any:
        return call_operation(
            self.client,
            method,
            url,
            operation,
            api_body(operation["operationId"], ids, transcript_csv(BOB_TEXTS)),
            {"Authorization": f"Bearer {self.bob_token}"},
        )

    def test_it_answers_404_to_bobs_token_for_every_api_operation_on_alice_records(self) -> None:
        before = self.snapshot()
        ids = self.alice_ids()
        checked = 0
        for path, method, operation in self.api_operations():
            params = re.findall(r"{(\w+)}", path)
            unknown = set(params) - ID_ARGS
            assert not unknown, f"teach this test what {sorted(unknown)} name in {path}"
            if not params:
                continue
            variants = [{p: ids[p] for p in params}]
            if "client_id" in params:
                variants.append({**variants[0], "client_id": self.bob_client.pk})
                if len(params) == 1:
                    variants.pop()  # bob's own client is his to see
            for values in variants:
                url = _fill(path, values)
                with self.subTest(method=method, url=url):
                    r = self.call_api(method, url, operation, ids)
                    assert r.status_code == 404, f"{method.upper()} {url} answered {r.status_code}"
                    self.assert_nothing_of_alice(r, f"{method.upper()} {url}")
                checked += 1
        assert checked >= 20
        assert self.snapshot() == before
        self.assert_bob_links_nothing_of_alice()

    def test_it_lists_nothing_of_alice_to_bobs_token(self) -> None:
        before = self.snapshot()
        ids = self.alice_ids()
        checked = 0
        for path, method, operation in self.api_operations():
            if "{" in path:
                continue
            expected = (404,) if _refused_to_bob(operation["operationId"]) else (200, 201)
            with self.subTest(method=method, path=path):
                r = self.call_api(method, path, operation, ids)
                assert r.status_code in expected, (
                    f"{method.upper()} {path} answered {r.status_code}"
                )
                self.assert_nothing_of_alice(r, f"{method.upper()} {path}")
            checked += 1
        # bob's own client: its lists must hold nothing of alice's either
        for path, method, operation in self.api_operations():
            if method != "get" or re.findall(r"{(\w+)}", path) != ["client_id"]:
                continue
            url = path.replace("{client_id}", str(self.bob_client.pk))
            with self.subTest(method=method, url=url):
                r = self.call_api(method, url, operation, ids)
                assert r.status_code == 200, f"GET {url} answered {r.status_code}"
                self.assert_nothing_of_alice(r, f"GET {url}")
            checked += 1
        assert checked >= 6
        assert self.snapshot() == before
