"""Every public byte, searched: nothing withheld, free-typed or identifying reaches the public.

Incidents go through the real app with secrets in every free-text field, sensitive and unknown
types (look-alike letters, a name typed as the type), free-typed addresses (a hotel room, a
person, a shelter), back-dated ring times; records written before times were bounded are put
straight into the journal. Then the /public page, its JSON, the open-data CSV and the public CAP
of every incident and of a directive are searched for every secret. The engine runs on a clock
set back, so the publication delay (from the server's record time) can pass.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tenfour.cli import export as export_cli
from tenfour.domain import events as e
from tenfour.domain.actors import TRANSCRIBER
from tenfour.domain.redaction import public_id
from tenfour.domain.timefmt import iso
from tenfour.engine.envelope import Envelope
from tenfour.engine.payload import payload_json
from tenfour.incident_types import load_vocabulary
from tenfour.journal.chain import seal
from tenfour.journal.store import open_journal
from tenfour.radio.ingest import Call
from tenfour.reports.public_feed import public_id_key
from tests.integration.api.world import SECRET, Api, make_settings, running_api
from tests.radio_support import TALKGROUP, radio_commands, tone_wav, transcript

SECRETS = [
    "Zebulon Quartermain", "+358409876543", "409876543", "Flat 7 Secret Court", "XYLOPHONE",
    "Bartholomew Crumb", "555-0199", "PINEAPPLE", "60.18123", "24.95111", "Violetta Smythe",
    "WINDOWSILL", "Kämp", "room", "Virtanen", "Turvakoti", "Helmi", "Juvonen", "Arthur",
    "Nonexistent", "Mannerheimintie 5", "Kaivokatu 8", "60.16950,", "24.94007",
    # types that must never be published, and how they were spelled
    "sex_assault", "rape", "domestic", "child_abuse", "officer_involved", "suicide",
    "welfare", "d\u0456sturbance", "Jane Q Doe", "zz_made_up",
    # radio: a transmission on the incident, its transcript and a correction stay off public
    "QUOKKA", "MARMALADE", "4512", "rec1-1001", "transmission", "radio",
]  # fmt: skip
WITHHELD_TYPES = [
    "sex_assault", "rape_report", "dv", "domestic", "child_abuse_report",
    "officer_involved_shooting", "suicide_threat", "welfare_check",
    "d\u0456sturbance",  # a Cyrillic i
    "Jane Q Doe", "Disturbance", "ASSAULT", "zz_made_up",
]  # fmt: skip
AT_KNOWN = {"address": "Mannerheimintie 5", "lat": 60.1695, "lon": 24.940071}


@dataclass
class Clock:
    """The engine's clock, moved by the test."""

    at: datetime = field(default_factory=lambda: datetime.now(UTC) - timedelta(minutes=90))

    def __call__(self) -> datetime:
        return self.at


@dataclass
class Outputs:
    """Every public output, as text."""

    texts: dict[str, str]
    items: list[dict[str, object]]

    def search(self, needle: str) -> list[str]:
        return [where for where, text in self.texts.items() if needle.lower() in text.lower()]


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def api(tmp_path: Path, clock: Clock) -> Iterator[Api]:
    with running_api(make_settings(tmp_path), clock=clock) as world:
        yield world


def ago(clock: Clock, minutes: float) -> str:
    return iso(clock.at - timedelta(minutes=minutes))


def create(api: Api, clock: Clock, **body: object) -> str:
    base: dict[str, object] = {"priority": 2, "verified": True, "received_at": ago(clock, 3)}
    out = api.ok("ct1", "/incidents", {**base, **body})
    return str(out["events"][0]["payload"]["incident"])


