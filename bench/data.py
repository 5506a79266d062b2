"""Deterministic benchmark data: daily SSI histories, assessments and the database scales.

The three scales every section runs at are generated with numpy from fixed seeds and written
through the Store's DataFrame insert, so the 365,000-row scale builds in seconds and is the same
on every machine. The page switch in the browser runs at ten times that (3,650,000 rows), whose
days DuckDB generates itself in one INSERT … SELECT (a hash of profile, day and series stands in
for the seed): a few seconds, where a DataFrame per profile would take minutes.
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from ssi_core.estimate import estimate
from ssi_core.pillars import PILLAR_IDS, SNAPSHOT_COLUMNS
from ssi_core.questionnaire import load_questionnaire
from ssi_core.store import DEFAULT_PROFILE, LOCAL_OWNER, Store, is_database_url

# A fixed last day in the past keeps the data identical whatever day the benchmark runs.
END = date(2025, 12, 31)
DAYS = 3650
ASSESSMENTS = 50
SCALES = {
    # name: (profiles, days per profile, assessments on the profile the app opens)
    "empty": (0, 0, 0),
    "1 profile": (1, DAYS, ASSESSMENTS),
    "100 profiles": (100, DAYS, ASSESSMENTS),
}
# Built by DuckDB SQL into a DuckDB file (bulk_build), for the sections that ask for it by name.
BULK_SCALES = {
    "1,000 profiles": (1000, DAYS, ASSESSMENTS),
}


def history_frame(days: int = DAYS, seed: int = 0, end: date = END) -> pd.DataFrame:
    """`days` daily snapshots ending on `end`: pillars drift as random walks within 0..25."""
    rng = np.random.default_rng(seed)
    dates = pd.date_range(end=pd.Timestamp(end), periods=days, freq="D").date
    start = rng.uniform(5, 15, size=4)
    steps = rng.normal(0.004, 0.25, size=(days, 4))
    pillars = np.clip(start + np.cumsum(steps, axis=0), 0, 25).round(2)
    frame = pd.DataFrame(pillars, columns=list(PILLAR_IDS))
    frame.insert(0, "date", dates)
    frame.insert(1, "ssi", pillars.sum(axis=1).round(2))
    frame["industry_ssi"] = (22 + rng.normal(0, 0.3, days).cumsum() / 50).round(1)
    frame["industry_top_pct"] = np.clip(rng.normal(10, 2, days), 1, 100).round()
    frame["network_ssi"] = (37 + rng.normal(0, 0.3, days).cumsum() / 50).round(1)
    frame["network_top_pct"] = np.clip(rng.normal(8, 2, days), 1, 100).round()
    frame["industry"] = "Staffing and Recruiting"
    frame["source"] = "bench"
    return frame[[column for column in SNAPSHOT_COLUMNS if column in frame]]


def answers_for(seed: int) -> dict:
    """A valid, random answer to every question."""
    rng = random.Random(seed)
    answers = {}
    for question in load_questionnaire().questions:
        if question.kind == "bool":
            answers[question.id] = rng.random() < 0.5
        elif question.kind == "choice":
            answers[question.id] = rng.choice(question.option_values())
        else:
            step = question.step or 1
            count = int((question.max - question.min) / step)
            answers[question.id] = type(question.min)(question.min + step * rng.randint(0, count))
    return answers


def profile_names(count: int) -> list[str]:
    """The profile the app opens first, then numbered ones."""
    return [DEFAULT_PROFILE, *(f"profile-{n:03d}" for n in range(1, count))][:count]


def build(path: Path | str, scale: str) -> Path | str:
    """Create the database for `scale` (a key of SCALES or BULK_SCALES) at `path`: a DuckDB
    file, or an empty PostgreSQL database at a postgresql:// URL (there each profile goes in
    with one COPY)."""
    if scale in BULK_SCALES:
        return bulk_build(Path(path), scale)
    profiles, days, assessments = SCALES[scale]
    if not is_database_url(path):
        Path(path).unlink(missing_ok=True)
    store = Store(path)
    for n, name in enumerate(profile_names(profiles)):
        store.import_snapshots(
            name, history_frame(days, seed=n), file_name=f"{name}.csv", format="csv"
        )
    _save_assessments(store, days, assessments)
    return path


def bulk_build(path: Path, scale: str) -> Path:
    """The DuckDB file for a scale of BULK_SCALES: the store makes its tables, the profile the
    app opens and its assessments; DuckDB adds the other profiles and every profile's days (and
    one import each) in SQL.

    The days have the shape of history_frame's: four pillars drifting as random walks within
    0..25 (here with uniform steps of the same mean and spread), the averages beside them.
    """
    profiles, days, assessments = BULK_SCALES[scale]
    path.unlink(missing_ok=True)
    store = Store(path)
    store.ensure_profile(DEFAULT_PROFILE)
    _save_assessments(store, days, assessments)
    with duckdb.connect(str(path)) as con:
        others = profile_names(profiles)[1:]
        con.execute(_BULK_PROFILES_SQL, {"owner": LOCAL_OWNER, "names": others})
        con.execute(_BULK_DAYS_SQL, {"owner": LOCAL_OWNER, "days": days, "end": END})
        con.execute(_BULK_IMPORTS_SQL, {"owner": LOCAL_OWNER, "days": days})
        con.execute("CHECKPOINT")  # everything in the file itself: copies drop the .wal
    return path


def _uniform(key: str) -> str:
    """SQL for a uniform number in [0, 1), fixed by the profile `n`, the day `i` and `key`."""
    return f"(hash(n, i, '{key}') % 1000003) / 1000003.0"


def _walked(key: str, mean: float, spread: float) -> str:
    """SQL for a profile's running sum of uniform steps of this mean and standard deviation."""
    step = f"{mean} + {spread * 3**0.5:.6f} * (2 * {_uniform(key)} - 1)"
    return f"sum({step}) OVER (PARTITION BY profile_id ORDER BY i)"


