"""Wire schemas of the dialogues register (Pydantic v2); the document is
``model.cooperation_codec.dialogue_to_dict``."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from cdtoolbox.model.cooperation_codec import dialogue_to_dict
from cdtoolbox.model.dialogues import Dialogue

__all__ = [
    "DialogueChangeIn",
    "DialogueIn",
    "DialogueOut",
    "RoundIn",
    "RoundOut",
    "dialogue_out",
]

_ROUND_EXAMPLE: dict[str, Any] = {
    "held_on": "2025-12-09",
    "ends_on": "2025-12-10",
    "number": 3,
    "place": "Brussels",
    "level": None,
    "topics": [],
    "outcomes": [],
    "tlp": "clear",
    "sources": [
        "https://www.eeas.europa.eu/eeas/eu-uk-third-cyber-dialogue-reinforcing-their-"
        "collaboration-cybersecurity"
    ],
    "status": "verified",
    "recorded_by": None,
}


class RoundOut(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [_ROUND_EXAMPLE]})

    held_on: str = Field(description="First day, YYYY-MM-DD")
    ends_on: str | None = Field(description="Last day of a meeting over several days")
    number: int | None = Field(description="The round's ordinal as its sources number it")
    place: str | None
    level: str | None = Field(description="e.g. senior officials, Track 2")
    topics: list[str]
    outcomes: list[str] = Field(description="Outcomes and talking points")
    tlp: str = Field(description="The round's own marking")
    classification: str | None = Field(
        None, description="The round's EU classification; null: unclassified (docs/markings.md)"
    )
    sources: list[str]
    status: str = Field(description="verified, secondary or unverified (not confirmed)")
    recorded_by: str | None = Field(description="None for a bundled round")


class DialogueOut(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": "eu-gb-cyber-dialogue",
                    "partner": "GB",
                    "partner_name": "United Kingdom",
                    "kind": "bilateral",
                    "title": "EU-United Kingdom cyber dialogue",
                    "status": "active",
                    "status_checked": "verified",
                    "sources": ["https://www.eeas.europa.eu/"],
                    "first_held": "2023-12-14",
                    "rounds": [_ROUND_EXAMPLE],
                    "next_meeting": None,
                    "next_meeting_note": "London, 2026",
                    "note": "Held under the Trade and Cooperation Agreement.",
                    "tlp": "clear",
                    "rounds_withheld": 0,
                    "version": 1,
                }
            ]
        }
    )

    id: str
    partner: str = Field(description="ISO 3166-1 alpha-2 code or a partner organisation id")
    partner_name: str
    kind: str = Field(
        description="bilateral, organisation, multilateral, ambassadors, civil-society, "
        "academia or industry"
    )
    title: str
    status: str = Field(description="active, dormant, suspended, none or unknown")
    status_checked: str = Field(
        description="How firmly the sources support the status: verified, secondary or "
        "unverified (not confirmed)"
    )
    sources: list[str]
    first_held: str | None
    rounds: list[RoundOut] = Field(description="The rounds you may read, in date order")
    next_meeting: str | None = Field(description="YYYY-MM-DD, after the last round")
    next_meeting_note: str | None = Field(description="When only a place or year is known")
    note: str | None
    tlp: str
    rounds_withheld: int = Field(description="Rounds above your clearance, left out")
    version: int


class RoundIn(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "held_on": "2026-11-20",
                    "number": 4,
                    "place": "London",
                    "topics": ["ransomware"],
                    "outcomes": ["joint statement"],
                    "tlp": "amber",
                }
            ]
        },
        extra="forbid",
    )

    held_on: str = Field(description="First day, YYYY-MM-DD, not after today")
    ends_on: str | None = Field(None, description="Last day, YYYY-MM-DD")
    number: int | None = Field(None, description="The round's ordinal")
    place: str | None = None
    level: str | None = None
    topics: list[str] = Field(default_factory=list)
    outcomes: list[str] = Field(default_factory=list, description="Outcomes, talking points")
    tlp: str = Field("clear", description="The round's marking")
    sources: list[str] = Field(default_factory=list, description="Public addresses")
    classification: str | None = Field(
        None,
        description="EU classification: restreint-ue, confidentiel-ue or secret-ue; null: "
        "unclassified. Needs a classification clearance at least as high",
    )


class DialogueIn(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "partner": "eu-cyber-direct",
                    "partner_name": "EU Cyber Direct",
                    "kind": "academia",
                    "title": "EU Cyber Direct research exchanges",
                }
            ]
        },
        extra="forbid",
    )

    partner: str = Field(description="ISO code, country name or organisation id")
    kind: str = Field(
        "bilateral",
        description="bilateral, organisation, multilateral, ambassadors, civil-society, "
        "academia or industry",
    )
    title: str
    status: str = Field("active", description="active, dormant, suspended, none or unknown")
    partner_name: str | None = Field(None, description="Names a new organisation")
    first_held: str | None = Field(None, description="YYYY-MM-DD, not after today")
    next_meeting: str | None = Field(None, description="YYYY-MM-DD")
    next_meeting_note: str | None = None
    note: str | None = None
    sources: list[str] = Field(default_factory=list, description="Public addresses")
    tlp: str = Field("clear", description="The dialogue's marking")


class DialogueChangeIn(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"status": "suspended"}, {"next_meeting": "2027-03-01"}]},
        extra="forbid",
    )

    status: str | None = Field(None, description="active, dormant, suspended, none or unknown")
    next_meeting: str | None = Field(None, description="YYYY-MM-DD, after the last round")
    next_meeting_note: str | None = Field(None, description="e.g. London, 2027")


def dialogue_out(dialogue: Dialogue) -> DialogueOut:
    return DialogueOut.model_validate(dialogue_to_dict(dialogue))
