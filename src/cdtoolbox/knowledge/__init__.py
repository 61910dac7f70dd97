"""Reference knowledge: actors, countries, sectors, scales, norms, law, Toolbox instruments,
OSCE CBMs and the EU's actual public responses. Read-only and versioned; every entry says where
it comes from.

Build it with ``load_knowledge()`` (explicitly, once: nothing is loaded or cached at import).
"""

from typing import TYPE_CHECKING

from cdtoolbox.imported_on_use import names_imported_on_use

if TYPE_CHECKING:
    from cdtoolbox.knowledge.actor_merge import MergeReport
    from cdtoolbox.knowledge.actors import ActorCatalogue
    from cdtoolbox.knowledge.aliases import normalise_alias
    from cdtoolbox.knowledge.base import KnowledgeBase, load_knowledge
    from cdtoolbox.knowledge.countries import CountryCatalogue
    from cdtoolbox.knowledge.diplomacy import InstrumentRegister, NormRegister, Register
    from cdtoolbox.knowledge.responses import ResponseRegister
    from cdtoolbox.knowledge.scales import Scale, ScaleEntry, Scales
    from cdtoolbox.knowledge.sectors import SectorCatalogue

# The catalogues' modules import pycountry and the galaxy readers: each name is imported
# when first used.
__getattr__ = names_imported_on_use(
    __name__,
    globals(),
    {
        "MergeReport": "cdtoolbox.knowledge.actor_merge",
        "ActorCatalogue": "cdtoolbox.knowledge.actors",
        "normalise_alias": "cdtoolbox.knowledge.aliases",
        "KnowledgeBase": "cdtoolbox.knowledge.base",
        "load_knowledge": "cdtoolbox.knowledge.base",
        "CountryCatalogue": "cdtoolbox.knowledge.countries",
        "InstrumentRegister": "cdtoolbox.knowledge.diplomacy",
        "NormRegister": "cdtoolbox.knowledge.diplomacy",
        "Register": "cdtoolbox.knowledge.diplomacy",
        "ResponseRegister": "cdtoolbox.knowledge.responses",
        "Scale": "cdtoolbox.knowledge.scales",
        "ScaleEntry": "cdtoolbox.knowledge.scales",
        "Scales": "cdtoolbox.knowledge.scales",
        "SectorCatalogue": "cdtoolbox.knowledge.sectors",
    },
)

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
