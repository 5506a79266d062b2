"""The store contract: every test here runs on DuckDB and on PostgreSQL (the `store` fixture),
except the DuckDB file-lock tests at the end."""

import json
import subprocess
import sys
import threading
from datetime import date, timedelta
from pathlib import Path

import duckdb
import pandas as pd
import psycopg
import pytest

from ssi_core.errors import SSIError, StoreBusyError
from ssi_core.export import to_csv, to_json
from ssi_core.importers import parse_bytes
from ssi_core.pillars import GROUP_PILLAR_COLUMNS, GROUP_PILLAR_IDS, SNAPSHOT_COLUMNS
from ssi_core.store import Store, open_backend, schema
from tests.support import ROOT

PILLARS = {
    "professional_brand": 1.0,
    "find_right_people": 2.0,
    "insight_engagement": 3.0,
    "strong_relationship": 4.0,
}


def frame(days: list[date], ssi: float = 50.0, **extra) -> pd.DataFrame:
    return pd.DataFrame({"date": days, "ssi": [ssi] * len(days), **extra})


def on_the_database(db: Path | str, *statements: str) -> list[tuple]:
    """Run SQL on the database without the store (committed); the rows of the last statement."""
    connect = duckdb.connect if isinstance(db, Path) else psycopg.connect
    rows: list[tuple] = []
    with connect(str(db)) as con:
        for statement in statements:
            cursor = con.execute(statement)
            rows = cursor.fetchall() if cursor.description else []
        con.commit()
    return rows


def applied_migrations(db: Path | str) -> list[int]:
    """The schema versions the database itself records, read without the store."""
    sql = "SELECT version FROM schema_migrations ORDER BY version"
    return [version for (version,) in on_the_database(db, sql)]


def test_migrations_are_recorded_once(store_db):
    Store(store_db)
    Store(store_db)
    assert applied_migrations(store_db) == [version for version, _, _ in schema.MIGRATIONS]


def test_a_database_of_the_previous_schema_keeps_every_row_and_gains_null_group_pillars(
    store_db, monkeypatch
):
    # The database as the version before the group pillars made it, with a day, an import,
    # an assessment and a done action written by that version's SQL.
    monkeypatch.setattr(schema, "MIGRATIONS", schema.MIGRATIONS[:2])
    Store(store_db).ensure_profile("ana")
    monkeypatch.undo()
    assert applied_migrations(store_db) == [1, 2]
    on_the_database(
        store_db,
        """INSERT INTO snapshots (profile_id, date, ssi, professional_brand, find_right_people,
               insight_engagement, strong_relationship, industry_ssi, industry_top_pct,
               network_ssi, network_top_pct, industry, source)
           SELECT id, DATE '2026-05-19', 38.0, 20.998, 5.2, 3.95, 7.85, 34.0, 9.0, 40.0, 83.0,
               'Tecnologia', 'csv_long' FROM profiles WHERE name = 'ana'""",
        """INSERT INTO snapshots (profile_id, date, ssi, source)
           SELECT id, DATE '2026-05-20', 38.2, 'csv_long' FROM profiles WHERE name = 'ana'""",
        """INSERT INTO imports (profile_id, file_name, sha256, format, rows_read, rows_accepted,
               rows_skipped, new_days, replaced_days, imported_at)
           SELECT id, 'old.csv', 'abc', 'csv_long', 2, 2, 0, 2, 0, TIMESTAMP '2026-05-20 09:00'
           FROM profiles WHERE name = 'ana'""",
        """INSERT INTO assessments (profile_id, created_at, date, questionnaire_version, answers,
               ssi, professional_brand, find_right_people, insight_engagement,
               strong_relationship)
           SELECT id, TIMESTAMP '2026-05-18 10:00', DATE '2026-05-18', 'v1', '{"q": 1}', 10.0,
               1.0, 2.0, 3.0, 4.0 FROM profiles WHERE name = 'ana'""",
        """INSERT INTO action_status (profile_id, action_id, done_at)
           SELECT id, 'ask_recommendation', TIMESTAMP '2026-05-18 11:00'
           FROM profiles WHERE name = 'ana'""",
    )

    store = Store(store_db)
    assert applied_migrations(store_db) == [version for version, _, _ in schema.MIGRATIONS]
    stored = store.snapshots("ana")
    assert list(stored.columns) == list(SNAPSHOT_COLUMNS)
    assert list(stored["date"]) == [date(2026, 5, 19), date(2026, 5, 20)]
    first = stored.iloc[0]
    assert (first["ssi"], first["professional_brand"], first["find_right_people"]) == (
        38.0,
        20.998,
        5.2,
    )
    assert (first["insight_engagement"], first["strong_relationship"]) == (3.95, 7.85)
    assert (first["industry_ssi"], first["industry_top_pct"]) == (34.0, 9.0)
    assert (first["network_ssi"], first["network_top_pct"]) == (40.0, 83.0)
    assert (first["industry"], first["source"]) == ("Tecnologia", "csv_long")
    assert stored.iloc[1]["ssi"] == 38.2
    assert stored[list(GROUP_PILLAR_IDS)].isna().all().all()  # NULL, never 0
    assert store.import_seen("ana", "abc") and len(store.imports("ana")) == 1
    assert store.assessments("ana").iloc[0]["answers"] == {"q": 1}
    assert set(store.done_actions("ana")) == {"ask_recommendation"}
    # The migrated table takes the group pillars like a new one.
    counts = store.import_snapshots(
        "ana", frame([date(2026, 5, 20)], 38.2, network_professional_brand=[13.22])
    )
    assert counts == {"new": 0, "replaced": 1, "unchanged": 0}
    assert store.snapshots("ana").iloc[1]["network_professional_brand"] == 13.22


