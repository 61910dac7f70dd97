"""What the cooperation registers hold for some States, read for one reader and handed to
the pure assessment engine as a ``CooperationContext``: the dialogues with them, their points
of contact and how each answered its latest communication check, and their recorded CBM
implementation."""

from __future__ import annotations

from collections.abc import Collection

from cdtoolbox.assess.cooperation import CooperationContext, LastCheck
from cdtoolbox.model.vocabulary import Tlp
from cdtoolbox.store.database import Database
from cdtoolbox.toolbox.dialogues import shown_to

__all__ = ["read_cooperation_context"]


def read_cooperation_context(
    database: Database, clearance: Tlp, states: Collection[str] | None
) -> CooperationContext:
    """The registers' records on ``states`` (None: on every State) marked at most
    ``clearance``, in one read transaction."""
    wanted = sorted(set(states)) if states is not None else None
    with database.read() as store:
        dialogues = store.dialogues.list(clearance, partners=wanted)
        if wanted is None:
            contacts = store.cooperation.pocs(clearance)
        else:
            contacts = [
                poc for state in wanted for poc in store.cooperation.pocs(clearance, state=state)
            ]
        implementations = store.cooperation.implementations(clearance, states=wanted)
        rounds = store.cooperation.rounds() if contacts else []
        # Unclassified projects only, as for the other registers read here (no classification
        # clearance is passed down to this read).
        projects = store.capacity.list(clearance)
    readable = {poc.id for poc in contacts}
    last_checks: dict[str, LastCheck] = {}
    for check_round in rounds:  # oldest first: a later round replaces an earlier one
        for entry in check_round.entries:
            if entry.poc_id in readable:
                last_checks[entry.poc_id] = LastCheck(
                    check_round.id, check_round.opened_at, entry.sent_at, entry.acknowledged_at
                )
    return CooperationContext(
        consulted=True,
        dialogues=tuple(shown_to(d, clearance) for d in dialogues),
        contacts=tuple(contacts),
        last_checks=last_checks,
        implementations={(r.state, r.measure_id): r.status for r in implementations},
        capacity=tuple(
            p for p in projects if wanted is None or not set(wanted).isdisjoint(p.partner_countries)
        ),
    )
