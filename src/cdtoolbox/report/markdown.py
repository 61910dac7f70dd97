"""Reports as Markdown (CommonMark with pipe tables and footnotes), for mail and wikis."""

from __future__ import annotations

import re

from cdtoolbox.report.annual import (
    AnnualReport,
    Breakdown,
    CheckRoundRow,
    Paragraph,
    ReportSection,
    Trends,
)
from cdtoolbox.report.brief import BriefPrecedent, DecisionBrief
from cdtoolbox.report.case import CaseDossier
from cdtoolbox.report.landscape import Landscape
from cdtoolbox.report.notes import Note
from cdtoolbox.report.parts import Tally
from cdtoolbox.report.un import UnContribution

__all__ = [
    "annual_markdown",
    "brief_markdown",
    "case_markdown",
    "landscape_markdown",
    "un_markdown",
]

# Characters that would start emphasis, a link, code, a table cell or raw HTML mid-text.
_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")


def _text(value: str) -> str:
    """Recorded text as literal Markdown: what an analyst typed never turns into markup."""
    return _SPECIAL.sub(r"\\\1", " ".join(value.split()))


def _cite(numbers: tuple[int, ...]) -> str:
    return "".join(f"[^{n}]" for n in numbers)


def _precedent(precedent: BriefPrecedent) -> str:
    return _text(precedent.title)


def brief_markdown(brief: DecisionBrief) -> str:
    lines = [
        f"**{brief.tlp_label}**",
        "",
        f"# Decision brief: {_text(brief.title)}",
        "",
    ]
    if brief.as_of:
        lines += [f"Incident as of {brief.as_of}.", ""]
    lines += ["## What happened", "", _text(brief.what_happened) + _cite(brief.what_happened_notes)]
    lines += ["", *(f"- **{f.label}**: {_text(f.value)}" for f in brief.facts), ""]

    s = brief.severity
    heading = f"## Severity: {s.level}"
    if s.range:
        heading += f" (most likely; range {s.range})"
    lines += [heading, "", _text(s.summary), ""]
    if s.drivers:
        lines += ["| Dimension | Score | Why |", "| --- | --- | --- |"]
        lines += [f"| {_text(d.label)} | {d.score} | {_text(d.reason)} |" for d in s.drivers]
        lines.append("")
    if s.uncertainties:
        lines += ["Uncertain: " + "; ".join(_text(u) for u in s.uncertainties) + ".", ""]

    a = brief.attribution
    lines += ["## Attribution and how firm it is", "", _text(a.summary), ""]
    if a.claims:
        lines += ["| Party | Date | Named | How firm | Basis |", "| --- | --- | --- | --- | --- |"]
        lines += [
            f"| {_text(c.party)}{_cite(c.notes)} | {c.date or 'undated'} | {_text(c.names)} "
            f"| {_text(c.firmness)} | {_text(c.basis)} |"
            for c in a.claims
        ]
        lines.append("")
    if a.perpetrators:
        lines += ["Identified as responsible: " + "; ".join(map(_text, a.perpetrators)) + ".", ""]

    lines += ["## Norms and law engaged", ""]
    engaged = [
        f"- **UN norm {n.id}** ({_text(n.title)}): {n.status} — {_text(n.reason)}"
        for n in brief.norms
    ] + [f"- **{_text(law.title)}**: {law.status} — {_text(law.reason)}" for law in brief.law]
    if brief.law_to_examine:
        engaged.append("- **To examine**: " + "; ".join(map(_text, brief.law_to_examine)) + ".")
    lines += engaged or ["No norm or principle of international law is engaged on the facts."]
    lines.append("")

    lines += [
        "## Recommended options",
        "",
        f"Level of response: **{_text(brief.response_level)}** "
        f"(rule: {_text(brief.response_level_rule)}).",
        "",
    ]
    if not brief.options:
        # As in the HTML brief: the options say why each is recommended; with none, the
        # level's reasons are the only explanation.
        lines += ["; ".join(map(_text, brief.response_level_reasons)) + ".", ""]
    if brief.internal_procedures:
        lines += [
            "Internal procedures instead of the Toolbox, which does not address Member States:",
            "",
            *(
                f"- **{_text(p.name)}** ({_text(p.body)}; {_text(p.legal_basis)}){_cite(p.notes)}"
                for p in brief.internal_procedures
            ),
            "",
        ]
    for o in brief.options:
        text = (
            f"{o.rank}. **{_text(o.name)}** ({o.category.lower()}, ladder level "
            f"{o.ladder_level}{'' if o.available else ', not available'}): {_text(o.why)}. "
            f"Decided by {_text(o.decided_by)}; it {o.decision_rule}."
        )
        if o.missing:
            text += " Missing: " + "; ".join(map(_text, o.missing)) + "."
        if o.precedents:
            text += " Precedents: " + "; ".join(map(_precedent, o.precedents)) + "."
        lines.append(text)
    if not brief.options:
        lines.append("No Toolbox option is recommended.")
    lines.append("")

    if brief.precedents:
        lines += ["## Precedents and how they were answered", ""]
        for p in brief.precedents:
            answered = "; ".join(map(_text, p.responses)) or "no public response on record"
            lines.append(
                f"- {_precedent(p)} ({p.similarity} % alike: "
                f"{', '.join(map(_text, p.shared))}): {answered}."
            )
        lines.append("")

    lines += _sources(brief.notes)
    lines += [
        "",
        f"{brief.tlp_label} · assessment rules {brief.ruleset}. Derived from the recorded "
        "facts; see the assessment method in the documentation.",
        "",
    ]
    return "\n".join(lines)


