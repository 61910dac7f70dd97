"""Seeding the sanctions register from the bundled data: what the store lacks is added, what it
holds is left as it is (an analyst may have amended it), and each write is audited as the
library's own."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from cdtoolbox.knowledge.sanctions import SanctionsData
from cdtoolbox.model.access import SYSTEM_USER
from cdtoolbox.model.ports import Clock
from cdtoolbox.model.sanctions import Renewal
from cdtoolbox.model.sanctions_codec import listing_to_dict, regime_to_dict
from cdtoolbox.store.database import Repositories
from cdtoolbox.toolbox.audit import AuditService

__all__ = ["REGIME_ENTITY", "SanctionsSeedReport", "is_recorded", "seed_register"]

#: How the audit trail names a regime record.
REGIME_ENTITY = "sanctions regime"
_LISTING = "listing"


@dataclass(frozen=True)
class SanctionsSeedReport:
    """What seeding the register from the bundled data wrote; all zeros on a second run."""

    regimes_added: int
    renewals_added: int
    rounds_added: int
    listings_added: int
    listings_present: int


def is_recorded(renewal: Renewal, renewals: Sequence[Renewal]) -> bool:
    """Whether ``renewals`` already hold this renewal: the same act on the same day."""
    return any(
        renewal.decided_on == known.decided_on and renewal.act == known.act for known in renewals
    )


def seed_register(
    store: Repositories, bundled: SanctionsData, clock: Clock, audit: AuditService
) -> SanctionsSeedReport:
    """Add the bundled regime, the renewals and listing rounds the stored regime lacks, and
    the listings whose id is new, within the caller's transaction."""
    regime = bundled.regime
    regimes_added = renewals_added = rounds_added = listings_added = present = 0
    now = clock.now()
    if not store.sanctions.regime_exists(regime.id):
        stored = store.sanctions.add_regime(regime, now)
        audit.record(
            store,
            by=SYSTEM_USER,
            action="regime.add",
            entity=REGIME_ENTITY,
            key=regime.id,
            before=None,
            after=regime_to_dict(stored),
        )
        regimes_added = 1
    else:
        current = store.sanctions.get_regime(regime.id)
        renewals = [r for r in regime.renewals if not is_recorded(r, current.renewals)]
        rounds = [r for r in regime.rounds if current.round(r.id) is None]
        if renewals or rounds:
            merged = current.evolve(
                renewals=(*current.renewals, *renewals), rounds=(*current.rounds, *rounds)
            )
            stored = store.sanctions.update_regime(merged, current.version, now)
            audit.record(
                store,
                by=SYSTEM_USER,
                action="regime.update",
                entity=REGIME_ENTITY,
                key=regime.id,
                before=regime_to_dict(current),
                after=regime_to_dict(stored),
            )
            renewals_added, rounds_added = len(renewals), len(rounds)
    for listing in bundled.listings:
        if store.sanctions.exists(listing.id):
            present += 1
            continue
        added = store.sanctions.add(listing, clock.now())
        audit.record(
            store,
            by=SYSTEM_USER,
            action="listing.add",
            entity=_LISTING,
            key=added.id,
            before=None,
            after=listing_to_dict(added),
        )
        listings_added += 1
    return SanctionsSeedReport(
        regimes_added=regimes_added,
        renewals_added=renewals_added,
        rounds_added=rounds_added,
        listings_added=listings_added,
        listings_present=present,
    )
