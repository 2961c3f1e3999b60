"""Keep each share's agenda items beside its snapshot, derived once from what was shared.

Shares made before this derive theirs here, from their snapshot; one whose snapshot no
longer matches its fingerprint, or cannot be read, keeps an empty agenda (as the home
left such a snapshot out before).
"""

from typing import Any

from django.db import migrations

import fulcrum.kernel.encryption
from fulcrum.core.errors import InvalidInput
from fulcrum.core.snapshot import agenda_items, digest, freeze_agenda, thaw


def derive_agendas(apps: Any, schema_editor: Any) -> None:
    Share = apps.get_model("supervision", "Share")
    for share in Share.objects.all().iterator():
        try:
            if digest(share.snapshot) != share.sha256:
                continue
            items = agenda_items(thaw(share.snapshot))
        except InvalidInput:
            continue
        share.agenda = freeze_agenda(items)
        share.save(update_fields=["agenda"])


class Migration(migrations.Migration):
    dependencies = [
        ("supervision", "0003_supervision_feedback"),
    ]

    operations = [
        migrations.AddField(
            model_name="share",
            name="agenda",
            field=fulcrum.kernel.encryption.EncryptedJSONField(default=list),
        ),
        migrations.RunPython(derive_agendas, migrations.RunPython.noop),
    ]
