"""The one way an area's access functions fetch records: anything missing, malformed
or not the user's is a 404, so other people's records cannot even be confirmed to exist.

Each area's ``access.py`` builds its functions from these; none of them knows which
area it serves.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Model, QuerySet
from django.http import Http404

M = TypeVar("M", bound=Model)

# The widest id a database column holds (a signed 64-bit integer); a larger number names
# nothing, and handed to SQLite it would overflow rather than match no row.
_ID_LIMIT = 2**63 - 1


def one_or_404(queryset: QuerySet[M], pk: int | str, missing: str) -> M:
    """The row ``pk`` of ``queryset`` (already narrowed to what the user may see), else 404."""
    try:
        return queryset.get(pk=_whole_id(pk))
    except (ObjectDoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404(missing) from None


def _whole_id(value: int | str) -> int:
    """``value`` as an id a database column can hold; ValueError for anything else."""
    wanted = int(value)
    if abs(wanted) > _ID_LIMIT:
        raise ValueError("No row has an id this large.")
    return wanted


def ids_or_404(values: Iterable[str] | Iterable[int]) -> set[int]:
    """Ids named in a request as whole numbers; 404 if any one is not a number."""
    try:
        return {_whole_id(v) for v in values}
    except (ValueError, TypeError, OverflowError):
        raise Http404("Not found.") from None


def all_or_404(queryset: QuerySet[M], ids: Iterable[str] | Iterable[int], missing: str) -> list[M]:
    """The rows of ``queryset`` named in ``ids``, in one query; 404 if any one is missing."""
    wanted = ids_or_404(ids)
    found = list(queryset.filter(pk__in=wanted))
    if len(found) != len(wanted):
        raise Http404(missing)
    return found
