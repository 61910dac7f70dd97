"""The annual report's cooperation figures: the confidence-building measures the frameworks
agreed, what the States reported implementing in the period (the CBM tracker), and the
communication checks of points of contact opened in it (their response rate and times to
acknowledge, as ``toolbox.pocs.report`` computes them; nothing is recounted here)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import timedelta

from cdtoolbox.knowledge import KnowledgeBase
from cdtoolbox.model.cooperation import ImplementationRecord, ImplementationStatus, RoundReport
from cdtoolbox.report.notes import SourceNotes
from cdtoolbox.report.parts import Breakdown, Paragraph, Tally, breakdown
from cdtoolbox.report.words import country, duration, long_date

__all__ = ["CheckRoundRow", "cbm_implementation", "cbm_reference", "communication_checks"]

# The order a reader expects: from done to not done.
_STATUS_ORDER = (
    ImplementationStatus.IMPLEMENTED,
    ImplementationStatus.PARTIAL,
    ImplementationStatus.PLANNED,
    ImplementationStatus.NOT_REPORTED,
)


@dataclass(frozen=True, slots=True)
class CheckRoundRow:
    """One communication check opened in the period, with the response of the contacts its
    reader may read. Times are in whole seconds; ``summary`` says the same in words."""

    id: str
    title: str
    network: str
    network_name: str
    opened: str  # ISO day
    sent: int
    acknowledged: int
    response_rate: float | None  # acknowledged / sent; None when nothing was sent
    median_seconds: int | None
    p95_seconds: int | None
    summary: str


def _framework_label(framework_id: str) -> str:
    return framework_id.upper()


def cbm_reference(knowledge: KnowledgeBase, notes: SourceNotes) -> Paragraph:
    """What the frameworks agreed: the measures the knowledge base lists, per framework."""
    cbms = knowledge.cbms
    counts = [f"{_framework_label(f.id)} {len(cbms.in_framework(f.id))}" for f in cbms.frameworks]
    unconfirmed = sum(1 for measure in cbms.all() if not measure.confirmed)
    caveat = (
        f" {unconfirmed} of them are paraphrases not yet checked against their primary text."
        if unconfirmed
        else ""
    )
    sources = sorted({source for f in cbms.frameworks for source in f.sources})
    return Paragraph(
        f"The knowledge base lists {len(cbms.all())} cyber/ICT confidence-building measures "
        f"across {len(cbms.frameworks)} frameworks: {', '.join(counts)}.{caveat}",
        tuple(sorted({notes.cite_reference(source) for source in sources})),
    )


def cbm_implementation(
    records: Sequence[ImplementationRecord], knowledge: KnowledgeBase
) -> tuple[Paragraph, tuple[Breakdown, ...]]:
    """The implementation reported in the period: by framework, by status and by State."""
    framework_of = {measure.id: measure.framework for measure in knowledge.cbms.all()}
    states = Counter(record.state for record in records)
    frameworks = Counter(framework_of.get(record.measure_id, "") for record in records)
    statuses = Counter(record.status for record in records)
    if records:
        text = (
            f"{len(records):,} implementation records of {len(states):,} States are dated in "
            "the period (by their evidence, or when recorded without evidence; for each "
            "State and measure the latest): "
            + ", ".join(f"{statuses[s]:,} {s.value}" for s in _STATUS_ORDER if statuses[s])
            + "."
        )
    else:
        text = "No State's implementation of a confidence-building measure is dated in the period."
    by_framework = tuple(
        Tally(f.id, f.name, frameworks[f.id]) for f in knowledge.cbms.frameworks if frameworks[f.id]
    )
    by_status = tuple(
        Tally(s.value, s.value.replace("-", " ").capitalize(), statuses[s])
        for s in _STATUS_ORDER
        if statuses[s]
    )
    by_state = tuple(
        Tally(code, country(code, knowledge), count)
        for code, count in sorted(states.items(), key=lambda item: (-item[1], item[0]))
    )
    return Paragraph(text), (
        breakdown(
            "cbm-by-framework",
            "Implementation records dated in the period, by framework",
            "records",
            by_framework,
            chart=True,
        ),
        breakdown(
            "cbm-by-status",
            "Implementation records dated in the period, by status",
            "records",
            by_status,
            chart=True,
        ),
        breakdown(
            "cbm-by-state",
            "States that reported in the period, by the number of measures",
            "measures",
            by_state,
            chart=False,
        ),
    )


def communication_checks(
    reports: Sequence[RoundReport], networks: Mapping[str, str]
) -> tuple[Paragraph, tuple[CheckRoundRow, ...]]:
    """The rounds opened in the period, oldest first, each with its overall response."""
    rows = tuple(
        _round_row(report, networks)
        for report in sorted(reports, key=lambda r: (r.round.opened_at, r.round.id))
    )
    sent = sum(row.sent for row in rows)
    acknowledged = sum(row.acknowledged for row in rows)
    if rows:
        text = (
            f"{len(rows):,} communication checks of points of contact were opened in the "
            f"period: {acknowledged:,} of the {sent:,} checks sent were acknowledged."
        )
    else:
        text = "No communication check of points of contact was opened in the period."
    return Paragraph(text), rows


def _round_row(report: RoundReport, networks: Mapping[str, str]) -> CheckRoundRow:
    check_round, overall = report.round, report.overall
    name = networks.get(check_round.network, check_round.network)
    rate = overall.response_rate
    if rate is None:
        response = "no check sent yet"
    else:
        response = f"{overall.acknowledged:,} of {overall.sent:,} acknowledged ({rate:.0%})"
        if overall.median is not None and overall.p95 is not None:
            response += (
                f"; median time to acknowledge {duration(overall.median)}, "
                f"95th percentile {duration(overall.p95)}"
            )
    return CheckRoundRow(
        id=check_round.id,
        title=check_round.title,
        network=check_round.network,
        network_name=name,
        opened=check_round.opened_at.date().isoformat(),
        sent=overall.sent,
        acknowledged=overall.acknowledged,
        response_rate=rate,
        median_seconds=_seconds(overall.median),
        p95_seconds=_seconds(overall.p95),
        summary=(
            f"{check_round.title} ({name}, opened {long_date(check_round.opened_at.date())}): "
            f"{response}."
        ),
    )


def _seconds(value: timedelta | None) -> int | None:
    return None if value is None else round(value.total_seconds())
