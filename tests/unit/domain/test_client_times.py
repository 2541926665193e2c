"""Every time a client sends goes through the one parser, bounded around the server's clock.

A reported moment (ring, answer) may lie up to the skew before now and a little after; a planned
one (an expiry, a validity, a CAP alert's times) within the horizon. The test enumerates every
time field of every command, so a command added later with a time is covered or fails here.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import timedelta

import pytest

from tenfour.domain import commands as c
from tenfour.domain.actors import SYSTEM, recorder_actor
from tenfour.domain.errors import Rejected
from tenfour.domain.surroundings import Surroundings
from tenfour.domain.timefmt import TimeBounds, plus
from tests.unit.domain.world import (
    FED_PARTNER,
    MPD_CALLTAKER,
    MPD_CHIEF,
    MPD_SUPERVISOR,
    World,
    new_incident,
)

NOW = "2026-11-25T14:00:00.000Z"  # the world's clock, about
ABSURD = ["9999-12-31T23:59:59Z", "0001-01-01T00:00:00+14:00", "1970-01-01T00:00:00Z"]


def _create(w: World, at: str, name: str) -> None:
    new_incident(w, **{name: at})


def _add_call(w: World, at: str, name: str) -> None:
    incident = new_incident(w)
    w.do(MPD_CALLTAKER, c.AddCall(incident=incident, **{name: at}))  # type: ignore[arg-type]


def _directive(w: World, at: str, name: str) -> None:
    incident = new_incident(w)
    w.do(MPD_CHIEF, c.IssueDirective(kind="hold", reason="r", incident=incident, expires_at=at))


def _hazard(w: World, at: str, name: str) -> None:
    w.do(
        MPD_SUPERVISOR,
        c.AddHazard(description="dog", lat=60.17, lon=24.94, radius_m=50, expires_at=at),
    )


def _bulletin(w: World, at: str, name: str) -> None:
    fields: dict[str, str] = {name: at}
    if name == "valid_until":
        fields["valid_from"] = plus(w.now, seconds=-60)
    w.do(MPD_SUPERVISOR, c.IssueBulletin(subject="s", plates=("ABC-1",), **fields))  # type: ignore[arg-type]


def _import_call(w: World, at: str, name: str) -> None:
    call = c.ExternalCall(ref="call-1", **{name: at})  # type: ignore[arg-type]
    cmd = c.ImportIncident(
        source="FED", external_id="x1", digest="0" * 64, size_bytes=1, type_code="crowd",
        priority=2, address="Mannerheimintie 1", calls=(call,),
    )  # fmt: skip
    w.do(FED_PARTNER, cmd)


def _alert(w: World, at: str, name: str) -> None:
    fields = {"sent": w.now, "expires": None, name: at}
    w.do(
        MPD_SUPERVISOR,
        c.IngestAlert(
            identifier="A1", sender="x@y", status="Actual", msg_type="Alert", scope="Public",
            event="Storm", urgency="Expected", severity="Minor", certainty="Likely",
            **fields,  # type: ignore[arg-type]
        ),
    )  # fmt: skip


def _transmission(w: World, at: str, name: str) -> None:
    times = {"started_at": w.now, "ended_at": plus(w.now, seconds=120), name: at}
    cmd = c.RecordTransmission(
        transmission=f"T{len(w.log)}", channel=None, talkgroup=1, system="s",
        audio_sha256="a" * 64, audio_bytes=1, audio_format="wav", duration_s=1.0,
        recorder="r", **times,
    )  # fmt: skip
    if "r" not in w.state.config.get("recorder", {}):  # a recorder the centre knows
        w.do(SYSTEM, c.SetCentreEntry(section="recorder", key="r", value={"key_sha256": "f" * 64}))
    w.do(recorder_actor("r"), cmd)


Driver = Callable[[World, str, str], None]
# (command, field) -> (driver, planned)
COVERED: dict[tuple[type[c.Command] | type[c.ExternalCall], str], tuple[Driver, bool]] = {
    (c.CreateIncident, "received_at"): (_create, False),
    (c.CreateIncident, "answered_at"): (_create, False),
    (c.AddCall, "received_at"): (_add_call, False),
    (c.AddCall, "answered_at"): (_add_call, False),
    (c.IssueDirective, "expires_at"): (_directive, True),
    (c.AddHazard, "expires_at"): (_hazard, True),
    (c.IssueBulletin, "valid_from"): (_bulletin, True),
    (c.IssueBulletin, "valid_until"): (_bulletin, True),
    (c.ExternalCall, "received_at"): (_import_call, False),
    (c.ExternalCall, "answered_at"): (_import_call, False),
    (c.IngestAlert, "sent"): (_alert, True),
    (c.IngestAlert, "expires"): (_alert, True),
    # a recording reported hours late: up to the horizon back, never ahead beyond the skew
    (c.RecordTransmission, "started_at"): (_transmission, False),
    (c.RecordTransmission, "ended_at"): (_transmission, False),
}
TIME_NAMES = ("_at", "sent", "expires", "valid_from", "valid_until")
# Not a time a client types: the partner link's signing time (POSIX seconds), held to the
# partners file's skew when the request's signature is verified (interop/partners.py).
NOT_CLIENT_TIMES = {(c.RecordPartnerNonce, "signed_at")}


def _time_fields() -> set[tuple[type, str]]:
    classes: list[type] = [*c.COMMANDS.values(), c.ExternalCall]
    return {
        (cls, f.name)
        for cls in classes
        for f in dataclasses.fields(cls)
        if f.name.endswith(TIME_NAMES)
        and f.name != "stage_at"  # stage_at is a place
        and (cls, f.name) not in NOT_CLIENT_TIMES
    }


def test_every_time_field_of_every_command_is_covered_here() -> None:
    assert _time_fields() == set(COVERED)


@pytest.mark.parametrize("case", list(COVERED), ids=lambda k: f"{k[0].__name__}.{k[1]}")
@pytest.mark.parametrize("absurd", ABSURD)
def test_an_absurd_time_is_refused_with_the_field_named(
    world: World, case: tuple[type, str], absurd: str
) -> None:
    driver, _ = COVERED[case]
    with pytest.raises(Rejected) as refused:
        driver(world, absurd, case[1])
    assert refused.value.reason.value == "invalid"
    assert refused.value.message.startswith(f"{case[1]}: ")
    assert "range" in refused.value.message


@pytest.mark.parametrize("case", list(COVERED), ids=lambda k: f"{k[0].__name__}.{k[1]}")
def test_a_time_near_now_is_taken(world: World, case: tuple[type, str]) -> None:
    driver, planned = COVERED[case]
    driver(world, plus(world.now, days=30 if planned else 0, seconds=0 if planned else 60), case[1])


def test_a_ring_beyond_the_skew_is_refused_and_a_wider_skew_takes_it(world: World) -> None:
    two_hours_ago = plus(world.now, seconds=-7200)
    with pytest.raises(Rejected, match="received_at"):
        new_incident(world, received_at=two_hours_ago)
    with pytest.raises(Rejected, match="answered_at"):
        new_incident(world, answered_at=plus(world.now, seconds=600))
    world.surroundings = Surroundings(time_bounds=TimeBounds(past=timedelta(hours=3)))
    new_incident(world, received_at=two_hours_ago)


def test_a_partners_call_that_rang_hours_ago_is_taken_in_but_not_one_ahead(world: World) -> None:
    """A transferred incident carries the partner's record of its calls: hours old for a long
    incident. Those may lie up to the horizon back (never ahead beyond the skew)."""
    world.surroundings = Surroundings(time_bounds=TimeBounds())
    with pytest.raises(Rejected, match="received_at"):
        _import_call(world, plus(world.now, seconds=600), "received_at")
    _import_call(world, plus(world.now, seconds=-5 * 3600), "received_at")
    assert any(ev.TYPE == "CallAdded" for _, _, _, ev in world.log[-4:])
    with pytest.raises(Rejected, match="received_at"):  # and a local call stays within the skew
        new_incident(world, received_at=plus(world.now, seconds=-5 * 3600))
