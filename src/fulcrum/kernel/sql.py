"""Written-out SQL conditions read as a yes/no column of a query a page makes anyway.

A page that shows a section only when something exists (an open serious concern, a
published policy) can ask that inside the query it already makes for its main rows
instead of a query of its own; an area writes the condition beside its access functions
(``checkins.access.ANY_OPEN_CONCERN_SQL``), with a test holding it to them.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db.models import BooleanField
from django.db.models.expressions import RawSQL


def exists_flag(condition: str, params: Sequence[object] = ()) -> RawSQL:
    """``condition`` (an ``EXISTS (...)``, its values as ``%s`` parameters) as a column
    read as True or False on SQLite and PostgreSQL alike.

    A condition that names a column of the outer query (``clients_client.id``) relies on
    that table keeping its own name, as it does in the query of a model's own rows; it
    would not inside a subquery, where Django renames it."""
    return RawSQL(  # noqa: S611 - written-out SQL; every value goes in as a parameter
        condition, tuple(params), output_field=BooleanField()
    )
