"""The one shape of every error answer (RFC 9457 problem details, plus ``errors``): the API's
JSON, the pages' error view and TAXII's error message all start from it."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from cdtoolbox.errors import CdtError, Conflict, ImportRejected, InvalidInput, NotFound

__all__ = ["FieldErrorOut", "ProblemOut", "problem_out"]

_NARNIA = "filter `victim_country`: 'Narnia' is not an ISO 3166 country code or name"


class FieldErrorOut(BaseModel):
    """One wrong value: which record, which field, what was given and why it is wrong."""

    entity: str
    field: str
    value: str | int | float | bool | None
    reason: str
    location: str | None
    message: str = Field(description="The whole sentence, ready to show to a user")


class ProblemOut(BaseModel):
    """Every error of the API has this shape (RFC 9457 problem details, plus `errors`)."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "type": "invalid-input",
                    "title": "Invalid input",
                    "status": 422,
                    "detail": _NARNIA,
                    "errors": [
                        {
                            "entity": "filter",
                            "field": "victim_country",
                            "value": "Narnia",
                            "reason": "is not an ISO 3166 country code or name",
                            "location": None,
                            "message": _NARNIA,
                        }
                    ],
                }
            ]
        }
    )

    type: str = Field(description="invalid-input, import-rejected, not-found, conflict, forbidden…")
    title: str
    status: int
    detail: str = Field(description="The error as a sentence a user can read")
    errors: list[FieldErrorOut] = Field(
        default_factory=list, description="Every wrong field (invalid input, refused imports)"
    )
    entity: str | None = Field(default=None, description="What was not found or changed")
    key: str | None = None
    expected_version: int | None = Field(default=None, description="Conflicts: your version")
    actual_version: int | None = Field(default=None, description="Conflicts: the stored one")


def _field_error(error: InvalidInput) -> FieldErrorOut:
    return FieldErrorOut.model_validate(error.as_dict())


def problem_out(error: CdtError, *, kind: str, title: str, status: int) -> ProblemOut:
    """The problem object for a library error, given its row of the HTTP error table."""
    problem = ProblemOut(type=kind, title=title, status=status, detail=str(error))
    if isinstance(error, InvalidInput):
        problem.errors = [_field_error(error)]
    elif isinstance(error, ImportRejected):
        problem.errors = [_field_error(item) for item in error.errors]
    elif isinstance(error, NotFound):
        problem.entity, problem.key = error.entity, error.key
    elif isinstance(error, Conflict):
        problem.entity, problem.key = error.entity, error.key
        problem.expected_version = error.expected_version
        problem.actual_version = error.actual_version
    return problem
