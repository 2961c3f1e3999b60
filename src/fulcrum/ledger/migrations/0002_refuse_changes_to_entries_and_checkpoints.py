"""Install triggers that keep ledger entries and checkpoints append-only.

On both databases every UPDATE and DELETE of a row is refused, and an entry may only be
inserted as its stream's next sequence number (which also refuses SQLite's INSERT OR
REPLACE, whose implicit delete would not fire a delete trigger). PostgreSQL also
refuses TRUNCATE of a table that holds rows. The errors are constraint violations, so
Django raises IntegrityError.
"""

from django.db import migrations

TABLES = ("ledger_entry", "ledger_checkpoint")

SQLITE_INSTALL = [
    *(
        f"""CREATE TRIGGER {table}_refuse_update BEFORE UPDATE ON {table}
        BEGIN SELECT RAISE(ABORT, 'ledger rows are append-only: UPDATE refused on {table}'); END"""
        for table in TABLES
    ),
    *(
        f"""CREATE TRIGGER {table}_refuse_delete BEFORE DELETE ON {table}
        BEGIN SELECT RAISE(ABORT, 'ledger rows are append-only: DELETE refused on {table}'); END"""
        for table in TABLES
    ),
    """CREATE TRIGGER ledger_entry_next_only BEFORE INSERT ON ledger_entry
    WHEN NEW.sequence IS NOT COALESCE(
            (SELECT MAX(sequence) FROM ledger_entry WHERE stream_id = NEW.stream_id), 0) + 1
        OR EXISTS (SELECT 1 FROM ledger_entry WHERE id = NEW.id)
    BEGIN SELECT RAISE(ABORT, 'ledger entries are appended in sequence: INSERT refused'); END""",
    """CREATE TRIGGER ledger_checkpoint_new_only BEFORE INSERT ON ledger_checkpoint
    WHEN EXISTS (SELECT 1 FROM ledger_checkpoint WHERE id = NEW.id)
    BEGIN SELECT RAISE(ABORT, 'ledger rows are append-only: REPLACE refused'); END""",
]
SQLITE_REMOVE = [
    *(f"DROP TRIGGER IF EXISTS {table}_refuse_update" for table in TABLES),
    *(f"DROP TRIGGER IF EXISTS {table}_refuse_delete" for table in TABLES),
    "DROP TRIGGER IF EXISTS ledger_entry_next_only",
    "DROP TRIGGER IF EXISTS ledger_checkpoint_new_only",
]

POSTGRES_INSTALL = [
    """CREATE OR REPLACE FUNCTION ledger_refuse_change() RETURNS trigger
    LANGUAGE plpgsql AS $$
    DECLARE
        holds_rows boolean;
    BEGIN
        IF TG_OP = 'TRUNCATE' THEN
            -- Emptying an empty table changes nothing (and is how test databases are reset).
            EXECUTE format('SELECT EXISTS (SELECT 1 FROM %I)', TG_TABLE_NAME) INTO holds_rows;
            IF NOT holds_rows THEN
                RETURN NULL;
            END IF;
        END IF;
        RAISE EXCEPTION 'ledger rows are append-only: % refused on %', TG_OP, TG_TABLE_NAME
            USING ERRCODE = 'restrict_violation';
    END
    $$""",
    """CREATE OR REPLACE FUNCTION ledger_entry_next_only() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        IF NEW.sequence IS DISTINCT FROM COALESCE(
            (SELECT max(sequence) FROM ledger_entry WHERE stream_id = NEW.stream_id), 0) + 1
        THEN
            RAISE EXCEPTION 'ledger entries are appended in sequence: INSERT refused'
                USING ERRCODE = 'restrict_violation';
        END IF;
        RETURN NEW;
    END
    $$""",
    *(
        f"""CREATE TRIGGER {table}_refuse_change BEFORE UPDATE OR DELETE ON {table}
        FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change()"""
        for table in TABLES
    ),
    *(
        f"""CREATE TRIGGER {table}_refuse_truncate BEFORE TRUNCATE ON {table}
        FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change()"""
        for table in TABLES
    ),
    """CREATE TRIGGER ledger_entry_next_only BEFORE INSERT ON ledger_entry
    FOR EACH ROW EXECUTE FUNCTION ledger_entry_next_only()""",
]
POSTGRES_REMOVE = [
    *(f"DROP TRIGGER IF EXISTS {table}_refuse_change ON {table}" for table in TABLES),
    *(f"DROP TRIGGER IF EXISTS {table}_refuse_truncate ON {table}" for table in TABLES),
    "DROP TRIGGER IF EXISTS ledger_entry_next_only ON ledger_entry",
    "DROP FUNCTION IF EXISTS ledger_entry_next_only()",
    "DROP FUNCTION IF EXISTS ledger_refuse_change()",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        statements = statements_by_vendor.get(schema_editor.connection.vendor)
        if statements is None:
            raise RuntimeError(
                f"The ledger's append-only triggers are written for SQLite and PostgreSQL, "
                f"not {schema_editor.connection.vendor}."
            )
        for statement in statements:
            schema_editor.execute(statement, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("ledger", "0001_streams_entries_checkpoints")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_INSTALL, "postgresql": POSTGRES_INSTALL}),
            _run({"sqlite": SQLITE_REMOVE, "postgresql": POSTGRES_REMOVE}),
        )
    ]
