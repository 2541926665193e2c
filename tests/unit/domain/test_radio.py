"""Radio on the record: attribution decided at record time, transcripts, corrections, phrases."""

from __future__ import annotations

import pytest

from tenfour.domain import commands as c
from tenfour.domain import events as e
from tenfour.domain.actors import SYSTEM, TRANSCRIBER, Actor, Role, recorder_actor
from tenfour.domain.authorization import event_visible
from tenfour.domain.codec import to_data
from tenfour.domain.errors import Reason, Rejected
from tenfour.domain.events import decode, encode
from tenfour.domain.filing import keys_of
from tenfour.domain.timefmt import plus
from tests.unit.domain.world import (
    FED_SUPERVISOR,
    MPD_DISPATCHER,
    MPD_SUPERVISOR,
    World,
    new_incident,
    unit_actor,
)

REC = recorder_actor("rec1")


def configure(w: World) -> None:
    """A dispatch channel for MPD, radio 4512 in 1A12 (a shift), 4513 in 1A13 always."""
    w.do(
        SYSTEM,
        c.SetCentreEntry(
            section="radio_channel",
            key="mpd-dispatch",
            value={"agency": "MPD", "system": "metro", "talkgroup": 1001, "dispatch": True},
        ),
    )
    shift = {"unit": "1A12", "valid_from": "2026-11-25T13:00:00Z", "valid_to": "2026-11-25T21:00Z"}
    w.do(SYSTEM, c.SetCentreEntry(section="radio_id", key="4512", value={"assignments": [shift]}))
    w.do(SYSTEM, c.SetCentreEntry(section="radio_id", key="4513", value={"unit": "1A13"}))
    w.do(SYSTEM, c.SetCentreEntry(section="recorder", key="rec1", value={"key_sha256": "a" * 64}))


def record(w: World, ident: str, *radios: int, at: str | None = None, **kw: object) -> e.Event:
    start = at or w.now
    args: dict[str, object] = {
        "transmission": ident,
        "channel": "mpd-dispatch",
        "talkgroup": 1001,
        "system": "metro",
        "started_at": start,
        "ended_at": plus(start, seconds=4),
        "audio_sha256": "b" * 64,
        "audio_bytes": 4000,
        "audio_format": "m4a",
        "duration_s": 4.0,
        "recorder": "rec1",
        "sources": tuple({"radio": r, "offset_s": float(i)} for i, r in enumerate(radios)),
    }
    args.update(kw)
    return w.do(REC, c.RecordTransmission(**args))[0]  # type: ignore[arg-type]


def test_a_transmission_is_attributed_to_the_unit_and_its_incident_at_its_start(
    world: World,
) -> None:
    configure(world)
    ident = new_incident(world)
    world.do(MPD_DISPATCHER, c.DispatchUnit(incident=ident, unit="1A12"))
    ev = record(world, "T1", 4512, 999)
    assert isinstance(ev, e.TransmissionRecorded)
    assert ev.agency == "MPD"
    assert [s["unit"] for s in ev.sources] == ["1A12", None]  # 999 is in no unit
    assert ev.incidents == (ident,)
    assert world.state.radio.of_incident(ident)[0].units == ["1A12"]
    assert decode(ev.TYPE, encode(ev)) == ev
    assert keys_of(ev.TYPE, encode(ev).get).own == (ident, "transmission:T1")


def test_attribution_uses_the_moment_the_transmission_began_not_now(world: World) -> None:
    configure(world)
    ident = new_incident(world)
    before = world.now
    world.do(MPD_DISPATCHER, c.DispatchUnit(incident=ident, unit="1A13"))
    during = world.now
    world.tick(5)
    world.do(MPD_DISPATCHER, c.ClearUnit(unit="1A13", reason="done"))
    # recorded after the unit cleared, about moments before, during and after the assignment
    assert record(world, "T-before", 4513, at=before).incidents == ()  # type: ignore[attr-defined]
    assert record(world, "T-during", 4513, at=during).incidents == (ident,)  # type: ignore[attr-defined]
    assert record(world, "T-after", 4513).incidents == ()  # type: ignore[attr-defined]


def test_a_radio_outside_its_shift_is_attributed_to_no_unit(world: World) -> None:
    configure(world)
    ev = record(world, "T1", 4512, at="2026-11-25T12:59:59.000Z")
    assert isinstance(ev, e.TransmissionRecorded)
    assert ev.sources[0]["unit"] is None


