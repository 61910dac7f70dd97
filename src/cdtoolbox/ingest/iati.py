"""IATI 2.03 activity XML (the International Aid Transparency Initiative standard in which
donors publish their activities) ↔ capacity-building projects.

Reading never resolves an entity, never opens the network and refuses a file above
``MAX_BYTES`` before parsing it: an IATI file comes from outside and may be hostile. Each
activity is checked against the elements the standard makes mandatory (``REQUIRED``) and against
the complete IATI codelists of the codes it reads (knowledge/data/iati_codelists.yaml; nothing is
downloaded). Errors name the activity (its ``iati-identifier``), the element and the reason.
Elements the register keeps nothing of (locations, transactions, policy markers, ...) are not
read, so never refused.

What IATI has no element for (the funding instrument, a status the sources do not give, the
TLP marking and EU classification, a budget without its period) is written as attributes of a
``cdt:record`` element in this project's own namespace, as the standard allows.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TypeVar

from lxml import etree

from cdtoolbox.errors import InvalidInput
from cdtoolbox.knowledge.dac_sectors import SECTOR_CODELISTS, DacSector, dac_codelists
from cdtoolbox.knowledge.iati_codelists import iati_codelists
from cdtoolbox.model.capacity import CapacityProject, CapacityTheme, ProjectStatus
from cdtoolbox.model.vocabulary import Classification, Tlp

__all__ = [
    "IATI_VERSION",
    "MAX_BYTES",
    "REQUIRED",
    "THEME_VOCABULARY_URI",
    "IatiActivity",
    "read_activities",
    "read_file",
    "write_activities",
]

IATI_VERSION = "2.03"
MAX_BYTES = 20 * 1024 * 1024  # the largest publisher files are a few MB per activity set
CDT_NAMESPACE = "urn:cdtoolbox:iati:1"
_CDT = f"{{{CDT_NAMESPACE}}}"
E = TypeVar("E")
# A document type declaration, which can only come in the prolog (after the XML declaration,
# comments and processing instructions).
_DOCTYPE = re.compile(rb"(?:\xef\xbb\xbf)?\s*(?:<\?.*?\?>\s*|<!--.*?-->\s*)*<!DOCTYPE", re.DOTALL)
_ENTITY = "IATI activity"

#: Elements IATI 2.03 requires of each activity (recipient-country or -region: either).
REQUIRED = (
    "iati-identifier",
    "reporting-org",
    "title",
    "description",
    "participating-org",
    "activity-status",
    "activity-date",
    "sector",
)

#: The vocabulary-uri of the reporting organisation's sector vocabulary this register writes:
#: the capacity-building themes. A vocabulary 98 or 99 sector naming no vocabulary-uri is read
#: as a theme too (files written before the uri was written); one naming another uri is the
#: publisher's own vocabulary, which the register cannot read and so leaves aside.
THEME_VOCABULARY_URI = "urn:cdtoolbox:capacity-theme"
#: IATI's default sector and region vocabularies, when an element names none.
DEFAULT_SECTOR_VOCABULARY = "1"
DEFAULT_REGION_VOCABULARY = "1"
_OWN_VOCABULARIES = frozenset({"98", "99"})
_DAC_REGIONS, _UN_REGIONS, _OWN_REGIONS = "1", "2", "99"
# UN M49 region codes are three digits (e.g. 150 Europe); the list itself is not bundled.
_M49 = re.compile(r"\d{3}")
# The register keeps budgets in EUR only; a budget in another currency is not converted (no
# rate is at hand) but left out, and the project's note says so.
_EUR = "EUR"

_STATUS_CODES = {
    ProjectStatus.PLANNED: "1",  # Pipeline/identification
    ProjectStatus.ONGOING: "2",  # Implementation
    ProjectStatus.COMPLETED: "4",  # Closed
}
# Finalisation (3), cancelled (5) and suspended (6) have no status of their own here.
_STATUSES = {
    "1": ProjectStatus.PLANNED,
    "2": ProjectStatus.ONGOING,
    "3": ProjectStatus.COMPLETED,
    "4": ProjectStatus.COMPLETED,
    "5": ProjectStatus.COMPLETED,
    "6": ProjectStatus.UNKNOWN,
}
_FUNDING, _IMPLEMENTING = "1", "4"
_WEB_PAGE = "A12"  # DocumentCategory: activity web page


@dataclass(frozen=True)
class IatiActivity:
    """One activity read from a file: its identifier and the project it describes."""

    identifier: str
    project: CapacityProject


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        huge_tree=False,
        load_dtd=False,
        dtd_validation=False,
        remove_comments=True,
        remove_pis=True,
    )


def read_file(path: Path) -> bytes:
    """The bytes of an IATI file, refused by its size before it is read."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise InvalidInput(
                "IATI file", "size", size, f"is above the limit of {MAX_BYTES} bytes"
            )
        return path.read_bytes()
    except OSError as error:
        raise InvalidInput(
            "IATI file", "path", str(path), error.strerror or "cannot be read"
        ) from None


