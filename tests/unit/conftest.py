"""Fixtures shared by the unit tests."""

from tests.unit.domain.world import world

__all__ = ["world"]
