"""The UN process register as seen by one transaction: the documents of the sessions, their
paragraphs, the positions on each paragraph and the statements delivered.

Reads take the reader's clearance and return only what it covers. A position's version is an
optimistic lock: a write names the version it was based on (0 for a first position) and
raises ``Conflict`` when someone else wrote in between.
"""

from __future__ import annotations

from sqlalchemy import Connection, func, insert, select, update

from cdtoolbox.errors import Conflict, InvalidInput
from cdtoolbox.model.un_process import Position, UnDocument, UnParagraph, UnStatement
from cdtoolbox.model.un_process_codec import (
    document_from_dict,
    document_to_dict,
    paragraph_from_dict,
    paragraph_to_dict,
    position_from_dict,
    position_to_dict,
    statement_from_dict,
    statement_to_dict,
)
from cdtoolbox.model.vocabulary import Classification, Tlp
from cdtoolbox.store.documents import read_document, write_document
from cdtoolbox.store.integers import check_version
from cdtoolbox.store.markings import within_clearance
from cdtoolbox.store.un_process_schema import (
    un_documents,
    un_paragraphs,
    un_positions,
    un_statements,
)

__all__ = ["UnProcessRepository"]

_DOCUMENT = "UN document"
_PARAGRAPH = "paragraph"
_POSITION = "position"
_STATEMENT = "statement"


