"""The power map form, built from the catalogue so adding a kind is a data change."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from django import forms
from django.forms.boundfield import BoundWidget
from django.utils import timezone

from fulcrum.core.catalogue import REQUIRED_HOLDERS, Catalogue, Factor, Holder, PowerKind
from fulcrum.core.powermap import RATING_MAX, RATING_MIN
from fulcrum.kernel.dates import plausible_date
from fulcrum.powermaps.models import PowerMap, ThirdPartyKind
from fulcrum.powermaps.services import NOTE_MAX, THIRD_PARTY_LABEL_MAX

NOT_RATED = ""
SCALE_WORDS = {0: "none", 1: "a little", 2: "some", 3: "much", 4: "a great deal"}


def rating_field_name(holder_id: str, kind_id: str) -> str:
    return f"{holder_id}__{kind_id}"


@dataclass(frozen=True)
class RadioChoice:
    widget: BoundWidget
    words: str  # spoken with the digit, so "3" reads as "3, much"


@dataclass(frozen=True)
class RatingRow:
    holder: Holder
    field: forms.BoundField
    optional: bool

    @property
    def choices(self) -> list[RadioChoice]:
        return [
            RadioChoice(w, SCALE_WORDS.get(int(w.data["value"]), ""))
            if w.data["value"]
            else RadioChoice(w, "")
            for w in self.field
        ]


@dataclass(frozen=True)
class KindBlock:
    kind: PowerKind
    rows: tuple[RatingRow, ...]


@dataclass(frozen=True)
class FactorChoice:
    factor: Factor
    widget: BoundWidget


class PowerMapForm(forms.Form):
    """One radio group per kind per holder, the context factors, and a note.

    Practitioner and client ratings are required; other holders (third parties) are
    optional and only stored when at least one of their kinds is rated.
    """

    assessed_on = forms.DateField(
        validators=[plausible_date],
        label="Assessed on",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="The day you made this assessment; change it if that was not today.",
        error_messages={"invalid": "Enter the day as a date, such as 2026-03-14."},
    )
    third_party_kind = forms.ChoiceField(
        label="Who the third party is",
        required=False,
        choices=[("", "Not named"), *ThirdPartyKind.choices],
    )
    third_party_label = forms.CharField(
        label="In your words",
        required=False,
        max_length=THIRD_PARTY_LABEL_MAX,
        help_text="Private, for example “the client's employer” or “mother, disputing custody”.",
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    amplifiers = forms.MultipleChoiceField(
        required=False, widget=forms.CheckboxSelectMultiple, label="What in the setting applies"
    )
    counter_factors = forms.MultipleChoiceField(
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="What shifts power toward the client",
    )
    note = forms.CharField(
        required=False,
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Private. What stood out as you made this map?",
    )

    def __init__(
        self, *args: Any, catalogue: Catalogue, today: date | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.catalogue = catalogue
        self.today = today if today is not None else timezone.localdate()
        self.fields["assessed_on"].initial = self.today
        self.fields["assessed_on"].widget.attrs["max"] = self.today.isoformat()
        scale = [(str(v), str(v)) for v in range(RATING_MIN, RATING_MAX + 1)]
        for holder in catalogue.holders:
            optional = holder.id not in REQUIRED_HOLDERS
            for kind in catalogue.kinds:
                self.fields[rating_field_name(holder.id, kind.id)] = forms.ChoiceField(
                    label=f"{holder.label}: {kind.label.lower()} power",
                    choices=([(NOT_RATED, "not rated")] if optional else []) + scale,
                    required=not optional,
                    initial=NOT_RATED if optional else None,
                    widget=forms.RadioSelect,
                    error_messages={
                        "required": f"Rate the {holder.label.lower()}'s {kind.label.lower()} "
                        f"power from {RATING_MIN} to {RATING_MAX}.",
                        "invalid_choice": f"Ratings go from {RATING_MIN} to {RATING_MAX}.",
                    },
                )
        amp = self.fields["amplifiers"]
        counter = self.fields["counter_factors"]
        assert isinstance(amp, forms.MultipleChoiceField)
        assert isinstance(counter, forms.MultipleChoiceField)
        amp.choices = [(f.id, f.label) for f in catalogue.amplifiers]
        counter.choices = [(f.id, f.label) for f in catalogue.counter_factors]

    @staticmethod
    def initial_from(power_map: PowerMap, catalogue: Catalogue) -> dict[str, Any]:
        """Pre-fill a re-assessment with an earlier map's ratings and factors.

        A practitioner's or client's kind the map left out counts as 0 (as the API
        documents), so it is shown as 0 rather than left blank for the form to refuse;
        a third party's kind left out stays not rated.
        """
        initial: dict[str, Any] = {
            rating_field_name(holder_id, kind.id): "0"
            for holder_id in REQUIRED_HOLDERS
            for kind in catalogue.kinds
        }
        initial.update(
            {
                rating_field_name(holder_id, kind_id): str(value)
                for holder_id, kinds in power_map.ratings.items()
                for kind_id, value in kinds.items()
            }
        )
        initial["amplifiers"] = list(power_map.amplifiers)
        initial["counter_factors"] = list(power_map.counter_factors)
        initial["third_party_kind"] = power_map.third_party_kind
        initial["third_party_label"] = power_map.third_party_label
        return initial

    def clean_assessed_on(self) -> date | None:
        day: date | None = self.cleaned_data["assessed_on"]
        if day is not None and day > self.today:
            raise forms.ValidationError("An assessment cannot be dated in the future.")
        return day

    def assessed_at(self, now: datetime) -> datetime:
        """When the map was made: ``now`` for today (or no day), midday of an earlier day."""
        day: date | None = self.cleaned_data["assessed_on"]
        if day is None or day >= timezone.localdate(now):
            return now
        return datetime.combine(day, time(12), tzinfo=timezone.get_current_timezone())

    def kind_blocks(self) -> list[KindBlock]:
        """The rating controls grouped by kind, for the template."""
        return [
            KindBlock(
                kind=kind,
                rows=tuple(
                    RatingRow(
                        holder=holder,
                        field=self[rating_field_name(holder.id, kind.id)],
                        optional=holder.id not in REQUIRED_HOLDERS,
                    )
                    for holder in self.catalogue.holders
                ),
            )
            for kind in self.catalogue.kinds
        ]

    def factor_choices(self, name: str) -> list[FactorChoice]:
        """Checkboxes of ``amplifiers`` or ``counter_factors`` with their catalogue entries."""
        return [
            FactorChoice(factor=self.catalogue.factor(str(w.data["value"])), widget=w)
            for w in self[name]
        ]

    def amplifier_choices(self) -> list[FactorChoice]:
        return self.factor_choices("amplifiers")

    def counter_choices(self) -> list[FactorChoice]:
        return self.factor_choices("counter_factors")

    def ratings(self) -> dict[str, dict[str, int]]:
        """Cleaned ratings by holder then kind; unrated optional holders are left out."""
        result: dict[str, dict[str, int]] = {}
        for holder in self.catalogue.holders:
            rated = {
                kind.id: int(value)
                for kind in self.catalogue.kinds
                if (value := self.cleaned_data.get(rating_field_name(holder.id, kind.id)))
                not in (None, NOT_RATED)
            }
            if rated or holder.id in REQUIRED_HOLDERS:
                result[holder.id] = rated
        return result
