"""The dialogues register as seen by one transaction: each dialogue stored whole (its rounds
inside), with its partner, kind, status and marking as indexed columns.

Versions are optimistic locks: a write names the version it was based on and raises
``Conflict`` when someone else wrote in between.
"""

from __future__ import annotations

from sqlalchemy import Connection, insert, select, update

from cdtoolbox.errors import Conflict, InvalidInput, NotFound
from cdtoolbox.model.cooperation_codec import dialogue_from_dict, dialogue_to_dict
from cdtoolbox.model.dialogues import Dialogue
from cdtoolbox.model.vocabulary import Tlp
from cdtoolbox.store.cooperation_schema import dialogues
from cdtoolbox.store.documents import read_document, write_document
from cdtoolbox.store.integers import check_version
from cdtoolbox.store.markings import markings_up_to

__all__ = ["DialogueRepository"]

_DIALOGUE = "dialogue"


def _columns(dialogue: Dialogue) -> dict[str, object]:
    return {
        "id": dialogue.id,
        "partner": dialogue.partner,
        "kind": dialogue.kind.value,
        "status": dialogue.status.value,
        "tlp": dialogue.tlp.value,
        "version": dialogue.version,
        "document": write_document(dialogue_to_dict(dialogue)),
    }


class DialogueRepository:
    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    def exists(self, dialogue_id: str) -> bool:
        query = select(dialogues.c.id).where(dialogues.c.id == dialogue_id)
        return self._connection.execute(query).first() is not None

    def add(self, dialogue: Dialogue) -> Dialogue:
        if self.exists(dialogue.id):
            raise InvalidInput(_DIALOGUE, "id", dialogue.id, "is already in the register")
        stored = dialogue.evolve(version=1)
        self._connection.execute(insert(dialogues).values(**_columns(stored)))
        return stored

    def update(self, dialogue: Dialogue, expected_version: int) -> Dialogue:
        check_version(_DIALOGUE, expected_version)
        stored = dialogue.evolve(version=expected_version + 1)
        result = self._connection.execute(
            update(dialogues)
            .where(dialogues.c.id == dialogue.id, dialogues.c.version == expected_version)
            .values(**_columns(stored))
        )
        if result.rowcount != 1:
            raise Conflict(_DIALOGUE, dialogue.id, expected_version, self.get(dialogue.id).version)
        return stored

    def get(self, dialogue_id: str) -> Dialogue:
        row = self._connection.execute(
            select(dialogues.c.document).where(dialogues.c.id == dialogue_id)
        ).first()
        if row is None:
            raise NotFound(_DIALOGUE, dialogue_id, "`cdt dialogues list` shows the register")
        return dialogue_from_dict(read_document(row.document))

    def list(
        self,
        clearance: Tlp,
        *,
        partners: list[str] | None = None,
        kind: str | None = None,
        status: str | None = None,
    ) -> list[Dialogue]:
        """The dialogues marked at most ``clearance`` (their rounds unfiltered), by id."""
        query = select(dialogues.c.document).where(dialogues.c.tlp.in_(markings_up_to(clearance)))
        if partners is not None:
            query = query.where(dialogues.c.partner.in_(sorted(partners)))
        if kind is not None:
            query = query.where(dialogues.c.kind == kind)
        if status is not None:
            query = query.where(dialogues.c.status == status)
        rows = self._connection.execute(query.order_by(dialogues.c.id))
        return [dialogue_from_dict(read_document(row.document)) for row in rows]
