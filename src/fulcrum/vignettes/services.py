"""State changes for vignettes. The contribution pages, the educator's pages, the demo
and the tests all call these.

Nothing here takes a request: no address, browser, referrer or language can reach a
row. A contribution is stored with the week it arrived (its Monday), the codename's
slow hash and the text the contributor reviewed. Lookups by codename are counted
against a keyed hash of the visitor's address through client-voice's failed-lookup
limit (the same 10 tries in 15 minutes), with the day folded into the key so the count
cannot be joined across days. See docs/vignette-threat-model.md and decision 0018.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Literal

from django.db import transaction

from fulcrum.accounts.models import User
from fulcrum.clients.access import clients_for_user
from fulcrum.clientvoice.services import is_limited, record_failure, source_key
from fulcrum.core.catalogue import load_catalogue
from fulcrum.core.deid import Deidentified, KnownEntity, deidentify
from fulcrum.core.errors import FulcrumError, InvalidInput
from fulcrum.core.fieldrules import nul_problem
from fulcrum.vignettes.codenames import hash_codename, looks_like_codename, new_codename
from fulcrum.vignettes.models import Direction, Disguise, Licence, Use, Vignette

TEXT_MAX = 20_000
TITLE_MAX = 200
NOTES_MAX = 10_000
REASON_MAX = 2_000


class CodenameRefused(FulcrumError):
    """No vignette answers to that codename, or too many tries came from here."""

    def __init__(self, reason: Literal["unknown", "limited"]) -> None:
        self.reason = reason
        super().__init__(reason)


def week_of(now: datetime) -> date:
    """The Monday of ``now``'s week: all the time a contribution keeps."""
    day = now.date()
    return day - timedelta(days=day.weekday())


def _text(value: str, *, limit: int, what: str, required: bool = False) -> str:
    value = value.strip()
    problem = nul_problem(value)
    if problem:
        raise InvalidInput(problem)
    if required and not value:
        raise InvalidInput(f"Please write the {what} first.")
    if len(value) > limit:
        raise InvalidInput(f"Please keep the {what} under {limit:,} characters.")
    return value


# --- reviewing before anything is sent -------------------------------------------------


def review(text: str, known: Sequence[KnownEntity] = ()) -> Deidentified:
    """Run the de-identifier over ``text``: the workspace's known names first, then the rest."""
    return deidentify(_text(text, limit=TEXT_MAX, what="vignette", required=True), known)


def known_entities_for(owner: User) -> list[KnownEntity]:
    """What the workspace knows identifies someone: every client's alias (a consistent
    stand-in such as "Client A", never the client's code) and code, and the
    practitioner's own names."""
    known: list[KnownEntity] = []
    for alias, code in clients_for_user(owner, include_archived=True).values_list("alias", "code"):
        if alias.strip():
            known.append(KnownEntity(alias.strip(), "PERSON"))
        known.append(KnownEntity(code, "CODE"))
    for name in (owner.get_full_name(), owner.username):
        if len(name.strip()) >= 3:
            known.append(KnownEntity(name.strip(), "PERSON", "the practitioner"))
    return known


# --- the contributor's side ------------------------------------------------------------


@transaction.atomic(durable=True)
def submit_vignette(
    text: str, *, disguise: str, licence: str, now: datetime
) -> tuple[Vignette, str]:
    """Store the reviewed ``text``; return the row and its codename (shown once, never kept)."""
    text = _text(text, limit=TEXT_MAX, what="vignette", required=True)
    if disguise not in Disguise.values:
        raise InvalidInput("Please choose how the people in it are disguised.")
    if licence not in Licence.values:
        raise InvalidInput("Please choose a licence for the published text.")
    codename = new_codename()
    vignette = Vignette.objects.create(
        codename_hash=hash_codename(codename),
        received_week=week_of(now),
        text=text,
        disguise=disguise,
        licence=licence,
    )
    return vignette, codename


