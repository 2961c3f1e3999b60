"""The demo workspace's reflective practice: a safe-harbour plan, journal, client answers.

Called by ``fulcrum.demo.load_demo`` once the invented caseload exists. Everything goes
through the services, like a practitioner's own records, and is deterministic: the
same seed and ``now`` always give the same plan, practice, entries and answers. All
text is invented and written in Fulcrum's own words.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from decimal import Decimal

from fulcrum.accounts.models import User
from fulcrum.checkins.models import CheckIn, DriftWarning
from fulcrum.clients.models import Client
from fulcrum.clientvoice.services import create_link, submit_answers
from fulcrum.core.harbour import ACTIONS_PER_PILLAR
from fulcrum.core.reflection import load_prompts, prompt_for_warning
from fulcrum.core.voice import VoiceAnswers
from fulcrum.harbour.services import current_plan, record_practice, save_plan
from fulcrum.policies import services as policies
from fulcrum.policies.consent import record_consent
from fulcrum.policies.enforcement import (
    BodyworkData,
    EnforcementData,
    record_bodywork,
    record_enforcement,
)
from fulcrum.policies.models import ConsentEvent, EnforcementRecord, PolicyVersion
from fulcrum.reflection.services import EntryData, write_entry
from fulcrum.vignettes.services import (
    Edit,
    approve_version,
    ask_contributor,
    publish_vignette,
    save_edit,
    submit_vignette,
)

__all__ = ["PLAN", "load_policies_demo", "load_practice_demo"]

PLAN: dict[str, tuple[str, ...]] = {
    "trust": (
        "Start and finish at the agreed time.",
        "Say at the start what today's session will and won't include.",
        "Describe what I'm about to do before I do it.",
        "Follow up on something the client raised last time.",
        "Keep the same routine for payment and booking every week.",
    ),
    "safety": (
        "Offer a choice of where and how to begin.",
        "Agree a word or signal that pauses the work at once.",
        "Ask about pressure or pace in the first minutes and again later.",
        "Check in before moving towards anything painful.",
        "Leave time at the end to settle before the client goes.",
    ),
    "accountability": (
        "Hand over my written practice policies and go through them.",
        "Name it when I get something wrong and say what I'll change.",
        "Take any session that troubles me to supervision within a week.",
        "Explain my scope of practice and refer on when it's beyond it.",
        "Apply my cancellation policy the same way to every client.",
    ),
    "respect": (
        "Ask what the client makes of something before giving my view.",
        "Use the client's own words for their experience.",
        "Keep my own stories out unless they clearly serve the client.",
        "Leave the room while the client undresses and dresses.",
        "Ask before working near any sensitive area, every session.",
    ),
}
# The second version rewords two actions after supervision.
REVISED = {
    ("safety", 3): "Ask about pressure and pace at the start, halfway, and whenever I change area.",
    (
        "accountability",
        2,
    ): "Say so when I get something wrong, and tell the client what I'll change.",
}
# How often each action finds its way into a session: most do, a few rarely, some never.
NEVER = {("accountability", 5), ("trust", 5), ("respect", 2)}
RARELY = {("accountability", 1), ("safety", 5), ("trust", 4)}


def load_practice_demo(owner: User, *, now: datetime, seed: int = 11) -> None:
    """Add the plan (two versions), practice, journal entries and client answers."""
    rng = random.Random(seed)
    checkins = list(
        CheckIn.objects.filter(client__owner=owner)
        .select_related("client")
        .order_by("session_at", "pk")
    )
    if not checkins:
        return
    _plan_and_practice(owner, checkins, rng, now=now)
    clients = {c.code: c for c in Client.objects.filter(owner=owner)}
    _journal(owner, clients, now=now)
    _voices(clients, now=now)
    load_policies_demo(owner, now=now)
    load_library_demo(now=now)


def _texts(version: int) -> dict[tuple[str, int], str]:
    texts = {
        (pillar, n + 1): text for pillar, actions in PLAN.items() for n, text in enumerate(actions)
    }
    assert all(len(a) == ACTIONS_PER_PILLAR for a in PLAN.values())
    if version > 1:
        texts.update(REVISED)
    return texts


def _plan_and_practice(
    owner: User, checkins: list[CheckIn], rng: random.Random, *, now: datetime
) -> None:
    first_session = checkins[0].session_at
    save_plan(
        owner,
        _texts(1),
        now=first_session - timedelta(days=3),
        note="Written after the workshop on the safe-harbour exercise.",
    )
    revised_at = now - timedelta(days=42)
    revised = False
    for checkin in checkins:
        if not revised and checkin.session_at >= revised_at:
            save_plan(
                owner,
                _texts(2),
                now=revised_at,
                note="Made two actions more concrete after supervision.",
            )
            revised = True
        plan = current_plan(owner)
        assert plan is not None
        bodywork = checkin.client.modality == Client.Modality.BODYWORK
        ticked = []
        for action in plan.actions.all():
            slot = (action.pillar, action.position)
            if slot in NEVER:
                continue
            if slot in {("respect", 4), ("respect", 5)} and not bodywork:
                continue  # undressing and touch: bodywork only
            chance = 0.06 if slot in RARELY else 0.45
            if rng.random() < chance:
                ticked.append(action.pk)
        record_practice(checkin, ticked, owner=owner)


def _warning(client: Client, direction: str) -> DriftWarning | None:
    return DriftWarning.objects.filter(client=client, direction=direction).first()


def _latest(client: Client, *, back: int = 0) -> CheckIn:
    return CheckIn.objects.filter(client=client).order_by("-session_at", "-pk")[back]


def _journal(owner: User, clients: dict[str, Client], *, now: datetime) -> None:
    library = load_prompts()
    over = _warning(clients["B-202"], "over")
    under = _warning(clients["T-103"], "under")
    entries: list[tuple[int, EntryData]] = [
        (
            70,
            EntryData(
                prompt_id="want_power",
                body=(
                    "My first answer was 'no, I don't want power'. After a pause: I want "
                    "enough to keep the room steady when a client can't. That is power, "
                    "and pretending otherwise leaves the client to hold it."
                ),
            ),
        ),
        (
            50,
            EntryData(
                prompt_id="clients_more_powerful",
                client=clients["T-104"],
                body=(
                    "With a fellow clinician I notice I talk more, explain more, cite more. "
                    "I think I am trying to match their expertise rather than offer mine."
                ),
            ),
        ),
        (
            33,
            EntryData(
                prompt_id="my_exposure",
                client=clients["T-101"],
                checkin=_latest(clients["T-101"], back=3),
                include_in_supervision=True,
                body=(
                    "The executive mentioned the company's lawyers again when I held the "
                    "cancellation policy. I felt my chest tighten and I softened my tone "
                    "straight away. Where am I exposed here, and what would keep us both safe?"
                ),
            ),
        ),
        (
            21,
            EntryData(
                prompt_id="skilful_this_week",
                body=(
                    "Offered a choice of starting position and waited for the answer "
                    "instead of filling the silence. The client chose differently from "
                    "what I'd have picked, and settled faster."
                ),
            ),
        ),
    ]
    if over is not None:
        prompt = prompt_for_warning(over.direction, over.indicator_ids, library.prompts)
        entries.append(
            (
                6,
                EntryData(
                    prompt_id=prompt.id,
                    warning=over,
                    include_in_supervision=True,
                    body=(
                        "Fulcrum flagged over-use with B-202. Reading back, I've been late "
                        "three times and talked about my own move in most sessions. The "
                        "client has been kind about it, which is exactly what worries me."
                    ),
                ),
            )
        )
    if under is not None:
        entries.append(
            (
                4,
                EntryData(
                    prompt_id="friendship_this_week",
                    warning=under,
                    body=(
                        "We laughed for the first ten minutes again and I didn't charge the "
                        "late cancellation. It feels warm. It also feels like I'm the one "
                        "being looked after."
                    ),
                ),
            )
        )
    entries.append(
        (
            2,
            EntryData(
                prompt_id="disclosure_after",
                client=clients["B-202"],
                body=(
                    "After I mentioned my injury the client asked how I was for the rest "
                    "of the session. Their attention went to me, not their own body."
                ),
            ),
        )
    )
    for days_ago, data in entries:
        write_entry(owner, data, now=now - timedelta(days=days_ago, hours=3))


def _answer(checkin: CheckIn, answers: VoiceAnswers, comment: str = "") -> None:
    _, raw = create_link(checkin, now=checkin.session_at + timedelta(minutes=55))
    submit_answers(raw, answers, comment=comment, now=checkin.session_at + timedelta(hours=20))


def _voices(clients: dict[str, Client], *, now: datetime) -> None:
    """Answers on several sessions: agreements, a flagged gap, and perfect answers to question."""
    table = clients["B-201"]
    offered = [
        c
        for c in CheckIn.objects.filter(client=table).order_by("-session_at", "-pk")
        if "choices_offered" in c.observed
    ]
    # The gap: choices recorded as offered, but the client felt little say.
    _answer(
        offered[0],
        VoiceAnswers(choice=3, voice=7, safety=8, respect=9),
        comment="I wasn't sure I could ask to start differently.",
    )
    _answer(offered[2], VoiceAnswers(choice=8, voice=9, safety=9, respect=10))
    # Over-use drift: the client notices what the check-in also records.
    _answer(_latest(clients["B-202"], back=1), VoiceAnswers(choice=4, voice=5, safety=7, respect=6))
    # Under-use drift: all tens, beside signs of a friendship forming.
    _answer(_latest(clients["T-103"]), VoiceAnswers(choice=10, voice=10, safety=10, respect=10))
    # Early in treatment, in crisis: safety lower than the practitioner saw.
    _answer(_latest(clients["T-102"], back=2), VoiceAnswers(choice=8, voice=6, safety=4, respect=9))
    _answer(_latest(clients["T-104"]), VoiceAnswers(choice=9, voice=8, safety=9, respect=8))
    # A link handed over and not yet answered.
    create_link(_latest(clients["T-101"]), now=now - timedelta(hours=20))


# The demo library: invented vignettes in Fulcrum's own words, nobody real in them.
LIBRARY = (
    Edit(
        title="The extra ten minutes",
        text=(
            "A client in her 40s often began the most important part of the session as the "
            "hour ended. I kept letting it run over, telling myself it was kindness. After a "
            "month the extra time had become expected, and I noticed I was resenting it and "
            "saying less in the time we had agreed."
        ),
        kinds=("legitimate",),
        direction="practitioner-client",
        use="under",
        modality="talk",
        questions="Whose need did the extra time serve? What would holding the hour say?",
        teaching_notes="Useful for a first discussion of boundaries as shared structure.",
    ),
    Edit(
        title="The expert in the room",
        text=(
            "A client asked what I thought she should do about her job. I answered at length, "
            "with examples from other clients. She agreed with everything, and came back the "
            "next week having done none of it. When I asked, she said it had sounded like my "
            "plan rather than hers."
        ),
        kinds=("expert",),
        direction="practitioner-client",
        use="over",
        modality="talk",
        questions="When does an answer help, and when does it take the choice away?",
        teaching_notes="Pairs well with the check-in question about offering choices.",
    ),
    Edit(
        title="The review she might write",
        text=(
            "Part way through a difficult session a client mentioned the review she was "
            "planning to post about practitioners like me. I felt myself soften what I had "
            "been about to say. Afterwards I took it to supervision and we talked about how "
            "to name what had happened in the room."
        ),
        kinds=("coercive",),
        direction="client-practitioner",
        use="skilful",
        modality="talk",
        questions="What changed in you when the review was mentioned? What did you do with it?",
    ),
    Edit(
        title="The drape in a hurry",
        text=(
            "Running behind, I moved the drape to work on a client's hip without saying what "
            "I was about to do. He went still and held his breath for the rest of the "
            "session. At the door he said he had not known whether he was allowed to ask me "
            "to stop."
        ),
        kinds=("legitimate", "expert"),
        direction="practitioner-client",
        use="over",
        modality="bodywork",
        questions="What would saying it first, and asking, have given back to him?",
        teaching_notes="For the module on consent in the moment; read beside the touch policy.",
    ),
)
WAITING = (
    "I work in a small practice. A client I see on Thursdays told me about a conflict with "
    "a colleague of mine, and I was not sure whether to say I knew them."
)
WAITING_QUESTION = (
    "Thank you for sending this. Would it still read true to you if the colleague were "
    "from another practice, so that the place says less about you?"
)


def load_library_demo(*, now: datetime) -> None:
    """A small published library and one submission waiting in an educator's queue, with
    a question to its contributor."""
    # Published more than the longest delay ago, so every one has appeared by ``now``.
    then = now - timedelta(days=8)
    for edit in LIBRARY:
        sent, _ = submit_vignette(edit.text, disguise="composite", licence="cc-by", now=then)
        sent = save_edit(sent, edit, now=then)
        sent = approve_version(sent, sent.version)
        publish_vignette(sent, now=then)
    waiting, _ = submit_vignette(WAITING, disguise="thick", licence="library-only", now=now)
    ask_contributor(waiting, WAITING_QUESTION, now=now)


# --- practice policies, consent and what was done when they applied -------------------

# The material change: the starter's rule for short notice, replaced by a stricter one.
CANCELLATION_BEFORE = (
    "With less notice than that, I will ask you to pay for the time, since I kept it for you."
)
CANCELLATION_CHANGE = (
    "From now on, a session cancelled with less than 24 hours' notice is charged in full, "
    "and one cancelled between one and two days before is charged at half the fee, since "
    "I kept the time for you."
)
# B-201's last five late cancellations: mostly waived, the newest enforced on words the
# client has not yet agreed to.
B201_RUN = ("waived", "waived", "discussed", "waived", "waived")


def load_policies_demo(owner: User, *, now: datetime) -> None:
    """Publish the bodywork practice's policies, ask for consent, make a material change
    that one client has not yet agreed to, record a run of waivers, and note bodywork
    consent in the moment for a few sessions (one with a declined area worked)."""
    clients = {c.code: c for c in Client.objects.filter(owner=owner)}
    table, sports, drifting = clients.get("B-201"), clients.get("B-203"), clients.get("B-202")
    if table is None or sports is None or drifting is None:
        return
    sessions = list(CheckIn.objects.filter(client=table).order_by("session_at", "pk"))
    if len(sessions) < len(B201_RUN) + 1:
        return
    start = min(c.started_on for c in (table, sports, drifting))
    published_at = datetime.combine(start, datetime.min.time(), tzinfo=now.tzinfo)
    versions = {}
    for kind in ("cancellation", "payment", "touch", "positioning"):
        draft = policies.start_draft(owner, kind, now=published_at)
        versions[kind] = policies.publish(
            draft, change="", summary="", effective_on=start, now=published_at
        )
    # Both bodywork clients agreed to every policy through a private link at the start.
    for client, name in ((table, "Invented Name One"), (sports, "Invented Name Two")):
        for version in versions.values():
            record_consent(
                client,
                version,
                event=ConsentEvent.Event.ACCEPTED,
                channel=ConsentEvent.Channel.LINK,
                typed_name=name,
                now=published_at + timedelta(days=1),
            )
    # A material change to cancellation takes effect before the newest late cancellation.
    run = sessions[-len(B201_RUN) :]
    changed_on = run[-1].session_at - timedelta(days=2)
    draft = policies.start_draft(owner, "cancellation", now=changed_on)
    changed = draft.text.replace(CANCELLATION_BEFORE, CANCELLATION_CHANGE)
    if changed == draft.text:  # the starter's words moved on: say the new rule after them
        changed = f"{draft.text}\n\n{CANCELLATION_CHANGE}"
    policies.edit_draft(draft, title=draft.title, text=changed, now=changed_on)
    cancellation = policies.publish(
        draft,
        change=PolicyVersion.Change.MATERIAL,
        summary="A late cancellation is now charged in full.",
        effective_on=changed_on.date(),
        now=changed_on,
    )
    # B-203 agreed again aloud in the next session; B-201 has not.
    sports_next = (
        CheckIn.objects.filter(client=sports, session_at__gte=changed_on)
        .order_by("session_at")
        .first()
    )
    if sports_next is not None:
        record_consent(
            sports,
            cancellation,
            event=ConsentEvent.Event.ACCEPTED,
            channel=ConsentEvent.Channel.VERBAL,
            checkin=sports_next,
            now=sports_next.session_at + timedelta(hours=1),
        )
    policy = cancellation.policy
    for checkin, action in zip(run, B201_RUN, strict=True):
        record_enforcement(
            table,
            EnforcementData(
                policy=policy,
                occasion=EnforcementRecord.Occasion.LATE_CANCELLATION,
                action=action,
                occurred_on=checkin.session_at.date(),
                amount=Decimal("60.00") if action == "waived" else None,
                note="Cancelled the morning of; said work ran late again.",
                checkin=checkin,
            ),
            now=min(now, checkin.session_at + timedelta(hours=2)),
        )
    enforced_on = run[-1].session_at + timedelta(days=1)
    record_enforcement(
        table,
        EnforcementData(
            policy=policy,
            occasion=EnforcementRecord.Occasion.LATE_CANCELLATION,
            action=EnforcementRecord.Action.ENFORCED,
            occurred_on=min(now, enforced_on).date(),
            amount=Decimal("60.00"),
            note="Charged the full fee under the new wording.",
        ),
        now=min(now, enforced_on + timedelta(hours=1)),
    )
    _bodywork_demo(table, drifting, now=now)


def _bodywork_demo(table: Client, drifting: Client, *, now: datetime) -> None:
    for checkin in CheckIn.objects.filter(client=table).order_by("-session_at")[:3]:
        record_bodywork(
            checkin,
            BodyworkData(
                areas_to_work=frozenset({"neck", "shoulders", "upper_back"}),
                areas_to_avoid=frozenset({"abdomen", "glutes"}),
                areas_worked=frozenset({"neck", "shoulders", "upper_back"}),
                pressure="medium",
                positioning_agreed=True,
                draping_agreed=True,
                agreement_note="Started face down; sheet folded at the waist, as agreed.",
            ),
            now=min(now, checkin.session_at + timedelta(hours=1)),
        )
    latest = CheckIn.objects.filter(client=drifting).order_by("-session_at").first()
    if latest is not None:
        record_bodywork(
            latest,
            BodyworkData(
                areas_to_work=frozenset({"lower_back", "hips"}),
                areas_to_avoid=frozenset({"glutes"}),
                areas_worked=frozenset({"lower_back", "hips", "glutes"}),
                pressure="firm",
                positioning_agreed=True,
                draping_agreed=False,
                withdrew=True,
                withdrawal_note="Asked me to ease off near the hip; I moved on after a moment.",
            ),
            now=min(now, latest.session_at + timedelta(hours=1)),
        )
