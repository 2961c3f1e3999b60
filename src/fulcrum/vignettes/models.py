"""Anonymous vignettes: what a contributor sent, and what an educator made of it.

A vignette row holds no account, no address, no browser and no precise time: only the
week it arrived (its Monday), the codename's slow hash, and the text the contributor
reviewed and sent. Its messages (an educator's questions, the contributor's replies)
keep the week too and name no account. Whatever was typed is sealed by the field
cipher. The one precise time is ``appears_at``, drawn at random after publication so it
says nothing about when anyone acted.
"""

from __future__ import annotations

from django.db import models

from fulcrum.kernel.encryption import EncryptedCharField, EncryptedJSONField, EncryptedTextField


class Disguise(models.TextChoices):
    """How the contributor kept the people in the story from being recognised."""

    THICK = "thick", "Thick disguise: details changed beyond recognition"
    COMPOSITE = "composite", "A composite of several people or sessions"
    CONSENT = "consent", "Consent obtained outside Fulcrum from the people depicted"
    PROCESS = "process", "Process-focused: about what happened between us, not who"


class Licence(models.TextChoices):
    """The terms the published text is offered under."""

    CC_BY = "cc-by", "CC BY 4.0: anyone may reuse it, naming the library"
    CC_BY_NC = "cc-by-nc", "CC BY-NC 4.0: reuse for teaching, not for sale"
    LIBRARY = "library-only", "Only within this Fulcrum library"


class Direction(models.TextChoices):
    PRACTITIONER = "practitioner-client", "Practitioner to client"
    CLIENT = "client-practitioner", "Client to practitioner"
    THIRD = "third-party", "A third party"


class Use(models.TextChoices):
    OVER = "over", "Over-use"
    UNDER = "under", "Under-use"
    SKILFUL = "skilful", "Skilful use"


class Modality(models.TextChoices):
    """The kind of work the story comes from."""

    TALK = "talk", "Talk (therapy, counselling, coaching)"
    BODYWORK = "bodywork", "Bodywork (massage, touch)"
    OTHER = "other", "Other"


class Vignette(models.Model):
    """One contribution, from arrival to publication, decline or withdrawal."""

    class Status(models.TextChoices):
        WAITING = "waiting", "Waiting for an educator"
        PUBLISHED = "published", "Published in the library"
        DECLINED = "declined", "Declined"
        WITHDRAWN = "withdrawn", "Withdrawn by its contributor"

    codename_hash = models.CharField(max_length=64, unique=True)
    # A hash of the random token the review page's Send form carried, so the same form
    # sent twice (a reload of the thank-you page, a double click) stores one vignette.
    sent_form = models.CharField(max_length=64, blank=True, default="")
    received_week = models.DateField(help_text="The Monday of the week it arrived; no more.")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.WAITING)
    # What the contributor reviewed and sent (emptied when they withdraw).
    text = EncryptedTextField(blank=True)
    disguise = models.CharField(max_length=12, choices=Disguise.choices)
    licence = models.CharField(max_length=14, choices=Licence.choices)
    # The educator's work: the version published and how it is taught.
    title = EncryptedCharField(max_length=200, blank=True)
    published_text = EncryptedTextField(blank=True)
    teaching_notes = EncryptedTextField(blank=True)
    questions = EncryptedTextField(blank=True)
    kinds = models.JSONField(default=list, blank=True)
    direction = models.CharField(max_length=22, choices=Direction.choices, blank=True)
    use = models.CharField(max_length=8, choices=Use.choices, blank=True)
    modality = models.CharField(max_length=8, choices=Modality.choices, blank=True)
    decline_reason = EncryptedTextField(blank=True)
    # Every version of the educator's edit, oldest first, each {"week", "title", "text"}:
    # version n is history[n - 1], so each change can be read back word by word.
    history = EncryptedJSONField(default=list, blank=True)
    # The version the contributor approved by codename (0: none yet). Publishing needs
    # it to be the latest; a further edit needs approving again.
    approved_version = models.PositiveIntegerField(default=0)
    # The week it appears in the library, and the moment, drawn at random after the
    # educator publishes; the library shows it only once that moment has come.
    published_on = models.DateField(null=True, blank=True)
    appears_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["received_week", "pk"]
        indexes = [models.Index(fields=["status", "received_week"], name="vignette_status_week")]
        constraints = [
            models.UniqueConstraint(
                fields=["sent_form"],
                condition=~models.Q(sent_form=""),
                name="vignette_sent_once",
            )
        ]

    def __str__(self) -> str:
        return f"Vignette received the week of {self.received_week:%Y-%m-%d} ({self.status})"

    @property
    def version(self) -> int:
        """The number of the educator's latest version (0 before the first edit)."""
        return len(self.history)

    @property
    def awaiting_approval(self) -> bool:
        """Whether the latest version is one the contributor has not yet approved."""
        return self.version > 0 and self.approved_version != self.version


class Message(models.Model):
    """A question from an educator or a reply from the contributor, read by codename.

    It names no account on either side and keeps only the week it was written.
    """

    class Sender(models.TextChoices):
        EDUCATOR = "educator", "An educator"
        CONTRIBUTOR = "contributor", "You"

    vignette = models.ForeignKey(Vignette, on_delete=models.CASCADE, related_name="messages")
    sender = models.CharField(max_length=12, choices=Sender.choices)
    text = EncryptedTextField()
    week = models.DateField(help_text="The Monday of the week it was written; no more.")

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.get_sender_display()} the week of {self.week:%Y-%m-%d}"


class Pin(models.Model):
    """A published vignette pinned into a course module, named by the module's slug.

    The slug is a string, not a relation: the course depends on the library, never the
    other way round.
    """

    vignette = models.ForeignKey(Vignette, on_delete=models.CASCADE, related_name="pins")
    module_id = models.CharField(max_length=80)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["vignette", "module_id"], name="pin_once_per_module")
        ]
        indexes = [models.Index(fields=["module_id"], name="pin_module")]

    def __str__(self) -> str:
        return f"Vignette {self.vignette_id} in {self.module_id}"
