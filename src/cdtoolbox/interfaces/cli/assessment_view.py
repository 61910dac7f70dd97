"""The assessment as a readable terminal report, section by section (the JSON form comes from
``assess.assessment_to_dict``)."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.text import Text

from cdtoolbox.assess.assessment import Assessment, HandleStatus, NormStatus, Truth
from cdtoolbox.interfaces.cli.context import framed

__all__ = ["assessment_view"]

_TRUTH_MARK = {Truth.HOLDS: "✓", Truth.FAILS: "✗", Truth.UNKNOWN: "?"}
_HANDLE_MARK = {
    HandleStatus.AVAILABLE: ("✓", "green"),
    HandleStatus.UNAVAILABLE: ("✗", "red"),
    HandleStatus.UNKNOWN: ("?", "yellow"),
}
_NORM_STYLE = {
    NormStatus.ENGAGED: "bold red",
    NormStatus.POSSIBLY_ENGAGED: "yellow",
    NormStatus.NOT_ENGAGED: "dim",
    NormStatus.NOT_ASSESSABLE: "dim",
}


def _heading(text: str) -> Text:
    return Text(f"\n{text}", style="bold underline")


def _severity(assessment: Assessment) -> list[RenderableType]:
    severity = assessment.severity
    heading = f"1. Severity: {severity.level.value.upper()}"
    if severity.lower is not severity.upper:
        heading += f" (most likely; range {severity.lower.value} to {severity.upper.value})"
    parts: list[RenderableType] = [_heading(heading), Text(severity.summary)]
    for dimension in severity.dimensions:
        score = "unknown" if dimension.score is None else f"{dimension.score}/4"
        if dimension.status.value == "lower-bound":
            score = f"at least {score}"
        if dimension.likely is not None and dimension.likely != dimension.score:
            score += f", most likely {dimension.likely}/4"
        if dimension.upper is not None and dimension.upper != dimension.likely:
            score += f", up to {dimension.upper}/4"
        why = dimension.reason
        if dimension.estimate:
            why += f" Estimated: {dimension.estimate}."
        if dimension.missing:
            why += f" Unknown: {'; '.join(dimension.missing_labels)}."
        parts.append(
            Text.assemble(
                ("  • ", ""),
                (f"{dimension.label} ({dimension.role.label}): {score}", "bold"),
                f" — {why}",
            )
        )
    return parts


def _attribution(assessment: Assessment) -> list[RenderableType]:
    synthesis = assessment.attribution
    parts: list[RenderableType] = [_heading("2. Attribution"), Text(synthesis.summary)]
    for label, text in (
        ("Technical", synthesis.technical),
        ("Political", synthesis.political),
        ("Legal", synthesis.legal),
    ):
        parts.append(Text.assemble((f"{label}: ", "bold"), text))
    for readiness in synthesis.readiness:
        mark = _TRUTH_MARK[readiness.status]
        parts.append(Text(f"  {mark} {readiness.label} ({readiness.status}): {readiness.reason}"))
    return parts


def _norms(assessment: Assessment) -> list[RenderableType]:
    parts: list[RenderableType] = [_heading("3. UN norms of responsible state behaviour")]
    for finding in assessment.norms:
        line = Text.assemble(
            (f"{finding.norm_id} {finding.title}: ", "bold"),
            (finding.status.label, _NORM_STYLE[finding.status]),
            f" — {finding.reason}",
        )
        parts.append(line)
    return parts


def _law(assessment: Assessment) -> list[RenderableType]:
    parts: list[RenderableType] = [_heading("4. International law")]
    for finding in assessment.law:
        parts.append(
            Text.assemble(
                (f"{finding.concept}: ", "bold"), finding.status.label, f" — {finding.reason}"
            )
        )
        parts.extend(Text(f"    ? {question}") for question in finding.questions)
    return parts


def _options(assessment: Assessment) -> list[RenderableType]:
    recommendation = assessment.recommendation
    decision = recommendation.response_level
    parts: list[RenderableType] = [
        _heading("5. Response options (graduated, lowest escalation first)"),
        Text.assemble(
            ("Level of response: ", "bold"),
            (decision.level.label, "bold"),
            f" (rule: {decision.rule_title}) — " + "; ".join(decision.reasons),
        ),
    ]
    if decision.internal_procedures:
        parts.append(Text("Internal procedures instead of the Toolbox:", style="bold"))
        parts.extend(
            Text(f"  • {p.name} — {p.body} ({p.legal_basis}); {'; '.join(p.sources)}")
            for p in decision.internal_procedures
        )
    parts += [
        Text(recommendation.rationale),
        Text("\nRecommended, in order:", style="bold"),
    ]
    parts.extend(Text(f"  {item.rank}. {item.name} — {item.why}") for item in recommendation.ranked)
    parts.append(Text("\nEvery option, by escalation level", style="bold"))
    for option in sorted(assessment.options, key=lambda item: (item.level, item.name)):
        mark, style = ("✓", "green") if option.available else ("✗", "red")
        parts.append(
            Text.assemble(
                (f"  {mark} ", style),
                (f"level {option.level} · {option.name}", "bold"),
                f" ({option.category.label.lower()}) — decided by {option.decided_by}; it "
                f"{option.decision_rule_label}",
            )
        )
        parts.extend(Text(f"      missing: {reason}") for reason in option.missing)
        if option.precedents:
            answered = "; ".join(
                f"{assessment.precedent_title(slug)} ({slug})" for slug in option.precedents
            )
            parts.append(Text(f"      precedents: {answered}"))
    if assessment.precedents:
        parts.append(Text("\nSimilar incidents and how they were answered", style="bold"))
        for match in assessment.precedents:
            answered = (
                "; ".join(f"{r.date} {r.measure}" for r in match.responses) or "no public response"
            )
            shared = ", ".join(match.shared)
            parts.append(Text(f"  • {match.title} ({match.slug}) — shares {shared}: {answered}"))
    return parts


def _escalation_and_channels(assessment: Assessment) -> list[RenderableType]:
    risk, channels = assessment.escalation, assessment.cooperation
    parts: list[RenderableType] = [
        _heading(f"6. Escalation risk: {risk.level.value.upper()}"),
        Text(risk.summary),
    ]
    parts.extend(
        Text(f"  {'+' + str(f.points) if f.points else ' 0'} {f.factor}: {f.reason}")
        for f in risk.factors
    )
    parts += [
        _heading("7. Channels for the preventive and cooperative options"),
        Text(channels.summary),
    ]
    for handle in channels.handles:
        mark, style = _HANDLE_MARK[handle.status]
        parts.append(
            Text.assemble((f"  {mark} ", style), (f"{handle.kind.value}: ", "bold"), handle.text)
        )
    return parts


def assessment_view(assessment: Assessment) -> RenderableType:
    body = Group(
        *_severity(assessment),
        *_attribution(assessment),
        *_norms(assessment),
        *_law(assessment),
        *_options(assessment),
        *_escalation_and_channels(assessment),
        Text(f"\nRules version {assessment.ruleset}.", style="dim"),
    )
    return framed(f"Assessment: {assessment.title}", body, expand=True)
