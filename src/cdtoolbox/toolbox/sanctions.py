"""The sanctions register: query it, check names against it, watch its review dates, and
keep it current. Every change is checked against the user's permission and recorded in the
audit trail in the same transaction as the change itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date, timedelta

from cdtoolbox.errors import Conflict, InvalidInput, NotFound
from cdtoolbox.knowledge.listed_names import name_keys
from cdtoolbox.knowledge.sanctions import SanctionsData
from cdtoolbox.model import PartialDate, ThreatActor, Tlp, Verification
from cdtoolbox.model.access import Permission, User
from cdtoolbox.model.ports import Clock, slugify
from cdtoolbox.model.sanctions import (
    ActorLink,
    Delisting,
    ListeeKind,
    Listing,
    ListingAmendment,
    ListingCheck,
    ListingFilter,
    Regime,
    Renewal,
    ReviewDue,
)
from cdtoolbox.model.sanctions_codec import listing_to_dict, regime_to_dict
from cdtoolbox.model.sources import WEB_URL_RULE, is_web_url, names_an_address
from cdtoolbox.store.database import Database, Repositories
from cdtoolbox.toolbox.access import require
from cdtoolbox.toolbox.actor_names import ActorCatalogues
from cdtoolbox.toolbox.audit import AuditService
from cdtoolbox.toolbox.knowledge_source import KnowledgeSource
from cdtoolbox.toolbox.sanction_check import build_check, partial_matches
from cdtoolbox.toolbox.sanctions_seed import (
    REGIME_ENTITY,
    SanctionsSeedReport,
    is_recorded,
    seed_register,
)

__all__ = ["EU_CYBER_REGIME", "SanctionsSeedReport", "SanctionsService"]

EU_CYBER_REGIME = "eu-cyber"
_LISTING = "listing"
_REGIME = REGIME_ENTITY


class SanctionsService:
    """The sanctions register: listings of persons and entities under each regime."""

    def __init__(
        self,
        database: Database,
        clock: Clock,
        knowledge: KnowledgeSource,
        actors: ActorCatalogues,
        audit: AuditService,
    ) -> None:
        self._database = database
        self._clock = clock
        self._knowledge = knowledge
        self._actors = actors
        self._audit_trail = audit

    # --- Reading ---------------------------------------------------------------------------

    def regimes(self, *, by: User) -> tuple[Regime, ...]:
        require(by, Permission.READ)
        with self._database.read() as store:
            return tuple(store.sanctions.regimes())

    def regime(self, regime_id: str = EU_CYBER_REGIME, *, by: User) -> Regime:
        require(by, Permission.READ)
        with self._database.read() as store:
            return store.sanctions.get_regime(regime_id)

    def get(self, listing_id: str, *, by: User) -> Listing:
        require(by, Permission.READ)
        with self._database.read() as store:
            return store.sanctions.get(listing_id.strip())

    def list(
        self,
        *,
        by: User,
        sponsor: str | None = None,
        incident: str | None = None,
        actor: str | None = None,
        since: date | str | None = None,
        until: date | str | None = None,
        kind: ListeeKind | str | None = None,
        active: bool | None = None,
        regime_id: str | None = None,
    ) -> tuple[Listing, ...]:
        """Listings, oldest first; filters combine with AND. Values are taken as users type
        them: ``sponsor`` a country code or name, ``incident`` an incident id or slug,
        ``actor`` any name of a threat actor, ``since``/``until`` YYYY, YYYY-MM or YYYY-MM-DD
        (the listing date, inclusive), ``kind`` person or entity. An incident above ``by``'s
        clearance is named as if it were not stored."""
        require(by, Permission.READ)
        first = _day(since, "since", latest=False)
        last = _day(until, "until", latest=True)
        if first is not None and last is not None and first > last:
            raise InvalidInput("filter", "since", str(since), "is after `until`")
        query = ListingFilter(
            regime_id=regime_id,
            kind=_kind(kind) if kind else None,
            sponsor=self._country(sponsor, "sponsor") if sponsor else None,
            since=first,
            until=last,
            active=active,
        )
        with self._database.read() as store:
            if incident:
                query = _with(query, incident=self._incident_slug(store, incident, by))
            if actor:
                actors, _ = self._actors_named(actor)
                if not actors:
                    raise NotFound("threat actor", actor, "`cdt actors list` shows the actors")
                query = _with(query, actor_ids=tuple(a.id for a in actors))
            return tuple(store.sanctions.list(query))

    def by_incident(self, incident: str, *, by: User) -> tuple[Listing, ...]:
        """Listings whose grounds cite the incident (an id, a slug or a unique slug prefix)."""
        return self.list(incident=incident, by=by)

    def by_sponsor(self, country: str, *, by: User) -> tuple[Listing, ...]:
        """Listings of persons and entities public attributions link to a State."""
        return self.list(sponsor=country, by=by)

    def listed_between(
        self, since: date | str | None, until: date | str | None, *, by: User
    ) -> tuple[Listing, ...]:
        return self.list(since=since, until=until, by=by)

    def check(self, name: str, *, by: User) -> ListingCheck:
        """Is the person, entity or threat actor ``name`` (any alias) listed? Says what matched."""
        require(by, Permission.READ)
        text = name.strip()
        keys = name_keys(text)
        if not keys:
            reason = "has no letters or digits: give a person's, entity's or actor's name"
            raise InvalidInput("check", "name", name, reason)
        actors, note = self._actors_named(text)
        with self._database.read() as store:
            named = store.sanctions.named(keys)
            linked = (
                store.sanctions.list(ListingFilter(actor_ids=tuple(a.id for a in actors)))
                if actors
                else []
            )
            partial: list[tuple[Listing, str]] = []
            if not named and not linked:
                pairs = partial_matches(text, store.sanctions.names())
                found = store.sanctions.get_many(listing_id for listing_id, _ in pairs)
                partial = [(found[key], matched) for key, matched in pairs if key in found]
        return build_check(
            text, named=named, actors=actors, linked=linked, partial=partial, note=note
        )

    def upcoming_reviews(
        self, today: date | None = None, within_days: int = 90, *, by: User
    ) -> tuple[ReviewDue, ...]:
        """The renewal dates falling within ``within_days`` of ``today`` (the clock's date by
        default), and any date already passed with no newer renewal recorded, soonest first."""
        require(by, Permission.READ)
        if within_days < 0:
            raise InvalidInput("query", "within_days", within_days, "must not be negative")
        day = today or self._clock.now().date()
        horizon = day + timedelta(days=within_days)
        with self._database.read() as store:
            regimes = store.sanctions.regimes()
            active = {
                regime.id: len(
                    store.sanctions.list(ListingFilter(regime_id=regime.id, active=True))
                )
                for regime in regimes
            }
        reviews = [
            review
            for regime in regimes
            for review in regime.reviews(day, active[regime.id])
            if review.due <= horizon
        ]
        return tuple(sorted(reviews, key=lambda review: (review.due, review.kind.value)))

    # --- Changing --------------------------------------------------------------------------

    def link_actor(self, name: str, status: Verification = Verification.VERIFIED) -> ActorLink:
        """A link to the stored threat actor ``name`` designates, for a new or amended listing."""
        # The register is public: only actors shown to every reader may be linked to it.
        actor = self._actors.at(Tlp.CLEAR).resolve(name)
        return ActorLink(actor_id=actor.id, name=actor.name, status=status)

    def add_listing(self, listing: Listing, *, by: User) -> Listing:
        """Add a listing (its ``id`` may be left empty: it is then made from the name)."""
        require(by, Permission.EDIT_SANCTIONS)
        draft = listing if listing.id.strip() else listing.evolve(id=slugify(listing.name))
        self._check_listing(draft)
        with self._database.transaction() as store:
            self._check_references(store, by, draft)
            stored = store.sanctions.add(draft, self._clock.now())
            self._audit(store, by, "listing.add", stored.id, None, listing_to_dict(stored))
        return stored

    def amend(
        self,
        listing_id: str,
        amendment: ListingAmendment,
        *,
        by: User,
        expected_version: int | None = None,
        changes: Listing | None = None,
    ) -> Listing:
        """Record an amendment of a listing's Annex entry. ``changes``, when given, is the
        listing as amended (same id); without it only the amendment itself is recorded."""
        require(by, Permission.EDIT_SANCTIONS)
        _check_sources(amendment.sources, "amendment")
        with self._database.transaction() as store:
            current = self._current(store, listing_id, expected_version)
            if amendment.amended_on < current.listed_on:
                reason = f"is before the listing date {current.listed_on}"
                raise InvalidInput(_LISTING, "amended_on", str(amendment.amended_on), reason)
            base = changes if changes is not None else current
            if base.id != current.id or base.kind is not current.kind:
                raise InvalidInput(_LISTING, "id", base.id, "an amendment keeps id and kind")
            amended = base.evolve(
                amendments=(*current.amendments, amendment),
                delisting=current.delisting,
                created_at=current.created_at,
            )
            self._check_listing(amended)
            self._check_references(store, by, amended, current)
            stored = store.sanctions.update(amended, current.version, self._clock.now())
            before, after = listing_to_dict(current), listing_to_dict(stored)
            self._audit(store, by, "listing.amend", stored.id, before, after)
        return stored

    def delist(
        self,
        listing_id: str,
        delisting: Delisting,
        *,
        by: User,
        expected_version: int | None = None,
    ) -> Listing:
        """Record that a listee was removed from the Annex."""
        require(by, Permission.EDIT_SANCTIONS)
        _check_sources(delisting.sources, "delisting")
        with self._database.transaction() as store:
            current = self._current(store, listing_id, expected_version)
            if current.delisting is not None:
                reason = f"was already delisted on {current.delisting.delisted_on}"
                raise InvalidInput(_LISTING, "id", current.id, reason)
            if delisting.delisted_on < current.listed_on:
                reason = f"is before the listing date {current.listed_on}"
                raise InvalidInput(_LISTING, "delisted_on", str(delisting.delisted_on), reason)
            stored = store.sanctions.update(
                current.evolve(delisting=delisting), current.version, self._clock.now()
            )
            before, after = listing_to_dict(current), listing_to_dict(stored)
            self._audit(store, by, "listing.delist", stored.id, before, after)
        return stored

    def record_renewal(
        self,
        renewal: Renewal,
        *,
        by: User,
        regime_id: str = EU_CYBER_REGIME,
        expected_version: int | None = None,
    ) -> Regime:
        """Add a renewal or annual review to a regime's history (it moves the review dates)."""
        require(by, Permission.EDIT_SANCTIONS)
        _check_sources(renewal.sources, "renewal")
        with self._database.transaction() as store:
            current = store.sanctions.get_regime(regime_id)
            if expected_version is not None and expected_version != current.version:
                raise Conflict(_REGIME, regime_id, expected_version, current.version)
            if is_recorded(renewal, current.renewals):
                raise InvalidInput("renewal", "act", renewal.act, "is already recorded")
            updated = current.evolve(renewals=(*current.renewals, renewal))
            now = self._clock.now()
            stored = store.sanctions.update_regime(updated, current.version, now)
            self._audit_trail.record(
                store,
                by=by,
                action="regime.renew",
                entity="sanctions regime",
                key=regime_id,
                before=regime_to_dict(current),
                after=regime_to_dict(stored),
            )
        return stored

    # --- Helpers ---------------------------------------------------------------------------

    def _audit(
        self,
        store: Repositories,
        by: User,
        action: str,
        key: str,
        before: dict[str, object] | None,
        after: dict[str, object] | None,
    ) -> None:
        self._audit_trail.record(
            store, by=by, action=action, entity=_LISTING, key=key, before=before, after=after
        )

    def _current(self, store: Repositories, listing_id: str, expected: int | None) -> Listing:
        current = store.sanctions.get(listing_id.strip())
        if expected is not None and expected != current.version:
            raise Conflict(_LISTING, current.id, expected, current.version)
        return current

    def _country(self, text: str, field: str) -> str:
        country = self._knowledge.get().countries.find(text)
        if country is None:
            raise InvalidInput("filter", field, text, "is not an ISO 3166 country code or name")
        return country.code

    def _actors_named(self, text: str) -> tuple[tuple[ThreatActor, ...], str | None]:
        """The actors ``text`` designates: one, or every actor sharing an ambiguous name."""
        catalogue = self._actors.at(Tlp.CLEAR)
        try:
            actor = catalogue.find(text)
        except InvalidInput:
            shared = catalogue.sharing(text)
            names = ", ".join(sorted(actor.name for actor in shared))
            note = f"{text!r} names several threat actors ({names}); each was checked."
            return shared, note
        return ((actor,) if actor else ()), None

    def _incident_slug(self, store: Repositories, key: str, by: User) -> str:
        """An incident id or slug as stored (and readable by ``by``), a slug listings cite, or
        a unique slug prefix."""
        text = key.strip()
        try:
            incident = store.incidents.get(text)
        except NotFound:
            incident = None
        # An incident above the reader's clearance is looked for among the cited slugs only,
        # exactly as one that is not stored: the answer must not tell the two apart.
        if incident is not None and by.may_read(incident):
            return incident.slug
        cited = store.sanctions.incident_keys()
        if text in cited:
            return text
        prefixed = [slug for slug in cited if slug.startswith(f"{text}-")]
        if len(prefixed) == 1:
            return prefixed[0]
        if prefixed:
            reason = f"is ambiguous: it could be {', '.join(prefixed)}; give one of these"
            raise InvalidInput("filter", "incident", key, reason)
        raise NotFound("incident", key, f"listings cite: {', '.join(cited)}")

    def _check_listing(self, listing: Listing) -> None:
        if not listing.name.strip():
            raise InvalidInput(_LISTING, "name", listing.name, "must not be empty")
        if not listing.grounds.strip():
            raise InvalidInput(_LISTING, "grounds", listing.grounds, "must state the reasons")
        if listing.id != slugify(listing.id):
            reason = f"must be lowercase letters, digits and hyphens (e.g. {slugify(listing.id)!r})"
            raise InvalidInput(_LISTING, "id", listing.id, reason)
        _check_sources(listing.sources, _LISTING)
        for field, code in (("country", listing.country), ("sponsor", listing.sponsor)):
            if code is not None and self._country(code, field) != code:
                raise InvalidInput(_LISTING, field, code, "is not an ISO 3166 alpha-2 code")

    def _check_references(
        self, store: Repositories, by: User, listing: Listing, previous: Listing | None = None
    ) -> None:
        """Incidents and actors the listing newly cites must be stored (and, for incidents,
        readable by ``by``: one above their clearance is refused as if it were not stored);
        those it cited before stay, even if their record was withdrawn since."""
        if not store.sanctions.regime_exists(listing.regime_id):
            raise InvalidInput(_LISTING, "regime_id", listing.regime_id, "is not a known regime")
        old_incidents = set(previous.incidents) if previous else set()
        for slug in listing.incidents:
            if slug not in old_incidents and not _readable_slug(store, slug, by):
                raise InvalidInput(_LISTING, "incidents", slug, "is not a stored incident's slug")
        old_actors = {link.actor_id for link in previous.actors} if previous else set()
        new_links = [link for link in listing.actors if link.actor_id not in old_actors]
        known = store.actors.get_many((link.actor_id for link in new_links), max_tlp=Tlp.CLEAR)
        for link in new_links:
            if link.actor_id not in known:
                raise InvalidInput(_LISTING, "actors", link.actor_id, "is not a stored actor")

    def seed(self, data: SanctionsData | None = None) -> SanctionsSeedReport:
        """Load the bundled register into the store; what is already there is left as it is
        (see ``seed_register``). A second run writes nothing."""
        bundled = data or self._knowledge.get().sanctions
        with self._database.transaction() as store:
            return seed_register(store, bundled, self._clock, self._audit_trail)


