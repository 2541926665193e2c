"""CAP 1.2 out validates against the XSD; CAP in is parsed safely and kept by area."""

from __future__ import annotations

import pytest

from tenfour.domain import commands as c
from tenfour.domain.errors import Rejected
from tenfour.domain.redaction import RedactionPolicy, grid_cell, public_id
from tenfour.interop import cap
from tests.unit.domain.world import MPD_CHIEF, MPD_SUPERVISOR, World, new_incident, unit_actor
from tests.unit.interop.scene import scenario_world

SENDER = "alerts@mpd.test"


class OneStreet:
    """A gazetteer that knows Mannerheimintie only."""

    def street(self, name: str) -> str | None:
        return "Mannerheimintie" if name.lower() == "mannerheimintie" else None

    def verifies(self, address: str, lat: float, lon: float) -> bool:
        return False


POLICY = RedactionPolicy(
    public_types={"assist_other_agency": "Assist other agency"}, streets=OneStreet(), id_key=b"k"
)

WEATHER = """<?xml version="1.0" encoding="UTF-8"?>
<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">
  <identifier>FMI-2026-1125-001</identifier><sender>warnings@fmi.test</sender>
  <sent>2026-11-25T12:00:00+00:00</sent><status>Actual</status><msgType>{msg_type}</msgType>
  <scope>Public</scope>{references}
  <info>
    <category>Met</category><event>Storm warning</event><urgency>Expected</urgency>
    <severity>Severe</severity><certainty>Likely</certainty>
    <expires>2027-11-26T00:00:00+00:00</expires>
    <headline>Storm over Helsinki</headline><description>Gusts to 30 m/s</description>
    <area><areaDesc>Helsinki</areaDesc>
      <polygon>60.10,24.80 60.30,24.80 60.30,25.10 60.10,25.10 60.10,24.80</polygon>
      <circle>61.5,23.8 10</circle>
    </area>
  </info>
</alert>"""


def weather(msg_type: str = "Alert", references: str = "") -> str:
    refs = f"<references>{references}</references>" if references else ""
    return WEATHER.format(msg_type=msg_type, references=refs)


def test_a_broadcast_directive_exports_as_a_valid_cap_alert() -> None:
    w, incident = scenario_world()
    w.do(
        MPD_CHIEF,
        c.IssueDirective(
            kind="broadcast",
            reason="crowd",
            message="Avoid Mannerheimintie <now> & later",
            incident=incident,
        ),
    )
    xml = cap.directive_alert(w.state, "DIR2", SENDER, w.now, POLICY)
    assert cap.validation_errors(xml) == []
    _, lat, lon = grid_cell(60.1699, 24.9384)
    assert "<msgType>Alert</msgType>" in xml and f"{lat:.5f},{lon:.5f} 0.5" in xml
    assert "<areaDesc>0 block of Mannerheimintie</areaDesc>" in xml and "60.16990" not in xml


def test_a_lifted_directive_exports_as_a_valid_cancel() -> None:
    w, _ = scenario_world()
    w.do(
        MPD_CHIEF,
        c.IssueDirective(
            kind="broadcast",
            reason="r",
            message="m",
            area_lat=60.1,
            area_lon=24.9,
            area_radius_m=2000,
            expires_at="2027-01-01T00:00:00Z",
        ),
    )
    w.do(MPD_CHIEF, c.LiftDirective(directive="DIR2", reason="over"))
    xml = cap.directive_alert(w.state, "DIR2", SENDER, w.now, POLICY)
    assert cap.validation_errors(xml) == []
    assert "<msgType>Cancel</msgType>" in xml and "<references>" in xml and " 2</circle>" in xml


def test_an_incident_alert_validates_and_names_no_caller() -> None:
    w, incident = scenario_world()
    xml = cap.incident_alert(
        w.state,
        incident,
        SENDER,
        w.now,
        headline="Police activity",
        instruction="Avoid the area",
        policy=POLICY,
    )
    assert cap.validation_errors(xml) == []
    assert "A Caller" not in xml and "358401234567" not in xml
    assert "<event>Assist other agency</event>" in xml and incident not in xml
    assert public_id(incident, b"k") in xml and "Mannerheimintie 1" not in xml


def test_an_incident_alert_about_a_withheld_type_or_unknown_street_says_neither() -> None:
    w, _ = scenario_world()
    incident = new_incident(w, type_code="sexual_assault", address="Naisten Turvakoti 3, room 12")
    xml = cap.incident_alert(w.state, incident, SENDER, w.now, headline="Police", policy=POLICY)
    assert cap.validation_errors(xml) == []
    assert "sexual" not in xml.lower() and "Turvakoti" not in xml and "room" not in xml
    assert "<event>incident</event>" in xml and "grid cell" in xml


def test_unknown_directive_or_incident() -> None:
    w, _ = scenario_world()
    with pytest.raises(cap.CapExportError):
        cap.directive_alert(w.state, "DIR99", SENDER, w.now, POLICY)
    with pytest.raises(cap.CapExportError):
        cap.incident_alert(w.state, "x", SENDER, w.now, headline="h", policy=POLICY)


def test_a_weather_warning_is_ingested_with_its_area() -> None:
    w, _ = scenario_world()
    w.do(MPD_SUPERVISOR, cap.parse_alert(weather()))
    alert = w.state.interop.alerts["AL1"]
    assert alert.event == "Storm warning" and alert.current(w.now)
    assert alert.covers(60.17, 24.94)  # inside the polygon
    assert alert.covers(61.55, 23.8)  # inside the circle
    assert not alert.covers(60.5, 24.94)


