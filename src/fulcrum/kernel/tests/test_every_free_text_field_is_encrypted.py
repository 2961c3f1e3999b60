"""Every text, character or JSON column of every model is stored encrypted, unless it is
named below with the reason it cannot hold clinical or personal text.

A new plaintext field fails here: store it through ``fulcrum.kernel.encryption``, or add
it to ``PLAINTEXT`` with its reason.
"""

from __future__ import annotations

from django.apps import apps
from django.db import models

from fulcrum.kernel.encryption import encrypted_models

PLAINTEXT: dict[str, str] = {
    # Django's own tables.
    "auth.permission.name": "Django's names for permissions, the same in every install.",
    "auth.permission.codename": "Django's names for permissions, the same in every install.",
    "auth.group.name": "Fulcrum has no groups; Django's table stays empty.",
    "contenttypes.contenttype.app_label": "Names of Fulcrum's own tables.",
    "contenttypes.contenttype.model": "Names of Fulcrum's own tables.",
    "sessions.session.session_key": "A random key; the data it names is sealed.",
    "sessions.session.session_data": "Sealed by fulcrum.kernel.sessions, not by a model field.",
    # Accounts: sign-in must find them, and they describe the practitioner, not a client.
    "api.idempotentrequest.key_digest": "A SHA-256 digest of the caller's key.",
    "api.idempotentrequest.fingerprint": "A SHA-256 digest of the request.",
    "api.idempotentrequest.content_type": "The media type of the kept answer.",
    "accounts.user.password": "A salted password hash, never the password.",
    "accounts.user.username": "Sign-in looks it up, and it must be unique.",
    "accounts.user.first_name": "Django's account field; Fulcrum's pages never ask for it.",
    "accounts.user.last_name": "Django's account field; Fulcrum's pages never ask for it.",
    "accounts.user.email": "The practitioner's own address for their account, never a client's.",
    "accounts.apitoken.prefix": "The first characters of a random token, to recognise it.",
    "accounts.apitoken.key_hash": "A hash of a random token.",
    "accounts.failedsignin.source": "A keyed hash of an address, never the address.",
    "accounts.failedsignin.account": "A keyed hash of a username, never the name.",
    "accounts.failedsignin.device": "A keyed hash of a device cookie's random id.",
    "accounts.passwordresetcode.code_hash": "A hash of a random one-time code.",
    "accounts.user.time_zone": "An IANA time-zone name from a fixed list.",
    # The second factor (django-otp): the app key must be read back to check codes.
    "otp_totp.totpdevice.key": (
        "The authenticator's shared key: a random secret, not clinical text; django-otp "
        "reads it to check every code, so the field cipher cannot hold it."
    ),
    "otp_totp.totpdevice.name": "Fulcrum's own name for the device.",
    "otp_static.staticdevice.name": "Fulcrum's own name for the device.",
    "otp_static.statictoken.token": "A random single-use recovery code.",
    # The ledger: its index columns; what an entry says is in its sealed body.
    "ledger.entry.kind": "The kind of record (incident, amendment), one of Fulcrum's own words.",
    "ledger.stream.label": "A random label naming a workspace's stream.",
    "policies.consentevent.version_sha256": "The SHA-256 of the version the client was shown.",
    "policies.policyversion.sha256": "The SHA-256 of a published version's canonical text.",
    "history.revision.subject": "The kind of record a revision belongs to, Fulcrum's word.",
    "history.revision.digest": "A SHA-256 digest of the revision, sealed in the ledger.",
    "clientvoice.voicelink.token_hash": "A hash of a random token.",
    "policies.consentlink.token_hash": "A hash of a random token.",
    "supervision.supervisionlink.code_hash": "A hash of a random one-time code.",
    "supervision.supervisionlink.scope": "A list of Fulcrum's own words for kinds of record.",
    "supervision.share.sha256": "The SHA-256 of a frozen snapshot, never the snapshot.",
    "supervision.witnessedcheckpoint.stream": "A ledger stream's random label.",
    "supervision.witnessedcheckpoint.problem": (
        "Fulcrum's own sentence about a checkpoint that did not fit: sizes and a date only."
    ),
    "supervision.comment.section": (
        "Where a comment sits: a client's pseudonymous code (as clients.client.code) or one "
        "of Fulcrum's own section names."
    ),
    "clientvoice.failedvoicelookup.source": "A keyed hash of an address, never the address.",
    # Identifiers the database must compare and sort.
    "clients.client.code": (
        "The pseudonymous code (C-014) that reports and exports show in place of a client; "
        "unique per workspace and the caseload's order. Never a name (docs/encryption.md)."
    ),
    "harbour.harbouraction.key": "A random id that follows an action across plan versions.",
    "reflection.journalentry.prompt_id": "The id of one of Fulcrum's own prompts.",
    # Catalogue ids and Fulcrum's own words.
    "powermaps.powermap.ratings": "Catalogue ids of kinds of power mapped to 0..4.",
    "powermaps.powermap.amplifiers": "Catalogue ids of context factors.",
    "powermaps.powermap.counter_factors": "Catalogue ids of counter-factors.",
    "checkins.checkin.indicators": "Catalogue ids of indicators.",
    "policies.sessionbodywork.areas_to_work": "Ids of body areas from a fixed list.",
    "policies.sessionbodywork.areas_to_avoid": "Ids of body areas from a fixed list.",
    "policies.sessionbodywork.areas_worked": "Ids of body areas from a fixed list.",
    "checkins.checkin.practitioner_state": "Catalogue ids of the practitioner's states.",
    "checkins.checkin.observed": "Catalogue ids the scoring observed.",
    "checkins.driftwarning.key": "Rule, direction and catalogue ids.",
    "checkins.driftwarning.rule": "The id of a drift rule.",
    "checkins.driftwarning.title": "Fulcrum's own sentence, built from the catalogue.",
    "checkins.driftwarning.explanation": "Fulcrum's own sentences, built from the catalogue.",
    "checkins.driftwarning.question": "A question from Fulcrum's catalogue.",
    "checkins.driftwarning.indicator_ids": "Catalogue ids of indicators.",
    "checkins.driftwarning.checkin_ids": "Row ids of check-ins.",
    "checkins.seriousconcern.indicator_ids": "Catalogue ids of grievance-level indicators.",
    "checkins.seriousconcern.checkin_ids": "Row ids of check-ins.",
    "transcripts.transcript.source_format": "The id of a file format Fulcrum reads.",
    "transcripts.transcript.coder": "The name and version of Fulcrum's coder.",
    "transcripts.transcript.coder_kind": "The kind of Fulcrum's coder (rules or learned).",
    "transcripts.transcript.guessed_basis": (
        "Fulcrum's word for where its guess came from (source, label or heuristic)."
    ),
    "transcripts.transcript.coder_notes": "Fulcrum's own notes about the coder it used.",
    # Vignettes: a slow hash, and catalogue ids.
    "vignettes.vignette.codename_hash": "A slow, peppered hash of a random codename.",
    "vignettes.vignette.sent_form": "A SHA-256 of the random token its Send form carried.",
    "vignettes.vignette.kinds": "Catalogue ids of kinds of power.",
    "vignettes.pin.module_id": "The id of a module of Fulcrum's own course, checked on pinning.",
    "course.storeditem.item_id": "The id of a quiz item in Fulcrum's own course.",
    "course.storeditem.digest": "A SHA-256 digest of an item's text, to spot a change.",
    "course.attempt.course_id": "The id of Fulcrum's own course.",
    "course.attempt.module_id": "The id of a module of Fulcrum's own course.",
    "course.certificate.course_id": "The id of Fulcrum's own course.",
    "course.certificate.content_digest": "A SHA-256 digest of the course's content.",
    "course.certificate.code_hash": "A hash of a random verification code.",
    "course.evaluation.course_id": "The id of Fulcrum's own course.",
    "course.moduletime.course_id": "The id of Fulcrum's own course.",
    "course.moduletime.module_id": "The id of a module of Fulcrum's own course.",
    "course.cohort.course_id": "The id of Fulcrum's own course.",
    "course.publishedcourse.course_id": "The id of Fulcrum's own course.",
    "course.publishedcourse.digest": "A SHA-256 digest of a published course's content.",
    "course.activitynote.course_id": "The id of Fulcrum's own course.",
    "course.activitynote.activity_id": "The id of one of Fulcrum's own practice activities.",
    "course.enrolment.username_digest": "A keyed hash of a typed username, never the name.",
}

