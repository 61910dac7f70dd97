"""The cooperation registers as seen by one transaction: CBM implementation records and their
history, points of contact, and communication-check rounds.

Versions are optimistic locks: a write names the version it was based on (0 for a record not
yet stored) and raises ``Conflict`` when someone else wrote in between.
"""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import Connection, insert, select, update

from cdtoolbox.errors import Conflict, InvalidInput, NotFound
from cdtoolbox.model.cooperation import (
    CheckRound,
    ImplementationRecord,
    ImplementationStatus,
    PointOfContact,
)
from cdtoolbox.model.cooperation_codec import (
    implementation_from_dict,
    implementation_to_dict,
    poc_from_dict,
    poc_to_dict,
    round_from_dict,
    round_to_dict,
)
from cdtoolbox.model.vocabulary import Classification, Tlp
from cdtoolbox.store.cooperation_schema import (
    cbm_implementation_history,
    cbm_implementations,
    poc_check_rounds,
    points_of_contact,
)
from cdtoolbox.store.documents import read_document, write_document
from cdtoolbox.store.integers import check_version
from cdtoolbox.store.markings import within_clearance

__all__ = ["CooperationRepository"]

_RECORD = "CBM implementation"
_POC = "point of contact"
_ROUND = "communication check"


class CooperationRepository:
    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    # --- CBM implementation ----------------------------------------------------------------

    def implementation(self, state: str, measure_id: str) -> ImplementationRecord | None:
        row = self._connection.execute(
            select(cbm_implementations.c.document).where(
                cbm_implementations.c.state == state,
                cbm_implementations.c.measure_id == measure_id,
            )
        ).first()
        return implementation_from_dict(read_document(row.document)) if row else None

    def implementations(
        self,
        clearance: Tlp,
        *,
        states: Collection[str] | None = None,
        classification: Classification | None = None,
    ) -> list[ImplementationRecord]:
        """The current records marked at most ``clearance`` (and classified at most
        ``classification``), by State and measure id."""
        query = select(cbm_implementations.c.document).where(
            *within_clearance(cbm_implementations, clearance, classification)
        )
        if states is not None:
            query = query.where(cbm_implementations.c.state.in_(sorted(states)))
        query = query.order_by(cbm_implementations.c.state, cbm_implementations.c.measure_id)
        rows = self._connection.execute(query)
        return [implementation_from_dict(read_document(row.document)) for row in rows]

    def statuses(
        self,
        clearance: Tlp,
        states: Collection[str],
        measure_ids: Collection[str],
        classification: Classification | None = None,
    ) -> dict[tuple[str, str], ImplementationStatus]:
        """The status of each recorded (State, measure) cell marked at most ``clearance``.

        Read from the indexed columns alone: the matrix shows nothing else, and decoding a
        whole record document per cell made the 57 x 16 matrix several times slower.
        """
        table = cbm_implementations.c
        query = select(table.state, table.measure_id, table.status).where(
            *within_clearance(cbm_implementations, clearance, classification),
            table.state.in_(sorted(states)),
            table.measure_id.in_(sorted(measure_ids)),
        )
        return {
            (row.state, row.measure_id): ImplementationStatus(row.status)
            for row in self._connection.execute(query)
        }

    def put_implementation(
        self, record: ImplementationRecord, expected_version: int
    ) -> ImplementationRecord:
        """Write a new version of the record (the first when ``expected_version`` is 0) and
        keep it in the history."""
        check_version(_RECORD, expected_version)
        stored = record.evolve(version=expected_version + 1)
        document = write_document(implementation_to_dict(stored))
        key = f"{record.state}/{record.measure_id}"
        if expected_version == 0:
            if self.implementation(record.state, record.measure_id) is not None:
                current = self.implementation(record.state, record.measure_id)
                raise Conflict(_RECORD, key, 0, current.version if current else 0)
            self._connection.execute(
                insert(cbm_implementations).values(
                    state=stored.state,
                    measure_id=stored.measure_id,
                    status=stored.status.value,
                    tlp=stored.tlp.value,
                    classification_rank=Classification.rank_of(stored.classification),
                    version=stored.version,
                    document=document,
                )
            )
        else:
            result = self._connection.execute(
                update(cbm_implementations)
                .where(
                    cbm_implementations.c.state == record.state,
                    cbm_implementations.c.measure_id == record.measure_id,
                    cbm_implementations.c.version == expected_version,
                )
                .values(
                    status=stored.status.value,
                    tlp=stored.tlp.value,
                    classification_rank=Classification.rank_of(stored.classification),
                    version=stored.version,
                    document=document,
                )
            )
            if result.rowcount != 1:
                current = self.implementation(record.state, record.measure_id)
                raise Conflict(_RECORD, key, expected_version, current.version if current else 0)
        self._connection.execute(
            insert(cbm_implementation_history).values(
                state=stored.state,
                measure_id=stored.measure_id,
                version=stored.version,
                tlp=stored.tlp.value,
                classification_rank=Classification.rank_of(stored.classification),
                document=document,
            )
        )
        return stored

    def implementation_history(
        self,
        state: str,
        clearance: Tlp,
        measure_id: str | None = None,
        classification: Classification | None = None,
    ) -> list[ImplementationRecord]:
        """Every version written for ``state`` (and ``measure_id``), oldest first."""
        history = cbm_implementation_history
        query = select(history.c.document).where(
            history.c.state == state, *within_clearance(history, clearance, classification)
        )
        if measure_id is not None:
            query = query.where(history.c.measure_id == measure_id)
        rows = self._connection.execute(query.order_by(history.c.seq))
        return [implementation_from_dict(read_document(row.document)) for row in rows]

    def implementation_versions(
        self, clearance: Tlp, classification: Classification | None = None
    ) -> list[ImplementationRecord]:
        """Every version written, of every State and measure, marked at most ``clearance``
        (and classified at most ``classification``), oldest first."""
        history = cbm_implementation_history
        query = select(history.c.document).where(
            *within_clearance(history, clearance, classification)
        )
        rows = self._connection.execute(query.order_by(history.c.seq))
        return [implementation_from_dict(read_document(row.document)) for row in rows]

    # --- Points of contact -----------------------------------------------------------------

    def poc_exists(self, poc_id: str) -> bool:
        query = select(points_of_contact.c.id).where(points_of_contact.c.id == poc_id)
        return self._connection.execute(query).first() is not None

    def add_poc(self, poc: PointOfContact) -> PointOfContact:
        if self.poc_exists(poc.id):
            raise InvalidInput(_POC, "id", poc.id, "is already in the directory")
        stored = poc.evolve(version=1)
        self._connection.execute(insert(points_of_contact).values(**_poc_columns(stored)))
        return stored

    def update_poc(self, poc: PointOfContact, expected_version: int) -> PointOfContact:
        check_version(_POC, expected_version)
        stored = poc.evolve(version=expected_version + 1)
        result = self._connection.execute(
            update(points_of_contact)
            .where(
                points_of_contact.c.id == poc.id,
                points_of_contact.c.version == expected_version,
            )
            .values(**_poc_columns(stored))
        )
        if result.rowcount != 1:
            raise Conflict(_POC, poc.id, expected_version, self.get_poc(poc.id).version)
        return stored

    def get_poc(self, poc_id: str) -> PointOfContact:
        row = self._connection.execute(
            select(points_of_contact.c.document).where(points_of_contact.c.id == poc_id)
        ).first()
        if row is None:
            raise NotFound(_POC, poc_id, "`cdt pocs list` shows the directory")
        return poc_from_dict(read_document(row.document))

    def pocs(
        self,
        clearance: Tlp,
        *,
        state: str | None = None,
        network: str | None = None,
        classification: Classification | None = None,
    ) -> list[PointOfContact]:
        query = select(points_of_contact.c.document).where(
            *within_clearance(points_of_contact, clearance, classification)
        )
        if state is not None:
            query = query.where(points_of_contact.c.state == state)
        if network is not None:
            query = query.where(points_of_contact.c.network == network)
        query = query.order_by(points_of_contact.c.state, points_of_contact.c.id)
        return [
            poc_from_dict(read_document(row.document)) for row in self._connection.execute(query)
        ]

    # --- Communication checks --------------------------------------------------------------

    def round_exists(self, round_id: str) -> bool:
        query = select(poc_check_rounds.c.id).where(poc_check_rounds.c.id == round_id)
        return self._connection.execute(query).first() is not None

    def add_round(self, check_round: CheckRound) -> CheckRound:
        if self.round_exists(check_round.id):
            raise InvalidInput(_ROUND, "id", check_round.id, "is already a round")
        stored = check_round.evolve(version=1)
        self._connection.execute(
            insert(poc_check_rounds).values(
                id=stored.id,
                network=stored.network,
                opened_at=stored.opened_at.isoformat(),
                version=1,
                document=write_document(round_to_dict(stored)),
            )
        )
        return stored

    def update_round(self, check_round: CheckRound, expected_version: int) -> CheckRound:
        check_version(_ROUND, expected_version)
        stored = check_round.evolve(version=expected_version + 1)
        result = self._connection.execute(
            update(poc_check_rounds)
            .where(
                poc_check_rounds.c.id == check_round.id,
                poc_check_rounds.c.version == expected_version,
            )
            .values(version=stored.version, document=write_document(round_to_dict(stored)))
        )
        if result.rowcount != 1:
            current = self.get_round(check_round.id)
            raise Conflict(_ROUND, check_round.id, expected_version, current.version)
        return stored

    def get_round(self, round_id: str) -> CheckRound:
        row = self._connection.execute(
            select(poc_check_rounds.c.document).where(poc_check_rounds.c.id == round_id)
        ).first()
        if row is None:
            raise NotFound(_ROUND, round_id, "`cdt pocs check-round list` shows the rounds")
        return round_from_dict(read_document(row.document))

    def rounds(self) -> list[CheckRound]:
        query = select(poc_check_rounds.c.document).order_by(
            poc_check_rounds.c.opened_at, poc_check_rounds.c.id
        )
        return [
            round_from_dict(read_document(row.document)) for row in self._connection.execute(query)
        ]


def _poc_columns(poc: PointOfContact) -> dict[str, object]:
    return {
        "id": poc.id,
        "state": poc.state,
        "network": poc.network,
        "tlp": poc.tlp.value,
        "classification_rank": Classification.rank_of(poc.classification),
        "version": poc.version,
        "document": write_document(poc_to_dict(poc)),
    }
