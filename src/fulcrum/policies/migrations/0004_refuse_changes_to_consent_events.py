"""Install triggers that keep consent events append-only on SQLite and PostgreSQL:
every UPDATE and DELETE is refused, and so is SQLite's INSERT OR REPLACE over a row."""

from django.db import migrations

from fulcrum.kernel.append_only import refuse_changes


class Migration(migrations.Migration):
    dependencies = [("policies", "0003_consent_events")]

    operations = [refuse_changes("policies", "consentevent", "consent events")]
