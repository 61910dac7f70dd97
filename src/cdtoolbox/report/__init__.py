"""Reports: documents for decision makers made from what the Toolbox holds, starting with the
decision brief of one incident. Pure: the Toolbox reads the records for a reader and hands
them here; nothing in this package opens the database."""

from cdtoolbox.report.brief import BRIEF_SCHEMA, DecisionBrief, build_brief
from cdtoolbox.report.render import (
    ReportFormat,
    read_report_format,
    render_brief,
    render_brief_html,
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
