"""Install triggers that keep enforcement records append-only on SQLite and PostgreSQL:
every UPDATE and DELETE is refused, and so is SQLite's INSERT OR REPLACE over a row."""

from django.db import migrations

from fulcrum.kernel.append_only import refuse_changes


class Migration(migrations.Migration):
    dependencies = [("policies", "0007_enforcement_records_and_session_bodywork")]

    operations = [refuse_changes("policies", "enforcementrecord", "enforcement records")]
