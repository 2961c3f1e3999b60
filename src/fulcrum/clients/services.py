"""State changes for clients. Views, API, commands and tests all call these."""

from __future__ import annotations

from datetime import date, datetime

from django.db import transaction
from django.db.models import ProtectedError

from fulcrum.accounts.models import User
from fulcrum.clients.models import Client
from fulcrum.core.errors import InvalidInput
from fulcrum.core.fieldrules import code_problem as _code_problem
from fulcrum.core.fieldrules import nul_problem
from fulcrum.core.history import snapshot
from fulcrum.history.services import CLIENT, record_deletion

CODE_MAX = 40
ALIAS_MAX = 80


def code_problem(code: str) -> str | None:
    """Why ``code`` cannot be a client's code, in a sentence; None when it can.

    The one rule for codes: the form and the API's schema both ask it, and the services
    below enforce it, so no door accepts a code another refuses.
    """
    code = code.strip()
    if not code:
        return "A client needs a code."
    if len(code) > CODE_MAX:
        return f"A client code can be at most {CODE_MAX} characters."
    return _code_problem(code)


def _checked(code: str, alias: str) -> tuple[str, str]:
    problem = code_problem(code)
    if problem:
        raise InvalidInput(problem)
    alias = alias.strip()
    if len(alias) > ALIAS_MAX:
        raise InvalidInput(f"An alias can be at most {ALIAS_MAX} characters.")
    problem = nul_problem(alias)
    if problem:
        raise InvalidInput(problem)
    return code.strip(), alias


@transaction.atomic(durable=True)
def create_client(
    owner: User,
    *,
    code: str,
    started_on: date,
    now: datetime,
    alias: str = "",
    modality: str = Client.Modality.TALK,
    status: str = Client.Status.ACTIVE,
) -> Client:
    """Add a client to ``owner``'s workspace; codes are unique within a workspace."""
    code, alias = _checked(code, alias)
    if Client.objects.filter(owner=owner, code=code).exists():
        raise InvalidInput(f"You already have a client with the code {code!r}.")
    return Client.objects.create(
        owner=owner,
        code=code,
        alias=alias,
        modality=modality,
        started_on=started_on,
        status=status,
        created_at=now,
    )


@transaction.atomic(durable=True)
def update_client(
    client: Client, *, code: str, alias: str, modality: str, started_on: date, status: str
) -> Client:
    """Change a client's details."""
    code, alias = _checked(code, alias)
    if Client.objects.filter(owner=client.owner, code=code).exclude(pk=client.pk).exists():
        raise InvalidInput(f"You already have a client with the code {code!r}.")
    client.code, client.alias, client.modality = code, alias, modality
    client.started_on, client.status = started_on, status
    client.save()
    return client


@transaction.atomic(durable=True)
def archive_client(client: Client, *, now: datetime) -> Client:
    """Move a client out of the caseload without losing their record."""
    client.archived_at = now
    client.save(update_fields=["archived_at"])
    return client


@transaction.atomic(durable=True)
def restore_client(client: Client) -> Client:
    """Bring an archived client back into the caseload."""
    client.archived_at = None
    client.save(update_fields=["archived_at"])
    return client


KEPT_CLIENT = (
    "This client has a policy record kept as proof (an answer about a policy, or what was "
    "done when one applied), so the client cannot be deleted; archive them instead."
)


@transaction.atomic(durable=True)
def delete_client(client: Client, *, now: datetime) -> None:
    """Delete a client and everything recorded about them, their records' history with
    them; a tombstone in the ledger says a client was deleted, and when."""
    held = snapshot(
        {
            "code": client.code,
            "alias": client.alias,
            "modality": client.modality,
            "started_on": client.started_on.isoformat(),
            "status": client.status,
        }
    )
    owner, pk = client.owner, client.pk
    try:
        client.delete()
    except ProtectedError:
        raise InvalidInput(KEPT_CLIENT) from None
    record_deletion(owner, subject=CLIENT, subject_id=pk, held=held, now=now)
