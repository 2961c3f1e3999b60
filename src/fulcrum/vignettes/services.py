"""State changes for vignettes. The contribution pages, the educator's pages, the demo
and the tests all call these.

Nothing here takes a request: no address, browser, referrer or language can reach a
row. A contribution is stored with the week it arrived (its Monday), the codename's
slow hash and the text the contributor reviewed. Lookups by codename are counted
against a keyed hash of the visitor's address through client-voice's failed-lookup
limit (the same 10 tries in 15 minutes), with the day folded into the key so the count
cannot be joined across days.

After arrival: an educator asks questions and the contributor replies by codename
(messages keep the week only); every educator edit of the title or text is kept as a
version; the contributor approves the latest version by codename; only then may an
educator publish, and the vignette appears in the library after a random delay of one
to seven days. The contributor can withdraw it at any time. See
docs/vignette-threat-model.md and decisions 0018 and 0024.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Literal

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone

from fulcrum.accounts.models import User
from fulcrum.clients.access import clients_for_user
from fulcrum.clientvoice.services import is_limited, record_failure, source_key
from fulcrum.core.catalogue import load_catalogue
from fulcrum.core.deid import Deidentified, KnownEntity, deidentify
from fulcrum.core.errors import FulcrumError, InvalidInput
from fulcrum.core.fieldrules import nul_problem
from fulcrum.core.policies import DiffPart, word_diff
from fulcrum.vignettes.codenames import hash_codename, looks_like_codename, new_codename
from fulcrum.vignettes.models import (
    Direction,
    Disguise,
    Licence,
    Message,
    Modality,
    Pin,
    Use,
    Vignette,
)

TEXT_MAX = 20_000
TITLE_MAX = 200
NOTES_MAX = 10_000
REASON_MAX = 2_000
MESSAGE_MAX = 4_000
DELAY_MIN = timedelta(days=1)
DELAY_MAX = timedelta(days=7)


class CodenameRefused(FulcrumError):
    """No vignette answers to that codename, or too many tries came from here."""

    def __init__(self, reason: Literal["unknown", "limited"]) -> None:
        self.reason = reason
        super().__init__(reason)


class AlreadySent(FulcrumError):
    """The review page's Send form that sent this text was sent before."""


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
    text: str, *, disguise: str, licence: str, once: str = "", now: datetime
) -> tuple[Vignette, str]:
    """Store the reviewed ``text``; return the row and its codename (shown once, never kept).

    ``once`` is the random token of the form that sent it: the same form sent again
    raises ``AlreadySent`` and stores nothing more.
    """
    text = _text(text, limit=TEXT_MAX, what="vignette", required=True)
    if disguise not in Disguise.values:
        raise InvalidInput("Please choose how the people in it are disguised.")
    if licence not in Licence.values:
        raise InvalidInput("Please choose a licence for the published text.")
    sent_form = hashlib.sha256(once.encode()).hexdigest() if once else ""
    if sent_form and Vignette.objects.filter(sent_form=sent_form).exists():
        raise AlreadySent
    codename = new_codename()
    try:
        with transaction.atomic():
            vignette = Vignette.objects.create(
                codename_hash=hash_codename(codename),
                sent_form=sent_form,
                received_week=week_of(now),
                text=text,
                disguise=disguise,
                licence=licence,
            )
    except IntegrityError:
        if sent_form and Vignette.objects.filter(sent_form=sent_form).exists():
            raise AlreadySent from None  # the same form, sent twice at once
        raise
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
    """Take the vignette back, before or after publication: out of the queue, the library
    and every course module, its text, versions and messages gone for good."""
    Vignette.objects.filter(pk=vignette.pk).update(
        status=Vignette.Status.WITHDRAWN,
        text="",
        title="",
        published_text="",
        teaching_notes="",
        questions="",
        decline_reason="",
        history=[],
        approved_version=0,
        published_on=None,
        appears_at=None,
    )
    Message.objects.filter(vignette_id=vignette.pk).delete()
    Pin.objects.filter(vignette_id=vignette.pk).delete()
    vignette.refresh_from_db()
    return vignette


def _waiting_for_update(vignette: Vignette) -> Vignette:
    vignette = Vignette.objects.select_for_update().get(pk=vignette.pk)
    _open(vignette)
    return vignette


@transaction.atomic(durable=True)
def reply_to_educator(vignette: Vignette, text: str, *, now: datetime) -> Message:
    """The contributor's reply (by codename) to an educator's question; the week is kept."""
    vignette = _waiting_for_update(vignette)
    text = _text(text, limit=MESSAGE_MAX, what="reply", required=True)
    if not vignette.messages.filter(sender=Message.Sender.EDUCATOR).exists():
        raise InvalidInput("There is no question to reply to yet.")
    return Message.objects.create(
        vignette=vignette, sender=Message.Sender.CONTRIBUTOR, text=text, week=week_of(now)
    )


