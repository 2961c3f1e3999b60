"""The report page's contents, built from a stored transcript and its analysis.

Everything is read from the stored analysis (``analysis_as_dict``) generically:
indicators are listed in the order the analysis gives them, with whatever label,
unit and explanation it carries, so a new indicator appears without a template
change. Only the few "moment" indicators drawn as marks on the timeline are named.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from fulcrum.core.catalogue import load_catalogue
from fulcrum.core.transcripts.analysis import RULES_NOTE
from fulcrum.core.transcripts.model import client_speaks
from fulcrum.core.transcripts.parsing import FORMAT_NAMES
from fulcrum.transcripts.charts import (
    CODE_COLOURS,
    FALLBACK_COLOUR,
    MARK_STYLES,
    TimelineMark,
    TimelineTurn,
    mark_styles,
    timeline_chart,
)
from fulcrum.transcripts.coders import without_paths
from fulcrum.transcripts.formatting import clock, indicator_value

# Indicators whose utterances are single moments worth marking, in timeline order.
MARKED = ("choices_offered", "self_disclosure", "directives", "advice_without_permission")
# Moments also flagged on each utterance in the transcript listing.
FLAGGED = (*MARKED, "interruptions_by_practitioner", "interruptions_by_client")
# Links shown on an indicator, then folded away, then only counted: an indicator such as
# the talk share rests on every practitioner turn, and the transcript lists them all.
LINKS_SHOWN = 8
LINKS_FOLDED = 60


class ReportTranscript(Protocol):
    """What the report reads of a transcript: a stored one, or one analysed on the spot."""

    @property
    def filename(self) -> str: ...
    @property
    def source_format(self) -> str: ...
    @property
    def speakers(self) -> Sequence[str]: ...
    @property
    def practitioner(self) -> str: ...
    @property
    def analysis(self) -> Mapping[str, Any]: ...


class ReportUtterance(Protocol):
    @property
    def index(self) -> int: ...
    @property
    def speaker(self) -> str: ...
    @property
    def text(self) -> str: ...
    @property
    def start(self) -> float | None: ...
    @property
    def end(self) -> float | None: ...
    @property
    def line(self) -> int | None: ...


@dataclass(frozen=True)
class Cue:
    rule: str
    matched: str


@dataclass(frozen=True)
class UtteranceRow:
    index: int
    speaker: str
    is_practitioner: bool
    at: str
    line: int | None
    text: str
    label: str
    subtype: str
    confidence: float | None
    cues: tuple[Cue, ...]
    flags: tuple[str, ...]


@dataclass(frozen=True)
class IndicatorRow:
    id: str
    label: str
    value: str
    available: bool
    unit: str
    explanation: str
    utterances: tuple[int, ...]

    @property
    def first_links(self) -> tuple[int, ...]:
        return self.utterances[:LINKS_SHOWN]

    @property
    def more_links(self) -> tuple[int, ...]:
        return self.utterances[LINKS_SHOWN:LINKS_FOLDED]

    @property
    def more_count(self) -> int:
        return max(0, len(self.utterances) - LINKS_SHOWN)

    @property
    def unlinked(self) -> int:
        return max(0, len(self.utterances) - LINKS_FOLDED)


@dataclass(frozen=True)
class ComponentRow:
    indicator_id: str
    label: str
    value: str
    available: bool
    weight: float
    z: float
    contribution: float
    # What a zero contribution means: a typical value, or (for episodes) none found.
    zero_effect: str = "about typical"

    @property
    def direction(self) -> str:
        return "raises" if self.weight > 0 else "lowers"

    @property
    def weight_size(self) -> float:
        return abs(self.weight)

    @property
    def effect(self) -> str:
        if not self.available:
            return "not in this session"
        if abs(self.contribution) < 0.005:
            return self.zero_effect
        return "pushed it up" if self.contribution > 0 else "pulled it down"


@dataclass(frozen=True)
class EpisodeRow:
    """An under-use episode: what kind, the turns behind it and the words that raised it."""

    label: str
    utterances: tuple[int, ...]
    matched: tuple[str, ...]


# Where each index's meter leaves its low band and enters its high one. Both indices
# are ones to look at when high, so the optimum is 0: a high value is never painted as a
# good result, as a bare meter is. Over-use: 5 is a typical session, so the middle band
# holds it. Under-use: one episode found reads about 3.9, two about 6.3.
METER_BANDS = {"over_use": (4.0, 6.5), "under_use": (2.0, 6.0)}
DEFAULT_BANDS = (4.0, 6.5)


@dataclass(frozen=True)
class IndexRow:
    id: str
    label: str
    value: float
    score: float
    explanation: str
    components: tuple[ComponentRow, ...]
    reading: str = "5 is a typical session."
    episodes: tuple[EpisodeRow, ...] = ()

    @property
    def low(self) -> float:
        return METER_BANDS.get(self.id, DEFAULT_BANDS)[0]

    @property
    def high(self) -> float:
        return METER_BANDS.get(self.id, DEFAULT_BANDS)[1]


@dataclass(frozen=True)
class LegendEntry:
    label: str
    colour: str
    shape: str = ""


@dataclass(frozen=True)
class SpeakerRow:
    name: str
    is_practitioner: bool
    turns: int
    words: int
    share: float


@dataclass(frozen=True)
class CoderSummary:
    """Which coder read the session, in plain words, and how to get the better one."""

    used: str
    better: str
    notes: tuple[str, ...]
    command: str = ""


@dataclass(frozen=True)
class PowerMoveRow:
    """One client turn that leans on one kind of power, and the words that raised it."""

    utterance: int
    speaker: str
    at: str
    rule: str
    matched: str


@dataclass(frozen=True)
class ClientPowerRow:
    """One kind of the client's power the session's words point to, with its moments,
    the question it raises, and the rating it suggests for the client's power map."""

    kind: str
    label: str
    explanation: str
    question: str
    rating: int
    moves: tuple[PowerMoveRow, ...]

    @property
    def first_moves(self) -> tuple[PowerMoveRow, ...]:
        return self.moves[:LINKS_SHOWN]

    @property
    def more_moves(self) -> tuple[PowerMoveRow, ...]:
        return self.moves[LINKS_SHOWN:LINKS_FOLDED]

    @property
    def unlisted(self) -> int:
        return max(0, len(self.moves) - LINKS_FOLDED)