GROUP_VALUES = {
    "industry_professional_brand": 9.61,
    "industry_find_right_people": 9.05,
    "industry_insight_engagement": 2.1,
    "industry_strong_relationship": 15.2,
    "network_professional_brand": 13.22,
    "network_find_right_people": 8.1,
    "network_insight_engagement": 2.4,
    "network_strong_relationship": 16.3,
}


def test_group_pillars_go_in_and_come_out_with_null_where_unknown(store):
    days = [date(2026, 5, 26), date(2026, 5, 27)]
    incoming = frame(days, 38.0, professional_brand=[20.998, 21.05])
    for column, value in GROUP_VALUES.items():
        # The second day knows only the network's pillars (the industry's were not shown).
        incoming[column] = [value, None if column.startswith("industry_") else value + 0.1]
    assert store.import_snapshots("ana", incoming)["new"] == 2
    stored = store.snapshots("ana")
    assert all(stored[column].dtype == "float64" for column in GROUP_PILLAR_IDS)
    first, second = stored.iloc[0], stored.iloc[1]
    assert {column: first[column] for column in GROUP_PILLAR_IDS} == GROUP_VALUES
    assert first["professional_brand"] == 20.998  # the member's own, not a group's
    assert second[list(GROUP_PILLAR_COLUMNS["industry"].values())].isna().all()
    assert second["network_professional_brand"] == pytest.approx(13.32)
    # Out through JSON and CSV, and back in through the importer: the same days.
    (json_first, json_second) = json.loads(to_json(stored))
    assert {column: json_first[column] for column in GROUP_PILLAR_IDS} == GROUP_VALUES
    assert json_second["industry_strong_relationship"] is None
    for text in (to_csv(stored), to_json(stored)):
        back = parse_bytes(text.encode(), "export", today=date(2026, 6, 1)).snapshots
        pd.testing.assert_frame_equal(
            back.drop(columns="source"), stored.drop(columns="source"), check_exact=True
        )


def test_a_changed_group_pillar_replaces_the_day(store):
    day = [date(2026, 5, 26)]
    store.import_snapshots("ana", frame(day, 38.0, network_professional_brand=[13.22]))
    same = frame(day, 38.0, network_professional_brand=[13.22])
    assert store.import_snapshots("ana", same) == {"new": 0, "replaced": 0, "unchanged": 1}
    changed = frame(day, 38.0, network_professional_brand=[13.3])
    assert store.import_snapshots("ana", changed) == {"new": 0, "replaced": 1, "unchanged": 0}
    assert store.snapshots("ana").iloc[0]["network_professional_brand"] == 13.3


