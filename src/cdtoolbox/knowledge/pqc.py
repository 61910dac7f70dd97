"""The post-quantum reference data (``pqc.yaml``): the algorithm table the classifier reads,
the EU roadmap's milestones and the default quantum horizon, each entry with its source."""

from __future__ import annotations

from dataclasses import dataclass

from cdtoolbox.errors import InvalidInput
from cdtoolbox.knowledge.datafiles import DataFile, EntryReader
from cdtoolbox.model.pqc import (
    AlgorithmRule,
    AssetRole,
    Criticality,
    Milestone,
    QuantumHorizon,
    QuantumStatus,
)

__all__ = ["EVIDENCE", "PqcReference", "load_pqc"]

#: How well a fact is established; "not confirmed" facts are shown as such wherever they are.
EVIDENCE = ("verified", "secondary", "not confirmed")


@dataclass(frozen=True)
class PqcReference:
    algorithms: tuple[AlgorithmRule, ...]
    milestones: tuple[Milestone, ...]
    horizon: QuantumHorizon
    horizon_sources: tuple[str, ...]
    version: int


def load_pqc(data: DataFile) -> PqcReference:
    horizon_raw = data.content.get("quantum_horizon")
    if not isinstance(horizon_raw, dict):
        raise InvalidInput(
            "data file", "quantum_horizon", horizon_raw, "must be a mapping", data.name
        )
    horizon_reader = EntryReader(horizon_raw, "quantum horizon", f"{data.name} quantum_horizon")
    horizon = QuantumHorizon(
        year=horizon_reader.integer("year", 2000, 2200), basis=horizon_reader.text("basis")
    )
    _evidence(horizon_reader)
    milestones = tuple(
        Milestone(
            id=reader.text("id"),
            due=reader.date("due"),
            title=reader.text("title"),
            criticalities=tuple(
                _criticality(reader, value) for value in reader.items("criticalities")
            ),
            sources=reader.sources(),
            evidence=_evidence(reader),
        )
        for reader in data.entries("milestones", "roadmap milestone")
    )
    algorithms = tuple(
        _rule(reader) for reader in data.entries("algorithms", "algorithm", id_field="family")
    )
    return PqcReference(
        algorithms=algorithms,
        milestones=tuple(sorted(milestones, key=lambda milestone: milestone.due)),
        horizon=horizon,
        horizon_sources=horizon_reader.sources(),
        version=data.version,
    )


def _rule(reader: EntryReader) -> AlgorithmRule:
    thresholds = []
    for position, raw in enumerate(reader.items("thresholds"), start=1):
        if not isinstance(raw, dict):
            raise reader.fail("thresholds", raw, "must be a list of mappings")
        step = EntryReader(raw, "algorithm threshold", f"{reader.location} threshold {position}")
        bits = step.integer("bits", 1, 100_000)
        thresholds.append((bits, step.choice("status", QuantumStatus), step.text("reason")))
    return AlgorithmRule(
        family=reader.text("family"),
        aliases=reader.texts("aliases"),
        status=reader.choice("status", QuantumStatus),
        role=reader.choice("role", AssetRole),
        replacement=reader.text("replacement"),
        reason=reader.text("reason"),
        sources=reader.sources(),
        thresholds=tuple(sorted(thresholds, key=lambda step: -step[0])),
        confirmed=_evidence(reader) != "not confirmed",
    )


def _criticality(reader: EntryReader, value: object) -> Criticality:
    try:
        return Criticality(str(value))
    except ValueError:
        allowed = ", ".join(member.value for member in Criticality)
        raise reader.fail("criticalities", value, f"is not one of: {allowed}") from None


def _evidence(reader: EntryReader) -> str:
    value = reader.text("evidence")
    if value not in EVIDENCE:
        raise reader.fail("evidence", value, f"is not one of: {', '.join(EVIDENCE)}")
    return value