def read_activities(
    data: bytes, *, regions: Collection[str], reporting_org: str | None = None
) -> list[IatiActivity]:
    """The activities of an ``iati-activities`` file, each checked; ``InvalidInput`` for the
    first problem, naming the activity and the element. ``regions`` are the register's region
    ids: a recipient-region in the reporting organisation's vocabulary naming one of them
    becomes the project's region."""
    if len(data) > MAX_BYTES:
        raise InvalidInput(
            "IATI file", "size", len(data), f"is above the limit of {MAX_BYTES} bytes"
        )
    if _DOCTYPE.match(data):
        # Entities are never expanded, but a file declaring them is no IATI file: refused
        # before libxml2 reads the declarations at all.
        raise InvalidInput("IATI file", "DOCTYPE", None, "is not allowed in an IATI file")
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as error:
        raise InvalidInput("IATI file", "xml", None, f"is not well-formed XML: {error}") from None
    docinfo = root.getroottree().docinfo
    if docinfo.internalDTD is not None or docinfo.externalDTD is not None:
        raise InvalidInput("IATI file", "DOCTYPE", None, "is not allowed in an IATI file")
    if root.tag != "iati-activities":
        raise InvalidInput("IATI file", "root", root.tag, "must be iati-activities")
    if root.get("version") != IATI_VERSION:
        raise InvalidInput("IATI file", "version", root.get("version"), f"must be {IATI_VERSION}")
    activities = root.findall("iati-activity")
    if not activities:
        raise InvalidInput("IATI file", "iati-activity", None, "is required")
    return [_activity(element, reporting_org, regions) for element in activities]


def write_activities(
    projects: Iterable[CapacityProject], reporting_org: str, reporting_name: str
) -> bytes:
    """An ``iati-activities`` file of ``projects`` reported by ``reporting_org``; a project
    IATI cannot carry (no start date, or a status the sources do not give) raises
    ``InvalidInput`` naming it."""
    root = etree.Element("iati-activities", version=IATI_VERSION, nsmap={"cdt": CDT_NAMESPACE})
    for project in projects:
        root.append(_element(project, reporting_org, reporting_name))
    written: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    return written


# --- reading ---------------------------------------------------------------------------------


