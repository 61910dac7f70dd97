"""Reference knowledge: actors, countries, sectors, scales, norms, law, Toolbox instruments,
OSCE CBMs and the EU's actual public responses. Read-only and versioned; every entry says where
it comes from.

Build it with ``load_knowledge()`` (explicitly, once: nothing is loaded or cached at import).
"""

from cdtoolbox.knowledge.actor_merge import MergeReport
from cdtoolbox.knowledge.actors import ActorCatalogue
from cdtoolbox.knowledge.aliases import normalise_alias
from cdtoolbox.knowledge.base import KnowledgeBase, load_knowledge
from cdtoolbox.knowledge.countries import CountryCatalogue
from cdtoolbox.knowledge.diplomacy import InstrumentRegister, NormRegister, Register
from cdtoolbox.knowledge.responses import ResponseRegister
from cdtoolbox.knowledge.scales import Scale, ScaleEntry, Scales
from cdtoolbox.knowledge.sectors import SectorCatalogue

__all__ = [
    "ActorCatalogue",
    "CountryCatalogue",
    "InstrumentRegister",
    "KnowledgeBase",
    "MergeReport",
    "NormRegister",
    "Register",
    "ResponseRegister",
    "Scale",
    "ScaleEntry",
    "Scales",
    "SectorCatalogue",
    "load_knowledge",
    "normalise_alias",
]
