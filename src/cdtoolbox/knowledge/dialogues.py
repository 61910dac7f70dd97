"""The EU's cyber dialogues and partnerships, read from ``dialogues.yaml``.

Every dialogue, round and partner organisation names its sources. A partner that is neither an
ISO 3166-1 country nor an organisation of the file, or a schedule out of order (rounds not in
date order, a round twice, a next meeting before the last round), is refused when the file is
read.
"""

from __future__ import annotations

from collections.abc import Iterable

from cdtoolbox.knowledge.countries import CountryCatalogue
from cdtoolbox.knowledge.datafiles import DataFile, EntryReader
from cdtoolbox.knowledge.diplomacy import Register
from cdtoolbox.model.dialogues import (
    Dialogue,
    DialogueKind,
    DialogueRound,
    DialogueStatus,
    schedule_problem,
)
from cdtoolbox.model.diplomacy import Verification

__all__ = ["DialogueRegister", "load_dialogues"]

_DIALOGUE = "dialogue"


class DialogueRegister(Register[Dialogue]):
    """The bundled dialogues, in file order, and the organisations they may name as partner."""

    def __init__(
        self, dialogues: Iterable[Dialogue], organisations: dict[str, str], version: int
    ) -> None:
        super().__init__(_DIALOGUE, dialogues, version)
        self.organisations = dict(organisations)  # id -> name


def load_dialogues(data: DataFile, countries: CountryCatalogue) -> DialogueRegister:
    organisations = {
        reader.text("id"): _sourced(reader, "name")
        for reader in data.entries("organisations", "partner organisation")
    }
    dialogues = []
    for reader in data.entries("dialogues", _DIALOGUE):
        partner = reader.text("partner")
        if partner in organisations:
            partner_name = organisations[partner]
        else:
            country = countries.find(partner)
            if country is None or country.code != partner:
                reason = "is neither an ISO 3166-1 alpha-2 code nor an organisation of the file"
                raise reader.fail("partner", partner, reason)
            partner_name = country.name
        rounds = tuple(_round(entry) for entry in reader.mappings("rounds"))
        dialogue = Dialogue(
            id=reader.text("id"),
            partner=partner,
            partner_name=partner_name,
            kind=reader.choice("kind", DialogueKind),
            title=reader.text("title"),
            status=reader.choice("status", DialogueStatus),
            status_checked=reader.choice("status_checked", Verification),
            sources=reader.sources(),
            first_held=reader.date("first_held") if reader.has("first_held") else None,
            rounds=rounds,
            next_meeting=reader.date("next_meeting") if reader.has("next_meeting") else None,
            next_meeting_note=reader.optional_text("next_meeting_note"),
            note=reader.optional_text("note"),
        )
        problem = schedule_problem(dialogue.rounds, dialogue.next_meeting)
        if problem is not None:
            raise reader.fail(*problem)
        dialogues.append(dialogue)
    return DialogueRegister(dialogues, organisations, data.version)


def _sourced(reader: EntryReader, field: str) -> str:
    reader.sources()  # every organisation names where it comes from
    return reader.text(field)


def _round(reader: EntryReader) -> DialogueRound:
    return DialogueRound(
        held_on=reader.date("held_on"),
        ends_on=reader.date("ends_on") if reader.has("ends_on") else None,
        number=reader.integer("number", 1, 999) if reader.has("number") else None,
        place=reader.optional_text("place"),
        level=reader.optional_text("level"),
        topics=reader.texts("topics", required=False),
        outcomes=reader.texts("outcomes", required=False),
        sources=reader.sources(),
        status=reader.choice("status", Verification),
    )