def populate(api: Api, clock: Clock) -> dict[str, list[str]]:
    """Published, withheld and too-recent incidents, created at the clock's time."""
    ids: dict[str, list[str]] = {"shown": [], "withheld": [], "recent": []}
    shown = create(
        api, clock, type_code="disturbance", **AT_KNOWN, caller_name="Zebulon Quartermain",
        ani="+358409876543", ali="Flat 7 Secret Court", narrative="XYLOPHONE in the hall",
        answered_at=ago(clock, 2.5),
    )  # fmt: skip
    api.ok("ct1", f"/incidents/{shown}/calls", {"caller_name": "Bartholomew Crumb",
           "ani": "555-0199", "narrative": "PINEAPPLE", "received_at": ago(clock, 1)})  # fmt: skip
    api.ok("ct1", f"/incidents/{shown}/remarks", {"text": "WINDOWSILL broken by Violetta Smythe"})
    api.ok("disp1", "/units/1A12/dispatch", {"incident": shown})
    api.ok("crew1a12", "/units/1A12/enroute")
    api.ok("crew1a12", "/units/1A12/position", {"lat": 60.18123, "lon": 24.95111})
    api.ok("crew1a12", "/units/1A12/onscene")
    on_the_radio(api, clock)
    ids["shown"].append(shown)
    for address in (
        "Hotel Kämp, room 4127",
        "Matti Virtanen",
        "Naisten Turvakoti Helmi",
        "Ensi- ja turvakoti 5",
        "Nonexistent Road 999",
        "Kaivokatu 8, Flat 3 Juvonen",
    ):
        ids["shown"].append(create(api, clock, type_code="theft", address=address,
                                   lat=60.1675, lon=24.9525))  # fmt: skip
    moved = create(
        api, clock, type_code="fight", address="Kaivokatu 8", lat=60.170062, lon=24.941716
    )
    api.ok(
        "disp1",
        f"/incidents/{moved}/relocate",
        {"address": "Simonkatu 6, Hotel Arthur room 5", "lat": 60.1691, "lon": 24.9330},
    )
    ids["shown"].append(moved)
    for code in WITHHELD_TYPES:
        ids["withheld"].append(create(api, clock, type_code=code, address="Kaivokatu 8",
                                      caller_name="Violetta Smythe", priority=1))  # fmt: skip
    hidden_later = create(api, clock, type_code="assault", address="Kaivokatu 8")
    api.ok(
        "disp1",
        f"/incidents/{hidden_later}/reclassify",
        {"type_code": "sex_assault", "priority": 1},
    )
    ids["withheld"].append(hidden_later)
    clock.at = datetime.now(UTC) - timedelta(minutes=5)
    backdated = create(api, clock, type_code="assault", priority=1, address="Kaivokatu 8",
                       received_at=ago(clock, 55))  # fmt: skip
    ids["recent"].append(backdated)
    return ids


def on_the_radio(api: Api, clock: Clock) -> None:
    """1A12 on the radio about the incident it is on; transcribed, and corrected."""
    for command in radio_commands():
        api.system(command)
    call = Call(system="metro", talkgroup=TALKGROUP, started=clock.at, audio=tone_wav(),
                sources=((4512, 0.0),), audio_name="x.wav")  # fmt: skip
    taken = api.client.portal.call(api.runtime.radio.take, "rec1", call)  # type: ignore[union-attr]
    said = transcript(taken.transmission, "QUOKKA on scene")
    result = api.client.portal.call(  # type: ignore[union-attr]
        api.runtime.engine.submit, Envelope(str(uuid.uuid4()), said, TRANSCRIBER)
    )
    assert (
        result.accepted
        and api.runtime.engine.state.radio.transmissions[taken.transmission].incidents
    )
    path = f"/radio/transmissions/{taken.transmission}/corrections"
    api.ok("disp1", path, {"text": "MARMALADE on scene", "reason": "listened"})


