"""The rules on other kinds of talk: peer support, counselling, bodywork, coaching, chat.

Every example is written for Fulcrum; none comes from a corpus.
"""

import pytest

from fulcrum.core.transcripts.coding.rules import (
    choice_cue,
    code_practitioner,
    self_disclosure_cue,
)


@pytest.mark.parametrize(
    "text",
    [
        "I used to be like that too until I found a hobby.",
        "I have been there too.",
        "I worked in a library for many years.",
        "Me too, honestly.",
        "Same thing happened to me after my first job.",
        "When my dad died I couldn't sleep for months.",
        "I went through a divorce a few years ago, so I know a bit of this.",
        "I'm a nurse myself, so the night shifts are familiar.",
        "I get anxious before exams too.",
        "I have two teenagers at home, so I hear you.",
        "My husband and I argued about money all the time.",
        "i lost my job last year and it took ages to find another",
        "I like to go for a run every morning, it clears my head.",
    ],
)
def test_it_finds_a_self_disclosure_and_names_its_words(text: str) -> None:
    cue = self_disclosure_cue(text)
    assert cue is not None
    assert cue.rule == "self-disclosure"
    assert cue.matched
    assert cue.matched.lower() in text.lower()


@pytest.mark.parametrize(
    "text",
    [
        "I think that's a good plan.",
        "I understand.",
        "I understand how hard this has been for you.",
        "I'm so sorry you are going through this.",
        "I can imagine that felt lonely.",
        "I'm sure you will get through this.",
        "I hope things get easier for you.",
        "I'm here to listen whenever you want to talk.",
        "I was wondering how the week went.",
        "Take care, my friend!",
        "I believe you can do it.",
        "I have a question about what you said earlier.",
    ],
)
def test_it_does_not_take_a_view_or_empathy_for_a_disclosure(text: str) -> None:
    assert self_disclosure_cue(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "Have you tried writing down what worries you before bed?",
        "Have you thought about talking to your manager?",
        "How about asking your sister to help this week?",
        "Maybe you could call the helpline tonight.",
        "You could also try a short walk at lunchtime.",
        "It might help to write a list before you go in.",
        "I would suggest taking a break from the news.",
        "Try to get outside for ten minutes every day.",
        "Just try to breathe slowly for a minute.",
        "The best thing you can do right now is to rest.",
        "why not give it a go",
        "You should talk to a doctor about the headaches.",
        "Maybe it's time to look for a new place.",
        "Is there something you can keep in your pocket for when it starts?",
        "It won't hurt to ask your landlord.",
    ],
)
def test_it_codes_advice_and_suggestions_however_they_are_phrased(text: str) -> None:
    code = code_practitioner(text)
    assert (code.label, code.subtype) == ("input", "advice")
    assert code.cues
    assert code.cues[0].matched.lower() in text.lower()


@pytest.mark.parametrize(
    ("text", "subtype"),
    [
        ("What have you tried so far?", "open"),
        ("Have you slept at all this week?", "closed"),
        ("Can you tell me more about that?", "open"),
        ("how long have you been there", "open"),
        ("do you have anyone near you", "closed"),
        ("Hi, how are you feeling today?", "open"),
        ("Hello! What brings you here today?", "open"),
        ("Okay, so what happened next?", "open"),
    ],
)
def test_it_codes_questions_open_and_closed_with_or_without_a_mark(text: str, subtype: str) -> None:
    code = code_practitioner(text)
    assert (code.label, code.subtype) == ("question", subtype)
    assert code.cues[0].matched


def test_a_greeting_question_is_not_a_complex_reflection() -> None:
    code = code_practitioner("Hi, how are you feeling today?")
    assert code.label == "question"
    assert code.subtype != "complex"