def test_snapshots_round_trip_keeps_unknown_as_null(store):
    day = date(2026, 3, 2)
    store.import_snapshots(
        "ana", frame([day], 72.0, professional_brand=[21.4], network_top_pct=[3.0])
    )
    (row,) = json.loads(to_json(store.snapshots("ana")))
    assert row["date"] == day.isoformat() and row["ssi"] == 72.0
    assert row["professional_brand"] == 21.4 and row["network_top_pct"] == 3.0
    assert row["industry_ssi"] is None and row["find_right_people"] is None


def test_upsert_counts_new_replaced_unchanged(store):
    days = [date(2026, 1, 1) + timedelta(days=i) for i in range(3)]
    assert store.import_snapshots("p", frame(days)) == {
        "new": 3,
        "replaced": 0,
        "unchanged": 0,
    }
    changed = frame(days + [date(2026, 1, 4)])
    changed.loc[0, "ssi"] = 55.0
    assert store.import_snapshots("p", changed) == {
        "new": 1,
        "replaced": 1,
        "unchanged": 2,
    }
    stored = store.snapshots("p")
    assert list(stored["ssi"]) == [55.0, 50.0, 50.0, 50.0]


def test_import_is_logged_and_seen_by_hash(store):
    store.import_snapshots(
        "p",
        frame([date(2026, 1, 1)]),
        file_name="a.csv",
        sha256="abc",
        format="csv_wide",
        rows_read=2,
        rows_accepted=1,
        rows_skipped=1,
    )
    log = store.imports("p")
    assert list(log["file_name"]) == ["a.csv"] and int(log["new_days"].iloc[0]) == 1
    assert store.import_seen("p", "abc") and not store.import_seen("p", "zzz")


def test_profiles_are_separate_and_delete_removes_everything(store):
    store.import_snapshots("a", frame([date(2026, 1, 1)]), file_name="x", sha256="1")
    store.import_snapshots("b", frame([date(2026, 1, 1)], 60.0))
    store.save_assessment("a", {"q": 1}, PILLARS, "v1")
    store.set_action_done("a", "act", True)
    assert store.delete_profile("a") is True
    assert [p.name for p in store.profiles()] == ["b"]
    assert store.snapshots("a").empty and store.assessments("a").empty
    assert store.imports("a").empty and store.done_actions("a") == {}
    assert list(store.snapshots("b")["ssi"]) == [60.0]
    assert store.delete_profile("a") is False


def test_assessments_keep_answers_and_version(store):
    store.save_assessment("p", {"connections": 500, "has_photo": True}, PILLARS, "2026.1")
    saved = store.assessments("p").iloc[0]
    assert saved["answers"] == {"connections": 500, "has_photo": True}
    assert saved["questionnaire_version"] == "2026.1" and saved["ssi"] == 10.0


def test_profile_settings_and_rename(store):
    store.ensure_profile("p")
    store.update_profile("p", new_name="Ana", industry="Recruiting", industry_ssi=22)
    (profile,) = store.profiles()
    assert (profile.name, profile.industry, profile.industry_ssi) == ("Ana", "Recruiting", 22.0)
    with pytest.raises(SSIError, match="industry_ssi"):
        store.update_profile("Ana", industry_ssi=140)
    with pytest.raises(SSIError):
        store.ensure_profile("   ")


def test_action_done_toggles(store):
    store.set_action_done("p", "ask_recommendation", True)
    assert set(store.done_actions("p")) == {"ask_recommendation"}
    store.set_action_done("p", "ask_recommendation", False)
    assert store.done_actions("p") == {}


