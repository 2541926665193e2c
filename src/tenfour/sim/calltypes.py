"""What people call about: the simulated mix of police, fire and medical incident types.

Each :class:`CallType` says how often it comes (``weight``, per cent of all calls), which
discipline answers it, its priorities, how long units stay on scene (a log-normal time with
the given median), and for medical calls how often the patient is transported. The mix is an
illustrative urban one: about 62 % police, 29 % medical and 9 % fire, within the ranges public
911 centres commonly report. Type codes and disciplines come from the controlled vocabulary
(``tenfour/data/incident_types.json``, the console's type picker); they match the run cards in
``tenfour/data/runcards.json`` where a card exists.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass

from tenfour.incident_types import load_vocabulary

MINUTE = 60.0
ON_SCENE_SIGMA = 0.45  # log-normal spread: most times between 0.5x and 2x the median


@dataclass(frozen=True)
class CallType:
    """One kind of incident and how it plays out."""

    type_code: str
    weight: float  # share of all calls, per cent
    priorities: tuple[tuple[int, float], ...]  # (priority, weight)
    on_scene_median_s: float
    transport_p: float = 0.0
    narratives: tuple[str, ...] = ("",)

    @property
    def discipline(self) -> str:
        """police, fire or ems, as the vocabulary says (an unknown code is refused)."""
        known = load_vocabulary().get(self.type_code)
        if known is None:
            raise LookupError(f"call type {self.type_code!r} is not in incident_types.json")
        return known.discipline

    def priority(self, rng: random.Random) -> int:
        """A priority drawn from this type's distribution."""
        values = [p for p, _ in self.priorities]
        return rng.choices(values, weights=[w for _, w in self.priorities])[0]

    def on_scene_s(self, rng: random.Random) -> float:
        """Time on scene, log-normal around the median, clipped to 0.25x-4x."""
        raw = self.on_scene_median_s * math.exp(rng.gauss(0.0, ON_SCENE_SIGMA))
        return min(max(raw, 0.25 * self.on_scene_median_s), 4 * self.on_scene_median_s)


def _t(
    code: str,
    weight: float,
    priorities: tuple[tuple[int, float], ...],
    minutes: float,
    transport_p: float = 0.0,
    *narratives: str,
) -> CallType:
    return CallType(code, weight, priorities, minutes * MINUTE, transport_p, narratives)


CALL_TYPES: tuple[CallType, ...] = (
    # police, 62 %
    _t("disturbance", 12, ((2, 0.5), (3, 0.5)), 18, 0.0,
       "LOUD ARGUMENT IN STAIRWELL", "GROUP SHOUTING OUTSIDE BAR", "NEIGHBOURS FIGHTING"),
    _t("theft", 10, ((3, 0.7), (4, 0.3)), 25, 0.0,
       "BICYCLE STOLEN FROM YARD", "WALLET TAKEN AT CAFE", "SHOPLIFTER HELD BY STAFF"),
    _t("suspicious_person", 8, ((2, 0.4), (3, 0.6)), 12, 0.0,
       "MAN TRYING CAR DOORS", "PERSON LOOKING INTO WINDOWS"),
    _t("traffic_collision", 7, ((1, 0.2), (2, 0.8)), 35, 0.3,
       "TWO CARS COLLIDED AT JUNCTION", "CYCLIST HIT BY VAN", "TRAM AND CAR, MINOR"),
    _t("assault", 6, ((1, 0.4), (2, 0.6)), 30, 0.0,
       "MAN PUNCHED OUTSIDE KIOSK", "FIGHT IN PROGRESS, 3 PERSONS"),
    _t("burglary", 5, ((1, 0.3), (3, 0.7)), 35, 0.0,
       "BROKEN WINDOW, SOMEONE INSIDE", "SHOP DOOR FORCED OVERNIGHT"),
    _t("welfare_check", 5, ((3, 1.0),), 20, 0.0,
       "ELDERLY NEIGHBOUR NOT SEEN FOR DAYS", "PERSON LYING ON BENCH"),
    _t("alarm_burglar", 5, ((3, 1.0),), 10, 0.0, "INTRUDER ALARM, ZONE 2"),
    _t("noise_complaint", 4, ((4, 1.0),), 10, 0.0, "LOUD MUSIC FROM FLAT"),
    # fire, 9 %
    _t("alarm_fire", 5, ((2, 1.0),), 12, 0.0, "AUTOMATIC FIRE ALARM", "SMOKE DETECTOR"),
    _t("structure_fire", 1.5, ((1, 1.0),), 70, 0.0,
       "SMOKE FROM 3RD FLOOR WINDOW", "KITCHEN FIRE, FAMILY OUT"),
    _t("vehicle_fire", 1, ((2, 1.0),), 25, 0.0, "CAR ON FIRE IN STREET"),
    _t("smoke_investigation", 1.5, ((2, 1.0),), 15, 0.0, "SMELL OF SMOKE IN BUILDING"),
    # medical, 29 %
    _t("medical", 16, ((1, 0.25), (2, 0.6), (3, 0.15)), 20, 0.6,
       "CHEST PAIN, 60S MALE", "DIABETIC, CONFUSED", "ABDOMINAL PAIN"),
    _t("fall", 6, ((3, 1.0),), 18, 0.45, "ELDERLY FALL, HIP PAIN", "FELL ON ICE"),
    _t("breathing_problem", 4, ((1, 1.0),), 22, 0.75, "DIFFICULTY BREATHING"),
    _t("cardiac_arrest", 1, ((1, 1.0),), 35, 0.7, "NOT BREATHING, CPR IN PROGRESS"),
    _t("overdose", 2, ((1, 0.5), (2, 0.5)), 20, 0.6, "UNCONSCIOUS, POSSIBLE OVERDOSE"),
)  # fmt: skip

BY_CODE: dict[str, CallType] = {t.type_code: t for t in CALL_TYPES}


def pick_type(rng: random.Random, types: tuple[CallType, ...] = CALL_TYPES) -> CallType:
    """A call type drawn by weight."""
    return rng.choices(types, weights=[t.weight for t in types])[0]
