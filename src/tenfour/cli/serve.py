"""``tenfour serve``: the HTTP API on uvicorn, with the engine inside the same process."""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from tenfour.journal.store import STORAGE_ERRORS
from tenfour.settings import Settings

app = typer.Typer(help="Run the tenfour server.")
START_ERRORS: tuple[type[Exception], ...] = (ValueError, OSError, *STORAGE_ERRORS)


@app.command("serve")
def serve(
    db: Annotated[
        str | None,
        typer.Option("--db", help="file path, sqlite:///path or postgresql://... [TENFOUR_DB]"),
    ] = None,
    host: Annotated[
        str | None, typer.Option("--host", help="Address to listen on [127.0.0.1]")
    ] = None,
    port: Annotated[
        int | None, typer.Option("--port", min=1, max=65535, help="TCP port [8410]")
    ] = None,
    city: Annotated[
        Path | None,
        typer.Option(
            "--city", help="your map: the --out directory of tenfour import-osm [TENFOUR_CITY]"
        ),
    ] = None,
    log_level: Annotated[str, typer.Option("--log-level", help="uvicorn log level")] = "info",
) -> None:
    """Serve the API (commands, queries, WebSocket stream) until interrupted."""
    import uvicorn

    from tenfour.api.app import create_app
    from tenfour.runtime import build_runtime

    given = {"db": db, "host": host, "port": port, "city": city}
    overrides = {k: v for k, v in given.items() if v is not None}
    settings = Settings(**overrides)  # type: ignore[arg-type]
    if settings.db_source() != "given":
        typer.echo(f"tenfour: database {settings.db} ({settings.db_source()})", err=True)
    try:
        settings.check_secret()
        runtime = build_runtime(settings, transcribe=True)
        runtime.prepare()  # lead (lock, migrate) or follow now: errors are messages here
    except START_ERRORS as err:
        typer.echo(f"error: cannot start: {err}", err=True)
        raise typer.Exit(1) from None
    uvicorn.run(
        create_app(runtime=runtime),
        host=settings.host,
        port=settings.port,
        log_level=log_level,
        # Access lines are logged at info: below that level, do not build them at all.
        access_log=log_level.lower() in ("trace", "debug", "info"),
        proxy_headers=False,  # the login limiter reads X-Forwarded-For from trusted proxies only
        ws_max_size=65_536,  # the stream takes one small message (the token); nothing large
        timeout_graceful_shutdown=3,  # SIGTERM ends the process even if a client hangs on
    )
    # The runtime stopped (bounded: see Runtime.stop). A journal thread may still sit in a call
    # to a database that went away; it must not keep the process alive: leave now.
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)


if __name__ == "__main__":  # ``python -m tenfour.cli.serve`` (the HTTP bench starts it so)
    app()
