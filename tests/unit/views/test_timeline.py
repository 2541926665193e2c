"""The verified timeline: every step of the stand-down story, traceability, tamper detection."""

from __future__ import annotations

import asyncio
import io
import json
from collections.abc import Callable, Coroutine
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from tenfour.domain import commands as c
from tenfour.domain.actors import Actor, Role
from tenfour.domain.authorization import event_visible
from tenfour.engine.engine import Engine
from tenfour.journal.chain import hash_of
from tenfour.journal.export import export_jsonl
from tenfour.journal.memory import MemoryJournal
from tenfour.views.audit_view import ChainAuditor
from tenfour.views.incident_index import IncidentIndex
from tenfour.views.timeline import incident_timeline, timeline_from_journal
from tenfour.views.timeline_verify import recheck_against_export
from tests.journal_support import MemoryDba
from tests.unit.views.scenario import CHIEF, DISPATCHER, FED_SUP, Clock, Driver, Story, stand_down


class Server:
    """An engine on a memory journal with the index subscribed, as the server runs it."""

    def __init__(self, key: Ed25519PrivateKey | None = None) -> None:
        self.journal = MemoryJournal()
        self.clock = Clock()
        self.engine = Engine(self.journal, clock=self.clock, signing_key=key, checkpoint_every=10)
        self.index = IncidentIndex()
        self.engine.subscribe(self.index.add_committed)
        self.auditor = ChainAuditor(key.public_key() if key else None)

    def run(self, story: Callable[[Driver], Coroutine[Any, Any, Story]]) -> Story:
        async def go() -> Story:
            await self.engine.start()
            try:
                return await story(Driver(self.engine, self.clock))
            finally:
                await self.engine.stop()

        return asyncio.run(go())

    def timeline(self, incident: str, **kw: Any) -> dict[str, Any]:
        found = incident_timeline(self.journal, self.index, self.auditor, incident, **kw)
        assert found is not None
        return found


def told() -> tuple[Server, Story, dict[str, Any]]:
    server = Server()
    story = server.run(stand_down)
    return server, story, server.timeline(story.incident)


def by_type(t: dict[str, Any], name: str) -> list[dict[str, Any]]:
    return [e for e in t["entries"] if e["type"] == name]


def test_every_step_is_on_the_timeline_with_who_when_seq_and_hash() -> None:
    _, _, t = told()
    kinds = {e["kind"] for e in t["entries"]}
    assert kinds >= {
        "incident", "call", "remark", "recommendation", "assignment", "status", "clearance",
        "directive", "override", "refusal", "acknowledgment", "bulletin", "assistance", "closure",
    }  # fmt: skip
    for e in t["entries"]:
        assert e["actor"]["user"] and e["actor"]["role"] and e["actor"]["agency"]
        assert len(e["at"]) == 24 and e["at"][19] == "."  # milliseconds
        assert e["seq"] == e["record"]["seq"] and e["hash"] == e["record"]["hash"]
        assert e["sentence"].startswith(f"{e['actor']['user']} ({e['actor']['role']}")
    directive = by_type(t, "DirectiveIssued")[0]
    assert directive["actor"] == {"user": "chief", "role": "commander", "agency": "MPD"}
    assert (
        "chief of patrol" in directive["sentence"]
        and "NO UNITS WILL RESPOND" in directive["sentence"]
    )
    assert t["summary"]["status"] == "closed" and t["summary"]["type_code"] == "assist_other_agency"
    seqs = [e["seq"] for e in t["entries"]]
    assert seqs == sorted(seqs)


def test_strikes_and_corrections_are_linked() -> None:
    _, _, t = told()
    struck = by_type(t, "RemarkStruck")[0]
    original = next(e for e in t["entries"] if e["seq"] == struck["cites"][0]["seq"])
    correction = next(e for e in by_type(t, "RemarkAdded") if e["payload"].get("corrects"))
    assert original["payload"]["text"] == "BLUE VAN PLATE ABC123 AT SCENE"
    assert correction["cites"][0]["seq"] == original["seq"]
    assert {x["seq"] for x in original["cited_by"]} >= {struck["seq"], correction["seq"]}


