"""Install triggers that keep published policy versions frozen.

On both databases an UPDATE or DELETE of a version whose ``published_at`` is set is
refused, and so is SQLite's INSERT OR REPLACE over one (its implicit delete would not
fire a delete trigger). PostgreSQL also refuses TRUNCATE while a published version
exists. Drafts stay editable. The errors are constraint violations, so Django raises
IntegrityError.
"""

from django.db import migrations

TABLE = "policies_policyversion"

SQLITE_INSTALL = [
    f"""CREATE TRIGGER {TABLE}_refuse_update BEFORE UPDATE ON {TABLE}
    WHEN OLD.published_at IS NOT NULL
    BEGIN SELECT RAISE(ABORT, 'published policy versions are frozen: UPDATE refused'); END""",
    f"""CREATE TRIGGER {TABLE}_refuse_delete BEFORE DELETE ON {TABLE}
    WHEN OLD.published_at IS NOT NULL
    BEGIN SELECT RAISE(ABORT, 'published policy versions are frozen: DELETE refused'); END""",
    """CREATE TRIGGER policies_policyversion_refuse_replace BEFORE INSERT
    ON policies_policyversion WHEN EXISTS (SELECT 1 FROM policies_policyversion
        WHERE id = NEW.id AND published_at IS NOT NULL)
    BEGIN SELECT RAISE(ABORT, 'published policy versions are frozen: REPLACE refused'); END""",
]
SQLITE_REMOVE = [
    f"DROP TRIGGER IF EXISTS {TABLE}_refuse_update",
    f"DROP TRIGGER IF EXISTS {TABLE}_refuse_delete",
    f"DROP TRIGGER IF EXISTS {TABLE}_refuse_replace",
]

POSTGRES_INSTALL = [
    """CREATE OR REPLACE FUNCTION policyversion_refuse_change() RETURNS trigger
    LANGUAGE plpgsql AS $$
    DECLARE
        holds_published boolean;
    BEGIN
        IF TG_OP = 'TRUNCATE' THEN
            EXECUTE format('SELECT EXISTS (SELECT 1 FROM %I WHERE published_at IS NOT NULL)',
                TG_TABLE_NAME) INTO holds_published;
            IF NOT holds_published THEN
                RETURN NULL;
            END IF;
        ELSIF OLD.published_at IS NULL THEN
            IF TG_OP = 'DELETE' THEN
                RETURN OLD;
            END IF;
            RETURN NEW;
        END IF;
        RAISE EXCEPTION 'published policy versions are frozen: % refused', TG_OP
            USING ERRCODE = 'restrict_violation';
    END
    $$""",
    f"""CREATE TRIGGER {TABLE}_refuse_change BEFORE UPDATE OR DELETE ON {TABLE}
    FOR EACH ROW EXECUTE FUNCTION policyversion_refuse_change()""",
    f"""CREATE TRIGGER {TABLE}_refuse_truncate BEFORE TRUNCATE ON {TABLE}
    FOR EACH STATEMENT EXECUTE FUNCTION policyversion_refuse_change()""",
]
POSTGRES_REMOVE = [
    f"DROP TRIGGER IF EXISTS {TABLE}_refuse_change ON {TABLE}",
    f"DROP TRIGGER IF EXISTS {TABLE}_refuse_truncate ON {TABLE}",
    "DROP FUNCTION IF EXISTS policyversion_refuse_change()",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        statements = statements_by_vendor.get(schema_editor.connection.vendor)
        if statements is None:
            raise RuntimeError(
                "The policy versions' triggers are written for SQLite and PostgreSQL, "
                f"not {schema_editor.connection.vendor}."
            )
        for statement in statements:
            schema_editor.execute(statement, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("policies", "0001_policies_and_versions")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_INSTALL, "postgresql": POSTGRES_INSTALL}),
            _run({"sqlite": SQLITE_REMOVE, "postgresql": POSTGRES_REMOVE}),
        )
    ]
