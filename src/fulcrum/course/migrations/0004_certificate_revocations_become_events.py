"""Record a certificate's revocation (and, from now on, its expiry) as an append-only
event with its reason, moving any revocation kept on the certificate's row into one."""

import django.db.models.deletion
from django.db import migrations, models

import fulcrum.kernel.encryption


def move_revocations_to_events(apps, schema_editor):
    Certificate = apps.get_model("course", "Certificate")
    CertificateEvent = apps.get_model("course", "CertificateEvent")
    for certificate in Certificate.objects.filter(revoked_at__isnull=False):
        CertificateEvent.objects.create(
            certificate=certificate,
            kind="revoked",
            reason=certificate.revocation_reason or "Revoked before reasons were kept as events.",
            effective_at=certificate.revoked_at,
            recorded_at=certificate.revoked_at,
        )


def move_events_back(apps, schema_editor):
    Certificate = apps.get_model("course", "Certificate")
    CertificateEvent = apps.get_model("course", "CertificateEvent")
    for event in CertificateEvent.objects.filter(kind="revoked").order_by("effective_at"):
        certificate = Certificate.objects.get(pk=event.certificate_id)
        if certificate.revoked_at is None:
            certificate.revoked_at = event.effective_at
            certificate.revocation_reason = event.reason
            certificate.save(update_fields=["revoked_at", "revocation_reason"])


class Migration(migrations.Migration):
    dependencies = [
        ("course", "0003_evaluation_and_time_on_task"),
        ("ledger", "0002_refuse_changes_to_entries_and_checkpoints"),
    ]

    operations = [
        migrations.CreateModel(
            name="CertificateEvent",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[("revoked", "Revoked"), ("expired", "Expired")], max_length=16
                    ),
                ),
                ("reason", fulcrum.kernel.encryption.EncryptedTextField()),
                ("effective_at", models.DateTimeField()),
                ("recorded_at", models.DateTimeField()),
                (
                    "certificate",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="events",
                        to="course.certificate",
                    ),
                ),
                (
                    "entry",
                    models.OneToOneField(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="certificate_event",
                        to="ledger.entry",
                    ),
                ),
            ],
            options={"ordering": ["recorded_at", "pk"]},
        ),
        migrations.RunPython(move_revocations_to_events, move_events_back),
        migrations.RemoveField(model_name="certificate", name="revocation_reason"),
        migrations.RemoveField(model_name="certificate", name="revoked_at"),
    ]
