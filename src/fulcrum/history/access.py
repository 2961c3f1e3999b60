"""Who may read an edit history: its owner only (what an edit replaced is as private as
the record itself)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from fulcrum.history.models import Revision


def revisions_for_user(user: Any) -> QuerySet[Revision]:
    """Every kept revision of ``user``'s records, oldest record first, each in order."""
    return Revision.objects.filter(owner=user).order_by("subject", "subject_id", "number")
