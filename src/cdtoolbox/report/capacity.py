"""Capacity-building projects as a report words them: which of the register's projects ran in
a period, by theme and by partner State. Used by the annual report (prevent) and the UN
contribution (capacity building)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import date

from cdtoolbox.knowledge import KnowledgeBase
from cdtoolbox.model.capacity import CapacityProject, CapacityTheme
from cdtoolbox.report.parts import Breakdown, Paragraph, Tally, breakdown
from cdtoolbox.report.words import country

__all__ = ["RunningProjects", "capacity_projects", "running_in"]

# A report names this many projects by title; the breakdowns count them all.
_NAMED = 8

RunningProjects = tuple[tuple[CapacityProject, ...], int]
"""The projects that ran in a period, and how many others have no date to tell."""


def running_in(projects: Sequence[CapacityProject], since: date, until: date) -> RunningProjects:
    """The projects whose recorded dates overlap ``since``..``until``; a project with one
    bound only is judged on it, and one with neither is counted apart, never guessed."""
    running: list[CapacityProject] = []
    undated = 0
    for project in projects:
        if project.starts_on is None and project.ends_on is None:
            undated += 1
        elif (project.starts_on is None or project.starts_on <= until) and (
            project.ends_on is None or project.ends_on >= since
        ):
            running.append(project)
    return tuple(running), undated


def capacity_projects(
    found: RunningProjects, knowledge: KnowledgeBase
) -> tuple[Paragraph, tuple[Breakdown, ...]]:
    """What ran in the period, in words, with the projects by theme and by partner State."""
    running, undated = found
    themes = Counter(theme for project in running for theme in project.themes)
    partners = Counter(code for project in running for code in project.partner_countries)
    if running:
        names = ", ".join(project.title for project in running[:_NAMED])
        more = f" and {len(running) - _NAMED:,} more" if len(running) > _NAMED else ""
        text = (
            f"{len(running):,} capacity-building projects recorded in this system ran in the "
            f"period (by their start and end dates), serving {len(partners):,} partner States: "
            f"{names}{more}. {_budgets(running)}"
        )
    else:
        text = "No capacity-building project recorded in this system ran in the period."
    if undated:
        text += (
            f" {undated:,} further recorded projects have no start or end date and are not counted."
        )
    by_theme = tuple(
        Tally(theme.value, theme.label, themes[theme]) for theme in CapacityTheme if themes[theme]
    )
    by_partner = tuple(
        Tally(code, country(code, knowledge), count)
        for code, count in sorted(partners.items(), key=lambda item: (-item[1], item[0]))
    )
    return Paragraph(text.strip()), (
        breakdown(
            "capacity-by-theme",
            "Capacity-building projects running in the period, by theme",
            "projects",
            tuple(sorted(by_theme, key=lambda tally: -tally.count)),
            chart=True,
            note="A project counts once under each of its themes.",
        ),
        breakdown(
            "capacity-by-partner",
            "Capacity-building projects running in the period, by partner State",
            "projects",
            by_partner,
            chart=False,
        ),
    )


def _budgets(running: Sequence[CapacityProject]) -> str:
    known = [project.budget_eur for project in running if project.budget_eur is not None]
    if not known:
        return "No budget is recorded for them (one is recorded only where a source gives it)."
    return (
        f"A budget is recorded for {len(known):,} of them: EUR {sum(known):,} in all, over each "
        "project's whole duration rather than the period."
    )
