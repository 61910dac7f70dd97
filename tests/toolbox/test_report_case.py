"""The case dossier through the Toolbox: a decided case on WannaCry told as history, positions
by Member State name, decision and rule, implementation, review and recidivism; the marking
of what it names; what a reader below that marking sees; the same store, the same bytes."""

from __future__ import annotations

import io
import json
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader

from cdtoolbox.errors import NotFound
from cdtoolbox.knowledge import KnowledgeBase
from cdtoolbox.model.access import SYSTEM_USER, Role, User
from cdtoolbox.model.case import CaseState, ImplementationKind, PositionKind
from cdtoolbox.model.ports import FixedClock
from cdtoolbox.model.vocabulary import Tlp
from cdtoolbox.report import CASE_DOSSIER_SCHEMA, ReportFormat
from cdtoolbox.toolbox import Settings, Toolbox
from tests_support import wannacry_twin
from toolbox_support import CHEAP_PASSWORDS, renders_every_page

LATER = "Lazarus again, as a partner reported it"
ACT = "Council Decision (CFSP) 2020/1127"
ACT_URL = "https://eur-lex.europa.eu/eli/dec/2020/1127/oj"


@dataclass(frozen=True)
class Decided:
    box: Toolbox
    case_id: str
    measure_id: str
    green: User
    analyst: User


@pytest.fixture(scope="module")
def decided(initialised_url: str, knowledge: KnowledgeBase) -> Iterator[Decided]:
    """A case on WannaCry decided at the end of 2017, with every Member State's position, a
    listing implemented, and a later TLP:AMBER incident by the same actor."""
    clock = FixedClock(datetime(2017, 12, 1, 9, tzinfo=UTC))
    with Toolbox(
        Settings(initialised_url), knowledge=knowledge, passwords=CHEAP_PASSWORDS, clock=clock
    ) as box:

        def add(username: str, role: Role, **extra: object) -> User:
            return box.users.add(
                by=SYSTEM_USER, username=username, display_name=username, role=role, **extra
            )

        analyst = add("dossier-analyst", Role.ANALYST)
        approver = add("dossier-approver", Role.APPROVER)
        green = add("dossier-green", Role.VIEWER, clearance=Tlp.GREEN)
        case = box.cases.open(["wannacry-2017"], by=analyst, title="Response to WannaCry")
        if not any(m.instrument_id == "restrictive.listing" for m in case.active_measures):
            case = box.cases.measures.add(
                case.id, "restrictive.listing", by=analyst, justification="proposed by FR"
            )
        measure = next(
            m.id for m in case.active_measures if m.instrument_id == "restrictive.listing"
        )
        box.cases.move(case.id, CaseState.CONSULTATION, by=analyst)
        for country in box.knowledge.countries.eu_members():
            delegate = add(
                f"dossier-{country.code.lower()}", Role.DELEGATE, member_state=country.code
            )
            position = PositionKind.ABSTAIN if country.code == "AT" else PositionKind.SUPPORT
            box.cases.record_position(
                case.id,
                measure,
                by=delegate,
                member_state=country.code,
                position=position,
                comment="national law allows" if country.code == "AT" else "",
            )
        box.cases.decide(case.id, by=approver)
        box.cases.implement(
            case.id,
            measure,
            by=analyst,
            kind=ImplementationKind.LEGAL_ACT,
            on=date(2020, 7, 30),
            summary="Listing adopted",
            reference=ACT_URL,
        )
        box.incidents.add([wannacry_twin(LATER, start="2019-03-01", tlp="amber")], by=SYSTEM_USER)
        yield Decided(box, case.id, measure, green, analyst)


def test_the_dossier_tells_the_case_from_opening_to_recidivism(decided: Decided) -> None:
    dossier = decided.box.reports.case_dossier(decided.case_id, by=SYSTEM_USER)
    assert (dossier.schema, dossier.case_id, dossier.title) == (
        CASE_DOSSIER_SCHEMA,
        decided.case_id,
        "Response to WannaCry",
    )
    assert [i.slug for i in dossier.incidents] == ["wannacry-2017"]
    assert dossier.opened == "1 December 2017 by dossier-analyst"
    assert dossier.history[0].sentence.startswith("dossier-analyst opened the case")
    sentences = [event.sentence for event in dossier.history]
    assert any("recorded the decision" in s for s in sentences)
    assert any("the position of Austria (AT)" in s and "Abstain" in s for s in sentences)
    assert any("implementation of" in s and "30 July 2020" in s for s in sentences)
    assert [event.date for event in dossier.history] == sorted(e.date for e in dossier.history)

    listing = next(m for m in dossier.measures if m.id == decided.measure_id)
    assert listing.decision == "adopted"
    assert listing.decision_rule == "needs the unanimity of the Member States"
    assert len(listing.positions) == 27 and listing.awaiting == ()
    assert ("Austria (AT)", "Abstain", "national law allows") in {
        (p.member_state, p.position, p.comment) for p in listing.positions
    }
    assert [p.member_state for p in listing.positions] == sorted(
        p.member_state for p in listing.positions
    )
    (done,) = listing.implementations
    assert (done.date, done.kind, done.reference) == ("2020-07-30", "legal act", ACT_URL)
    assert dossier.notes[done.notes[0] - 1].url == ACT_URL

    assert dossier.decision.startswith("Decided on 1 December 2017: adopted")
    assert dossier.review.startswith("The case is due for review on ")
    assert dossier.recidivism_after == "2017-12-01"
    assert LATER in [flag.title for flag in dossier.recidivism]
    # The later incident is TLP:AMBER: the dossier that names it carries its marking.
    assert (dossier.tlp, dossier.tlp_label) == ("amber", "TLP:AMBER")