class _Activity:
    """Reads one activity element, every error naming its identifier."""

    def __init__(self, element: etree._Element, identifier: str) -> None:
        self.element = element
        self.identifier = identifier

    def fail(self, field: str, value: object, reason: str) -> InvalidInput:
        return InvalidInput(_ENTITY, field, value, reason, location=self.identifier)

    def code(self, element: etree._Element, codelist: str, attribute: str = "code") -> str:
        """The value of ``attribute``, refused unless it is an active code of ``codelist``."""
        where = f"{element.tag}/@{attribute}"
        value = element.get(attribute)
        if value is None:
            raise self.fail(where, None, "is required")
        problem = iati_codelists()[codelist].problem(value.strip())
        if problem is not None:
            raise self.fail(where, value, problem)
        return value.strip()

    def narrative(self, element: etree._Element, field: str) -> str:
        texts = [n.text.strip() for n in element.findall("narrative") if n.text and n.text.strip()]
        if not texts:
            raise self.fail(f"{field}/narrative", None, "is required")
        return texts[0]

    def day(self, element: etree._Element, attribute: str = "iso-date") -> date:
        value = element.get(attribute)
        try:
            return date.fromisoformat(value or "")
        except ValueError:
            raise self.fail(f"{element.tag}/@{attribute}", value, "must be YYYY-MM-DD") from None


def _activity(
    element: etree._Element, reporting_org: str | None, register_regions: Collection[str]
) -> IatiActivity:
    identifier = (element.findtext("iati-identifier") or "").strip()
    read = _Activity(element, identifier or "(no iati-identifier)")
    for name in REQUIRED:
        if element.find(name) is None:
            raise read.fail(name, None, "is required by IATI 2.03")
    if element.find("recipient-country") is None and element.find("recipient-region") is None:
        raise read.fail("recipient-country", None, "or recipient-region is required")
    reporting = element.find("reporting-org")
    assert reporting is not None
    org_ref = (reporting.get("ref") or "").strip()
    if not org_ref:
        raise read.fail("reporting-org/@ref", None, "is required")
    if reporting_org is not None and org_ref != reporting_org:
        raise read.fail("reporting-org/@ref", org_ref, f"is not {reporting_org}")
    if reporting.get("type") is not None:
        read.code(reporting, "OrganisationType", "type")
    if not identifier.startswith(f"{org_ref}-") or len(identifier) == len(org_ref) + 1:
        reason = f"must be the reporting organisation's ref ({org_ref}) followed by a local id"
        raise read.fail("iati-identifier", identifier, reason)
    roles: dict[str, list[str]] = {}
    for org in element.findall("participating-org"):
        if org.get("type") is not None:
            read.code(org, "OrganisationType", "type")
        roles.setdefault(read.code(org, "OrganisationRole", "role"), []).append(
            # IATI asks for the name, the identifier or both.
            read.narrative(org, "participating-org")
            if org.find("narrative") is not None or not (org.get("ref") or "").strip()
            else (org.get("ref") or "").strip()
        )
    if _FUNDING not in roles:
        raise read.fail("participating-org", None, "with role 1 (funding) is required")
    extra = element.find(f"{_CDT}record")
    status_element = element.find("activity-status")
    assert status_element is not None
    status = _STATUSES[read.code(status_element, "ActivityStatus")]
    if extra is not None and extra.get("status"):
        status = _enum(read, "cdt:record/@status", extra.get("status"), ProjectStatus)
    starts_on, ends_on = _dates(read, element)
    descriptions = {
        read.code(d, "DescriptionType", "type") if d.get("type") else "1": read.narrative(
            d, "description"
        )
        for d in element.findall("description")
    }
    title = read.narrative(element.find("title"), "title")  # type: ignore[arg-type]
    general = descriptions.get("1")
    themes, unmapped = _themes(read, element)
    region, region_notes = _regions(read, element, register_regions)
    budget_eur, budget_note = _budget(read, element, extra)
    notes = [*region_notes, budget_note]
    if not themes and unmapped:
        notes.append(
            "No theme derived: the activity's sectors ("
            + "; ".join(f"{s.code} {s.name}" for s in unmapped)
            + ") map to no capacity-building theme."
        )
    project = CapacityProject(
        id=identifier[len(org_ref) + 1 :],
        title=title,
        funder="; ".join(roles[_FUNDING]),
        themes=tuple(themes),
        sources=tuple(link.get("url", "").strip() for link in element.findall("document-link")),
        instrument=extra.get("instrument") if extra is not None else None,
        implementers=tuple(roles.get(_IMPLEMENTING, ())),
        partner_countries=tuple(
            (c.get("code") or "").strip().upper() for c in element.findall("recipient-country")
        ),
        region=region,
        budget_eur=budget_eur,
        starts_on=starts_on,
        ends_on=ends_on,
        status=status,
        outcomes=tuple(
            read.narrative(r.find("title"), "result/title")  # type: ignore[arg-type]
            for r in element.findall("result")
            if read.code(r, "ResultType", "type") == "2"
        ),
        note=" ".join(n for n in (general if general != title else None, *notes) if n) or None,
        tlp=_enum(read, "cdt:record/@tlp", extra.get("tlp"), Tlp)
        if extra is not None and extra.get("tlp")
        else Tlp.CLEAR,
        classification=_enum(
            read, "cdt:record/@classification", extra.get("classification"), Classification
        )
        if extra is not None and extra.get("classification")
        else None,
    )
    return IatiActivity(identifier, project)


