"""Install triggers that keep certificate events append-only on SQLite and PostgreSQL:
every UPDATE and DELETE is refused, and so is SQLite's INSERT OR REPLACE over a row."""

from django.db import migrations

from fulcrum.kernel.append_only import refuse_changes


class Migration(migrations.Migration):
    dependencies = [("course", "0004_certificate_revocations_become_events")]

    operations = [refuse_changes("course", "certificateevent", "certificate events")]
