"""``tenfour sim --url URL --rate R --duration S``: the simulator as a load generator.

It logs in as one user (a dispatcher holds every role it needs), enters calls at ``R`` per
second at real Helsinki addresses, asks for recommendations, dispatches, and drives the units
(positions every few simulated seconds) for ``S`` seconds, then prints what it did.
"""

from __future__ import annotations

import asyncio
import os
import secrets
from typing import Annotated, NoReturn

import typer

PASSWORD_ENV = "TENFOUR_SIM_PASSWORD"  # noqa: S105 - the name of a variable


def sim(
    url: Annotated[str, typer.Option("--url", help="Server base URL, e.g. http://127.0.0.1:8410")],
    rate: Annotated[
        float, typer.Option("--rate", min=0.001, max=100.0, help="Calls per second")
    ] = 0.2,
    duration: Annotated[
        float, typer.Option("--duration", min=1.0, max=86_400.0, help="Seconds to run")
    ] = 60.0,
    user: Annotated[str, typer.Option("--user", help="User to log in as")] = "dispatcher",
    password: Annotated[
        str | None, typer.Option("--password", help=f"Password [${PASSWORD_ENV}]")
    ] = None,
    speed: Annotated[
        float, typer.Option("--speed", min=0.1, max=100.0, help="Simulated time per real second")
    ] = 1.0,
    seed: Annotated[int | None, typer.Option("--seed", help="Random seed [random]")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON")] = False,
) -> None:
    """Drive a tenfour server with simulated calls and units (a load generator)."""
    import httpx

    from tenfour.sim.http_port import LoginError
    from tenfour.sim.load import run_load

    if not url.startswith(("http://", "https://")):
        _fail(f"--url must start with http:// or https:// (got {url!r})")
    secret = password if password is not None else os.environ.get(PASSWORD_ENV)
    if not secret:
        _fail(f"give the password with --password or ${PASSWORD_ENV}")
    try:
        report = asyncio.run(
            run_load(
                url.rstrip("/"),
                user,
                secret,
                rate=rate,
                duration_s=duration,
                speed=speed,
                seed=seed if seed is not None else secrets.randbelow(2**31),
            )
        )
    except LoginError as err:
        _fail(str(err))
    except httpx.HTTPError as err:
        _fail(f"cannot reach {url}: {err}")
    typer.echo(report.json() if as_json else report.text())


def _fail(message: str) -> NoReturn:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(1)
