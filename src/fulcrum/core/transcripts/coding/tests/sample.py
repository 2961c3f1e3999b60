"""A tiny AnnoMI-shaped corpus of fictional sentences, written for these tests."""

from __future__ import annotations

import csv
import io

COLUMNS = (
    "mi_quality", "transcript_id", "video_title", "video_url", "topic", "utterance_id",
    "interlocutor", "timestamp", "utterance_text", "annotator_id", "therapist_input_exists",
    "therapist_input_subtype", "reflection_exists", "reflection_subtype", "question_exists",
    "question_subtype", "main_therapist_behaviour", "client_talk_type",
)  # fmt: skip

_PRACTITIONER = [
    ("What brings you here today?", "question", "open"),
    ("How has your week been?", "question", "open"),
    ("Do you walk every day?", "question", "closed"),
    ("Is that right?", "question", "closed"),
    ("It sounds like the evenings are the hardest part.", "reflection", "complex"),
    ("So you walk to the shop most mornings.", "reflection", "simple"),
    ("You feel tired of being told what to do.", "reflection", "complex"),
    ("You should stop eating after eight.", "therapist_input", "advice"),
    ("Research shows that sleep helps your mood.", "therapist_input", "information"),
    (
        "Some people find a short walk helps, others prefer stretching.",
        "therapist_input",
        "options",
    ),
    ("Okay.", "other", None),
    ("Mm-hmm.", "other", None),
]
_CLIENT = [
    ("I want to start sleeping better.", "change"),
    ("I think I could cut down on coffee.", "change"),
    ("It was a normal week.", "neutral"),
    ("I went to the market on Tuesday.", "neutral"),
    ("I like my coffee and I am not giving it up.", "sustain"),
    ("It is not a big problem for me.", "sustain"),
]


def sample_csv(sessions: int = 6, quality_low_every: int = 3, first: int = 0) -> str:
    """Return CSV text with ``sessions`` short sessions from distinct videos.

    Sessions (and their videos) are numbered from ``first``, so two files made with
    different ``first`` share no video.
    """
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for s in range(first, first + sessions):
        low = s % quality_low_every == 0
        uid = 0
        for k in range(len(_PRACTITIONER)):
            text, beh, sub = _PRACTITIONER[(k + s) % len(_PRACTITIONER)]
            if low and beh == "reflection":
                text, beh, sub = _PRACTITIONER[7]
            column = {"question": 15, "reflection": 13, "therapist_input": 11}.get(beh)
            row = [
                "low" if low else "high",
                str(s),
                f"Video {s}",
                f"https://example.org/v{s}",
                "sleep",
                str(uid),
                "therapist",
                f"00:00:{uid:02d}",
                text,
                "1",
                "n/a",
                "n/a",
                "n/a",
                "n/a",
                "n/a",
                "n/a",
                beh,
                "n/a",
            ]
            if column is not None and sub is not None:
                row[column] = sub
            writer.writerow(row)
            uid += 1
            ctext, talk = _CLIENT[(k + s) % len(_CLIENT)]
            writer.writerow(
                [
                    "low" if low else "high",
                    str(s),
                    f"Video {s}",
                    f"https://example.org/v{s}",
                    "sleep",
                    str(uid),
                    "client",
                    f"00:00:{uid:02d}",
                    ctext,
                    "1",
                    "n/a",
                    "n/a",
                    "n/a",
                    "n/a",
                    "n/a",
                    "n/a",
                    "n/a",
                    talk,
                ]
            )
            uid += 1
    return out.getvalue()
