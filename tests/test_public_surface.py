"""The declared library surface: what `from cdtoolbox import …` promises."""

from __future__ import annotations

import importlib.metadata

import cdtoolbox

EXPECTED = {
    "AttributingParty", "Attribution", "CdtError", "Conflict", "Country", "Forbidden", "Impact",
    "ImportRejected", "Incident", "IncidentFilter", "IncidentSort", "IncidentType", "InitReport",
    "InvalidInput", "KnowledgeBase", "NotFound", "Organisation", "Page", "PartialDate", "Sector",
    "Settings", "Source", "ThreatActor", "Tlp", "Toolbox", "__version__", "load_knowledge",
    # Accounts and response cases.
    "SYSTEM_USER", "User", "Role", "CaseState", "PositionKind", "InvalidTransition",
    "NotAuthenticated",
}  # fmt: skip


def test_all_is_exactly_the_promised_surface() -> None:
    assert set(cdtoolbox.__all__) == EXPECTED


def test_every_exported_name_exists_and_is_documented() -> None:
    for name in cdtoolbox.__all__:
        member = getattr(cdtoolbox, name)
        if name != "__version__":
            assert member.__doc__, f"{name} has no docstring"


def test_version_matches_the_package_metadata() -> None:
    assert cdtoolbox.__version__ == importlib.metadata.version("cdtoolbox")


def test_the_database_setting_comes_from_the_environment() -> None:
    settings = cdtoolbox.Settings.from_environment({"CDT_DATABASE_URL": "sqlite:////tmp/x.db"})
    assert settings.database_url == "sqlite:////tmp/x.db"
    default = cdtoolbox.Settings.from_environment({})
    assert default.database_url.startswith("sqlite:///") and default.database_url.endswith(
        "cdtoolbox.db"
    )