@transaction.atomic(durable=True)
def approve_version(vignette: Vignette, version: int) -> Vignette:
    """The contributor approves the educator's ``version``, the one they were shown.

    Refused when a later version has been saved since: they approve what they read.
    """
    vignette = _waiting_for_update(vignette)
    if vignette.version == 0:
        raise InvalidInput("There is no edited version to approve yet.")
    if version != vignette.version:
        raise InvalidInput(
            "The educator has changed the text since you read it; "
            "please read the latest version before approving."
        )
    vignette.approved_version = version
    vignette.save(update_fields=["approved_version"])
    return vignette


# --- the educator's side ---------------------------------------------------------------


@dataclass(frozen=True)
class Edit:
    """An educator's version of a vignette: the edited text and how it is taught."""

    title: str
    text: str
    teaching_notes: str = ""
    questions: str = ""
    kinds: tuple[str, ...] = ()
    direction: str = ""
    use: str = ""
    modality: str = ""


@dataclass(frozen=True)
class Version:
    """One kept version of the educator's edit, and how it differs from the one before
    (version 1 from the text as sent)."""

    number: int
    week: str
    title: str
    text: str
    diff: tuple[DiffPart, ...]
    approved: bool


def versions(vignette: Vignette) -> list[Version]:
    """Every kept version, oldest first, each with its word diff from the one before."""
    kept: list[Version] = []
    before = vignette.text
    for n, entry in enumerate(vignette.history, start=1):
        text = str(entry.get("text", ""))
        kept.append(
            Version(
                number=n,
                week=str(entry.get("week", entry.get("on", ""))),
                title=str(entry.get("title", "")),
                text=text,
                diff=tuple(word_diff(before, text)),
                approved=n == vignette.approved_version,
            )
        )
        before = text
    return kept


def _open(vignette: Vignette) -> None:
    if vignette.status != Vignette.Status.WAITING:
        raise InvalidInput("That vignette is no longer waiting; nothing was changed.")


@transaction.atomic(durable=True)
def ask_contributor(vignette: Vignette, text: str, *, now: datetime) -> Message:
    """An educator's question to the contributor, who reads it by codename."""
    vignette = _waiting_for_update(vignette)
    text = _text(text, limit=MESSAGE_MAX, what="question", required=True)
    return Message.objects.create(
        vignette=vignette, sender=Message.Sender.EDUCATOR, text=text, week=week_of(now)
    )


@transaction.atomic(durable=True)
def save_edit(vignette: Vignette, edit: Edit, *, now: datetime) -> Vignette:
    """Keep the educator's edit of a waiting vignette as its next version.

    A change to the title or text is a new version, which the contributor must approve
    before it is published; notes, questions and tags are the educator's own and change
    in place.
    """
    vignette = _waiting_for_update(vignette)
    known_kinds = {k.id for k in load_catalogue().kinds}
    unknown = sorted(set(edit.kinds) - known_kinds)
    if unknown:
        raise InvalidInput(f"Fulcrum has no kind of power called {unknown[0]!r}.")
    if edit.direction not in ("", *Direction.values):
        raise InvalidInput("Please choose a direction from the list.")
    if edit.use not in ("", *Use.values):
        raise InvalidInput("Please choose over-use, under-use or skilful use from the list.")
    if edit.modality not in ("", *Modality.values):
        raise InvalidInput("Please choose talk, bodywork or other from the list.")
    title = _text(edit.title, limit=TITLE_MAX, what="title", required=True)
    text = _text(edit.text, limit=TEXT_MAX, what="vignette", required=True)
    if not vignette.history or (title, text) != (vignette.title, vignette.published_text):
        entry = {"week": week_of(now).isoformat(), "title": title, "text": text}
        vignette.history = [*vignette.history, entry]
    vignette.title = title
    vignette.published_text = text
    vignette.teaching_notes = _text(edit.teaching_notes, limit=NOTES_MAX, what="teaching notes")
    vignette.questions = _text(edit.questions, limit=NOTES_MAX, what="discussion questions")
    vignette.kinds = sorted(set(edit.kinds))
    vignette.direction = edit.direction
    vignette.use = edit.use
    vignette.modality = edit.modality
    vignette.save()
    return vignette


