"""The only door from the pages to the store: cached reads, and the one write path.

Reads are cached per (database, owner, data version): the version is the file's modification
stamp (a counter per owner on PostgreSQL), so a command-line import shows up on the next rerun
without the app holding the file open. Every write goes through a function here, which drops
the writer's cached reads and charts at once; pages never hold the store.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Hashable
from datetime import date
from typing import TypeVar

import pandas as pd
import streamlit as st

from ssi_app import auth, session
from ssi_app.cache import READS, SPECS
from ssi_core.alerts import Alert
from ssi_core.alerts import alerts as find_alerts
from ssi_core.demo import DEMO_PROFILE, demo_history
from ssi_core.errors import SSIError, StoreBusyError, StoreError
from ssi_core.estimate import Estimate
from ssi_core.forecast import Forecast, forecast_all
from ssi_core.goals import Goal, goal_from_dict
from ssi_core.history import Missing, Summary, filter_range, missing, summarise
from ssi_core.importers.model import ImportResult
from ssi_core.importers.report import ImportPlan, plan_against
from ssi_core.report import ReportInputs
from ssi_core.store import DEFAULT_PROFILE, Profile, Store, check_profile_name, is_database_url
from ssi_core.store.teams import Invitation, Membership, TeamSummary

T = TypeVar("T")
log = logging.getLogger("ssi_coach")


# --- the store -------------------------------------------------------------------------------


@st.cache_resource(show_spinner=False, max_entries=1000)
def _open_store(database: str | None, owner_id: str) -> Store:
    """One Store per user: it holds no connection (PostgreSQL's pool is shared by all)."""
    return Store.open(database, owner=owner_id)


def _store() -> Store:
    """The signed-in user's store; the single local user's when login is not configured."""
    return session.once_per_run("store", lambda: _open_store(auth.database_url(), auth.owner()))


def _version() -> tuple[float, int]:
    return session.once_per_run("version", lambda: _store().version())


def cache_prefix() -> tuple:
    """What every cached read and chart of this user starts its key with (looked up once per
    run, and again after a write: a page asks for it some ten times)."""

    def look_up() -> tuple:
        store = _store()
        return (store.identity, store.owner, _version())

    return session.once_per_run("prefix", look_up)


def user_message(error: SSIError) -> str:
    """What a user is told of an error: a database's own words may name its file, host or user,
    so they go to the server log and the user gets one sentence."""
    if not isinstance(error, StoreError):
        return str(error)
    log.warning("database error: %s", error)
    return session.tr(
        "common.database_busy" if isinstance(error, StoreBusyError) else "common.database_error"
    )


# --- reads -----------------------------------------------------------------------------------


def _read(what: str, profile_name: str | None, fetch: Callable[[Store], T], *extra: Hashable) -> T:
    key = (*cache_prefix(), what, profile_name, *extra)
    return READS.get(key, lambda: fetch(_store()))


def _snapshots(profile_name: str) -> pd.DataFrame:
    return _read("snapshots", profile_name, lambda store: store.snapshots(profile_name))


def _assessments(profile_name: str) -> pd.DataFrame:
    return _read("assessments", profile_name, lambda store: store.assessments(profile_name))


def snapshots(profile_name: str | None = None) -> pd.DataFrame:
    """The profile's measured days, oldest first (a copy: the page may change it)."""
    return _snapshots(profile_name or session.profile()).copy()


def date_span() -> tuple[date, date] | None:
    """The first and the last day of the profile's measured history, or None without one."""
    name = session.profile()

    def ends(_: Store) -> tuple[date, date] | None:
        frame = _snapshots(name)
        return (frame["date"].iloc[0], frame["date"].iloc[-1]) if len(frame) else None

    return _read("date_span", name, ends)


def _in_range(profile_name: str, start: date | None, end: date | None) -> pd.DataFrame:
    """The shared frame of the days from `start` to `end`; an open range is the whole history."""
    if start is None and end is None:
        return _snapshots(profile_name)
    return _read(
        "in_range", profile_name, lambda _: filter_range(_snapshots(profile_name), start, end),
        start, end,
    )  # fmt: skip


def snapshots_between(start: date | None, end: date | None) -> pd.DataFrame:
    """The profile's days from `start` to `end` (filtered once per data version and range)."""
    return _in_range(session.profile(), start, end).copy()


def summary(
    start: date | None = None, end: date | None = None, profile_name: str | None = None
) -> Summary | None:
    """The headline numbers of the profile's measured history from `start` to `end`, or None.

    Cached: summing up ten years of days takes 10 ms, on every rerun of four pages.
    """
    name = profile_name or session.profile()
    return _read("summary", name, lambda _: summarise(_in_range(name, start, end)), start, end)


def missing_days(start: date | None, end: date | None) -> Missing:
    """The holes in the profile's measured history from `start` to `end` (once per version)."""
    name = session.profile()
    return _read(
        "missing", name, lambda _: missing(_snapshots(name), start, end), start, end
    )  # fmt: skip


def assessments(profile_name: str | None = None) -> pd.DataFrame:
    return _assessments(profile_name or session.profile()).copy()


def activity(profile_name: str | None = None) -> pd.DataFrame:
    """The profile's stored weekly activity, oldest first (a copy)."""
    name = profile_name or session.profile()
    return _read("activity", name, lambda store: store.activity(name)).copy()


def assessment_count() -> int:
    return len(_assessments(session.profile()))


def latest_assessment() -> dict | None:
    """The latest saved assessment as a dict of its columns (answers included), or None (a
    copy; made once per data version: a frame's row as a dict costs a millisecond a rerun)."""
    name = session.profile()

    def last_row(_: Store) -> dict | None:
        frame = _assessments(name)
        return frame.iloc[-1].to_dict() if len(frame) else None

    latest = _read("latest_assessment", name, last_row)
    if latest is None:
        return None
    # The answers (and the archive's sources) are dicts too: each caller gets its own.
    return {key: dict(value) if isinstance(value, dict) else value for key, value in latest.items()}


def latest_answers() -> dict | None:
    """The latest saved assessment's answers, or None (a copy, made once per data version)."""
    latest = latest_assessment()
    return None if latest is None else dict(latest["answers"])


def profiles() -> list[Profile]:
    return list(_read("profiles", None, lambda store: store.profiles()))


def current_profile() -> Profile | None:
    return next((p for p in profiles() if p.name == session.profile()), None)


def imports() -> pd.DataFrame:
    name = session.profile()
    return _read("imports", name, lambda store: store.imports(name)).copy()


def done_actions() -> dict:
    name = session.profile()
    return dict(_read("done_actions", name, lambda store: store.done_actions(name)))


def goal() -> Goal | None:
    """The session's profile's goal, or None without one."""
    name = session.profile()
    stored = _read("goal", name, lambda store: store.goal(name))
    return None if stored is None else goal_from_dict(stored)


def forecasts() -> dict[str, Forecast | None]:
    """The SSI's and every pillar's forecast from the profile's whole measured history (fitting
    five series takes about 25 ms: once per data version)."""
    name = session.profile()
    return _read("forecast", name, lambda _: forecast_all(_snapshots(name)))


def alerts(today: date) -> list[Alert]:
    """What needs attention on `today` (once per data version and day)."""
    name = session.profile()

    def find(store: Store) -> list[Alert]:
        stored = store.goal(name)
        goal_now = None if stored is None else goal_from_dict(stored)
        return find_alerts(_snapshots(name), summary(profile_name=name), goal_now, today)

    return _read("alerts", name, find, today)


def report_inputs() -> ReportInputs:
    """What the session's profile's report is made from (the cached reads)."""
    current = current_profile()
    return ReportInputs(
        profile=session.profile(),
        snapshots=_snapshots(session.profile()),
        assessment=latest_assessment(),
        goal=goal(),
        done=frozenset(done_actions()),
        industry_ssi=current.industry_ssi if current else None,
        network_ssi=current.network_ssi if current else None,
    )


def computed(key: Hashable, make: Callable[[], T]) -> T:
    """`make()`, kept with the reads and shared by every session: for work that depends only on
    what `key` holds (the key must hold everything it is computed from)."""
    return READS.get(("computed", key), make)


def preload() -> None:
    """Open the store and read what My SSI shows first (server.py calls it at start-up).

    Only for the single local user (no [auth]): with a login, whose store to open is known only
    once someone has logged in. The app opens on the default profile.
    """
    if auth.login_configured():
        return
    profiles()
    summary(profile_name=DEFAULT_PROFILE)
    _assessments(DEFAULT_PROFILE)


# --- the one write path ----------------------------------------------------------------------


def _write(change: Callable[[Store], T]) -> T:
    """Run one write (one transaction) and drop what this user had cached: every read and chart
    of theirs was made at the old data version."""
    store = _store()
    prefix = (store.identity, store.owner)
    try:
        return change(store)
    finally:
        session.forget("version")
        session.forget("prefix")
        READS.drop(prefix)
        SPECS.drop(prefix)


def create_profile(name: str) -> str:
    """A new, empty profile; returns its cleaned name."""
    name = check_profile_name(name)
    return _write(lambda store: store.ensure_profile(name))


def open_demo() -> str:
    """A demo profile of its own, filled with six months of sample days; returns its name.

    The demo never writes into a profile it did not make: when a real profile is called "Demo",
    the demo is "Demo 2" (or the next free number).
    """
    taken = {p.name: p for p in profiles()}
    name, number = DEMO_PROFILE, 2
    while name in taken and not taken[name].is_demo:
        name, number = f"{DEMO_PROFILE} {number}", number + 1

    def fill(store: Store) -> str:
        store.ensure_profile(name, is_demo=True)
        if store.snapshots(name).empty:
            store.import_snapshots(name, demo_history())
        return name

    return _write(fill)


def update_profile(
    *, new_name: str, industry: str, industry_ssi: float | None, network_ssi: float | None
) -> str:
    """Change the session's profile's settings; returns its (possibly new) name."""
    name = session.profile()
    return _write(
        lambda store: store.update_profile(
            name,
            new_name=new_name,
            industry=industry,
            industry_ssi=industry_ssi,
            network_ssi=network_ssi,
        )
    )


def delete_profile() -> str:
    """Delete the session's profile with everything stored for it; returns the profile to open
    next (the first one left, or the default)."""
    name = session.profile()

    def delete(store: Store) -> str:
        store.delete_profile(name)
        remaining = [p.name for p in store.profiles()]
        return remaining[0] if remaining else DEFAULT_PROFILE

    return _write(delete)


def save_assessment(answers: dict, estimate: Estimate, sources: dict | None = None) -> None:
    """Store one filled questionnaire for the session's profile, with its estimate and which
    answers came from the member's data archive (`sources`)."""
    name = session.profile()
    _write(
        lambda store: store.save_assessment(
            name,
            dict(answers),
            estimate.pillars,
            estimate.questionnaire_version,
            sources=sources or None,
        )
    )


def save_activity(weekly: list[dict]) -> int:
    """Store weekly activity counts from the data archive for the session's profile."""
    name = session.profile()
    return _write(lambda store: store.save_activity(name, weekly))


class PlanChanged(Exception):
    """The stored days changed between the import's report and its confirmation."""


def import_snapshots(
    result: ImportResult, file_name: str, sha256: str, skipped: int, expected: ImportPlan
) -> dict[str, int]:
    """Store the days an import read into the session's profile, and log the import.

    The plan the user confirmed (`expected`) is made again from the days stored right now,
    not from the cache: when another tab or the command line has saved to the profile since
    the report was drawn, nothing is written and PlanChanged says so.
    """
    name = session.profile()

    def save(store: Store) -> dict[str, int]:
        if plan_against(result, store.snapshots(name)) != expected:
            raise PlanChanged
        return store.import_snapshots(
            name,
            result.snapshots,
            file_name=file_name,
            sha256=sha256,
            format=result.format,
            rows_read=result.rows_read,
            rows_accepted=result.rows_accepted,
            rows_skipped=skipped,
        )

    return _write(save)


def set_action_done(action_id: str, done: bool) -> None:
    """Tick an action of the plan off, or back on, for the session's profile."""
    name = session.profile()
    _write(lambda store: store.set_action_done(name, action_id, done))


# --- teams -----------------------------------------------------------------------------------
# A team's numbers change with any member's writes, not only this user's: on PostgreSQL they
# are cached per team version (the members' data versions and the team's own, one query a run);
# a DuckDB file's stamp changes with every write anyway.


def _team_version(team_id: int) -> float | str:
    return session.once_per_run(f"team_version:{team_id}", lambda: _store().team_version(team_id))


def _team_read(what: str, team_id: int | None, fetch: Callable[[Store], T]) -> T:
    """A team read kept per data version, team version and day (days since is counted to it)."""
    version = _team_version(team_id) if team_id is not None else None
    key = (*cache_prefix(), "team", what, team_id, version, date.today())
    return READS.get(key, lambda: fetch(_store()))


def team_cache_key(team_id: int | None) -> tuple:
    """What a team chart's spec depends on besides its inputs."""
    version = _team_version(team_id) if team_id is not None else None
    return ("team", team_id, version, date.today())


def local_team_rows() -> pd.DataFrame:
    """Every local profile side by side (store.local_rows), a copy."""
    return _team_read("rows", None, lambda store: store.local_rows()).copy()


def local_team_summary() -> TeamSummary | None:
    return _team_read("summary", None, lambda store: store.local_summary())


def local_team_history() -> tuple[str, pd.DataFrame]:
    return _team_read("history", None, lambda store: store.local_history())


def my_teams() -> list[Membership]:
    """The user's teams. Another member's change (a coach naming a coach, deleting the team)
    must show at once: a DuckDB file's stamp changes with it, so there the list is kept per
    data version; on PostgreSQL it is one indexed query a run."""
    store = _store()
    if is_database_url(store.identity):
        return session.once_per_run("my_teams", store.my_teams)
    return list(_read("my_teams", None, lambda s: s.my_teams()))


def sole_coach_teams() -> list[str]:
    """The teams the user alone coaches (others belong to them): deleting the account deletes
    them. Asked on Settings only: one query a run."""
    return session.once_per_run("sole_coach_teams", _store().sole_coach_teams)


def team_rows(team_id: int) -> pd.DataFrame:
    """The members this user may see, numbers only as each shares them (the store decides)."""
    return _team_read("rows", team_id, lambda store: store.team_rows(team_id)).copy()


def team_summary(team_id: int) -> TeamSummary | None:
    return _team_read("summary", team_id, lambda store: store.team_summary(team_id))


def team_history(team_id: int) -> tuple[str, pd.DataFrame]:
    return _team_read("history", team_id, lambda store: store.team_history(team_id))


def team_invitations(team_id: int) -> list[Invitation]:
    return list(_team_read("invitations", team_id, lambda store: store.invitations(team_id)))


def _team_write(change: Callable[[Store], T]) -> T:
    try:
        return _write(change)
    finally:
        session.forget("my_teams")


def create_team(name: str, display_name: str) -> int:
    profile_name = session.profile()
    return _team_write(lambda store: store.create_team(name, display_name, profile_name))


def join_team(code: str, display_name: str, share: str, share_history: bool) -> int:
    profile_name = session.profile()
    return _team_write(
        lambda store: store.join_team(code, display_name, profile_name, share, share_history)
    )


def set_team_sharing(team_id: int, share: str, share_history: bool, profile_name: str) -> None:
    _team_write(lambda store: store.set_sharing(team_id, share, share_history, profile_name))


def leave_team(team_id: int) -> None:
    _team_write(lambda store: store.leave_team(team_id))


def delete_team(team_id: int) -> None:
    _team_write(lambda store: store.delete_team(team_id))


def new_team_invitation(team_id: int) -> str:
    return _team_write(lambda store: store.new_invitation(team_id))


def revoke_team_invitation(team_id: int, invitation_id: int) -> None:
    _team_write(lambda store: store.revoke_invitation(team_id, invitation_id))


def name_team_coach(team_id: int, member_id: int) -> None:
    _team_write(lambda store: store.name_coach(team_id, member_id))


def delete_account() -> None:
    """Delete everything of the signed-in user: their place in every team at once (a team they
    alone coached with it), then every profile with all that is stored for it."""
    _team_write(lambda store: store.delete_account())


def set_goal(new_goal: Goal | None) -> None:
    """Set, change or (with None) remove the session's profile's goal."""
    name = session.profile()
    _write(lambda store: store.set_goal(name, None if new_goal is None else new_goal.to_dict()))
