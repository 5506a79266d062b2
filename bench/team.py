"""The team page at scale: a hosted team of 1,000 members with 2 years of daily history each
(730,000 rows), on DuckDB and on PostgreSQL.

The data is made by the database itself, in one INSERT … SELECT per table through the Store's
own backend (the same SQL on both backends: generate_series, sin and date arithmetic), so it
builds in seconds. Every member is a user of their own with one profile; the coach (member 0)
opens the page. Of the others, about 7 in 10 share their total, pillars and history, 2 in 10
their total only and 1 in 10 nothing; every other member has a goal.
"""

from __future__ import annotations

import os
import time
from datetime import date
from unittest import mock

from bench import apptest
from ssi_core.pillars import PILLAR_IDS
from ssi_core.store import Store, is_database_url, open_backend

MEMBERS = 1000
DAYS = 730
# The days end today: the page counts "days since" and its 26 weeks of history to today.
END = date.today()
ISSUER = "https://bench.example"
COACH = {"is_logged_in": True, "iss": ISSUER, "sub": "m0000", "name": "Coach"}
AUTH = {
    "redirect_uri": "http://127.0.0.1:8501/oauth2callback",
    "cookie_secret": "a-long-random-bench-secret-of-48-characters-00000",
    "client_id": "ssi-coach",
    "client_secret": "bench-only",
    "server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration",
}
TODAY = END

_PROFILES = """INSERT INTO profiles (owner, name, created_at)
    SELECT :issuer || '#m' || lpad(CAST(g AS VARCHAR), 4, '0'), 'default', TIMESTAMP '2024-01-01'
    FROM generate_series(0, :members - 1) AS t(g)"""
# A pillar wanders around a level of its member's (sin of the profile id), with a slow wave
# over the days and a small daily wiggle; always within 0..25.
_PILLAR = "round(CAST(greatest(0, least(25, {base} + 4 * sin(p.id * {a}) + 2 * sin(d / 40.0 + p.id) + 0.3 * sin(d * 1.7 + p.id * {a}))) AS NUMERIC), 2)"  # noqa: E501
_PILLARS = {
    pid: _PILLAR.format(base=base, a=a)
    for pid, base, a in zip(PILLAR_IDS, (14, 11, 10, 12), (0.37, 0.53, 0.71, 0.29), strict=True)
}
_DAYS = f"""INSERT INTO snapshots (profile_id, date, ssi, {", ".join(PILLAR_IDS)}, source)
    SELECT p.id, CAST(:end AS DATE) - CAST(d AS INTEGER),
        {" + ".join(_PILLARS.values())}, {", ".join(_PILLARS.values())}, 'bench'
    FROM profiles p CROSS JOIN generate_series(0, :days - 1) AS s(d)
    WHERE p.owner LIKE :issuer || '#m%'"""
_TEAM = """INSERT INTO teams (name, created_by, created_at)
    VALUES ('Bench sales', :issuer || '#m0000', TIMESTAMP '2024-01-01') RETURNING id"""
_MEMBERS = """INSERT INTO team_members (team_id, owner, display_name, profile_id, role, share,
        share_history, joined_at)
    SELECT :team, p.owner, 'Member ' || substr(p.owner, length(p.owner) - 3), p.id,
        CASE WHEN p.owner = :issuer || '#m0000' THEN 'coach' ELSE 'member' END,
        CASE WHEN p.id % 10 = 0 THEN 'nothing' WHEN p.id % 10 < 3 THEN 'total'
             ELSE 'pillars' END,
        p.id % 10 >= 3, TIMESTAMP '2024-01-01'
    FROM profiles p WHERE p.owner LIKE :issuer || '#m%'"""


# Every other member has a goal (a target SSI within half a year, one in four a pillar's too),
# so the member rows work out a goal's status for 500 members.
_GOALS = """INSERT INTO goals (profile_id, target_ssi, target_date, professional_brand, set_at)
    SELECT p.id, 45 + p.id % 30, CAST(:end AS DATE) + CAST(30 + p.id % 150 AS INTEGER),
        CASE WHEN p.id % 4 = 0 THEN 15 END, TIMESTAMP '2024-01-01'
    FROM profiles p WHERE p.owner LIKE :issuer || '#m%' AND p.id % 2 = 0"""


def build(db) -> float:
    """The team's database at `db` (a fresh DuckDB file or empty PostgreSQL schema); seconds."""
    started = time.perf_counter()
    Store(db)  # its tables, through the Store's migrations
    params = {"issuer": ISSUER, "members": MEMBERS, "days": DAYS, "end": END}
    database = open_backend(db)
    with database.connect(write=True) as con:
        con.execute(_PROFILES, params)
        con.execute(_DAYS, params)
        con.execute(_GOALS, params)
        team = con.execute(_TEAM, params).scalar()
        con.execute(_MEMBERS, {**params, "team": team})
        con.commit()
    with database.connect(write=False) as con:
        rows = con.execute("SELECT count(*) FROM snapshots").scalar()
    assert rows == MEMBERS * DAYS, rows
    if is_database_url(db):  # PostgreSQL: fresh statistics for the planner
        with database.connect(write=True) as con:
            con.execute("ANALYZE")
            con.commit()
    return time.perf_counter() - started


def queries(db, repeats: int) -> dict:
    """The coach's three team queries straight on the store (no page, no cache): milliseconds."""
    store = Store(db, owner=f"{ISSUER}#m0000")
    team = store.my_teams()[0].team_id
    times: dict[str, list[float]] = {"rows": [], "summary": [], "history": []}
    for _ in range(repeats):
        for name, ask in (
            ("rows", lambda: store.team_rows(team, TODAY)),
            ("summary", lambda: store.team_summary(team, TODAY)),
            ("history", lambda: store.team_history(team, TODAY)),
        ):
            started = time.perf_counter()
            ask()
            times[name].append((time.perf_counter() - started) * 1000)
    return {name: apptest.median(values) for name, values in times.items()}


def page_reruns(db, repeats: int) -> dict:
    """The coach opens the team page (cold: empty caches), then reruns it (warm). The app's
    database is put back afterwards: `db` may be a PostgreSQL cluster that goes away."""
    from ssi_app.cache import READS, SPECS

    with mock.patch.dict(os.environ):  # the environment as it was, afterwards
        try:
            return _page_reruns(db, repeats)
        finally:
            READS.clear()
            SPECS.clear()


def _page_reruns(db, repeats: int) -> dict:
    from ssi_app.cache import READS, SPECS

    apptest.use_database(db)
    at = apptest.new_app()
    at.secrets["auth"] = AUTH
    at.user = dict(COACH)
    at.run(timeout=apptest.TIMEOUT)
    READS.clear()
    SPECS.clear()
    at.switch_page("pages/team.py")
    cold = apptest.timed_run(at)
    warm, cpu = [], []
    for _ in range(repeats):
        warm.append(apptest.timed_run(at, cpu))
    return {
        "cold_ms": cold,
        "warm_ms": apptest.median(warm),
        "warm_cpu_ms": apptest.median(cpu),
        "warm_runs_ms": warm,
    }