@pytest.mark.parametrize(
    "text",
    [
        "Would it help if you choose where we start?",
        "Let me know if you want more or less pressure.",
        "It's completely up to you which side we start on.",
        "You can decide how much of this we talk about.",
        "Just say if anything feels too much and I'll stop.",
    ],
)
def test_it_codes_a_choice_handed_over_as_options(text: str) -> None:
    assert choice_cue(text) is not None
    code = code_practitioner(text)
    assert (code.label, code.subtype) == ("input", "options")
    assert code.cues[0].rule == "offers a choice"


def test_an_agenda_question_stays_a_question() -> None:
    code = code_practitioner("What would you like to talk about today?")
    assert code.label == "question"
    assert choice_cue("What would you like to talk about today?") is not None


@pytest.mark.parametrize(
    "text",
    [
        "I'm sure you will do great in the interview.",
        "You're doing really well, you know.",
        "It's completely normal to feel that way.",
        "Good luck with the move!",
        "I'm so sorry to hear about your dog.",
        "I hope things get better soon.",
        "You are not alone in this.",
    ],
)
def test_it_codes_affirmation_and_reassurance_as_other(text: str) -> None:
    code = code_practitioner(text)
    assert code.label == "other"
    assert code.cues[0].rule == "affirmation"
    assert code.cues[0].matched.lower() in text.lower()


@pytest.mark.parametrize(
    ("text", "subtype"),
    [
        ("It sounds like you're worn out by all of it.", "complex"),
        ("You must be feeling exhausted.", "complex"),
        ("You seem really frustrated with her.", "complex"),
        ("So you've been together six years.", "simple"),
    ],
)
def test_it_still_codes_reflections(text: str, subtype: str) -> None:
    code = code_practitioner(text)
    assert (code.label, code.subtype) == ("reflection", subtype)


@pytest.mark.parametrize(
    "text",
    [
        "It sounds like you're lonely since the move. Is that right?",
        "You feel stuck between the two of them, is that correct?",
        "So the job matters to you more than the money. Does that sound about right?",
    ],
)
def test_a_reflection_that_checks_itself_is_a_reflection(text: str) -> None:
    code = code_practitioner(text)
    assert code.label == "reflection"
    assert [c.rule for c in code.cues][-1] == "checks"


def test_a_plain_check_question_is_still_a_question() -> None:
    assert code_practitioner("Is that right?").label == "question"


def test_a_cue_names_the_words_as_the_speaker_wrote_them() -> None:
    assert (
        code_practitioner("It SOUNDS like mornings are hard.").cues[0].matched == "It SOUNDS like"
    )
    # Lower-casing "İ" makes the text longer; the cue must still cover the right words.
    cue = self_disclosure_cue("Straße İstanbul: when I was your age I smoked too.")
    assert cue is not None
    assert cue.matched == "when I was"


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("i havent been out in weeks either", "i havent been out in weeks either"),
        (
            "I don't sleep well before a deadline either.",
            "I don't sleep well before a deadline either",
        ),
        ("i too cannot stand the dark evenings", "i too cannot"),
        ("I do freelance work from home.", "I do freelance work from home"),
        ("sometimes i find the quiet helps", "sometimes i find"),
        ("Long walks never worked for me, but swimming did.", "never worked for me"),
        ("Counting breaths seems to help me most nights.", "seems to help me"),
        ("I have one friend who moved across the world.", "I have one friend who"),
        ("I walk my two dogs before breakfast.", "I walk"),
        ("We take my dogs to the beach.", "my dogs"),
        ("ive been through a rough patch at work", "ive been through a"),
        ("I\u2019ve been through something like it.", "I\u2019ve been through something"),
        ("I remind myself that the panic passes.", "I remind myself"),
        ("I plan my mornings so that nothing is rushed.", "I plan my mornings"),
        ("I've learned the hard way to say no.", "I've learned the hard way"),
    ],
)
def test_it_finds_disclosures_chat_writes_and_names_them(text: str, words: str) -> None:
    cue = self_disclosure_cue(text)
    assert cue is not None
    assert cue.matched == words