def _sources(notes: tuple[Note, ...]) -> list[str]:
    lines = ["## Sources", ""]
    for note in notes:
        text = f"[^{note.number}]: "
        text += f"{_text(note.publisher)}, " if note.publisher else ""
        text += f"“{_text(note.title)}”"
        text += f", {note.published}" if note.published else ""
        text += f" \\[{note.grade}\\]" if note.grade else ""
        text += f". <{note.url}>" if note.url else ""
        lines.append(text)
    if not notes:
        lines.append("No source recorded.")
    return lines


def case_markdown(dossier: CaseDossier) -> str:
    lines = [
        f"**{dossier.tlp_label}**",
        "",
        f"# Case dossier: {_text(dossier.title)}",
        "",
        f"Case {dossier.case_id}, opened {_text(dossier.opened)}; as of {dossier.as_of}. "
        f"Stands at: {_text(dossier.state)}.",
        "",
        "## Incidents answered",
        "",
    ]
    lines += [
        f"- {_text(i.title)} ({i.active}, {i.tlp_label}){_cite(i.notes)}" for i in dossier.incidents
    ] or ["No incident you may read."]
    lines += ["", "## History", ""]
    lines += [f"- {event.date}: {_text(event.sentence)}" for event in dossier.history]
    lines += ["", "## Decision", "", _text(dossier.decision), ""]
    lines += ["## Measures, positions and implementation", ""]
    for m in dossier.measures:
        status = "dropped" if m.dropped else m.decision
        lines += [
            f"### {m.id}: {_text(m.title)}",
            "",
            f"{_text(m.name)} ({status}). Decided by {_text(m.decided_by)}; it {m.decision_rule}.",
        ]
        if m.text:
            lines += ["", _text(m.text)]
        if m.adoption:
            lines += ["", _text(m.adoption)]
        lines.append("")
        if m.positions:
            lines += [
                "| Member State | Position | Recorded | Comment |",
                "| --- | --- | --- | --- |",
            ]
            lines += [
                f"| {_text(p.member_state)} | {p.position} | {p.recorded} | {_text(p.comment)} |"
                for p in m.positions
            ]
            lines.append("")
        if m.awaiting:
            lines += ["No position yet: " + ", ".join(map(_text, m.awaiting)) + ".", ""]
        for item in m.implementations:
            text = f"- Implemented {item.date} ({item.kind}): {_text(item.summary)}"
            if item.recipient:
                text += f"; to {_text(item.recipient)}"
            if item.delegation:
                text += f"; by {_text(item.delegation)}"
            lines.append(text + _cite(item.notes))
        if m.implementations:
            lines.append("")
    lines += ["## Review", "", _text(dossier.review), ""]
    lines += ["## Recidivism", ""]
    if dossier.recidivism_after is None:
        lines.append("No date to count later incidents from.")
    else:
        lines.append(
            f"Later incidents by the same actor or sponsor State after {dossier.recidivism_after}:"
        )
        lines.append("")
        lines += [
            f"- {_text(r.title)} ({r.start or 'undated'}; {_text(r.shared)})"
            for r in dossier.recidivism
        ] or ["None recorded."]
    lines += ["", *_sources(dossier.notes)]
    lines += ["", f"{dossier.tlp_label} · assessment rules {dossier.ruleset}.", ""]
    return "\n".join(lines)