def test_a_reader_below_a_later_incidents_marking_neither_sees_it_nor_gets_its_marking(
    decided: Decided,
) -> None:
    dossier = decided.box.reports.case_dossier(decided.case_id, by=decided.green)
    assert LATER not in [flag.title for flag in dossier.recidivism]
    assert dossier.tlp == "clear"
    # Nor does any document made for them.
    for kind in (ReportFormat.JSON, ReportFormat.MARKDOWN, ReportFormat.HTML):
        assert LATER.encode() not in _render(decided, kind, decided.green)


def test_the_same_store_gives_the_same_json_and_html(decided: Decided) -> None:
    for kind in (ReportFormat.JSON, ReportFormat.HTML, ReportFormat.MARKDOWN):
        assert _render(decided, kind, SYSTEM_USER) == _render(decided, kind, SYSTEM_USER)
    document = json.loads(_render(decided, ReportFormat.JSON, SYSTEM_USER))
    assert document["schema"] == CASE_DOSSIER_SCHEMA
    (listing,) = (m for m in document["measures"] if m["id"] == decided.measure_id)
    assert len(listing["positions"]) == 27


def test_an_unknown_case_is_not_found(decided: Decided) -> None:
    with pytest.raises(NotFound):
        decided.box.reports.case_dossier("no-such-case", by=SYSTEM_USER)


def _render(decided: Decided, kind: ReportFormat, by: User) -> bytes:
    from cdtoolbox.report import render_report

    return render_report(decided.box.reports.case_dossier(decided.case_id, by=by), kind)


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils is not installed")
def test_poppler_renders_every_page_of_the_dossier(decided: Decided, tmp_path: Path) -> None:
    renders_every_page(_render(decided, ReportFormat.PDF, SYSTEM_USER), tmp_path)


def test_the_pdf_is_marked_numbered_and_lists_its_contents(decided: Decided) -> None:
    document = _render(decided, ReportFormat.PDF, SYSTEM_USER)
    pages = PdfReader(io.BytesIO(document)).pages
    for number, page in enumerate(pages, start=1):
        text = page.extract_text()
        assert text.count("TLP:AMBER") >= 2, f"page {number}: a marking at the top and bottom"
        assert f"Page {number} of {len(pages)}" in text
    text = " ".join(" ".join(page.extract_text().split()) for page in pages)
    for expected in (
        "Case dossier",
        "Contents",
        "Response to WannaCry",
        "Austria (AT) Abstain",
        "needs the unanimity of the Member States",
        "Decided on 1 December 2017",
        "Recidivism",
        LATER,
        ACT_URL,
    ):
        assert expected in text, expected


def test_docs_reports_describe_every_key_of_the_json_dossier(decided: Decided) -> None:
    """docs/reports.md promises readers the JSON layout: a key added without a row fails."""
    document = json.loads(_render(decided, ReportFormat.JSON, SYSTEM_USER))
    docs = (Path(__file__).resolve().parents[2] / "docs" / "reports.md").read_text("utf-8")
    assert f"`schema`: `{CASE_DOSSIER_SCHEMA}`" in docs
    (listing,) = (m for m in document["measures"] if m["id"] == decided.measure_id)
    keys = {
        *document,
        *document["incidents"][0],
        *document["history"][0],
        *listing,
        *listing["positions"][0],
        *listing["implementations"][0],
        *document["recidivism"][0],
    }
    for key in keys:
        assert f"`{key}`" in docs, key


def test_steps_of_the_same_second_are_told_in_the_order_the_workflow_allows(
    initialised_url: str, knowledge: KnowledgeBase
) -> None:
    # A clock that never moves: every step is recorded at the same moment.
    frozen = FixedClock(datetime(2018, 3, 1, tzinfo=UTC), tick=timedelta(0))
    with Toolbox(
        Settings(initialised_url), knowledge=knowledge, passwords=CHEAP_PASSWORDS, clock=frozen
    ) as box:
        analyst = box.users.add(
            by=SYSTEM_USER, username="frozen-analyst", display_name="A", role=Role.ANALYST
        )
        delegate = box.users.add(
            by=SYSTEM_USER,
            username="frozen-delegate-fr",
            display_name="F",
            role=Role.DELEGATE,
            member_state="FR",
        )
        case = box.cases.open(["notpetya-2017"], by=analyst)
        box.cases.move(case.id, CaseState.CONSULTATION, by=analyst)
        box.cases.record_position(
            case.id,
            case.active_measures[0].id,
            by=delegate,
            member_state="FR",
            position=PositionKind.SUPPORT,
        )
        history = box.reports.case_dossier(case.id, by=SYSTEM_USER).history
    kinds = [
        "opened"
        if "opened the case" in e.sentence
        else "measure"
        if e.sentence.startswith("Measure ")
        else "moved"
        if "moved the case" in e.sentence
        else "position"
        for e in history
    ]
    assert kinds == ["opened", *["measure"] * len(case.measures), "moved", "position"]
    assert all(event.sentence.endswith(".") for event in history)
