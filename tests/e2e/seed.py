"""The people, agencies and units the browser tests work with, seeded over the API."""

from __future__ import annotations

from tests.e2e.server import ADMIN, Server, password_of

# call sign -> (type, capabilities, lat, lon), all in central Helsinki
UNITS: dict[str, tuple[str, tuple[str, ...], float, float]] = {
    "1A10": ("patrol", ("supervisor",), 60.1700, 24.9420),
    "1A12": ("patrol", (), 60.1690, 24.9410),
    "1A13": ("patrol", (), 60.1720, 24.9450),
    "1A14": ("patrol", (), 60.1660, 24.9480),
    "1A15": ("patrol", (), 60.1750, 24.9400),
    "2B21": ("patrol", (), 60.1770, 24.9500),  # command-line tests
    "2B22": ("patrol", (), 60.1650, 24.9390),
    "3C31": ("patrol", (), 60.1680, 24.9360),  # reconnect and phone tests
}

# user -> (agency, roles, unit)
USERS: dict[str, tuple[str, tuple[str, ...], str | None]] = {
    "ct1": ("MPD", ("call_taker",), None),
    "disp1": ("MPD", ("dispatcher",), None),
    "chief": ("MPD", ("commander",), None),
    "sup1": ("MPD", ("supervisor", "dispatcher"), None),
    "u1a12": ("MPD", ("unit",), "1A12"),
    "u1a13": ("MPD", ("unit",), "1A13"),
    "u3c31": ("MPD", ("unit",), "3C31"),
    "rec1": ("MPD", ("records",), None),
    "disp2": ("MPD", ("dispatcher",), None),
    "fedcad": ("FED", ("partner",), None),
}


def seed(server: Server) -> None:
    """FED agency, MPD units at their positions, one user per role, FED's bulletin."""
    admin = ADMIN[0]
    server.post(admin, "/agencies", {"agency": "FED", "name": "Federal Agency", "kind": "federal"})
    for unit, (kind, caps, lat, lon) in UNITS.items():
        server.post(
            admin,
            "/units",
            {
                "unit": unit,
                "agency": "MPD",
                "unit_type": kind,
                "capabilities": list(caps),
                "lat": lat,
                "lon": lon,
            },
        )
    for user, (agency, roles, call_sign) in USERS.items():
        body: dict[str, object] = {
            "user": user,
            "agency": agency,
            "roles": list(roles),
            "password": password_of(user),
        }
        if call_sign:
            body["unit"] = call_sign
        server.post(admin, "/users", body)
    server.post(
        "fedcad",
        "/bulletins",
        {
            "subject": "WANTED: JOHN ROE, white van",
            "persons": ["JOHN ROE"],
            "plates": ["ABC-123"],
            "valid_days": 30,
        },
    )
