"""The under-use cues: each episode is found with the words behind it, its skilful
counterpart is not, and following well never raises the index."""

from __future__ import annotations

import math
import tomllib
from pathlib import Path

import pytest

from fulcrum.core.transcripts.analysis import analyze
from fulcrum.core.transcripts.coding.base import Role
from fulcrum.core.transcripts.coding.rules import RulesCoder
from fulcrum.core.transcripts.indicators import UNDERUSE_CAP, UNDERUSE_SCALE
from fulcrum.core.transcripts.model import Transcript, Utterance
from fulcrum.core.transcripts.parsing import parse_transcript
from fulcrum.core.transcripts.underuse import UNDERUSE_CUES, find_underuse

SESSIONS = Path(__file__).parent / "underuse_sessions"


def turns(*pairs: tuple[str, str]) -> tuple[list[str], list[Role]]:
    roles: list[Role] = ["practitioner" if who == "P" else "client" for who, _ in pairs]
    return [text for _, text in pairs], roles


def cues(*pairs: tuple[str, str]) -> list[tuple[str, tuple[int, ...], tuple[str, ...]]]:
    texts, roles = turns(*pairs)
    return [(e.cue, e.positions, e.matched) for e in find_underuse(texts, roles)]


def session(*pairs: tuple[str, str]) -> Transcript:
    utts = tuple(
        Utterance(i, "P" if who == "P" else "C", text) for i, (who, text) in enumerate(pairs)
    )
    return Transcript(utts, ("P", "C"), "test", practitioner="P", practitioner_confidence=1.0)


def test_it_finds_a_policy_request_accepted_with_its_words() -> None:
    found = cues(
        ("C", "Could we go over a bit today? I'd like another twenty minutes."),
        ("P", "Of course, no problem."),
    )
    assert found == [("policy_accepted", (0, 1), ("go over", "no problem"))]


def test_it_does_not_count_a_policy_held_kindly() -> None:
    assert not cues(
        ("C", "Could we go over a bit today? I'd like another twenty minutes."),
        ("P", "I'd like to, and I keep to our time so there's room for this next week."),
    )


def test_it_finds_a_fee_waived_after_a_late_cancellation() -> None:
    found = cues(
        ("C", "Sorry, I cancelled at the last minute again."),
        ("P", "Don't worry about the fee, these things happen."),
    )
    assert [c for c, *_ in found] == ["policy_accepted"]
    held = cues(
        ("C", "Sorry, I cancelled at the last minute again."),
        ("P", "Thanks for saying so. As we agreed, the late cancellation fee applies."),
    )
    assert held == []


def test_it_finds_a_policy_waived_unasked() -> None:
    found = cues(("C", "My back is sore."), ("P", "Here's my number, text me any time."))
    assert found == [("policy_accepted", (1,), ("Here's my number",))]


def test_it_reads_a_bare_okay_as_agreement_only_in_a_short_reply() -> None:
    asked = ("C", "Can I pay you next month?")
    assert cues(asked, ("P", "Okay."))
    # A longer turn opening with "okay" is usually a reflection or a question.
    reflection = "Okay. So money has been tight for you since the move, and that worries you."
    assert not cues(asked, ("P", reflection))


def test_it_finds_inappropriate_remarks_let_pass_but_not_those_named() -> None:
    remark = ("C", "You look gorgeous today, you know.")
    assert cues(remark, ("P", "Ha, thank you. So, the drinking.")) == [
        ("behaviour_unaddressed", (0, 1), ("You look gorgeous",))
    ]
    assert not cues(remark, ("P", "Comments about my looks are not okay here. Back to you."))


def test_it_does_not_read_a_client_describing_their_own_life_as_inappropriate() -> None:
    assert not cues(
        ("C", "It's a bit of a bitch, honestly, and my life is shit right now."),
        ("P", "Things feel really hard."),
        ("C", "All my family is still down there, I stayed in bed all day."),
        ("P", "Mm."),
    )


def test_a_complaint_is_the_clients_power_in_the_room_not_behaviour_to_name() -> None:
    complaint = ("C", "If this goes on I'll report you to the licensing board.")
    assert not cues(complaint, ("P", "Mm. So, last week."))
    analysis = analyze(session(complaint, ("P", "Mm. So, last week.")), RulesCoder())
    assert [c.kind for c in analysis.client_power.cues] == ["coercive"]
    harm = ("C", "I could hurt you, you know.")
    assert [c for c, *_ in cues(harm, ("P", "Mm. So, last week."))] == ["behaviour_unaddressed"]