@pytest.mark.parametrize(
    "text",
    [
        "I don't know either.",
        "I don't think you're wrong either.",
        "That works for me, see you on Tuesday.",
        "Does the later time work for me? Let me check.",
        "I look forward to hearing how it went.",
        "I put a copy of the plan in your folder.",
        "I sense some sadness when you talk about her.",
        "I honestly think the first step is the hardest.",
        "I gotcha.",
        "I've learned that you like to start slowly.",
        "I work here on Tuesdays and Thursdays.",
        "Hello, I work in the clinic and I'll be seeing you today.",
        "I kind of see a pattern in what you describe.",
        "Im sorry to hear that.",
        "Were you able to rest at all?",
    ],
)
def test_it_does_not_take_a_helper_s_role_or_view_for_a_disclosure(text: str) -> None:
    assert self_disclosure_cue(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "A notebook by the bed may keep you from lying awake with lists.",
        "Warm baths are good for sleep, and stretching helps too.",
        "Stretching before bed can ease the tension in your shoulders.",
        "Honestly, I would avoid the news for a few days.",
        "Id take the weekend off and see how you feel.",
        "Do you think it might help to ask your brother?",
        "Would you be willing to try it for a week?",
        "If it keeps happening, that might be best.",
    ],
)
def test_it_codes_a_suggestion_by_what_it_does_or_as_a_question(text: str) -> None:
    code = code_practitioner(text)
    assert (code.label, code.subtype) == ("input", "advice")
    assert code.cues[0].matched.lower() in text.lower()


@pytest.mark.parametrize(
    "text",
    [
        "I just know you can get back on your feet.",
        "You've already shown that you can handle a hard week.",
        "I think that you can get better.",
    ],
)
def test_belief_in_the_client_is_reassurance_not_advice(text: str) -> None:
    code = code_practitioner(text)
    assert code.label == "other"
    assert code.cues[0].rule == "affirmation"


@pytest.mark.parametrize(
    "text",
    [
        "Stretching is part of the routine here.",
        "Do you think she noticed?",
        "Would you like a glass of water?",
        "Drinking makes you feel better for an hour, you said.",
        "We all feel low right now, so I just try to cheer everyone up.",
        "I always try to keep my evenings free.",
        "I'll try to find that leaflet for next week.",
        "ill try to find that leaflet for next week",
        "I'm going to try to explain it better this time.",
        "im gonna try to get you that number",
    ],
)
def test_look_alike_suggestions_are_not_advice(text: str) -> None:
    code = code_practitioner(text)
    assert code.subtype != "advice"


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Switching the phone off an hour before bed — that may help.", "that may help"),
        ("A change of scenery, it'll help!", "it'll help"),
        ("Walking the dog, even for ten minutes, can help clear the fog.", "can help"),
        ("and writing the worries down before bed also helps", "also helps"),
        ("The library has a really good podcast about grief.", "good podcast"),
        ("Maybe joining a choir would get you out of the house.", "Maybe joining"),
        ("Might I suggest a walk at lunchtime?", "Might I suggest"),
        ("Have you guys thought about a rota for the chores?", "Have you guys thought about"),
        ("Do you think saying no once a week would help?", "saying no once a week would help"),
        ("I think it may be a good idea to ring the landlord first.", "a good idea to"),
    ],
)
def test_it_codes_a_suggestion_by_what_it_will_do_and_names_its_words(
    text: str, words: str
) -> None:
    code = code_practitioner(text)
    assert (code.label, code.subtype) == ("input", "advice")
    assert words.lower() in code.cues[0].matched.lower()


@pytest.mark.parametrize(
    "text",
    [
        "Thanks for your time. Talk to you later!",
        "What a good idea!",
        "I hope it will help you sleep.",
        "You should be so proud of yourself.",
        "Enjoy the rest of your weekend!",
        "Something about that evening still bothers you.",
        "I wouldn't be surprised if she called back.",
    ],
)
def test_goodbyes_hopes_and_praise_are_not_advice(text: str) -> None:
    code = code_practitioner(text)
    assert code.subtype != "advice"


