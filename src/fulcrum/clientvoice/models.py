"""The client's voice: single-use links, the answers given through them, and failed lookups.

Only a hash of each link's token is stored (like API tokens), so a database dump cannot
be turned back into working links. Links and answers hang from the session's check-in
and the client with CASCADE: deleting a client (or the session) removes both.
"""

from __future__ import annotations

from django.db import models

from fulcrum.checkins.models import CheckIn
from fulcrum.clients.models import Client
from fulcrum.core.voice import ITEM_IDS, SCALE_MAX, SCALE_MIN, VoiceAnswers
from fulcrum.kernel.encryption import EncryptedTextField


class VoiceLink(models.Model):
    """A private link one client can use once, before it expires, to answer about one session."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="voice_links")
    checkin = models.ForeignKey(CheckIn, on_delete=models.CASCADE, related_name="voice_links")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["client", "-created_at"], name="voicelink_client_time")]

    def __str__(self) -> str:
        return f"Client link for {self.client} ({self.created_at:%Y-%m-%d})"


class VoiceAnswer(models.Model):
    """The client's four answers (0..10) and optional comment about one session."""

    link = models.OneToOneField(VoiceLink, on_delete=models.CASCADE, related_name="answer")
    checkin = models.ForeignKey(CheckIn, on_delete=models.CASCADE, related_name="voice_answers")
    choice = models.PositiveSmallIntegerField()
    voice = models.PositiveSmallIntegerField()
    safety = models.PositiveSmallIntegerField()
    respect = models.PositiveSmallIntegerField()
    comment = EncryptedTextField(blank=True)
    answered_at = models.DateTimeField()

    class Meta:
        ordering = ["-answered_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(**{f"{item}__gte": SCALE_MIN, f"{item}__lte": SCALE_MAX}),
                name=f"voiceanswer_{item}_range",
            )
            for item in ITEM_IDS
        ]

    def __str__(self) -> str:
        return f"Client's answers for {self.checkin}"

    def answers(self) -> VoiceAnswers:
        """The core's value for these answers."""
        return VoiceAnswers(
            choice=self.choice, voice=self.voice, safety=self.safety, respect=self.respect
        )


class FailedVoiceLookup(models.Model):
    """One recent attempt to open a link that does not work, kept only to slow guessing.

    ``source`` is a keyed hash of the visitor's address, never the address itself. Rows
    older than the rate-limit window are deleted as new ones arrive.
    """

    source = models.CharField(max_length=64)
    at = models.DateTimeField()

    class Meta:
        indexes = [
            models.Index(fields=["source", "at"], name="voicefail_source_time"),
            models.Index(fields=["at"], name="voicefail_time"),
        ]

    def __str__(self) -> str:
        return f"Failed client-link lookup at {self.at:%Y-%m-%d %H:%M}"
