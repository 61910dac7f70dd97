"""Which statements of the archive an exchange (STIX, MISP) carries, and what each names in
the store's own ids.

A statement's reading names incidents by slug and actors by canonical name, as a reader
sees them; an export refers to them by the ids their STIX objects and MISP events are
derived from. Statements above the export's TLP ceiling and classified statements never
leave, whoever asks.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Final

from cdtoolbox.errors import CdtError, InvalidInput, NotFound
from cdtoolbox.formats.stix.report_writer import StatementRefs
from cdtoolbox.model import Incident, Tlp
from cdtoolbox.model.access import User
from cdtoolbox.model.statement import Statement, StatementQuery
from cdtoolbox.store import Repositories

if TYPE_CHECKING:
    from cdtoolbox.knowledge.actors import ActorCatalogue

__all__ = ["chosen_statements", "named_incidents", "statement_refs", "statements_within"]

_PAGE: Final = 200
_EXPORT = "statement export"


def statements_within(store: Repositories, max_tlp: Tlp) -> Iterator[Statement]:
    """Every unclassified statement marked at most ``max_tlp``, newest first."""
    cursor: str | None = None
    while True:
        # No classification clearance: classified statements are not even read.
        page = store.statements.list(StatementQuery(), max_tlp, None, limit=_PAGE, cursor=cursor)
        yield from page.items
        if page.next_cursor is None:
            return
        cursor = page.next_cursor


def chosen_statements(
    store: Repositories, ids: Sequence[str], by: User, max_tlp: Tlp
) -> list[Statement]:
    """The statements ``ids`` names, each readable by ``by`` (else ``NotFound``, as for one
    never stored) and fit to leave at ``max_tlp`` (else ``InvalidInput`` saying why)."""
    if not ids:
        raise InvalidInput(_EXPORT, "id", None, "is required: name at least one statement")
    found: list[Statement] = []
    for given in dict.fromkeys(item.strip() for item in ids):
        statement = store.statements.get(given, by.clearance, by.classification_clearance)
        if statement.classification is not None:
            raise InvalidInput(
                _EXPORT,
                "id",
                given,
                f"is classified {statement.classification.value}: EU classified information "
                "never leaves through an exchange",
            )
        if statement.tlp.rank > max_tlp.rank:
            raise InvalidInput(
                _EXPORT,
                "id",
                given,
                f"is marked {statement.tlp.label}, above the export's TLP ceiling {max_tlp.label}",
            )
        found.append(statement)
    return found


def named_incidents(
    store: Repositories, statements: Iterable[Statement], max_tlp: Tlp
) -> list[Incident]:
    """The stored incidents the statements name that may leave at ``max_tlp``: marked at
    most ``max_tlp`` and unclassified. One named but gone since, or above, is left out."""
    wanted = dict.fromkeys(
        item.id for statement in statements for item in statement.reading.incidents
    )
    found: dict[str, Incident] = {}
    for slug in wanted:
        try:
            incident = store.incidents.get(slug)
        except NotFound:
            continue
        if incident.classification is None and incident.tlp.rank <= max_tlp.rank:
            found[incident.id] = incident
    return list(found.values())


def statement_refs(
    statements: Iterable[Statement],
    incidents: Collection[Incident],
    catalogue: ActorCatalogue,
) -> list[StatementRefs]:
    """Each statement with the ids of the ``incidents`` (those of the export) and of the
    ``catalogue``'s actors (those the export may name) its reading names."""
    by_slug: Mapping[str, str] = {incident.slug: incident.id for incident in incidents}
    refs = []
    for statement in statements:
        reading = statement.reading
        incident_ids = [by_slug[item.id] for item in reading.incidents if item.id in by_slug]
        actor_ids = [
            actor_id for item in reading.actors if (actor_id := _actor_id(catalogue, item.id))
        ]
        refs.append(
            StatementRefs(
                statement,
                tuple(dict.fromkeys(incident_ids)),
                tuple(dict.fromkeys(actor_ids)),
            )
        )
    return refs


def _actor_id(catalogue: ActorCatalogue, name: str) -> str | None:
    try:
        actor = catalogue.find(name)
    except CdtError:
        # A name several stored actors now share singles none out: the report names none.
        return None
    return actor.id if actor is not None else None
