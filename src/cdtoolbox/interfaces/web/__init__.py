"""The server-rendered pages: readable without JavaScript, with every asset served locally."""

from cdtoolbox.interfaces.web.extensions import (
    ExportFormat,
    NavItem,
    PageSection,
    WebExtensions,
)
from cdtoolbox.interfaces.web.pages import STATIC_DIRECTORY, build_web_router

__all__ = [
    "STATIC_DIRECTORY",
    "ExportFormat",
    "NavItem",
    "PageSection",
    "WebExtensions",
    "build_web_router",
]
