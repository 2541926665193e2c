"""The simulator's commands sent to any tenfour server over its HTTP API, as one logged-in user
(a dispatcher holds every role the simulator needs: call taking, dispatch, crew updates).

Each command carries a fresh ``Idempotency-Key``; an expired token is renewed once. Transport
errors and refusals are counted, never raised: a load generator keeps going.
"""

from __future__ import annotations

import logging
import time
import uuid
from typing import Any

import httpx

from tenfour.sim.calls import CallSpec
from tenfour.sim.motion import Fix
from tenfour.sim.port import PortStats, UnitInfo

log = logging.getLogger(__name__)
API = "/api/v1"
STATUS_PATH = {  # status -> (path, command)
    "enroute": ("enroute", "MarkEnRoute"),
    "onscene": ("onscene", "MarkOnScene"),
    "transporting": ("transporting", "MarkTransporting"),
    "atHospital": ("at-hospital", "MarkAtHospital"),
}


class LoginError(RuntimeError):
    """The server refused the simulator's user name and password."""


class HttpPort:
    """Commands over HTTP; also measures each command's latency."""

    def __init__(self, client: httpx.AsyncClient, user: str, password: str) -> None:
        self.client = client
        self.user = user
        self.password = password
        self.stats = PortStats()
        self.latencies_ms: list[float] = []
        self._token = ""

    async def login(self) -> None:
        """Get a bearer token (``LoginError`` when refused)."""
        response = await self.client.post(
            f"{API}/auth/token", data={"username": self.user, "password": self.password}
        )
        if response.status_code != 200:
            raise LoginError(f"login as {self.user!r} refused: {_detail(response)}")
        self._token = str(response.json()["access_token"])

    async def _request(self, method: str, path: str, body: Any = None) -> httpx.Response | None:
        for attempt in (1, 2):
            headers = {"Authorization": f"Bearer {self._token}"}
            if method == "POST":
                headers["Idempotency-Key"] = str(uuid.uuid4())
            try:
                response = await self.client.request(method, API + path, json=body, headers=headers)
            except httpx.HTTPError as err:
                self.stats.failed += 1
                log.warning("simulator: %s %s failed: %s", method, path, err)
                return None
            if response.status_code == 401 and attempt == 1:
                await self.login()
                continue
            return response
        return None

    async def _command(self, name: str, path: str, body: Any = None) -> dict[str, Any] | None:
        self.stats.sent[name] += 1
        started = time.perf_counter()
        response = await self._request("POST", path, body if body is not None else {})
        self.latencies_ms.append((time.perf_counter() - started) * 1000)
        if response is None:
            return None
        if response.status_code >= 400:
            self.stats.refused[name] += 1
            log.info(
                "simulator: %s refused (%s): %s", name, response.status_code, _detail(response)
            )
            return None
        answer: dict[str, Any] = response.json()
        return answer

    async def units(self) -> list[UnitInfo]:
        """The unit board."""
        response = await self._request("GET", "/units")
        if response is None or response.status_code != 200:
            return []
        return [
            UnitInfo(
                u["id"], u["agency"], u["unit_type"], u.get("station"), u["status"],
                u.get("lat"), u.get("lon"), u.get("incident"),
            )
            for u in response.json()
        ]  # fmt: skip

    async def incident_position(self, incident: str) -> tuple[float, float] | None:
        """Where an incident is, from its detail."""
        response = await self._request("GET", f"/incidents/{incident}")
        if response is None or response.status_code != 200:
            return None
        body = response.json()
        lat, lon = body.get("lat"), body.get("lon")
        return (float(lat), float(lon)) if lat is not None and lon is not None else None

    async def create_incident(self, call: CallSpec, agency: str | None) -> str | None:
        """``POST /incidents``."""
        body = {
            "type_code": call.call_type.type_code,
            "priority": call.priority,
            "address": call.address,
            "lat": call.lat,
            "lon": call.lon,
            "verified": True,
            "narrative": call.narrative,
            "ani": call.ani,
            "ali": call.address,
            "caller_name": call.caller_name,
        }
        if agency is not None:
            body["agency"] = agency
        answer = await self._command("CreateIncident", "/incidents", body)
        if not answer or not answer.get("events"):
            return None
        return str(answer["events"][0]["payload"]["incident"])

    async def add_call(self, incident: str, call: CallSpec) -> bool:
        """``POST /incidents/{id}/calls`` as a duplicate."""
        body = {
            "ani": call.ani,
            "ali": call.address,
            "caller_name": call.caller_name,
            "narrative": f"SECOND CALLER: {call.narrative}".strip(),
            "duplicate": True,
        }
        return await self._command("AddCall", f"/incidents/{incident}/calls", body) is not None

    async def recommend(self, incident: str) -> list[str]:
        """``POST /incidents/{id}/recommendation``: the picks."""
        answer = await self._command(
            "RecordRecommendation", f"/incidents/{incident}/recommendation"
        )
        return [str(p["unit"]) for p in answer.get("picks", [])] if answer else []

    async def dispatch(self, incident: str, unit: str) -> bool:
        """``POST /units/{id}/dispatch``."""
        body = {"incident": incident, "recommended": True}
        return await self._command("DispatchUnit", f"/units/{unit}/dispatch", body) is not None

    async def advance(self, unit: str, status: str) -> bool:
        """``POST /units/{id}/enroute`` and friends."""
        path, name = STATUS_PATH[status]
        return await self._command(name, f"/units/{unit}/{path}") is not None

    async def position(self, unit: str, fix: Fix) -> bool:
        """``POST /units/{id}/position``."""
        body = {"lat": fix.lat, "lon": fix.lon, "heading": fix.heading, "speed_kmh": fix.speed_kmh}
        return await self._command("ReportPosition", f"/units/{unit}/position", body) is not None

    async def clear(self, unit: str) -> bool:
        """``POST /units/{id}/clear``."""
        return await self._command("ClearUnit", f"/units/{unit}/clear", {}) is not None

    async def close(self, incident: str, disposition: str) -> bool:
        """``POST /incidents/{id}/close``."""
        body = {"disposition": disposition}
        return (
            await self._command("CloseIncident", f"/incidents/{incident}/close", body) is not None
        )


def _detail(response: httpx.Response) -> str:
    try:
        return str(response.json().get("detail", response.text))
    except ValueError:
        return response.text[:200]
