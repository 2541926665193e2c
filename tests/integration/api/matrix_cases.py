"""For every API route, a request that is valid for a given role, with its prerequisites made
fresh (so the only thing that can refuse it is who sends it)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi.routing import APIRoute

from tenfour.api import (
    routes_admin,
    routes_aid,
    routes_health,
    routes_incidents,
    routes_queries,
    routes_units,
)
from tests.integration.api.world import CENTRE, PASSWORD, USERS, Api

Request = tuple[str, Any]  # path under /api/v1 (or absolute when it starts with //), JSON body


class Fresh:
    """Makes new incidents, units, directives... through the super user, one per case."""

    def __init__(self, api: Api) -> None:
        self.api = api
        self.n = 0

    def name(self, prefix: str) -> str:
        self.n += 1
        return f"{prefix}{self.n}"

    def incident(self, narrative: str = "") -> str:
        body = {
            "type_code": "disturbance",
            "priority": 2,
            "address": "Street 1",
            "lat": CENTRE[0],
            "lon": CENTRE[1],
            "narrative": narrative,
        }
        out = self.api.as_super("call_taker", "/incidents", body)
        return str(out["events"][0]["payload"]["incident"])

    def linked(self) -> tuple[str, str]:
        """Two incidents linked to each other (to be unlinked)."""
        a, b = self.incident(), self.incident()
        self.api.as_super("dispatcher", f"/incidents/{a}/links", {"other": b, "reason": "same"})
        return a, b

    def remark(self, incident: str) -> str:
        out = self.api.as_super("call_taker", f"/incidents/{incident}/remarks", {"text": "LINE"})
        return str(out["events"][0]["payload"]["remark"])

    def unit(self, role: str) -> str:
        """1A12 for the unit role (its login is bound to it), else a new MPD unit."""
        if role == "unit":
            self.reset_1a12()
            return "1A12"
        unit = self.name("M")
        body = {
            "unit": unit,
            "agency": "MPD",
            "unit_type": "patrol",
            "lat": CENTRE[0],
            "lon": CENTRE[1],
        }
        self.api.as_super("admin", "/units", body)
        return unit

    def reset_1a12(self) -> None:
        unit = self.api.runtime.engine.state.units["1A12"]
        if unit.assignment_id is not None:
            self.api.as_super("dispatcher", "/units/1A12/clear", {"reason": "reset"})
        if unit.status.value == "outOfService":
            self.api.as_super("dispatcher", "/units/1A12/service", {"in_service": True})

    def assigned(self, role: str, *steps: str) -> str:
        unit = self.unit(role)
        self.api.as_super("dispatcher", f"/units/{unit}/dispatch", {"incident": self.incident()})
        for step in steps:
            self.api.as_super("dispatcher", f"/units/{unit}/{step}")
        return unit

    def directive(self) -> str:
        body = {
            "kind": "stand_down",
            "reason": "NO UNITS WILL RESPOND",
            "incident": self.incident(),
        }
        out = self.api.as_super("commander", "/directives", body)
        return str(out["events"][0]["payload"]["directive"])

    def request_to(self, agency: str) -> str:
        incident = self.incident()
        if agency == "MPD":
            out = self.api.ok(
                "fedcad",
                "/assistance-requests",
                {"incident": incident, "to_agency": "MPD", "what": "help"},
            )
        else:
            out = self.api.as_super(
                "dispatcher",
                "/assistance-requests",
                {"incident": incident, "to_agency": agency, "what": "help"},
            )
        return str(out["events"][0]["payload"]["request"])

    def bulletin(self, role: str) -> str:
        body = {"subject": "wanted", "plates": [self.name("PL-")]}
        if role == "partner":
            out = self.api.ok("fedcad", "/bulletins", body)
        else:
            out = self.api.as_super("records", "/bulletins", body)
        return str(out["events"][0]["payload"]["bulletin"])

    def hazard(self) -> str:
        out = self.api.as_super("records", "/hazards", {"description": "dog", "person": "J DOE"})
        return str(out["events"][0]["payload"]["hazard"])

    def user(self) -> str:
        user = self.name("tmp")
        body = {"user": user, "agency": "MPD", "roles": ["dispatcher"], "password": PASSWORD}
        self.api.as_super("admin", "/users", body)
        return user

    def deactivated_user(self) -> str:
        user = self.user()
        self.api.as_super("admin", f"/users/{user}/deactivate", {"reason": "left"})
        return user


def own_agency(role: str) -> str:
    return USERS[role][1]


def other_agency(role: str) -> str:
    return "MPD" if own_agency(role) == "FED" else "FED"


Builder = Callable[[Fresh, str], Request]

COMMAND_CASES: dict[tuple[str, str], Builder] = {
    ("POST", "/incidents"): lambda f, r: (
        "/incidents",
        {"type_code": "structure_fire", "priority": 1, "address": "A 1"},
    ),
    ("POST", "/incidents/{incident}/calls"): lambda f, r: (
        f"/incidents/{f.incident()}/calls",
        {"ani": "+3581"},
    ),
    ("POST", "/incidents/{incident}/remarks"): lambda f, r: (
        f"/incidents/{f.incident()}/remarks",
        {"text": "more"},
    ),
    ("POST", "/incidents/{incident}/remarks/{remark}/strike"): lambda f, r: (
        lambda i: (f"/incidents/{i}/remarks/{f.remark(i)}/strike", {"reason": "typo"})
    )(f.incident()),
    ("POST", "/incidents/{incident}/reclassify"): lambda f, r: (
        f"/incidents/{f.incident()}/reclassify",
        {"type_code": "crowd", "priority": 1},
    ),
    ("POST", "/incidents/{incident}/relocate"): lambda f, r: (
        f"/incidents/{f.incident()}/relocate",
        {"address": "B 2"},
    ),
    ("POST", "/incidents/{incident}/links"): lambda f, r: (
        f"/incidents/{f.incident()}/links",
        {"other": f.incident(), "reason": "same"},
    ),
    ("POST", "/incidents/{incident}/unlink"): lambda f, r: (
        lambda a, b: (
            f"/incidents/{a}/unlink",
            {"other": b, "reason": "not the same"},
        )
    )(*f.linked()),
    ("POST", "/incidents/{incident}/close"): lambda f, r: (
        f"/incidents/{f.incident()}/close",
        {"disposition": "done"},
    ),
    ("POST", "/incidents/{incident}/recommendation-record"): lambda f, r: (
        f"/incidents/{f.incident()}/recommendation-record",
        {"picks": [{"unit": "1A13", "eta_s": 60}]},
    ),
    ("POST", "/units/{unit}/dispatch"): lambda f, r: (
        f"/units/{f.unit(r)}/dispatch",
        {"incident": f.incident()},
    ),
    ("POST", "/units/{unit}/enroute"): lambda f, r: (f"/units/{f.assigned(r)}/enroute", None),
    ("POST", "/units/{unit}/onscene"): lambda f, r: (f"/units/{f.assigned(r)}/onscene", None),
    ("POST", "/units/{unit}/transporting"): lambda f, r: (
        f"/units/{f.assigned(r, 'onscene')}/transporting",
        None,
    ),
    ("POST", "/units/{unit}/at-hospital"): lambda f, r: (
        f"/units/{f.assigned(r, 'onscene', 'transporting')}/at-hospital",
        None,
    ),
    ("POST", "/units/{unit}/clear"): lambda f, r: (
        f"/units/{f.assigned(r, 'enroute')}/clear",
        {"reason": "not needed"},
    ),
    ("POST", "/units/{unit}/service"): lambda f, r: (
        f"/units/{f.unit(r)}/service",
        {"in_service": False, "reason": "fault"},
    ),
    ("POST", "/units/{unit}/position"): lambda f, r: (
        f"/units/{f.unit(r)}/position",
        {"lat": 60.17, "lon": 24.94},
    ),
    ("POST", "/directives"): lambda f, r: (
        "/directives",
        {"kind": "hold", "reason": "wait", "incident": f.incident()},
    ),
    ("POST", "/directives/{directive}/lift"): lambda f, r: (
        f"/directives/{f.directive()}/lift",
        {"reason": "over"},
    ),
    ("POST", "/directives/{directive}/acknowledge"): lambda f, r: (
        f"/directives/{f.directive()}/acknowledge",
        {"unit": f.unit(r)},
    ),
    ("POST", "/assistance-requests"): lambda f, r: (
        "/assistance-requests",
        {"incident": f.incident(), "to_agency": other_agency(r), "what": "x"},
    ),
    ("POST", "/assistance-requests/{request}/answer"): lambda f, r: (
        f"/assistance-requests/{f.request_to(own_agency(r))}/answer",
        {"answer": "declined", "reason": "busy"},
    ),
    ("POST", "/hazards"): lambda f, r: ("/hazards", {"description": "dog", "person": "A B"}),
    ("POST", "/hazards/{hazard}/remove"): lambda f, r: (
        f"/hazards/{f.hazard()}/remove",
        {"reason": "gone"},
    ),
    ("POST", "/bulletins"): lambda f, r: ("/bulletins", {"subject": "s", "plates": ["XYZ-1"]}),
    ("POST", "/bulletins/{bulletin}/cancel"): lambda f, r: (
        f"/bulletins/{f.bulletin(r)}/cancel",
        {"reason": "found"},
    ),
    ("POST", "/agencies"): lambda f, r: (
        "/agencies",
        {"agency": f.name("AG"), "name": "Agency", "kind": "fire"},
    ),
    ("POST", "/agencies/{agency}/policy"): lambda f, r: (
        "/agencies/MPD/policy",
        {"directive_roles": ["commander", "supervisor"]},
    ),
    ("POST", "/units"): lambda f, r: (
        "/units",
        {"unit": f.name("N"), "agency": "MPD", "unit_type": "patrol"},
    ),
    ("POST", "/users"): lambda f, r: (
        "/users",
        {"user": f.name("new"), "agency": "MPD", "roles": ["records"], "password": PASSWORD},
    ),
    ("POST", "/users/{user}/deactivate"): lambda f, r: (
        f"/users/{f.user()}/deactivate",
        {"reason": "left"},
    ),
    ("POST", "/users/{user}/reactivate"): lambda f, r: (
        f"/users/{f.deactivated_user()}/reactivate",
        {"reason": "back from leave"},
    ),
}

QUERY_CASES: dict[tuple[str, str], Builder] = {
    ("GET", "/me"): lambda f, r: ("/me", None),
    ("GET", "/queue"): lambda f, r: ("/queue", None),
    ("GET", "/incidents"): lambda f, r: ("/incidents", None),
    ("GET", "/incidents/{incident}"): lambda f, r: (f"/incidents/{f.incident()}", None),
    ("GET", "/units"): lambda f, r: ("/units", None),
    ("GET", "/directives"): lambda f, r: ("/directives", None),
    ("GET", "/bulletins"): lambda f, r: ("/bulletins", None),
    ("GET", "/hazards"): lambda f, r: ("/hazards", None),
    ("GET", "/assistance-requests"): lambda f, r: ("/assistance-requests", None),
    ("PUT", "/users/{user}/password"): lambda f, r: (
        f"/users/{f.user()}/password",
        {"password": PASSWORD},
    ),
    ("GET", "//metrics"): lambda f, r: ("//metrics", None),
}

# Roles for the routes that are not domain commands (None: every role).
QUERY_ROLES: dict[tuple[str, str], frozenset[str] | None] = dict.fromkeys(QUERY_CASES) | {
    ("PUT", "/users/{user}/password"): frozenset({"admin", "centre_admin"}),
    ("GET", "//metrics"): frozenset({"admin", "centre_admin", "supervisor"}),
}
SUCCESS = {("PUT", "/users/{user}/password"): 204}


MY_ROUTERS = (
    routes_incidents.router,
    routes_units.router,
    routes_aid.router,
    routes_admin.router,
    routes_queries.router,
)


def route_key(route: APIRoute, prefix: str = "") -> tuple[str, str]:
    return next(iter(route.methods)), prefix + route.path


def my_routes() -> dict[tuple[str, str], APIRoute]:
    found = {
        route_key(r): r for router in MY_ROUTERS for r in router.routes if isinstance(r, APIRoute)
    }
    found |= {route_key(r, "/"): r for r in routes_health.router.routes if isinstance(r, APIRoute)}
    return found
