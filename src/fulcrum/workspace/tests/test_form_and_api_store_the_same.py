"""The same answers stored through the check-in page and through the API give the same
row, or the same refusal: the service owns the check-in's rules, not either surface."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from unittest import mock

from django.urls import reverse

from fulcrum.api.tests.helpers import ApiTestCase
from fulcrum.checkins.models import CheckIn
from fulcrum.harbour.models import PractisedAction
from fulcrum.harbour.tests.helpers import action, make_plan
from fulcrum.testing import NOW

SESSION = NOW - timedelta(hours=2)
BASE: dict[str, Any] = {"choices_offered": "not_applicable"}

# Each case: answers in a neutral shape, and the field a refusal names (None: stored).
CASES: list[tuple[str, dict[str, Any], str | None]] = [
    ("plain", {}, None),
    ("count without choices", {"choices_offered": "no", "choices_count": 5}, "choices_count"),
    ("count with choices", {"choices_offered": "yes", "choices_count": 3}, None),
    ("zero without choices", {"choices_offered": "no", "choices_count": 0}, None),
    (
        "notes trimmed",
        {
            "note": "  Spoke about fees.  ",
            "client_signals": "  quiet  ",
            "client_signals_noticed": True,
        },
        None,
    ),
    (
        "disclosure answers without a disclosure",
        {
            "disclosure": False,
            "disclosure_served": "practitioner",
            "disclosure_followed": "closer",
            "disclosure_note": "My garden",
        },
        None,
    ),
    (
        "disclosure followed up",
        {
            "disclosure": True,
            "disclosure_served": "practitioner",
            "disclosure_followed": "turned_to_me",
            "disclosure_note": "  My own move  ",
        },
        None,
    ),
    ("disclosure without whose need", {"disclosure": True}, "disclosure_served"),
    ("too far ahead", {"session_at": NOW + timedelta(days=3)}, "session_at"),
    ("note too long", {"note": "x" * 4001}, "note"),
    ("practice", {"practised": [("trust", 1), ("safety", 2)]}, None),
    (
        "signs and states",
        {"indicators": ["friendship_drift"], "practitioner_state": ["tired"]},
        None,
    ),
]


def _form_data(answers: dict[str, Any], practised: list[int]) -> dict[str, Any]:
    data: dict[str, Any] = {
        "session_at": answers["session_at"].strftime("%Y-%m-%dT%H:%M"),
        "choices_offered": answers["choices_offered"],
        "choices_count": answers.get("choices_count", ""),
        "disclosure": "yes" if answers.get("disclosure") else "no",
        "disclosure_served": answers.get("disclosure_served", ""),
        "disclosure_followed": answers.get("disclosure_followed", ""),
        "disclosure_note": answers.get("disclosure_note", ""),
        "client_signals": answers.get("client_signals", ""),
        "note": answers.get("note", ""),
        "indicators": answers.get("indicators", []),
        "practitioner_state": answers.get("practitioner_state", []),
        "harbour_actions": practised,
    }
    if answers.get("client_signals_noticed"):
        data["client_signals_noticed"] = "on"
    return data


def _api_body(answers: dict[str, Any], practised: list[int]) -> dict[str, Any]:
    body = {k: v for k, v in answers.items() if k not in {"session_at", "practised"}}
    body["session_at"] = answers["session_at"].isoformat()
    body["practised_actions"] = practised
    return body


def _stored(checkin: CheckIn) -> dict[str, Any]:
    row = {
        f.attname: getattr(checkin, f.attname)
        for f in CheckIn._meta.concrete_fields
        if f.attname not in {"id", "created_at"}
    }
    row["practised"] = sorted(
        PractisedAction.objects.filter(checkin=checkin).values_list("action__key", flat=True)
    )
    return row


class SameRecordTestCase(ApiTestCase):
    def _practised(self, answers: dict[str, Any]) -> list[int]:
        if not answers.get("practised"):
            return []
        plan = make_plan(self.alice)
        return [action(plan, pillar, n).pk for pillar, n in answers["practised"]]

    def test_it_stores_the_same_row_or_refuses_alike(self) -> None:
        for name, changes, refused_field in CASES:
            with self.subTest(name), mock.patch("django.utils.timezone.now", return_value=NOW):
                answers = {"session_at": SESSION, **BASE, **changes}
                practised = self._practised(answers)
                CheckIn.objects.filter(client=self.alice_client).delete()

                self.login(self.alice)
                page = self.client.post(
                    reverse("checkin_create", args=[self.alice_client.pk]),
                    _form_data(answers, practised),
                )
                from_page = list(CheckIn.objects.filter(client=self.alice_client))
                api = self.call(
                    "POST",
                    f"/api/clients/{self.alice_client.pk}/checkins",
                    _api_body(answers, practised),
                )
                from_api = list(
                    CheckIn.objects.filter(client=self.alice_client).exclude(
                        pk__in=[c.pk for c in from_page]
                    )
                )
                if refused_field is None:
                    assert page.status_code == 302, page.content
                    assert api.status_code == 201, api.content
                    assert _stored(from_page[0]) == _stored(from_api[0])
                else:
                    assert page.status_code == 200
                    assert refused_field in page.context["form"].errors
                    # A rule of the service is a 400 naming the field; a text over the
                    # service's limit is refused by the schema first, a 422 naming it.
                    if api.status_code == 422:
                        assert api.json()["detail"][0]["loc"][-1] == refused_field
                    else:
                        assert api.status_code == 400, api.content
                        assert api.json()["field"] == refused_field
                    assert from_page == from_api == []
