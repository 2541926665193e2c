"""A private PostgreSQL cluster in a temporary directory, to stop, restart and kill at will.

The fault tests and ``tenfour bench failover`` need a database they may break: never the shared
server. ``PgCluster`` runs ``initdb`` and ``pg_ctl`` on a free port of 127.0.0.1 with trust
authentication. PostgreSQL refuses to run as root, so as root the binaries run as the
``postgres`` OS user (``runuser``) and the directory is handed to that user.

Use it as a context manager: the cluster is stopped (immediately) and its directory removed on
the way out, whatever happened inside.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path
from types import TracebackType
from typing import Literal, Self

import psycopg

StopMode = Literal["smart", "fast", "immediate"]
BIN_DIRS = (
    Path("/usr/local/bin"),
    *sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True),
)
RUN_AS = "postgres"  # PostgreSQL's own OS user, when we are root
DATABASE = "tenfour"
START_TIMEOUT_S = 60


def free_port() -> int:
    """A TCP port of 127.0.0.1 nobody listens on now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def find_binary(name: str) -> Path:
    """``initdb``, ``pg_ctl``...: from /usr/local/bin, else the newest /usr/lib/postgresql/*."""
    for directory in BIN_DIRS:
        if (directory / name).exists():
            return directory / name
    found = shutil.which(name)
    if found is None:
        raise FileNotFoundError(
            f"PostgreSQL's {name} is not installed (apt-get install postgresql)"
        )
    return Path(found)


def _settings(port: int, socket_dir: Path, durable: bool) -> str:
    lines = [
        "listen_addresses = '127.0.0.1'",
        f"port = {port}",
        f"unix_socket_directories = '{socket_dir}'",
        "max_connections = 100",
        "shared_buffers = 32MB",
        "log_line_prefix = '%m [%p] %a '",
        # A crash of PostgreSQL (not of the machine) loses nothing without fsync: the kernel
        # keeps what was written. The box is shared, so the tests spare its disk by default.
        f"fsync = {'on' if durable else 'off'}",
        f"full_page_writes = {'on' if durable else 'off'}",
    ]
    return "\n".join(lines) + "\n"


class Managed:
    """A context manager over ``begin`` and ``close``; ``close`` runs also when ``begin`` fails
    half-way, so nothing started is left running."""

    def begin(self) -> None:
        """Start (override)."""
        raise NotImplementedError

    def close(self) -> None:
        """Stop and remove whatever was started (override; must not fail on a partial start)."""
        raise NotImplementedError

    def __enter__(self) -> Self:
        try:
            self.begin()
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


