"""The consent receipt: what a client answered, about exactly which words.

A receipt is a value drawn from consent events: for each version, the policy's title,
the version number, the SHA-256 of the words that were shown and the answer. Its
reference is a digest of those lines, so two receipts of the same answers carry the
same reference, and the QR code holds the reference and every hash, never a name.
``pdf.render_receipt_pdf`` draws only this value.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings

from fulcrum.clients.models import Client
from fulcrum.clientvoice.services import LinkUnavailable
from fulcrum.policies.links import find_answered_link
from fulcrum.policies.models import ConsentEvent, ConsentLink

DEFAULT_RECEIPT_MINUTES = 60


def receipt_minutes() -> int:
    """Minutes after answering that a link still opens the client's receipt
    (``FULCRUM_CONSENT_RECEIPT_MINUTES``, read at call time)."""
    return max(
        int(getattr(settings, "FULCRUM_CONSENT_RECEIPT_MINUTES", DEFAULT_RECEIPT_MINUTES)), 0
    )


@dataclass(frozen=True)
class ReceiptLine:
    """One answer about one published version."""

    kind: str
    policy: str
    title: str
    number: int
    sha256: str
    answer: str
    channel: str
    recorded_at: datetime
    statement: str


@dataclass(frozen=True)
class Receipt:
    """What a receipt shows; ``client_code`` only on the practitioner's copy."""

    lines: tuple[ReceiptLine, ...]
    client_code: str = ""

    @property
    def reference(self) -> str:
        """A digest of every line's version and answer, grouped for reading aloud."""
        digest = hashlib.sha256()
        for line in self.lines:
            digest.update(
                f"{line.kind}\t{line.number}\t{line.sha256}\t{line.answer}\t"
                f"{line.recorded_at.isoformat()}\n".encode()
            )
        short = digest.hexdigest()[:20].upper()
        return "-".join(short[i : i + 4] for i in range(0, len(short), 4))

    def qr_text(self) -> str:
        """What the QR code holds: the reference, then each version's number and hash."""
        rows = [f"Fulcrum consent receipt {self.reference}"]
        rows += [f"{line.kind} v{line.number} {line.sha256}" for line in self.lines]
        return "\n".join(rows)


def _line(event: ConsentEvent) -> ReceiptLine:
    version = event.version
    return ReceiptLine(
        kind=version.policy.kind,
        policy=version.policy.get_kind_display(),
        title=version.title,
        number=version.number or 0,
        sha256=event.version_sha256,
        answer=event.get_event_display(),
        channel=event.get_channel_display(),
        recorded_at=event.recorded_at,
        statement=event.statement,
    )


def _receipt(events: Iterable[ConsentEvent], *, client_code: str = "") -> Receipt:
    ordered = sorted(events, key=lambda e: (e.version.policy.kind, e.version.number or 0))
    return Receipt(tuple(_line(e) for e in ordered), client_code=client_code)


def link_receipt(raw: str, *, now: datetime) -> Receipt:
    """The client's receipt for the answers sent through link ``raw``, while the link
    was answered no more than ``receipt_minutes()`` ago; LinkUnavailable otherwise."""
    link = find_answered_link(raw, now=now, within=timedelta(minutes=receipt_minutes()))
    return _receipt(_answered_through(link))


def _answered_through(link: ConsentLink) -> list[ConsentEvent]:
    # Answering records every event at the moment it claims the link (used_at is set:
    # find_answered_link only returns an answered link).
    events = ConsentEvent.objects.filter(
        client_id=link.client_id,
        channel=ConsentEvent.Channel.LINK,
        recorded_at=link.used_at or link.created_at,
        version__in=link.versions.all(),
    ).select_related("version__policy")
    found = list(events)
    if not found:
        raise LinkUnavailable("unknown")
    return found


def client_receipt(client: Client) -> Receipt:
    """The practitioner's copy: the client's newest answer about each policy."""
    newest: dict[int, ConsentEvent] = {}
    events = ConsentEvent.objects.filter(client=client).select_related("version__policy")
    for event in events.order_by("recorded_at", "pk"):
        newest[event.version.policy_id] = event
    return _receipt(newest.values(), client_code=client.code)