def _dates(read: _Activity, element: etree._Element) -> tuple[date | None, date | None]:
    found: dict[str, date] = {}
    for activity_date in element.findall("activity-date"):
        found[read.code(activity_date, "ActivityDateType", "type")] = read.day(activity_date)
    starts_on = found.get("2", found.get("1"))
    if starts_on is None:
        raise read.fail("activity-date", None, "of type 1 or 2 (start) is required")
    return starts_on, found.get("4", found.get("3"))


def _budget(
    read: _Activity, element: etree._Element, extra: etree._Element | None
) -> tuple[int | None, str | None]:
    """The whole budget in EUR and, when one is given but cannot be recorded, why not.

    IATI budgets are given per period (often per year), each original (type 1) or revised
    (type 2): a revised budget replaces the original of the same period, and the periods add
    up to the whole."""
    by_period: dict[tuple[date, date], tuple[str, int, str]] = {}
    for budget in element.findall("budget"):
        kind = read.code(budget, "BudgetType", "type") if budget.get("type") else "1"
        if budget.get("status"):
            read.code(budget, "BudgetStatus", "status")
        period = tuple(_period(read, budget, name) for name in ("period-start", "period-end"))
        if period[1] < period[0]:
            raise read.fail(
                "budget/period-end/@iso-date", period[1].isoformat(), "is before the start"
            )
        value = budget.find("value")
        if value is None:
            raise read.fail("budget/value", None, "is required")
        read.day(value, "value-date")
        currency = value.get("currency") or element.get("default-currency")
        if currency is None:
            raise read.fail(
                "budget/value/@currency", None, "or iati-activity/@default-currency is required"
            )
        problem = iati_codelists()["Currency"].problem(currency)
        if problem is not None:
            raise read.fail("budget/value/@currency", currency, problem)
        amount = _amount(read, "budget/value", value.text)
        kept = by_period.get((period[0], period[1]))
        if kept is not None and kept[0] == kind:
            reason = f"gives a type {kind} budget for {period[0]} to {period[1]} twice"
            raise read.fail("budget", period[0].isoformat(), reason)
        if kept is None or kind == "2":
            by_period[period[0], period[1]] = (kind, amount, currency)
    if by_period:
        currencies = {currency for _, _, currency in by_period.values()}
        total = sum(amount for _, amount, _ in by_period.values())
        if currencies == {_EUR}:
            return total, None
        given = ", ".join(sorted(currencies))
        return None, f"Budget given in {given}, not recorded: the register keeps EUR only."
    if extra is not None and extra.get("budget-eur") is not None:
        return _amount(read, "cdt:record/@budget-eur", extra.get("budget-eur")), None
    return None, None