# The timeline's row of the client's power moves, after the practitioner's moments.
CLIENT_POWER_MARK = "The client's power"
# The practitioner box's last sentence, on the page and in the exported report.
EVERYONE_ELSE = "Everyone else counts as the client."
NO_ONE_ELSE = (
    "No one else speaks in this transcript, so there is no client's side to read: the "
    "over-use and under-use indices are not computed."
)
# Said wherever a transcript without a client would show its indices.
NO_CLIENT = (
    "No client speaks in this transcript, so the over-use and under-use indices are not "
    "computed: they weigh the practitioner's words against the client's."
)
# Each row keeps its look from one session to the next, whichever rows a session has.
MARK_LOOK = dict(zip((*MARKED, "client_power"), MARK_STYLES, strict=True))


@dataclass(frozen=True)
class Report:
    utterances: tuple[UtteranceRow, ...]
    indicators: tuple[IndicatorRow, ...]
    indices: tuple[IndexRow, ...]
    chart: str
    codes: tuple[LegendEntry, ...]
    marks: tuple[LegendEntry, ...]
    speakers: tuple[SpeakerRow, ...] = ()
    format_name: str = ""
    # The listing's page of turns: ``page_size`` 0 lists every turn (the exported file).
    page: int = 1
    page_count: int = 1
    page_size: int = 0
    first_index: int = 0
    client_power: tuple[ClientPowerRow, ...] = ()
    # False when only the practitioner speaks: no index is computed, and the page says so.
    has_client: bool = True

    def href(self, index: int) -> str:
        """The link to turn ``index``: an anchor on this page, or its page and anchor."""
        return _href(index, self.first_index, self.page_size, self.page)

    @property
    def pages(self) -> tuple[int, ...]:
        return tuple(range(1, self.page_count + 1))

    @property
    def who_is_client(self) -> str:
        """Who the report reads as the client, in the practitioner box."""
        return EVERYONE_ELSE if self.has_client else NO_ONE_ELSE

    @property
    def no_client(self) -> str:
        """Why no index is shown, when only the practitioner speaks; else empty."""
        return "" if self.has_client else NO_CLIENT


