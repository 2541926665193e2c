"""A centre for the authorization matrix: four agencies, and in each one of everything a command
can act on (incident, remark, units, directive, request, hazard, bulletin, user).

MPD is the actors' agency and the dispatch centre of MFD; NPD is an unrelated local agency; FED
is a partner with its own CAD. NPD asked MPD for help on one of its incidents (shared with MPD);
MPD asked FED for help on one of its incidents (shared with FED).
"""

from __future__ import annotations

from dataclasses import dataclass

from tenfour.domain import commands as c
from tenfour.domain import events as e
from tenfour.domain.actors import SERVICES, SYSTEM, TRANSCRIBER, Actor, Role, recorder_actor
from tests.unit.domain.world import World

AGENCIES = {"MPD": None, "MFD": "MPD", "NPD": None, "FED": None}
EVERY_ROLE = tuple(r.value for r in Role if r != Role.SYSTEM and r not in SERVICES)
MPD_ROLES = (
    Role.CALL_TAKER,
    Role.DISPATCHER,
    Role.SUPERVISOR,
    Role.COMMANDER,
    Role.UNIT,
    Role.RECORDS,
    Role.ADMIN,
    Role.CENTRE_ADMIN,
    Role.RECORDER,  # services: a radio recorder and the transcriber
    Role.TRANSCRIBER,
)


def mpd_actor(role: Role) -> Actor:
    """An MPD user in ``role`` (the crew login is bound to MPD's unit UMPD); a service role is
    the service itself (the centre's recorder rec1, tenfour's transcriber)."""
    if role == Role.RECORDER:
        return recorder_actor("rec1")
    if role == Role.TRANSCRIBER:
        return TRANSCRIBER
    return Actor(f"mpd-{role.value}", role, "MPD", "UMPD" if role == Role.UNIT else None)


PARTNER = Actor("fedcad", Role.PARTNER, "FED")


@dataclass(frozen=True)
class Target:
    """What commands of one matrix column act on."""

    agency: str
    incident: str
    remark: str
    other: str  # a second incident, to link with
    unit: str  # assigned to ``incident``
    spare: str  # an available unit to dispatch
    directive: str
    request: str  # a request made to ``agency``
    hazard: str
    bulletin: str
    user: str
    proposal: str  # a partner's proposal on ``incident``
    transmission: str  # a radio transmission on the agency's channel, by ``unit``
    radio_phrase: str  # an on-scene phrase proposed from it for ``unit``


def _incident(w: World, agency: str, note: str) -> tuple[str, str]:
    cmd = c.CreateIncident(
        type_code="disturbance",
        priority=2,
        address="Street 1",
        lat=60.17,
        lon=24.94,
        narrative=note,
        ani="+3584000",
        caller_name="A Caller",
        agency=agency,
    )
    events = w.do(SYSTEM, cmd)
    return events[0].incident_id or "", str(getattr(events[2], "remark", ""))


def _proposal(w: World, incident: str) -> str:
    """A partner's proposal to re-prioritise ``incident`` (as an import would record it)."""
    ident = f"PROP-{incident}"
    proposed = e.IncidentChangeProposed(
        proposal=ident, incident=incident, source="FED", external_id=f"x-{incident}", priority=5
    )
    w._record(Actor("fed-cad", Role.PARTNER, "FED"), [proposed])
    return ident


def _request(w: World, incident: str, asking: str, asked: str) -> str:
    cmd = c.RequestAssistance(incident=incident, to_agency=asked, what="help", from_agency=asking)
    return str(getattr(w.do(SYSTEM, cmd)[0], "request", ""))


def _agency(w: World, agency: str) -> dict[str, str]:
    """One of everything in ``agency``."""
    staff = Actor(f"staff-{agency}", Role.COMMANDER, agency)
    found = {"agency": agency}
    for unit in (f"U{agency}", f"V{agency}"):
        w.do(SYSTEM, c.RegisterUnit(unit=unit, agency=agency, unit_type="patrol"))
    w.do(SYSTEM, c.RegisterUser(user=f"user-{agency}", agency=agency, roles=("dispatcher",)))
    found["incident"], found["remark"] = _incident(w, agency, f"first of {agency}")
    found["other"], _ = _incident(w, agency, f"second of {agency}")
    found["proposal"] = _proposal(w, found["incident"])
    w.do(SYSTEM, c.DispatchUnit(incident=found["incident"], unit=f"U{agency}"))
    issued = w.do(staff, c.IssueDirective(kind="hold", reason="r", incident=found["incident"]))
    found["directive"] = str(getattr(issued[0], "directive", ""))
    hazard = w.do(staff, c.AddHazard(description="dog", person=f"P {agency}"))
    found["hazard"] = str(getattr(hazard[0], "hazard", ""))
    bulletin = w.do(staff, c.IssueBulletin(subject="s", plates=(f"PL-{agency}",)))
    found["bulletin"] = str(getattr(bulletin[0], "bulletin", ""))
    found["unit"], found["spare"], found["user"] = f"U{agency}", f"V{agency}", f"user-{agency}"
    found["transmission"], found["radio_phrase"] = _radio(w, agency)
    return found


