"""The sign-in backend: Django's, except that the account a session names is read
together with the roles it holds, in one query.

Every signed-in page asks about roles (the menu, the gates, where a supervisor lands),
so reading them with the account saves a query on every page.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend

from fulcrum.accounts.models import User
from fulcrum.accounts.roles import roles_found, with_roles

# What a session records as the backend that signed it in (settings names the same).
SIGN_IN_BACKEND = "fulcrum.accounts.backends.AccountBackend"


class AccountBackend(ModelBackend):
    def get_user(self, user_id: Any) -> User | None:
        user = with_roles(User._default_manager.filter(pk=user_id)).first()
        if user is None or not self.user_can_authenticate(user):
            return None
        return roles_found(user)