def _period(read: _Activity, budget: etree._Element, name: str) -> date:
    found = budget.find(name)
    if found is None:
        raise read.fail(f"budget/{name}", None, "is required")
    return read.day(found)


def _themes(
    read: _Activity, element: etree._Element
) -> tuple[tuple[CapacityTheme, ...], tuple[DacSector, ...]]:
    """The themes the activity's sectors name (the register's own vocabulary) or map to (the
    DAC vocabularies 1 and 2), and the DAC sectors that map to none. Sectors in any other
    vocabulary of the SectorVocabulary codelist are valid but say nothing the register reads."""
    themes: list[CapacityTheme] = []
    unmapped: list[DacSector] = []
    codelists = dac_codelists()
    for sector in element.findall("sector"):
        vocabulary = (
            read.code(sector, "SectorVocabulary", "vocabulary")
            if sector.get("vocabulary") is not None
            else DEFAULT_SECTOR_VOCABULARY
        )
        code = (sector.get("code") or "").strip()
        if vocabulary in _OWN_VOCABULARIES:
            if sector.get("vocabulary-uri", THEME_VOCABULARY_URI) == THEME_VOCABULARY_URI:
                themes.append(_enum(read, "sector/@code", code, CapacityTheme))
            continue
        if vocabulary not in SECTOR_CODELISTS:
            # COFOG, NACE, SDG goals, humanitarian clusters...: valid, and no theme follows.
            continue
        found = codelists.find(vocabulary, code)
        if found is None:
            codelist = iati_codelists()[SECTOR_CODELISTS[vocabulary]]
            reason = f"{codelist.problem(code)} (sector vocabulary {vocabulary})"
            raise read.fail("sector/@code", code or None, reason)
        themes.extend(found.themes)
        if not found.themes:
            unmapped.append(found)
    return tuple(dict.fromkeys(themes)), tuple(unmapped)


def _regions(
    read: _Activity, element: etree._Element, register_regions: Collection[str]
) -> tuple[str | None, list[str]]:
    """The project's region, the first recipient-region naming one of this register's
    regions, and a note naming every other recipient-region as the file gives it.

    The OECD DAC regions (vocabulary 1) are checked against the Region codelist, UN M49 ones
    (vocabulary 2) by their form; the reporting organisation's own (99) are kept as given."""
    region: str | None = None
    notes: list[str] = []
    dac = iati_codelists()["Region"]
    for given in element.findall("recipient-region"):
        vocabulary = (
            read.code(given, "RegionVocabulary", "vocabulary")
            if given.get("vocabulary") is not None
            else DEFAULT_REGION_VOCABULARY
        )
        code = (given.get("code") or "").strip()
        if not code:
            raise read.fail("recipient-region/@code", None, "is required")
        if vocabulary == _DAC_REGIONS:
            problem = dac.problem(code)
            if problem is not None:
                raise read.fail("recipient-region/@code", code, problem)
            notes.append(f"Recipient region {code} ({dac.codes[code]}; OECD DAC).")
        elif vocabulary == _UN_REGIONS:
            if not _M49.fullmatch(code):
                reason = "is not a UN M49 region code (three digits)"
                raise read.fail("recipient-region/@code", code, reason)
            notes.append(f"Recipient region {code} (UN M49).")
        elif vocabulary == _OWN_REGIONS and code in register_regions:
            if region is None:
                region = code
            else:
                notes.append(f"Recipient region {code} (a region of this register).")
        else:
            uri = (given.get("vocabulary-uri") or "").strip()
            whose = "the reporting organisation's own vocabulary" + (f", {uri}" if uri else "")
            notes.append(f"Recipient region {code} ({whose}).")
    return region, notes


def _amount(read: _Activity, field: str, text: str | None) -> int:
    try:
        amount = float((text or "").strip())
    except ValueError:
        raise read.fail(field, text, "must be a number") from None
    if amount < 0:
        raise read.fail(field, text, "must not be negative")
    if amount != int(amount):
        raise read.fail(field, text, "must be whole euros")
    return int(amount)


