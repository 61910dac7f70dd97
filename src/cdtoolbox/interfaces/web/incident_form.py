"""The incident form's fields and their translation to and from the incident document.

Every input is named by the document path it fills (``title``, ``victims.countries``,
``attributions[0].by.kind``, ``sources[1].url``), the same path the library's reader names in
an error, so an error is shown next to the input it is about without a second table of
names. The form covers what an analyst records by hand; editing keeps the rest of the stored
document as it is (organisations, impact, an attribution's wording and source, a source's
grade...).

Attribution and source rows are numbered as in the document the form was drawn from, so row
``i`` of an edit changes the stored item ``i``; a row left blank is removed, and the rows after
it move up in the document. ``RowNumbers`` remembers where each went, so an error the reader
places at ``attributions[1]`` is shown at the form row it came from.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from cdtoolbox.errors import InvalidInput

__all__ = [
    "ATTRIBUTION_INPUTS",
    "LIST_INPUTS",
    "SCALAR_INPUTS",
    "SOURCE_INPUTS",
    "FormValues",
    "RowNumbers",
    "changed_inputs",
    "document_from_form",
    "errors_by_input",
    "field_id",
    "form_from_document",
    "read_form",
    "row_numbers",
]

FormValues = dict[str, list[str]]
"""What a form sent: each input name with its values (checkbox groups send several)."""

SCALAR_INPUTS = (
    "title",
    "summary",
    "start",
    "end",
    "disclosed",
    "status",
    "tlp",
    "classification",
)
LIST_INPUTS = ("types", "victims.countries", "victims.sectors")
_CAMPAIGN = "campaign"
ATTRIBUTION_INPUTS = (
    "by.kind",
    "by.name",
    "actor",
    "state",
    "date",
    "likelihood",
    "confidence",
    "basis",
)
_ATTRIBUTION_LISTS = frozenset({"basis"})
SOURCE_INPUTS = ("title", "url", "publisher", "published")
_ROWS = {"attributions": ATTRIBUTION_INPUTS, "sources": SOURCE_INPUTS}

# A row number of at most three digits: a form never holds a thousand attributions, and a
# crafted name cannot make the page draw rows without end.
_ROW_INPUT = re.compile(r"(attributions|sources)\[(\d{1,3})\]\.(.+)")
_ROW_PATH = re.compile(r"(attributions|sources)\[(\d+)\](.*)")
_LIST_ITEM = re.compile(r"(.+)\[\d+\]")


@dataclass(frozen=True)
class RowNumbers:
    """For each kind of row, the form row each document item came from, in document order."""

    rows: Mapping[str, Sequence[int]] = field(default_factory=dict)

    def form_path(self, path: str) -> str:
        """The document path ``path`` with its item number replaced by the form row's."""
        match = _ROW_PATH.fullmatch(path)
        if match is None:
            return path
        kind, index, rest = match.group(1), int(match.group(2)), match.group(3)
        numbers = self.rows.get(kind, ())
        row = numbers[index] if index < len(numbers) else index
        return f"{kind}[{row}]{rest}"


def read_form(items: Iterable[tuple[str, str]]) -> FormValues:
    """The values of the inputs this form has; anything else a client sends is ignored."""
    values: FormValues = {}
    for name, value in items:
        if _is_input(name):
            values.setdefault(name, []).append(value)
    return values


def _is_input(name: str) -> bool:
    if name in SCALAR_INPUTS or name in LIST_INPUTS or name == _CAMPAIGN:
        return True
    match = _ROW_INPUT.fullmatch(name)
    return match is not None and match.group(3) in _ROWS[match.group(1)]


def field_id(name: str) -> str:
    """The HTML id of the input ``name``: ``attributions[0].by.kind`` is
    ``f-attributions-0-by-kind``."""
    return "f-" + "-".join(part for part in re.split(r"[^A-Za-z0-9]+", name) if part)


def form_from_document(document: Mapping[str, Any]) -> FormValues:
    """The form's values for an incident document (as ``incident_to_document`` writes it)."""
    values: FormValues = {name: [_text(document.get(name))] for name in SCALAR_INPUTS}
    if document.get(_CAMPAIGN):
        values[_CAMPAIGN] = ["on"]
    values["types"] = [str(item) for item in document.get("types", ())]
    victims = document.get("victims") or {}
    values["victims.countries"] = [str(item) for item in victims.get("countries", ())]
    values["victims.sectors"] = [str(item) for item in victims.get("sectors", ())]
    for kind, inputs in _ROWS.items():
        for index, item in enumerate(document.get(kind) or ()):
            for name in inputs:
                value = _nested(item, name)
                shown = value if isinstance(value, list) else [_text(value)]
                values[f"{kind}[{index}].{name}"] = [str(part) for part in shown]
    return values


