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

from cdtoolbox.errors import CdtError, Conflict, Forbidden, ImportRejected, InvalidInput, NotFound
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
from cdtoolbox.toolbox import InitReport, Settings, Toolbox

__version__ = "0.1.0"

__all__ = [
    "AttributingParty",
    "Attribution",
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
    "KnowledgeBase",
    "NotFound",
    "Organisation",
    "Page",
    "PartialDate",
    "Sector",
    "Settings",
    "Source",
    "ThreatActor",
    "Tlp",
    "Toolbox",
    "__version__",
    "load_knowledge",
]