def test_from_a_directive_to_everything_that_cites_it() -> None:
    _, story, t = told()
    [d] = t["directives"]
    assert d["directive"] == story.directive and d["issuer"]["role"] == "commander"
    assert d["authority"] == "chief of patrol" and d["reason"] == "NO UNITS WILL RESPOND"

    def seqs(name: str) -> list[int]:
        return [e["seq"] for e in by_type(t, name)]

    assert d["clearances"] == seqs("UnitCleared")[:2]
    assert d["refusals"] == seqs("DispatchRefused") and len(d["refusals"]) == 1
    assert d["overrides"] == seqs("DirectiveOverridden")
    assert d["acknowledgments"] == seqs("DirectiveAcknowledged")
    assert d["assistance_answers"] == seqs("AssistanceAnswered")
    issued = by_type(t, "DirectiveIssued")[0]
    assert {x["seq"] for x in issued["cited_by"]} == {
        *d["clearances"], *d["refusals"], *d["overrides"], *d["acknowledgments"],
        *d["assistance_answers"],
    }  # fmt: skip


def test_from_a_cleared_unit_to_the_order_behind_it() -> None:
    _, story, t = told()
    issued = by_type(t, "DirectiveIssued")[0]
    for unit in story.cleared:
        a = next(x for x in t["assignments"] if x["unit"] == unit)
        order = a["order_behind"]
        assert order["directive"]["directive"] == story.directive
        assert order["directive"]["seq"] == issued["seq"]
        assert order["directive"]["issuer"]["user"] == "chief"
        assert order["cleared_by"]["user"] == "disp1"
        clearance = next(e for e in t["entries"] if e["seq"] == order["clearance_seq"])
        assert {x["relation"] for x in clearance["cites"]} == {"directive", "assignment"}
    override = next(x for x in t["assignments"] if x["override"])
    assert override["unit"] == story.refused_unit and override["order_behind"]["directive"] is None


def test_a_clean_journal_verifies() -> None:
    _, _, t = told()
    v = t["verification"]
    assert v["verified"] and v["chain"]["ok"] and not v["entries_failed"]
    assert all(
        e["check"]["hash_recomputes"] and e["check"]["matches_written_hash"] for e in t["entries"]
    )
    assert v["statement"].startswith("Verified")


def test_an_edited_row_makes_the_timeline_not_verified() -> None:
    server, story, before = told()
    remark = by_type(before, "RemarkAdded")[1]
    edited = remark["record"]["payload"].replace("BLUE", "RED")
    MemoryDba(server.journal.store).edit(remark["seq"], payload=edited)
    after = server.timeline(story.incident)
    assert not after["verification"]["verified"]
    assert after["verification"]["entries_failed"] == [remark["seq"]]
    assert after["verification"]["statement"].startswith("NOT VERIFIED")
    bad = next(e for e in after["entries"] if e["seq"] == remark["seq"])
    assert bad["check"]["hash_recomputes"] is False


def test_a_row_rewritten_with_a_fresh_hash_is_caught_too() -> None:
    server, story, before = told()
    remark = by_type(before, "RemarkAdded")[1]
    [row] = server.journal.read(after_seq=remark["seq"] - 1, limit=1)
    forged = row._replace(payload=row.payload.replace("BLUE", "RED"))
    MemoryDba(server.journal.store).edit(row.seq, payload=forged.payload, hash=hash_of(forged))
    after = server.timeline(story.incident)
    bad = next(e for e in after["entries"] if e["seq"] == remark["seq"])
    assert bad["check"]["hash_recomputes"] and bad["check"]["matches_written_hash"] is False
    assert not after["verification"]["verified"]
    cold = timeline_from_journal(server.journal, story.incident, None)
    assert cold is not None and not cold["verification"]["verified"]
    assert cold["verification"]["chain"]["first_bad_seq"] == remark["seq"] + 1


