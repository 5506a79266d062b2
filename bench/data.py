"""Deterministic benchmark data: daily SSI histories, assessments and the three database scales.

Everything is generated with numpy from fixed seeds and written through the Store's DataFrame
insert, so the 365,000-row scale builds in seconds and is the same on every machine.
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from pathlib import Path

import numpy as np
import pandas as pd

from ssi_core.estimate import estimate
from ssi_core.pillars import PILLAR_IDS, SNAPSHOT_COLUMNS
from ssi_core.questionnaire import load_questionnaire
from ssi_core.store import DEFAULT_PROFILE, Store, is_database_url

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
    return frame[list(SNAPSHOT_COLUMNS)]


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
    """Create the database for `scale` (a key of SCALES) at `path`: a DuckDB file, or an empty
    PostgreSQL database at a postgresql:// URL (there each profile goes in with one COPY)."""
    profiles, days, assessments = SCALES[scale]
    if not is_database_url(path):
        Path(path).unlink(missing_ok=True)
    store = Store(path)
    for n, name in enumerate(profile_names(profiles)):
        store.import_snapshots(
            name, history_frame(days, seed=n), file_name=f"{name}.csv", format="csv"
        )
    questionnaire = load_questionnaire()
    first = datetime.combine(END - timedelta(days=days), datetime.min.time())
    for n in range(assessments):
        answers = answers_for(n)
        result = estimate(answers, questionnaire)
        when = first + timedelta(days=n * days / assessments, hours=9)
        store.save_assessment(
            DEFAULT_PROFILE, answers, result.pillars, result.questionnaire_version, when=when
        )
    return path


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
