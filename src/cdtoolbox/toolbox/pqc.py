"""The post-quantum transition tracker: organisations' inventories of cryptographic assets,
imported from CycloneDX 1.6 CBOM or CSV files, classified against a quantum computer, and
counted towards the EU roadmap's milestones by Member State and sector.

An import replaces the inventory of each organisation it names, as one audited transaction:
an inventory is a snapshot, and a file that fails anywhere changes nothing. Assets carry a
TLP marking (an inventory says where an organisation is weak); what lies above a reader's
clearance is left out of lists and counts, and an import never removes it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from cdtoolbox.errors import Forbidden, ImportRejected, InvalidInput
from cdtoolbox.model.access import Permission, User
from cdtoolbox.model.ports import Clock, IdFactory
from cdtoolbox.model.pqc import (
    AssetFilter,
    ClassifiedAsset,
    Criticality,
    CryptoAsset,
    DeclaredAsset,
    InventoryImport,
    InventoryReplaced,
    PqcProgress,
    QuantumHorizon,
    QuantumStatus,
)
from cdtoolbox.model.reference import Sector
from cdtoolbox.model.vocabulary import Classification as EuClassification
from cdtoolbox.model.vocabulary import Tlp
from cdtoolbox.store import Database
from cdtoolbox.toolbox.access import require
from cdtoolbox.toolbox.audit import CLASSIFICATION_FIELD, MARKING_FIELD, AuditService
from cdtoolbox.toolbox.knowledge_source import KnowledgeSource

__all__ = ["DEFAULT_TLP", "MAX_ASSETS", "PqcService"]

#: An inventory shows where an organisation is weak: shared with the community, not beyond.
DEFAULT_TLP = Tlp.AMBER
# A criticality the file leaves out is taken as medium: the roadmap's 2035 milestone covers it,
# so an unrated asset is neither ignored nor counted as the most urgent.
_DEFAULT_CRITICALITY = Criticality.MEDIUM
_MAX_NAME = 200
# Bigger than any real inventory; bounds what one file can make a transaction hold.
MAX_ASSETS = 100_000


class PqcService:
    def __init__(
        self,
        database: Database,
        clock: Clock,
        ids: IdFactory,
        knowledge: KnowledgeSource,
        audit: AuditService,
        *,
        horizon_year: int | None = None,
    ) -> None:
        self._database = database
        self._clock = clock
        self._ids = ids
        self._knowledge = knowledge
        self._audit = audit
        self._horizon_year = horizon_year

    @property
    def horizon(self) -> QuantumHorizon:
        """The quantum horizon in force: the setting's year, else the reference data's."""
        default = self._knowledge.get().pqc.horizon
        if self._horizon_year is None:
            return default
        return QuantumHorizon(self._horizon_year, "set by CDT_PQC_QUANTUM_HORIZON")

    def import_file(
        self,
        path: Path,
        *,
        organisation: str | None = None,
        member_state: str | None = None,
        sector: str | None = None,
        tlp: Tlp = DEFAULT_TLP,
        classification: EuClassification | None = None,
        by: User,
    ) -> InventoryImport:
        """Replace the inventories the file holds with its assets: a CycloneDX 1.6 CBOM
        (``.json``) or a CSV inventory (``.csv``). ``organisation``, ``member_state`` and
        ``sector`` apply to the assets that do not name their own (a CBOM names none).

        Raises InvalidInput or ImportRejected, naming the file, and writes nothing, when any
        part of the file is wrong.
        """
        require(by, Permission.IMPORT)
        _format_of(path.name, str(path))
        try:
            data = path.read_bytes()
        except OSError as error:
            raise InvalidInput(
                "inventory", "file", None, f"cannot be read: {error.strerror}", str(path)
            ) from None
        return self.import_document(
            data,
            str(path),
            organisation=organisation,
            member_state=member_state,
            sector=sector,
            tlp=tlp,
            classification=classification,
            by=by,
        )

    def import_document(
        self,
        data: bytes,
        name: str,
        *,
        organisation: str | None = None,
        member_state: str | None = None,
        sector: str | None = None,
        tlp: Tlp = DEFAULT_TLP,
        classification: EuClassification | None = None,
        by: User,
    ) -> InventoryImport:
        """``import_file`` for a document already read (an upload): ``name`` is its file
        name, which says its format (``.json`` or ``.csv``) and names it in errors."""
        require(by, Permission.IMPORT)
        if not by.cleared_for(tlp):
            raise Forbidden(
                f"mark an inventory {tlp.label}",
                f"{by.username!r} is cleared up to {by.clearance.label}",
            )
        if not by.cleared_for_classification(classification):
            raise Forbidden(
                f"classify an inventory {EuClassification.label_of(classification)}",
                f"{by.username!r} is cleared for "
                f"{EuClassification.label_of(by.classification_clearance)}",
            )
        source = name
        declared = _read(data, source)
        if len(declared) > MAX_ASSETS:
            raise InvalidInput(
                "inventory", "assets", len(declared), f"are more than {MAX_ASSETS:,}", source
            )
        now = self._clock.now()
        defaults = _Defaults(
            organisation=_name(organisation, "organisation", source),
            member_state=self._member_state(member_state, source) if member_state else None,
            sector=self._sector(sector, source) if sector else None,
        )
        errors: list[InvalidInput] = []
        inventories: dict[tuple[str, str], list[CryptoAsset]] = {}
        for item in declared:
            where = f"{source} {item.reference}" if item.reference else source
            try:
                asset = self._asset(item, defaults, tlp, source, now, where)
                asset = replace(asset, eu_classification=classification)
            except InvalidInput as error:
                errors.append(error)
                continue
            inventories.setdefault((asset.member_state, asset.organisation), []).append(asset)
        if errors:
            raise ImportRejected(source, errors)
        if not inventories:
            if defaults.organisation is None or defaults.member_state is None:
                raise InvalidInput(
                    "inventory",
                    "assets",
                    None,
                    "none found: the file holds no algorithm asset",
                    source,
                )
            # An empty inventory is a statement too: the organisation uses no cryptography
            # it declares, and its old inventory goes.
            inventories[(defaults.member_state, defaults.organisation)] = []
        done: list[InventoryReplaced] = []
        with self._database.transaction() as store:
            for (state, organisation_name), assets in sorted(inventories.items()):
                old = store.pqc.replace_inventory(
                    state, organisation_name, assets, by.clearance, by.classification_clearance
                )
                after: dict[str, object] = {
                    "assets": len(assets),
                    "source": source,
                    MARKING_FIELD: tlp.value,
                }
                if classification is not None:
                    after[CLASSIFICATION_FIELD] = classification.value
                done.append(InventoryReplaced(state, organisation_name, len(assets), old))
                self._audit.record(
                    store,
                    by=by,
                    action="pqc.import",
                    entity="pqc inventory",
                    key=f"{state}/{organisation_name}",
                    before={"assets": old} if old else None,
                    # The markings hide the entry from readers not cleared for the inventory.
                    after=after,
                )
        return InventoryImport(source, tuple(done))

    def filter_from(
        self,
        *,
        organisation: str | None = None,
        member_state: str | None = None,
        sector: str | None = None,
        status: str | None = None,
        hndl: bool | None = None,
    ) -> AssetFilter:
        """The filter the interfaces build from what a user typed: a Member State or a
        sector by code, id or name, a status by its value."""
        quantum_status = None
        if status:
            try:
                quantum_status = QuantumStatus(status.strip().lower())
            except ValueError:
                allowed = ", ".join(member.value for member in QuantumStatus)
                raise InvalidInput(
                    "filter", "status", status, f"is not one of: {allowed}"
                ) from None
        return AssetFilter(
            organisation=organisation.strip() if organisation and organisation.strip() else None,
            member_state=self._member_state(member_state, None) if member_state else None,
            sector=self._sector(sector, None) if sector else None,
            status=quantum_status,
            hndl=hndl,
        )

    def assets(self, query: AssetFilter, *, by: User) -> list[ClassifiedAsset]:
        """The assets ``by`` may read that ``query`` selects, each classified."""
        classified = self._classified(query, by)
        return [
            item
            for item in classified
            if (query.status is None or item.classification.status is query.status)
            and (query.hndl is None or item.hndl is query.hndl)
        ]

    def progress(self, *, by: User) -> PqcProgress:
        """The milestones with the progress of every Member State and sector towards them:
        the share of assets resistant, and the assets exposed to harvest now, decrypt later."""
        from cdtoolbox.assess.pqc import progress

        knowledge = self._knowledge.get()
        classified = self._classified(AssetFilter(), by)
        return progress(
            classified,
            knowledge.pqc.milestones,
            self.horizon,
            member_state_label=lambda code: knowledge.countries.get(code).name,
            sector_label=lambda key: _sector_name(knowledge.sectors.find(key), key),
        )

    def _classified(self, query: AssetFilter, by: User) -> list[ClassifiedAsset]:
        from cdtoolbox.assess.pqc import classify_asset

        require(by, Permission.READ)
        with self._database.read() as store:
            stored = store.pqc.list(
                by.clearance,
                classification=by.classification_clearance,
                organisation=query.organisation,
                member_state=query.member_state,
                sector=query.sector,
            )
        rules = self._knowledge.get().pqc.algorithms
        horizon = self.horizon
        today = self._clock.now().date()
        return [classify_asset(asset, rules, horizon, today) for asset in stored]

    def _asset(
        self,
        item: DeclaredAsset,
        defaults: _Defaults,
        tlp: Tlp,
        source: str,
        now: datetime,
        where: str,
    ) -> CryptoAsset:
        organisation = _name(item.organisation, "organisation", where) or defaults.organisation
        if organisation is None:
            raise InvalidInput(
                "crypto asset",
                "organisation",
                None,
                "is missing: give --organisation or an organisation column",
                where,
            )
        member_state = (
            self._member_state(item.member_state, where)
            if item.member_state
            else defaults.member_state
        )
        if member_state is None:
            raise InvalidInput(
                "crypto asset",
                "member_state",
                None,
                "is missing: give --member-state or a member_state column",
                where,
            )
        sector = self._sector(item.sector, where) if item.sector else defaults.sector
        return CryptoAsset(
            id=self._ids.new_id("pqc-asset"),
            organisation=organisation,
            member_state=member_state,
            sector=sector,
            algorithm=item.algorithm,
            parameter=item.parameter,
            primitive=item.primitive,
            system=item.system,
            protocol=item.protocol,
            library=item.library,
            data_lifetime_years=item.data_lifetime_years,
            criticality=item.criticality or _DEFAULT_CRITICALITY,
            tlp=tlp,
            source=source,
            reference=item.reference,
            recorded_at=now,
        )

    def _member_state(self, text: str, where: str | None) -> str:
        country = self._knowledge.get().countries.find(text)
        if country is None or not country.eu_member:
            raise InvalidInput(
                "crypto asset", "member_state", text, "is not an EU Member State", where
            )
        return country.code

    def _sector(self, text: str, where: str | None) -> str:
        sector = self._knowledge.get().sectors.find(text)
        if sector is None:
            raise InvalidInput(
                "crypto asset",
                "sector",
                text,
                "is not a known sector id or name (the list: GET /api/v1/sectors)",
                where,
            )
        return sector.id


@dataclass(frozen=True)
class _Defaults:
    organisation: str | None
    member_state: str | None
    sector: str | None


def _format_of(name: str, source: str) -> str:
    suffix = Path(name).suffix.lower()
    if suffix not in (".json", ".csv"):
        raise InvalidInput(
            "inventory",
            "file",
            Path(name).name,
            "must be a CycloneDX 1.6 CBOM (.json) or a CSV inventory (.csv)",
            source,
        )
    return suffix


def _read(data: bytes, source: str) -> list[DeclaredAsset]:
    from cdtoolbox.formats.cbom import read_cbom, read_inventory_csv

    if _format_of(source, source) == ".json":
        return read_cbom(data, source)
    return read_inventory_csv(data, source)


def _name(text: str | None, field: str, where: str) -> str | None:
    if text is None or not text.strip():
        return None
    name = " ".join(text.split())
    if len(name) > _MAX_NAME or not name.isprintable():
        raise InvalidInput(
            "crypto asset", field, None, f"must be 1 to {_MAX_NAME} printable characters", where
        )
    return name


def _sector_name(sector: Sector | None, key: str) -> str:
    return sector.name if sector else key
