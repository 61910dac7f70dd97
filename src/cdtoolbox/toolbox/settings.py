"""Where cdtoolbox keeps its data and which ids it mints, read from the environment once."""

from __future__ import annotations

import os
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from cdtoolbox.errors import InvalidInput

__all__ = [
    "DATABASE_URL_VARIABLE",
    "DEFAULT_ORGANISATION",
    "DEFAULT_STIX_NAMESPACE",
    "PQC_HORIZON_VARIABLE",
    "SERVER_STALENESS",
    "SIGNING_PASSPHRASE_VARIABLE",
    "STIX_NAMESPACE_VARIABLE",
    "TAXII_MAX_OBJECTS",
    "TAXII_MAX_OBJECTS_VARIABLE",
    "Settings",
    "Staleness",
    "default_database_url",
]


DATABASE_URL_VARIABLE = "CDT_DATABASE_URL"
STIX_NAMESPACE_VARIABLE = "CDT_STIX_NAMESPACE"
# The default namespace of the STIX ids we mint; an organisation sharing with partners sets its
# own (CDT_STIX_NAMESPACE) so that two producers never mint the same id for different objects.
#: The organisation our exported MISP events name as their creator unless told otherwise.
DEFAULT_ORGANISATION = "cdtoolbox"
DEFAULT_STIX_NAMESPACE = uuid.UUID("6c0b2f5e-3d1a-4e8b-9f7c-2a4d6e8f0b1c")
TAXII_MAX_OBJECTS_VARIABLE = "CDT_TAXII_MAX_OBJECTS"
# The passphrase of a private key file, for scripts and servers (`--sign`, `cdt keys`, the
# TAXII server's signing key); never printed or logged.
SIGNING_PASSPHRASE_VARIABLE = "CDT_SIGNING_PASSPHRASE"
# The year from which the PQC tracker assumes quantum-vulnerable encryption readable; unset,
# the reference data's planning assumption applies (knowledge/data/pqc.yaml).
PQC_HORIZON_VARIABLE = "CDT_PQC_QUANTUM_HORIZON"
# Checking and storing costs about 75 µs an object whatever its size, so the byte limit alone
# lets a small envelope of empty objects hold a worker for minutes: 10,000 objects is under a
# second, and partners with more post several envelopes.
TAXII_MAX_OBJECTS = 10_000


def default_database_url() -> str:
    """The embedded SQLite database in the user's data directory."""
    # Imported here: every command reads its settings, few run without CDT_DATABASE_URL.
    import platformdirs

    path = Path(platformdirs.user_data_dir("cdtoolbox", appauthor=False)) / "cdtoolbox.db"
    return f"sqlite:///{path}"


@dataclass(frozen=True)
class Staleness:
    """How old (seconds) derived views may grow once the incidents or actors they derive
    from changed. Zero, the default, keeps every view exact (the command line); a server
    under steady writes allows some, so that each write does not rebuild them."""

    #: Precedents cited by assessments. A lagging index still never cites an incident now
    #: above the reader's clearance or withdrawn.
    precedents: float = 0.0
    #: The dashboard's counts.
    statistics: float = 0.0


# A server under steady writes lets derived views lag a little instead of rebuilding them on
# every write (``cdt serve``, and each of its worker processes).
SERVER_STALENESS = Staleness(
    # Rebuilding the precedent index of every stored incident takes about a second per
    # 10,000 incidents.
    precedents=60.0,
    statistics=10.0,
)


WEBHOOK_ALLOW_VARIABLE = "CDT_WEBHOOK_ALLOW"


@dataclass(frozen=True)
class Settings:
    """Runtime configuration. ``database_url`` selects the backend: ``sqlite:///PATH`` (embedded,
    the default) or ``postgresql+psycopg://USER:PASSWORD@HOST/DB`` (scale-out)."""

    database_url: str
    stix_namespace: uuid.UUID = DEFAULT_STIX_NAMESPACE
    taxii_max_objects: int = TAXII_MAX_OBJECTS  # per envelope posted to a collection
    staleness: Staleness = Staleness()
    #: The quantum horizon year of the PQC tracker; None: the reference data's default.
    pqc_quantum_horizon: int | None = None
    #: The URL prefixes a webhook target must start with (CDT_WEBHOOK_ALLOW, comma-separated);
    #: none: no target may be added or sent to.
    webhook_allow: tuple[str, ...] = ()

    @classmethod
    def from_environment(
        cls, environ: Mapping[str, str] | None = None, *, database_url: str | None = None
    ) -> Settings:
        env = os.environ if environ is None else environ
        url = database_url or env.get(DATABASE_URL_VARIABLE) or default_database_url()
        namespace = env.get(STIX_NAMESPACE_VARIABLE)
        try:
            stix_namespace = uuid.UUID(namespace) if namespace else DEFAULT_STIX_NAMESPACE
        except ValueError:
            raise InvalidInput(
                "setting", STIX_NAMESPACE_VARIABLE, namespace, "is not a UUID"
            ) from None
        return cls(
            database_url=url,
            stix_namespace=stix_namespace,
            taxii_max_objects=_positive(env, TAXII_MAX_OBJECTS_VARIABLE, TAXII_MAX_OBJECTS),
            pqc_quantum_horizon=_year(env, PQC_HORIZON_VARIABLE),
            webhook_allow=tuple(
                prefix.strip()
                for prefix in env.get(WEBHOOK_ALLOW_VARIABLE, "").split(",")
                if prefix.strip()
            ),
        )


def _positive(env: Mapping[str, str], name: str, default: int) -> int:
    value = env.get(name, "").strip()
    if not value:
        return default
    if not (value.isascii() and value.isdigit()) or int(value) == 0:
        raise InvalidInput("setting", name, value, "must be a whole number greater than zero")
    return int(value)


def _year(env: Mapping[str, str], name: str) -> int | None:
    value = env.get(name, "").strip()
    if not value:
        return None
    if not (value.isascii() and value.isdigit()) or not 2000 <= int(value) <= 2200:
        raise InvalidInput("setting", name, value, "must be a year from 2000 to 2200")
    return int(value)
