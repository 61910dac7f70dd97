"""`/api/v1/{countries,sectors,norms,law,instruments,cbms}`: the reference knowledge.

Each list is complete and small, so it comes whole; each entry can also be read alone.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from cdtoolbox.errors import NotFound
from cdtoolbox.interfaces.api.parameters import errors
from cdtoolbox.interfaces.api.reference_schemas import (
    CbmOut,
    CountryOut,
    EntryList,
    InstrumentOut,
    LawPrincipleOut,
    NormOut,
    SectorOut,
    cbm_out,
    country_out,
    instrument_out,
    law_out,
    norm_out,
    sector_out,
)
from cdtoolbox.interfaces.http.authentication import AuthenticateFirst, ReaderDep
from cdtoolbox.interfaces.http.request_context import ToolboxDep

__all__ = ["router"]

router = APIRouter(tags=["reference knowledge"], route_class=AuthenticateFirst)


def _id(example: str, what: str) -> object:
    return Path(description=what, examples=[example])


@router.get(
    "/countries",
    summary="List countries",
    description="Every ISO 3166-1 country by alpha-2 code, with EU membership.",
    response_model=EntryList[CountryOut],
)
def list_countries(toolbox: ToolboxDep) -> EntryList[CountryOut]:
    items = [country_out(country) for country in toolbox.knowledge.countries.all()]
    return EntryList(items=items, total=len(items))


@router.get(
    "/countries/{code}",
    summary="Read a country",
    description="A country by ISO alpha-2 or alpha-3 code or by name (`UA`, `UKR`, `Ukraine`).",
    response_model=CountryOut,
    responses=errors(404, 422),
)
def get_country(
    toolbox: ToolboxDep,
    code: Annotated[str, _id("UA", "ISO alpha-2 or alpha-3 code, or a name")],
) -> CountryOut:
    country = toolbox.knowledge.countries.find(code)
    if country is None:
        raise NotFound("country", code, "use an ISO 3166-1 code or an English country name")
    return country_out(country)


@router.get(
    "/sectors",
    summary="List victim sectors",
    description=(
        "The NIS2 sectors and sub-sectors (ids like `energy.electricity`) and the few added by "
        "cdtoolbox, each with its coarse target category. Filtering by a sector includes its "
        "sub-sectors."
    ),
    response_model=EntryList[SectorOut],
)
def list_sectors(toolbox: ToolboxDep) -> EntryList[SectorOut]:
    items = [sector_out(sector) for sector in toolbox.knowledge.sectors.all()]
    return EntryList(items=items, total=len(items))


@router.get(
    "/sectors/{sector}",
    summary="Read a sector",
    description="A sector by id (`energy.electricity`) or by name, with its target category.",
    response_model=SectorOut,
    responses=errors(404, 422),
)
def get_sector(
    toolbox: ToolboxDep, sector: Annotated[str, _id("energy", "Sector id or name")]
) -> SectorOut:
    found = toolbox.knowledge.sectors.find(sector)
    if found is None:
        raise NotFound("sector", sector, "see /api/v1/sectors for the ids")
    return sector_out(found)


@router.get(
    "/norms",
    summary="List the UN norms",
    description=(
        "The eleven voluntary norms of responsible State behaviour of the 2015 UN GGE report "
        "(A/70/174, para 13), each paraphrased with its sources."
    ),
    response_model=EntryList[NormOut],
)
def list_norms(toolbox: ToolboxDep) -> EntryList[NormOut]:
    items = [norm_out(norm) for norm in toolbox.knowledge.norms.all()]
    return EntryList(items=items, total=len(items))


@router.get(
    "/norms/{norm_id}",
    summary="Read a UN norm",
    description="One norm by its paragraph id, `13a` to `13k`, with its text and sources.",
    response_model=NormOut,
    responses=errors(404, 422),
)
def get_norm(
    toolbox: ToolboxDep, norm_id: Annotated[str, _id("13f", "Norm id, 13a … 13k")]
) -> NormOut:
    return norm_out(toolbox.knowledge.norms.get(norm_id))


@router.get(
    "/law",
    summary="List principles of international law",
    description=(
        "Rules and concepts of international law used to assess a cyber operation "
        "(sovereignty, non-intervention, due diligence, attribution of conduct…), with their "
        "anchors in treaties, cases and the Tallinn Manual."
    ),
    response_model=EntryList[LawPrincipleOut],
)
def list_law(toolbox: ToolboxDep) -> EntryList[LawPrincipleOut]:
    items = [law_out(principle) for principle in toolbox.knowledge.law.all()]
    return EntryList(items=items, total=len(items))


@router.get(
    "/law/{principle_id}",
    summary="Read a principle of international law",
    description="One principle by id, e.g. `law.sovereignty`, with its anchors and sources.",
    response_model=LawPrincipleOut,
    responses=errors(404, 422),
)
def get_law(
    toolbox: ToolboxDep,
    principle_id: Annotated[str, _id("law.sovereignty", "Principle id")],
) -> LawPrincipleOut:
    return law_out(toolbox.knowledge.law.get(principle_id))


@router.get(
    "/instruments",
    summary="List the Toolbox instruments",
    description=(
        "The measures of the EU Cyber Diplomacy Toolbox from the mildest to the strongest, "
        "with who decides them, by which rule, and whether they need attribution."
    ),
    response_model=EntryList[InstrumentOut],
)
def list_instruments(toolbox: ToolboxDep) -> EntryList[InstrumentOut]:
    items = [instrument_out(item) for item in toolbox.knowledge.instruments.ladder()]
    return EntryList(items=items, total=len(items))


@router.get(
    "/instruments/{instrument_id}",
    summary="Read a Toolbox instrument",
    description="One instrument by id, `<category>.<name>`, with who decides it and how.",
    response_model=InstrumentOut,
    responses=errors(404, 422),
)
def get_instrument(
    toolbox: ToolboxDep,
    instrument_id: Annotated[str, _id("stability.hr_declaration", "Instrument id")],
) -> InstrumentOut:
    return instrument_out(toolbox.knowledge.instruments.get(instrument_id))


@router.get(
    "/cbms",
    summary="List the confidence-building measures",
    description=(
        "The cyber/ICT confidence-building measures of the OSCE (CBM 1-16), the ASEAN Regional "
        "Forum, the OAS/CICTE and the UN OEWG's global CBMs, each with its number, title, "
        "summary and sources. `confirmed` is false for a paraphrase not yet checked against "
        "its primary text. `framework` keeps one framework's measures."
    ),
    response_model=EntryList[CbmOut],
    responses=errors(422),
)
def list_cbms(
    toolbox: ToolboxDep,
    by: ReaderDep,
    framework: Annotated[
        str | None, Query(description="osce, arf, oas or un", examples=["osce"])
    ] = None,
) -> EntryList[CbmOut]:
    items = [cbm_out(measure) for measure in toolbox.cbms.measures(framework, by=by)]
    return EntryList(items=items, total=len(items))


@router.get(
    "/cbms/{cbm_id}",
    summary="Read a confidence-building measure",
    description="One CBM by id (`OSCE-CBM-3`, `ARF-CBM-1`, `OAS-CBM-2`, `UN-CBM-1`, …).",
    response_model=CbmOut,
    responses=errors(404, 422),
)
def get_cbm(toolbox: ToolboxDep, cbm_id: Annotated[str, _id("OSCE-CBM-3", "CBM id")]) -> CbmOut:
    return cbm_out(toolbox.knowledge.cbms.get(cbm_id.upper()))
