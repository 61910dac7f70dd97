"""Reports: documents for decision makers made from what the Toolbox holds, starting with the
decision brief of one incident. Pure: the Toolbox reads the records for a reader and hands
them here; nothing in this package opens the database."""

from typing import TYPE_CHECKING

from cdtoolbox.imported_on_use import names_imported_on_use

if TYPE_CHECKING:
    from cdtoolbox.report.brief import BRIEF_SCHEMA, DecisionBrief, build_brief
    from cdtoolbox.report.formats import ReportFormat, read_report_format
    from cdtoolbox.report.render import render_brief, render_brief_html

# The renderers load Jinja and the knowledge base: a command that only names a format
# should not pay for them.
__getattr__ = names_imported_on_use(
    __name__,
    globals(),
    {
        "BRIEF_SCHEMA": "cdtoolbox.report.brief",
        "DecisionBrief": "cdtoolbox.report.brief",
        "build_brief": "cdtoolbox.report.brief",
        "ReportFormat": "cdtoolbox.report.formats",
        "read_report_format": "cdtoolbox.report.formats",
        "render_brief": "cdtoolbox.report.render",
        "render_brief_html": "cdtoolbox.report.render",
    },
)

__all__ = [
    "BRIEF_SCHEMA",
    "DecisionBrief",
    "ReportFormat",
    "build_brief",
    "read_report_format",
    "render_brief",
    "render_brief_html",
]
