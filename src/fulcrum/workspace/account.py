"""Leaving Fulcrum: download everything, then delete the account with its workspace.

These span every area (the export reads them all), so they live in the workspace. The
export is a practitioner's workspace (its URL is behind the practitioner's gate); any
account may be deleted, and only a practitioner's page counts and offers a workspace.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from fulcrum.accounts import services as account_services
from fulcrum.accounts.access import account_of
from fulcrum.accounts.forms import DeleteAccountForm
from fulcrum.accounts.models import Role
from fulcrum.accounts.roles import holds
from fulcrum.clients.access import clients_for_user
from fulcrum.core.errors import InvalidInput
from fulcrum.ledger.access import entries_for_user
from fulcrum.reflection.access import journal_entries_for_user
from fulcrum.workspace.export import export_workspace


@login_required
def account_export(request: HttpRequest) -> HttpResponse:
    """The whole workspace as one JSON file, aliases included: it is the owner's own."""
    user = account_of(request)
    text = export_workspace(user, fmt="json", include_alias=True)
    response = HttpResponse(text, content_type="application/json; charset=utf-8")
    day = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="fulcrum-{day}.json"'
    return response


@login_required
def account_delete(request: HttpRequest) -> HttpResponse:
    """Delete the account and everything in it, after offering the download first."""
    user = account_of(request)
    # The tamper-evident record is append-only by design: its entries cannot be deleted
    # in place, so an account that holds one is kept until a deletion can leave a
    # tombstone that says only that it happened.
    holds_record = entries_for_user(user).exists()
    form = DeleteAccountForm(request.POST or None, user=user)
    if request.method == "POST" and not holds_record and form.is_valid():
        try:
            account_services.delete_account(user)
        except InvalidInput as exc:
            form.add_error(None, str(exc))
        else:
            logout(request)
            messages.success(request, "Your account and everything in it were deleted.")
            return redirect("login")
    practises = holds(user, Role.PRACTITIONER)
    counts = (
        {
            "clients": clients_for_user(user, include_archived=True).count(),
            "journal": journal_entries_for_user(user).count(),
        }
        if practises
        else {}
    )
    context = {
        "form": form,
        "counts": counts,
        "holds_record": holds_record,
        "practises": practises,
    }
    return render(request, "workspace/account_delete.html", context)
