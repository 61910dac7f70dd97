"""Wire schemas of the public responses (Pydantic v2); the documents are
``model.response_codec``'s."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from cdtoolbox.model.response_codec import response_record_to_dict
from cdtoolbox.model.response_record import DraftCorrections, ResponseRecord

__all__ = [
    "DraftConfirmIn",
    "IncidentDraftOut",
    "ResponseListOut",
    "ResponseOut",
    "response_out",
]

_RESPONSE_EXAMPLE: dict[str, Any] = {
    "id": "resp-st-9c1f0d2e4b7a3c55",
    "state": "draft",
    "origin": "analyst",
    "date": "2022-05-10",
    "party_kind": "eu",
    "party": "High Representative on behalf of the EU",
    "country": None,
    "instrument": "stability.hr_declaration",
    "measure": "Declaration by the High Representative on behalf of the EU",
    "incidents": ["viasat-ka-sat-2022"],
    "wording": "… the malicious cyber activity conducted by the Russian Federation against "
    "Ukraine …",
    "state_named": "RU",
    "listed": [],
    "sources": ["https://www.consilium.europa.eu/en/press/press-releases/2022/05/10/"],
    "status": "unverified",
    "tlp": "clear",
    "classification": None,
    "drafted_by": "analyst",
    "drafted_at": "2026-12-07T09:00:00+00:00",
    "confirmed_by": None,
    "confirmed_at": None,
    "statement": "st-9c1f0d2e4b7a3c55",
    "incident_draft": None,
    "version": 1,
}


class IncidentDraftOut(BaseModel):
    """The incident a statement describes where the store holds none, as drafted."""

    slug: str
    title: str
    date: str | None = Field(description="The statement's date (ISO): public by then")
    countries: list[str] = Field(description="Victim countries named (ISO alpha-2)")
    sectors: list[str] = Field(description="Victim sectors named (sector ids)")
    state: str | None = Field(description="The State held responsible (ISO alpha-2)")
    actor: str | None = Field(description="The actor held responsible (canonical name)")
    strength: str | None = Field(description="The attribution ladder's step (docs/statements.md)")
    likelihood: str | None = Field(description="The strength on the estimative likelihood scale")
    confidence: str | None = Field(description="The strength on the confidence scale")
    wording: str | None = Field(description="The attribution sentences, quoted")
    source: str | None = Field(description="Where the statement was published")


class ResponseOut(BaseModel):
    """A public response in the store: the release's or an analyst's, drafted or confirmed."""

    model_config = ConfigDict(json_schema_extra={"examples": [_RESPONSE_EXAMPLE]})

    id: str
    state: str = Field(description="draft or confirmed: only confirmed ones are precedents")
    origin: str = Field(description="bundled (the release's responses file) or analyst")
    date: str = Field(description="YYYY-MM-DD, or YYYY-MM where only the month is known")
    party_kind: str = Field(description="eu or member-state")
    party: str
    country: str | None = Field(description="ISO alpha-2 of a responding Member State")
    instrument: str | None = Field(description="The Toolbox instrument's id; null: national")
    measure: str = Field(description="What was done, in words")
    incidents: list[str] = Field(description="Slugs of the incidents the response concerns")
    wording: str | None = Field(description="The response's own words on who was responsible")
    state_named: str | None = Field(description="The State it holds responsible (ISO alpha-2)")
    listed: list[str] = Field(description="Persons and entities a listing added")
    sources: list[str]
    status: str = Field(description="verified, secondary or unverified")
    tlp: str
    classification: str | None = Field(description="EU classification; null: unclassified")
    drafted_by: str
    drafted_at: str
    confirmed_by: str | None
    confirmed_at: str | None
    statement: str | None = Field(description="The statement it was drafted from")
    incident_draft: IncidentDraftOut | None = Field(
        description="A draft's incident, where the statement matched no stored one"
    )
    version: int = Field(description="Counts its writes")


class ResponseListOut(BaseModel):
    items: list[ResponseOut]


class DraftConfirmIn(BaseModel):
    """The corrections an analyst makes when confirming a draft; each left out keeps the
    draft's."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"date": "2022-05-10", "wording": "conducted by the Russian Federation"},
                {"incident_title": "Energy grid intrusion", "incident_types": ["sabotage"]},
            ]
        },
    )

    instrument: str | None = Field(default=None, description="The Toolbox instrument's id")
    date: str | None = Field(default=None, description="YYYY-MM-DD, YYYY-MM or YYYY")
    incidents: list[str] | None = Field(
        default=None,
        description="Slugs of stored incidents, replacing the draft's; given, the draft "
        "incident is not recorded",
    )
    wording: str | None = Field(default=None, description="Who was responsible, in its words")
    state_named: str | None = Field(
        default=None, description="The State held responsible (ISO code or name; empty: none)"
    )
    incident_title: str | None = Field(default=None, description="The draft incident's title")
    incident_types: list[str] = Field(
        default_factory=list,
        description="What the draft incident's activity did (espionage, wiper …): required to "
        "record the draft incident",
    )
    version: int | None = Field(
        default=None, description="The draft's version you reviewed; another answers 409"
    )

    def corrections(self) -> DraftCorrections:
        return DraftCorrections(
            instrument=self.instrument,
            date=self.date,
            incidents=tuple(self.incidents) if self.incidents is not None else None,
            wording=self.wording,
            state_named=self.state_named,
            incident_title=self.incident_title,
            incident_types=tuple(self.incident_types),
        )


def response_out(record: ResponseRecord) -> ResponseOut:
    return ResponseOut.model_validate(response_record_to_dict(record))
