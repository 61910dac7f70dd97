"""The one document form of a sitrep version: stored, printed by ``--json``, validated by the
API's wire schemas and written into the audit trail."""

from __future__ import annotations

from typing import Any

from cdtoolbox.model.dataclass_codec import Codec, Document
from cdtoolbox.model.sitrep import Sitrep

__all__ = ["SITREPS", "sitrep_from_dict", "sitrep_to_dict"]

SITREPS = Codec(Sitrep)


def sitrep_to_dict(sitrep: Sitrep) -> Document:
    return SITREPS.encode(sitrep)


def sitrep_from_dict(document: dict[str, Any]) -> Sitrep:
    return SITREPS.decode(document)