def write_legacy_records(db: str) -> list[str]:
    """Incidents recorded before client times were bounded: rings in year 9999 and year 1."""
    made = []
    with open_journal(db) as journal:
        seq, prev = journal.head()
        at = iso(datetime.now(UTC) - timedelta(minutes=60))
        for n, ring in enumerate(("9999-12-31T23:59:59.999Z", "0001-01-01T00:00:00.000Z"), 1):
            incident = f"2026-90000{n}"
            evs: list[e.Event] = [
                e.IncidentCreated(incident=incident, agency="MPD", type_code="burglary",
                                  priority=3, address="Mannerheimintie 5", lat=60.1695,
                                  lon=24.940071, verified=True),
                e.CallAdded(call=f"C9{n}", incident=incident, ani="", ali="", caller_name="",
                            received_at=ring, answered_at=ring),
            ]  # fmt: skip
            records = []
            for ev in evs:
                seq += 1
                record = seal(prev, seq, at, "ct1", "call_taker", "MPD", str(uuid.uuid4()),
                              "d" * 64, ev.TYPE, ev.VERSION, payload_json(ev))  # fmt: skip
                records.append(record)
                prev = record.hash
            journal.append(records)
            made.append(incident)
    return made


def gather(api: Api, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, ids: list[str]) -> Outputs:
    """The /public page, its JSON, the open-data CSV and public CAP of every incident."""
    page = api.client.get("/public")
    feed = api.client.get("/api/v1/public/incidents")
    assert page.status_code == 200 and feed.status_code == 200, (page.text, feed.text)
    texts = {"/public": page.text, "JSON feed": feed.text}
    monkeypatch.setenv("TENFOUR_SECRET", SECRET)
    out = tmp_path / "cfs.csv"
    day = datetime.now(UTC).date()
    args = ["open-data", "--from", (day - timedelta(days=2)).isoformat(), "--to",
            (day + timedelta(days=1)).isoformat(), "--db", api.runtime.settings.db,
            "--out", str(out)]  # fmt: skip
    result = CliRunner().invoke(export_cli.app, args)
    assert result.exit_code == 0, result.output
    texts["open-data CSV"] = out.read_text(encoding="utf-8")
    for incident in ids:
        cap = api.get("sgt1", f"/incidents/{incident}/cap?headline=Police+activity+nearby")
        assert cap.status_code == 200, cap.text
        texts[f"CAP of {incident}"] = cap.text
    return Outputs(texts, feed.json())


