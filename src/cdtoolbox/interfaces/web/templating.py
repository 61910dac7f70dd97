"""The Jinja2 environment of the pages: templates, the filters that turn codes into words, and
the one ``render`` every page view ends with."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime, timedelta
from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import (
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    PackageLoader,
    StrictUndefined,
    select_autoescape,
)
from markupsafe import Markup, escape
from starlette.templating import Jinja2Templates

from cdtoolbox.ingest.query_parameters import PERIOD_PARAMETERS
from cdtoolbox.interfaces.http.authentication import is_anonymous, session_of, viewer_of
from cdtoolbox.interfaces.web.csrf import csrf_field
from cdtoolbox.interfaces.web.extensions import WebExtensions
from cdtoolbox.interfaces.web.name_options import NameOptions
from cdtoolbox.knowledge import KnowledgeBase
from cdtoolbox.model import IncidentType, PartialDate, Tlp
from cdtoolbox.model.access import Permission
from cdtoolbox.model.legal_acts import legal_acts_in
from cdtoolbox.model.vocabulary import DatePrecision
from cdtoolbox.model.wording import counted, with_article

__all__ = ["build_templates", "period_of", "render", "url_with", "with_period"]

_TYPE_LABELS = {kind.value: kind.label for kind in IncidentType}
_UNKNOWN = "unknown"


def build_templates(
    knowledge: KnowledgeBase, extensions: WebExtensions, version: str
) -> Jinja2Templates:
    environment = Environment(
        loader=ChoiceLoader(
            [
                *(FileSystemLoader(folder) for folder in extensions.template_directories),
                PackageLoader("cdtoolbox.interfaces.web", "templates"),
                # The incident page opens with the decision brief's own sections.
                PackageLoader("cdtoolbox.report", "templates"),
            ]
        ),
        autoescape=select_autoescape(("html",)),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )

    def country_name(code: str | None) -> str:
        if not code:
            return _UNKNOWN
        country = knowledge.countries.find(code)
        return country.name if country else code

    def sector_name(sector_id: str | None) -> str:
        if not sector_id:
            return _UNKNOWN
        sector = knowledge.sectors.find(sector_id)
        return sector.name if sector else sector_id

    environment.filters.update(
        country_name=country_name,
        sector_name=sector_name,
        type_label=lambda value: _TYPE_LABELS.get(str(value), str(value)),
        tlp_label=lambda value: Tlp(value).label,
        when=_when,
        number=_number,
        known=lambda value: _UNKNOWN if value is None else value,
        paragraphs=_paragraphs,
        eur_lex=_eur_lex,
        ack_time=_duration,
        name_options=NameOptions(),
        counted=counted,
        with_article=with_article,
    )
    environment.globals.update(
        navigation=extensions.navigation,
        version=version,
        incident_types=tuple(IncidentType),
        tlp_markings=tuple(Tlp),
        url_with=url_with,
        with_period=with_period,
        csrf_field=csrf_field,
        Permission=Permission,
    )
    return Jinja2Templates(env=environment)


def render(
    request: Request, template: str, context: Mapping[str, Any], status_code: int = 200
) -> HTMLResponse:
    """The page ``template`` filled with ``context``, plus the request (for links), the signed-in
    user (``viewer``, possibly the anonymous visitor) and a notice left by the last action."""
    templates: Jinja2Templates = request.app.state.templates
    viewer = viewer_of(request)
    values = {
        "viewer": viewer,
        "signed_in": not is_anonymous(viewer),
        "notice": session_of(request).take_notice(),
        **context,
    }
    response = templates.TemplateResponse(request, template, values, status_code=status_code)
    assert isinstance(response, HTMLResponse)
    return response


def url_with(
    request: Request, path: str | None = None, **changes: str | Iterable[str] | None
) -> str:
    """The current page's address (or ``path``) with some query parameters replaced.

    A change to ``None`` removes the parameter. Moving to another page of results is the
    only change that keeps ``cursor``: any other change starts again from the first page.
    """
    pairs = [(name, value) for name, value in request.query_params.multi_items()]
    if "cursor" not in changes:
        changes = {**changes, "cursor": None}
    kept = [(name, value) for name, value in pairs if name not in changes]
    for name, change in changes.items():
        if change is None:
            continue
        values = [change] if isinstance(change, str) else list(change)
        kept.extend((name, value) for value in values)
    query = urlencode(kept)
    target = path if path is not None else request.url.path
    return f"{target}?{query}" if query else target


def period_of(request: Request) -> dict[str, str]:
    """The period the current page was asked for (``since``, ``until``), blanks left out."""
    period: dict[str, str] = {}
    for name in PERIOD_PARAMETERS:
        value = request.query_params.get(name, "").strip()
        if value:
            period[name] = value
    return period


def with_period(request: Request, path: str, **params: str | None) -> str:
    """``path`` with the current page's period and ``params`` (which may replace it), so that
    the links between the dashboard, its map and the incident list keep the reader's range."""
    values: dict[str, str | None] = {**period_of(request), **params}
    query = urlencode([(name, value) for name, value in values.items() if value is not None])
    return f"{path}?{query}" if query else path


def _when(value: PartialDate | date | datetime | str | None) -> str:
    """Dates as people write them, at the precision known: "12 May 2017", "May 2017", "2017"."""
    if value is None or value == "":
        return _UNKNOWN
    if isinstance(value, str):
        return value
    if isinstance(value, datetime):
        return f"{value.day} {value:%b %Y %H:%M} UTC"
    if isinstance(value, date):
        return f"{value.day} {value:%B %Y}"
    if value.precision is DatePrecision.YEAR:
        return f"{value.value.year}"
    if value.precision is DatePrecision.MONTH:
        return f"{value.value:%B %Y}"
    return f"{value.value.day} {value.value:%B %Y}"


def _eur_lex(text: str | None) -> Markup:
    """``text`` with every legal act it names linked to that act's EUR-Lex page."""
    if not text:
        return Markup("")
    parts: list[str] = []
    position = 0
    for act in legal_acts_in(text):
        start = text.find(act.title, position)
        parts.append(escape(text[position:start]))
        parts.append(
            Markup('<a href="{}" rel="noreferrer" title="EUR-Lex, CELEX {}">{}</a>').format(
                act.eur_lex_url, act.celex, act.title
            )
        )
        position = start + len(act.title)
    parts.append(escape(text[position:]))
    return Markup("").join(parts)


def _duration(value: timedelta) -> str:
    """A time to answer as people say it: "45 s", "12 min 5 s", "3 h 20 min", "2 d 4 h"."""
    seconds = round(value.total_seconds())
    days, rest = divmod(seconds, 86_400)
    hours, rest = divmod(rest, 3_600)
    minutes, seconds = divmod(rest, 60)
    parts = [(days, "d"), (hours, "h"), (minutes, "min"), (seconds, "s")]
    shown = [f"{amount} {unit}" for amount, unit in parts if amount]
    return " ".join(shown[:2]) or "0 s"


def _number(value: float | int | None) -> str:
    if value is None:
        return _UNKNOWN
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.1f}"
    return f"{int(value):,}"


def _paragraphs(text: str | None) -> list[str]:
    """Text split at blank lines (galaxy descriptions and summaries carry no markup we trust)."""
    if not text:
        return []
    return [part.strip() for part in text.replace("\r\n", "\n").split("\n\n") if part.strip()]