def row_numbers(values: FormValues, kind: str) -> list[int]:
    """The row numbers of ``kind`` (``attributions`` or ``sources``) the form holds."""
    found: set[int] = set()
    for name in values:
        match = _ROW_INPUT.fullmatch(name)
        if match is not None and match.group(1) == kind:
            found.add(int(match.group(2)))
    return sorted(found)


def document_from_form(
    values: FormValues, base: Mapping[str, Any] | None = None
) -> tuple[dict[str, Any], RowNumbers]:
    """The incident document the form says: ``base`` (the stored document, when editing)
    with every field the form covers replaced by what was sent.

    A blank value means *unknown*, as in any incident document, so clearing an input clears
    the field. Nothing is checked here: the library's reader checks the whole document."""
    document: dict[str, Any] = copy.deepcopy(dict(base or {}))
    for name in SCALAR_INPUTS:
        document[name] = _first(values, name)
    document[_CAMPAIGN] = _CAMPAIGN in values
    document["types"] = _ordered(_list(values, "types"), document.get("types"))
    victims = dict(document.get("victims") or {})
    for name in ("countries", "sectors"):
        victims[name] = _ordered(_list(values, f"victims.{name}"), victims.get(name))
    document["victims"] = victims
    numbers: dict[str, list[int]] = {}
    for kind, inputs in _ROWS.items():
        stored = list(document.get(kind) or ())
        items: list[dict[str, Any]] = []
        numbers[kind] = []
        for row in row_numbers(values, kind):
            given = {name: _list(values, f"{kind}[{row}].{name}") for name in inputs}
            if not any(value for items_given in given.values() for value in items_given):
                continue  # a blank row: the item is removed, or was never there
            item = copy.deepcopy(stored[row]) if row < len(stored) else {}
            for name, sent in given.items():
                if kind == "attributions" and name in _ATTRIBUTION_LISTS:
                    _set_nested(item, name, _ordered(sent, _nested(item, name)))
                else:
                    _set_nested(item, name, sent[0] if sent else "")
            items.append(item)
            numbers[kind].append(row)
        document[kind] = items
    return document, RowNumbers(numbers)


def errors_by_input(
    errors: Iterable[InvalidInput], inputs: Iterable[str], rows: RowNumbers
) -> dict[str, list[InvalidInput]]:
    """Each error under the input it is about; those about no input under ``""``.

    ``victims.countries[2]`` is about the ``victims.countries`` input; ``attributions[0].by``
    (the party is required) about the first input of the party."""
    names = list(inputs)
    placed: dict[str, list[InvalidInput]] = {}
    for error in errors:
        path = rows.form_path(error.field)
        item = _LIST_ITEM.fullmatch(path)
        if path not in names and item is not None and item.group(1) in names:
            path = item.group(1)
        if path not in names:
            path = next((name for name in names if name.startswith(path + ".")), "")
        placed.setdefault(path, []).append(error)
    return placed


def changed_inputs(before: FormValues, after: FormValues) -> list[str]:
    """The inputs whose values differ between two drawings of the form, in form order."""
    names = [*before, *(name for name in after if name not in before)]
    return [name for name in names if _meaning(before.get(name)) != _meaning(after.get(name))]


def _meaning(values: list[str] | None) -> list[str]:
    return [value for value in values or () if value.strip()]


def _first(values: FormValues, name: str) -> str:
    sent = values.get(name)
    return sent[0].strip() if sent else ""


def _list(values: FormValues, name: str) -> list[str]:
    return [value.strip() for value in values.get(name, ()) if value.strip()]


def _text(value: object) -> str:
    return "" if value is None else str(value)


def _nested(item: Mapping[str, Any], name: str) -> Any:
    head, _, rest = name.partition(".")
    value = item.get(head)
    if not rest:
        return value
    return _nested(value, rest) if isinstance(value, Mapping) else None


def _ordered(chosen: list[str], stored: object) -> list[str]:
    """The values chosen, those already stored first and in their stored order.

    Check boxes come back in the page's order (alphabetical), but the stored order carries
    meaning (the first victim country is the one most hit), so saving a form unchanged
    must not reorder them."""
    before = [str(value) for value in stored] if isinstance(stored, list) else []
    kept = [value for value in before if value in chosen]
    return kept + [value for value in chosen if value not in kept]


def _set_nested(item: dict[str, Any], name: str, value: Any) -> None:
    """Set ``value`` at the dotted ``name``; a blank value removes the key, as unknown."""
    head, _, rest = name.partition(".")
    if not rest:
        if value in ("", []):
            item.pop(head, None)
        else:
            item[head] = value
        return
    inner = item.get(head)
    inner = dict(inner) if isinstance(inner, Mapping) else {}
    _set_nested(inner, rest, value)
    item[head] = inner
