"""The roles an account holds, and the gate in front of pages for a role.

Every area whose pages serve a role asks here, so the rule lives once: without the role
the page is a 404; with a role that opens someone else's material but no second factor
yet, the person is sent to turn one on first. Supervision's supervisor pages, the
library's queue and the course's teaching pages put ``role_required`` on their views.
The practitioner's areas (clients and everything hanging from them, the journal, the
safe harbour, policies, incidents, a supervisee's side of supervision) hold the gate at
both doors (decision 0033): every access function starts from :func:`practitioner`, so
whatever reads their records (a page, the API, the export) answers 404 to an account
without the role, and their URLconfs list their pages through :func:`pages_for`, so a
page that writes before it reads is refused too.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import wraps
from typing import ParamSpec

from django.db import transaction
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import URLPattern, reverse
from django.utils import timezone

from fulcrum.accounts.access import Viewer, signed_in
from fulcrum.accounts.models import ROLES_NEEDING_SECOND_FACTOR, HeldRole, Role, User
from fulcrum.core.errors import InvalidInput

P = ParamSpec("P")


def roles_of(user: User) -> frozenset[Role]:
    """Every role ``user`` holds (cached on the object for the request; an account the
    sign-in backend loaded arrives with them already read, see ``with_roles``)."""
    cached: frozenset[Role] | None = getattr(user, "_fulcrum_roles", None)
    if cached is None:
        cached = frozenset(
            Role(name) for name in HeldRole.objects.filter(user=user).values_list("role", flat=True)
        )
        user._fulcrum_roles = cached  # type: ignore[attr-defined]
    return cached


# Each role as a bit, so the roles an account holds come back as one number with the
# account itself (``with_roles``) instead of costing each page a query of their own.
_ROLE_BITS = {Role.PRACTITIONER: 1, Role.SUPERVISOR: 2, Role.EDUCATOR: 4}
# A correlated subquery written out: the ORM's own (EXISTS per role, or SUM over CASE)
# takes 0.6-0.7 ms to compile on every request, more than the query it saves. The role
# names go in as parameters; the tables are HeldRole's and User's (a test checks).
ROLE_BITS_SQL = (
    "SELECT COALESCE(SUM(CASE accounts_heldrole.role WHEN %s THEN 1 WHEN %s THEN 2 "
    "WHEN %s THEN 4 ELSE 0 END), 0) FROM accounts_heldrole "
    "WHERE accounts_heldrole.user_id = accounts_user.id"
)


def with_roles(accounts: QuerySet[User]) -> QuerySet[User]:
    """``accounts`` with the roles each holds read in the same query, for
    ``roles_found`` to keep where ``roles_of`` looks."""
    params = tuple(role.value for role in _ROLE_BITS)
    return accounts.annotate(held_role_bits=RawSQL(ROLE_BITS_SQL, params))  # noqa: S611


def roles_found(user: User) -> User:
    """Keep the roles ``with_roles`` read on ``user``, so asking costs no query."""
    bits = int(getattr(user, "held_role_bits", 0) or 0)
    user._fulcrum_roles = frozenset(  # type: ignore[attr-defined]
        role for role, bit in _ROLE_BITS.items() if bits & bit
    )
    return user


def second_factor_page(role: Role) -> str:
    """The page that turns the second factor on, saying which role asks for it."""
    return f"{reverse('two_factor')}?needed={role.value}"


def _forget_roles(user: User) -> None:
    """Drop the cached roles after a change, so the next question reads them afresh."""
    user.__dict__.pop("_fulcrum_roles", None)


def holds(user: User, role: Role) -> bool:
    return role in roles_of(user)


def needs_second_factor(user: User) -> bool:
    """Whether ``user`` holds a role that may not open pages until a second factor is on."""
    from fulcrum.accounts.two_factor import has_second_factor

    return bool(roles_of(user) & ROLES_NEEDING_SECOND_FACTOR) and not has_second_factor(user)


def practitioner(user: Viewer | None) -> User:
    """The signed-in account asking, if it holds the practitioner role; anyone else gets
    a 404.

    The choke point of every access function of a practitioner's area: a client, a map,
    a journal entry, a policy, an incident are a practitioner's workspace, so an account
    that holds only the supervisor or educator role reaches none of them, not even
    records of its own kept from before it gave the role up.
    """
    account = signed_in(user)
    if not holds(account, Role.PRACTITIONER):
        raise Http404("Not found.")
    return account


def acting_as(request: HttpRequest, role: Role) -> User:
    """The signed-in account asking, if it holds ``role``; anyone else gets a 404.

    Views use :func:`role_required`, which also sends a supervisor or educator without a
    second factor to turn one on; services called with the result trust it.
    """
    user = signed_in(request.user)
    if not holds(user, role):
        raise Http404("Not found.")
    return user


def role_required(role: Role) -> Callable[[Callable[P, HttpResponse]], Callable[P, HttpResponse]]:
    """A view only for accounts holding ``role`` (404 for anyone else); a role that opens
    someone else's material first asks for a second factor."""

    def decorate(view: Callable[P, HttpResponse]) -> Callable[P, HttpResponse]:
        @wraps(view)
        def wrapped(*args: P.args, **kwargs: P.kwargs) -> HttpResponse:
            request = args[0]
            assert isinstance(request, HttpRequest)
            user = acting_as(request, role)
            if role in ROLES_NEEDING_SECOND_FACTOR and needs_second_factor(user):
                return redirect(second_factor_page(role))
            return view(*args, **kwargs)

        return wrapped

    return decorate


def pages_for(role: Role, patterns: list[URLPattern]) -> list[URLPattern]:
    """``patterns`` with every page behind ``role``'s gate (:func:`role_required`), so a
    page added to the list later cannot forget it. An anonymous visitor still meets the
    view's own sign-in redirect rather than a 404."""
    for pattern in patterns:
        pattern.callback = _behind(role, pattern.callback)
    return patterns


def _behind(role: Role, view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    gated = role_required(role)(view)

    @wraps(view)
    def page(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        if not request.user.is_authenticated:
            return view(request, *args, **kwargs)
        return gated(request, *args, **kwargs)

    return page


@transaction.atomic
def grant(user: User, roles: Iterable[Role | str]) -> frozenset[Role]:
    """Give ``user`` each of ``roles`` it does not hold yet; answers every role it holds."""
    wanted = set()
    for name in roles:
        try:
            wanted.add(Role(name))
        except ValueError:
            raise InvalidInput(f"Fulcrum has no role called {name!r}.") from None
    held = set(HeldRole.objects.filter(user=user).values_list("role", flat=True))
    now = timezone.now()
    HeldRole.objects.bulk_create(
        [HeldRole(user=user, role=role, since=now) for role in wanted if role not in held]
    )
    _forget_roles(user)
    return roles_of(user)


@transaction.atomic
def give_up(user: User, role: Role) -> frozenset[Role]:
    """Stop holding ``role`` (an account keeps at least one role)."""
    if roles_of(user) == {role}:
        raise InvalidInput("An account keeps at least one role.")
    HeldRole.objects.filter(user=user, role=role).delete()
    _forget_roles(user)
    return roles_of(user)