class UnProcessRepository:
    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    # --- Documents -------------------------------------------------------------------------

    def add_document(self, record: UnDocument) -> UnDocument:
        """Store a new document; an id or a symbol already stored is refused, whatever its
        marking, since two records of one document would split its positions."""
        table = un_documents.c
        if record.symbol is not None:
            taken = select(table.id).where(table.symbol == record.symbol)
            if self._connection.execute(taken).first():
                raise InvalidInput(_DOCUMENT, "symbol", record.symbol, "is already recorded")
        if self._connection.execute(select(table.id).where(table.id == record.id)).first():
            raise InvalidInput(_DOCUMENT, "id", record.id, "is already recorded")
        stored = record.evolve(version=1)
        self._connection.execute(
            insert(un_documents).values(
                id=stored.id,
                session=stored.session,
                symbol=stored.symbol,
                dated=stored.dated.isoformat(),
                tlp=stored.tlp.value,
                classification_rank=Classification.rank_of(stored.classification),
                version=1,
                document=write_document(document_to_dict(stored)),
            )
        )
        return stored

    def document(
        self, document_id: str, clearance: Tlp, classification: Classification | None = None
    ) -> UnDocument | None:
        """The document, when stored, marked at most ``clearance`` and classified at most
        ``classification``."""
        row = self._connection.execute(
            select(un_documents.c.document).where(
                un_documents.c.id == document_id,
                *within_clearance(un_documents, clearance, classification),
            )
        ).first()
        return document_from_dict(read_document(row.document)) if row else None

    def documents(
        self,
        clearance: Tlp,
        *,
        session: str | None = None,
        classification: Classification | None = None,
    ) -> list[UnDocument]:
        """The documents marked at most ``clearance`` and classified at most
        ``classification`` (of one session), by date and id."""
        query = select(un_documents.c.document).where(
            *within_clearance(un_documents, clearance, classification)
        )
        if session is not None:
            query = query.where(un_documents.c.session == session)
        query = query.order_by(un_documents.c.dated, un_documents.c.id)
        rows = self._connection.execute(query)
        return [document_from_dict(read_document(row.document)) for row in rows]

    # --- Paragraphs ------------------------------------------------------------------------

    def add_paragraph(self, paragraph: UnParagraph) -> UnParagraph:
        table = un_paragraphs.c
        taken = select(table.number).where(
            table.document_id == paragraph.document, table.number == paragraph.number
        )
        if self._connection.execute(taken).first():
            reason = f"is already a paragraph of {paragraph.document}"
            raise InvalidInput(_PARAGRAPH, "number", paragraph.number, reason)
        last = self._connection.execute(
            select(func.max(table.seq)).where(table.document_id == paragraph.document)
        ).scalar()
        self._connection.execute(
            insert(un_paragraphs).values(
                document_id=paragraph.document,
                number=paragraph.number,
                seq=(last or 0) + 1,
                tlp=paragraph.tlp.value,
                classification_rank=Classification.rank_of(paragraph.classification),
                document=write_document(paragraph_to_dict(paragraph)),
            )
        )
        return paragraph

    def paragraph(self, document_id: str, number: str) -> UnParagraph | None:
        table = un_paragraphs.c
        row = self._connection.execute(
            select(table.document).where(table.document_id == document_id, table.number == number)
        ).first()
        return paragraph_from_dict(read_document(row.document)) if row else None

    def paragraphs(
        self, document_id: str, clearance: Tlp, classification: Classification | None = None
    ) -> list[UnParagraph]:
        """The document's paragraphs in the order they were recorded."""
        table = un_paragraphs.c
        query = (
            select(table.document)
            .where(
                table.document_id == document_id,
                *within_clearance(un_paragraphs, clearance, classification),
            )
            .order_by(table.seq)
        )
        rows = self._connection.execute(query)
        return [paragraph_from_dict(read_document(row.document)) for row in rows]

    # --- Positions -------------------------------------------------------------------------

    def position(self, document_id: str, paragraph: str, party: str) -> Position | None:
        table = un_positions.c
        row = self._connection.execute(
            select(table.document).where(
                table.document_id == document_id,
                table.paragraph == paragraph,
                table.party == party,
            )
        ).first()
        return position_from_dict(read_document(row.document)) if row else None

    def positions(
        self, document_id: str, clearance: Tlp, classification: Classification | None = None
    ) -> list[Position]:
        """The positions on the document's paragraphs marked at most ``clearance`` and
        classified at most ``classification``."""
        table = un_positions.c
        query = (
            select(table.document)
            .where(
                table.document_id == document_id,
                *within_clearance(un_positions, clearance, classification),
            )
            .order_by(table.paragraph, table.party)
        )
        rows = self._connection.execute(query)
        return [position_from_dict(read_document(row.document)) for row in rows]

    def put_position(self, position: Position, expected_version: int) -> Position:
        """Write a new version of the position (the first when ``expected_version`` is 0)."""
        check_version(_POSITION, expected_version)
        stored = position.evolve(version=expected_version + 1)
        key = f"{position.document}/{position.paragraph}/{position.party}"
        columns = {
            "tlp": stored.tlp.value,
            "classification_rank": Classification.rank_of(stored.classification),
            "version": stored.version,
            "document": write_document(position_to_dict(stored)),
        }
        table = un_positions.c
        if expected_version == 0:
            current = self.position(position.document, position.paragraph, position.party)
            if current is not None:
                raise Conflict(_POSITION, key, 0, current.version)
            self._connection.execute(
                insert(un_positions).values(
                    document_id=stored.document,
                    paragraph=stored.paragraph,
                    party=stored.party,
                    **columns,
                )
            )
            return stored
        result = self._connection.execute(
            update(un_positions)
            .where(
                table.document_id == position.document,
                table.paragraph == position.paragraph,
                table.party == position.party,
                table.version == expected_version,
            )
            .values(**columns)
        )
        if result.rowcount != 1:
            current = self.position(position.document, position.paragraph, position.party)
            raise Conflict(_POSITION, key, expected_version, current.version if current else 0)
        return stored

    # --- Statements ------------------------------------------------------------------------

    def add_statement(self, statement: UnStatement) -> UnStatement:
        table = un_statements.c
        if self._connection.execute(select(table.id).where(table.id == statement.id)).first():
            raise InvalidInput(_STATEMENT, "id", statement.id, "is already recorded")
        self._connection.execute(
            insert(un_statements).values(
                id=statement.id,
                session=statement.session,
                party=statement.party,
                dated=statement.dated.isoformat(),
                tlp=statement.tlp.value,
                classification_rank=Classification.rank_of(statement.classification),
                document=write_document(statement_to_dict(statement)),
            )
        )
        return statement

    def statements(
        self,
        clearance: Tlp,
        *,
        session: str | None = None,
        party: str | None = None,
        classification: Classification | None = None,
    ) -> list[UnStatement]:
        """The statements marked at most ``clearance`` and classified at most
        ``classification``, by date and id."""
        table = un_statements.c
        query = select(table.document).where(
            *within_clearance(un_statements, clearance, classification)
        )
        if session is not None:
            query = query.where(table.session == session)
        if party is not None:
            query = query.where(table.party == party)
        rows = self._connection.execute(query.order_by(table.dated, table.id))
        return [statement_from_dict(read_document(row.document)) for row in rows]
