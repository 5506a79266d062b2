"""A throwaway PostgreSQL cluster for the tests: Debian's binaries, a temp folder, a free port.

initdb and pg_ctl refuse to run as root, so as root they run as the `postgres` user (runuser);
the folder is made for that user. Durability is switched off: the cluster lives for one session.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from tests.support import free_port

PG_BIN_DIRS = sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)
SKIP_REASON = "PostgreSQL not installed: apt-get install postgresql"


def find_bin() -> Path | None:
    """The newest installed PostgreSQL's bin folder ($SSI_PG_BIN overrides), or None."""
    override = os.environ.get("SSI_PG_BIN")
    candidates = [Path(override)] if override else PG_BIN_DIRS
    for folder in candidates:
        if (folder / "initdb").exists() and (folder / "pg_ctl").exists():
            return folder
    return None


class Cluster:
    """initdb + pg_ctl start on 127.0.0.1; `url(schema)` for a database URL; stop() removes it."""

    def __init__(self, bin_dir: Path) -> None:
        self.bin = bin_dir
        self.root = Path(tempfile.mkdtemp(prefix="ssi-pg-"))
        self.data = self.root / "data"
        self.port = free_port()
        self._as_postgres = os.geteuid() == 0
        if self._as_postgres:
            shutil.chown(self.root, "postgres", "postgres")
        self._run(
            "initdb",
            "-D",
            str(self.data),
            "-U",
            "postgres",
            "--auth=trust",
            "--no-sync",
            "--encoding=UTF8",
            "--locale=C.UTF-8",
        )
        options = (
            f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
        )
        self._run(
            "pg_ctl",
            "-D",
            str(self.data),
            "-o",
            options,
            "-l",
            str(self.root / "log"),
            "-w",
            "start",
        )

    def _run(self, program: str, *args: str) -> None:
        command = [str(self.bin / program), *args]
        if self._as_postgres:
            command = ["runuser", "-u", "postgres", "--", *command]
        done = subprocess.run(command, capture_output=True, text=True, timeout=120)
        if done.returncode != 0:
            raise RuntimeError(f"{program} failed: {done.stdout}{done.stderr}")

    @property
    def base_url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def url(self, schema: str | None = None) -> str:
        """A URL whose tables live in `schema` (created here): one fresh database per test."""
        if schema is None:
            return self.base_url
        self.execute(f'CREATE SCHEMA "{schema}"')
        return f"{self.base_url}?options=-csearch_path%3D{schema}"

    def execute(self, sql: str) -> list[tuple]:
        import psycopg

        with psycopg.connect(self.base_url, autocommit=True) as con:
            cursor = con.execute(sql)
            return cursor.fetchall() if cursor.description else []

    def stop(self) -> None:
        try:
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)