def test_no_public_output_leaks_a_secret_a_withheld_incident_or_an_incident_number(
    api: Api, clock: Clock, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = populate(api, clock)
    sensitive = ids["withheld"][0]
    directive = api.ok("chief", "/directives", {"kind": "broadcast", "reason": "Avoid the area",
                       "message": "Avoid the area", "incident": sensitive})  # fmt: skip
    every = ids["shown"] + ids["withheld"] + ids["recent"]
    outputs = gather(api, tmp_path, monkeypatch, every)
    dir_id = directive["events"][0]["payload"]["directive"]
    outputs.texts["CAP of the directive"] = api.get("sgt1", f"/directives/{dir_id}/cap").text
    for secret in SECRETS:
        assert not outputs.search(secret), f"{secret!r} leaked into {outputs.search(secret)}"
    key = public_id_key(SECRET)
    for incident in every:
        assert not outputs.search(incident), f"incident number {incident} is public"
    for incident in ids["withheld"] + ids["recent"]:
        found = [w for w in outputs.search(public_id(incident, key)) if not w.startswith("CAP")]
        assert not found, f"withheld {incident} appears in {found}"
    for incident in ids["shown"]:
        assert outputs.search(public_id(incident, key)) == sorted(
            ["/public", "JSON feed", "open-data CSV", f"CAP of {incident}"],
            key=list(outputs.texts).index,
        )
    assert not any(re.search(r"\bdv\b", text, re.IGNORECASE) for text in outputs.texts.values())


def test_public_items_name_only_allowed_types_and_known_streets(
    api: Api, clock: Clock, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = populate(api, clock)
    items = gather(api, tmp_path, monkeypatch, []).items
    labels = set(load_vocabulary().public_labels().values())
    assert len(items) == len(ids["shown"])
    places = {str(i["location"]["text"]) for i in items}  # type: ignore[index]
    assert places >= {"0 block of Mannerheimintie", "0 block of Kaivokatu", "0 block of Simonkatu"}
    for item in items:
        assert item["type"] in labels and "source_seq" not in item
        loc = item["location"]
        assert isinstance(loc, dict)
        assert re.fullmatch(
            r"\d+ block of (Mannerheimintie|Kaivokatu|Simonkatu)|grid cell .+", loc["text"]
        )
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\dZ", str(item["received"]))
    details = [api.get("disp1", f"/incidents/{i}").json() for i in ids["shown"][:6]]
    assert [d["verified"] for d in details] == [True, False, False, False, False, False]
    assert details[5]["address"] == "Nonexistent Road 999"  # the client said "verified": True


def test_absurd_client_times_are_refused_with_422(api: Api, clock: Clock) -> None:
    clock.at = datetime.now(UTC)
    incident = create(api, clock, type_code="theft", address="Kaivokatu 8")
    cases = [
        ("ct1", "/incidents", {"type_code": "theft", "priority": 2, "address": "Kaivokatu 8",
                               "received_at": "9999-12-31T23:59:59Z"}),
        ("ct1", "/incidents", {"type_code": "theft", "priority": 2, "address": "Kaivokatu 8",
                               "received_at": ago(clock, 180)}),
        ("ct1", f"/incidents/{incident}/calls", {"answered_at": "9999-01-01T00:00:00Z"}),
        ("chief", "/directives", {"kind": "hold", "reason": "r", "incident": incident,
                                  "expires_at": "9999-01-01T00:00:00Z"}),
        ("sgt1", "/hazards", {"description": "dog", "lat": 60.17, "lon": 24.94, "radius_m": 30,
                              "expires_at": "9999-01-01T00:00:00Z"}),
        ("sgt1", "/bulletins", {"subject": "s", "plates": ["ABC-1"],
                                "valid_until": "9999-01-01T00:00:00Z"}),
    ]  # fmt: skip
    for user, path, body in cases:
        r = api.post(user, path, body)
        assert r.status_code == 422 and "range" in r.json()["detail"], (path, r.text)


@pytest.mark.parametrize(
    "backend", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def test_records_written_before_times_were_bounded_never_take_a_feed_down(
    tmp_path: Path,
    clock: Clock,
    monkeypatch: pytest.MonkeyPatch,
    request: pytest.FixtureRequest,
    backend: str,
) -> None:
    db = request.getfixturevalue("postgres_url") if backend == "postgres" else None
    settings = make_settings(tmp_path, db=db)
    with running_api(settings, clock=clock):
        pass
    legacy = write_legacy_records(settings.db)
    with running_api(settings, seeded=False) as api:  # a restart replays the records
        outputs = gather(api, tmp_path, monkeypatch, legacy)
    assert not outputs.search("9999") and not outputs.search("0001-01-01")
    assert len(outputs.items) == 2  # published under the record time, not the absurd ring
    minute = iso(datetime.now(UTC) - timedelta(minutes=60))[:16] + "Z"
    assert {i["received"] for i in outputs.items} <= {
        minute,
        iso(datetime.now(UTC) - timedelta(minutes=61))[:16] + "Z",
    }


def test_the_public_page_needs_no_login_and_runs_no_script(api: Api) -> None:
    page = api.client.get("/public")
    assert page.status_code == 200 and "<script" not in page.text.lower()
    assert "style=" not in page.text and "<style" not in page.text
    csp = page.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    css = api.client.get("/public/public.css")
    assert css.status_code == 200 and css.headers["content-type"].startswith("text/css")


def test_open_data_rows_are_one_per_unit_response(
    api: Api, clock: Clock, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = populate(api, clock)
    text = gather(api, tmp_path, monkeypatch, []).texts["open-data CSV"]
    lines = text.splitlines()
    header = lines[0].split(",")
    assert header[:3] == ["incident", "type", "priority"]
    rows = [dict(zip(header, line.split(","), strict=True)) for line in lines[1:]]
    key = public_id_key(SECRET)
    shown = [r for r in rows if r["incident"] == public_id(ids["shown"][0], key)]
    assert len(shown) == 1 and shown[0]["unit"] == "1A12" and shown[0]["on_scene"]
    assert [r["unit"] for r in rows if r["incident"] == public_id(ids["shown"][1], key)] == [""]
