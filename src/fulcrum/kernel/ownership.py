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
        wanted = int(pk)
        if abs(wanted) > _ID_LIMIT:
            raise ObjectDoesNotExist
        return queryset.get(pk=wanted)
    except (ObjectDoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404(missing) from None


def ids_or_404(values: Iterable[str] | Iterable[int]) -> set[int]:
    """Ids named in a request as whole numbers; 404 if any one is not a number."""
    try:
        ids = {int(v) for v in values}
    except (ValueError, TypeError, OverflowError):
        raise Http404("Not found.") from None
    if any(abs(i) > _ID_LIMIT for i in ids):
        raise Http404("Not found.")
    return ids


def all_or_404(queryset: QuerySet[M], ids: Iterable[str] | Iterable[int], missing: str) -> list[M]:
    """The rows of ``queryset`` named in ``ids``, in one query; 404 if any one is missing."""
    wanted = ids_or_404(ids)
    found = list(queryset.filter(pk__in=wanted))
    if len(found) != len(wanted):
        raise Http404(missing)
    return found