TEXT_COLUMNS = (models.CharField, models.TextField, models.JSONField)


def _label(model: type[models.Model], field: models.Field) -> str:  # type: ignore[type-arg]
    return f"{model._meta.label_lower}.{field.name}"


def _plaintext_columns() -> set[str]:
    found = set()
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if getattr(field, "encrypted", False) or not isinstance(field, TEXT_COLUMNS):
                continue
            if field.choices:  # only the values listed in the code can be stored
                continue
            found.add(_label(model, field))
    return found


def test_it_stores_every_free_text_column_encrypted_or_says_why_not() -> None:
    unexplained = sorted(_plaintext_columns() - PLAINTEXT.keys())
    assert not unexplained, (
        f"{', '.join(unexplained)} would be stored as plaintext: use an encrypted field from "
        "fulcrum.kernel.encryption, or add it to PLAINTEXT with the reason it cannot hold "
        "clinical or personal text."
    )


def test_it_keeps_no_reason_for_a_column_that_is_gone_or_encrypted() -> None:
    stale = sorted(PLAINTEXT.keys() - _plaintext_columns())
    assert not stale, f"{', '.join(stale)} no longer need a reason here."


def test_it_encrypts_the_fields_that_hold_clinical_text() -> None:
    sealed = {_label(model, f) for model, fields in encrypted_models() for f in fields}
    for label in (
        "clients.client.alias",
        "checkins.checkin.note",
        "checkins.checkin.disclosure_note",
        "checkins.checkin.client_signals",
        "powermaps.powermap.note",
        "reflection.journalentry.body",
        "harbour.harbourplan.note",
        "harbour.harbouraction.text",
        "clientvoice.voiceanswer.comment",
        "transcripts.transcript.filename",
        "transcripts.transcript.speakers",
        "transcripts.transcript.analysis",
        "transcripts.utterance.text",
        "transcripts.utterance.speaker",
        "policies.enforcementrecord.note",
        "policies.sessionbodywork.areas_note",
        "policies.sessionbodywork.agreement_note",
        "policies.sessionbodywork.withdrawal_note",
    ):
        assert label in sealed, label