def _enum(read: _Activity, field: str, value: str | None, vocabulary: Callable[[str], E]) -> E:
    try:
        return vocabulary(value or "")
    except ValueError:
        raise read.fail(field, value, "is not a known value") from None


# --- writing ---------------------------------------------------------------------------------


def _element(project: CapacityProject, org_ref: str, org_name: str) -> etree._Element:
    identifier = f"{org_ref}-{project.id}"
    if project.starts_on is None:
        raise InvalidInput(_ENTITY, "activity-date", None, "needs a start date", identifier)
    activity = etree.Element("iati-activity")
    _sub(activity, "iati-identifier").text = identifier
    _narrative(_sub(activity, "reporting-org", {"ref": org_ref, "type": "10"}), org_name)
    _narrative(_sub(activity, "title"), project.title)
    _narrative(_sub(activity, "description", {"type": "1"}), project.note or project.title)
    _narrative(_sub(activity, "participating-org", {"role": _FUNDING}), project.funder)
    for implementer in project.implementers:
        _narrative(_sub(activity, "participating-org", {"role": _IMPLEMENTING}), implementer)
    code = _STATUS_CODES.get(project.status, "2")
    _sub(activity, "activity-status", {"code": code})
    started = project.status is not ProjectStatus.PLANNED
    _sub(
        activity,
        "activity-date",
        {"type": "2" if started else "1", "iso-date": project.starts_on.isoformat()},
    )
    if project.ends_on is not None:
        done = project.status is ProjectStatus.COMPLETED
        _sub(
            activity,
            "activity-date",
            {"type": "4" if done else "3", "iso-date": project.ends_on.isoformat()},
        )
    for country in project.partner_countries:
        _sub(activity, "recipient-country", {"code": country})
    if project.region is not None:
        _sub(activity, "recipient-region", {"code": project.region, "vocabulary": "99"})
    for theme in project.themes:
        sector = _sub(
            activity,
            "sector",
            {"vocabulary": "99", "vocabulary-uri": THEME_VOCABULARY_URI, "code": theme.value},
        )
        _narrative(sector, theme.label)
    ends_on = project.ends_on
    with_period = project.budget_eur is not None and ends_on is not None
    if with_period and ends_on is not None:
        budget = _sub(activity, "budget", {"type": "1", "status": "2"})
        _sub(budget, "period-start", {"iso-date": project.starts_on.isoformat()})
        _sub(budget, "period-end", {"iso-date": ends_on.isoformat()})
        value = _sub(
            budget, "value", {"currency": "EUR", "value-date": project.starts_on.isoformat()}
        )
        value.text = str(project.budget_eur)
    for address in project.sources:
        link = _sub(activity, "document-link", {"url": address, "format": "text/html"})
        _narrative(_sub(link, "title"), "Source")
        _sub(link, "category", {"code": _WEB_PAGE})
    for outcome in project.outcomes:
        result = _sub(activity, "result", {"type": "2"})
        _narrative(_sub(result, "title"), outcome)
    extra: dict[str, str] = {"tlp": project.tlp.value}
    if project.instrument:
        extra["instrument"] = project.instrument
    if project.status not in _STATUS_CODES or project.status is not _STATUSES[code]:
        extra["status"] = project.status.value
    if project.classification is not None:
        extra["classification"] = project.classification.value
    if project.budget_eur is not None and not with_period:
        extra["budget-eur"] = str(project.budget_eur)
    _sub(activity, f"{_CDT}record", extra)
    return activity


def _narrative(parent: etree._Element, text: str) -> None:
    _sub(parent, "narrative").text = text


def _sub(
    parent: etree._Element, tag: str, attributes: dict[str, str] | None = None
) -> etree._Element:
    return etree.SubElement(parent, tag, attributes or {})