@pytest.mark.parametrize(
    "text",
    [
        "From what I can tell, the move has left you without anyone nearby.",
        "I take it the two of you were close.",
        "So what I'm understanding is that the evenings are the worst part.",
        "It sounds to me like the new shifts leave no room for sleep. Is that a fair summary?",
        "You miss the old team more than you expected. Is that what you're feeling?",
    ],
)
def test_it_codes_the_helper_saying_what_they_understood_as_a_reflection(text: str) -> None:
    assert code_practitioner(text).label == "reflection"


@pytest.mark.parametrize(
    "text",
    [
        "Anyone in your position would feel let down.",
        "It is a very common worry after a diagnosis like that.",
        "You're certainly not the only one finding this winter long.",
        "At least you still have your sister close by.",
        "This winter has been hard for a lot of people.",
        "Everyone is feeling a bit flat after the holidays.",
        "Many people struggle with the first month in a new city.",
    ],
)
def test_saying_a_reaction_is_what_anyone_s_would_be_is_reassurance(text: str) -> None:
    code = code_practitioner(text)
    assert code.label == "other"
    assert code.cues[0].rule == "affirmation"


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("What if you tried writing to her first?", "What if you tried"),
        ("One idea is a standing walk with a friend on Sundays.", "One idea is"),
        ("A good first step might be telling your manager.", "first step might be"),
        ("You might benefit from a break from the group chat.", "benefit from"),
        ("If you can, write the three worries down tonight.", "If you can, write"),
    ],
)
def test_it_codes_an_idea_put_forward_as_advice(text: str, words: str) -> None:
    code = code_practitioner(text)
    assert (code.label, code.subtype) == ("input", "advice")
    assert words.lower() in code.cues[0].matched.lower()


@pytest.mark.parametrize(
    "text",
    [
        "What if you made the wrong choice?",
        "What if you were to lose the job?",
    ],
)
def test_what_if_about_a_fear_is_a_question_not_advice(text: str) -> None:
    code = code_practitioner(text)
    assert code.label == "question"


def test_vouching_for_something_from_experience_is_a_disclosure() -> None:
    cue = self_disclosure_cue("The app costs a little, but I can personally vouch for it.")
    assert cue is not None
    assert cue.matched == "I can personally vouch"


def test_a_fact_about_people_who_do_something_stays_information() -> None:
    code = code_practitioner("A lot of people who drink every night feel worse in the morning.")
    assert (code.label, code.subtype) == ("input", "information")


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("I have the same problem with getting up in the dark.", "I have the same problem"),
        ("I know how it feels to lose a parent.", "I know how it feels"),
        ("I know what it's like to be the new one at work.", "I know what it's like"),
        ("Honestly, I'm dealing with the same thing at home.", "dealing with the same"),
        ("That happened to me as well, at my first job.", "That happened to me"),
        ("That was me a couple of years ago.", "That was me"),
        ("That's exactly how I felt after my move.", "how I felt after"),
        ("I'm slowly recovering from burnout myself.", "recovering from"),
    ],
)
def test_it_finds_the_same_trouble_in_the_helper_s_own_life(text: str, words: str) -> None:
    cue = self_disclosure_cue(text)
    assert cue is not None
    assert words.lower() in cue.matched.lower()


