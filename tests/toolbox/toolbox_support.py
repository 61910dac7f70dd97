"""Helpers shared by the Toolbox tests."""

from __future__ import annotations

from tests_support import CHEAP_PASSWORDS

__all__ = ["CHEAP_PASSWORDS"]
