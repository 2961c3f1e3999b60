"""Power map pages: parse → access (the area's access.py) → service → render."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.safestring import mark_safe

from fulcrum.clients.access import get_client_for_user
from fulcrum.core.catalogue import Catalogue, load_catalogue
from fulcrum.core.errors import InvalidInput
from fulcrum.core.powermap import RATING_MAX, RATING_MIN
from fulcrum.powermaps import services
from fulcrum.powermaps.access import get_power_map_for_user, power_maps_for_user
from fulcrum.powermaps.charts import power_map_radar
from fulcrum.powermaps.forms import SCALE_WORDS, PowerMapForm, rating_field_name
from fulcrum.powermaps.models import PowerMap

# Earlier maps shown when comparing; older re-assessments stay in the record.
HISTORY_LIMIT = 50


@dataclass(frozen=True)
class KindChange:
    label: str
    before: int
    after: int

    @property
    def delta(self) -> int:
        return self.after - self.before


@dataclass(frozen=True)
class HistoryRow:
    """One assessment next to the one before it (balances are practitioner minus client)."""

    power_map: PowerMap
    differential_change: float | None
    amplification_change: float | None
    changes: tuple[KindChange, ...]


def _balances(power_map: PowerMap, catalogue: Catalogue) -> dict[str, int]:
    ratings = power_map.ratings
    return {
        k.id: int(ratings.get("practitioner", {}).get(k.id, 0))
        - int(ratings.get("client", {}).get(k.id, 0))
        for k in catalogue.kinds
    }


def compare_history(maps: Sequence[PowerMap], catalogue: Catalogue) -> list[HistoryRow]:
    """Each map (oldest first in ``maps``) with its changes since the previous one; newest first."""
    rows: list[HistoryRow] = []
    previous: PowerMap | None = None
    for pm in maps:
        if previous is None:
            rows.append(HistoryRow(pm, None, None, ()))
        else:
            before, after = _balances(previous, catalogue), _balances(pm, catalogue)
            changes = tuple(
                KindChange(k.label, before[k.id], after[k.id])
                for k in catalogue.kinds
                if before[k.id] != after[k.id]
            )
            rows.append(
                HistoryRow(
                    pm,
                    pm.overall_differential - previous.overall_differential,
                    pm.amplification - previous.amplification,
                    changes,
                )
            )
        previous = pm
    rows.reverse()
    return rows


def suggested_ratings(request: HttpRequest, catalogue: Catalogue) -> dict[str, int]:
    """Client ratings suggested in the address (``?suggest_coercive=3``), e.g. by a
    transcript's report: only known kinds and ratings on the scale, never saved unasked."""
    out: dict[str, int] = {}
    for kind_id in catalogue.kind_ids:
        raw = request.GET.get(f"suggest_{kind_id}", "")
        if raw.isdigit() and RATING_MIN <= int(raw) <= RATING_MAX:
            out[kind_id] = int(raw)
    return out


@login_required
def powermap_create(request: HttpRequest, client_id: int) -> HttpResponse:
    client = get_client_for_user(request.user, client_id)
    catalogue = load_catalogue()
    previous = power_maps_for_user(request.user).filter(client=client).first()
    initial = PowerMapForm.initial_from(previous, catalogue) if previous else {}
    # A suggestion only pre-fills the form where it is above the client's rating; the
    # practitioner saves it, changes it or leaves the page.
    suggested = {}
    for kind_id, rating in suggested_ratings(request, catalogue).items():
        name = rating_field_name("client", kind_id)
        if rating > int(initial.get(name) or 0):
            initial[name] = str(rating)
            suggested[kind_id] = rating
    now = timezone.now()
    form = PowerMapForm(
        request.POST or None,
        initial=initial,
        catalogue=catalogue,
        today=timezone.localdate(now),
    )
    if request.method == "POST" and form.is_valid():
        try:
            power_map = services.record_power_map(
                client,
                ratings=form.ratings(),
                amplifiers=form.cleaned_data["amplifiers"],
                counter_factors=form.cleaned_data["counter_factors"],
                note=form.cleaned_data["note"],
                assessed_at=form.assessed_at(now),
                third_party_kind=form.cleaned_data["third_party_kind"],
                third_party_label=form.cleaned_data["third_party_label"],
            )
        except InvalidInput as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Power map saved.")
            return redirect("powermap_detail", client_id=client.pk, map_id=power_map.pk)
    return render(
        request,
        "powermaps/powermap_form.html",
        {
            "client": client,
            "form": form,
            "previous": previous,
            "suggested": [(catalogue.kind(k).label, v) for k, v in suggested.items()],
            "scale": [(v, SCALE_WORDS.get(v, "")) for v in range(RATING_MIN, RATING_MAX + 1)],
        },
    )


def _balance_words(balance: int) -> str:
    if balance > 0:
        return "you hold more"
    if balance < 0:
        return "client holds more"
    return "even"


@login_required
def powermap_detail(request: HttpRequest, client_id: int, map_id: int) -> HttpResponse:
    client = get_client_for_user(request.user, client_id)
    power_map = get_power_map_for_user(request.user, client, map_id)
    catalogue = load_catalogue()
    try:
        reading = services.read_power_map(power_map)
    except InvalidInput as exc:
        reading, problem = None, str(exc)
    else:
        problem = ""
    balances = radar = None
    has_third_party = third_party_partial = False
    if reading is not None:
        balances = [
            {
                "kind": catalogue.kind(b.kind),
                "b": b,
                "words": _balance_words(b.balance),
                "direction": "up" if b.balance > 0 else "down" if b.balance < 0 else "even",
            }
            for b in reading.balances
        ]
        # A named third party gets its column even before any of its kinds is rated.
        has_third_party = any(b.third_party is not None for b in reading.balances) or bool(
            power_map.third_party_kind or power_map.third_party_label.strip()
        )
        rated = [b.third_party is not None for b in reading.balances]
        third_party_partial = any(rated) and not all(rated)
        # radar_svg escapes every piece of text it draws.
        radar = mark_safe(
            power_map_radar(reading, catalogue, third_party_name=power_map.third_party_name)
        )
    maps = list(reversed(power_maps_for_user(request.user).filter(client=client)[:HISTORY_LIMIT]))
    return render(
        request,
        "powermaps/powermap_detail.html",
        {
            "client": client,
            "power_map": power_map,
            "reading": reading,
            "problem": problem,
            "balances": balances,
            "has_third_party": has_third_party,
            "third_party_partial": third_party_partial,
            "radar": radar,
            "client_holds_more": [catalogue.kind(k).label for k in reading.client_holds_more]
            if reading
            else [],
            "amplifiers": _factor_labels(catalogue, power_map.amplifiers),
            "counter_factors": _factor_labels(catalogue, power_map.counter_factors),
            "history": compare_history(maps, catalogue),
        },
    )


def _factor_labels(catalogue: Catalogue, ids: Sequence[str]) -> list[str]:
    labels = []
    for factor_id in ids:
        try:
            labels.append(catalogue.factor(factor_id).label)
        except InvalidInput:
            labels.append(factor_id)
    return labels


@login_required
def powermap_history(request: HttpRequest, client_id: int) -> HttpResponse:
    client = get_client_for_user(request.user, client_id)
    maps = list(reversed(power_maps_for_user(request.user).filter(client=client)[:HISTORY_LIMIT]))
    return render(
        request,
        "powermaps/powermap_history.html",
        {"client": client, "history": compare_history(maps, load_catalogue())},
    )
