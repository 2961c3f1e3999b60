"""Session transcripts: what was said, who practised, and the stored analysis.

The uploaded file itself is never kept: only the utterances Fulcrum read from it and
the analysis of them. A transcript belongs to one client and goes when they go.
"""

from __future__ import annotations

from django.db import models

from fulcrum.checkins.models import CheckIn
from fulcrum.clients.models import Client
from fulcrum.core.transcripts.model import client_speaks
from fulcrum.kernel.encryption import EncryptedCharField, EncryptedJSONField, EncryptedTextField


class Transcript(models.Model):
    """One session's transcript, parsed and analysed when it was attached."""

    class PractitionerSource(models.TextChoices):
        GUESSED = "guessed", "Guessed by Fulcrum"
        NAMED = "named", "Named when uploading"
        CHOSEN = "chosen", "Chosen on the report"

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="transcripts")
    checkin = models.ForeignKey(
        CheckIn,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="transcripts",
        help_text="The check-in of the same session, if there is one.",
    )
    session_at = models.DateTimeField(null=True, blank=True)
    filename = EncryptedCharField(max_length=255, help_text="The uploaded file's name.")
    source_format = models.CharField(max_length=20)
    speakers = EncryptedJSONField(default=list)
    practitioner = EncryptedTextField()
    practitioner_confidence = models.FloatField()
    practitioner_source = models.CharField(
        max_length=10, choices=PractitionerSource.choices, default=PractitionerSource.GUESSED
    )
    # Fulcrum's own guess, kept when the person names or chooses someone else.
    guessed_practitioner = EncryptedTextField(blank=True)
    guessed_confidence = models.FloatField(default=0.0)
    # Where the guess came from: the file naming the practitioner ("source"), a role the
    # file gives ("label"), how each speaker talks ("heuristic"); "" when not recorded.
    guessed_basis = models.CharField(max_length=10, blank=True, default="")
    # Sentences about reading the file (encoding, skipped lines, several speakers...).
    file_warnings = EncryptedJSONField(default=list)
    # Sentences about an unsure guess; shown only while the guess stands.
    guess_warnings = EncryptedJSONField(default=list)
    coder = models.CharField(max_length=80)
    coder_kind = models.CharField(max_length=20)
    coder_notes = models.JSONField(default=list)
    analysis = EncryptedJSONField(default=dict, help_text="analysis_as_dict of the last analysis.")
    # Null when no client speaks in the transcript: there is no index to compute.
    over_use = models.FloatField(
        null=True, blank=True, help_text="The over-use index, 0..10, for lists."
    )
    under_use = models.FloatField(
        null=True, blank=True, help_text="The under-use index, 0..10, for lists."
    )
    utterance_count = models.PositiveIntegerField()
    created_at = models.DateTimeField()
    analysed_at = models.DateTimeField()

    class Meta:
        ordering = ["-session_at", "-created_at", "-pk"]
        indexes = [models.Index(fields=["client", "-session_at"], name="transcript_client_time")]

    def __str__(self) -> str:
        return f"Transcript {self.filename} for {self.client}"

    @property
    def has_more_than_two_speakers(self) -> bool:
        return len(self.speakers) > 2

    @property
    def has_client(self) -> bool:
        """Whether anyone but the practitioner speaks (else no index is computed)."""
        return client_speaks(self.speakers, self.practitioner)


class Utterance(models.Model):
    """One speaker turn as Fulcrum read it from the file."""

    transcript = models.ForeignKey(Transcript, on_delete=models.CASCADE, related_name="utterances")
    index = models.PositiveIntegerField()
    speaker = EncryptedTextField()
    text = EncryptedTextField()
    start = models.FloatField(null=True, blank=True, help_text="Seconds from the start.")
    end = models.FloatField(null=True, blank=True)
    line = models.PositiveIntegerField(null=True, blank=True, help_text="Line in the file.")

    class Meta:
        ordering = ["transcript", "index"]
        constraints = [
            models.UniqueConstraint(
                fields=["transcript", "index"], name="utterance_index_unique_per_transcript"
            )
        ]

    def __str__(self) -> str:
        return f"{self.speaker} #{self.index}"
