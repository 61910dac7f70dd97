"""Shaping a case's proposed measures while it is drafted: add, edit, drop and restore, each
with the analyst's justification kept in the measure's history."""

from __future__ import annotations

from collections.abc import Callable

from cdtoolbox.errors import InvalidInput
from cdtoolbox.model.access import Permission, User
from cdtoolbox.model.case import MeasureChange, MeasureOrigin, ProposedMeasure, ResponseCase
from cdtoolbox.model.ports import Clock
from cdtoolbox.respond.proposals import next_measure_id
from cdtoolbox.respond.workflow import check_can_edit_measures
from cdtoolbox.store import Database
from cdtoolbox.toolbox.access import require
from cdtoolbox.toolbox.case_records import (
    MAX_TEXT,
    as_list,
    clean_text,
    find_measure,
    justification_of,
    replace_measure,
    snapshot_options,
)
from cdtoolbox.toolbox.case_transactions import CaseLedger

__all__ = ["CaseMeasures"]


class CaseMeasures:
    """A case's proposed measures, shaped while the case is drafted: each change takes a
    justification and lands in the measure's history (``toolbox.cases.measures``)."""

    def __init__(self, database: Database, clock: Clock, ledger: CaseLedger) -> None:
        self._database = database
        self._clock = clock
        self._ledger = ledger

    def add(
        self,
        case_id: str,
        instrument_id: str,
        *,
        by: User,
        justification: str,
        text: str = "",
        expected_version: int | None = None,
    ) -> ResponseCase:
        require(by, Permission.EDIT_CASES)
        instrument = self._ledger.instrument(instrument_id, field="instrument")
        why = justification_of(justification)

        def add(case: ResponseCase, now_by: MeasureChange) -> ResponseCase:
            check_can_edit_measures(case)
            if any(m.instrument_id == instrument.id and not m.dropped for m in case.measures):
                raise InvalidInput(
                    "case", "instrument", instrument.id, "is already proposed in this case"
                )
            options = [
                option
                for snapshot in case.assessment_snapshot.values()
                for option in snapshot_options(snapshot)
                if option.get("instrument_id") == instrument.id
            ]
            measure = ProposedMeasure(
                id=next_measure_id(case.measures),
                instrument_id=instrument.id,
                title=instrument.name,
                origin=MeasureOrigin.ANALYST,
                text=clean_text("text", text, MAX_TEXT) or "",
                available_when_proposed=(
                    any(bool(o.get("available")) for o in options) if options else None
                ),
                missing_when_proposed=tuple(
                    str(reason) for o in options for reason in as_list(o.get("missing"))
                ),
                history=(now_by,),
            )
            return case.evolve(measures=(*case.measures, measure))

        return self._change(
            by, case_id, expected_version, Permission.EDIT_CASES, "case.measure.add", why, add
        )

    def edit(
        self,
        case_id: str,
        measure_id: str,
        *,
        by: User,
        justification: str,
        text: str | None = None,
        title: str | None = None,
        expected_version: int | None = None,
    ) -> ResponseCase:
        require(by, Permission.EDIT_CASES)
        why = justification_of(justification)

        def edit(case: ResponseCase, now_by: MeasureChange) -> ResponseCase:
            check_can_edit_measures(case)
            measure = find_measure(case, measure_id)
            changed = measure.evolve(
                text=clean_text("text", text, MAX_TEXT) if text is not None else measure.text,
                title=clean_text("title", title, 300) or measure.title,
                history=(*measure.history, now_by),
            )
            return replace_measure(case, changed)

        return self._change(
            by, case_id, expected_version, Permission.EDIT_CASES, "case.measure.edit", why, edit
        )

    def drop(
        self,
        case_id: str,
        measure_id: str,
        *,
        by: User,
        justification: str,
        expected_version: int | None = None,
    ) -> ResponseCase:
        return self._set_dropped(by, case_id, measure_id, True, justification, expected_version)

    def restore(
        self,
        case_id: str,
        measure_id: str,
        *,
        by: User,
        justification: str,
        expected_version: int | None = None,
    ) -> ResponseCase:
        return self._set_dropped(by, case_id, measure_id, False, justification, expected_version)

    def _set_dropped(
        self,
        by: User,
        case_id: str,
        measure_id: str,
        dropped: bool,
        justification: str,
        expected_version: int | None,
    ) -> ResponseCase:
        require(by, Permission.EDIT_CASES)
        why = justification_of(justification)
        action = "dropped" if dropped else "restored"

        def toggle(case: ResponseCase, now_by: MeasureChange) -> ResponseCase:
            check_can_edit_measures(case)
            measure = find_measure(case, measure_id)
            if measure.dropped == dropped:
                raise InvalidInput("case", "measure", measure_id, f"is already {action}")
            changed = measure.evolve(dropped=dropped, history=(*measure.history, now_by))
            return replace_measure(case, changed)

        return self._change(
            by,
            case_id,
            expected_version,
            Permission.EDIT_CASES,
            f"case.measure.{'drop' if dropped else 'restore'}",
            why,
            toggle,
        )

    def _change(
        self,
        by: User,
        case_id: str,
        expected_version: int | None,
        permission: Permission,
        action: str,
        justification: str,
        mutate: Callable[[ResponseCase, MeasureChange], ResponseCase],
    ) -> ResponseCase:
        require(by, permission)
        with self._database.transaction() as store:
            case = self._ledger.current(store, by, case_id, expected_version)
            now = self._clock.now()
            verb = action.rsplit(".", 1)[-1]
            change = MeasureChange(
                at=now,
                by=by.username,
                action={"add": "added", "edit": "edited", "drop": "dropped", "restore": "restored"}[
                    verb
                ],
                justification=justification,
            )
            changed = mutate(case, change).evolve(updated_at=now)
            return self._ledger.save(store, by, case, changed, action)
