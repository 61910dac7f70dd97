"""The annual report's cooperation figures, on SQLite and PostgreSQL: the CBM implementation
reported in the period and the communication checks opened in it equal the registers' own
(the tracker's history, ``toolbox.pocs.report``); a record or a contact above the reader's
clearance changes nothing they see; the same store gives the same bytes."""

from __future__ import annotations

import json
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cdtoolbox.model.access import SYSTEM_USER, Role, User
from cdtoolbox.model.cooperation import ImplementationRecord, PocLevel
from cdtoolbox.model.vocabulary import Tlp
from cdtoolbox.report import AnnualReport, ReportFormat, render_report
from cdtoolbox.toolbox import Toolbox
from toolbox_support import marked_pages

SENT = datetime(2026, 11, 2, 8, 0, tzinfo=UTC)


def _contact(toolbox: Toolbox, state: str, organisation: str, tlp: Tlp = Tlp.CLEAR) -> str:
    return toolbox.pocs.add(
        by=SYSTEM_USER,
        state=state,
        network="osce",
        level=PocLevel.TECHNICAL,
        organisation=organisation,
        channel="e-mail",
        tlp=tlp,
    ).id


def _breakdown(report: AnnualReport, breakdown: str) -> dict[str, int]:
    (found,) = (b for s in report.sections for b in s.breakdowns if b.id == breakdown)
    return {row.key: row.count for row in found.rows}


def _figure(report: AnnualReport, key: str) -> int:
    return next(f.count for f in report.key_figures if f.key == key)


def _reported_in(toolbox: Toolbox, year: int, states: list[str]) -> list[ImplementationRecord]:
    """Counted apart from the report: each State's history, the latest version per measure
    dated in the year."""
    latest: dict[str, ImplementationRecord] = {}
    for state in states:
        for record in toolbox.cbms.history(state, by=SYSTEM_USER):
            dated = record.evidence.dated if record.evidence else record.recorded_at.date()
            if dated.year == year:
                latest[f"{state}/{record.measure_id}"] = record
    return list(latest.values())


def test_cbm_implementation_and_communication_checks_are_the_registers_own(
    toolbox: Toolbox,
) -> None:
    record = toolbox.cbms.record
    record("FR", "OSCE-CBM-8", status="planned", by=SYSTEM_USER, **_on("2025-03-01"))
    record("FR", "OSCE-CBM-8", status="implemented", by=SYSTEM_USER, **_on("2026-06-01"))
    record("DE", "OSCE-CBM-3", status="partial", by=SYSTEM_USER)  # recorded on the clock's day
    record("JP", "ARF-CBM-1", status="implemented", by=SYSTEM_USER, **_on("2026-02-01"))
    record("IT", "OSCE-CBM-4", status="implemented", by=SYSTEM_USER, **_on("2024-05-01"))
    ids = {
        "fr": _contact(toolbox, "FR", "ANSSI"),
        "de": _contact(toolbox, "DE", "BSI"),
        "de2": _contact(toolbox, "DE", "Auswaertiges Amt"),
        "it": _contact(toolbox, "IT", "ACN"),
        "at": _contact(toolbox, "AT", "CERT.at"),
    }
    check = toolbox.pocs.open_round("osce", "2026 Q4", by=SYSTEM_USER)
    for poc_id in ids.values():
        toolbox.pocs.mark_sent(check.id, poc_id, SENT.isoformat(), by=SYSTEM_USER)
    for key, minutes in {"fr": 10, "de": 30, "de2": 90, "it": 240}.items():
        moment = (SENT + timedelta(minutes=minutes)).isoformat()
        toolbox.pocs.acknowledge(check.id, ids[key], moment, by=SYSTEM_USER)

    report = toolbox.reports.annual("2026", by=SYSTEM_USER)
    expected = _reported_in(toolbox, 2026, ["FR", "DE", "JP", "IT"])
    assert _figure(report, "cbm-records") == len(expected) == 3
    framework_of = {m.id: m.framework for m in toolbox.cbms.measures(by=SYSTEM_USER)}
    assert _breakdown(report, "cbm-by-framework") == Counter(
        framework_of[r.measure_id] for r in expected
    )
    assert _breakdown(report, "cbm-by-status") == Counter(r.status.value for r in expected)
    assert _breakdown(report, "cbm-by-state") == Counter(r.state for r in expected)
    assert _breakdown(report, "cbm-by-status") == {"implemented": 2, "partial": 1}
    # A past period keeps the status reported then, though a later report changed it.
    assert _breakdown(toolbox.reports.annual("2025", by=SYSTEM_USER), "cbm-by-status") == {
        "planned": 1
    }

    register = toolbox.pocs.report(check.id, by=SYSTEM_USER).overall
    assert _figure(report, "check-rounds") == 1
    document = json.loads(render_report(report, ReportFormat.JSON))
    [row] = document["communication_checks"]
    assert register.median is not None and register.p95 is not None
    assert (row["sent"], row["acknowledged"], row["response_rate"]) == (
        register.sent,
        register.acknowledged,
        register.response_rate,
    )
    assert (row["median_seconds"], row["p95_seconds"]) == (
        round(register.median.total_seconds()),
        round(register.p95.total_seconds()),
    )
    assert (row["sent"], row["acknowledged"], row["median_seconds"]) == (5, 4, 3600)
    assert row["summary"] == (
        "2026 Q4 (OSCE cyber/ICT confidence-building measures, opened 25 November 2026): "
        "4 of 5 acknowledged (80%); median time to acknowledge 1 h, "
        "95th percentile 3 h 37 min."
    )
    assert _figure(toolbox.reports.annual("2025", by=SYSTEM_USER), "check-rounds") == 0
    missing = {name for section in report.sections for name in section.not_recorded}
    assert missing == {"Rapid-response team deployments"}
    for kind in (ReportFormat.JSON, ReportFormat.HTML, ReportFormat.MARKDOWN):
        again = toolbox.reports.annual("2026", by=SYSTEM_USER)
        assert render_report(again, kind) == render_report(report, kind)
    html = render_report(report, ReportFormat.HTML).decode()
    assert row["summary"] in html and "Implementation records dated in the period" in html

    # In print: the figures, the round's sentence and a chart's title, on marked A4 pages.
    text = " ".join(marked_pages(render_report(report, ReportFormat.PDF), "TLP:CLEAR"))
    for expected in (
        "CBM implementation records dated in the period: 3",
        "Communication checks opened: 1",
        "Implementation records dated in the period, by status (records)",
        "4 of 5 acknowledged (80%); median time to acknowledge 1 h",
    ):
        assert expected in text, expected

    docs = (Path(__file__).resolve().parents[2] / "docs" / "reports.md").read_text("utf-8")
    for key in {*row, *(b["id"] for s in document["sections"] for b in s["breakdowns"])}:
        assert f"`{key}`" in docs, key


