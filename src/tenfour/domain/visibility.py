"""Who may see what: an agency's restricted records stay with that agency."""

from __future__ import annotations

from tenfour.domain import events as e
from tenfour.domain.entities import Bulletin
from tenfour.domain.state import DispatchState


def bulletin_visible_to(bulletin: Bulletin, agency: str) -> bool:
    """Whether users of ``agency`` may see a bulletin: unrestricted, or their own."""
    return not bulletin.restricted or bulletin.agency == agency


def restricted_owner(state: DispatchState, event: e.Event) -> str | None:
    """The agency that alone may see this event, or None when every agency may."""
    bulletin_id = getattr(event, "bulletin", None)
    if isinstance(event, e.BulletinIssued):
        return event.agency if event.restricted else None
    if isinstance(bulletin_id, str):
        bulletin = state.bulletins.get(bulletin_id)
        if bulletin is not None and bulletin.restricted:
            return bulletin.agency
    return None


def visible_to(state: DispatchState, event: e.Event, agency: str) -> bool:
    """Whether users of ``agency`` may see the event."""
    owner = restricted_owner(state, event)
    return owner is None or owner == agency
