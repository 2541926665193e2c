"""Phrases on the radio that matter to the record, spotted in a machine transcript.

A spoken stand-down or "no units will respond" belongs beside the directive it relays (and,
where no directive was recorded, is worth a dispatcher's look for that very reason); "en route"
or "on scene" from a unit whose status says otherwise is a status the CAD has not been told.
The spotter only *proposes*: ``spot`` returns what it heard, the dispatcher confirms or dismisses.

Speech recognition mishears ("on route", "standing town", "on seen"), so the text is
normalised (case, punctuation, number words) and each phrase is matched, word by word, against
a few known variants with a small fuzzy distance per word (alike initial, close spelling).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from enum import StrEnum

from tenfour.domain.entities import BLOCKING_KINDS, Directive
from tenfour.domain.state import DispatchState, covers
from tenfour.domain.statuses import UnitStatus
from tenfour.domain.timefmt import seconds_between

FUZZY = 0.75  # SequenceMatcher ratio of a misheard word to the phrase's ("seen" ~ "scene")
ALIKE = ("dt", "bp", "gk", "fv", "scz")  # initials a noisy channel confuses
SHORT = 3  # words this short must be heard exactly ("no" is not "so")
NEGATIONS = frozenset({"not", "no", "negative", "never", "cancel", "disregard", "longer"})
RECENT_S = 30 * 60  # a lifted or expired directive still explains a stand-down this long after
ENTERED_AFTER_S = 5 * 60  # a directive recorded this long after the words still goes with them


class PhraseKind(StrEnum):
    """What was heard (``ProposeRadioPhrase.kind``)."""

    STAND_DOWN = "stand_down"
    NO_UNITS_RESPOND = "no_units_respond"
    ENROUTE = "enroute"
    ONSCENE = "onscene"


PHRASES: dict[PhraseKind, tuple[str, ...]] = {
    PhraseKind.NO_UNITS_RESPOND: (
        "no units will respond", "no unit will respond", "no units are to respond",
        "no units to respond", "no units respond", "no units are responding",
    ),
    PhraseKind.STAND_DOWN: (
        "stand down", "standing down", "stood down", "stand them down", "stand your units down",
        "all units stand down",
    ),
    PhraseKind.ENROUTE: (
        "en route", "enroute", "in route", "on route", "responding", "on the way", "on our way",
    ),
    PhraseKind.ONSCENE: (
        "on scene", "onscene", "on seen", "on location", "arrived", "arriving on scene",
        "at scene", "at the scene",
    ),
}  # fmt: skip
# A unit's status from which the spoken one is a step the CAD has not recorded yet.
BEHIND: dict[PhraseKind, frozenset[UnitStatus]] = {
    PhraseKind.ENROUTE: frozenset({UnitStatus.DISPATCHED}),
    PhraseKind.ONSCENE: frozenset({UnitStatus.DISPATCHED, UnitStatus.ENROUTE}),
}
NUMBER_WORDS = {
    "zero": "0", "oh": "0", "one": "1", "two": "2", "three": "3", "four": "4", "five": "5",
    "six": "6", "seven": "7", "eight": "8", "nine": "9", "ten": "10", "eleven": "11",
    "twelve": "12",
}  # fmt: skip
_NOT_WORD = re.compile(r"[^a-z0-9]+")


@dataclass(frozen=True, slots=True)
class Moment:
    """What the CAD knew when the transmission was made.

    ``unit`` is the unit whose radio keyed up (None for a dispatcher or an unknown radio),
    ``incident`` the one it or the transmission was tied to, ``directives`` those covering
    that incident near the time (``moment_at``).
    """

    unit: str | None = None
    unit_status: UnitStatus | None = None
    incident: str | None = None
    directives: tuple[Directive, ...] = ()


@dataclass(frozen=True, slots=True)
class Spotted:
    """A phrase heard, and what it is proposed to be about."""

    kind: PhraseKind
    phrase: str  # the words as the machine heard them
    unit: str | None
    incident: str | None
    directive: str | None


def words(text: str) -> list[str]:
    """Lower-case words without punctuation, number words as digits ("Engine Twelve" -> 12)."""
    found = _NOT_WORD.sub(" ", text.lower().replace("'", "")).split()
    return [NUMBER_WORDS.get(word, word) for word in found]


def normalise(text: str) -> str:
    """``words`` joined by single spaces (also what word error rate is measured on)."""
    return " ".join(words(text))


def find(kind: PhraseKind, heard: Sequence[str]) -> str | None:
    """The words of ``heard`` that say ``kind``'s phrase (not negated), or None."""
    for phrase in PHRASES[kind]:
        target = phrase.split()
        for start in range(len(heard) - len(target) + 1):
            window = heard[start : start + len(target)]
            if all(map(_close, window, target)) and not _negated(heard, start):
                return " ".join(window)
    return None


