"""A private PostgreSQL server for local runs and tests (Debian's ``postgresql``).

PostgreSQL refuses to run as root, so as root the server runs as the ``postgres``
system user (``runuser``), in a folder it owns; otherwise as the calling user. It listens
on 127.0.0.1 only, on a free non-default port, with its socket in its own folder, so it
never collides with a server already running. Authentication is ``trust``: the server is
private and short-lived.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

SUPERUSER = "glueforge"


def binary(name: str) -> str:
    """A PostgreSQL server program: Debian keeps them off PATH, per major version."""
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True)
    path = found[0] if found else shutil.which(name)
    if path is None:
        raise FileNotFoundError(
            f"PostgreSQL's {name} not found; install Debian's postgresql (make system-deps)"
        )
    return path


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class LocalPostgres:
    """``start()``, then ``jdbc_url(db)``, ``create_database``, ``run_sql``; ``stop()``."""

    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="glueforge-pg-"))
        self.data = self.folder / "data"
        self.port = free_port()
        self.as_postgres = os.geteuid() == 0

    def _run(self, *command: str) -> subprocess.CompletedProcess:
        prefix = ["runuser", "-u", "postgres", "--"] if self.as_postgres else []
        result = subprocess.run([*prefix, *command], capture_output=True, text=True)
        if result.returncode != 0:
            raise RuntimeError(f"{' '.join(command[:2])} failed: {result.stderr.strip()[-500:]}")
        return result

    def start(self) -> LocalPostgres:
        if self.as_postgres:
            shutil.chown(self.folder, "postgres", "postgres")
        self._run(binary("initdb"), "-D", str(self.data), "-U", SUPERUSER, "-A", "trust")
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1"
        log = str(self.folder / "server.log")
        self._run(binary("pg_ctl"), "-D", str(self.data), "-o", options, "-l", log, "-w", "start")
        return self

    def stop(self) -> None:
        if (self.data / "postmaster.pid").exists():
            self._run(binary("pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop")
        shutil.rmtree(self.folder, ignore_errors=True)

    def __enter__(self) -> LocalPostgres:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def jdbc_url(self, database: str = "postgres") -> str:
        return f"jdbc:postgresql://127.0.0.1:{self.port}/{database}?user={SUPERUSER}"

    def run_sql(self, sql: str, database: str = "postgres") -> str:
        """Run SQL through psql; returns its unaligned, tuples-only output."""
        result = subprocess.run(
            [binary("psql"), "-h", "127.0.0.1", "-p", str(self.port), "-U", SUPERUSER]
            + ["-d", database, "-v", "ON_ERROR_STOP=1", "-X", "-q", "-A", "-t"],
            input=sql,
            capture_output=True,
            text=True,
        )
        if result.returncode != 0:
            raise RuntimeError(f"psql failed: {result.stderr.strip()[-500:]}")
        return result.stdout

    def create_database(self, name: str) -> None:
        self.run_sql(f'CREATE DATABASE "{name}"')