def _spread_around(key: str, mean: float, spread: float) -> str:
    """SQL for a uniform number of this mean and standard deviation, whole, within 1..100."""
    value = f"round({mean} + {spread * 3**0.5:.6f} * (2 * {_uniform(key)} - 1))"
    return f"greatest(1, least(100, {value}))"


# Each pillar starts in 5..15 (drawn with the hash of day -1), then walks.
_PILLAR_WALKS = ",\n        ".join(
    f"5 + 10 * (hash(n, -1, '{pid}') % 1000003) / 1000003.0 + {_walked(pid, 0.004, 0.25)} AS {pid}"
    for pid in PILLAR_IDS
)
_CLIPPED = ", ".join(f"round(greatest(0, least(25, {pid})), 2) AS {pid}" for pid in PILLAR_IDS)
# The profiles after the one the app opens, created one second apart in the order of their names.
_BULK_PROFILES_SQL = """
INSERT INTO profiles (owner, name, created_at)
SELECT $owner, name, now()::TIMESTAMP + to_seconds(row_number() OVER (ORDER BY name))
FROM unnest($names) AS n(name)
"""
# The columns a tracker's CSV fills (those of history_frame); the rest stay empty.
_BULK_COLUMNS = [
    "profile_id",
    "date",
    "ssi",
    *PILLAR_IDS,
    "industry_ssi",
    "industry_top_pct",
    "network_ssi",
    "network_top_pct",
    "industry",
    "source",
]
_BULK_DAYS_SQL = f"""
INSERT INTO snapshots ({", ".join(_BULK_COLUMNS)})
WITH owned AS (
    SELECT id AS profile_id, row_number() OVER (ORDER BY name) - 1 AS n
    FROM profiles WHERE owner = $owner
),
days AS (
    SELECT profile_id, n, i, CAST($end AS DATE) - CAST($days - 1 - i AS INTEGER) AS date
    FROM owned, range($days) AS r(i)
),
walks AS (
    SELECT profile_id, n, i, date,
        {_PILLAR_WALKS},
        22 + {_walked("industry", 0, 0.3)} / 50 AS industry_ssi,
        37 + {_walked("network", 0, 0.3)} / 50 AS network_ssi,
        {_spread_around("industry_top", 10, 2)} AS industry_top_pct,
        {_spread_around("network_top", 8, 2)} AS network_top_pct
    FROM days
),
clipped AS (
    SELECT * REPLACE ({_CLIPPED}) FROM walks
)
SELECT profile_id, date, round({" + ".join(PILLAR_IDS)}, 2), {", ".join(PILLAR_IDS)},
    round(industry_ssi, 1), industry_top_pct, round(network_ssi, 1), network_top_pct,
    'Staffing and Recruiting', 'bench'
FROM clipped
"""
_BULK_IMPORTS_SQL = """
INSERT INTO imports (profile_id, file_name, format, rows_read, rows_accepted, rows_skipped,
                     new_days, replaced_days, imported_at)
SELECT id, name || '.csv', 'csv', $days, $days, 0, $days, 0, TIMESTAMP '2026-01-01 09:00'
FROM profiles WHERE owner = $owner
"""


def _save_assessments(store: Store, days: int, assessments: int) -> None:
    """`assessments` saved assessments on the profile the app opens, spread over the days."""
    questionnaire = load_questionnaire()
    first = datetime.combine(END - timedelta(days=days), datetime.min.time())
    for n in range(assessments):
        answers = answers_for(n)
        result = estimate(answers, questionnaire)
        when = first + timedelta(days=n * days / assessments, hours=9)
        store.save_assessment(
            DEFAULT_PROFILE, answers, result.pillars, result.questionnaire_version, when=when
        )


def timestamped_csv(path: Path, rows: int, seed: int = 1) -> Path:
    """A tracker log of `rows` captures (one every five minutes) in the wide CSV layout.

    A million daily rows would need 2,700 years of dates, so the big file is what a scraper
    that captures the page every five minutes writes: many rows per day, the last one wins.
    """
    rng = np.random.default_rng(seed)
    stamps = pd.date_range(
        end=pd.Timestamp(END) + pd.Timedelta(hours=23), periods=rows, freq="5min"
    )
    pillars = np.clip(rng.uniform(5, 20, 4) + rng.normal(0, 0.01, (rows, 4)).cumsum(0), 0, 25)
    pillars = pillars.round(2)
    frame = pd.DataFrame(pillars, columns=list(PILLAR_IDS))
    frame.insert(0, "date", stamps.strftime("%Y-%m-%d %H:%M"))
    frame.insert(1, "ssi", pillars.sum(axis=1).round(2))
    frame["industry_ssi"] = 22.0
    frame["network_ssi"] = 37.0
    frame.to_csv(path, index=False)
    return path


def daily_csv(path: Path, days: int = DAYS, seed: int = 2) -> Path:
    """The 3,650-row file people keep: one row per day, every column."""
    history_frame(days, seed=seed).drop(columns=["source"]).to_csv(path, index=False)
    return path