def _close(said: str, word: str) -> bool:
    """One word as heard against one of the phrase: equal, or long, alike and same initial."""
    if said == word:
        return True
    if min(len(said), len(word)) <= SHORT or not _alike(said[0], word[0]):
        return False
    return SequenceMatcher(None, said, word).ratio() >= FUZZY


def _alike(first: str, other: str) -> bool:
    """Initial sounds a noisy channel confuses ("town" for "down", "seen" for "scene")."""
    return first == other or any(first in group and other in group for group in ALIKE)


def _negated(heard: Sequence[str], start: int) -> bool:
    return any(word in NEGATIONS for word in heard[max(0, start - 2) : start])


def spot(text: str, moment: Moment) -> list[Spotted]:
    """The proposals a transcript gives rise to at ``moment`` (empty: nothing to propose)."""
    heard = words(text)
    found: list[Spotted] = []
    order = _order_phrase(heard)
    if order is not None:
        kind, phrase = order
        directive = _directive_for(moment.directives)
        found.append(Spotted(kind, phrase, moment.unit, moment.incident, directive))
        return found  # a stand-down is not also read as a unit's "responding"
    for kind in (PhraseKind.ONSCENE, PhraseKind.ENROUTE):
        status = find(kind, heard)
        if status is not None and _status_behind(kind, moment):
            found.append(Spotted(kind, status, moment.unit, moment.incident, None))
            break  # "arrived on scene" is not also "en route"
    return found


def _order_phrase(heard: Sequence[str]) -> tuple[PhraseKind, str] | None:
    for kind in (PhraseKind.NO_UNITS_RESPOND, PhraseKind.STAND_DOWN):
        phrase = find(kind, heard)
        if phrase is not None:
            return kind, phrase
    return None


def _status_behind(kind: PhraseKind, moment: Moment) -> bool:
    return moment.unit is not None and moment.unit_status in BEHIND[kind]


def _directive_for(directives: Iterable[Directive]) -> str | None:
    """The stand-down or hold the words relay: the latest issued of those given."""
    blocking = [d for d in directives if d.kind in BLOCKING_KINDS]
    return max(blocking, key=lambda d: d.issued_at).id if blocking else None


def moment_at(
    state: DispatchState, *, unit: str | None, incidents: Sequence[str], at: str
) -> Moment:
    """The context of a transmission made at ``at`` by ``unit``, tied to ``incidents``.

    The unit's status is the state's (the latest: a status the dispatcher already entered is
    not proposed again); the incident is the unit's current one, else the first the
    transmission was tied to; the directives are those covering it around ``at``."""
    found = state.units.get(unit) if unit is not None else None
    incident = _incident_of(state, found.assignment_id if found else None) or next(
        iter(incidents), None
    )
    return Moment(
        unit=found.id if found else None,
        unit_status=found.status if found else None,
        incident=incident,
        directives=_directives_near(state, incident, at),
    )


def _incident_of(state: DispatchState, assignment: str | None) -> str | None:
    found = state.assignments.get(assignment) if assignment is not None else None
    return found.incident_id if found is not None and found.active else None


def _directives_near(state: DispatchState, incident: str | None, at: str) -> tuple[Directive, ...]:
    subject = state.incidents.get(incident) if incident is not None else None
    if subject is None:
        return ()
    return tuple(d for d in state.directives.values() if covers(d, subject) and _near(d, at))


def _near(directive: Directive, at: str) -> bool:
    """Issued before ``at`` and in force then or ended lately, or entered just after it (the
    dispatcher relays an order by voice, then records it)."""
    after = seconds_between(at, directive.issued_at)
    if after > 0:
        return after <= ENTERED_AFTER_S
    return directive.in_force(at) or _ended_lately(directive, at)


def _ended_lately(directive: Directive, at: str) -> bool:
    ended = directive.lifted_at or directive.expires_at
    return ended is not None and 0 <= seconds_between(ended, at) <= RECENT_S