def page_of(index: int, first_index: int, page_size: int) -> int:
    return max(0, index - first_index) // page_size + 1


# How to get the learned coder, said for someone who may not run the server.
TRAIN_HINT = (
    "For a closer reading, whoever runs this Fulcrum server can train the learned coder "
    "once, from the AnnoMI corpus of annotated counselling sessions (AnnoMI-full.csv, "
    "which its authors publish on GitHub as uccollab/AnnoMI), and analyse the session "
    "again. The command is:"
)
TRAIN_COMMAND = "fulcrum analyzer train --corpus AnnoMI-full.csv"
# Notes the summary says in its own words (older wordings included: they are stored).
_SUMMARISED = ("No trained coder", "The trained coder", RULES_NOTE)


def describe_coder(kind: str, name: str, notes: Sequence[str]) -> CoderSummary:
    """Say which coder was used and how to get the better one, without a server path."""
    rest = tuple(without_paths(note) for note in notes if not note.startswith(_SUMMARISED))
    if kind != "rules":
        return CoderSummary(
            f"Coded with the learned coder trained on this computer ({name}).", "", rest
        )
    used = (
        "Coded with Fulcrum's transparent rules: each code names the cue that triggered it, "
        "so every one can be checked. Rules miss more than a trained coder does."
    )
    if any("older Fulcrum" in note for note in notes):
        used += (
            " A trained coder is kept on this computer, but an older Fulcrum saved it, so it "
            "was not used."
        )
    elif any(note.startswith("The trained coder") for note in notes):
        used += " A trained coder is kept on this computer, but it could not be read."
    return CoderSummary(used, TRAIN_HINT, rest, TRAIN_COMMAND)


def _speaker_rows(
    speakers: Sequence[str], practitioner: str, utterances: Sequence[ReportUtterance]
) -> list[SpeakerRow]:
    turns = dict.fromkeys(speakers, 0)
    words = dict.fromkeys(speakers, 0)
    for u in utterances:
        turns[u.speaker] = turns.get(u.speaker, 0) + 1
        words[u.speaker] = words.get(u.speaker, 0) + len(u.text.split())
    total = sum(words.values()) or 1
    return [
        SpeakerRow(name, name == practitioner, turns[name], words[name], words[name] / total)
        for name in turns
    ]


def _float(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) else None


def _indicators(analysis: Mapping[str, Any]) -> list[IndicatorRow]:
    rows = []
    for item in analysis.get("indicators") or ():
        value = _float(item.get("value"))
        unit = str(item.get("unit") or "")
        rows.append(
            IndicatorRow(
                id=str(item.get("id", "")),
                label=str(item.get("label") or item.get("id", "")),
                value=indicator_value(value, unit),
                available=value is not None,
                unit=unit,
                explanation=str(item.get("explanation") or ""),
                # In session order, once each, whatever order the analysis found them in.
                utterances=tuple(sorted({int(i) for i in item.get("utterances") or ()})),
            )
        )
    return rows


def _episodes(analysis: Mapping[str, Any]) -> list[EpisodeRow]:
    return [
        EpisodeRow(
            label=str(e.get("label") or e.get("cue") or ""),
            utterances=tuple(sorted({int(i) for i in e.get("utterances") or ()})),
            matched=tuple(str(m) for m in e.get("matched") or ()),
        )
        for e in analysis.get("underuse_episodes") or ()
        if isinstance(e, Mapping)
    ]


