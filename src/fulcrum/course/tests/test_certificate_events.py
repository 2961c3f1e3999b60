"""A certificate's revocation and expiry are events with reasons: appended, recorded in
the learner's ledger, never changed or removed; the public page reads its standing."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest
from django.db import DatabaseError, connection, transaction
from django.test import Client
from django.urls import reverse

from fulcrum.accounts.models import Role
from fulcrum.core.course.content import load_course
from fulcrum.core.course.standing import State
from fulcrum.core.errors import InvalidInput
from fulcrum.course.models import Certificate, CertificateEvent
from fulcrum.course.services import (
    certificate_standing,
    delete_certificate,
    expire_certificate,
    issue_certificate,
    revoke_certificate,
)
from fulcrum.ledger.models import AppendOnly, Entry
from fulcrum.ledger.services import verify_stream
from fulcrum.testing import NOW, complete_course, make_user

pytestmark = pytest.mark.django_db


def issued() -> tuple[Certificate, str]:
    learner = make_user("dana", Role.PRACTITIONER)
    complete_course(learner)
    return issue_certificate(learner, load_course(), "Dana", now=NOW)


def test_an_expiry_leaves_it_valid_until_the_day_and_then_the_page_says_expired() -> None:
    certificate, code = issued()
    event = expire_certificate(
        certificate, "CE credit is good for two years.", on=date(2028, 11, 1), now=NOW
    )
    assert event.kind == "expired"
    assert certificate_standing(certificate, now=NOW).state is State.VALID
    page = Client().get(reverse("course_verify", args=[code]))
    assert page.status_code == 200
    assert "valid until 1 November 2028" in page.content.decode()
    later = certificate_standing(certificate, now=NOW.replace(year=2029))
    assert later.state is State.EXPIRED
    with pytest.raises(InvalidInput, match="already has an expiry"):
        expire_certificate(certificate, "again", on=date(2027, 1, 1), now=NOW)


def test_the_public_page_says_expired_with_the_date_and_not_the_reason() -> None:
    certificate, code = issued()
    expire_certificate(certificate, "Credit lapsed.", on=date(2026, 10, 1), now=NOW)
    response = Client().get(reverse("course_verify", args=[code]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "This certificate has expired" in page
    assert "lapsed on 1 October 2026" in page
    assert "Credit lapsed." not in page


def test_a_revoked_certificate_can_no_longer_expire_and_both_need_a_reason() -> None:
    certificate, _ = issued()
    with pytest.raises(InvalidInput, match="why the certificate is expired"):
        expire_certificate(certificate, "  ", on=date(2027, 1, 1), now=NOW)
    with pytest.raises(InvalidInput, match="at most 2,000 characters"):
        revoke_certificate(certificate, "x" * 2001, now=NOW)
    revoke_certificate(certificate, "Issued in error.", now=NOW)
    with pytest.raises(InvalidInput, match="already revoked"):
        expire_certificate(certificate, "later", on=date(2027, 1, 1), now=NOW)
    assert CertificateEvent.objects.count() == 1


def test_each_event_is_recorded_in_the_learners_ledger_by_digest() -> None:
    certificate, _ = issued()
    event = revoke_certificate(certificate, "Issued in error.", now=NOW)
    assert event.entry is not None
    entry = Entry.objects.get(pk=event.entry.pk)
    assert entry.kind == "course.certificate.revoked"
    assert entry.stream.owner == certificate.learner
    body = entry.sealed().body.decode()
    assert certificate.code_hash in body
    assert "Issued in error." not in body
    assert verify_stream(entry.stream).ok


def test_events_are_never_changed_or_removed() -> None:
    certificate, _ = issued()
    event = revoke_certificate(certificate, "Issued in error.", now=NOW)
    attempts: list[Callable[[], object]] = [
        lambda: event.save(),
        lambda: event.delete(),
        lambda: CertificateEvent.objects.filter(pk=event.pk).update(kind="expired"),
        lambda: CertificateEvent.objects.filter(pk=event.pk).delete(),
        lambda: connection.cursor().execute("UPDATE course_certificateevent SET kind = 'expired'"),
        lambda: connection.cursor().execute("DELETE FROM course_certificateevent"),
    ]
    for attempt in attempts:
        with pytest.raises((AppendOnly, DatabaseError)), transaction.atomic():
            attempt()
    assert CertificateEvent.objects.get(pk=event.pk).kind == "revoked"


def test_a_certificate_with_events_is_kept_past_six_years() -> None:
    certificate, _ = issued()
    revoke_certificate(certificate, "Issued in error.", now=NOW + timedelta(days=1))
    with pytest.raises(InvalidInput, match="never removed"):
        delete_certificate(certificate, now=NOW.replace(year=NOW.year + 7))
    assert Certificate.objects.filter(pk=certificate.pk).exists()
