"""The JSON API under `/api/v1`, documented by the generated OpenAPI."""

from cdtoolbox.interfaces.api.router import API_VERSION_PREFIX, build_api_router

__all__ = ["API_VERSION_PREFIX", "build_api_router"]