def test_a_record_or_contact_above_the_readers_clearance_changes_nothing_they_see(
    toolbox: Toolbox,
) -> None:
    green: User = toolbox.users.add(
        by=SYSTEM_USER,
        username="green",
        display_name="Green",
        role=Role.VIEWER,
        clearance=Tlp.GREEN,
    )
    toolbox.cbms.record("FR", "OSCE-CBM-8", status="implemented", by=SYSTEM_USER)
    clear = _contact(toolbox, "FR", "ANSSI")
    amber = _contact(toolbox, "PL", "CERT Polska", Tlp.AMBER)
    check = toolbox.pocs.open_round("osce", "2026 Q4", by=SYSTEM_USER)
    for poc_id in (clear, amber):
        toolbox.pocs.mark_sent(check.id, poc_id, SENT.isoformat(), by=SYSTEM_USER)
    toolbox.pocs.acknowledge(
        check.id, clear, (SENT + timedelta(minutes=5)).isoformat(), by=SYSTEM_USER
    )
    before = {
        kind: render_report(toolbox.reports.annual("2026", by=green), kind)
        for kind in (ReportFormat.JSON, ReportFormat.HTML)
    }
    toolbox.cbms.record("PL", "OSCE-CBM-5", status="partial", tlp="amber", by=SYSTEM_USER)
    toolbox.cbms.record(
        "FR", "OSCE-CBM-8", status="planned", tlp="amber", by=SYSTEM_USER, **_on("2026-01-10")
    )
    toolbox.pocs.acknowledge(
        check.id, amber, (SENT + timedelta(minutes=50)).isoformat(), by=SYSTEM_USER
    )
    for kind, document in before.items():
        assert render_report(toolbox.reports.annual("2026", by=green), kind) == document
    shown = json.loads(before[ReportFormat.JSON])
    assert shown["tlp_label"] == "TLP:CLEAR"
    assert [(c["sent"], c["acknowledged"]) for c in shown["communication_checks"]] == [(1, 1)]
    seen = toolbox.reports.annual("2026", by=SYSTEM_USER)
    assert seen.tlp_label == "TLP:AMBER"
    assert _breakdown(seen, "cbm-by-state") == {"FR": 1, "PL": 1}
    assert _breakdown(seen, "cbm-by-status") == {"partial": 1, "planned": 1}
    assert [(c.sent, c.acknowledged) for c in seen.communication_checks] == [(2, 2)]


def test_a_contact_marked_amber_marks_the_report_that_counts_its_check(toolbox: Toolbox) -> None:
    amber = _contact(toolbox, "PL", "CERT Polska", Tlp.AMBER)
    toolbox.pocs.open_round("osce", "2026 Q4", by=SYSTEM_USER)
    toolbox.pocs.mark_sent("osce-2026-q4", amber, SENT.isoformat(), by=SYSTEM_USER)
    assert toolbox.reports.annual("2026", by=SYSTEM_USER).tlp_label == "TLP:AMBER"
    assert toolbox.reports.annual("2025", by=SYSTEM_USER).tlp_label == "TLP:CLEAR"


def _on(day: str) -> dict[str, str]:
    return {"evidence": "National report to the OSCE", "evidence_date": day}
