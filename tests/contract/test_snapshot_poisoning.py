"""An insider edits the stored snapshot with the server stopped; the record does not bend.

Runs on both backends. The snapshot the server wrote at stop is rewritten as an attacker with the
database (and knowledge of the format) would: the incident's address changed, the stand-down
directive deleted, an administrator added with a credentials row - and its digest recomputed to
match. On restart the snapshot is refused, the state is rebuilt from the journal, the stand-down
still refuses dispatch, the injected administrator cannot log in, and the audit reports it.
"""

from __future__ import annotations

import base64
import json
import zlib
from typing import Any

from typer.testing import CliRunner

from tenfour.cli.audit import app as audit_app
from tenfour.engine.snapshot import PACKED
from tenfour.engine.state_audit import audit_state
from tenfour.journal.sealing import state_digest
from tenfour.journal.store import open_journal
from tenfour.settings import Settings
from tests.contract.conftest import dba
from tests.integration.api.test_scenario import (
    step2_calls,
    step4_dispatch,
    step5_directive,
    step5_override_refused,
)
from tests.integration.api.world import FAST_HASHER, PASSWORD, running_api

DECOY = "1 Decoy Road"
State = dict[str, Any]


def unpack(text: str) -> State:
    assert text.startswith(PACKED)
    data: State = json.loads(zlib.decompress(base64.b64decode(text[len(PACKED) :])))
    return data


def pack(data: State) -> str:
    raw = json.dumps(data).encode()
    return PACKED + base64.b64encode(zlib.compress(raw)).decode("ascii")


def poison(data: State, incident: str) -> None:
    state = data["state"]
    state["incidents"][incident]["location"]["address"] = DECOY
    state["directives"] = {}
    state["overrides"] = {}
    state["users"]["mallory"] = dict(state["users"]["admin"], id="mallory")


def tamper_latest_snapshot(db: str, incident: str) -> int:
    run = dba(db)
    seq, text = run("SELECT seq, state FROM journal_snapshot ORDER BY seq DESC LIMIT 1", ())[0]
    data = unpack(text)
    poison(data, incident)
    forged = pack(data)
    run(
        "UPDATE journal_snapshot SET state = ?, digest = ? WHERE seq = ?",
        (forged, state_digest(forged), seq),
    )
    row = ("mallory", FAST_HASHER.hash(PASSWORD), "2026-11-30T00:00:00.000Z")
    run("INSERT INTO credentials (user_id, hash, created_at) VALUES (?, ?, ?)", row)
    return int(seq)


def test_a_poisoned_snapshot_is_refused_and_the_record_holds(api_settings: Settings) -> None:
    with running_api(api_settings) as api:
        incident = step2_calls(api)
        step4_dispatch(api, incident)
        directive = step5_directive(api, incident)
        step5_override_refused(api, incident, directive)
    tampered = tamper_latest_snapshot(api_settings.db, incident)

    audit = CliRunner().invoke(audit_app, ["verify", "--db", api_settings.db,
                                           "--key", str(api_settings.key_path)])  # fmt: skip
    assert audit.exit_code == 1, audit.output
    assert f"seq {tampered}: snapshot at seq {tampered}" in audit.output

    with running_api(api_settings, seeded=False) as api:
        assert api.runtime.engine.stats.snapshots_refused == 1
        metrics = api.client.get("/metrics", headers=api.headers("admin")).text
        assert "tenfour_snapshots_refused 1.0" in metrics
        step5_override_refused(api, incident, directive)  # the stand-down still holds: 409
        view = api.get("disp1", f"/incidents/{incident}").json()
        assert DECOY not in json.dumps(view) and "Mannerheimintie 1" in json.dumps(view)
        login = api.client.post(
            "/api/v1/auth/token", data={"username": "mallory", "password": PASSWORD}
        )
        assert login.status_code == 401


def test_the_audit_checks_snapshots_against_the_replayed_journal(api_settings: Settings) -> None:
    with running_api(api_settings) as api:
        incident = step2_calls(api)
    with open_journal(api_settings.db) as journal:
        clean = audit_state(journal)
    assert clean.ok, clean.findings
    assert clean.snapshots_checked >= 1
    tampered = tamper_latest_snapshot(api_settings.db, incident)
    with open_journal(api_settings.db) as journal:
        report = audit_state(journal)
    whats = [f.what for f in report.findings if f.seq == tampered]
    assert any("state edited" in w or "does not verify" in w for w in whats), whats
    assert any("differs from the journal replayed to it" in w for w in whats), whats
