"""A stored public response printed for people, by `cdt responses` and `cdt statements draft`."""

from __future__ import annotations

from rich.markup import escape

from cdtoolbox.interfaces.cli.context import out_console
from cdtoolbox.model.response_record import ResponseRecord

__all__ = ["print_response"]


def print_response(record: ResponseRecord) -> None:
    response = record.response
    marking = f"TLP:{record.tlp.value.upper()}"
    if record.classification is not None:
        marking += f", {record.classification.value}"
    out_console.print(f"[bold]{escape(response.id)}[/bold] ({record.state.value}) \\[{marking}]")
    lines = [
        ("Date", str(response.date)),
        ("Party", response.party + (f" ({response.country})" if response.country else "")),
        ("Instrument", response.instrument_id or "none (national measure or to be given)"),
        ("Measure", response.measure),
        ("Incidents", ", ".join(response.incidents) or "none"),
        ("State named", response.state_named or "none"),
        ("Wording", response.attribution_wording or "none"),
        ("Listed", "; ".join(response.listed) or "none"),
        ("Sources", "; ".join(response.sources)),
        ("Statement", record.statement_id or "none (bundled)"),
        ("Drafted", f"by {record.drafted_by} on {record.drafted_at:%Y-%m-%d %H:%M} UTC"),
    ]
    if record.confirmed_by and record.confirmed_at:
        lines.append(
            ("Confirmed", f"by {record.confirmed_by} on {record.confirmed_at:%Y-%m-%d %H:%M} UTC")
        )
    draft = record.incident_draft
    if draft is not None:
        held = draft.state or draft.actor
        lines += [
            ("Draft incident", f"{draft.title} ({draft.slug}), disclosed {draft.date or '?'}"),
            ("  victims", ", ".join((*draft.countries, *draft.sectors)) or "none read"),
            (
                "  held responsible",
                f"{held} ({draft.strength}: {draft.likelihood}, {draft.confidence} confidence)"
                if held
                else "none read",
            ),
        ]
    for label, value in lines:
        out_console.print(f"{label + ':':<18} {escape(value)}")
