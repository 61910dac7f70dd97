"""The checks every STIX 2.1 object of an imported bundle must pass, whatever its type.

Each failure is an :class:`InvalidInput` naming the object (type and id) and the JSON path of
the property in the bundle (``objects[17].created``), so an analyst can find it in the file.
Indicator patterns are not parsed: we keep indicators as they came and never evaluate them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, Final, TypeGuard

from cdtoolbox.errors import InvalidInput
from cdtoolbox.formats.stix.identifiers import STIX_ID_FORM, is_stix_id
from cdtoolbox.formats.stix.timestamps import TIMESTAMP_FORM, parse_timestamp
from cdtoolbox.formats.stix.vocabulary import SCO_TYPES, SPEC_VERSION, TLP_BY_MARKING_ID

__all__ = ["REQUIRED_PROPERTIES", "ObjectChecker", "ObjectErrors", "check_object", "object_label"]

_TYPE_NAME = re.compile(r"^[a-z0-9][a-z0-9-]{1,248}[a-z0-9]$", re.ASCII)
_REQUIRED = "is required"

# Properties STIX 2.1 requires of each object type beyond the common ones (sections 4 to 7).
# One tuple of alternatives means "at least one of these".
REQUIRED_PROPERTIES: Final = MappingProxyType(
    {
        "attack-pattern": ("name",),
        "campaign": ("name",),
        "course-of-action": ("name",),
        "extension-definition": ("name", "schema", "version", "extension_types", "created_by_ref"),
        "grouping": ("context", "object_refs"),
        "identity": ("name",),
        "incident": ("name",),
        "indicator": ("pattern", "pattern_type", "valid_from"),
        "infrastructure": ("name",),
        "intrusion-set": ("name",),
        "location": (("region", "country", "latitude"),),
        "malware": ("is_family",),
        "malware-analysis": ("product",),
        "note": ("content", "object_refs"),
        "observed-data": ("first_observed", "last_observed", "number_observed"),
        "opinion": ("opinion", "object_refs"),
        "report": ("name", "published", "object_refs"),
        "threat-actor": ("name",),
        "tool": ("name",),
        "vulnerability": ("name",),
        "relationship": ("relationship_type", "source_ref", "target_ref"),
        "sighting": ("sighting_of_ref",),
        "language-content": ("object_ref", "contents"),
        "marking-definition": (("definition", "extensions"),),
    }
)


def object_label(obj: Mapping[str, Any]) -> str:
    """How errors name an object: its type and id, as far as they can be read."""
    object_type = obj.get("type")
    kind = object_type if isinstance(object_type, str) and _TYPE_NAME.match(object_type) else None
    object_id = obj.get("id")
    if is_stix_id(object_id):
        return str(object_id)
    return f"{kind or 'STIX'} object without a valid id"


class ObjectErrors:
    """The errors of one object, each placed at ``objects[<index>].<property>``."""

    def __init__(self, label: str | Mapping[str, Any], index: int, source: str) -> None:
        # An object is labelled (by its type and id) and placed only once it has an error.
        self._label = label
        self._index = index
        self.source = source
        self.found: list[InvalidInput] = []

    @property
    def path(self) -> str:
        return f"objects[{self._index}]"

    @property
    def label(self) -> str:
        if not isinstance(self._label, str):
            self._label = object_label(self._label)
        return self._label

    def add(self, field: str, value: object, reason: str) -> None:
        path = f"{self.path}.{field}" if field else self.path
        self.found.append(InvalidInput(self.label, path, value, reason, self.source))

    def extend(self, errors: list[InvalidInput]) -> None:
        self.found.extend(errors)


class ObjectChecker:
    """Checks the objects of one bundle, remembering the references it has already accepted
    (a bundle names its few producers and markings hundreds of thousands of times)."""

    def __init__(self, source: str) -> None:
        self._source = source
        self._creators: set[str] = set()
        self._markings: set[str] = set(TLP_BY_MARKING_ID)
        self.reference_kinds: dict[object, str | None] = {}
        self.types_seen: set[str] = set()

    def check(self, obj: object, index: int) -> ObjectErrors:
        return check_object(obj, index, self._source, self)

    def reference_kind(self, name: object) -> str | None:
        """ "one" for a ``*_ref`` property, "many" for ``*_refs``, else None."""
        if name in self.reference_kinds:
            return self.reference_kinds[name]
        kind = None
        if isinstance(name, str) and name not in _CHECKED_APART:
            kind = "one" if name.endswith("_ref") else "many" if name.endswith("_refs") else None
        if len(self.reference_kinds) < _REMEMBERED:
            self.reference_kinds[name] = kind
        return kind

    def is_creator(self, value: object) -> bool:
        # Anything may stand where an id belongs; only text can be looked up in the sets.
        if not isinstance(value, str):
            return False
        if value in self._creators:
            return True
        if is_stix_id(value, "identity") and len(self._creators) < _REMEMBERED:
            self._creators.add(value)
            return True
        return is_stix_id(value, "identity")

    def is_marking(self, value: object) -> bool:
        if not isinstance(value, str):
            return False
        if value in self._markings:
            return True
        if is_stix_id(value, "marking-definition") and len(self._markings) < _REMEMBERED:
            self._markings.add(value)
            return True
        return is_stix_id(value, "marking-definition")


_REMEMBERED = 10_000


def _is_object(value: object) -> TypeGuard[Mapping[str, Any]]:
    """A JSON object: decoders give dicts, so the (slower) Mapping check is only a fallback."""
    return type(value) is dict or isinstance(value, Mapping)


def check_object(
    obj: object, index: int, source: str, checker: ObjectChecker | None = None
) -> ObjectErrors:
    """Every violation of the common STIX 2.1 rules in one object of a bundle."""
    checker = checker or ObjectChecker(source)
    if not _is_object(obj):
        errors = ObjectErrors("STIX object", index, source)
        errors.add("", type(obj).__name__, "must be a JSON object")
        return errors
    errors = ObjectErrors(obj, index, source)
    object_type = obj.get("type")
    if not isinstance(object_type, str) or object_type not in checker.types_seen:
        if not isinstance(object_type, str) or not _TYPE_NAME.match(object_type):
            reason = _REQUIRED if object_type is None else "is not a STIX type"
            errors.add("type", object_type, reason)
            return errors
        if len(checker.types_seen) < _REMEMBERED:
            checker.types_seen.add(object_type)
    object_id = obj.get("id")
    if object_id is None:
        errors.add("id", None, _REQUIRED)
    elif not is_stix_id(object_id):
        errors.add("id", object_id, STIX_ID_FORM)
    elif not object_id.startswith(object_type + "--"):
        errors.add("id", object_id, f"does not name an object of type `{object_type}`")
    _check_version_and_times(obj, object_type, errors)
    _check_common_properties(obj, errors, checker)
    for required in REQUIRED_PROPERTIES.get(object_type, ()):
        if isinstance(required, tuple):
            if all(name not in obj for name in required):
                names = ", ".join(f"`{name}`" for name in required)
                errors.add(required[0], None, f"is required (or one of {names})")
        elif obj.get(required) is None:
            errors.add(required, None, _REQUIRED)
    relationship_type = obj.get("relationship_type")
    if (
        object_type == "relationship"
        and relationship_type is not None
        and not (isinstance(relationship_type, str) and _TYPE_NAME.match(relationship_type))
    ):
        errors.add("relationship_type", relationship_type, "is not a relationship type name")
    return errors


def _check_version_and_times(
    obj: Mapping[str, Any], object_type: str, errors: ObjectErrors
) -> None:
    is_observable = object_type in SCO_TYPES
    spec_version = obj.get("spec_version")
    if spec_version is None:
        if not is_observable:
            errors.add("spec_version", None, "is required (only STIX 2.1 objects are read)")
    elif spec_version != SPEC_VERSION:
        errors.add("spec_version", spec_version, "is not 2.1 (only STIX 2.1 objects are read)")
    if is_observable:
        return
    created = _timestamp(obj, "created", errors, required=True)
    modified = _timestamp(obj, "modified", errors, required=object_type != "marking-definition")
    if created is not None and modified is not None and modified < created:
        errors.add("modified", obj["modified"], f"is earlier than `created` ({obj['created']})")


def _timestamp(obj: Mapping[str, Any], name: str, errors: ObjectErrors, *, required: bool) -> Any:
    value = obj.get(name)
    if value is None:
        if required:
            errors.add(name, None, _REQUIRED)
        return None
    moment = parse_timestamp(value)
    if moment is None:
        errors.add(name, value, TIMESTAMP_FORM)
    return moment


def _check_common_properties(
    obj: Mapping[str, Any], errors: ObjectErrors, checker: ObjectChecker
) -> None:
    creator = obj.get("created_by_ref")
    if creator is not None and not checker.is_creator(creator):
        errors.add("created_by_ref", creator, "is not the id of an identity")
    markings = obj.get("object_marking_refs")
    if markings is not None:
        if not isinstance(markings, list):
            errors.add("object_marking_refs", markings, "must be a list")
        else:
            for position, marking in enumerate(markings):
                if not checker.is_marking(marking):
                    field = f"object_marking_refs[{position}]"
                    errors.add(field, marking, "is not the id of a marking definition")
    confidence = obj.get("confidence")
    if confidence is not None and (
        isinstance(confidence, bool)
        or not isinstance(confidence, int)
        or not 0 <= confidence <= 100
    ):
        errors.add("confidence", confidence, "must be a whole number from 0 to 100")
    for name in ("revoked",):
        if name in obj and not isinstance(obj[name], bool):
            errors.add(name, obj[name], "must be true or false")
    labels = obj.get("labels")
    if labels is not None and (
        not isinstance(labels, list) or not all(isinstance(label, str) for label in labels)
    ):
        errors.add("labels", labels, "must be a list of text")
    _check_external_references(obj.get("external_references"), errors)
    _check_references(obj, errors, checker)
    extensions = obj.get("extensions")
    if extensions is not None:
        if not _is_object(extensions):
            errors.add("extensions", extensions, "must be a mapping of extension ids to objects")
        else:
            for key, value in extensions.items():
                if not _is_object(value):
                    errors.add(f"extensions.{key}", value, "must be a JSON object")


def _check_references(obj: Mapping[str, Any], errors: ObjectErrors, checker: ObjectChecker) -> None:
    """Every ``*_ref`` property names one object and every ``*_refs`` property a list of
    them (STIX 2.1 section 3.1); ``created_by_ref`` and markings are checked apart."""
    kinds = checker.reference_kinds
    for name, value in obj.items():
        kind = kinds[name] if name in kinds else checker.reference_kind(name)
        if kind is None:
            continue
        if kind == "one":
            if not is_stix_id(value):
                errors.add(name, value, STIX_ID_FORM)
        elif not isinstance(value, list):
            errors.add(name, value, "must be a list of STIX identifiers")
        else:
            for position, item in enumerate(value):
                if not is_stix_id(item):
                    errors.add(f"{name}[{position}]", item, STIX_ID_FORM)


_CHECKED_APART = frozenset({"created_by_ref", "object_marking_refs"})


def _check_external_references(references: object, errors: ObjectErrors) -> None:
    if references is None:
        return
    if not isinstance(references, list):
        errors.add("external_references", references, "must be a list")
        return
    for position, reference in enumerate(references):
        field = f"external_references[{position}]"
        if not _is_object(reference):
            errors.add(field, reference, "must be a JSON object")
        elif not isinstance(reference.get("source_name"), str):
            errors.add(f"{field}.source_name", reference.get("source_name"), _REQUIRED)
        else:
            for name in ("url", "description", "external_id"):
                if name in reference and not isinstance(reference[name], str):
                    errors.add(f"{field}.{name}", reference[name], "must be text")