def _radio(w: World, agency: str) -> tuple[str, str]:
    """A channel of ``agency``, a radio in its unit, a transmission by it and a phrase."""
    channel = c.SetCentreEntry(
        section="radio_channel", key=f"CH-{agency}", value={"agency": agency, "talkgroup": 100}
    )
    radio_id = str(sum(map(ord, agency)))
    assign = c.SetCentreEntry(section="radio_id", key=radio_id, value={"unit": f"U{agency}"})
    w.do(SYSTEM, channel)
    if "rec1" not in w.state.config.get("recorder", {}):  # the centre's one recorder
        w.do(
            SYSTEM, c.SetCentreEntry(section="recorder", key="rec1", value={"key_sha256": "e" * 64})
        )
    w.do(SYSTEM, assign)
    ident = f"T-{agency}"
    w.do(SYSTEM, transmission(ident, f"CH-{agency}", int(radio_id), w.now))
    phrase = c.ProposeRadioPhrase(
        proposal=f"RP-{agency}",
        transmission=ident,
        kind="onscene",
        phrase="on scene",
        unit=f"U{agency}",
    )
    w.do(SYSTEM, phrase)
    return ident, f"RP-{agency}"


def transmission(ident: str, channel: str | None, radio: int, at: str) -> c.RecordTransmission:
    """A two-second transmission of ``radio`` on ``channel`` starting at ``at``."""
    return c.RecordTransmission(
        transmission=ident,
        channel=channel,
        talkgroup=100,
        system="metro",
        started_at=at,
        ended_at=at,
        audio_sha256="a" * 64,
        audio_bytes=1000,
        audio_format="wav",
        duration_s=2.0,
        recorder="rec1",
        sources=({"radio": radio, "offset_s": 0.0},),
    )


class Scene:
    """The centre, and the target of each matrix column."""

    def __init__(self) -> None:
        w = self.world = World()
        for agency, centre in AGENCIES.items():
            register = c.RegisterAgency(
                agency=agency,
                name=agency,
                kind="police",
                directive_roles=EVERY_ROLE,
                dispatch_centre=centre,
            )
            w.do(SYSTEM, register)
        parts = {a: _agency(w, a) for a in AGENCIES}
        for agency, part in parts.items():  # a request made to each agency
            on, _ = _incident(w, "MPD", f"asks {agency}")
            asking = "FED" if agency == "MPD" else "MPD"
            part["request"] = _request(w, on, asking, agency)
        self.shared_with_mpd, remark_mpd = _incident(w, "NPD", "NPD asks MPD")
        _request(w, self.shared_with_mpd, "NPD", "MPD")
        self.shared_with_fed, remark_fed = _incident(w, "MPD", "MPD asks FED")
        _request(w, self.shared_with_fed, "MPD", "FED")
        self.targets = {a: Target(**p) for a, p in parts.items()}
        self.shared_remarks = {"MPD": remark_mpd, "FED": remark_fed}
        self.shared_proposals = {
            "MPD": _proposal(w, self.shared_with_mpd),
            "FED": _proposal(w, self.shared_with_fed),
        }

    def column(self, name: str, *, partner: bool = False) -> Target:
        """The target of a column: own, dispatched, shared, unrelated, partner (for MPD's
        actors) or own, shared, unrelated (for the partner FED)."""
        if partner:
            agency = {"own": "FED", "shared": "MPD", "unrelated": "NPD"}[name]
        else:
            agency = {
                "own": "MPD",
                "dispatched": "MFD",
                "shared": "NPD",
                "unrelated": "NPD",
                "partner": "FED",
            }[name]
        target = self.targets[agency]
        if name != "shared":
            return target
        viewer = "FED" if partner else "MPD"
        incident = self.shared_with_fed if partner else self.shared_with_mpd
        return Target(
            **{
                **vars(target),
                "incident": incident,
                "remark": self.shared_remarks[viewer],
                "proposal": self.shared_proposals[viewer],
                "spare": self.targets[viewer].spare,
            }
        )
