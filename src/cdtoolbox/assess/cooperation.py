"""The channels to a State held responsible, drawn from the cooperation registers: the
confidence-building measures it shares with the victims' States, its point of contact and
how that answered the last communication check, and the EU's dialogue with it.

The engine stays pure: the Toolbox reads the registers for one reader and passes what it
found as a ``CooperationContext``. When a register holds nothing for a State the handle says
"unknown"; it never infers a channel the registers do not show.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

from cdtoolbox.assess.assessment import (
    CooperationHandle,
    CooperationHandles,
    HandleKind,
    HandleStatus,
)
from cdtoolbox.model.capacity import CapacityProject, themes_for
from cdtoolbox.model.cooperation import ImplementationStatus, PointOfContact
from cdtoolbox.model.dialogues import Dialogue, DialogueStatus
from cdtoolbox.model.diplomacy import CbmChannel, CbmFramework, ConfidenceBuildingMeasure

__all__ = [
    "NOT_CONSULTED",
    "ChannelFinder",
    "ChannelMeasures",
    "CooperationContext",
    "LastCheck",
    "StateChannels",
    "arrange",
    "capacity_handles",
]

_CBM_OPTION = "preventive.cbms"
_DIALOGUE_OPTION = "cooperative.dialogue"
_CAPACITY_OPTION = "preventive.capacity_building"


@dataclass(frozen=True)
class LastCheck:
    """A contact's part in the latest communication check that included it."""

    round_id: str
    opened_at: datetime
    sent_at: datetime | None
    acknowledged_at: datetime | None


@dataclass(frozen=True)
class CooperationContext:
    """What the registers hold, as one reader may read them, for the States an incident
    names (or for every State, when many incidents are assessed at once)."""

    consulted: bool
    dialogues: tuple[Dialogue, ...] = ()
    contacts: tuple[PointOfContact, ...] = ()
    last_checks: Mapping[str, LastCheck] = field(default_factory=dict)  # contact id ->
    implementations: Mapping[tuple[str, str], ImplementationStatus] = field(default_factory=dict)
    capacity: tuple[CapacityProject, ...] = ()  # capacity-building projects serving them

    def dialogues_with(self, state: str) -> tuple[Dialogue, ...]:
        return tuple(d for d in self.dialogues if d.partner == state)

    def contacts_of(self, state: str) -> tuple[PointOfContact, ...]:
        return tuple(c for c in self.contacts if c.state == state)


#: The engine alone (calibration, a library call without a store): no register was read.
NOT_CONSULTED = CooperationContext(consulted=False)


class ChannelMeasures:
    """The frameworks and their channel measures (consultations, points of contact), from
    the knowledge base, prepared once per assessor."""

    def __init__(
        self, frameworks: tuple[CbmFramework, ...], measures: tuple[ConfidenceBuildingMeasure, ...]
    ) -> None:
        self.frameworks = frameworks
        self.by_framework = {
            f.id: tuple(m for m in measures if m.framework == f.id and m.channel is not None)
            for f in frameworks
        }


def _takes_part(framework: CbmFramework, state: str) -> bool:
    # A framework without a membership list (the UN's global CBMs) is open to every State.
    return not framework.members or state in framework.members


@dataclass(frozen=True)
class StateChannels:
    """The handles to one State held responsible, by kind, before they are put in order."""

    consultations: tuple[CooperationHandle, ...]
    contacts: tuple[CooperationHandle, ...]  # CBMs naming points of contact
    point_of_contact: CooperationHandle
    dialogue: CooperationHandle

    def ordered(self, consultation_first: bool) -> tuple[CooperationHandle, ...]:
        if consultation_first:
            return (*self.consultations, self.point_of_contact, *self.contacts, self.dialogue)
        return (self.dialogue, *self.consultations, *self.contacts, self.point_of_contact)