@pytest.mark.parametrize(
    "text",
    [
        "I know how it feels for you to be left out.",
        "I know what it's like to hear that, it's hard news.",
        "I know how it feels to you.",
        "I hear you, that sounds exhausting.",
        "I feel for you, it's a lot to carry.",
    ],
)
def test_empathy_with_the_client_is_not_the_same_trouble(text: str) -> None:
    assert self_disclosure_cue(text) is None


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Is it worth asking your GP about it?", "Is it worth asking"),
        ("Could it help to tell her how you feel?", "Could it help to tell"),
        ("Perhaps a chat with your manager would clear the air.", "clear the air"),
        ("Sometimes it helps to step away for a bit.", "it helps to"),
        ("Writing a list can make it feel more manageable.", "more manageable"),
        ("A warm bath before bed might do you good.", "do you good"),
        ("It could be worth speaking to a counsellor.", "could be worth"),
        ("I'd give it a week and see how it feels.", "I'd give it"),
        ("Ever tried yoga?", "Ever tried"),
        ("Any chance you could take Friday off?", "Any chance you could"),
        ("A good idea might be to keep a diary.", "idea might be"),
    ],
)
def test_it_codes_a_suggestion_however_it_is_softened(text: str, words: str) -> None:
    code = code_practitioner(text)
    assert (code.label, code.subtype) == ("input", "advice")
    assert words.lower() in code.cues[0].matched.lower()


@pytest.mark.parametrize(
    "text",
    [
        "Would it help to tell me a bit more about the mornings?",
        "Would it be helpful to give you some information about sleep?",
        "It helps to know what the evenings are like for you.",
    ],
)
def test_asking_to_hear_or_to_offer_something_is_not_advice(text: str) -> None:
    assert code_practitioner(text).subtype != "advice"


@pytest.mark.parametrize(
    "text",
    [
        "So you think everyone would be better off without you.",
        "You're afraid anyone could find out about the drinking.",
        "It seems like everybody else is going through life just fine.",
    ],
)
def test_a_client_s_fear_about_others_handed_back_stays_a_reflection(text: str) -> None:
    assert code_practitioner(text).label == "reflection"


def test_an_outcome_many_people_find_is_not_reassurance_over_the_suggestion() -> None:
    code = code_practitioner("A lot of people feel better after a walk, so you could try that.")
    assert (code.label, code.subtype) == ("input", "advice")


@pytest.mark.parametrize(
    "text",
    [
        "You're not sure it will help.",
        "You doubt that it'll help.",
        "Perhaps feeling a bit lost right now.",
        "And maybe being alone feels safer.",
        "You have a really good support group.",
        "You have some good tools already.",
        "You said it helps when you go for a run.",
        "You said the first step is the hardest.",
        "You're not sure walking will help.",
        "You wonder whether you should try yoga.",
        "So you doubt that talking to her will help.",
        "It sounds like you're afraid you should leave him.",
    ],
)
def test_a_tentative_or_reported_reflection_is_not_advice(text: str) -> None:
    assert code_practitioner(text).label == "reflection"


@pytest.mark.parametrize(
    "text",
    [
        "You're worried it might not help, but you could try it for a week.",
        "You're not sure, so maybe try it for a week and see.",
    ],
)
def test_a_suggestion_after_the_client_s_doubt_is_still_advice(text: str) -> None:
    code = code_practitioner(text)
    assert (code.label, code.subtype) == ("input", "advice")


@pytest.mark.parametrize(
    "text",
    [
        "If you can, tell me what happened that night.",
        "When you're ready, talk to me about it.",
        "Any chance you could say a bit more about that?",
    ],
)
def test_an_invitation_to_tell_is_not_advice(text: str) -> None:
    assert code_practitioner(text).subtype != "advice"


def test_asking_the_client_to_tell_is_an_open_question() -> None:
    code = code_practitioner("If you can, tell me what happened that night.")
    assert (code.label, code.subtype) == ("question", "open")


@pytest.mark.parametrize(
    "text",
    [
        "Hopefully this will help.",
        "I'm hoping this will help.",
    ],
)
def test_a_hope_is_not_advice(text: str) -> None:
    code = code_practitioner(text)
    assert code.label == "other"
    assert code.cues[0].rule == "affirmation"


@pytest.mark.parametrize(
    "text",
    [
        "Do you think stopping would make you feel anxious?",
        "What if you made the wrong choice?",
        "What if you were to lose the job?",
        "Any chance you could say a bit more about that?",
    ],
)
def test_a_question_about_a_fear_or_for_more_is_a_question(text: str) -> None:
    assert code_practitioner(text).label == "question"


