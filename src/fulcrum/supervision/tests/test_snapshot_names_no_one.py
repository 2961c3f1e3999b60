"""A shared snapshot never holds a client's alias, a part of one, or the practitioner's
own name: not in its stored values, not on the supervisor's page."""

from __future__ import annotations

from django.urls import reverse

from fulcrum.supervision.tests.helpers import linked, make_supervisor, share_for
from fulcrum.testing import BaseTestCase
from fulcrum.tests.workspace import Texts, build_workspace

ALIAS = "Cash Jolyon"
FIRST, LAST = "Thessaly", "Quorn"
# Every free-text field names the whole alias, each part alone, and the practitioner.
SAID = f"{ALIAS} and Jolyon and Cash spoke with {FIRST} {LAST}; {FIRST} alone too."
TEXTS = Texts(**{k: SAID for k in Texts.__dataclass_fields__} | {"code": "ZQ-9", "alias": ALIAS})
NAMES = (ALIAS, "Jolyon", "Cash", FIRST, LAST)


class SnapshotNamesNoOneTestCase(BaseTestCase):
    def test_it_leaves_every_name_out_of_the_snapshot_and_its_page(self) -> None:
        self.alice.first_name, self.alice.last_name = FIRST, LAST
        self.alice.save()
        workspace = build_workspace(self.alice, TEXTS)
        dana = make_supervisor()
        share = share_for(
            self.alice,
            linked(self.alice, dana),
            workspace.client,
            entry_ids=frozenset({workspace.entry.pk}),
            notes=frozenset({"checkin", "disclosure", "map", "client_comment"}),
            policies=True,
        )
        stored = str(share.snapshot)
        assert "ZQ-9" in stored
        assert workspace.policy_version.sha256 in stored  # the policies went in, redacted
        self.login(dana)
        page = self.client.get(reverse("supervisor_share", args=[share.pk])).content.decode()
        found = {
            (where, name)
            for where, text in (("snapshot", stored), ("page", page))
            for name in NAMES
            if name in text
        }
        print(f"snapshot leak check: {len(NAMES) * 2} names checked, {len(found)} found")
        assert not found, f"names in the shared snapshot: {sorted(found)}"