class PgCluster(Managed):
    """One PostgreSQL server of our own; ``url`` reaches database ``tenfour`` as ``postgres``."""

    def __init__(self, *, durable: bool = False, base: Path | None = None) -> None:
        self.base = Path(tempfile.mkdtemp(prefix="tenfour-pg-", dir=base))
        self.data = self.base / "data"
        self.log = self.base / "postgres.log"
        self.port = free_port()
        self.durable = durable
        self.url = f"postgresql://postgres@127.0.0.1:{self.port}/{DATABASE}"
        self.admin_url = f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    # --- life cycle ---------------------------------------------------------------------------

    def begin(self) -> None:
        """What ``with`` does first: ``create``."""
        self.create()

    def close(self) -> None:
        """What ``with`` does last: ``cleanup``."""
        self.cleanup()

    def create(self) -> None:
        """initdb, start, and create the ``tenfour`` database."""
        if os.geteuid() == 0:
            shutil.chown(self.base, user=RUN_AS, group=RUN_AS)
        self._run(
            "initdb",
            "-D",
            str(self.data),
            "--auth=trust",
            "--username=postgres",
            "--encoding=UTF8",
            "--locale=C",
            "--no-sync",
            "--no-instructions",
        )
        with (self.data / "postgresql.conf").open("a") as conf:
            conf.write(_settings(self.port, self.base, self.durable))
        self.start()
        with psycopg.connect(self.admin_url, autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {DATABASE}")

    def start(self) -> None:
        """Start the server and wait until it takes connections."""
        self._run(
            "pg_ctl",
            "start",
            "-w",
            "-t",
            str(START_TIMEOUT_S),
            "-D",
            str(self.data),
            "-l",
            str(self.log),
        )

    def stop(self, mode: StopMode = "fast") -> None:
        """Stop the server (``fast``: roll back and disconnect; ``immediate``: like a crash)."""
        self._run(
            "pg_ctl", "stop", "-w", "-t", str(START_TIMEOUT_S), "-D", str(self.data), "-m", mode
        )

    def restart(self, mode: StopMode = "fast") -> None:
        """Stop (in ``mode``) and start again."""
        self.stop(mode)
        self.start()

    def kill(self) -> None:
        """kill -9 the postmaster and every process it started, as a machine crash would."""
        pid = self.postmaster_pid()
        if pid is None:
            return
        children = _children(pid)
        os.kill(pid, signal.SIGKILL)
        for child in children:
            with contextlib.suppress(ProcessLookupError):
                os.kill(child, signal.SIGKILL)
        _wait_gone([pid, *children])
        # A crashed machine keeps no process of that pid; here the dead postmaster may linger as
        # a zombie nobody reaps, which would make the next start refuse the lock file.
        for stale in (self.data / "postmaster.pid", self.base / f".s.PGSQL.{self.port}.lock"):
            stale.unlink(missing_ok=True)

    def cleanup(self) -> None:
        """Stop the server however it can be stopped, and delete its directory."""
        if self.postmaster_pid() is not None:
            try:
                self.stop("immediate")
            except (subprocess.CalledProcessError, OSError):
                self.kill()
        shutil.rmtree(self.base, ignore_errors=True)

    # --- faults and looks -----------------------------------------------------------------------

    def running(self) -> bool:
        """Whether the postmaster lives."""
        return self.postmaster_pid() is not None

    def postmaster_pid(self) -> int | None:
        """The live postmaster's pid (None when it is not running)."""
        try:
            pid = int((self.data / "postmaster.pid").read_text().split("\n", 1)[0])
        except (OSError, ValueError):
            return None
        return pid if _alive(pid) else None

    def terminate_backends(self, like: str = "tenfour%") -> int:
        """``pg_terminate_backend`` every session whose application_name is LIKE ``like``."""
        sql = (
            "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE application_name LIKE %s AND pid <> pg_backend_pid()"
        )
        with psycopg.connect(self.admin_url, autocommit=True) as conn:
            row = conn.execute(sql, (like,)).fetchone()
        return int(row[0]) if row else 0

    def sessions(self, like: str = "tenfour%") -> list[str]:
        """The application names of the sessions LIKE ``like``, now."""
        sql = "SELECT application_name FROM pg_stat_activity WHERE application_name LIKE %s"
        with psycopg.connect(self.admin_url, autocommit=True) as conn:
            return sorted(str(r[0]) for r in conn.execute(sql, (like,)).fetchall())

    def _run(self, binary: str, *args: str) -> None:
        command = [str(find_binary(binary)), *args]
        if os.geteuid() == 0:
            command = ["runuser", "-u", RUN_AS, "--", *command]
        done = subprocess.run(  # noqa: S603 - our own arguments
            command, cwd=self.base, capture_output=True, text=True, check=False, timeout=120
        )
        if done.returncode != 0:
            raise subprocess.CalledProcessError(
                done.returncode, command, done.stdout, f"{done.stderr}\n{self._log_tail()}"
            )

    def _log_tail(self, lines: int = 20) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    stat = Path(f"/proc/{pid}/stat")
    with contextlib.suppress(OSError):
        return stat.read_text().rsplit(")", 1)[1].split()[0] != "Z"
    return True


def _children(pid: int) -> list[int]:
    """Direct children of ``pid`` (PostgreSQL's backends and workers), from /proc."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, IndexError, ValueError):
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(stat.parent.name))
    return found


def _wait_gone(pids: list[int], timeout_s: float = 10.0) -> None:
    deadline = time.monotonic() + timeout_s
    while any(_alive(p) for p in pids) and time.monotonic() < deadline:
        time.sleep(0.02)
