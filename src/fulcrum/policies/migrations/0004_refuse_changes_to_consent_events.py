"""Install triggers that keep consent events append-only on SQLite and PostgreSQL:
every UPDATE and DELETE is refused, and so is SQLite's INSERT OR REPLACE over a row."""

from django.db import migrations

SQLITE_INSTALL = [
    """CREATE TRIGGER policies_consentevent_refuse_update BEFORE UPDATE ON policies_consentevent
    BEGIN SELECT RAISE(ABORT, 'consent events are append-only: UPDATE refused'); END""",
    """CREATE TRIGGER policies_consentevent_refuse_delete BEFORE DELETE ON policies_consentevent
    BEGIN SELECT RAISE(ABORT, 'consent events are append-only: DELETE refused'); END""",
    """CREATE TRIGGER policies_consentevent_refuse_replace BEFORE INSERT
    ON policies_consentevent WHEN EXISTS (SELECT 1 FROM policies_consentevent WHERE id = NEW.id)
    BEGIN SELECT RAISE(ABORT, 'consent events are append-only: REPLACE refused'); END""",
]
SQLITE_REMOVE = [
    "DROP TRIGGER IF EXISTS policies_consentevent_refuse_update",
    "DROP TRIGGER IF EXISTS policies_consentevent_refuse_delete",
    "DROP TRIGGER IF EXISTS policies_consentevent_refuse_replace",
]
POSTGRES_INSTALL = [
    """CREATE OR REPLACE FUNCTION consentevent_refuse_change() RETURNS trigger
    LANGUAGE plpgsql AS $$
    DECLARE
        holds_rows boolean;
    BEGIN
        IF TG_OP = 'TRUNCATE' THEN
            SELECT EXISTS (SELECT 1 FROM policies_consentevent) INTO holds_rows;
            IF NOT holds_rows THEN
                RETURN NULL;
            END IF;
        END IF;
        RAISE EXCEPTION 'consent events are append-only: % refused', TG_OP
            USING ERRCODE = 'restrict_violation';
    END
    $$""",
    """CREATE TRIGGER policies_consentevent_refuse_change BEFORE UPDATE OR DELETE
    ON policies_consentevent FOR EACH ROW EXECUTE FUNCTION consentevent_refuse_change()""",
    """CREATE TRIGGER policies_consentevent_refuse_truncate BEFORE TRUNCATE
    ON policies_consentevent FOR EACH STATEMENT EXECUTE FUNCTION consentevent_refuse_change()""",
]
POSTGRES_REMOVE = [
    "DROP TRIGGER IF EXISTS policies_consentevent_refuse_change ON policies_consentevent",
    "DROP TRIGGER IF EXISTS policies_consentevent_refuse_truncate ON policies_consentevent",
    "DROP FUNCTION IF EXISTS consentevent_refuse_change()",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        statements = statements_by_vendor.get(schema_editor.connection.vendor)
        if statements is None:
            raise RuntimeError(
                "The consent events' triggers are written for SQLite and PostgreSQL, "
                f"not {schema_editor.connection.vendor}."
            )
        for statement in statements:
            schema_editor.execute(statement, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("policies", "0003_consent_events")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_INSTALL, "postgresql": POSTGRES_INSTALL}),
            _run({"sqlite": SQLITE_REMOVE, "postgresql": POSTGRES_REMOVE}),
        )
    ]
