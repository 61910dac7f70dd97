"""cdtoolbox: the EU Cyber Diplomacy Toolbox as a working system.

The public library surface is the ``Toolbox`` (one object wiring the store, the reference
knowledge, the clock and ids), its ``Settings``, the domain model and the error tree::

    from cdtoolbox import Settings, Toolbox

    with Toolbox(Settings.from_environment()) as toolbox:
        toolbox.init()
        query = toolbox.incidents.filter_from({"type": "ransomware", "victim_country": "UA"})
        for incident in toolbox.incidents.list(query).items:
            print(incident.title)
"""

from cdtoolbox.errors import (
    CdtError,
    Conflict,
    Forbidden,
    ImportRejected,
    InvalidInput,
    InvalidTransition,
    NotAuthenticated,
    NotFound,
)
from cdtoolbox.knowledge import KnowledgeBase, load_knowledge
from cdtoolbox.model import (
    AttributingParty,
    Attribution,
    Country,
    Impact,
    Incident,
    IncidentFilter,
    IncidentSort,
    IncidentType,
    Organisation,
    Page,
    PartialDate,
    Sector,
    Source,
    ThreatActor,
    Tlp,
)
from cdtoolbox.model.access import SYSTEM_USER, Role, User
from cdtoolbox.model.case import CaseState, PositionKind
from cdtoolbox.toolbox import InitReport, Settings, Toolbox

__version__ = "0.1.0"

__all__ = [
    "SYSTEM_USER",
    "AttributingParty",
    "Attribution",
    "CaseState",
    "CdtError",
    "Conflict",
    "Country",
    "Forbidden",
    "Impact",
    "ImportRejected",
    "Incident",
    "IncidentFilter",
    "IncidentSort",
    "IncidentType",
    "InitReport",
    "InvalidInput",
    "InvalidTransition",
    "KnowledgeBase",
    "NotAuthenticated",
    "NotFound",
    "Organisation",
    "Page",
    "PartialDate",
    "PositionKind",
    "Role",
    "Sector",
    "Settings",
    "Source",
    "ThreatActor",
    "Tlp",
    "Toolbox",
    "User",
    "__version__",
    "load_knowledge",
]
