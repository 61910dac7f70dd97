"""Settings and the Toolbox: the one library API that every interface (CLI, HTTP API, pages) calls.

The Toolbox wires the store, the knowledge base, the clock and the id factory together and owns
transactions: one call that writes is one transaction, so a failed import changes nothing.
"""

from cdtoolbox.toolbox.composition import InitReport, Toolbox
from cdtoolbox.toolbox.incidents import ImportReport
from cdtoolbox.toolbox.progress import ProgressCallback
from cdtoolbox.toolbox.resolution import StoreBackedResolver
from cdtoolbox.toolbox.settings import (
    DATABASE_URL_VARIABLE,
    DEFAULT_STIX_NAMESPACE,
    STIX_NAMESPACE_VARIABLE,
    Settings,
    Staleness,
    default_database_url,
)

__all__ = [
    "DATABASE_URL_VARIABLE",
    "DEFAULT_STIX_NAMESPACE",
    "STIX_NAMESPACE_VARIABLE",
    "ImportReport",
    "InitReport",
    "ProgressCallback",
    "Settings",
    "Staleness",
    "StoreBackedResolver",
    "Toolbox",
    "default_database_url",
]