def test_it_finds_the_role_disclaimed_and_repeated_apologies() -> None:
    found = cues(("P", "I don't want to impose, but maybe we could start?"), ("C", "Sure."))
    assert found == [("frame_yielded", (0,), ("I don't want to impose",))]
    sorry = cues(
        ("P", "Sorry, I'll be quick."),
        ("C", "Fine."),
        ("P", "Sorry, was that too much?"),
        ("C", "No."),
        ("P", "Sorry again."),
    )
    assert [(c, p) for c, p, _ in sorry] == [("frame_yielded", (0, 2, 4))]


def test_it_keeps_sympathy_and_autonomy_support_apart_from_yielding() -> None:
    assert not cues(
        ("P", "I'm so sorry to hear that."),
        ("C", "Thanks."),
        ("P", "I'm sorry that happened to you."),
        ("C", "Yes."),
        ("P", "Sorry about your dad. You're the boss of your own life, it's your choice."),
    )


def test_it_finds_friendship_talk() -> None:
    found = cues(
        ("C", "We should grab a coffee sometime, you feel like a friend."),
        ("P", "Oh, that would be lovely."),
    )
    assert "friendship_talk" in [c for c, *_ in found]
    story = cues(
        ("C", "How was your weekend?"),
        (
            "P",
            "Lovely, thanks. We went to the coast and my kids swam every morning, and I "
            "finally read a novel cover to cover.",
        ),
    )
    assert [c for c, *_ in story] == ["friendship_talk"]


def test_it_does_not_read_plans_with_others_or_a_brief_answer_as_friendship() -> None:
    assert not cues(
        ("C", "My husband and I, we should go out for dinner more."),
        ("P", "Time together matters to you both."),
        ("C", "How was your weekend?"),
        ("P", "Good, thanks. But this is your time, so back to you: how was yours?"),
    )


CHATTY = (
    "Oh, did I tell you about my neighbour? She's had the builders in for months. And guess "
    "what, her son is on that reality show now, the whole street watches it on the telly. "
    "By the way, the traffic by the garden centre was awful, I sat there for an hour. And "
    "the price of everything at the shops, you'd never believe it. My cousin has booked a "
    "cruise as well, at her age, and sends photos from the hotel every single morning. "
    "And the weather on the beach, the sun came out for one afternoon only. Anyway, so "
    "that's my week."
)


def test_it_finds_a_chatty_stretch_not_redirected() -> None:
    found = cues(("C", CHATTY), ("P", "Mm."), ("C", "Anyway, so that's that."), ("P", "Right."))
    assert [(c, p) for c, p, _ in found] == [("not_redirected", (0, 1, 2))]
    assert "did i tell you" in found[0][2]


def test_it_does_not_count_a_chatty_stretch_brought_back() -> None:
    assert not cues(
        ("C", CHATTY),
        ("P", "I'd like to bring us back to what you came in for today, the sleep."),
    )


def test_it_does_not_count_long_client_turns_about_their_concern() -> None:
    grief = (
        "It comes in waves. Some mornings I wake and for a second I forget, and then it "
        "lands again. I keep her cardigan on the chair in the kitchen and I can't move it. "
        "My brother says I should clear the house, but I'm not ready, and when he says it "
        "I feel rushed, like I should be over it by now, and I'm not, not even close."
    )
    assert not cues(("C", grief), ("P", "Mm-hmm."), ("C", grief), ("P", "Mm."))


def test_it_finds_no_frame_only_where_the_transcript_shows_its_ends() -> None:
    body = [("P", "How are things?"), ("C", "Fine.")] * 12
    opened = [("P", "Hi there."), ("C", "Hi."), *body, ("P", "Bye then."), ("C", "Bye.")]
    found = cues(*opened)
    assert [(c, m) for c, _, m in found] == [("no_structure", ("Hi", "Bye"))]
    framed = [
        ("P", "Hi there. We have fifty minutes today; what would you like to focus on?"),
        ("C", "Hi."),
        *body,
        ("P", "We're nearly at time. Same time next week? Bye then."),
        ("C", "Bye."),
    ]
    assert not cues(*framed)
    # Cut from a longer session: no greeting, no goodbye, nothing to judge.
    assert not cues(*body)


