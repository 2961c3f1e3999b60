"""Practice policy pages: the list, the draft, publishing, a version and its word diff."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from fulcrum.clients.access import clients_for_user
from fulcrum.core.errors import InvalidInput
from fulcrum.core.policies import KIND_LABELS, KINDS, flesch_kincaid_grade, word_diff
from fulcrum.policies import services
from fulcrum.policies.access import (
    enforcement_records_for_user,
    get_policy_for_user,
    get_version_for_user,
    policies_for_user,
)
from fulcrum.policies.enforcement import practice_waivers
from fulcrum.policies.forms import DraftForm, PublishForm
from fulcrum.policies.models import PolicyVersion


@login_required
def policy_list(request: HttpRequest) -> HttpResponse:
    """Every kind of policy, with the version in force and any open draft."""
    today = timezone.localdate()
    policies = {p.kind: p for p in policies_for_user(request.user).prefetch_related("versions")}
    rows = []
    for kind in KINDS:
        policy = policies.get(kind)
        versions = list(policy.versions.all()) if policy else []
        published = [v for v in versions if v.published_at is not None]
        in_force = [v for v in published if v.effective_on and v.effective_on <= today]
        rows.append(
            {
                "kind": kind,
                "label": KIND_LABELS[kind],
                "policy": policy,
                "current": max(in_force, key=lambda v: v.number or 0) if in_force else None,
                "draft": next((v for v in versions if v.published_at is None), None),
            }
        )
    clients = clients_for_user(request.user).order_by("code")
    records = enforcement_records_for_user(request.user).select_related("client", "version__policy")
    context = {"rows": rows, "clients": clients, "waivers": practice_waivers(records)}
    return render(request, "policies/list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def policy_start(request: HttpRequest) -> HttpResponse:
    """Open a draft of one kind (from the words in force, or Fulcrum's starter text)."""
    if request.method != "POST":
        return policy_list(request)
    try:
        draft = services.start_draft(request.user, request.POST.get("kind", ""), now=timezone.now())  # type: ignore[arg-type]
    except InvalidInput as exc:
        messages.error(request, str(exc))
        return redirect("policy_list")
    return redirect("policy_draft", policy_id=draft.policy_id)


def _draft_or_404(policy_id: int, request: HttpRequest) -> PolicyVersion:
    policy = get_policy_for_user(request.user, policy_id)
    draft = services.draft_of(policy)
    if draft is None:
        raise Http404("This policy has no open draft.")
    return draft


@login_required
@require_http_methods(["GET", "POST"])
def policy_draft(request: HttpRequest, policy_id: int) -> HttpResponse:
    """Edit the open draft's title and words."""
    draft = _draft_or_404(policy_id, request)
    initial = {"title": draft.title, "text": draft.text}
    form = DraftForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.edit_draft(
                draft,
                title=form.cleaned_data["title"],
                text=form.cleaned_data["text"],
                now=timezone.now(),
            )
        except InvalidInput as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "The draft was saved.")
            return redirect("policy_draft", policy_id=policy_id)
    context = {
        "policy": draft.policy,
        "draft": draft,
        "form": form,
        "grade": flesch_kincaid_grade(draft.text),
    }
    return render(request, "policies/draft.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def policy_publish(request: HttpRequest, policy_id: int) -> HttpResponse:
    """Freeze the draft as the next version."""
    draft = _draft_or_404(policy_id, request)
    previous = services.latest_published(draft.policy)
    form = PublishForm(
        request.POST if request.method == "POST" else None,
        first=previous is None,
        initial={"effective_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            version = services.publish(
                draft,
                change=form.cleaned_data.get("change", ""),
                summary=form.cleaned_data.get("summary", ""),
                effective_on=form.cleaned_data["effective_on"],
                now=timezone.now(),
            )
        except InvalidInput as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"Version {version.number} was published.")
            return redirect("policy_version", policy_id=policy_id, policy_version_id=version.pk)
    diff = word_diff(previous.text, draft.text) if previous else []
    context = {
        "policy": draft.policy,
        "draft": draft,
        "form": form,
        "previous": previous,
        "diff": diff,
    }
    return render(request, "policies/publish.html", context)


@login_required
def policy_version(request: HttpRequest, policy_id: int, policy_version_id: int) -> HttpResponse:
    """One published version (or the draft) with its hash, and every version of the policy."""
    policy = get_policy_for_user(request.user, policy_id)
    version = get_version_for_user(request.user, policy, policy_version_id)
    versions = list(policy.versions.filter(published_at__isnull=False).order_by("-number"))
    context = {"policy": policy, "version": version, "versions": versions}
    return render(request, "policies/version.html", context)


@login_required
def policy_diff(request: HttpRequest, policy_id: int, policy_version_id: int) -> HttpResponse:
    """The word diff between a version and the published one before it."""
    policy = get_policy_for_user(request.user, policy_id)
    version = get_version_for_user(request.user, policy, policy_version_id)
    earlier = policy.versions.filter(published_at__isnull=False)
    if version.number is not None:
        earlier = earlier.filter(number__lt=version.number)
    previous = earlier.order_by("-number").first()
    if previous is None:
        raise Http404("There is no earlier version to compare with.")
    context = {
        "policy": policy,
        "version": version,
        "previous": previous,
        "diff": word_diff(previous.text, version.text),
    }
    return render(request, "policies/diff.html", context)
