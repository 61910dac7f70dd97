"""The incident filters as Typer options, rendered from their one declaration
(:data:`cdtoolbox.ingest.query_parameters.INCIDENT_FILTERS`) for every command that selects
incidents (`cdt incidents list`, `cdt export stix`, `cdt export misp`)."""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Mapping, Sequence
from types import MappingProxyType
from typing import Annotated, Any, TypeVar

import typer

from cdtoolbox.ingest.query_parameters import INCIDENT_FILTERS, FilterParameter

__all__ = ["NO_FILTERS", "FilterValues", "incident_filter_options"]

FilterValues = Mapping[str, str | Sequence[str] | None]
"""The values of the filter options by parameter name, as ``toolbox.incidents.filter_from``
reads them."""

NO_FILTERS: FilterValues = MappingProxyType({})
"""The default of a command's ``filters`` parameter, which the options always replace."""

R = TypeVar("R")

_FILTERS_PARAMETER = "filters"


def _option(parameter: FilterParameter) -> Any:
    value_type = list[str] | None if parameter.repeatable else str | None
    sentence = f"{parameter.help} (repeatable)." if parameter.repeatable else f"{parameter.help}."
    return Annotated[value_type, typer.Option(parameter.option, help=sentence)]


def incident_filter_options(command: Callable[..., R]) -> Callable[..., R]:
    """Give ``command`` one option per declared incident filter, in the place of its
    ``filters`` parameter, which receives their values as :data:`FilterValues`.

    Typer reads a command's options from its signature, so the wrapper shows the declared
    options in the signature and folds their values back into ``filters``.
    """
    signature = inspect.signature(command, eval_str=True)
    if _FILTERS_PARAMETER not in signature.parameters:
        raise TypeError(f"{command.__name__} has no `{_FILTERS_PARAMETER}` parameter")
    names = [parameter.name for parameter in INCIDENT_FILTERS]
    clashes = set(names) & set(signature.parameters)
    if clashes:
        raise TypeError(f"{command.__name__}: parameters {sorted(clashes)} clash with filters")
    options = [
        inspect.Parameter(
            parameter.name,
            inspect.Parameter.KEYWORD_ONLY,
            default=None,
            annotation=_option(parameter),
        )
        for parameter in INCIDENT_FILTERS
    ]
    parameters: list[inspect.Parameter] = []
    for parameter in signature.parameters.values():
        if parameter.name == _FILTERS_PARAMETER:
            parameters.extend(options)
        else:
            # The filter options are keyword-only, so those after them must be too.
            kind = parameter.kind
            if parameters and parameters[-1].kind is inspect.Parameter.KEYWORD_ONLY:
                kind = inspect.Parameter.KEYWORD_ONLY
            parameters.append(parameter.replace(kind=kind))

    @functools.wraps(command)
    def run(*args: Any, **kwargs: Any) -> R:
        filters: FilterValues = {name: kwargs.pop(name, None) for name in names}
        return command(*args, filters=filters, **kwargs)

    run.__signature__ = signature.replace(parameters=parameters)  # type: ignore[attr-defined]
    run.__annotations__ = {parameter.name: parameter.annotation for parameter in parameters}
    if signature.return_annotation is not inspect.Signature.empty:
        run.__annotations__["return"] = signature.return_annotation
    return run