def test_signed_checkpoints_cover_the_entries() -> None:
    key = Ed25519PrivateKey.generate()
    server = Server(key)
    story = server.run(stand_down)
    t = server.timeline(story.incident)
    cp = t["verification"]["checkpoint"]
    assert cp is not None and cp["signature_checked"] and cp["seq"] == server.journal.head()[0]
    assert t["verification"]["entries_under_signed_checkpoint"] == len(t["entries"])
    other = ChainAuditor(Ed25519PrivateKey.generate().public_key())
    forged = incident_timeline(server.journal, server.index, other, story.incident)
    assert forged is not None and not forged["verification"]["verified"]
    # A key the journal does not list vouches for nothing (ADR 0011).
    assert "not one of this journal's keys" in (forged["verification"]["chain"]["reason"] or "")


def test_the_one_pass_reading_matches_the_server_reading() -> None:
    server, story, t = told()
    cold = timeline_from_journal(server.journal, story.incident, None)
    assert cold is not None and cold["verification"]["verified"]
    assert [e["seq"] for e in cold["entries"]] == [e["seq"] for e in t["entries"]]
    assert timeline_from_journal(server.journal, "2099-999999", None) is None


def test_entries_recheck_against_a_journal_export() -> None:
    server, _, t = told()
    out = io.StringIO()
    export_jsonl(server.journal, out)
    lines = out.getvalue().splitlines()
    assert recheck_against_export(json.loads(json.dumps(t)), lines) == []
    t["entries"][3]["record"]["payload"] = t["entries"][3]["record"]["payload"].replace("1", "2")
    assert recheck_against_export(t, lines)


def test_restricted_bulletins_stay_with_their_agency() -> None:
    async def story(d: Driver) -> Story:
        s = await stand_down(d)
        await d.ok(
            FED_SUP,
            c.IssueBulletin(subject="secret", plates=("ZZZ999",), valid_days=1, restricted=True),
        )
        inc = await d.ok(
            DISPATCHER, c.CreateIncident(type_code="traffic", priority=3, address="Kaivokatu 1")
        )
        ident = inc.events[0].event.incident_id or ""
        await d.ok(DISPATCHER, c.AddRemark(incident=ident, text="car ZZZ999 parked"))
        return Story(ident, s.directive, s.request, [], "")

    server = Server()
    s = server.run(story)
    state = server.engine.state
    mpd_viewer = Actor("disp1", Role.DISPATCHER, "MPD")
    fed_viewer = Actor("fedsup", Role.SUPERVISOR, "FED")
    mpd = server.timeline(s.incident, visible=lambda ev: event_visible(state, mpd_viewer, ev))
    fed = server.timeline(s.incident, visible=lambda ev: event_visible(state, fed_viewer, ev))
    assert not [e for e in mpd["entries"] if e["kind"] == "bulletin"]
    # FED owns the bulletin but not MPD's incident, which is not shared with it: only its own
    # bulletin shows, not the hit on the incident
    assert [e["type"] for e in fed["entries"]] == ["BulletinIssued"]


def test_an_area_directive_shows_on_incidents_inside_it() -> None:
    async def story(d: Driver) -> Story:
        s = await stand_down(d)
        inc = await d.ok(
            DISPATCHER,
            c.CreateIncident(
                type_code="fight", priority=2, address="Kaivokatu 1", lat=60.1705, lon=24.9410
            ),
        )
        ident = inc.events[0].event.incident_id or ""
        await d.ok(DISPATCHER, c.DispatchUnit(incident=ident, unit="1A12", reason="nearest"))
        area = await d.ok(
            CHIEF,
            c.IssueDirective(
                kind="hold", reason="crowd", area_lat=60.17, area_lon=24.94, area_radius_m=500
            ),
        )
        directive = area.events[0].event.directive  # type: ignore[attr-defined]
        await d.ok(DISPATCHER, c.ClearUnit(unit="1A12", directive=directive))
        return Story(ident, directive, s.request, ["1A12"], "")

    server = Server()
    s = server.run(story)
    t = server.timeline(s.incident)
    issued = by_type(t, "DirectiveIssued")
    assert [e["payload"]["directive"] for e in issued] == [s.directive]
    assert t["assignments"][0]["order_behind"]["directive"]["directive"] == s.directive
