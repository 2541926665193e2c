"""domain/errors.py: a retried command that left only refusal records is refused again."""

from __future__ import annotations

from tenfour.domain import events as e
from tenfour.domain.errors import Reason, refused_earlier


def _refusal() -> e.DispatchRefused:
    return e.DispatchRefused(incident="I1", unit="E21", directive="D1", reason="stand_down: X")


def test_only_refusal_records_mean_refused() -> None:
    found = refused_earlier([_refusal()])
    assert found is not None
    assert found.reason is Reason.CONFLICT
    assert "stand_down: X" in found.message


def test_other_events_or_none_mean_accepted() -> None:
    moved = e.UnitMoved(unit="E21", lat=60.0, lon=24.0)
    assert refused_earlier([]) is None
    assert refused_earlier([moved]) is None
    assert refused_earlier([_refusal(), moved]) is None


def test_refusal_is_marked_on_the_event_type_not_by_name() -> None:
    assert [cls.TYPE for cls in e.REGISTRY.values() if cls.REFUSAL] == ["DispatchRefused"]