def test_an_unknown_talkgroup_has_no_channel_and_no_agency(world: World) -> None:
    configure(world)
    ev = record(world, "T1", 4513, channel=None, talkgroup=77)
    assert isinstance(ev, e.TransmissionRecorded)
    assert (ev.channel, ev.agency, ev.sources[0]["unit"]) == (None, None, "1A13")


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"audio_sha256": "xyz"}, "audio_sha256"),
        ({"channel": "nowhere"}, "channel"),
        ({"started_at": "2026-11-25 14:00"}, "started_at"),
        ({"ended_at": "2026-11-25T13:00:00Z"}, "ended_at"),
        ({"duration_s": -1.0}, "duration_s"),
        ({"sources": ({"radio": "x"},)}, "sources.radio"),
    ],
)
def test_a_malformed_transmission_is_refused(
    world: World, change: dict[str, object], field: str
) -> None:
    configure(world)
    with pytest.raises(Rejected) as refused:
        record(world, "T1", 4512, **change)
    assert refused.value.reason == Reason.INVALID


def test_a_transmission_is_recorded_once(world: World) -> None:
    configure(world)
    record(world, "T1", 4512)
    with pytest.raises(Rejected) as refused:
        record(world, "T1", 4512)
    assert refused.value.reason == Reason.CONFLICT


def test_a_correction_keeps_the_machine_text_and_reads_as_the_transcript(world: World) -> None:
    configure(world)
    record(world, "T1", 4512)
    segments = ({"start_s": 0.0, "end_s": 2.5, "text": "en route", "confidence": -0.2},)
    world.do(
        TRANSCRIBER,
        c.AddTranscript(
            transmission="T1",
            model="whisper-tiny.en",
            model_version="1",
            engine="faster-whisper int8",
            language="en",
            text="en root",
            segments=segments,
        ),
    )
    world.do(MPD_SUPERVISOR, c.CorrectTranscript(transmission="T1", text="en route", reason="r"))
    t = world.state.radio.transmissions["T1"]
    assert [x.text for x in t.transcripts] == ["en root"]
    assert (t.text, t.corrections[0].by) == ("en route", "sgt")
    with pytest.raises(Rejected):  # the same text again changes nothing
        world.do(
            MPD_SUPERVISOR, c.CorrectTranscript(transmission="T1", text="en route", reason="r")
        )


def test_the_transcriber_may_not_correct_and_a_person_may_not_transcribe(world: World) -> None:
    configure(world)
    record(world, "T1", 4512)
    with pytest.raises(Rejected) as refused:
        world.do(TRANSCRIBER, c.CorrectTranscript(transmission="T1", text="x", reason="r"))
    assert refused.value.reason == Reason.FORBIDDEN
    add = c.AddTranscript(
        transmission="T1", model="m", model_version="1", engine="e", language="en", text="x"
    )
    with pytest.raises(Rejected) as refused:
        world.do(MPD_DISPATCHER, add)
    assert refused.value.reason == Reason.FORBIDDEN
    with pytest.raises(Rejected):  # and no one registers a person as a service
        world.do(SYSTEM, c.RegisterUser(user="x", agency="MPD", roles=("transcriber",)))


def _propose(w: World, kind: str, unit: str | None, proposal: str = "RP1") -> None:
    w.do(
        TRANSCRIBER,
        c.ProposeRadioPhrase(
            proposal=proposal, transmission="T1", kind=kind, phrase=kind, unit=unit
        ),
    )


def test_confirming_an_on_scene_phrase_moves_the_unit_as_the_dispatchers_order(
    world: World,
) -> None:
    configure(world)
    ident = new_incident(world)
    world.do(MPD_DISPATCHER, c.DispatchUnit(incident=ident, unit="1A12"))
    record(world, "T1", 4512)
    _propose(world, "onscene", "1A12")
    assert world.state.units["1A12"].status.value == "dispatched"  # never applied by itself
    events = world.do(MPD_DISPATCHER, c.ConfirmRadioPhrase(proposal="RP1", note="heard"))
    assert [x.TYPE for x in events] == ["RadioPhraseConfirmed", "UnitStatusChanged"]
    assert world.state.units["1A12"].status.value == "onscene"
    assignment = world.state.assignments[world.state.units["1A12"].assignment_id or ""]
    assert (assignment.orders[-1].kind.value, assignment.orders[-1].by) == ("onscene", "disp1")
    assert world.state.radio.proposals["RP1"].status == "confirmed"
    with pytest.raises(Rejected) as refused:
        world.do(MPD_DISPATCHER, c.DismissRadioPhrase(proposal="RP1", reason="late"))
    assert refused.value.reason == Reason.CONFLICT


def test_a_confirmed_phrase_the_status_does_not_allow_changes_no_status(world: World) -> None:
    configure(world)
    ident = new_incident(world)
    world.do(MPD_DISPATCHER, c.DispatchUnit(incident=ident, unit="1A12"))
    world.do(unit_actor("1A12"), c.MarkOnScene(unit="1A12"))
    record(world, "T1", 4512)
    _propose(world, "enroute", "1A12")
    events = world.do(MPD_DISPATCHER, c.ConfirmRadioPhrase(proposal="RP1"))
    assert [x.TYPE for x in events] == ["RadioPhraseConfirmed"]
    assert world.state.units["1A12"].status.value == "onscene"