def _indices(analysis: Mapping[str, Any], indicators: Sequence[IndicatorRow]) -> list[IndexRow]:
    by_id = {i.id: i for i in indicators}
    rows = []
    for key, item in (analysis.get("indices") or {}).items():
        components = []
        for c in item.get("components") or ():
            ind_id = str(c.get("indicator", ""))
            known = by_id.get(ind_id)
            value = _float(c.get("value"))
            components.append(
                ComponentRow(
                    indicator_id=ind_id,
                    label=known.label if known else ind_id.replace("_", " "),
                    value=indicator_value(value, known.unit if known else ""),
                    available=value is not None,
                    weight=float(c.get("weight") or 0.0),
                    z=float(c.get("z") or 0.0),
                    contribution=float(c.get("contribution") or 0.0),
                    zero_effect="none found"
                    if known is not None and known.unit == "episodes"
                    else "about typical",
                )
            )
        rows.append(
            IndexRow(
                id=str(item.get("id") or key),
                label=str(item.get("label") or key),
                value=float(item.get("value") or 0.0),
                score=float(item.get("score") or 0.0),
                explanation=str(item.get("explanation") or ""),
                components=tuple(components),
                reading=str(item.get("reading") or "5 is a typical session."),
                episodes=tuple(_episodes(analysis)) if key == "under_use" else (),
            )
        )
    return rows


@dataclass(frozen=True)
class MapSuggestion:
    """A rating for the client's side of the power map that a session's words suggest."""

    kind: str
    label: str
    rating: int
    # The client's rating on the latest map (0 for a kind it left out); None without a map.
    current: int | None


def map_suggestions(report: Report, current: Mapping[str, int] | None) -> tuple[MapSuggestion, ...]:
    """The kinds whose suggested rating is above the client's ``current`` map (all of
    them when there is no map yet); the practitioner accepts or ignores each.

    A kind the map leaves out counts as 0, as everywhere else a map is read.
    """
    out = []
    for row in report.client_power:
        now = None if current is None else int(current.get(row.kind, 0))
        if row.rating > (now or 0):
            out.append(MapSuggestion(row.kind, row.label, row.rating, now))
    return tuple(out)


def _client_power(analysis: Mapping[str, Any]) -> list[ClientPowerRow]:
    """The client's power in the room, a row per kind cued, in the catalogue's words."""
    part = analysis.get("client_power")
    if not isinstance(part, Mapping):
        return []
    catalogue = load_catalogue()
    known = set(catalogue.kind_ids)
    rows = []
    for item in part.get("suggestions") or ():
        kind = str(item.get("kind", ""))
        if kind not in known:
            continue
        moves = tuple(
            PowerMoveRow(
                utterance=int(c.get("utterance", 0)),
                speaker=str(c.get("speaker") or ""),
                at=clock(_float(c.get("start"))),
                rule=str(c.get("rule") or ""),
                matched=str(c.get("matched") or ""),
            )
            for c in part.get("cues") or ()
            if c.get("kind") == kind
        )
        found = catalogue.kind(kind)
        rows.append(
            ClientPowerRow(
                kind=kind,
                label=found.label,
                explanation=found.explanation,
                question=str(item.get("question") or ""),
                rating=int(item.get("rating") or 0),
                moves=moves,
            )
        )
    return rows


