"""Confidence-building measures of four frameworks (OSCE, ARF, OAS/CICTE, UN OEWG), their
memberships, and the organisations bundled as points of contact, read from ``cbms.yaml`` and
``poc_organisations.yaml``.

Every measure, membership and organisation names its sources. A membership whose count does
not match the count its sources state, or a member code that is not an ISO 3166-1 country,
is refused when the file is read.
"""

from __future__ import annotations

from collections.abc import Iterable

from cdtoolbox.errors import NotFound
from cdtoolbox.knowledge.countries import CountryCatalogue
from cdtoolbox.knowledge.datafiles import DataFile, EntryReader
from cdtoolbox.knowledge.diplomacy import Register
from cdtoolbox.model import CbmFramework, ConfidenceBuildingMeasure, Verification
from cdtoolbox.model.cooperation import PocLevel, PointOfContact
from cdtoolbox.model.diplomacy import CbmChannel, MembershipNote
from cdtoolbox.model.vocabulary import Tlp

__all__ = ["CbmRegister", "PocNetworks", "load_cbms", "load_poc_organisations"]

_MEASURE = "confidence-building measure"
_FRAMEWORK = "CBM framework"


class CbmRegister(Register[ConfidenceBuildingMeasure]):
    """Every measure of every framework, in framework order, and the frameworks themselves."""

    def __init__(
        self,
        frameworks: Iterable[CbmFramework],
        measures: Iterable[ConfidenceBuildingMeasure],
        version: int,
    ) -> None:
        super().__init__(_MEASURE, measures, version)
        self.frameworks = tuple(frameworks)
        self._frameworks = {framework.id: framework for framework in self.frameworks}

    def framework(self, framework_id: str) -> CbmFramework:
        found = self._frameworks.get(framework_id.strip().lower())
        if found is None:
            known = ", ".join(self._frameworks)
            raise NotFound(_FRAMEWORK, framework_id, f"known: {known}")
        return found

    def in_framework(self, framework_id: str) -> tuple[ConfidenceBuildingMeasure, ...]:
        wanted = self.framework(framework_id).id
        return tuple(measure for measure in self if measure.framework == wanted)

    def frameworks_of(self, state: str) -> tuple[CbmFramework, ...]:
        """The regional frameworks ``state`` takes part in (the UN's is open to all)."""
        return tuple(f for f in self.frameworks if state in f.members)

    def member_states(self) -> tuple[str, ...]:
        """Every State of a regional framework, sorted: the States the tracker follows."""
        return tuple(sorted({code for f in self.frameworks for code in f.members}))


def load_cbms(data: DataFile, countries: CountryCatalogue) -> CbmRegister:
    frameworks = [
        _framework(reader, countries) for reader in data.entries("frameworks", _FRAMEWORK)
    ]
    known = {framework.id for framework in frameworks}
    measures: list[ConfidenceBuildingMeasure] = []
    for reader in data.entries("measures", _MEASURE):
        measure = ConfidenceBuildingMeasure(
            id=reader.text("id"),
            framework=reader.text("framework"),
            number=reader.integer("number", 1, 99),
            title=reader.text("title"),
            summary=reader.text("summary"),
            adopted_by=reader.text("adopted_by"),
            adopted_on=reader.date("adopted_on") if reader.has("adopted_on") else None,
            sources=reader.sources(),
            status=reader.choice("status", Verification),
            channel=reader.choice("channel", CbmChannel) if reader.has("channel") else None,
        )
        if measure.framework not in known:
            raise reader.fail("framework", measure.framework, f"is not one of: {', '.join(known)}")
        expected = f"{measure.framework.upper()}-CBM-{measure.number}"
        if measure.id != expected:
            raise reader.fail("id", measure.id, f"must be {expected!r}, its framework and number")
        measures.append(measure)
    return CbmRegister(frameworks, measures, data.version)


def _framework(reader: EntryReader, countries: CountryCatalogue) -> CbmFramework:
    framework = CbmFramework(
        id=reader.text("id"),
        name=reader.text("name"),
        organisation=reader.text("organisation"),
        summary=reader.text("summary"),
        sources=reader.sources(),
        status=reader.choice("status", Verification),
    )
    if not reader.has("members"):
        return framework
    members = reader.mapping("members")
    codes = members.texts("codes")
    for code in codes:
        if countries.find(code) is None or countries.get(code).code != code:
            raise members.fail("codes", code, "is not an ISO 3166-1 alpha-2 country code")
    if len(set(codes)) != len(codes):
        raise members.fail("codes", codes, "lists a State twice")
    others = tuple(
        (entry.text("code"), entry.text("name")) for entry in members.mappings("participants")
    )
    notes = tuple(
        MembershipNote(
            code=entry.text("code"),
            note=entry.text("note"),
            status=entry.choice("status", Verification),
        )
        for entry in members.mappings("notes")
    )
    count = members.integer("count", 1, 500)
    if len(codes) + len(others) != count:
        reason = f"lists {len(codes) + len(others)} participants; its sources count {count}"
        raise members.fail("codes", len(codes), reason)
    return CbmFramework(
        **{
            **framework.__dict__,
            "members": codes,
            "other_participants": others,
            "member_sources": members.sources(),
            "member_status": members.choice("status", Verification),
            "member_notes": notes,
        }
    )


class PocNetworks:
    """The bundled points of contact (organisations only) and the networks they belong to."""

    def __init__(self, networks: dict[str, str], organisations: Iterable[PointOfContact]) -> None:
        self.networks = dict(networks)  # id -> name
        self.organisations = tuple(organisations)


def load_poc_organisations(data: DataFile, countries: CountryCatalogue) -> PocNetworks:
    networks = {
        reader.text("id"): reader.text("name") for reader in data.entries("networks", "network")
    }
    organisations: list[PointOfContact] = []
    for reader in data.entries("organisations", "point of contact"):
        state = reader.text("state")
        if state != "EU" and countries.find(state) is None:
            raise reader.fail("state", state, "is not an ISO 3166-1 alpha-2 country code")
        network = reader.text("network")
        if network not in networks:
            raise reader.fail("network", network, f"is not one of: {', '.join(networks)}")
        organisations.append(
            PointOfContact(
                id=reader.text("id"),
                state=state,
                network=network,
                level=PocLevel.TECHNICAL,
                organisation=reader.text("organisation"),
                channel="public website",
                site=reader.optional_text("site"),
                source="; ".join(reader.sources()),
                tlp=Tlp.CLEAR,
            )
        )
    return PocNetworks(networks, organisations)
