"""The CBM implementation tracker, the points-of-contact directory and communication checks,
on SQLite and PostgreSQL: what is written, what is kept in history and the audit trail, what
is refused (with field, value and reason, writing nothing) and what each reader may see."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from cdtoolbox.errors import Forbidden, InvalidInput, NotFound
from cdtoolbox.model.access import SYSTEM_USER, Role, User
from cdtoolbox.model.cooperation import ImplementationStatus, PocLevel
from cdtoolbox.model.vocabulary import Tlp
from cdtoolbox.toolbox import Toolbox
from cdtoolbox.toolbox.pocs import percentile

# The toolbox fixture's clock starts here (and ticks a second per read).
NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)


def _user(toolbox: Toolbox, name: str, role: Role, clearance: Tlp) -> User:
    return toolbox.users.add(
        by=SYSTEM_USER, username=name, display_name=name, role=role, clearance=clearance
    )


def _written(toolbox: Toolbox) -> tuple[int, int, int]:
    """How much the registers and the audit trail hold, to show a refusal wrote nothing."""
    records = len(toolbox.cbms.history("FR", by=SYSTEM_USER))
    rounds = len(toolbox.pocs.rounds(by=SYSTEM_USER))
    return records, rounds, len(toolbox.audit.entries(by=SYSTEM_USER))


def test_a_record_is_kept_with_its_evidence_history_and_audit_entry(toolbox: Toolbox) -> None:
    first = toolbox.cbms.record(
        "France",
        "osce-cbm-8",
        status="planned",
        evidence="Note verbale to the OSCE Secretariat",
        evidence_date="2025-03-01",
        by=SYSTEM_USER,
    )
    second = toolbox.cbms.record(
        "FR",
        "OSCE-CBM-8",
        status=ImplementationStatus.IMPLEMENTED,
        evidence="OSCE CBM 8 contact list",
        evidence_date="2025-06-01",
        evidence_url="https://www.osce.org/",
        by=SYSTEM_USER,
    )
    assert (first.version, second.version) == (1, 2)
    assert second.evidence is not None and second.evidence.url == "https://www.osce.org/"
    assert second.recorded_by == "system"
    status = toolbox.cbms.status("FR", by=SYSTEM_USER)
    assert status.frameworks == ("osce", "un")
    assert status.status_of("OSCE-CBM-8") is ImplementationStatus.IMPLEMENTED
    assert status.status_of("OSCE-CBM-3") is ImplementationStatus.NOT_REPORTED
    history = toolbox.cbms.history("FR", "OSCE-CBM-8", by=SYSTEM_USER)
    assert [r.status.value for r in history] == ["planned", "implemented"]
    entries = toolbox.audit.entries(by=SYSTEM_USER, entity="cbm implementation")
    assert [e.key for e in entries] == ["FR/OSCE-CBM-8", "FR/OSCE-CBM-8"]
    assert entries[0].before is None and entries[1].before is not None
    assert entries[1].before["status"] == "planned"
    assert entries[1].after is not None and entries[1].after["status"] == "implemented"


def test_the_matrix_and_the_csv_show_what_was_recorded(toolbox: Toolbox) -> None:
    toolbox.cbms.record("DE", "OSCE-CBM-3", status="partial", by=SYSTEM_USER)
    toolbox.cbms.record("JP", "ARF-CBM-1", status="implemented", by=SYSTEM_USER)
    osce = toolbox.cbms.matrix("osce", by=SYSTEM_USER)
    assert len(osce.states) == 57 and len(osce.measure_ids) == 16
    assert osce.status("DE", "OSCE-CBM-3") is ImplementationStatus.PARTIAL
    assert osce.status("DE", "OSCE-CBM-4") is ImplementationStatus.NOT_REPORTED
    europe = toolbox.cbms.matrix("osce", "Europe", by=SYSTEM_USER)
    assert "DE" in europe.states and "US" not in europe.states and "KZ" not in europe.states
    lines = toolbox.cbms.export_csv("arf", by=SYSTEM_USER).splitlines()
    assert lines[0].startswith("state,measure,framework,status")
    assert [line.split(",")[:4] for line in lines[1:]] == [
        ["JP", "ARF-CBM-1", "arf", "implemented"]
    ]


@pytest.mark.parametrize(
    ("state", "measure", "status", "date", "field", "reason"),
    [
        ("Atlantis", "OSCE-CBM-8", "implemented", None, "state", "is not an ISO 3166"),
        ("FR", "OSCE-CBM-99", "implemented", None, "measure", "is not a confidence-building"),
        ("FR", "OSCE-CBM-8", "done", None, "status", "is not one of: not-reported"),
        ("FR", "OSCE-CBM-8", "implemented", "2025-13-01", "date", "YYYY-MM-DD"),
        ("FR", "OSCE-CBM-8", "implemented", "2027-01-01", "date", "is after today"),
        ("CN", "OSCE-CBM-8", "implemented", None, "state", "is not a participant"),
    ],
)
def test_bad_input_is_refused_naming_field_value_and_reason_and_nothing_is_written(
    toolbox: Toolbox,
    state: str,
    measure: str,
    status: str,
    date: str | None,
    field: str,
    reason: str,
) -> None:
    before = _written(toolbox)
    with pytest.raises(InvalidInput) as raised:
        toolbox.cbms.record(
            state,
            measure,
            status=status,
            evidence="A document" if date else None,
            evidence_date=date,
            by=SYSTEM_USER,
        )
    assert raised.value.field == field and reason in raised.value.reason
    assert raised.value.value in (state, measure, status, date)
    assert _written(toolbox) == before


def test_a_viewer_may_not_record_and_a_restricted_record_reads_as_not_reported(
    toolbox: Toolbox,
) -> None:
    viewer = _user(toolbox, "vera", Role.VIEWER, Tlp.GREEN)
    with pytest.raises(Forbidden):
        toolbox.cbms.record("FR", "OSCE-CBM-1", status="planned", by=viewer)
    toolbox.cbms.record("FR", "OSCE-CBM-1", status="partial", tlp="amber", by=SYSTEM_USER)
    assert toolbox.cbms.status("FR", by=viewer).records == ()
    assert toolbox.cbms.matrix("osce", by=viewer).cells == {}
    assert toolbox.cbms.history("FR", by=viewer) == ()
    assert "OSCE-CBM-1" not in toolbox.cbms.export_csv(by=viewer)
    analyst = _user(toolbox, "ana", Role.ANALYST, Tlp.GREEN)
    assert toolbox.audit.entries(by=analyst, entity="cbm implementation") == []


def _contact(toolbox: Toolbox, state: str, organisation: str, **extra: object) -> str:
    poc = toolbox.pocs.add(
        by=SYSTEM_USER,
        state=state,
        network="osce",
        level=PocLevel.TECHNICAL,
        organisation=organisation,
        channel="e-mail",
        **extra,  # type: ignore[arg-type]
    )
    return poc.id


def test_personal_details_are_amber_and_withheld_from_readers_not_cleared(
    toolbox: Toolbox,
) -> None:
    poc_id = _contact(
        toolbox, "FR", "ANSSI", name="A. Person", email="a@example.org", languages=["fr", "en"]
    )
    green = _user(toolbox, "gil", Role.VIEWER, Tlp.GREEN)
    amber = _user(toolbox, "amy", Role.VIEWER, Tlp.AMBER)
    shown = toolbox.pocs.get(poc_id, by=green)
    assert shown.organisation == "ANSSI" and shown.personal is None and shown.personal_withheld
    cleared = toolbox.pocs.get(poc_id, by=amber)
    assert cleared.personal is not None and cleared.personal.email == "a@example.org"
    assert cleared.personal_tlp is Tlp.AMBER and cleared.languages == ("fr", "en")
    # The audit entry holding the details is marked with them.
    analyst = _user(toolbox, "ana", Role.ANALYST, Tlp.GREEN)
    assert toolbox.audit.entries(by=analyst, entity="poc", key=poc_id) == []


def test_contacts_not_verified_within_a_year_are_flagged(toolbox: Toolbox) -> None:
    old = _contact(toolbox, "FR", "Old office", last_verified="2025-10-01")
    fresh = _contact(toolbox, "DE", "New office", last_verified="2026-06-01")
    never = _contact(toolbox, "IT", "Unverified office")
    stale = {poc.id for poc in toolbox.pocs.list(stale=True, by=SYSTEM_USER)}
    assert stale == {old, never}
    assert not toolbox.pocs.is_stale(toolbox.pocs.get(fresh, by=SYSTEM_USER))


def test_a_round_with_fixed_timestamps_gives_rate_median_and_p95(toolbox: Toolbox) -> None:
    ids = {
        "fr": _contact(toolbox, "FR", "ANSSI"),
        "de": _contact(toolbox, "DE", "BSI"),
        "de2": _contact(toolbox, "DE", "Auswaertiges Amt"),
        "it": _contact(toolbox, "IT", "ACN"),
        "at": _contact(toolbox, "AT", "CERT.at"),
    }
    check = toolbox.pocs.open_round("osce", "2026 Q4", by=SYSTEM_USER)
    assert check.id == "osce-2026-q4" and len(check.entries) == 5
    sent = datetime(2026, 11, 2, 8, 0, tzinfo=UTC)
    answers = {"fr": 10, "de": 30, "de2": 90, "it": 240}  # minutes; AT never answers
    for key in ids:
        toolbox.pocs.mark_sent(check.id, ids[key], sent.isoformat(), by=SYSTEM_USER)
    for key, minutes in answers.items():
        moment = (sent + timedelta(minutes=minutes)).isoformat()
        toolbox.pocs.acknowledge(check.id, ids[key], moment, by=SYSTEM_USER)
    report = toolbox.pocs.report(check.id, by=SYSTEM_USER)
    assert (report.overall.sent, report.overall.acknowledged) == (5, 4)
    assert report.overall.response_rate == 0.8
    # 10, 30, 90, 240 minutes: median (30 + 90) / 2; p95 at rank 2.85: 90 + 0.85 * 150.
    assert report.overall.median == timedelta(minutes=60)
    assert report.overall.p95 == timedelta(minutes=217.5)
    by_state = dict(report.by_state)
    assert by_state["DE"].median == timedelta(minutes=60) and by_state["DE"].response_rate == 1
    assert by_state["AT"].response_rate == 0 and by_state["AT"].median is None
    # An acknowledgement verifies the contact as of that day.
    assert toolbox.pocs.get(ids["fr"], by=SYSTEM_USER).last_verified == sent.date()
    verified = toolbox.audit.entries(by=SYSTEM_USER, entity="poc", key=ids["fr"])
    assert sorted(e.action for e in verified) == ["poc.add", "poc.verify"]
    [verify] = [e for e in verified if e.action == "poc.verify"]
    assert verify.before is not None and verify.before["last_verified"] is None
    assert verify.after is not None and verify.after["last_verified"] == "2026-11-02"
    trail = toolbox.audit.entries(by=SYSTEM_USER, entity="communication check")
    actions = [e.action for e in trail]
    assert (
        actions
        == ["poc.check_round.open"] + ["poc.check_round.sent"] * 5 + ["poc.check_round.ack"] * 4
    )


def test_check_round_mistakes_are_refused_and_write_nothing(toolbox: Toolbox) -> None:
    poc_id = _contact(toolbox, "FR", "ANSSI")
    check = toolbox.pocs.open_round("osce", "2026 Q4", by=SYSTEM_USER)
    before = _written(toolbox)
    with pytest.raises(InvalidInput) as duplicate:
        toolbox.pocs.open_round("OSCE", "2026 Q4 ", by=SYSTEM_USER)
    assert (duplicate.value.field, duplicate.value.value) == ("title", "2026 Q4 ")
    with pytest.raises(InvalidInput) as unsent:
        toolbox.pocs.acknowledge(check.id, poc_id, "2026-11-02T09:00:00+00:00", by=SYSTEM_USER)
    assert unsent.value.field == "acknowledged_at" and "before the check was sent" in (
        unsent.value.reason
    )
    assert _written(toolbox) == before
    toolbox.pocs.mark_sent(check.id, poc_id, "2026-11-02T10:00:00+00:00", by=SYSTEM_USER)
    before = _written(toolbox)
    with pytest.raises(InvalidInput) as early:
        toolbox.pocs.acknowledge(check.id, poc_id, "2026-11-02T09:59:00+00:00", by=SYSTEM_USER)
    assert early.value.value == "2026-11-02T09:59:00+00:00"
    assert "is before the check was sent" in early.value.reason
    with pytest.raises(InvalidInput) as malformed:
        toolbox.pocs.acknowledge(check.id, poc_id, "yesterday", by=SYSTEM_USER)
    assert malformed.value.field == "acknowledged_at"
    with pytest.raises(InvalidInput):
        toolbox.pocs.open_round("arf", "Empty", by=SYSTEM_USER)  # no contacts in the ARF
    with pytest.raises(NotFound):
        toolbox.pocs.mark_sent("no-such-round", poc_id, by=SYSTEM_USER)
    assert _written(toolbox) == before
    assert toolbox.pocs.report(check.id, by=SYSTEM_USER).overall.acknowledged == 0


def test_percentiles_interpolate_between_ranks() -> None:
    minutes = [timedelta(minutes=m) for m in (1, 2, 3, 4, 5, 6, 7, 8, 9, 10)]
    assert percentile(minutes, 50) == timedelta(minutes=5.5)
    assert percentile(minutes, 95) == timedelta(minutes=9.55)
    assert percentile([timedelta(seconds=7)], 95) == timedelta(seconds=7)
    assert percentile([], 50) is None


def test_init_seeds_the_bundled_organisations_once(toolbox: Toolbox) -> None:
    assert toolbox.pocs.seed() == 32
    assert toolbox.pocs.seed() == 0
    contacts = toolbox.pocs.list(network="eu-csirts-network", by=SYSTEM_USER)
    assert {p.state for p in contacts} >= {"AT", "EU", "NL"}
    assert all(p.personal is None for p in contacts)