def test_it_scores_a_session_without_episodes_zero_however_little_the_practitioner_says() -> None:
    t = session(
        ("P", "What brings you in?"),
        ("C", "My drinking. It's got worse since the divorce; I hate the mornings."),
        ("P", "Mm-hmm."),
        ("C", "I want to cut down, I just don't know where to start with it all."),
        ("P", "You want to, and starting feels hard."),
    )
    under = analyze(t, RulesCoder()).under_use
    assert (under.score, under.value) == (0.0, 0.0)
    assert all(c.contribution == 0.0 for c in under.components)


def test_it_adds_up_weighted_episodes_and_caps_each_cue() -> None:
    ask = [("C", "Can I pay you next month?"), ("P", "Sure.")]
    once = analyze(session(*ask), RulesCoder()).under_use
    weight = {c.id: c.weight for c in UNDERUSE_CUES}["policy_accepted"]
    assert once.score == pytest.approx(weight)
    assert once.value == pytest.approx(10 * (1 - math.exp(-weight / UNDERUSE_SCALE)), abs=0.01)
    many = analyze(session(*ask * 6), RulesCoder()).under_use
    assert many.score == pytest.approx(weight * UNDERUSE_CAP)
    assert once.value < many.value < 10


def _written() -> list[dict[str, object]]:
    manifest = tomllib.loads((SESSIONS / "manifest.toml").read_text(encoding="utf-8"))
    entries: list[dict[str, object]] = manifest["session"]
    return entries


@pytest.mark.parametrize("entry", _written(), ids=lambda e: str(e["file"]))
def test_it_finds_the_episodes_written_into_each_session_and_none_in_their_matches(
    entry: dict[str, object],
) -> None:
    name = str(entry["file"])
    t = parse_transcript(
        (SESSIONS / name).read_bytes(), name, practitioner=str(entry["practitioner"])
    )
    a = analyze(t, RulesCoder())
    found = {e.cue for e in a.underuse_episodes}
    expected = entry["episodes"]
    assert isinstance(expected, list)
    if entry["underuse"]:
        assert set(expected) <= found
        assert a.under_use.value > 0
    else:
        assert found == set()
        assert a.under_use.value == 0.0


def test_it_covers_three_settings_with_matched_pairs() -> None:
    entries = _written()
    assert {"talk therapy", "counselling", "bodywork"} <= {e["setting"] for e in entries}
    stems = {str(e["file"]).rsplit("_", 1)[0]: [] for e in entries}  # type: ignore[var-annotated]
    for e in entries:
        stems[str(e["file"]).rsplit("_", 1)[0]].append(e["underuse"])
    assert all(sorted(v) == [False, True] for v in stems.values())


def test_it_keeps_ordinary_requests_and_reassurance_apart_from_policy() -> None:
    assert not cues(
        ("C", "Could we go over what we did last week?"),
        ("P", "Sure, let's do that."),
        ("C", "Sorry I'm late again, the bus."),
        ("P", "Don't worry, we'll still finish at ten past as usual."),
    )


def test_it_reads_reported_words_as_the_clients_story() -> None:
    assert not cues(
        ("C", "My dad always said you're useless, every single day."),
        ("P", "That stayed with you."),
        ("C", "I just wanted him to stop, to be quiet, and I shouted at the wall."),
        ("P", "Mm."),
    )
    assert cues(("C", "Honestly, you're useless."), ("P", "Okay. Go on."))


def test_it_reads_sympathy_said_often_as_sympathy() -> None:
    assert not cues(
        ("C", "She died on Tuesday."),
        ("P", "I'm so sorry."),
        ("C", "It was sudden."),
        ("P", "Sorry, that sounds like a shock."),
        ("C", "The funeral is Friday."),
        ("P", "I'm really sorry, Ana."),
    )


def test_it_leaves_the_work_shared_within_the_session_alone() -> None:
    assert not cues(
        (
            "C",
            "Could you stay a bit longer on my shoulders? And could I bring my partner next time?",
        ),
        ("P", "Sure."),
    )


def test_it_reads_autonomy_support_and_an_apology_for_lateness_as_skilful() -> None:
    assert not cues(
        ("P", "Hello Joe, nice to see you. We have the hour. What's on your mind today?"),
        ("C", "My drinking. The lads at the pub, the football on a Saturday, it's my life."),
        ("P", "It's up to you what you do with the drinking. Whatever you decide, I'll help."),
        ("C", "Yeah. Sorry, I'm rambling."),
        ("P", "Not at all. What would it be like to go to the match and not drink?"),
        ("C", "Weird. But maybe possible."),
        ("P", "Sorry, I started five minutes late today; we'll still finish at ten past."),
        ("C", "No worries."),
    )