def test_something_that_can_help_is_not_a_suggestion() -> None:
    assert code_practitioner("Something can help.").subtype != "advice"


@pytest.mark.parametrize(
    ("text", "words"),
    [
        (
            "You said walking helps, so you could try that again this week.",
            "you could try",
        ),
        ("You mentioned the gym, maybe you could go on Tuesday.", "maybe you could"),
    ],
)
def test_a_suggestion_after_the_client_s_words_handed_back_is_still_advice(
    text: str, words: str
) -> None:
    code = code_practitioner(text)
    assert (code.label, code.subtype) == ("input", "advice")
    assert code.cues[0].matched.lower() == words


@pytest.mark.parametrize(
    ("text", "rule", "words"),
    [
        ("What a week for the two of you!", "exclamation", "What a week for the two of you!"),
        ("Ha, that came out of nowhere!", "exclamation", "Ha, that came out of nowhere!"),
        ("It is good that you still ring your sister.", "praise", "good"),
        ("That sister of yours is a wonderful person.", "praise", "wonderful"),
        ("Have a blessed evening.", "affirmation", "Have a blessed"),
        ("Happy holidays to you and yours.", "affirmation", "Happy holidays"),
    ],
)
def test_an_exclamation_praise_or_a_greeting_is_other_not_a_reflection(
    text: str, rule: str, words: str
) -> None:
    code = code_practitioner(text)
    assert code.label == "other"
    assert code.cues[0].rule == rule
    assert code.cues[0].matched == words


@pytest.mark.parametrize(
    "text",
    [
        "Not a good week for you then.",
        "The drinking is not good for the kids.",
        "Nothing good came of that visit.",
        "Things at home not so great right now.",
        "The new job wasnt nice to you at all.",
    ],
)
def test_praise_denied_is_not_praise(text: str) -> None:
    code = code_practitioner(text)
    assert code.label != "other"
    assert all(c.rule != "praise" for c in code.cues)


@pytest.mark.parametrize(
    "text",
    ["What other kind of work do you do", "how many hours a week do you sleep now"],
)
def test_a_longer_question_without_its_mark_is_still_a_question(text: str) -> None:
    code = code_practitioner(text)
    assert (code.label, code.subtype) == ("question", "open")


@pytest.mark.parametrize(
    "text",
    [
        "When I went through something similar with my own father, we talked less.",
        "The weekend with the cousins from the north coast went on and on and on.",
    ],
)
def test_a_quoted_cue_is_cut_between_words(text: str) -> None:
    cue = code_practitioner(text).cues[0]
    assert cue.matched in text
    words = text.split()
    assert set(cue.matched.split()) <= set(words)
    assert len(cue.matched) <= 40


@pytest.mark.parametrize(
    "text",
    [
        "Thanks for coming in today and talking with me about the weekend.",
        "I really appreciate you telling me that.",
        "Great. I look forward to seeing you next Tuesday.",
        "I'm so glad you rang your sister in the end.",
    ],
)
def test_thanks_and_appreciation_for_the_clients_part_are_other(text: str) -> None:
    code = code_practitioner(text)
    assert code.label == "other"
    assert code.cues[0].rule == "affirmation"


@pytest.mark.parametrize(
    "text",
    [
        # an encouragement after a sentence a reflection cue reads still encourages
        "It has been a hard month. You are doing great with the shifts.",
        "That must be so tiring. I know you can get through this.",
    ],
)
def test_an_affirmation_in_a_statement_outweighs_an_earlier_reflection(text: str) -> None:
    code = code_practitioner(text)
    assert code.label == "other"
    assert code.cues[0].rule == "affirmation"


def test_an_affirmation_does_not_outweigh_a_question() -> None:
    code = code_practitioner("You are doing great. What helped most this week?")
    assert code.label == "question"


def test_a_reflection_said_last_stays_a_reflection_after_an_affirmation() -> None:
    code = code_practitioner("You are doing great. It sounds like you want more time alone.")
    assert code.label == "reflection"
