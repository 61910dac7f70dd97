"""cdtoolbox: the EU Cyber Diplomacy Toolbox as a working system.

The public library surface is the ``Toolbox`` (one object wiring the store, the reference
knowledge, the clock and ids), its ``Settings``, the domain model and the error tree::

    from cdtoolbox import Settings, Toolbox
    from cdtoolbox.model.access import SYSTEM_USER

    # Every call names who is asking as the keyword `by`; the local operator is SYSTEM_USER.
    with Toolbox(Settings.from_environment()) as toolbox:
        toolbox.init()
        filters = {"type": "ransomware", "victim_country": "UA"}
        query = toolbox.incidents.filter_from(filters, by=SYSTEM_USER)
        for incident in toolbox.incidents.list(query, by=SYSTEM_USER).items:
            print(incident.title)
"""

from typing import TYPE_CHECKING

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
from cdtoolbox.imported_on_use import names_imported_on_use

if TYPE_CHECKING:
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

# The store and the knowledge catalogues take most of a second to import, and even the domain
# model tens of milliseconds; every `cdt` command imports this package first and many need
# little of it (`cdt --help`, a file check), so these names are imported on first use.
_IMPORTED_ON_USE = {
    **dict.fromkeys(
        (
            "AttributingParty",
            "Attribution",
            "Country",
            "Impact",
            "Incident",
            "IncidentFilter",
            "IncidentSort",
            "IncidentType",
            "Organisation",
            "Page",
            "PartialDate",
            "Sector",
            "Source",
            "ThreatActor",
            "Tlp",
        ),
        "cdtoolbox.model",
    ),
    **dict.fromkeys(("SYSTEM_USER", "Role", "User"), "cdtoolbox.model.access"),
    **dict.fromkeys(("CaseState", "PositionKind"), "cdtoolbox.model.case"),
    "KnowledgeBase": "cdtoolbox.knowledge",
    "load_knowledge": "cdtoolbox.knowledge",
    "InitReport": "cdtoolbox.toolbox",
    "Settings": "cdtoolbox.toolbox",
    "Toolbox": "cdtoolbox.toolbox",
}

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


__getattr__ = names_imported_on_use(__name__, globals(), _IMPORTED_ON_USE)
