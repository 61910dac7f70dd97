"""Settings and the Toolbox: the one library API that every interface (CLI, HTTP API, pages) calls.

The Toolbox wires the store, the knowledge base, the clock and the id factory together and owns
transactions: one call that writes is one transaction, so a failed import changes nothing.
"""

from typing import TYPE_CHECKING

from cdtoolbox.imported_on_use import names_imported_on_use
from cdtoolbox.toolbox.settings import (
    DATABASE_URL_VARIABLE,
    DEFAULT_STIX_NAMESPACE,
    STIX_NAMESPACE_VARIABLE,
    Settings,
    Staleness,
    default_database_url,
)

if TYPE_CHECKING:
    from cdtoolbox.toolbox.composition import InitReport, Toolbox
    from cdtoolbox.toolbox.incidents import ImportReport
    from cdtoolbox.toolbox.progress import ProgressCallback
    from cdtoolbox.toolbox.resolution import StoreBackedResolver

# The services import the store and the assessment engine: a command that only reads its
# settings (or prints help) imports them when it first names one.
__getattr__ = names_imported_on_use(
    __name__,
    globals(),
    {
        "InitReport": "cdtoolbox.toolbox.composition",
        "Toolbox": "cdtoolbox.toolbox.composition",
        "ImportReport": "cdtoolbox.toolbox.incidents",
        "ProgressCallback": "cdtoolbox.toolbox.progress",
        "StoreBackedResolver": "cdtoolbox.toolbox.resolution",
    },
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
