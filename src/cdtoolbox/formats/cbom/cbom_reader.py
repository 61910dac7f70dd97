"""Reading a CycloneDX 1.6 Cryptography Bill of Materials (CBOM, JSON) into declared assets.

The file is checked in three steps, each refusal naming the file, the field and the reason:
it must be JSON, it must say it is CycloneDX 1.6 (earlier versions have no cryptographic
assets, later ones may mean something else by them), and it must validate against the
CycloneDX 1.6 schema shipped with cyclonedx-python-lib. Only then is it read through that
library's model.

Each ``cryptographic-asset`` component of asset type ``algorithm`` becomes one asset. Where it
is used comes from the dependency graph: a library that depends on it is its library, a
protocol asset whose cipher suites or references name it is its protocol, and any other
component that depends on it (or, failing that, the BOM's subject) is its system. What the
CBOM has no field for is read from component properties:

``cdtoolbox:pqc:data-lifetime-years``
    how many years the protected data must stay secret (a whole number);
``cdtoolbox:pqc:criticality``
    ``low``, ``medium`` or ``high``: the risk class of the use case.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cdtoolbox.errors import InvalidInput
from cdtoolbox.model.pqc import Criticality, DeclaredAsset

if TYPE_CHECKING:
    from cyclonedx.model.component import Component

__all__ = [
    "CBOM_SPEC_VERSION",
    "CRITICALITY_PROPERTY",
    "LIFETIME_PROPERTY",
    "MAX_LIFETIME_YEARS",
    "read_cbom",
]

CBOM_SPEC_VERSION = "1.6"
LIFETIME_PROPERTY = "cdtoolbox:pqc:data-lifetime-years"
CRITICALITY_PROPERTY = "cdtoolbox:pqc:criticality"
#: Longer than any retention period; a larger number is a typing error, not a policy.
MAX_LIFETIME_YEARS = 200

_ENTITY = "CBOM"
# Where the CycloneDX schema's references point; the files themselves ship with the library.
_SCHEMA_BASE = "http://cyclonedx.org/schema/"


def read_cbom(data: bytes, source: str) -> list[DeclaredAsset]:
    """The algorithm assets of the CBOM in ``data``; ``source`` names the file in errors.

    Raises InvalidInput (naming ``source``) for anything that is not a valid CycloneDX 1.6
    JSON document; a valid CBOM without algorithm assets reads as an empty list.
    """
    document = _json(data, source)
    _check_header(document, source)
    _validate(document, source)
    _check_unique_refs(document.get("components", []), "components", source, {})
    return list(_assets(document, source))


def _json(data: bytes, source: str) -> Mapping[str, Any]:
    try:
        document = json.loads(data.decode("utf-8"))
    except UnicodeDecodeError as error:
        raise InvalidInput(
            _ENTITY, "encoding", None, f"is not UTF-8 (byte {error.start})", source
        ) from None
    except json.JSONDecodeError as error:
        raise InvalidInput(
            _ENTITY,
            "content",
            None,
            f"is not JSON: {error.msg} at line {error.lineno} column {error.colno}",
            source,
        ) from None
    except RecursionError:
        raise InvalidInput(_ENTITY, "content", None, "nests too deeply to read", source) from None
    if not isinstance(document, dict):
        raise InvalidInput(
            _ENTITY, "content", None, "must be a JSON object (a CycloneDX BOM)", source
        )
    return document


def _check_header(document: Mapping[str, Any], source: str) -> None:
    if document.get("bomFormat") != "CycloneDX":
        raise InvalidInput(
            _ENTITY,
            "bomFormat",
            _shown(document.get("bomFormat")),
            "must be 'CycloneDX': this is not a CycloneDX BOM",
            source,
        )
    version = document.get("specVersion")
    if version != CBOM_SPEC_VERSION:
        raise InvalidInput(
            _ENTITY,
            "specVersion",
            _shown(version),
            f"must be {CBOM_SPEC_VERSION}: cryptographic assets (the CBOM) are read as "
            f"CycloneDX {CBOM_SPEC_VERSION} defines them",
            source,
        )


def _validate(document: Mapping[str, Any], source: str) -> None:
    # The schema files are cyclonedx-python-lib's; the validator is jsonschema-rs, because the
    # library's (jsonschema) checks `uniqueItems` of the component list pairwise: a CBOM of
    # 2,000 algorithms took 4 s to validate and 5,000 over 20 s, against 15 ms here.
    import jsonschema_rs
    from cyclonedx.schema import SchemaVersion
    from cyclonedx.schema._res import BOM_JSON, CRYPTOGRAPHY_DEFS, JSF, SPDX_JSON

    def schema(path: str | None) -> Any:
        return json.loads(Path(str(path)).read_text(encoding="utf-8"))

    registry = jsonschema_rs.Registry(
        [
            (f"{_SCHEMA_BASE}spdx.SNAPSHOT.schema.json", schema(SPDX_JSON)),
            (f"{_SCHEMA_BASE}jsf-0.82.SNAPSHOT.schema.json", schema(JSF)),
            (f"{_SCHEMA_BASE}cryptography-defs.SNAPSHOT.schema.json", schema(CRYPTOGRAPHY_DEFS)),
        ]
    )
    validator = jsonschema_rs.Draft7Validator(
        schema(BOM_JSON[SchemaVersion.V1_6]),
        registry=registry,
        validate_formats=True,
        offline=True,
    )
    error = next(iter(validator.iter_errors(document)), None)
    if error is None:
        return
    path = "".join(
        f"[{part}]" if isinstance(part, int) else f".{part}" for part in error.instance_path
    ).lstrip(".")
    raise InvalidInput(
        _ENTITY,
        path or "(document)",
        None,
        f"does not follow the CycloneDX 1.6 schema: {_short(error.message)}",
        source,
    )


def _check_unique_refs(components: Any, path: str, source: str, seen: dict[str, str]) -> None:
    """A bom-ref names one component in the whole BOM (CycloneDX 1.6): the dependency graph
    that says where an algorithm is used would otherwise point at two."""
    for position, component in enumerate(components):
        where = f"{path}[{position}]"
        ref = component.get("bom-ref")
        if ref is not None:
            if ref in seen:
                raise InvalidInput(
                    _ENTITY,
                    f"{where}.bom-ref",
                    _shown(ref),
                    f"is already the bom-ref of {seen[ref]}: a bom-ref must be unique in a BOM",
                    source,
                )
            seen[ref] = where
        _check_unique_refs(component.get("components", []), f"{where}.components", source, seen)


def _components(document: Mapping[str, Any], source: str) -> list[Component]:
    """Every component, nested ones included, each read through the library's model.

    One at a time: ``Bom.from_json`` keeps the components in a sorted set it rebuilds as it
    reads, which took seconds for a few thousand algorithms.
    """
    from cyclonedx.exception import CycloneDxException
    from cyclonedx.model.component import Component

    found: list[Component] = []

    def walk(raw_components: Any, path: str) -> None:
        for position, raw in enumerate(raw_components):
            where = f"{path}[{position}]"
            own = {key: value for key, value in raw.items() if key != "components"}
            try:
                component = Component.from_json(own)  # type: ignore[attr-defined]
            except (CycloneDxException, ValueError, TypeError, KeyError, AttributeError) as error:
                # The schema accepts a few components the library's model cannot hold; the
                # library's own words say which.
                raise InvalidInput(
                    _ENTITY,
                    where,
                    None,
                    f"cannot be read as a CycloneDX component: {error}",
                    source,
                ) from None
            found.append(component)
            walk(raw.get("components", []), f"{where}.components")

    walk(document.get("components", []), "components")
    return found


def _assets(document: Mapping[str, Any], source: str) -> Iterator[DeclaredAsset]:
    from cyclonedx.model.component import ComponentType
    from cyclonedx.model.crypto import CryptoAssetType

    components = _components(document, source)
    by_ref = {str(component.bom_ref): component for component in components}
    users: dict[str, list[Component]] = {}
    # The schema has checked the shape: a list of {"ref": …, "dependsOn": [refs]}.
    for dependency in document.get("dependencies", []):
        user = by_ref.get(dependency["ref"])
        if user is None:
            continue
        for used in dependency.get("dependsOn", []):
            users.setdefault(used, []).append(user)
    protocols: dict[str, list[Component]] = {}
    for component in components:
        properties = component.crypto_properties
        if properties is None or properties.protocol_properties is None:
            continue
        named = {str(ref) for ref in properties.protocol_properties.crypto_refs}
        for suite in properties.protocol_properties.cipher_suites:
            named.update(str(ref) for ref in suite.algorithms)
        for algorithm_ref in named:
            protocols.setdefault(algorithm_ref, []).append(component)
    subject = document.get("metadata", {}).get("component", {}).get("name")

    for position, component in enumerate(components):
        properties = component.crypto_properties
        if component.type is not ComponentType.CRYPTOGRAPHIC_ASSET or properties is None:
            continue
        if properties.asset_type is not CryptoAssetType.ALGORITHM:
            continue
        ref = str(component.bom_ref) if component.bom_ref.value else None
        where = f"{source} component {ref or component.name or position}"
        using = users.get(ref or "", [])
        algorithm = properties.algorithm_properties
        parameter: str | None = None
        primitive: str | None = None
        if algorithm is not None:
            parameter = algorithm.parameter_set_identifier or algorithm.curve
            primitive = algorithm.primitive.value if algorithm.primitive else None
        protocol = next(iter(protocols.get(ref or "", [])), None) or next(
            (user for user in using if _is_protocol(user)), None
        )
        library = next((user for user in using if user.type is ComponentType.LIBRARY), None)
        system = next(
            (
                user
                for user in using
                if user.type not in (ComponentType.LIBRARY, ComponentType.CRYPTOGRAPHIC_ASSET)
            ),
            None,
        )
        yield DeclaredAsset(
            algorithm=component.name,
            parameter=parameter,
            primitive=primitive,
            system=system.name if system else subject,
            protocol=protocol.name if protocol else None,
            library=library.name if library else None,
            data_lifetime_years=_lifetime(component, where),
            criticality=_criticality(component, where),
            reference=ref,
        )


def _is_protocol(component: Component) -> bool:
    from cyclonedx.model.crypto import CryptoAssetType

    properties = component.crypto_properties
    return properties is not None and properties.asset_type is CryptoAssetType.PROTOCOL


def _property(component: Component, name: str) -> str | None:
    for item in component.properties:
        if item.name == name:
            return str(item.value or "").strip()
    return None


def _lifetime(component: Component, where: str) -> int | None:
    value = _property(component, LIFETIME_PROPERTY)
    if value is None or value == "":
        return None
    if not (value.isascii() and value.isdigit()) or int(value) > MAX_LIFETIME_YEARS:
        raise InvalidInput(
            _ENTITY,
            LIFETIME_PROPERTY,
            _shown(value),
            f"must be a whole number of years from 0 to {MAX_LIFETIME_YEARS}",
            where,
        )
    return int(value)


def _criticality(component: Component, where: str) -> Criticality | None:
    value = _property(component, CRITICALITY_PROPERTY)
    if value is None or value == "":
        return None
    try:
        return Criticality(value.lower())
    except ValueError:
        allowed = ", ".join(member.value for member in Criticality)
        raise InvalidInput(
            _ENTITY, CRITICALITY_PROPERTY, _shown(value), f"is not one of: {allowed}", where
        ) from None


def _shown(value: object) -> object:
    """A value as an error may echo it: short text or a number, else only its kind."""
    if isinstance(value, str):
        return _short(value)
    if value is None or isinstance(value, bool | int | float):
        return value
    return f"({type(value).__name__})"


def _short(text: str, limit: int = 200) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