def _readable_slug(store: Repositories, slug: str, by: User) -> bool:
    if not store.incidents.slug_exists(slug):
        return False
    return by.may_read(store.incidents.get(slug))


def _check_sources(sources: Sequence[str], entity: str) -> None:
    if not any(source.strip() for source in sources):
        raise InvalidInput(entity, "sources", list(sources), "must name at least one source")
    # A source is a citation or an address; an address is shown as a link, so it must be a
    # web address (never javascript:, data:, file: …).
    for position, source in enumerate(sources):
        if names_an_address(source) and not is_web_url(source.strip()):
            reason = f"{WEB_URL_RULE} (a source is a citation, or an http or https address)"
            raise InvalidInput(entity, f"sources[{position}]", source, reason)


def _day(value: date | str | None, field: str, *, latest: bool) -> date | None:
    """A filter date: a date, or YYYY / YYYY-MM / YYYY-MM-DD taken at the period's start
    (``since``) or end (``until``)."""
    if value is None or isinstance(value, date):
        return value
    if not value.strip():
        return None
    try:
        period = PartialDate.parse(value)
    except ValueError as error:
        raise InvalidInput("filter", field, value, str(error)) from None
    return period.latest if latest else period.earliest


def _kind(value: ListeeKind | str) -> ListeeKind:
    try:
        return ListeeKind(value.strip().lower() if isinstance(value, str) else value)
    except ValueError:
        raise InvalidInput("filter", "kind", value, "is not one of: person, entity") from None


def _with(query: ListingFilter, **changes: object) -> ListingFilter:
    return replace(query, **changes)  # type: ignore[arg-type]