class ChannelFinder:
    """Finds the channels to a State; within one context, each (State, victims) once.

    Assessing a whole store passes one context for every incident, and most incidents name
    one of a few States against a few victims' States: the handles are the same words.
    """

    def __init__(self, names: Mapping[str, str], channels: ChannelMeasures) -> None:
        self._names = names
        self._channels = channels
        self._context: CooperationContext | None = None
        self._found: dict[tuple[str, tuple[str, ...]], StateChannels] = {}

    def channels_to(
        self, state: str, victims: tuple[str, ...], context: CooperationContext
    ) -> StateChannels:
        if context is not self._context:
            self._context, self._found = context, {}
        others = tuple(v for v in victims if v != state)
        key = (state, others)
        found = self._found.get(key)
        if found is None:
            found = self._found[key] = _state_channels(
                state, others, self._names, self._channels, context
            )
        return found


def _state_channels(
    state: str,
    victims: tuple[str, ...],
    names: Mapping[str, str],
    channels: ChannelMeasures,
    context: CooperationContext,
) -> StateChannels:
    measures = _measure_handles(state, victims, names, channels, context)
    return StateChannels(
        consultations=tuple(h for h in measures if h.kind is HandleKind.CONSULTATION),
        contacts=tuple(h for h in measures if h.kind is not HandleKind.CONSULTATION),
        point_of_contact=_contact_handle(state, names, context),
        dialogue=_dialogue_handle(state, names, context, measures),
    )


def arrange(
    states: tuple[str, ...],
    victims: tuple[str, ...],
    found: tuple[StateChannels, ...],
    names: Mapping[str, str],
    *,
    consulted: bool,
    consultation_first: bool,
) -> CooperationHandles:
    """The handles of every State held responsible, in order: with ``consultation_first``
    the consultation measures and the point of contact lead, ahead of the dialogue."""
    handles = [h for channels in found for h in channels.ordered(consultation_first)]
    return CooperationHandles(
        states=states,
        victims=victims,
        consulted=consulted,
        handles=tuple(handles),
        summary=_summary(states, handles, names, consultation_first),
    )


def _name(names: Mapping[str, str], code: str) -> str:
    return names.get(code, code)


def _measure_handles(
    state: str,
    victims: tuple[str, ...],
    names: Mapping[str, str],
    channels: ChannelMeasures,
    context: CooperationContext,
) -> list[CooperationHandle]:
    who = _name(names, state)
    if not victims:
        return [
            CooperationHandle(
                HandleKind.CONSULTATION,
                _CBM_OPTION,
                state,
                None,
                HandleStatus.UNKNOWN,
                True,
                f"Shared confidence-building measures with {who}: unknown (no victim country "
                "is recorded to check them against).",
            )
        ]
    found = []
    for framework in channels.frameworks:
        if not _takes_part(framework, state):
            continue
        sharing = tuple(v for v in victims if _takes_part(framework, v))
        if not sharing:
            continue
        together = ", ".join(_name(names, v) for v in sharing)
        for measure in channels.by_framework[framework.id]:
            kind = (
                HandleKind.CONSULTATION
                if measure.channel is CbmChannel.CONSULTATION
                else HandleKind.CONTACT
            )
            if context.consulted:
                status = context.implementations.get(
                    (state, measure.id), ImplementationStatus.NOT_REPORTED
                )
                implementation = f"{who}'s implementation as recorded: {status.value}"
            else:
                implementation = f"{who}'s implementation: unknown (tracker not read)"
            checked = "" if measure.confirmed else " (measure text not confirmed)"
            found.append(
                CooperationHandle(
                    kind,
                    _CBM_OPTION,
                    state,
                    measure.id,
                    HandleStatus.AVAILABLE,
                    measure.confirmed,
                    f"{measure.id} ({measure.title}){checked}: {who} and the victims' States "
                    f"({together}) take part in the {framework.name}; {implementation}.",
                )
            )
    if not found:
        found.append(
            CooperationHandle(
                HandleKind.CONSULTATION,
                _CBM_OPTION,
                state,
                None,
                HandleStatus.UNAVAILABLE,
                True,
                f"No framework of confidence-building measures joins {who} and the victims' "
                "States.",
            )
        )
    return found