def build_report(
    transcript: ReportTranscript,
    utterances: Sequence[ReportUtterance],
    *,
    page_size: int = 0,
    page: int = 1,
) -> Report:
    """Everything the report shows, from the transcript's analysis and its utterances.

    With ``page_size``, the transcript listing holds only that many turns, those of
    ``page`` (brought within range); the timeline, speakers and indicators still cover
    the whole session, and their links name the page of the turn they point to.
    """
    first_index = utterances[0].index if utterances else 0
    page_count = max(1, -(-len(utterances) // page_size)) if page_size else 1
    page = min(max(page, 1), page_count)
    analysis = transcript.analysis or {}
    codes = {int(c["index"]): c for c in analysis.get("utterances") or () if "index" in c}
    timeline = {int(t["index"]): t for t in analysis.get("timeline") or () if "index" in t}
    indicators = _indicators(analysis)
    by_id = {i.id: i for i in indicators}

    flags: dict[int, list[str]] = {}
    for ind_id in FLAGGED:
        found = by_id.get(ind_id)
        for index in found.utterances if found else ():
            flags.setdefault(index, []).append(found.label if found else ind_id)
    for episode in _episodes(analysis):
        for index in episode.utterances:
            if episode.label not in flags.get(index, ()):
                flags.setdefault(index, []).append(episode.label)
    power = _client_power(analysis)
    for row in power:
        flag = f"The client's {row.label.lower()} power"
        for move in row.moves:
            if flag not in flags.get(move.utterance, ()):
                flags.setdefault(move.utterance, []).append(flag)

    rows = []
    turns = []
    for u in utterances:
        code = codes.get(u.index, {})
        point = timeline.get(u.index, {})
        label = str(code.get("label") or point.get("label") or "")
        subtype = code.get("subtype") or point.get("subtype")
        if not page_size or page_of(u.index, first_index, page_size) == page:
            rows.append(
                UtteranceRow(
                    index=u.index,
                    speaker=u.speaker,
                    is_practitioner=u.speaker == transcript.practitioner,
                    at=clock(u.start),
                    line=u.line,
                    text=u.text,
                    label=label,
                    subtype=str(subtype or ""),
                    confidence=_float(code.get("confidence")),
                    cues=tuple(
                        Cue(str(c.get("rule", "")), str(c.get("matched", "")))
                        for c in code.get("cues") or ()
                    ),
                    flags=tuple(flags.get(u.index, ())),
                )
            )
        turns.append(
            TimelineTurn(
                index=u.index,
                speaker=u.speaker,
                role="practitioner" if u.speaker == transcript.practitioner else "client",
                label=label,
                subtype=str(subtype) if subtype else None,
                start=u.start,
                end=u.end,
                words=int(point.get("words") or len(u.text.split())),
                talk_share=float(point.get("cumulative_talk_share") or 0.0),
            )
        )

    marks = [
        TimelineMark(by_id[i].label, by_id[i].utterances, MARK_LOOK[i])
        for i in MARKED
        if i in by_id
    ]
    moves = tuple(sorted({m.utterance for row in power for m in row.moves}))
    if moves:
        marks.append(TimelineMark(CLIENT_POWER_MARK, moves, MARK_LOOK["client_power"]))
    chart = timeline_chart(
        turns,
        speakers=list(transcript.speakers),
        practitioner=transcript.practitioner,
        marks=marks,
        title=f"Timeline of the session in {transcript.filename}",
        href=lambda index: _href(index, first_index, page_size, page),
    )
    seen = dict.fromkeys(t.label for t in turns if t.label)
    has_client = client_speaks(transcript.speakers, transcript.practitioner)
    return Report(
        utterances=tuple(rows),
        indicators=tuple(indicators),
        indices=tuple(_indices(analysis, indicators)) if has_client else (),
        chart=chart,
        codes=tuple(LegendEntry(lab, CODE_COLOURS.get(lab, FALLBACK_COLOUR)) for lab in seen),
        marks=tuple(
            LegendEntry(m.label, style.colour, style.shape)
            for m, style in zip(marks, mark_styles(marks), strict=True)
        ),
        speakers=tuple(_speaker_rows(transcript.speakers, transcript.practitioner, utterances)),
        format_name=FORMAT_NAMES.get(transcript.source_format, transcript.source_format),
        page=page,
        page_count=page_count,
        page_size=page_size,
        first_index=first_index,
        client_power=tuple(power),
        has_client=has_client,
    )


def _href(index: int, first_index: int, page_size: int, page: int) -> str:
    if not page_size or page_of(index, first_index, page_size) == page:
        return f"#u-{index}"
    return f"?page={page_of(index, first_index, page_size)}#u-{index}"
