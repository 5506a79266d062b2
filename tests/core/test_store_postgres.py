"""PostgreSQL only: where the URL comes from, the pool, and what happens when the server is away."""

import socket
import threading
import time
from datetime import date

import pandas as pd
import psycopg
import pytest

from ssi_core.__main__ import main
from ssi_core.errors import SSIError, StoreUnavailableError
from ssi_core.store import Store, resolve_db, schema
from tests.support import ROOT

TRACKER_CSV = ROOT / "tests" / "fixtures" / "e2e" / "tracker.csv"


def one_day(ssi: float = 50.0, day: date = date(2026, 1, 1)) -> pd.DataFrame:
    return pd.DataFrame({"date": [day], "ssi": [ssi]})


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def on_the_server(url: str, *statements: str) -> list[tuple]:
    """Run SQL on the database of `url` without the store; the rows of the last statement."""
    rows: list[tuple] = []
    with psycopg.connect(url, autocommit=True) as con:
        for statement in statements:
            cursor = con.execute(statement)
            rows = cursor.fetchall() if cursor.description else []
    return rows


def app_connections(url: str) -> int:
    """How many connections the server holds for the app, from any Store of any process."""
    sql = "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'ssi-coach'"
    return on_the_server(url, sql)[0][0]


def test_the_database_url_comes_from_the_argument_then_the_environment(
    pg_url, monkeypatch, tmp_path
):
    monkeypatch.setenv("SSI_DB", str(tmp_path / "file.duckdb"))
    assert Store.open().identity == str((tmp_path / "file.duckdb").resolve())
    monkeypatch.setenv("SSI_DATABASE_URL", pg_url)
    assert resolve_db() == pg_url and Store.open().identity.startswith("postgresql")
    cli_file = tmp_path / "cli.duckdb"
    assert Store.open(cli_file).identity == str(cli_file.resolve())  # --db wins


def test_every_store_of_a_process_shares_one_pool_per_database(pg_url):
    before = app_connections(pg_url)
    stores = [Store(pg_url, owner=f"user {n}") for n in range(4)]
    for store in stores:
        store.ensure_profile("p")
    # One after the other, the four stores took turns with the same pooled connection.
    assert app_connections(pg_url) - before <= 1


def test_migrations_run_once_when_processes_start_together(pg_url):
    errors: list[BaseException] = []

    def start() -> None:
        try:
            Store(pg_url)
        except BaseException as error:  # collected and asserted below
            errors.append(error)

    threads = [threading.Thread(target=start) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    recorded = on_the_server(pg_url, "SELECT version FROM schema_migrations ORDER BY version")
    assert recorded == [(version,) for version, *_ in schema.MIGRATIONS]


def test_a_refused_connection_is_retried_then_reported_in_one_sentence(monkeypatch):
    monkeypatch.setattr(Store, "RETRY_SECONDS", 0.4)
    url = f"postgresql://ssi:s3cret@127.0.0.1:{closed_port()}/ssi"
    started = time.monotonic()
    with pytest.raises(StoreUnavailableError) as caught:
        Store(url)
    message = str(caught.value)
    assert time.monotonic() - started >= 0.4
    assert "cannot be reached" in message and "try again" in message
    assert "s3cret" not in message and "\n" not in message


def test_a_missing_database_is_reported_at_once(pg_cluster):
    started = time.monotonic()
    with pytest.raises(SSIError, match="Cannot open the database .*nowhere"):
        Store(pg_cluster.base_url.rsplit("/", 1)[0] + "/nowhere")
    assert time.monotonic() - started < Store.RETRY_SECONDS


def test_connections_closed_by_the_server_are_replaced(pg_url, pg_cluster):
    store = Store(pg_url)
    store.import_snapshots("p", one_day())
    pg_cluster.execute(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
        "WHERE application_name = 'ssi-coach' AND pid <> pg_backend_pid()"
    )
    assert list(store.snapshots("p")["ssi"]) == [50.0]
    store.import_snapshots("p", one_day(51.0, date(2026, 1, 2)))
    assert len(store.snapshots("p")) == 2


def test_a_connection_lost_in_the_middle_of_a_write_retries_the_whole_write(pg_url):
    store = Store(pg_url)
    # The server ends the connection of the first write to reach the snapshots table, after the
    # new profile was inserted; a sequence counts the attempts, since a rollback does not undo it.
    on_the_server(
        pg_url,
        "CREATE SEQUENCE snapshot_writes",
        """CREATE FUNCTION end_the_first_write() RETURNS trigger LANGUAGE plpgsql AS $$
           BEGIN
             IF nextval('snapshot_writes') = 1 THEN
               PERFORM pg_terminate_backend(pg_backend_pid());
             END IF;
             RETURN NEW;
           END $$""",
        """CREATE TRIGGER end_the_first_write BEFORE INSERT ON snapshots
           FOR EACH ROW EXECUTE FUNCTION end_the_first_write()""",
    )
    counts = store.import_snapshots("p", one_day(), file_name="a.csv", sha256="a")
    assert counts == {"new": 1, "replaced": 0, "unchanged": 0}
    assert on_the_server(pg_url, "SELECT last_value FROM snapshot_writes") == [(2,)]
    assert len(store.imports("p")) == 1 and len(store.snapshots("p")) == 1


def test_the_version_follows_the_owners_writes_only(pg_url, monkeypatch):
    monkeypatch.setattr(Store, "VERSION_CACHE_SECONDS", 0)
    alice, bob = Store(pg_url, owner="alice"), Store(pg_url, owner="bob")
    elsewhere = Store(pg_url, owner="alice")  # another app process, or the command line
    before = alice.version()
    bob.import_snapshots("p", one_day())
    assert alice.version() == before
    elsewhere.import_snapshots("p", one_day())
    assert alice.version() != before


def test_the_command_line_imports_and_exports_with_a_postgresql_url(pg_url, capsys):
    assert main(["import", str(TRACKER_CSV), "--db", pg_url, "--profile", "Ana"]) == 0
    assert "11 new" in capsys.readouterr().out
    assert main(["export", "--db", pg_url, "--profile", "Ana", "--format", "csv"]) == 0
    exported = capsys.readouterr().out
    assert exported.startswith("date,ssi,") and len(exported.splitlines()) > 5
    assert len(Store(pg_url).snapshots("Ana")) == len(exported.splitlines()) - 1