def _contact_handle(
    state: str, names: Mapping[str, str], context: CooperationContext
) -> CooperationHandle:
    who = _name(names, state)
    if not context.consulted:
        return CooperationHandle(
            HandleKind.POINT_OF_CONTACT,
            _CBM_OPTION,
            state,
            None,
            HandleStatus.UNKNOWN,
            True,
            f"Point of contact of {who}: unknown (directory not read).",
        )
    contacts = context.contacts_of(state)
    if not contacts:
        return CooperationHandle(
            HandleKind.POINT_OF_CONTACT,
            _CBM_OPTION,
            state,
            None,
            HandleStatus.UNKNOWN,
            True,
            f"Point of contact of {who}: unknown (none in the directory).",
        )
    # The contact that answered most recently, else the most recently checked, else the first.
    checked = [(c, context.last_checks.get(c.id)) for c in contacts]
    answered = [(c, k) for c, k in checked if k is not None and k.acknowledged_at is not None]
    tried = [(c, k) for c, k in checked if k is not None and k.sent_at is not None]
    if answered:
        contact, check = max(answered, key=lambda pair: pair[1].opened_at)
    elif tried:
        contact, check = max(tried, key=lambda pair: pair[1].opened_at)
    else:
        contact, check = contacts[0], None
    where = (
        f"{contact.organisation} ({contact.network}, {contact.level.value}, via {contact.channel})"
    )
    if check is None or check.sent_at is None:
        status, answer = HandleStatus.UNKNOWN, "never checked"
    elif check.acknowledged_at is None:
        status = HandleStatus.UNAVAILABLE
        answer = f"did not acknowledge the check {check.round_id} sent {check.sent_at:%Y-%m-%d}"
    else:
        hours = (check.acknowledged_at - check.sent_at).total_seconds() / 3600
        status = HandleStatus.AVAILABLE
        answer = f"acknowledged the check {check.round_id} in {hours:.1f} hours"
    verified = (
        f"last verified {contact.last_verified.isoformat()}"
        if contact.last_verified
        else "never verified"
    )
    return CooperationHandle(
        HandleKind.POINT_OF_CONTACT,
        _CBM_OPTION,
        state,
        contact.id,
        status,
        True,
        f"Point of contact of {who}: {where}; {answer}; {verified}.",
    )


