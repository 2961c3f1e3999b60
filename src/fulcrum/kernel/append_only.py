"""Database triggers that keep one table append-only, on SQLite and PostgreSQL.

Every UPDATE and DELETE is refused, and so is SQLite's INSERT OR REPLACE over a row and
PostgreSQL's TRUNCATE of a table that holds rows. A migration installs them with
``refuse_changes("policies", "consentevent", "consent events")``; undoing the migration
drops them. The model refuses the same changes first, with a sentence; these catch what
goes round the model.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from django.db import migrations

_NAME = re.compile(r"[a-z][a-z0-9_]*")
_WORDS = re.compile(r"[a-z][a-z ]*")


def _statements(app_label: str, model_name: str, what: str) -> dict[str, dict[str, list[str]]]:
    # The SQL is built from a migration's own constants, never from input; still, only
    # plain names and words are let in.
    if not all(_NAME.fullmatch(part) for part in (app_label, model_name)) or not _WORDS.fullmatch(
        what
    ):
        raise ValueError(f"Not a table or a plain description: {app_label}, {model_name}, {what}")
    table = f"{app_label}_{model_name}"
    function = f"{model_name}_refuse_change"
    sqlite_install = [
        f"""CREATE TRIGGER {table}_refuse_update BEFORE UPDATE ON {table}
        BEGIN SELECT RAISE(ABORT, '{what} are append-only: UPDATE refused'); END""",
        f"""CREATE TRIGGER {table}_refuse_delete BEFORE DELETE ON {table}
        BEGIN SELECT RAISE(ABORT, '{what} are append-only: DELETE refused'); END""",
        f"""CREATE TRIGGER {table}_refuse_replace BEFORE INSERT
        ON {table} WHEN EXISTS (SELECT 1 FROM {table} WHERE id = NEW.id)
        BEGIN SELECT RAISE(ABORT, '{what} are append-only: REPLACE refused'); END""",  # noqa: S608
    ]
    sqlite_remove = [
        f"DROP TRIGGER IF EXISTS {table}_refuse_update",
        f"DROP TRIGGER IF EXISTS {table}_refuse_delete",
        f"DROP TRIGGER IF EXISTS {table}_refuse_replace",
    ]
    postgres_install = [
        f"""CREATE OR REPLACE FUNCTION {function}() RETURNS trigger
        LANGUAGE plpgsql AS $$
        DECLARE
            holds_rows boolean;
        BEGIN
            IF TG_OP = 'TRUNCATE' THEN
                SELECT EXISTS (SELECT 1 FROM {table}) INTO holds_rows;
                IF NOT holds_rows THEN
                    RETURN NULL;
                END IF;
            END IF;
            RAISE EXCEPTION '{what} are append-only: % refused', TG_OP
                USING ERRCODE = 'restrict_violation';
        END
        $$""",  # noqa: S608
        f"""CREATE TRIGGER {table}_refuse_change BEFORE UPDATE OR DELETE
        ON {table} FOR EACH ROW EXECUTE FUNCTION {function}()""",
        f"""CREATE TRIGGER {table}_refuse_truncate BEFORE TRUNCATE
        ON {table} FOR EACH STATEMENT EXECUTE FUNCTION {function}()""",
    ]
    postgres_remove = [
        f"DROP TRIGGER IF EXISTS {table}_refuse_change ON {table}",
        f"DROP TRIGGER IF EXISTS {table}_refuse_truncate ON {table}",
        f"DROP FUNCTION IF EXISTS {function}()",
    ]
    return {
        "install": {"sqlite": sqlite_install, "postgresql": postgres_install},
        "remove": {"sqlite": sqlite_remove, "postgresql": postgres_remove},
    }


def _run(what: str, statements_by_vendor: dict[str, list[str]]) -> Callable[[Any, Any], None]:
    def run(apps: Any, schema_editor: Any) -> None:
        statements = statements_by_vendor.get(schema_editor.connection.vendor)
        if statements is None:
            raise RuntimeError(
                f"The triggers keeping {what} append-only are written for SQLite and "
                f"PostgreSQL, not {schema_editor.connection.vendor}."
            )
        for statement in statements:
            schema_editor.execute(statement, params=None)

    return run


def refuse_changes(app_label: str, model_name: str, what: str) -> migrations.RunPython:
    """The migration step that installs (and, undone, drops) the table's triggers;
    ``what`` names its rows in the refusal, e.g. "consent events"."""
    statements = _statements(app_label, model_name, what)
    return migrations.RunPython(_run(what, statements["install"]), _run(what, statements["remove"]))
