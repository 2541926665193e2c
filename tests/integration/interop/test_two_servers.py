"""Two tenfour servers on loopback: FED's CAD asks MPD's for help (scenario step 6), MPD
declines citing its stand-down directive, and both journals hold the whole exchange; then
a subscriber restarts and loses no notification, and a request sent while the partner is
down arrives once it is back."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tenfour.domain import commands as c
from tests.integration.interop.servers import Server, partner, wait_until

pytestmark = pytest.mark.slow

NARRATIVE = (
    "CALLER IS 1 OF APPROX 30 FEDERAL OFFICERS BEING SURROUNDED BY A LARGE CROWD, REQUESTING MPD"
)
REASON = "NO UNITS WILL RESPOND"


def _agencies() -> list[c.Command]:
    return [
        c.RegisterAgency(agency="MPD", name="Metro Police", kind="police"),
        c.RegisterAgency(agency="FED", name="Federal partner", kind="federal"),
    ]


def _fed(root: Path) -> Server:
    fed = Server(root / "fed", "FED")
    fed.root.mkdir()
    fed.seed(
        [
            *_agencies(),
            c.RegisterUser(user="fdisp", agency="FED", roles=("dispatcher",)),
            c.RegisterUnit(unit="F1", agency="FED", unit_type="patrol"),
        ],
        ["fdisp"],
    )
    return fed


def _mpd(root: Path) -> Server:
    mpd = Server(root / "mpd", "MPD")
    mpd.root.mkdir()
    mpd.seed(
        [
            *_agencies(),
            c.RegisterUser(user="disp", agency="MPD", roles=("dispatcher",)),
            c.RegisterUser(user="chief", agency="MPD", roles=("commander",)),
            c.RegisterUnit(unit="1A12", agency="MPD", unit_type="patrol", lat=60.17, lon=24.94),
        ],
        ["disp", "chief"],
    )
    return mpd


@pytest.fixture
def pair(tmp_path: Path) -> Iterator[tuple[Server, Server]]:
    fed, mpd = _fed(tmp_path), _mpd(tmp_path)
    fed.configure([partner("MPD", mpd)])
    mpd.configure([partner("FED", fed)])
    yield fed, mpd
    fed.stop()
    mpd.stop()


def _create(server: Server, user: str, **extra: object) -> str:
    body = {
        "type_code": "assist_other_agency",
        "priority": 1,
        "address": "Mannerheimintie 1",
        "lat": 60.1699,
        "lon": 24.9384,
        "ani": "+358401234567",
        "caller_name": "Officer Doe",
        "narrative": NARRATIVE,
        **extra,
    }
    r = server.api(user, "POST", "/incidents", json=body)
    assert r.status_code == 200, r.text
    return str(r.json()["events"][0]["payload"]["incident"])


def _requests(server: Server, user: str) -> list[dict[str, object]]:
    r = server.api(user, "GET", "/assistance-requests", params={"all": "true"})
    assert r.status_code == 200, r.text
    return list(r.json())


def test_request_declined_with_the_directives_reason_round_trip(
    pair: tuple[Server, Server],
) -> None:
    fed, mpd = pair
    fed.start()
    mpd.start()
    incident = _create(fed, "fdisp")
    r = fed.api(
        "fdisp",
        "POST",
        "/assistance-requests",
        json={"incident": incident, "to_agency": "MPD", "what": "crowd control for 30 officers"},
    )
    assert r.status_code == 200, r.text

    asked = wait_until(lambda: _requests(mpd, "disp"), 20, "MPD to receive FED's request")[0]
    assert asked["from_agency"] == "FED" and asked["external_ref"] == "AR1"
    assert asked["requested_by"] == "partner:FED"
    local = str(asked["incident"])
    eido = mpd.api("disp", "GET", f"/incidents/{local}/eido").json()
    assert NARRATIVE in str(eido["notesComponent"])

    r = mpd.api(
        "chief",
        "POST",
        "/directives",
        json={
            "kind": "stand_down",
            "reason": REASON,
            "authority": "Chief of Patrol",
            "incident": local,
        },
    )
    assert r.status_code == 200, r.text
    directive = r.json()["events"][0]["payload"]["directive"]
    r = mpd.api(
        "disp",
        "POST",
        f"/assistance-requests/{asked['id']}/answer",
        json={"answer": "declined", "reason": REASON, "directive": directive},
    )
    assert r.status_code == 200, r.text

    def answered() -> dict[str, object] | None:
        found = _requests(fed, "fdisp")[0]
        return found if found["answer"] else None

    answer = wait_until(answered, 20, "FED to receive MPD's answer")
    assert answer["answer"] == "declined" and REASON in str(answer["answer_reason"])
    assert answer["answered_by"] == "partner:MPD"

    def delivered(server: Server, message: str) -> bool:
        return any(
            t == "AssistanceDelivered" and e.message == message for t, _, e in server.events()
        )

    wait_until(lambda: delivered(mpd, "answer"), 20, "FED to acknowledge the answer")
    wait_until(lambda: delivered(fed, "request"), 20, "MPD to acknowledge the request")
    fed_types = [t for t, _, _ in fed.events()]
    mpd_types = [t for t, _, _ in mpd.events()]
    for kind in (
        "AssistanceRequested",
        "AssistanceDelivered",
        "ExternalDocumentReceived",
        "AssistanceAnswered",
    ):
        assert kind in fed_types and kind in mpd_types
    received = [e for t, _, e in fed.events() if t == "ExternalDocumentReceived"]
    assert received[0].purpose == "assistance-answer" and received[0].source == "MPD"


def test_subscriber_restart_loses_no_notification(pair: tuple[Server, Server]) -> None:
    fed, mpd = pair
    mpd.configure(
        [
            partner(
                "FED",
                fed,
                subscriptions=[{"type": "new", "filter": "type=crowd,assist_other_agency"}],
            )
        ]
    )
    fed.start()
    mpd.start()
    first = _create(fed, "fdisp", type_code="crowd")
    assert first

    def incidents() -> list[dict[str, object]]:
        r = mpd.api("disp", "GET", "/incidents")
        return list(r.json()) if r.status_code == 200 else []

    wait_until(lambda: len(incidents()) == 1, 20, "MPD to take in FED's incident")
    mpd.stop()
    assert (
        fed.api(
            "fdisp",
            "POST",
            f"/incidents/{first}/remarks",
            json={"text": "CROWD MOVING NORTH ON MANNERHEIMINTIE"},
        ).status_code
        == 200
    )
    _create(fed, "fdisp", type_code="assist_other_agency", address="Aleksanterinkatu 5")
    _create(fed, "fdisp", type_code="medical", address="Not subscribed 1")
    mpd.start()
    wait_until(
        lambda: len(incidents()) == 2, 30, "MPD to take in the incident created while it was down"
    )

    def remark_arrived() -> bool:
        return any(
            t == "RemarkAdded" and "CROWD MOVING NORTH" in e.text for t, _, e in mpd.events()
        )

    wait_until(remark_arrived, 30, "the remark added while MPD was down")


def test_request_sent_while_partner_is_down_arrives_after_it_starts(
    pair: tuple[Server, Server],
) -> None:
    fed, mpd = pair
    fed.start()
    incident = _create(fed, "fdisp")
    r = fed.api(
        "fdisp",
        "POST",
        "/assistance-requests",
        json={"incident": incident, "to_agency": "MPD", "what": "perimeter"},
    )
    assert r.status_code == 200, r.text
    fed.stop()  # the sender restarts too: what is owed comes from its journal
    fed.start()

    def failing() -> list[dict[str, object]]:
        owed = fed.api("fdisp", "GET", "/partners/outbox").json()
        return [o for o in owed if o["partner"] == "MPD" and int(o["attempts"]) >= 1]

    owed = wait_until(failing, 30, "the outbox to show the undelivered request")
    assert owed[0]["message"] == "request" and owed[0]["last_error"] and owed[0]["failing_since"]
    mpd.start()
    asked = wait_until(lambda: _requests(mpd, "disp"), 40, "the request owed while MPD was down")
    assert asked[0]["what"] == "perimeter"
    delivered = wait_until(
        lambda: fed.api("fdisp", "GET", "/partners/outbox").json() == [], 30, "an empty outbox"
    )
    assert delivered