def _dialogue_handle(
    state: str,
    names: Mapping[str, str],
    context: CooperationContext,
    measures: list[CooperationHandle],
) -> CooperationHandle:
    who = _name(names, state)
    if not context.consulted:
        return CooperationHandle(
            HandleKind.DIALOGUE,
            _DIALOGUE_OPTION,
            state,
            None,
            HandleStatus.UNKNOWN,
            True,
            f"EU dialogue with {who}: unknown (register not read).",
        )
    dialogues = context.dialogues_with(state)
    if not dialogues:
        return CooperationHandle(
            HandleKind.DIALOGUE,
            _DIALOGUE_OPTION,
            state,
            None,
            HandleStatus.UNKNOWN,
            True,
            f"EU dialogue with {who}: unknown (none in the register).",
        )
    # An open channel first; among equals, the one met most recently.
    dialogue = max(
        dialogues,
        key=lambda d: (d.status.open_channel, d.last_round.held_on if d.last_round else date.min),
    )
    checked = "" if dialogue.status_confirmed else " (not confirmed)"
    last = dialogue.last_round
    if last is None:
        last_text = "no round recorded"
    else:
        last_text = f"last round: {last.label}" + ("" if last.confirmed else " (not confirmed)")
    next_text = f"next meeting: {dialogue.next_in_words() or 'unknown'}"
    if dialogue.status.open_channel:
        status = HandleStatus.AVAILABLE
        text = f"{dialogue.title}: {dialogue.status.value}{checked}; {last_text}; {next_text}."
    elif dialogue.status is DialogueStatus.UNKNOWN:
        status = HandleStatus.UNKNOWN
        text = f"{dialogue.title}: status unknown{checked}; {last_text}; {next_text}."
    else:
        status = HandleStatus.UNAVAILABLE
        state_words = {
            DialogueStatus.NONE: "no dialogue exists",
            DialogueStatus.SUSPENDED: "suspended",
            DialogueStatus.DORMANT: "dormant",
        }[dialogue.status]
        instead = [
            h.reference for h in measures if h.reference and h.status is HandleStatus.AVAILABLE
        ]
        pointer = (
            "; use instead " + ", ".join(instead)
            if instead
            else "; no shared measure to use instead"
        )
        unconfirmed = "" if dialogue.status_confirmed else ", not confirmed"
        text = (
            f"{dialogue.title}: the dialogue channel is unavailable ({state_words}"
            f"{unconfirmed}); {last_text}{pointer}."
        )
    if dialogue.rounds_withheld:
        text += f" {dialogue.rounds_withheld} round(s) above your clearance not shown."
    return CooperationHandle(
        HandleKind.DIALOGUE,
        _DIALOGUE_OPTION,
        state,
        dialogue.id,
        status,
        dialogue.status_confirmed and (last is None or last.confirmed),
        text,
    )


def _summary(
    states: tuple[str, ...],
    handles: list[CooperationHandle],
    names: Mapping[str, str],
    consultation_first: bool,
) -> str:
    if not states:
        return "No State is held responsible: no State-to-State channel applies."
    open_ = sum(h.status is HandleStatus.AVAILABLE for h in handles)
    unknown = sum(h.status is HandleStatus.UNKNOWN for h in handles)
    who = ", ".join(_name(names, s) for s in states)
    order = (
        "consultation measures and the point of contact first (escalation risk is high)"
        if consultation_first
        else "the dialogue first"
    )
    return (
        f"Channels to {who}: {open_} available, {unknown} unknown, "
        f"{len(handles) - open_ - unknown} unavailable; {order}."
    )


def capacity_handles(
    victims: tuple[str, ...],
    incident_types: Iterable[str],
    context: CooperationContext,
    names: Mapping[str, str],
) -> tuple[CooperationHandle, ...]:
    """For each victim's State (third countries: ``victims`` leaves out the Member States),
    the projects serving it in the themes the incident calls for, or the themes uncovered."""
    if not context.consulted:
        return ()
    themes = themes_for(incident_types)
    handles: list[CooperationHandle] = []
    for state in victims:
        serving = [p for p in context.capacity if any(p.serves(state, theme) for theme in themes)]
        name = _name(names, state)
        for project in serving:
            matched = ", ".join(t.label for t in themes if t in project.themes)
            handles.append(
                CooperationHandle(
                    HandleKind.CAPACITY,
                    _CAPACITY_OPTION,
                    state,
                    project.id,
                    HandleStatus.AVAILABLE,
                    True,
                    f"{project.title} serves {name} in {matched} ({project.status.value}).",
                )
            )
        covered = {t for p in serving for t in p.themes}
        uncovered = [t for t in themes if t not in covered]
        if uncovered:
            handles.append(
                CooperationHandle(
                    HandleKind.CAPACITY,
                    _CAPACITY_OPTION,
                    state,
                    None,
                    HandleStatus.UNAVAILABLE,
                    True,
                    f"No capacity-building project in the register serves {name} in "
                    + "; ".join(t.label for t in uncovered)
                    + (
                        ": the theme is uncovered."
                        if len(uncovered) == 1
                        else ": uncovered themes."
                    ),
                )
            )
    return tuple(handles)
