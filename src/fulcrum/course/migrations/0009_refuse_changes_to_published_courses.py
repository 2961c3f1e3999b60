"""Install triggers that keep published course versions append-only on SQLite and PostgreSQL:
every UPDATE and DELETE is refused, and so is SQLite's INSERT OR REPLACE over a row."""

from django.db import migrations

from fulcrum.kernel.append_only import refuse_changes


class Migration(migrations.Migration):
    dependencies = [("course", "0008_published_course_versions")]

    operations = [refuse_changes("course", "publishedcourse", "published course versions")]
