"""Reports: documents for decision makers made from what the Toolbox holds: the decision
brief of one incident, the dossier of one response case, the annual report, the draft UN
contribution and the threat landscape of a period.
Pure: the Toolbox reads the records for a reader and hands them here; nothing in this package
opens the database."""

from typing import TYPE_CHECKING

from cdtoolbox.imported_on_use import names_imported_on_use

if TYPE_CHECKING:
    from cdtoolbox.report.annual import ANNUAL_SCHEMA, AnnualReport, build_annual_report
    from cdtoolbox.report.brief import BRIEF_SCHEMA, DecisionBrief, build_brief
    from cdtoolbox.report.case import CASE_DOSSIER_SCHEMA, CaseDossier, build_case_dossier
    from cdtoolbox.report.formats import ReportFormat, read_report_format
    from cdtoolbox.report.landscape import LANDSCAPE_SCHEMA, Landscape, build_landscape
    from cdtoolbox.report.render import (
        Report,
        render_brief,
        render_brief_html,
        render_report,
        render_report_html,
    )
    from cdtoolbox.report.un import UN_SCHEMA, UnContribution, build_un_contribution

# The renderers load Jinja and the knowledge base: a command that only names a format
# should not pay for them.
__getattr__ = names_imported_on_use(
    __name__,
    globals(),
    {
        "ANNUAL_SCHEMA": "cdtoolbox.report.annual",
        "AnnualReport": "cdtoolbox.report.annual",
        "build_annual_report": "cdtoolbox.report.annual",
        "CASE_DOSSIER_SCHEMA": "cdtoolbox.report.case",
        "CaseDossier": "cdtoolbox.report.case",
        "build_case_dossier": "cdtoolbox.report.case",
        "Report": "cdtoolbox.report.render",
        "render_report": "cdtoolbox.report.render",
        "render_report_html": "cdtoolbox.report.render",
        "BRIEF_SCHEMA": "cdtoolbox.report.brief",
        "DecisionBrief": "cdtoolbox.report.brief",
        "build_brief": "cdtoolbox.report.brief",
        "ReportFormat": "cdtoolbox.report.formats",
        "read_report_format": "cdtoolbox.report.formats",
        "render_brief": "cdtoolbox.report.render",
        "render_brief_html": "cdtoolbox.report.render",
        "LANDSCAPE_SCHEMA": "cdtoolbox.report.landscape",
        "Landscape": "cdtoolbox.report.landscape",
        "build_landscape": "cdtoolbox.report.landscape",
        "UN_SCHEMA": "cdtoolbox.report.un",
        "UnContribution": "cdtoolbox.report.un",
        "build_un_contribution": "cdtoolbox.report.un",
    },
)

__all__ = [
    "ANNUAL_SCHEMA",
    "BRIEF_SCHEMA",
    "CASE_DOSSIER_SCHEMA",
    "LANDSCAPE_SCHEMA",
    "UN_SCHEMA",
    "AnnualReport",
    "CaseDossier",
    "DecisionBrief",
    "Landscape",
    "Report",
    "ReportFormat",
    "UnContribution",
    "build_annual_report",
    "build_brief",
    "build_case_dossier",
    "build_landscape",
    "build_un_contribution",
    "read_report_format",
    "render_brief",
    "render_brief_html",
    "render_report",
    "render_report_html",
]
