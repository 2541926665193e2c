"""The whole authorization matrix: every command type x every role x every target relation.

MPD's roles act on targets of their own agency, of MFD (which MPD dispatches for), of an NPD
incident NPD shared with MPD (other NPD targets for commands without an incident), of NPD
(unrelated) and of FED (a partner). The partner CAD (FED) acts on its own targets, an MPD
incident shared with it, and NPD's. ``EXPECTED`` says, for each command and column, exactly
which roles may give it; every other (role, column) must be refused by ``decide`` with 403.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tenfour.domain import commands as c
from tenfour.domain.actors import Actor, Role
from tenfour.domain.authorization_targets import RULES, refusal
from tenfour.domain.decide import decide
from tenfour.domain.errors import Reason, Rejected
from tenfour.domain.policy import roles_for
from tests.unit.domain.authz_scene import (
    MPD_ROLES,
    PARTNER,
    Scene,
    Target,
    mpd_actor,
    transmission,
)

R = Role
CT, DISP, SUP, CMD = R.CALL_TAKER, R.DISPATCHER, R.SUPERVISOR, R.COMMANDER
UNIT, REC, ADM, CADM = R.UNIT, R.RECORDS, R.ADMIN, R.CENTRE_ADMIN
FLOOR = {CT, DISP, SUP, CMD}
DISPATCH = {DISP, SUP, CMD}
RECORDER, TRANSCRIBER = R.RECORDER, R.TRANSCRIBER
ALL = set(MPD_ROLES) - {RECORDER, TRANSCRIBER}
NONE: set[Role] = set()
COLUMNS = ("own", "dispatched", "shared", "unrelated", "partner")
PARTNER_COLUMNS = ("own", "shared", "unrelated")

Build = Callable[[Target], c.Command]
NOW = "2026-11-25T14:00:00.000Z"

BUILD: dict[str, Build] = {
    "RegisterAgency": lambda t: c.RegisterAgency(
        agency=f"NEW{t.agency}", name="n", kind="fire", dispatch_centre=t.agency
    ),
    "SetDirectivePolicy": lambda t: c.SetDirectivePolicy(
        agency=t.agency, directive_roles=("commander",)
    ),
    "RegisterUser": lambda t: c.RegisterUser(user="newbie", agency=t.agency, roles=("admin",)),
    "DeactivateUser": lambda t: c.DeactivateUser(user=t.user, reason="left"),
    "ReactivateUser": lambda t: c.ReactivateUser(user=t.user, reason="back"),
    "SetPassword": lambda t: c.SetPassword(user=t.user, credential="0" * 64),
    "RegisterUnit": lambda t: c.RegisterUnit(unit="NEWU", agency=t.agency, unit_type="patrol"),
    "AmendAgency": lambda t: c.AmendAgency(agency=t.agency, name="renamed", kind="police"),
    "AmendUnit": lambda t: c.AmendUnit(unit=t.spare, unit_type="k9", capabilities=("K9",)),
    "SetCentreEntry": lambda t: c.SetCentreEntry(
        section="status_timer", key="onscene", value={"minutes": 45}
    ),
    "CreateIncident": lambda t: c.CreateIncident(
        type_code="x", priority=1, address="A 1", agency=t.agency
    ),
    "AddCall": lambda t: c.AddCall(incident=t.incident, ani="+358"),
    "AddRemark": lambda t: c.AddRemark(incident=t.incident, text="more"),
    "StrikeRemark": lambda t: c.StrikeRemark(incident=t.incident, remark=t.remark, reason="typo"),
    "ReclassifyIncident": lambda t: c.ReclassifyIncident(
        incident=t.incident, type_code="y", priority=3
    ),
    "RelocateIncident": lambda t: c.RelocateIncident(incident=t.incident, address="B 2"),
    "LinkIncidents": lambda t: c.LinkIncidents(incident=t.incident, other=t.other, reason="same"),
    "UnlinkIncidents": lambda t: c.UnlinkIncidents(incident=t.incident, other=t.other, reason="x"),
    "CloseIncident": lambda t: c.CloseIncident(incident=t.incident, disposition="done"),
    "DispatchUnit": lambda t: c.DispatchUnit(incident=t.incident, unit=t.spare, reason="near"),
    "MarkEnRoute": lambda t: c.MarkEnRoute(unit=t.unit),
    "MarkOnScene": lambda t: c.MarkOnScene(unit=t.unit),
    "MarkTransporting": lambda t: c.MarkTransporting(unit=t.unit),
    "MarkAtHospital": lambda t: c.MarkAtHospital(unit=t.unit),
    "ClearUnit": lambda t: c.ClearUnit(unit=t.unit, reason="done"),
    "SetUnitService": lambda t: c.SetUnitService(unit=t.unit, in_service=False),
    "ReportPosition": lambda t: c.ReportPosition(unit=t.unit, lat=60.0, lon=24.0),
    "RecordRecommendation": lambda t: c.RecordRecommendation(incident=t.incident, picks=()),
    "IssueDirective": lambda t: c.IssueDirective(kind="hold", reason="r", incident=t.incident),
    "LiftDirective": lambda t: c.LiftDirective(directive=t.directive, reason="over"),
    "AcknowledgeDirective": lambda t: c.AcknowledgeDirective(directive=t.directive, unit=t.unit),
    "RequestAssistance": lambda t: c.RequestAssistance(
        incident=t.incident, to_agency="NPD" if t.agency == "FED" else "FED", what="help"
    ),
    "AnswerAssistance": lambda t: c.AnswerAssistance(
        request=t.request, answer="declined", reason="busy"
    ),
    "AddHazard": lambda t: c.AddHazard(description="dog", person="J DOE"),
    "RemoveHazard": lambda t: c.RemoveHazard(hazard=t.hazard, reason="gone"),
    "IssueBulletin": lambda t: c.IssueBulletin(subject="s", plates=("XYZ",)),
    "CancelBulletin": lambda t: c.CancelBulletin(bulletin=t.bulletin, reason="found"),
    "ImportIncident": lambda t: c.ImportIncident(
        source="FED",
        external_id=f"ext-{t.incident}",
        digest="0" * 64,
        size_bytes=10,
        type_code="x",
        priority=1,
        address="A 1",
        incident=t.incident,
    ),
    "RecordExternalDocument": lambda t: c.RecordExternalDocument(
        incident=t.incident,
        source="FED",
        purpose="record",
        external_id="e",
        digest="0" * 64,
        size_bytes=10,
    ),
    "AcknowledgeDelivery": lambda t: c.AcknowledgeDelivery(request=t.request, message="request"),
    "SetRetention": lambda t: c.SetRetention(closed_window_s=3600),
    "RecordPartnerNonce": lambda t: c.RecordPartnerNonce(
        partner="FED", nonce=f"n-{t.agency}", signed_at=1_764_000_000, path="/x"
    ),
    "AcceptProposal": lambda t: c.AcceptProposal(proposal=t.proposal),
    "RejectProposal": lambda t: c.RejectProposal(proposal=t.proposal, reason="no"),
    "RecordTransmission": lambda t: transmission(f"T-new-{t.agency}", f"CH-{t.agency}", 1, NOW),
    "AddTranscript": lambda t: c.AddTranscript(
        transmission=t.transmission,
        model="whisper-tiny.en",
        model_version="1",
        engine="e",
        language="en",
        text="on scene",
    ),
    "CorrectTranscript": lambda t: c.CorrectTranscript(
        transmission=t.transmission, text="on scene now", reason="heard it"
    ),
    "ProposeRadioPhrase": lambda t: c.ProposeRadioPhrase(
        proposal="RP-new", transmission=t.transmission, kind="stand_down", phrase="stand down"
    ),
    "ConfirmRadioPhrase": lambda t: c.ConfirmRadioPhrase(proposal=t.radio_phrase),
    "DismissRadioPhrase": lambda t: c.DismissRadioPhrase(proposal=t.radio_phrase, reason="no"),
    "IngestAlert": lambda t: c.IngestAlert(
        identifier="a",
        sender="s",
        sent="2026-11-25T14:00:00Z",
        status="Actual",
        msg_type="Alert",
        scope="Public",
        event="e",
        urgency="Immediate",
        severity="Severe",
        certainty="Observed",
    ),
}


def row(
    own: set[Role],
    dispatched: set[Role] | None = None,
    shared: set[Role] | None = None,
    unrelated: set[Role] | None = None,
    partner: set[Role] | None = None,
) -> dict[str, set[Role]]:
    """Roles allowed per column; a column not given allows what the next one to its left does
    for ``dispatched``, and nobody for the others."""
    dispatched = own if dispatched is None else dispatched
    return {
        "own": own,
        "dispatched": dispatched,
        "shared": NONE if shared is None else shared,
        "unrelated": NONE if unrelated is None else unrelated,
        "partner": NONE if partner is None else partner,
    }


def everywhere(roles: set[Role]) -> dict[str, set[Role]]:
    """The same roles in every column (commands whose target is the actor's own agency)."""
    return dict.fromkeys(COLUMNS, roles)


ADMINS = {ADM, CADM}
C_ONLY = {CADM}

# Which MPD roles may give each command, per column.
EXPECTED: dict[str, dict[str, set[Role]]] = {
    "RegisterAgency": everywhere(C_ONLY),
    "SetDirectivePolicy": row(ADMINS, C_ONLY, C_ONLY, C_ONLY, C_ONLY),
    "RegisterUser": row(ADMINS, C_ONLY, C_ONLY, C_ONLY, C_ONLY),
    "DeactivateUser": row(ADMINS, C_ONLY, C_ONLY, C_ONLY, C_ONLY),
    "ReactivateUser": row(ADMINS, C_ONLY, C_ONLY, C_ONLY, C_ONLY),
    "SetPassword": row(ADMINS, C_ONLY, C_ONLY, C_ONLY, C_ONLY),
    "RegisterUnit": row(ADMINS, C_ONLY, C_ONLY, C_ONLY, C_ONLY),
    "AmendAgency": row(ADMINS, C_ONLY, C_ONLY, C_ONLY, C_ONLY),
    "AmendUnit": row(ADMINS, C_ONLY, ADMINS, C_ONLY, C_ONLY),  # shared: its own spare unit
    "SetCentreEntry": everywhere(C_ONLY),  # the whole centre's, never one agency's
    "CreateIncident": row(FLOOR),
    "AddCall": row(FLOOR),
    "AddRemark": row(FLOOR | {UNIT}, FLOOR, FLOOR),
    "StrikeRemark": row(FLOOR),
    "ReclassifyIncident": row(FLOOR),
    "RelocateIncident": row(FLOOR),
    "LinkIncidents": row(FLOOR),
    "UnlinkIncidents": row(FLOOR),
    "CloseIncident": row(DISPATCH),
    "DispatchUnit": row(DISPATCH, DISPATCH, DISPATCH),
    "MarkEnRoute": row({DISP, SUP, UNIT}, {DISP, SUP}),
    "MarkOnScene": row({DISP, SUP, UNIT}, {DISP, SUP}),
    "MarkTransporting": row({DISP, SUP, UNIT}, {DISP, SUP}),
    "MarkAtHospital": row({DISP, SUP, UNIT}, {DISP, SUP}),
    "ClearUnit": row({DISP, SUP, CMD, UNIT}, {DISP, SUP, CMD}),
    "SetUnitService": row({DISP, SUP, UNIT}, {DISP, SUP}),
    "ReportPosition": row({DISP, SUP, UNIT} | ADMINS, {DISP, SUP, CADM}, C_ONLY, C_ONLY, C_ONLY),
    "RecordRecommendation": row(FLOOR, FLOOR, FLOOR),
    # the agency's policy lets every role issue directives in this centre; the unit's own
    # incident is the one its unit is on; an agency admin acts on its own agency (and on
    # incidents shared with it), not on those MPD dispatches for
    "IssueDirective": row(ALL, ALL - {UNIT, ADM}, ALL - {UNIT}, C_ONLY, C_ONLY),
    "LiftDirective": row(ALL),
    "AcknowledgeDirective": row({UNIT, DISP}, {DISP}),
    "RequestAssistance": row(DISPATCH, DISPATCH, DISPATCH),
    "AnswerAssistance": row(DISPATCH),
    "AddHazard": everywhere(DISPATCH | {REC}),
    "RemoveHazard": row(DISPATCH | {REC}),
    "IssueBulletin": everywhere(DISPATCH | {REC}),
    "CancelBulletin": row(DISPATCH | {REC}),
    "ImportIncident": row(FLOOR, FLOOR, FLOOR),
    "RecordExternalDocument": row(DISPATCH, DISPATCH, DISPATCH),
    "AcknowledgeDelivery": everywhere(NONE),
    "IngestAlert": everywhere({SUP, CMD}),
    "RecordPartnerNonce": everywhere(NONE),
    "SetRetention": everywhere(NONE),  # tenfour's own, from its settings
    "AcceptProposal": row(FLOOR, FLOOR),  # the owner's business, not a sharer's
    "RejectProposal": row(FLOOR, FLOOR),
    # radio: recorders record any channel of the centre, the transcriber transcribes and
    # proposes on any; people correct and decide on their agencies' transmissions
    "RecordTransmission": everywhere({CADM, RECORDER}),
    "AddTranscript": everywhere({TRANSCRIBER}),
    "ProposeRadioPhrase": everywhere({TRANSCRIBER}),
    "CorrectTranscript": row({DISP, SUP, REC}),
    "ConfirmRadioPhrase": row({DISP, SUP}),
    "DismissRadioPhrase": row({DISP, SUP}),
}
EXPECTED["LiftDirective"]["dispatched"] = NONE  # a directive is lifted by its own agency

# What the partner CAD (FED) may do, per column: own, shared (an MPD incident MPD shared with
# it; MPD's targets for commands without an incident), unrelated (NPD's).
PARTNER_EXPECTED: dict[str, set[str]] = {
    "RequestAssistance": {"own", "shared"},
    "AnswerAssistance": {"own"},
    "IssueBulletin": {"own", "shared", "unrelated"},
    "CancelBulletin": {"own"},
    "ImportIncident": {"own", "shared"},
    "RecordExternalDocument": {"own", "shared"},
    "AcknowledgeDelivery": {"own"},  # the request made to FED; the one to MPD went to MPD
    "IngestAlert": {"own", "shared", "unrelated"},
    "IssueDirective": {"own", "shared"},
    "LiftDirective": {"own"},
    "RecordPartnerNonce": {"own", "shared", "unrelated"},
}


@pytest.fixture(scope="module")
def scene() -> Scene:
    return Scene()


def test_every_command_has_a_rule_a_builder_and_an_expectation() -> None:
    assert set(c.COMMANDS) == set(BUILD) == set(EXPECTED)
    assert set(c.COMMANDS) <= set(RULES)
    assert set(PARTNER_EXPECTED) <= set(c.COMMANDS)


def allowed(scene: Scene, actor_role: Role, column: str, name: str) -> bool:
    actor = PARTNER if actor_role == R.PARTNER else mpd_actor(actor_role)
    target = scene.column(column, partner=actor_role == R.PARTNER)
    command = BUILD[name](target)
    state = scene.world.state
    by_rule = actor.role in roles_for(name) and refusal(state, actor, command) is None
    assert decided_forbidden(scene, command, actor) == (not by_rule)
    return by_rule


def decided_forbidden(scene: Scene, command: c.Command, actor: Actor) -> bool:
    """Whether ``decide`` refuses the command as forbidden (other refusals: the command is
    allowed, and refused for what it says or the state it meets)."""
    try:
        decide(scene.world.state, command, actor, scene.world.now)
    except Rejected as refused:
        return refused.reason == Reason.FORBIDDEN
    return False


@pytest.mark.parametrize("name", sorted(c.COMMANDS))
def test_the_matrix_for_every_role_of_the_agency(scene: Scene, name: str) -> None:
    got = {
        column: {role for role in MPD_ROLES if allowed(scene, role, column, name)}
        for column in COLUMNS
    }
    assert got == EXPECTED[name]


@pytest.mark.parametrize("name", sorted(c.COMMANDS))
def test_the_matrix_for_a_partner_cad(scene: Scene, name: str) -> None:
    got = {column for column in PARTNER_COLUMNS if allowed(scene, R.PARTNER, column, name)}
    assert got == PARTNER_EXPECTED.get(name, set())
