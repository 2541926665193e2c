"""Fixtures for the domain's unit tests."""

from tests.unit.domain.world import world

__all__ = ["world"]