def test_concurrent_writes_from_eight_threads_lose_nothing(store):
    errors: list[BaseException] = []

    def write(worker: int) -> None:
        try:
            for i in range(2):  # each open of a DuckDB file costs ~30 ms: few writes suffice
                day = date(2025, 1, 1) + timedelta(days=worker * 2 + i)
                store.import_snapshots("team", frame([day], float(worker)))
                store.save_assessment("team", {"w": worker, "i": i}, PILLARS, "v")
        except BaseException as error:  # collected and asserted below
            errors.append(error)

    threads = [threading.Thread(target=write, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(store.snapshots("team")) == 16
    assert len(store.assessments("team")) == 16


def test_version_changes_with_every_write(store, monkeypatch):
    monkeypatch.setattr(Store, "VERSION_CACHE_SECONDS", 0)
    before = store.version()
    store.ensure_profile("p")
    after_one = store.version()
    store.set_action_done("p", "act", True)
    assert before != after_one != store.version()


def test_a_write_that_fails_half_way_leaves_nothing(store):
    store.import_snapshots("p", frame([date(2026, 1, 1)]))
    # The import log is written last, after the new profile and its day: a count too large for
    # its INTEGER column makes the database refuse it there.
    with pytest.raises(Exception, match="out of range"):
        store.import_snapshots(
            "new", frame([date(2026, 1, 2)], 60.0), file_name="x", sha256="1", rows_read=2**40
        )
    assert [p.name for p in store.profiles()] == ["p"]
    assert list(store.snapshots("p")["ssi"]) == [50.0] and store.imports("new").empty


# --- DuckDB only: the file is shared with other processes -----------------------------------


def test_a_second_process_can_write_while_the_store_is_open_here(fresh_store, db_path):
    fresh_store.import_snapshots("p", frame([date(2026, 1, 1)]))
    code = (
        "import sys, datetime, pandas as pd; sys.path.insert(0, sys.argv[2]);"
        "from ssi_core.store import Store;"
        "Store(sys.argv[1]).import_snapshots('p', pd.DataFrame("
        "{'date': [datetime.date(2026, 1, 2)], 'ssi': [51.0]}))"
    )
    subprocess.run([sys.executable, "-c", code, str(db_path), str(ROOT)], check=True, timeout=60)
    assert list(fresh_store.snapshots("p")["ssi"]) == [50.0, 51.0]


def test_a_lock_held_by_another_process_is_retried_then_reported(fresh_store, db_path, monkeypatch):
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time, duckdb; c = duckdb.connect(sys.argv[1]); print('held', flush=True);"
            "time.sleep(float(sys.argv[2]))",
            str(db_path),
            "30",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        monkeypatch.setattr(Store, "RETRY_SECONDS", 0.5)
        with pytest.raises(StoreBusyError, match="in use by another program"):
            fresh_store.import_snapshots("p", frame([date(2026, 1, 1)]))
    finally:
        holder.kill()
        holder.wait()
    # Once the other program is gone the same write goes through, and nothing was half-written.
    assert fresh_store.snapshots("p").empty
    fresh_store.import_snapshots("p", frame([date(2026, 1, 1)]))
    assert len(fresh_store.snapshots("p")) == 1


def test_a_brief_lock_is_waited_out(fresh_store, db_path):
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time, duckdb; c = duckdb.connect(sys.argv[1]); print('held', flush=True);"
            "time.sleep(0.7)",
            str(db_path),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        fresh_store.import_snapshots("p", frame([date(2026, 1, 1)]))
    finally:
        holder.wait()
    assert len(fresh_store.snapshots("p")) == 1


def test_reads_together_share_one_connection_and_see_the_same(store_db, store, monkeypatch):
    store.import_snapshots("default", frame([date(2025, 1, 1), date(2025, 1, 2)]))
    store.set_action_done("default", "a1", True)
    opened = []
    backend = type(open_backend(store_db))
    real = backend.connect
    monkeypatch.setattr(
        backend, "connect", lambda self, write: opened.append(write) or real(self, write)
    )
    alone = (store.snapshots("default"), store.done_actions("default"))
    assert len(opened) == 2
    together = store.together(lambda s: (s.snapshots("default"), s.done_actions("default")))
    assert len(opened) == 3
    pd.testing.assert_frame_equal(together[0], alone[0])
    assert together[1] == alone[1]
    # A write inside takes its own connection, and the lent one goes back at the end: a read
    # after it opens one of its own.
    store.together(lambda s: s.set_action_done("default", "a2", True))
    assert len(opened) == 5
    assert set(store.done_actions("default")) == {"a1", "a2"}
    assert len(opened) == 6
