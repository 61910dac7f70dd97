"""A partner country's profile page: the projects serving it and their budget per year (a
chart and its table), its CBM implementation, the incidents it suffered and those attributed
to it with their severity, and its points of contact, as far as the reader may read them."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response
from markupsafe import Markup

from cdtoolbox.interfaces.http.authentication import AuthenticateFirst, ReaderDep
from cdtoolbox.interfaces.http.request_context import ToolboxDep
from cdtoolbox.interfaces.web.templating import render
from cdtoolbox.model.partner_profile import PartnerProfile
from cdtoolbox.report.chart import Bar, bar_chart_svg

__all__ = ["router"]

router = APIRouter(route_class=AuthenticateFirst)


@router.get("/capacity/partners/{country}")
def partner_page(
    request: Request, country: str, toolbox: ToolboxDep, viewer: ReaderDep
) -> Response:
    profile = toolbox.capacity.partner_profile(country, by=viewer)
    frameworks = {f.id: f.name for f in toolbox.cbms.frameworks(by=viewer)}
    return render(
        request,
        "cooperation/partner.html",
        {
            "profile": profile,
            "budget_chart": _budget_chart(profile),
            # The profile holds framework ids; a reader knows them by name ("OSCE" not "osce").
            "framework_names": [frameworks.get(f, f) for f in profile.cbm.frameworks],
        },
    )


def _budget_chart(profile: PartnerProfile) -> Markup | None:
    years = profile.budget.years
    if not years:
        return None
    bars = [Bar(str(year.year), year.eur) for year in years]
    return Markup(bar_chart_svg(f"{profile.name}: budget per year (EUR)", bars))
