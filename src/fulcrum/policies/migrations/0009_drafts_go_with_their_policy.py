"""A policy's draft goes with the policy (an account's deletion took none while a draft
was open); a published version still refuses. No change to the tables."""

from django.db import migrations, models

import fulcrum.policies.models


class Migration(migrations.Migration):
    dependencies = [
        ("policies", "0008_refuse_changes_to_enforcement_records"),
    ]

    operations = [
        migrations.AlterField(
            model_name="policyversion",
            name="policy",
            field=models.ForeignKey(
                on_delete=fulcrum.policies.models.keep_published,
                related_name="versions",
                to="policies.policy",
            ),
        ),
    ]
