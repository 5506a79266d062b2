import subprocess
import sys
import threading
from datetime import date, timedelta

import pandas as pd
import pytest

from ssi_core import store as store_module
from ssi_core.errors import SSIError, StoreBusyError
from ssi_core.store import Store, snapshot_records

ROOT = store_module.DATA_DIR.parent
PILLARS = {
    "professional_brand": 1.0,
    "find_right_people": 2.0,
    "insight_engagement": 3.0,
    "strong_relationship": 4.0,
}


def frame(days: list[date], ssi: float = 50.0, **extra) -> pd.DataFrame:
    return pd.DataFrame({"date": days, "ssi": [ssi] * len(days), **extra})


def test_migrations_are_recorded_once(db_path):
    Store(db_path)
    again = Store(db_path)
    assert again.migrations() == [1]


def test_snapshots_round_trip_keeps_unknown_as_null(fresh_store):
    day = date(2026, 3, 2)
    fresh_store.import_snapshots(
        "ana", frame([day], 72.0, professional_brand=[21.4], network_top_pct=[3.0])
    )
    (row,) = snapshot_records(fresh_store.snapshots("ana"))
    assert row["date"] == day and row["ssi"] == 72.0 and row["professional_brand"] == 21.4
    assert row["industry_ssi"] is None and row["find_right_people"] is None


def test_upsert_counts_new_replaced_unchanged(fresh_store):
    days = [date(2026, 1, 1) + timedelta(days=i) for i in range(3)]
    assert fresh_store.import_snapshots("p", frame(days)) == {
        "new": 3,
        "replaced": 0,
        "unchanged": 0,
    }
    changed = frame(days + [date(2026, 1, 4)])
    changed.loc[0, "ssi"] = 55.0
    assert fresh_store.import_snapshots("p", changed) == {
        "new": 1,
        "replaced": 1,
        "unchanged": 2,
    }
    stored = fresh_store.snapshots("p")
    assert list(stored["ssi"]) == [55.0, 50.0, 50.0, 50.0]


def test_import_is_logged_and_seen_by_hash(fresh_store):
    fresh_store.import_snapshots(
        "p",
        frame([date(2026, 1, 1)]),
        file_name="a.csv",
        sha256="abc",
        format="csv_wide",
        rows_read=2,
        rows_accepted=1,
        rows_skipped=1,
    )
    log = fresh_store.imports("p")
    assert list(log["file_name"]) == ["a.csv"] and int(log["new_days"].iloc[0]) == 1
    assert fresh_store.import_seen("p", "abc") and not fresh_store.import_seen("p", "zzz")


def test_profiles_are_separate_and_delete_removes_everything(fresh_store):
    fresh_store.import_snapshots("a", frame([date(2026, 1, 1)]), file_name="x", sha256="1")
    fresh_store.import_snapshots("b", frame([date(2026, 1, 1)], 60.0))
    fresh_store.save_assessment("a", {"q": 1}, PILLARS, "v1")
    fresh_store.set_action_done("a", "act", True)
    assert fresh_store.delete_profile("a") is True
    assert [p.name for p in fresh_store.profiles()] == ["b"]
    assert fresh_store.snapshots("a").empty and fresh_store.assessments("a").empty
    assert fresh_store.imports("a").empty and fresh_store.done_actions("a") == {}
    assert list(fresh_store.snapshots("b")["ssi"]) == [60.0]
    assert fresh_store.delete_profile("a") is False


def test_assessments_keep_answers_and_version(fresh_store):
    fresh_store.save_assessment("p", {"connections": 500, "has_photo": True}, PILLARS, "2026.1")
    saved = fresh_store.assessments("p").iloc[0]
    assert saved["answers"] == {"connections": 500, "has_photo": True}
    assert saved["questionnaire_version"] == "2026.1" and saved["ssi"] == 10.0
    assert fresh_store.latest_answers("p") == {"connections": 500, "has_photo": True}


def test_profile_settings_and_rename(fresh_store):
    fresh_store.ensure_profile("p")
    fresh_store.update_profile("p", new_name="Ana", industry="Recruiting", industry_ssi=22)
    (profile,) = fresh_store.profiles()
    assert (profile.name, profile.industry, profile.industry_ssi) == ("Ana", "Recruiting", 22.0)
    with pytest.raises(SSIError, match="industry_ssi"):
        fresh_store.update_profile("Ana", industry_ssi=140)
    with pytest.raises(SSIError):
        fresh_store.ensure_profile("   ")


def test_action_done_toggles(fresh_store):
    fresh_store.set_action_done("p", "ask_recommendation", True)
    assert set(fresh_store.done_actions("p")) == {"ask_recommendation"}
    fresh_store.set_action_done("p", "ask_recommendation", False)
    assert fresh_store.done_actions("p") == {}


def test_concurrent_writes_from_eight_threads_lose_nothing(fresh_store):
    errors: list[BaseException] = []

    def write(worker: int) -> None:
        try:
            for i in range(5):
                day = date(2025, 1, 1) + timedelta(days=worker * 5 + i)
                fresh_store.import_snapshots("team", frame([day], float(worker)))
                fresh_store.save_assessment("team", {"w": worker, "i": i}, PILLARS, "v")
        except BaseException as error:  # collected and asserted below
            errors.append(error)

    threads = [threading.Thread(target=write, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(fresh_store.snapshots("team")) == 40
    assert len(fresh_store.assessments("team")) == 40


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
        monkeypatch.setattr(store_module, "LOCK_RETRY_SECONDS", 0.5)
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
