"""A decision brief as Markdown (CommonMark with pipe tables), for mail and wikis."""

from __future__ import annotations

import re

from cdtoolbox.report.brief import BriefPrecedent, DecisionBrief

__all__ = ["brief_markdown"]

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

    lines += ["## Sources", ""]
    for note in brief.notes:
        text = f"[^{note.number}]: "
        text += f"{_text(note.publisher)}, " if note.publisher else ""
        text += f"“{_text(note.title)}”"
        text += f", {note.published}" if note.published else ""
        text += f" \\[{note.grade}\\]" if note.grade else ""
        text += f". <{note.url}>" if note.url else ""
        lines.append(text)
    if not brief.notes:
        lines.append("No source recorded.")
    lines += [
        "",
        f"{brief.tlp_label} · assessment rules {brief.ruleset}. Derived from the recorded "
        "facts; see the assessment method in the documentation.",
        "",
    ]
    return "\n".join(lines)
