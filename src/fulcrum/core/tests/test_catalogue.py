from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from fulcrum.core.catalogue import DEFAULT_DIRECTORY, IndicatorMode, load_catalogue
from fulcrum.core.errors import CatalogueError, InvalidInput
from fulcrum.core.powermap import PowerMapInput, score_power_map

CONTRACT_KINDS = ("legitimate", "coercive", "expert", "referent", "reward", "personal")
CONTRACT_INDICATORS: dict[IndicatorMode, set[str]] = {
    "over": {
        "no_choices_offered",
        "self_disclosure_practitioner_need",
        "late_start",
        "overran_end",
    },
    "under": {
        "policy_not_enforced",
        "behaviour_not_addressed",
        "friendship_drift",
        "session_not_redirected",
    },
    "skilful": {"choices_offered", "clear_guidance", "consent_checked", "signals_tracked"},
}
FORM_GROUPS = {
    "choice & consent",
    "boundaries",
    "time & policy",
    "disclosure",
    "touch & draping",
    "presence",
}


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    target = tmp_path / "catalogue"
    shutil.copytree(DEFAULT_DIRECTORY, target)
    return target


def append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + "\n" + text, encoding="utf-8")


def test_it_loads_the_six_kinds_in_order() -> None:
    assert load_catalogue().kind_ids == CONTRACT_KINDS


def test_it_has_the_three_holders() -> None:
    assert load_catalogue().holder_ids == ("practitioner", "client", "third_party")


def test_it_has_the_indicators_the_form_relies_on() -> None:
    catalogue = load_catalogue()
    for mode, ids in CONTRACT_INDICATORS.items():
        assert ids <= {i.id for i in catalogue.indicators_in(mode)}


def test_it_has_grievance_and_subtle_over_use() -> None:
    over = load_catalogue().indicators_in("over")
    assert {"sexualised_contact", "scope_creep"} <= {i.id for i in over if i.level == "grievance"}
    assert all(i.level in ("grievance", "subtle") for i in over)
    grievance = [i.weight for i in over if i.level == "grievance"]
    subtle = [i.weight for i in over if i.level == "subtle"]
    assert min(grievance) > max(subtle)


def test_it_gives_every_indicator_a_form_group_and_a_question() -> None:
    for indicator in load_catalogue().indicators:
        assert indicator.group in FORM_GROUPS, indicator.id
        assert indicator.question.endswith("?"), indicator.id
        assert indicator.label
        assert indicator.explanation


def test_it_has_amplifiers_and_counter_factors() -> None:
    catalogue = load_catalogue()
    assert "client_in_crisis" in {f.id for f in catalogue.amplifiers}
    assert "client_complaint_history" in {f.id for f in catalogue.counter_factors}
    assert all(f.side == "amplifier" for f in catalogue.amplifiers)
    assert all(f.side == "counter" for f in catalogue.counter_factors)
    assert catalogue.factor("client_threats").side == "counter"


def test_it_caches_the_default_catalogue() -> None:
    assert load_catalogue() is load_catalogue()
    assert load_catalogue(DEFAULT_DIRECTORY) == load_catalogue()


def test_it_looks_things_up_by_id() -> None:
    catalogue = load_catalogue()
    assert catalogue.kind("expert").label == "Expert"
    assert catalogue.indicator("late_start").mode == "over"
    with pytest.raises(InvalidInput, match="wisdom"):
        catalogue.kind("wisdom")
    with pytest.raises(InvalidInput, match="nope"):
        catalogue.indicator("nope")
    with pytest.raises(InvalidInput, match="nope"):
        catalogue.factor("nope")


def test_it_adds_a_seventh_kind_by_data_alone(data_dir: Path) -> None:
    append(
        data_dir / "kinds.toml",
        """
[[kind]]
id = "informational"
label = "Informational"
explanation = "Power from holding information the other person lacks."
practitioner_example = "Knowing what the notes say."
client_example = "Knowing something about the practitioner's private life."
""",
    )
    catalogue = load_catalogue(data_dir)
    assert catalogue.kind_ids[-1] == "informational"

    result = score_power_map(
        PowerMapInput(
            ratings={"practitioner": {"informational": 1}, "client": {"informational": 4}}
        ),
        catalogue,
    )

    assert len(result.balances) == 7
    assert result.balances[-1].balance == -3
    assert result.client_holds_more == ("informational",)
    assert result.overall_differential == pytest.approx(-3 / 7)
    assert any("informational" in s for s in result.practitioner_exposure)