def test_a_dismissal_needs_a_reason_and_changes_nothing(world: World) -> None:
    configure(world)
    record(world, "T1", 4512)
    _propose(world, "stand_down", None)
    with pytest.raises(Rejected):
        world.do(MPD_DISPATCHER, c.DismissRadioPhrase(proposal="RP1", reason=" "))
    world.do(MPD_DISPATCHER, c.DismissRadioPhrase(proposal="RP1", reason="not an order"))
    assert world.state.radio.proposals["RP1"].status == "dismissed"
    with pytest.raises(Rejected):
        _propose(world, "sideways", None, "RP2")


def test_radio_events_are_seen_by_the_channels_agency_not_by_others(world: World) -> None:
    configure(world)
    ev = record(world, "T1", 4512)
    fed_disp = Actor("feddisp", Role.DISPATCHER, "FED")
    assert event_visible(world.state, MPD_DISPATCHER, ev)
    assert not event_visible(world.state, fed_disp, ev)
    assert not event_visible(world.state, FED_SUPERVISOR, ev)


def test_radio_configuration_is_checked(world: World) -> None:
    with pytest.raises(Rejected):  # an agency that does not exist
        world.do(
            SYSTEM,
            c.SetCentreEntry(section="radio_channel", key="x", value={"agency": "NOPE"}),
        )
    with pytest.raises(Rejected):  # a unit that does not exist
        world.do(SYSTEM, c.SetCentreEntry(section="radio_id", key="1", value={"unit": "NOPE"}))
    with pytest.raises(Rejected):  # never the key itself
        world.do(SYSTEM, c.SetCentreEntry(section="recorder", key="r", value={"key": "secret"}))
    world.do(SYSTEM, c.SetCentreEntry(section="recorder", key="r", value={"key_sha256": "c" * 64}))
    assert world.state.config["recorder"]["r"]["key_sha256"] == "c" * 64
    assert to_data(world.state.radio) == {"transmissions": {}, "proposals": {}, "by_incident": {}}


def test_transmissions_leave_the_live_state_with_their_incidents(world: World) -> None:
    configure(world)
    world.do(SYSTEM, c.SetRetention(closed_window_s=3600))
    ident = new_incident(world)
    world.do(MPD_DISPATCHER, c.DispatchUnit(incident=ident, unit="1A12"))
    record(world, "T-on", 4512)
    record(world, "T-off", 4513)  # 1A13 is on no incident
    world.do(TRANSCRIBER, c.ProposeRadioPhrase(proposal="RP1", transmission="T-on",
                                               kind="stand_down", phrase="stand down"))  # fmt: skip
    world.do(MPD_DISPATCHER, c.CloseIncident(incident=ident, disposition="done"))
    world.tick(2 * 3600)
    world.do(MPD_DISPATCHER, c.AddRemark(incident=new_incident(world), text="later"))
    radio = world.state.radio
    assert radio.transmissions == {} and radio.proposals == {} and radio.by_incident == {}


def test_only_a_configured_recorder_records_and_only_as_itself(world: World) -> None:
    configure(world)
    unknown = recorder_actor("rogue")
    for actor, recorder in ((unknown, "rogue"), (REC, "rec2")):
        with pytest.raises(Rejected) as refused:
            world.do(
                actor,
                c.RecordTransmission(
                    transmission=f"T-{recorder}", channel="mpd-dispatch", talkgroup=1001,
                    system="metro", started_at=world.now, ended_at=plus(world.now, seconds=2),
                    audio_sha256="c" * 64, audio_bytes=10, audio_format="wav", duration_s=2.0,
                    recorder=recorder, sources=(),
                ),
            )  # fmt: skip
        assert refused.value.reason == Reason.FORBIDDEN
    assert isinstance(record(world, "T-ok", 4513), e.TransmissionRecorded)


def test_a_radio_in_no_unit_is_named_by_its_label_and_attributed_to_no_unit(world: World) -> None:
    configure(world)
    console = {"label": "MPD dispatch, position 2"}
    world.do(SYSTEM, c.SetCentreEntry(section="radio_id", key="9001", value=console))
    heard = record(world, "T-console", 9001, 4513)
    assert isinstance(heard, e.TransmissionRecorded)
    first, second = heard.sources
    assert first["unit"] is None and first["label"] == "MPD dispatch, position 2"
    assert second["unit"] == "1A13" and "label" not in second
    with pytest.raises(Rejected):  # a radio entry says who keys up on it
        world.do(SYSTEM, c.SetCentreEntry(section="radio_id", key="9002", value={}))
