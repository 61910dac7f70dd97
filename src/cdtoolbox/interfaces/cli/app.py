"""`cdt`: the command line of the Cyber Diplomacy Toolbox.

The sub-commands are declared here by name, module and help, and imported only when used
(see ``lazy_commands``), so that ``cdt --help`` and each command start without importing
the others.
"""

from __future__ import annotations

import typer

from cdtoolbox.interfaces.cli.global_options import DatabaseUrlOption, UserOption
from cdtoolbox.interfaces.cli.lazy_commands import LazySubcommand, LazyTyperGroup

__all__ = ["SUBCOMMANDS", "app", "main"]

_CLI = "cdtoolbox.interfaces.cli"

# In the order `cdt --help` lists them; `help` is the first paragraph of the command's own help
# (tests/interfaces/test_cli_startup.py compares them).
SUBCOMMANDS = (
    LazySubcommand(
        "assess",
        f"{_CLI}.assess:assess_command",
        "Assess an incident: severity, attribution, norms and law engaged, response options.",
    ),
    LazySubcommand(
        "serve",
        f"{_CLI}.serve:serve_command",
        "Serve the web application and the JSON API (http://127.0.0.1:8000 by default).",
    ),
    LazySubcommand(
        "verify",
        f"{_CLI}.keys:verify_command",
        "Check FILE against SIGNATURE: both the ML-DSA-65 and the Ed25519 signature must verify "
        "under a trusted key of the keyring. Exit 0 and name the signer when valid; exit 2 with "
        "the reason otherwise.",
    ),
    LazySubcommand(
        "init",
        f"{_CLI}.init:init_command",
        "Create or migrate the database and load the reference actors and the curated dataset.",
    ),
    LazySubcommand(
        "incidents",
        f"{_CLI}.incidents:app",
        "Malicious cyber activities: incidents and campaigns.",
    ),
    LazySubcommand(
        "actors", f"{_CLI}.actors:app", "Threat actors, their aliases and suspected sponsors."
    ),
    LazySubcommand(
        "observables",
        f"{_CLI}.observables:app",
        "Observables (IP addresses, domains, URLs, file hashes, certificate fingerprints, "
        "e-mail addresses) on incidents, and the incidents that share them.",
    ),
    LazySubcommand(
        "situation",
        f"{_CLI}.situation:app",
        "The live situation: each incident's event log, operational status and crisis level "
        "(technical, operational, strategic-political), and the board of incidents followed.",
    ),
    LazySubcommand(
        "requests",
        f"{_CLI}.assistance:app",
        "Requests for assistance (norm 13(h), Art. 42(7) TEU, Art. 222 TFEU, the PESCO Cyber "
        "Rapid Response Teams, the EU Cybersecurity Reserve) and the offers made. Writes act "
        "as --user.",
    ),
    LazySubcommand(
        "teams",
        f"{_CLI}.teams:app",
        "Teams that can be sent (the PESCO Cyber Rapid Response Teams bundled, national teams, "
        "Reserve providers) and their deployments. Writes act as --user.",
    ),
    LazySubcommand(
        "alerts",
        f"{_CLI}.alerts:app",
        "Alerts raised by the rules (severity high or above in two or more Member States; an "
        "actor under EU sanctions active again), once per rule and subject, and their "
        "acknowledgement.",
    ),
    LazySubcommand(
        "webhooks",
        f"{_CLI}.webhooks:app",
        "Webhook targets that new alerts are sent to, signed (HMAC-SHA256), within the "
        "CDT_WEBHOOK_ALLOW allow-list; administrators only.",
    ),
    LazySubcommand(
        "sitreps",
        f"{_CLI}.sitreps:app",
        "Situation reports on incidents (summary, assessment, actions, next steps): drafted "
        "and revised by analysts, every version kept, approved by another person, exported "
        "at their TLP.",
    ),
    LazySubcommand(
        "cases",
        f"{_CLI}.cases:app",
        "Response cases: open one on incidents, shape its measures, record Member States' "
        "positions, decide, implement and review. Writes act as --user (see `cdt --help`).",
    ),
    LazySubcommand(
        "users",
        f"{_CLI}.users:app",
        "User accounts: viewer, analyst, delegate (of one Member State), approver, admin.",
    ),
    LazySubcommand(
        "audit",
        f"{_CLI}.audit:app",
        "The audit trail of incidents, imports, cases, listings and accounts.",
    ),
    LazySubcommand(
        "sanctions",
        f"{_CLI}.sanctions:app",
        "The EU cyber sanctions register: who is listed, on what grounds, for which incidents, "
        "and when the listings come up for renewal.",
    ),
    LazySubcommand(
        "cbms",
        f"{_CLI}.cbms:app",
        "Confidence-building measures (OSCE, ASEAN Regional Forum, OAS/CICTE, UN) and the "
        "implementation tracker: each State's status per measure, with evidence and history.",
    ),
    LazySubcommand(
        "pocs",
        f"{_CLI}.pocs:app",
        "Points of contact per State and framework (organisation, channel, languages, hours, "
        "last verified) and communication checks of them.",
    ),
    LazySubcommand(
        "dialogues",
        f"{_CLI}.dialogues:app",
        "The EU's cyber dialogues and partnerships (third countries, organisations, cyber "
        "ambassadors): status, rounds with their marking, next meeting.",
    ),
    LazySubcommand(
        "capacity",
        f"{_CLI}.capacity:app",
        "Cyber capacity-building projects (funder, partners, themes, budget, dates) and the "
        "gaps: States with incidents or weak CBM implementation that no project serves.",
    ),
    LazySubcommand(
        "un",
        f"{_CLI}.un:app",
        "The UN process on ICTs: processes and sessions, documents paragraph by paragraph, the "
        "EU's and Member States' positions per paragraph, and the statements delivered.",
    ),
    LazySubcommand(
        "statements",
        f"{_CLI}.statements:app",
        "Official statements (declarations on behalf of the EU, Council press releases, "
        "national attributions): read who is held responsible, the instrument, the norms "
        "invoked and the measures announced; keep them in the archive and search it.",
    ),
    LazySubcommand(
        "responses",
        f"{_CLI}.responses:app",
        "The public responses of the EU and its Member States: the release's and those "
        "analysts confirmed from statements, the precedents of the assessment.",
    ),
    LazySubcommand(
        "taxii",
        f"{_CLI}.taxii:app",
        "The TAXII 2.1 server's collections (served under /taxii2/ by `cdt serve`).",
    ),
    LazySubcommand(
        "report",
        f"{_CLI}.report:app",
        "Documents for decision makers (decision brief, case dossier, annual report, "
        "UN contribution, threat landscape).",
    ),
    LazySubcommand("import", f"{_CLI}.exchange:import_app", "Import from partners' formats."),
    LazySubcommand("export", f"{_CLI}.exchange:export_app", "Export in partners' formats."),
    LazySubcommand(
        "keys",
        f"{_CLI}.keys:app",
        "Hybrid signing keys (ML-DSA-65 with Ed25519) and the keyring of partners' public keys "
        "that `cdt verify` trusts.",
    ),
    LazySubcommand(
        "pqc",
        f"{_CLI}.pqc:app",
        "The post-quantum transition tracker: inventories of cryptographic assets per "
        "organisation and Member State, classified quantum-vulnerable, weakened or resistant, "
        "and the progress towards the EU roadmap's milestones (2026, 2030, 2035).",
    ),
)


class _CdtGroup(LazyTyperGroup):
    subcommands = SUBCOMMANDS


app = typer.Typer(
    name="cdt",
    cls=_CdtGroup,
    help=(
        "Cyber Diplomacy Toolbox: record malicious cyber activities, the actors behind them and "
        "the attributions made, assess them and prepare the EU's diplomatic response."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


@app.callback()
def root(
    ctx: typer.Context, database_url: DatabaseUrlOption = None, user: UserOption = None
) -> None:
    """Cyber Diplomacy Toolbox command line."""
    state = ctx.ensure_object(dict)
    state["database_url"] = database_url
    state["user"] = user


def main() -> None:
    app()