def publication_delay() -> timedelta:
    """A delay between one and seven days, to the second, drawn by the operating system's
    random source, so the moment a vignette appears says nothing of when it was sent,
    approved or published."""
    return DELAY_MIN + timedelta(
        seconds=secrets.randbelow(int((DELAY_MAX - DELAY_MIN).total_seconds()))
    )


@transaction.atomic(durable=True)
def publish_vignette(
    vignette: Vignette, *, now: datetime, delay: timedelta | None = None
) -> Vignette:
    """Publish the approved latest version: it appears in the library after ``delay``
    (by default drawn at random, one to seven days)."""
    vignette = _waiting_for_update(vignette)
    if vignette.version == 0:
        raise InvalidInput("Please save an edited version for the contributor to approve first.")
    if vignette.awaiting_approval:
        raise InvalidInput(
            f"The contributor has not approved version {vignette.version} yet; "
            "it can be published once they have."
        )
    delay = publication_delay() if delay is None else delay
    if not DELAY_MIN <= delay <= DELAY_MAX:
        raise InvalidInput("The delay before a vignette appears must be one to seven days.")
    vignette.status = Vignette.Status.PUBLISHED
    vignette.appears_at = now + delay
    vignette.published_on = week_of(vignette.appears_at)
    vignette.save(update_fields=["status", "appears_at", "published_on"])
    return vignette


@transaction.atomic(durable=True)
def decline_vignette(vignette: Vignette, reason: str, *, now: datetime) -> Vignette:
    """Decline a waiting vignette with a reason its contributor reads by codename."""
    vignette = _waiting_for_update(vignette)
    vignette.decline_reason = _text(reason, limit=REASON_MAX, what="reason", required=True)
    vignette.status = Vignette.Status.DECLINED
    vignette.save(update_fields=["decline_reason", "status"])
    return vignette


# --- pinning into course modules -------------------------------------------------------


@transaction.atomic(durable=True)
def pin_vignette(vignette: Vignette, module_id: str, *, modules: Iterable[str]) -> Pin:
    """Pin a published vignette into the course module ``module_id`` (one of ``modules``,
    the course's slugs, which the caller reads from the course's content)."""
    vignette = Vignette.objects.select_for_update().get(pk=vignette.pk)
    if vignette.status != Vignette.Status.PUBLISHED:
        raise InvalidInput("Only a published vignette can be pinned into a module.")
    if module_id not in set(modules):
        raise InvalidInput("Please choose a module of the course.")
    pin, _ = Pin.objects.get_or_create(vignette=vignette, module_id=module_id)
    return pin


@transaction.atomic(durable=True)
def unpin_vignette(vignette: Vignette, module_id: str) -> None:
    """Take the vignette out of the module ``module_id`` (nothing happens if it is not there)."""
    Pin.objects.filter(vignette_id=vignette.pk, module_id=module_id).delete()


def pinned_for(module_id: str, *, now: datetime | None = None) -> list[Vignette]:
    """The library's vignettes pinned into the course module ``module_id``, in pinning
    order: published, appeared by ``now`` (the current time by default), not withdrawn."""
    moment = timezone.now() if now is None else now
    return list(
        Vignette.objects.filter(
            pins__module_id=module_id,
            status=Vignette.Status.PUBLISHED,
            appears_at__lte=moment,
        ).order_by("pins__pk")
    )


def kind_labels(ids: Iterable[str]) -> list[str]:
    """The catalogue's labels for kinds of power, in the order given."""
    labels = {k.id: k.label for k in load_catalogue().kinds}
    return [labels.get(i, i) for i in ids]


def tag_words(vignette: Vignette) -> list[str]:
    """A vignette's tags as words: kinds of power, direction, use, kind of work."""
    named = [
        vignette.get_direction_display(),
        vignette.get_use_display(),
        vignette.get_modality_display(),
    ]
    return [*kind_labels(vignette.kinds), *(t for t in named if t)]


def search_library(
    published: QuerySet[Vignette],
    query: str = "",
    *,
    kind: str = "",
    direction: str = "",
    use: str = "",
    modality: str = "",
) -> list[tuple[Vignette, list[str]]]:
    """The ``published`` vignettes (a library the reader may see) with each one's tag
    words, narrowed by the tags given and by ``query`` in its words or tags."""
    for field, value in (("direction", direction), ("use", use), ("modality", modality)):
        if value:
            published = published.filter(**{field: value})
    found = [(v, tag_words(v)) for v in published if not kind or kind in v.kinds]
    if not query:
        return found
    # Sealed text cannot be searched by the database; read, then filter.
    needle = query.casefold()
    return [
        (v, tags)
        for v, tags in found
        if needle
        in "\n".join([v.title, v.published_text, v.teaching_notes, v.questions, *tags]).casefold()
    ]
