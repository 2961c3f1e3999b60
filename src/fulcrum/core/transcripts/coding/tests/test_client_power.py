"""The client's power in the room, on sessions written for Fulcrum (talk and bodywork)."""

import json
from pathlib import Path

import pytest

from fulcrum.core.transcripts.analysis import analysis_as_dict, analyze
from fulcrum.core.transcripts.client_power import (
    KINDS,
    ClientPowerCue,
    cues_in,
    suggest_for_map,
    suggested_rating,
)
from fulcrum.core.transcripts.coding.rules import RulesCoder
from fulcrum.core.transcripts.parsing import parse_transcript

SESSIONS = Path(__file__).parent / "sessions"
EXPECTED = json.loads((SESSIONS / "client_power.expected.json").read_text(encoding="utf-8"))


def _analysis(name: str):  # type: ignore[no-untyped-def]
    expected = EXPECTED[name]
    transcript = parse_transcript(
        (SESSIONS / name).read_bytes(), name, practitioner=expected["practitioner"]
    )
    return analyze(transcript, RulesCoder())


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_it_finds_exactly_the_clients_moves_of_each_kind(name: str) -> None:
    analysis = _analysis(name)
    found: dict[str, list[str]] = {}
    for cue in analysis.client_power.cues:
        found.setdefault(str(cue.utterance), []).append(cue.kind)
        assert cue.matched, "every cue names the words that triggered it"
    assert {k: sorted(v) for k, v in found.items()} == {
        k: sorted(v) for k, v in EXPECTED[name]["cues"].items()
    }
    speakers = {cue.speaker for cue in analysis.client_power.cues}
    assert analysis.practitioner not in speakers, "only the client's turns carry client power"


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_it_suggests_the_clients_ratings_for_the_power_map(name: str) -> None:
    suggestions = _analysis(name).client_power.suggestions
    assert {s.kind: s.rating for s in suggestions} == EXPECTED[name]["suggested"]
    for s in suggestions:
        assert s.raise_it
        assert s.current is None
        assert s.moments
        assert s.question.endswith("?")


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_it_summarises_the_cues_as_indicators(name: str) -> None:
    analysis = _analysis(name)
    expected = EXPECTED[name]["cues"]
    moments = analysis.indicator("client_power_moments")
    assert moments.value == len(expected)
    assert list(moments.utterances) == sorted(int(k) for k in expected)
    for kind in KINDS:
        at = sorted(int(k) for k, kinds in expected.items() if kind in kinds)
        assert list(analysis.indicator(f"client_power_{kind}").utterances) == at
    clients = sum(1 for c in analysis.codes if c.role == "client")
    assert analysis.indicator("client_power_moments_rate").value == pytest.approx(
        len(expected) / clients
    )


def test_it_lists_the_moments_in_the_json_with_their_words() -> None:
    data = analysis_as_dict(_analysis("counselling_attorney_client.txt"))
    cues = data["client_power"]["cues"]
    assert {"utterance": 5, "speaker": "Dana", "kind": "coercive"}.items() <= cues[2].items()
    assert "complaints" in cues[2]["matched"]
    kinds = [s["kind"] for s in data["client_power"]["suggestions"]]
    assert kinds == [k for k in KINDS if k in kinds], "suggestions follow the catalogue's order"


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("As a judge I see this kind of thing every week.", "legitimate"),
        ("I run a company of two hundred people.", "legitimate"),
        ("I'm a psychiatrist, so I know what a formulation is.", "expert"),
        ("That's not what the research says.", "expert"),
        ("I've filed complaints before, I know how they work.", "coercive"),
        ("Maybe I should find a different therapist.", "coercive"),
        ("My lawyer says I could take this further.", "coercive"),
        ("I could leave a one-star review, you know.", "coercive"),
        ("You might have seen me on the news last year.", "referent"),
        ("I pay you three hundred dollars an hour.", "reward"),
        ("I've told all my friends about you.", "reward"),
        ("I brought you something for your birthday.", "reward"),
        ("You're the only one who understands me.", "personal"),
        ("After everything I've done for you, this is what I get?", "personal"),
        ("You'd better not tell anyone about this.", "personal"),
        ("I can send you lots of referrals from my firm.", "reward"),
        ("You're so much wiser than anyone I've ever met.", "personal"),
        ("You always make me feel guilty when I cancel.", "personal"),
        ("Don't make me file a complaint about this.", "coercive"),
        ("I didn't like it, and I will file a complaint.", "coercive"),
        ("I'm not saying I'll sue, but my lawyer says I could.", "coercive"),
        ("If you don't help me I'll sue you.", "coercive"),
        ("I don't care, I'll sue you.", "coercive"),
        ("I'm not joking I will report you.", "coercive"),
    ],
)
def test_it_reads_each_kind_in_the_clients_words(text: str, kind: str) -> None:
    found = {k: matched for k, _, matched in cues_in(text)}
    assert kind in found
    assert found[kind].lower() in text.lower()


@pytest.mark.parametrize(
    "text",
    [
        "I'm worried I'll lose my job if this goes on.",
        "My sister says I should see a doctor about it.",
        "I filed my taxes late again.",
        "I paid for parking and then lost the ticket.",
        "She told me she'd see me in court over the house.",
        "The review at work went fine.",
        "I would never file a complaint against you.",
        "I'm not going to report you, don't worry.",
        "I have no intention of suing anyone.",
        "i wouldnt report you over something like that",
    ],
)
def test_it_leaves_ordinary_talk_alone(text: str) -> None:
    assert cues_in(text) == ()


def test_it_compares_a_suggestion_with_the_map_it_would_change() -> None:
    cues = [
        ClientPowerCue(3, 3, "Dana", "reward", "payment", "I pay you"),
        ClientPowerCue(5, 5, "Dana", "coercive", "a threat", "filed complaints"),
    ]
    by_kind = {s.kind: s for s in suggest_for_map(cues, {"reward": 3, "coercive": 1})}
    assert by_kind["reward"].rating == 2
    assert not by_kind["reward"].raise_it
    assert by_kind["coercive"].rating == 3
    assert by_kind["coercive"].raise_it
    assert by_kind["coercive"].current == 1


def test_it_rates_more_moments_higher_and_a_threat_high_at_once() -> None:
    assert [suggested_rating("reward", n) for n in range(6)] == [0, 2, 3, 3, 4, 4]
    assert suggested_rating("coercive", 1) == 3