def _source(address: str, now: datetime) -> str:
    # The day in the key: the same address counts as a new source tomorrow.
    return source_key(f"vignettes {now:%Y-%m-%d} {address}")


def find_by_codename(codename: str, *, address: str, now: datetime) -> Vignette:
    """The vignette ``codename`` names; CodenameRefused after too many wrong tries."""
    source = _source(address, now)
    if is_limited(source, now=now):
        raise CodenameRefused("limited")
    found = None
    if len(codename) <= 200 and looks_like_codename(codename):
        found = Vignette.objects.filter(codename_hash=hash_codename(codename)).first()
    if found is None:
        with transaction.atomic():
            record_failure(source, now=now)
        raise CodenameRefused("unknown")
    return found


@transaction.atomic(durable=True)
def withdraw_vignette(vignette: Vignette) -> Vignette:
    """Take the vignette back: out of the queue or the library, its text gone for good."""
    Vignette.objects.filter(pk=vignette.pk).update(
        status=Vignette.Status.WITHDRAWN,
        text="",
        title="",
        published_text="",
        teaching_notes="",
        questions="",
        decline_reason="",
        history=[],
        published_on=None,
    )
    vignette.refresh_from_db()
    return vignette


# --- the educator's side ---------------------------------------------------------------


@dataclass(frozen=True)
class Edit:
    """What an educator publishes: the edited text and how it is taught."""

    title: str
    text: str
    teaching_notes: str = ""
    questions: str = ""
    kinds: tuple[str, ...] = ()
    direction: str = ""
    use: str = ""


def _open(vignette: Vignette) -> None:
    if vignette.status != Vignette.Status.WAITING:
        raise InvalidInput("That vignette is no longer waiting; nothing was changed.")


@transaction.atomic(durable=True)
def publish_vignette(vignette: Vignette, edit: Edit, *, now: datetime) -> Vignette:
    """Put the educator's edit of a waiting vignette in the library."""
    vignette = Vignette.objects.select_for_update().get(pk=vignette.pk)
    _open(vignette)
    known_kinds = {k.id for k in load_catalogue().kinds}
    unknown = sorted(set(edit.kinds) - known_kinds)
    if unknown:
        raise InvalidInput(f"Fulcrum has no kind of power called {unknown[0]!r}.")
    if edit.direction not in ("", *Direction.values):
        raise InvalidInput("Please choose a direction from the list.")
    if edit.use not in ("", *Use.values):
        raise InvalidInput("Please choose over-use, under-use or skilful use from the list.")
    vignette.title = _text(edit.title, limit=TITLE_MAX, what="title", required=True)
    text = _text(edit.text, limit=TEXT_MAX, what="vignette", required=True)
    if text != vignette.text:
        vignette.history = [*vignette.history, {"on": now.date().isoformat(), "text": text}]
    vignette.published_text = text
    vignette.teaching_notes = _text(edit.teaching_notes, limit=NOTES_MAX, what="teaching notes")
    vignette.questions = _text(edit.questions, limit=NOTES_MAX, what="discussion questions")
    vignette.kinds = sorted(set(edit.kinds))
    vignette.direction = edit.direction
    vignette.use = edit.use
    vignette.status = Vignette.Status.PUBLISHED
    vignette.published_on = week_of(now)
    vignette.save()
    return vignette


@transaction.atomic(durable=True)
def decline_vignette(vignette: Vignette, reason: str, *, now: datetime) -> Vignette:
    """Decline a waiting vignette with a reason its contributor reads by codename."""
    vignette = Vignette.objects.select_for_update().get(pk=vignette.pk)
    _open(vignette)
    vignette.decline_reason = _text(reason, limit=REASON_MAX, what="reason", required=True)
    vignette.status = Vignette.Status.DECLINED
    vignette.save(update_fields=["decline_reason", "status"])
    return vignette


def kind_labels(ids: Iterable[str]) -> list[str]:
    """The catalogue's labels for kinds of power, in the order given."""
    labels = {k.id: k.label for k in load_catalogue().kinds}
    return [labels.get(i, i) for i in ids]
