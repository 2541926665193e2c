"""How the radio events change the live state (``RADIO_APPLIERS``, in ``apply.APPLIERS``)."""

from __future__ import annotations

from tenfour.domain import events as e
from tenfour.domain.radio import Correction, RadioPhrase, Transcript, Transmission
from tenfour.domain.recorded import Applier, Recorded
from tenfour.domain.state import DispatchState


def _recorded(s: DispatchState, ev: e.TransmissionRecorded, rec: Recorded) -> None:
    s.radio.transmissions[ev.transmission] = Transmission(
        id=ev.transmission,
        channel=ev.channel,
        talkgroup=ev.talkgroup,
        system=ev.system,
        started_at=ev.started_at,
        ended_at=ev.ended_at,
        audio_sha256=ev.audio_sha256,
        audio_bytes=ev.audio_bytes,
        audio_format=ev.audio_format,
        duration_s=ev.duration_s,
        recorder=ev.recorder,
        frequency_hz=ev.frequency_hz,
        emergency=ev.emergency,
        agency=ev.agency,
        sources=[dict(x) for x in ev.sources],
        incidents=list(ev.incidents),
    )
    for incident in ev.incidents:
        s.radio.by_incident.setdefault(incident, []).append(ev.transmission)


def _transcribed(s: DispatchState, ev: e.TranscriptAdded, rec: Recorded) -> None:
    s.radio.transmissions[ev.transmission].transcripts.append(
        Transcript(
            ev.model,
            ev.model_version,
            ev.engine,
            ev.language,
            ev.text,
            [dict(x) for x in ev.segments],
            rec.at,
        )
    )


def _corrected(s: DispatchState, ev: e.TranscriptCorrected, rec: Recorded) -> None:
    s.radio.transmissions[ev.transmission].corrections.append(
        Correction(ev.text, ev.reason, rec.actor.user, rec.at)
    )


def _proposed(s: DispatchState, ev: e.RadioPhraseProposed, rec: Recorded) -> None:
    s.radio.proposals[ev.proposal] = RadioPhrase(
        ev.proposal,
        ev.transmission,
        ev.kind,
        ev.phrase,
        ev.unit,
        ev.incident,
        ev.directive,
        proposed_at=rec.at,
    )
    s.radio.transmissions[ev.transmission].proposals.append(ev.proposal)


def _decided(status: str) -> Applier:
    def applier(
        s: DispatchState, ev: e.RadioPhraseConfirmed | e.RadioPhraseDismissed, rec: Recorded
    ) -> None:
        p = s.radio.proposals[ev.proposal]
        p.status, p.decided_by, p.decided_at = status, rec.actor.user, rec.at
        p.note = ev.note if isinstance(ev, e.RadioPhraseConfirmed) else ev.reason

    return applier


RADIO_APPLIERS: dict[type[e.Event], Applier] = {
    e.TransmissionRecorded: _recorded,
    e.TranscriptAdded: _transcribed,
    e.TranscriptCorrected: _corrected,
    e.RadioPhraseProposed: _proposed,
    e.RadioPhraseConfirmed: _decided("confirmed"),
    e.RadioPhraseDismissed: _decided("dismissed"),
}