def test_an_update_supersedes_and_a_duplicate_is_refused() -> None:
    w, _ = scenario_world()
    w.do(MPD_SUPERVISOR, cap.parse_alert(weather()))
    with pytest.raises(Rejected, match="already received"):
        w.do(MPD_SUPERVISOR, cap.parse_alert(weather()))
    update = weather(
        "Update", "warnings@fmi.test,FMI-2026-1125-001,2026-11-25T12:00:00+00:00"
    ).replace("FMI-2026-1125-001</identifier>", "FMI-2026-1125-002</identifier>")
    w.do(MPD_SUPERVISOR, cap.parse_alert(update))
    assert w.state.interop.alerts["AL1"].superseded_by == "AL2"
    assert not w.state.interop.alerts["AL1"].current(w.now)


def test_only_command_staff_or_a_partner_ingests() -> None:
    w, _ = scenario_world()
    with pytest.raises(Rejected):
        w.do(unit_actor("1A12"), cap.parse_alert(weather()))


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2"><identifier>&lol3;</identifier></alert>"""

EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE alert [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2"><identifier>&xxe;</identifier></alert>"""


@pytest.mark.parametrize("hostile", [BILLION_LAUGHS, EXTERNAL_ENTITY])
def test_hostile_xml_is_refused(hostile: bytes) -> None:
    with pytest.raises(cap.AlertRejected, match="refused hostile XML"):
        cap.parse_alert(hostile)


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b"<alert", "not XML"),
        (
            weather().replace("<status>Actual</status>", "<status>Maybe</status>").encode(),
            "not a valid CAP 1.2 alert",
        ),
        (
            weather().replace("<sent>2026-11-25T12:00:00+00:00</sent>", "").encode(),
            "not a valid CAP 1.2 alert",
        ),
        (weather().replace("60.10,24.80 60.30", "sixty,24.80 60.30").encode(), "a polygon is"),
        (b"x" * (cap.MAX_BYTES + 1), "the limit is"),
    ],
)
def test_an_invalid_alert_is_refused_with_the_reason(body: bytes, reason: str) -> None:
    with pytest.raises(cap.AlertRejected, match=reason):
        cap.parse_alert(body)


def test_the_domain_refuses_an_area_off_the_earth() -> None:
    w = World()
    bad = weather().replace("61.5,23.8 10", "95.0,23.8 10")
    with pytest.raises(Rejected, match="on Earth"):
        w.do(MPD_SUPERVISOR, cap.parse_alert(bad))


def test_350_elements_nested_in_a_signature_are_refused_not_a_crash() -> None:
    ns, ds = "urn:oasis:names:tc:emergency:cap:1.2", "http://www.w3.org/2000/09/xmldsig#"
    signature = (
        f'<ds:Signature xmlns:ds="{ds}"><ds:SignedInfo>'
        '<ds:CanonicalizationMethod Algorithm="a"/><ds:SignatureMethod Algorithm="b"/>'
        '<ds:Reference URI=""><ds:DigestMethod Algorithm="c"/><ds:DigestValue>AA==</ds:DigestValue>'
        "</ds:Reference></ds:SignedInfo><ds:SignatureValue>AA==</ds:SignatureValue>"
        f"<ds:Object>{'<x>' * 350}{'</x>' * 350}</ds:Object></ds:Signature>"
    )
    body = (
        f'<?xml version="1.0"?><alert xmlns="{ns}"><identifier>a</identifier><sender>s</sender>'
        "<sent>2026-01-01T00:00:00+00:00</sent><status>Actual</status><msgType>Alert</msgType>"
        f"<scope>Public</scope>{signature}</alert>"
    )
    with pytest.raises(cap.AlertRejected, match="deeper than 32"):
        cap.parse_alert(body)


def test_a_partner_cannot_cancel_an_alert_it_did_not_bring_in() -> None:
    from tests.unit.interop.scene import FED_CAD

    w, _ = scenario_world()
    w.do(MPD_SUPERVISOR, cap.parse_alert(weather()))
    cancel = weather(
        "Cancel", "warnings@fmi.test,FMI-2026-1125-001,2026-11-25T12:00:00+00:00"
    ).replace("FMI-2026-1125-001</identifier>", "FMI-2026-1125-009</identifier>")
    w.do(FED_CAD, cap.parse_alert(cancel))
    assert w.state.interop.alerts["AL1"].superseded_by is None
    assert w.state.interop.alerts["AL1"].current(w.now)
    other_sender = cancel.replace("warnings@fmi.test</sender>", "prank@x.test</sender>")
    other_sender = other_sender.replace("-009</identifier>", "-010</identifier>")
    w.do(MPD_SUPERVISOR, cap.parse_alert(other_sender))
    assert w.state.interop.alerts["AL1"].superseded_by is None  # only its own sender may


@pytest.mark.parametrize("circle", ["61.5,23.8 1e999", "nan,23.8 10", "61.5,inf 10"])
def test_non_finite_numbers_in_an_area_are_refused(circle: str) -> None:
    with pytest.raises(cap.AlertRejected, match="lat,lon radius_km"):
        cap.parse_alert(weather().replace("61.5,23.8 10", circle))
