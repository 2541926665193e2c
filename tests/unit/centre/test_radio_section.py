"""The centre file's radio section: channels, radio ids with shifts, recorders (key hashes only)."""

from __future__ import annotations

import pytest

from tenfour.centre.document import CentreFileError, load_centre
from tenfour.centre.export import centre_document
from tenfour.centre.plan import plan
from tenfour.domain.actors import SYSTEM
from tests.unit.domain.world import World

FILE = """
version: 1
agencies: [{id: MPD, name: Metro Police, kind: police}]
units: [{id: 1A12, agency: MPD, type: patrol, lat: 60.17, lon: 24.94},
        {id: 1A13, agency: MPD, type: patrol, lat: 60.17, lon: 24.94}]
radio:
  channels: [{id: mpd-dispatch, agency: MPD, talkgroup: 1001, dispatch: true}]
  radios:
  - {id: 4512, unit: 1A12}
  - id: 4513
    assignments:
    - {unit: 1A12, valid_from: "2026-11-25T06:00:00+02:00", valid_to: "2026-11-25T18:00Z"}
    - {unit: 1A13, valid_from: "2026-11-25T18:00Z"}
  - {id: 9001, label: MPD dispatch}
  recorders: [{id: rec1, key_sha256: %s}]
"""


def test_the_radio_section_applies_once_and_exports_as_it_reads() -> None:
    w = World()
    loaded = load_centre(FILE % ("a" * 64), "centre.yaml")
    first = plan(loaded, w.state)
    names = [ch.render() for ch in first.changes]
    assert (
        "+ radio channel mpd-dispatch: name=, agency=MPD, system=, talkgroup=1001, dispatch=True"
        in names
    )
    for change in first.changes:
        w.do(SYSTEM, change.command)
    assert plan(loaded, w.state).empty  # times are compared in the journal's form
    shifts = w.state.config["radio_id"]["4513"]["assignments"]
    assert shifts[0]["valid_from"] == "2026-11-25T04:00:00.000Z"
    radio = centre_document(w.state)["radio"]
    assert radio["radios"][0] == {"id": 4512, "unit": "1A12"}
    assert {"id": 9001, "label": "MPD dispatch"} in radio["radios"]  # a console: in no unit
    assert radio["recorders"] == [{"id": "rec1", "name": "", "key_sha256": "a" * 64}]


def test_a_recorder_key_itself_is_refused() -> None:
    with pytest.raises(CentreFileError):
        load_centre(FILE % "my-secret-upload-key", "centre.yaml")


def test_radio_references_are_checked_with_their_lines() -> None:
    text = (FILE % ("a" * 64)).replace("agency: MPD, talkgroup", "agency: NOPE, talkgroup")
    text = text.replace("{id: 4512, unit: 1A12}", "{id: 4512, unit: 9Z99}")
    with pytest.raises(CentreFileError) as refused:
        load_centre(text, "centre.yaml")
    said = refused.value.problems
    assert any("no agency 'NOPE'" in p.message and p.line == 7 for p in said)
    assert any("no unit '9Z99'" in p.message and p.line == 9 for p in said)
    known = load_centre(text.replace("9Z99", "1A99"), "centre.yaml", ["NOPE"], units=["1A99"])
    assert known.centre.radio is not None
