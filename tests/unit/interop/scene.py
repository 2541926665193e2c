"""Worlds for interop tests: the scenario's incident, and many varied generated incidents."""

from __future__ import annotations

import contextlib
import random

from tenfour.domain import commands as c
from tenfour.domain.actors import SYSTEM, Actor, Role
from tenfour.domain.errors import Rejected
from tenfour.interop.eido_ids import Issuer
from tests.unit.domain.world import (
    FED_SUPERVISOR,
    MPD_CALLTAKER,
    MPD_CHIEF,
    MPD_DISPATCHER,
    World,
    new_incident,
    unit_actor,
)

MPD = Issuer("cad.mpd.test", "MPD")
FED = Issuer("cad.fed.test", "FED")
FED_CAD = Actor("partner:FED", Role.PARTNER, "FED")
MPD_CAD = Actor("partner:MPD", Role.PARTNER, "MPD")
TYPES = [
    "structure_fire",
    "medical",
    "crowd",
    "assist_other_agency",
    "traffic_collision",
    "made_up_local_type",
]


def base_world() -> World:
    w = World()
    w.do(SYSTEM, c.RegisterAgency(agency="MPD", name="Metro Police", kind="police"))
    w.do(SYSTEM, c.RegisterAgency(agency="FED", name='Federal "partner"', kind="federal"))
    w.do(
        SYSTEM,
        c.RegisterAgency(agency="MFD", name="Metro Fire", kind="fire", dispatch_centre="MPD"),
    )
    for unit, kind, caps in (
        ("1A12", "patrol", ()),
        ("1A13", "k9", ("K9",)),
        ("1A14", "police_supervisor", ("supervisor",)),
        ("M7", "ambulance", ("ALS",)),
        ("E21", "engine", ()),
    ):
        agency = "MFD" if unit in ("M7", "E21") else "MPD"
        w.do(
            SYSTEM,
            c.RegisterUnit(
                unit=unit, agency=agency, unit_type=kind, capabilities=caps, lat=60.17, lon=24.94
            ),
        )
    w.do(SYSTEM, c.RegisterUser(user="crew7", agency="MFD", roles=("unit",), unit="M7"))
    return w


def scenario_world() -> tuple[World, str]:
    """The stand-down scenario up to the decline: bulletin, call, hit, dispatch, directive."""
    w = base_world()
    w.do(
        FED_SUPERVISOR,
        c.IssueBulletin(subject="BOLO", persons=("John Smith",), plates=("ABC-123",)),
    )
    w.do(
        FED_SUPERVISOR, c.IssueBulletin(subject="secret", persons=("Jane Hidden",), restricted=True)
    )
    incident = new_incident(
        w, narrative="CALLER IS 1 OF APPROX 30 FEDERAL OFFICERS BEING SURROUNDED"
    )
    w.do(
        MPD_CALLTAKER,
        c.AddCall(
            incident=incident,
            ani="555-0100",
            ali="Mannerheimintie 3",
            caller_name="Second Caller",
            duplicate=True,
        ),
    )
    w.do(
        MPD_CALLTAKER,
        c.AddRemark(
            incident=incident, text="blue van ABC123 driven by John Smith; Jane Hidden seen"
        ),
    )
    for unit in ("1A12", "1A13"):
        w.do(MPD_DISPATCHER, c.DispatchUnit(incident=incident, unit=unit, override_reason="test"))
    w.do(unit_actor("1A12"), c.MarkEnRoute(unit="1A12"))
    w.do(
        MPD_CHIEF,
        c.IssueDirective(
            kind="stand_down", reason="NO UNITS WILL RESPOND", authority="chief", incident=incident
        ),
    )
    w.do(MPD_DISPATCHER, c.ClearUnit(unit="1A12", directive="DIR1"))
    w.do(
        FED_CAD,
        c.RequestAssistance(
            incident=incident,
            to_agency="MPD",
            what="crowd control",
            from_agency="FED",
            external_ref="AR9",
        ),
    )
    return w, incident


def _try(w: World, actor: Actor, command: c.Command) -> None:
    with contextlib.suppress(Rejected):
        w.do(actor, command)


def varied_world(seed: int) -> tuple[World, list[str]]:
    """A world with a few incidents in random states (random but reproducible by seed)."""
    rnd = random.Random(seed)
    w = base_world()
    incidents = []
    for _ in range(rnd.randint(1, 3)):
        place = rnd.choice([(None, None), (60.2, 24.9), (-33.9, 151.2)])
        incident = new_incident(
            w,
            type_code=rnd.choice(TYPES),
            priority=rnd.randint(1, 9),
            address=rnd.choice(["Mannerheimintie 1", "Aleksanterinkatu <5> & 'b'", "Ö-katu 7"]),
            lat=place[0],
            lon=place[1],
            ani=rnd.choice(["", "+358401234567", "(555) 010-0200"]),
            caller_name=rnd.choice(["", "Ann Caller", "Åke Ödman"]),
            narrative=rnd.choice(["", "smoke seen", "x" * 300]),
        )
        incidents.append(incident)
        for _ in range(rnd.randint(0, 4)):
            _try(
                w,
                MPD_CALLTAKER,
                c.AddRemark(
                    incident=incident,
                    text=rnd.choice(["note <b>bold</b>", "line1\nline2", "plain"]),
                ),
            )
        for unit in rnd.sample(["1A12", "1A13", "1A14", "M7", "E21"], rnd.randint(0, 3)):
            _try(
                w, MPD_DISPATCHER, c.DispatchUnit(incident=incident, unit=unit, override_reason="t")
            )
            step = rnd.randint(0, 3)
            if step >= 1:
                _try(w, MPD_DISPATCHER, c.MarkEnRoute(unit=unit))
            if step >= 2:
                _try(w, MPD_DISPATCHER, c.MarkOnScene(unit=unit))
            if step >= 3:
                _try(w, MPD_DISPATCHER, c.ClearUnit(unit=unit, reason="done"))
        if rnd.random() < 0.3:
            _try(
                w,
                MPD_CHIEF,
                c.IssueDirective(
                    kind=rnd.choice(["hold", "broadcast"]),
                    reason="r",
                    message="m",
                    incident=incident,
                ),
            )
        if rnd.random() < 0.4:
            _try(
                w,
                MPD_DISPATCHER,
                c.CloseIncident(
                    incident=incident,
                    disposition=rnd.choice(["report taken", "false_alarm", "something odd"]),
                ),
            )
    return w, incidents
