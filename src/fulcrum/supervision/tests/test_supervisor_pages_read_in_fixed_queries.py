"""The supervisor's home and a share page cost the same number of queries with one
supervisee and one share as with several of each."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from fulcrum.accounts.models import User
from fulcrum.supervision.models import Share
from fulcrum.supervision.services import add_comment
from fulcrum.supervision.tests.helpers import linked, make_supervisor, share_for
from fulcrum.testing import NOW, BaseTestCase, make_user
from fulcrum.tests.workspace import Texts, build_workspace


def grow(supervisor: User, supervisees: int, shares: int) -> Share:
    made = None
    for n in range(supervisees):
        owner = make_user(f"{supervisor.username}-sv{n}")
        workspace = build_workspace(
            owner, Texts(**{k: f"{k} {n}" for k in Texts.__dataclass_fields__})
        )
        link = linked(owner, supervisor)
        for _ in range(shares):
            made = share_for(owner, link, workspace.client, notes=frozenset({"checkin"}))
            comment = add_comment(made, supervisor, "What stood out?", section="general", now=NOW)
            add_comment(made, owner, "The timing.", reply_to=comment, now=NOW)
    assert made is not None
    return made


class SupervisorPagesReadInFixedQueriesTestCase(BaseTestCase):
    def counts(self, supervisor: User, share: Share) -> dict[str, int]:
        self.login(supervisor)
        out = {}
        for name, url in {
            "home": reverse("supervisor_home"),
            "share": reverse("supervisor_share", args=[share.pk]),
        }.items():
            with CaptureQueriesContext(connection) as captured:
                assert self.client.get(url).status_code == 200
            out[name] = len(captured)
        return out

    def test_it_reads_each_page_in_as_many_queries_for_more_supervisees(self) -> None:
        small_sv, large_sv = make_supervisor("small"), make_supervisor("large")
        small = self.counts(small_sv, grow(small_sv, 1, 1))
        large = self.counts(large_sv, grow(large_sv, 3, 2))
        assert small == large, f"queries grew (small, large): {small} {large}"
