"""Which records belong to which incident: the keys a journal record is filed under.

An event belongs to an incident when its payload names it (``incident``, and ``other`` for a
link). Directives, bulletins and hazards get keys of their own (``directive:DIR1``) holding their
issue, lift, acknowledgments, cancellation; an incident *cites* such a key when one of its events
names it (a clearance citing a stand-down, a bulletin hit), and its timeline then includes the
cited records too. A radio transmission is filed under each incident it was attributed to and
under ``transmission:T..``, which those incidents cite (its transcripts, corrections, phrases).
The journal files every record by these keys as it appends it (``journal_filing``), and the
in-memory index of a one-pass scan uses the same rule.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from tenfour.domain import events as e

Getter = Callable[[str], object]

_OWN_KEYS: dict[str, str] = {
    e.DirectiveIssued.TYPE: "directive",
    e.DirectiveLifted.TYPE: "directive",
    e.DirectiveAcknowledged.TYPE: "directive",
    e.BulletinIssued.TYPE: "bulletin",
    e.BulletinCancelled.TYPE: "bulletin",
    e.HazardAdded.TYPE: "hazard",
    e.HazardRemoved.TYPE: "hazard",
    e.TransmissionRecorded.TYPE: "transmission",
    e.TranscriptAdded.TYPE: "transmission",
    e.TranscriptCorrected.TYPE: "transmission",
    e.RadioPhraseProposed.TYPE: "transmission",
    e.RadioPhraseConfirmed.TYPE: "transmission",
    e.RadioPhraseDismissed.TYPE: "transmission",
}
_CITED_KEYS: dict[str, str] = {
    e.DispatchRefused.TYPE: "directive",
    e.DirectiveOverridden.TYPE: "directive",
    e.UnitCleared.TYPE: "directive",
    e.AssistanceAnswered.TYPE: "directive",
    e.BulletinMatched.TYPE: "bulletin",
    e.HazardMatched.TYPE: "hazard",
    e.TransmissionRecorded.TYPE: "transmission",  # its incidents cite its transcripts
}


@dataclass(frozen=True, slots=True)
class Keys:
    """The index keys a record is filed under, and the keys its incidents cite."""

    own: tuple[str, ...]
    cited: tuple[str, ...]


NO_KEYS = Keys((), ())


def keys_of(type_name: str, get: Getter) -> Keys:
    """Keys of an event, read through ``get`` (a payload dict's or an event's attributes)."""
    own: list[str] = []
    two = type_name in (e.IncidentsLinked.TYPE, e.IncidentsUnlinked.TYPE)  # both incidents'
    for name in ("incident", "other") if two else ("incident",):
        value = get(name)
        if isinstance(value, str):
            own.append(value)
    found = get("incidents") if type_name == e.TransmissionRecorded.TYPE else None
    if isinstance(found, list | tuple):  # a transmission: the incidents its units were on
        own.extend(i for i in found if isinstance(i, str))
    kind = _OWN_KEYS.get(type_name)
    if kind is not None and isinstance(get(kind), str):
        own.append(f"{kind}:{get(kind)}")
    cited_kind = _CITED_KEYS.get(type_name)
    cited = get(cited_kind) if cited_kind is not None else None
    return Keys(tuple(own), (f"{cited_kind}:{cited}",) if isinstance(cited, str) else ())


def incident_of_key(key: str) -> bool:
    """Whether a key names an incident (not a directive, bulletin or hazard)."""
    return ":" not in key