def _paragraph(paragraph: Paragraph) -> str:
    return _text(paragraph.text) + _cite(paragraph.notes)


def _breakdown(breakdown: Breakdown) -> list[str]:
    lines = [f"**{_text(breakdown.title)}**", ""]
    if not breakdown.rows:
        return [*lines, "None in the period.", ""]
    lines += [f"| | {breakdown.unit.capitalize()} |", "| --- | ---: |"]
    lines += [f"| {_text(row.label)} | {row.count:,} |" for row in breakdown.rows]
    lines.append("")
    if breakdown.more:
        lines += [f"And {breakdown.more:,} more, each with fewer.", ""]
    if breakdown.note:
        lines += [_text(breakdown.note), ""]
    return lines


def annual_markdown(report: AnnualReport) -> str:
    lines = _head(report.tlp_label, report.title, report.period, report.as_of)
    lines += _figures(report.key_figures)
    for section in report.sections:
        lines += _section(section)
        if section.id == "respond":
            lines += _checks(report.communication_checks)
        if section.id == "detect":
            lines += _trends(report.trends)
    lines += ["## Appendix: Member State contribution template", ""]
    for heading in report.contribution_template:
        lines += [f"### {_text(heading.heading)}", "", _text(heading.guidance), ""]
    lines += _sources(report.notes)
    lines += ["", f"{report.tlp_label} · counted from the store for its reader.", ""]
    return "\n".join(lines)


def _head(tlp_label: str, title: str, period: str, as_of: str | None) -> list[str]:
    return [
        f"**{tlp_label}**",
        "",
        f"# {_text(title)}",
        "",
        f"Period: {period}." + (f" Incidents as of {as_of}." if as_of else ""),
        "",
    ]


def _figures(figures: tuple[Tally, ...]) -> list[str]:
    return [
        "## Key figures",
        "",
        *(f"- {_text(figure.label)}: {figure.count:,}" for figure in figures),
        "",
    ]


def _section(section: ReportSection) -> list[str]:
    lines = [f"## {section.title}", ""]
    for paragraph in section.paragraphs:
        lines += [_paragraph(paragraph), ""]
    for breakdown in section.breakdowns:
        lines += _breakdown(breakdown)
    if section.not_recorded:
        lines += [f"- {_text(name)}: not recorded in this system." for name in section.not_recorded]
        lines.append("")
    return lines


def _checks(checks: tuple[CheckRoundRow, ...]) -> list[str]:
    if not checks:
        return []
    return [
        "### Communication checks opened in the period",
        "",
        *(f"- {_text(check.summary)}" for check in checks),
        "",
        "Each check counts the points of contact you may read; the times run from the "
        "test message to its acknowledgement.",
        "",
    ]


def un_markdown(report: UnContribution) -> str:
    lines = _head(report.tlp_label, report.title, report.period, report.as_of)
    lines += [f"*{_text(report.status)}*", "", *_figures(report.key_figures)]
    for section in report.sections:
        lines += _section(section)
        if section.id == "threats":
            lines += _trends(report.trends)
        if section.id == "cbms":
            lines += _checks(report.communication_checks)
    lines += _sources(report.notes)
    lines += ["", f"{report.tlp_label} · counted from the store for its reader.", ""]
    return "\n".join(lines)


def landscape_markdown(report: Landscape) -> str:
    lines = _head(report.tlp_label, report.title, report.period, report.as_of)
    lines += _figures(report.key_figures)
    for section in report.sections:
        lines += _section(section)
        if section.id == "change":
            lines += [
                "| | Previous period | This period | Change |",
                "| --- | ---: | ---: | ---: |",
                *(
                    f"| {_text(row.label)} | {row.previous:,} | {row.current:,} | {row.change:+,} |"
                    for row in report.changes
                ),
                "",
            ]
    lines += _sources(report.notes)
    lines += ["", f"{report.tlp_label} · counted from the store for its reader.", ""]
    return "\n".join(lines)


def _trends(trends: Trends) -> list[str]:
    lines = [
        "### Trends across five years",
        "",
        "Incidents by type and by the year they started.",
        "",
        "| Type | " + " | ".join(map(str, trends.years)) + " |",
        "| --- |" + " ---: |" * len(trends.years),
    ]
    lines += [
        f"| {_text(row.label)} | " + " | ".join(f"{count:,}" for count in row.counts) + " |"
        for row in trends.rows
    ]
    lines += ["", _text(trends.data_breach_change)]
    if trends.partial_year:
        lines += ["", _text(trends.partial_year)]
    return [*lines, ""]
