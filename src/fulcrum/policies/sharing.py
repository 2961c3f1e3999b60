"""The supervision report's policies section: each policy's newest published version and
where each chosen client stands with it, by code.

Handed to ``supervision.report`` when Django starts (``PoliciesConfig.ready``). A
policy is the practice's own published document, the words every client reads on a
consent link, not a story about anyone: its words and titles have each alias and the
practitioner's own name replaced by codes (``redact_aliases``) but are not otherwise
de-identified, so a supervisor reads the policy the clients agreed to (decision 0034).
A client's standing is Fulcrum's own words from
``consent_gaps``. Nothing a client typed — their name, a question — is read here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from fulcrum.accounts.models import User
from fulcrum.clients.models import Client
from fulcrum.core.report import ConsentStanding, PolicyItem, redact_aliases
from fulcrum.policies.access import published_versions_for_user
from fulcrum.policies.consent import consent_gaps
from fulcrum.policies.models import PolicyVersion

AGREED = "agreed to the current words"


def policy_items(
    owner: User, clients: Sequence[Client], aliases: Mapping[str, str]
) -> tuple[PolicyItem, ...]:
    """The policies section for ``owner``'s chosen ``clients``."""
    newest: dict[int, PolicyVersion] = {}
    for version in published_versions_for_user(owner).order_by("number"):
        newest[version.policy_id] = version
    gaps = consent_gaps(owner, [c.pk for c in clients])
    items = []
    for version in sorted(newest.values(), key=lambda v: v.policy.kind):
        standing = []
        for client in sorted(clients, key=lambda c: c.code):
            gap = next((g for g in gaps.get(client.pk, []) if g.kind == version.policy.kind), None)
            state = AGREED if gap is None else gap.state_label
            if gap is not None and gap.state == "reconsent":
                state = f"{state} (agreed to version {gap.agreed_number})"
            standing.append(ConsentStanding(client.code, state, gap is None))
        items.append(
            PolicyItem(
                kind=version.policy.get_kind_display(),
                title=redact_aliases(version.title, aliases),
                number=version.number or 0,
                sha256=version.sha256,
                change=version.get_change_display(),
                effective_on=version.effective_on or version.created_at.date(),
                text=redact_aliases(version.text, aliases),
                clients=tuple(standing),
            )
        )
    return tuple(items)
