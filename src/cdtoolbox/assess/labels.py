"""Reader labels for the identifiers an assessment carries as data.

Findings name incident fields (``impact.people_affected``) and kinds of measure
(``stability-naming-state``) as identifiers, so that the JSON form, tests and calibration can
rely on them. Pages, the terminal report and the API's ``*_label`` fields show these labels
instead; the enums of the assessment carry their own (``NormStatus.label``, …).
"""

from __future__ import annotations

from cdtoolbox.model import InstrumentCategory

__all__ = ["FIELD_LABELS", "NAMING_STATE", "field_label", "measure_label"]

NAMING_STATE = "stability-naming-state"  # a statement that names the state held responsible

# Every incident field or derived notion a finding names, in the words of the incident page.
FIELD_LABELS = {
    "actor.country": "the country the actor is linked to",
    "attribution": "the attributions",
    "attribution.legal": "legal attributions",
    "attribution.perpetrators": "the persons or entities named as responsible",
    "attribution.states": "the states named as responsible",
    "attribution.wording": "the wording of the attributions",
    "attributions": "the attributions",
    "campaign": "whether it is a campaign",
    "claimant.country": "the country of the party claiming it",
    "claimants": "the parties claiming it",
    "data.properties": "which data properties were compromised",
    "data.sensitivity": "how sensitive the data are",
    "disclosed": "when it was made public",
    "end": "the end date",
    "impact.financial_loss_usd": "the financial loss",
    "impact.outage_hours": "how long the outage lasted",
    "impact.people_affected": "the number of people affected",
    "impact.people_or_records": "the number of people or records affected",
    "impact.physical_damage": "whether there was physical damage",
    "impact.physical_effects": "the physical effects",
    "impact.records_exposed": "the number of records exposed",
    "impact.systems_affected": "the number of systems affected",
    "preconditions": "the preconditions",
    "severity": "the severity",
    "start": "the start date",
    "summary": "the summary",
    "types": "the types of activity",
    "victims.alignment_partners": "victims among the EU's aligned partners",
    "victims.countries": "the victim countries",
    "victims.eu_bodies": "victims among EU institutions and bodies",
    "victims.member_states": "victims in EU Member States",
    "victims.organisations": "the victim organisations",
    "victims.sectors": "the victim sectors",
}

_MEASURE_LABELS = {
    **{category.value: category.label for category in InstrumentCategory},
    NAMING_STATE: "A statement naming the state responsible",
}


def field_label(name: str) -> str:
    """The words for a field a finding names; "a or b" alternatives are worded one by one.

    A trailing qualifier stays: ``summary (techniques)`` reads "the summary (techniques)".
    """
    alternatives = [part.strip() for part in name.split(" or ")]
    return " or ".join(_one_field(part) for part in alternatives)


def _one_field(name: str) -> str:
    field, _, qualifier = name.partition(" ")
    label = FIELD_LABELS.get(field)
    if label is None:
        raise KeyError(f"no reader label for the assessment field {field!r}")
    return f"{label} {qualifier}" if qualifier else label


def measure_label(measure: str) -> str:
    """The words for a kind of measure an attribution is ready for (a category or naming)."""
    return _MEASURE_LABELS[measure]
