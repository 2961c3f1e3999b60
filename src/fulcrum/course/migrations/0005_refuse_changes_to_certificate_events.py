"""Install triggers that keep certificate events append-only on SQLite and PostgreSQL:
every UPDATE and DELETE is refused, and so is SQLite's INSERT OR REPLACE over a row."""

from django.db import migrations

SQLITE_INSTALL = [
    """CREATE TRIGGER course_certificateevent_refuse_update BEFORE UPDATE ON course_certificateevent
    BEGIN SELECT RAISE(ABORT, 'certificate events are append-only: UPDATE refused'); END""",
    """CREATE TRIGGER course_certificateevent_refuse_delete BEFORE DELETE ON course_certificateevent
    BEGIN SELECT RAISE(ABORT, 'certificate events are append-only: DELETE refused'); END""",
    """CREATE TRIGGER course_certificateevent_refuse_replace BEFORE INSERT
    ON course_certificateevent WHEN EXISTS (SELECT 1 FROM course_certificateevent WHERE id = NEW.id)
    BEGIN SELECT RAISE(ABORT, 'certificate events are append-only: REPLACE refused'); END""",
]
SQLITE_REMOVE = [
    "DROP TRIGGER IF EXISTS course_certificateevent_refuse_update",
    "DROP TRIGGER IF EXISTS course_certificateevent_refuse_delete",
    "DROP TRIGGER IF EXISTS course_certificateevent_refuse_replace",
]
POSTGRES_INSTALL = [
    """CREATE OR REPLACE FUNCTION certificateevent_refuse_change() RETURNS trigger
    LANGUAGE plpgsql AS $$
    DECLARE
        holds_rows boolean;
    BEGIN
        IF TG_OP = 'TRUNCATE' THEN
            SELECT EXISTS (SELECT 1 FROM course_certificateevent) INTO holds_rows;
            IF NOT holds_rows THEN
                RETURN NULL;
            END IF;
        END IF;
        RAISE EXCEPTION 'certificate events are append-only: % refused', TG_OP
            USING ERRCODE = 'restrict_violation';
    END
    $$""",
    """CREATE TRIGGER course_certificateevent_refuse_change BEFORE UPDATE OR DELETE
    ON course_certificateevent FOR EACH ROW EXECUTE FUNCTION certificateevent_refuse_change()""",
    """CREATE TRIGGER course_certificateevent_refuse_truncate BEFORE TRUNCATE
    ON course_certificateevent FOR EACH STATEMENT EXECUTE FUNCTION certificateevent_refuse_change()""",
]
POSTGRES_REMOVE = [
    "DROP TRIGGER IF EXISTS course_certificateevent_refuse_change ON course_certificateevent",
    "DROP TRIGGER IF EXISTS course_certificateevent_refuse_truncate ON course_certificateevent",
    "DROP FUNCTION IF EXISTS certificateevent_refuse_change()",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        statements = statements_by_vendor.get(schema_editor.connection.vendor)
        if statements is None:
            raise RuntimeError(
                "The certificate events' triggers are written for SQLite and PostgreSQL, "
                f"not {schema_editor.connection.vendor}."
            )
        for statement in statements:
            schema_editor.execute(statement, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("course", "0004_certificate_revocations_become_events")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_INSTALL, "postgresql": POSTGRES_INSTALL}),
            _run({"sqlite": SQLITE_REMOVE, "postgresql": POSTGRES_REMOVE}),
        )
    ]
