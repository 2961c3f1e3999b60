"""An API test case: the test cast with a personal token each, and JSON request helpers."""

from __future__ import annotations

import json
from typing import Any

from django.test.client import Client as HttpClient

from fulcrum.accounts.models import User
from fulcrum.accounts.services import issue_api_token
from fulcrum.checkins.models import CheckIn
from fulcrum.clients.models import Client
from fulcrum.testing import NOW, BaseTestCase, make_checkin


class ApiTestCase(BaseTestCase):
    tokens: dict[str, str]

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.tokens = {
            user.username: issue_api_token(user, name="tests", now=NOW).raw
            for user in (cls.alice, cls.bob, cls.charlie)
        }

    def call(
        self,
        method: str,
        path: str,
        body: Any = None,
        *,
        user: User | None = None,
        token: str | None = None,
        http: HttpClient | None = None,
    ) -> Any:
        """Send one request as ``user`` (alice by default) with their bearer token."""
        raw = token if token is not None else self.tokens[(user or self.alice).username]
        headers = {"Authorization": f"Bearer {raw}"} if raw else {}
        client = http or self.client
        send = getattr(client, method.lower())
        if body is None:
            return send(path, headers=headers)
        return send(path, json.dumps(body), content_type="application/json", headers=headers)


def make_drifting_history(client: Client) -> list[CheckIn]:
    """Eight ordinary sessions, then six without choices and starting late: warnings follow."""
    checkins = []
    for i in range(14):
        drifting = i >= 8
        checkins.append(
            make_checkin(
                client,
                days_ago=14 - i,
                choices_offered="no" if drifting else "yes",
                started_on_time=not drifting,
            )
        )
    return checkins