def test_the_default_catalogue_refuses_an_unknown_kind() -> None:
    with pytest.raises(InvalidInput, match="informational"):
        score_power_map(PowerMapInput(ratings={"client": {"informational": 4}}))


BROKEN = [
    (
        "kinds.toml",
        '[[kind]]\nid = "expert"\nlabel = "Again"\nexplanation = "x"\n'
        'practitioner_example = "x"\nclient_example = "x"\n',
        r"kinds\.toml: kind 'expert'.*more than once",
    ),
    (
        "kinds.toml",
        '[[kind]]\nid = "spare"\nlabel = "Spare"\nexplanation = "x"\npractitioner_example = "x"\n',
        r"kinds\.toml: kind 'spare'.*'client_example'",
    ),
    (
        "factors.toml",
        '[[factor]]\nid = "heavy"\nside = "amplifier"\nlabel = "H"\nexplanation = "x"\n'
        "weight = 1.5\n",
        r"factors\.toml: factor 'heavy'.*'weight' is 1\.5",
    ),
    (
        "factors.toml",
        '[[factor]]\nid = "sideways"\nside = "both"\nlabel = "S"\nexplanation = "x"\n'
        "weight = 0.1\n",
        r"factors\.toml: factor 'sideways'.*'side'",
    ),
    (
        "indicators.toml",
        '[[indicator]]\nid = "odd"\nmode = "sideways"\ngroup = "presence"\nweight = 1\n'
        'label = "Odd"\nexplanation = "x"\nquestion = "x?"\n',
        r"indicators\.toml: indicator 'odd'.*'mode'",
    ),
    (
        "indicators.toml",
        '[[indicator]]\nid = "odd"\nmode = "under"\nlevel = "subtle"\ngroup = "presence"\n'
        'weight = 1\nlabel = "Odd"\nexplanation = "x"\nquestion = "x?"\n',
        r"indicators\.toml: indicator 'odd'.*'level' only applies",
    ),
    (
        "indicators.toml",
        '[[indicator]]\nid = "odd"\nmode = "over"\nlevel = "mild"\ngroup = "presence"\n'
        'weight = 1\nlabel = "Odd"\nexplanation = "x"\nquestion = "x?"\n',
        r"indicators\.toml: indicator 'odd'.*'level'",
    ),
    (
        "indicators.toml",
        '[[indicator]]\nid = "odd"\nmode = "skilful"\ngroup = "presence"\nweight = 0\n'
        'label = "Odd"\nexplanation = "x"\nquestion = "x?"\n',
        r"indicators\.toml: indicator 'odd'.*'weight' is 0",
    ),
    (
        "indicators.toml",
        '[[indicator]]\nid = "odd"\nmode = "skilful"\ngroup = "presence"\nweight = 1\n'
        'label = "Odd"\nexplanation = "x"\nquestion = "x?"\ncolour = "red"\n',
        r"indicators\.toml: indicator 'odd'.*unknown field",
    ),
    ("holders.toml", "[[holder]]\nid = \n", r"holders\.toml: not valid TOML"),
]


@pytest.mark.parametrize(("filename", "extra", "message"), BROKEN)
def test_it_names_the_file_and_entry_when_data_is_wrong(
    data_dir: Path, filename: str, extra: str, message: str
) -> None:
    append(data_dir / filename, extra)
    with pytest.raises(CatalogueError, match=message):
        load_catalogue(data_dir)


def test_it_reports_a_missing_file(data_dir: Path) -> None:
    (data_dir / "holders.toml").unlink()
    with pytest.raises(CatalogueError, match=r"holders\.toml: the catalogue file is missing"):
        load_catalogue(data_dir)


def test_it_requires_practitioner_and_client_holders(data_dir: Path) -> None:
    (data_dir / "holders.toml").write_text(
        '[[holder]]\nid = "practitioner"\nlabel = "P"\nexplanation = "x"\n', encoding="utf-8"
    )
    with pytest.raises(CatalogueError, match="'client' is required"):
        load_catalogue(data_dir)


def test_it_requires_at_least_one_kind(data_dir: Path) -> None:
    (data_dir / "kinds.toml").write_text("# nothing\n", encoding="utf-8")
    with pytest.raises(CatalogueError, match="at least one"):
        load_catalogue(data_dir)
