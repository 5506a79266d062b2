"""Teams in the store, on DuckDB and on PostgreSQL: membership, sharing and the threshold are
enforced by the queries themselves, whatever team or member id is asked for."""

import threading
import time
from datetime import date, timedelta

import pandas as pd
import pytest

from ssi_core.errors import SSIError
from ssi_core.goals import goal_from_dict, goal_status
from ssi_core.history import summarise
from ssi_core.store import Store, open_backend
from ssi_core.store.teams import FEW_SHARING, MIN_SHARING, NOT_SHARING, hash_code

TODAY = date(2026, 6, 30)
PILLARS = ("professional_brand", "find_right_people", "insight_engagement", "strong_relationship")


def history(ssi: float, days: int = 60, last: date = TODAY) -> pd.DataFrame:
    """`days` daily values ending at `last`, rising by 0.1 a day to `ssi` (pillars a quarter)."""
    dates = [last - timedelta(days=n) for n in range(days)][::-1]
    values = [round(ssi - 0.1 * (days - 1 - n), 4) for n in range(days)]
    frame = pd.DataFrame({"date": dates, "ssi": values})
    for pid in PILLARS:
        frame[pid] = [v / 4 for v in values]
    return frame


def person(db, name: str, ssi: float, **history_options) -> Store:
    """A user (their own owner) with one profile, "me", holding a measured history."""
    store = Store(db, owner=f"https://issuer#{name}")
    store.import_snapshots("me", history(ssi, **history_options))
    return store


def team_of(db, sharing: dict[str, str | None]) -> tuple[Store, dict[str, Store], int]:
    """A coach (sharing nothing) and members, each sharing as given (None: does not join)."""
    coach = person(db, "coach", 80.0)
    team = coach.create_team("Sales", "Coach", "me")
    code = coach.new_invitation(team)
    members = {}
    for index, (name, share) in enumerate(sharing.items()):
        members[name] = person(db, name, 40.0 + index)
        if share is not None:
            members[name].join_team(code, name.title(), "me", share, share_history=True)
    return coach, members, team


def stored(db, sql: str) -> list:
    """The first column of each row of `sql`, read straight from the database."""
    with open_backend(db).connect(write=False) as con:
        return con.execute(sql).scalars()


def row_of(store: Store, team: int, label: str) -> pd.Series:
    return store.team_rows(team, TODAY).set_index("label").loc[label]


def test_a_team_sees_only_what_each_member_shares_and_leaving_takes_effect_at_once(store_db):
    # Members have SSI 40, 41, ...: Ana, Dan and Eve share pillars and history, Bea her total
    # only, Cid nothing. Four share: the team's aggregates are withheld.
    share = {"ana": "pillars", "bea": "total", "cid": "nothing", "dan": "pillars", "eve": "pillars"}
    coach, members, team = team_of(store_db, share)
    members["bea"].set_sharing(team, "total", share_history=False)

    rows = coach.team_rows(team, TODAY).set_index("label")
    assert set(rows.index) == {"Coach", "Ana", "Bea", "Cid", "Dan", "Eve"}
    assert rows.loc["Ana", "ssi"] == 40.0 and rows.loc["Ana", "professional_brand"] == 10.0
    assert rows.loc["Ana", "change_4w"] == pytest.approx(2.8) and rows.loc["Ana", "days_since"] == 0
    assert rows.loc["Bea", "ssi"] == 41.0 and pd.isna(rows.loc["Bea", "change_4w"])
    assert rows.loc["Bea", list(PILLARS)].isna().all()
    # Cid shares nothing: no number of theirs, not even a date, is returned.
    assert rows.loc["Cid", ["ssi", *PILLARS, "change_4w", "days_since"]].isna().all()
    assert pd.isna(rows.loc["Cid", "last_date"])
    kind, lines = coach.team_history(team, TODAY)
    assert kind == "lines" and set(lines["label"]) == {"Coach", "Ana", "Dan", "Eve"}

    # Goals: every SSI rises 0.7 a week. Ana (40) needs 0.5 a week to reach 45: on track; Bea
    # (41, total without history) and Cid (42, nothing) have goals the coach does not see; the
    # coach (80, sharing nothing) sees their own, reached but for a pillar's target.
    members["ana"].set_goal("me", goal(45.0, 70))
    members["bea"].set_goal("me", goal(41.0, 14))
    members["cid"].set_goal("me", goal(42.0, 30))
    coach.set_goal("me", goal(70.0, 30, pillar_targets={"professional_brand": 21.0}))
    status = coach.team_rows(team, TODAY).set_index("label")["goal_status"]
    assert status["Ana"] == "on_track" and status["Coach"] == "on_track"
    assert status["Bea"] is None and status["Cid"] is None and status["Dan"] is None
    own = summarise(members["ana"].snapshots("me"))  # the word her own page reads
    assert goal_status(goal_from_dict(members["ana"].goal("me")), own, TODAY).state == "on_track"
    members["bea"].set_sharing(team, "total", share_history=True)
    assert row_of(coach, team, "Bea")["goal_status"] == "reached"
    members["bea"].set_sharing(team, "total", share_history=False)

    # A member sees their own row and line, and no aggregate of four.
    assert members["ana"].team_rows(team, TODAY)["label"].tolist() == ["Ana"]
    assert set(members["ana"].team_history(team, TODAY)[1]["label"]) == {"Ana"}
    summary = members["ana"].team_summary(team, TODAY)
    assert (summary.members, summary.sharing) == (6, MIN_SHARING - 1)
    assert summary.averages is None and summary.withheld == FEW_SHARING
    assert summary.place is None and summary.place_withheld == FEW_SHARING

    # A member acting as a coach, and an owner outside the team, get nothing.
    outsider = person(store_db, "mallory", 10.0)
    own = outsider.create_team("Mine", "Mallory", "me")
    for asked in (team, own + 1, 999):
        assert outsider.team_rows(asked, TODAY).empty
        assert outsider.team_summary(asked, TODAY) is None
        assert outsider.team_history(asked, TODAY)[1].empty
        assert outsider.invitations(asked) == []
    cid_id = int(rows.loc["Cid", "member_id"])
    for store in (outsider, members["ana"]):
        for attempt, args in (
            (store.new_invitation, (team,)),
            (store.name_coach, (team, cid_id)),
            (store.delete_team, (team,)),
        ):
            with pytest.raises(SSIError):
                attempt(*args)
    with pytest.raises(SSIError):
        outsider.set_sharing(team, "pillars", True)

    # Cid shares the total from now on: five share, averages and places appear; only four
    # share pillars and history, so those averages stay withheld.
    members["cid"].set_sharing(team, "total", share_history=False)
    assert row_of(coach, team, "Cid")["goal_status"] is None  # his total, not his history
    summary = members["ana"].team_summary(team, TODAY)
    assert summary.sharing == MIN_SHARING and summary.withheld is None
    assert summary.averages["ssi"] == pytest.approx(42.0)
    assert summary.averages["professional_brand"] is None and summary.averages["change_4w"] is None
    assert summary.place == 5  # Ana has the lowest SSI of the five
    assert members["eve"].team_summary(team, TODAY).place == 1
    assert coach.team_summary(team, TODAY).place_withheld == NOT_SHARING

    # Leaving, deleting an account and deleting the shared profile: at once.
    members["eve"].leave_team(team)
    assert "Eve" not in set(coach.team_rows(team, TODAY)["label"])
    assert coach.team_summary(team, TODAY).withheld == FEW_SHARING
    assert members["eve"].my_teams() == [] and members["eve"].team_summary(team, TODAY) is None
    members["dan"].delete_account()
    assert "Dan" not in set(coach.team_rows(team, TODAY)["label"])
    assert members["dan"].profiles() == []
    outsider.delete_account()  # the only member of their team: it goes too
    teams_left = stored(store_db, "SELECT id FROM teams")
    assert own not in teams_left and team in teams_left
    members["bea"].delete_profile("me")
    assert pd.isna(row_of(coach, team, "Bea")["ssi"])
    # Deleting the team deletes no member's data.
    coach.delete_team(team)
    assert members["ana"].my_teams() == [] and coach.my_teams() == []
    assert len(members["ana"].snapshots("me")) == 60 and len(members["eve"].snapshots("me")) == 60


def test_invitations_are_stored_hashed_revocable_and_coaches_can_be_named(store_db):
    coach, members, team = team_of(store_db, {"ana": "pillars"})
    code = coach.new_invitation(team)
    codes = stored(store_db, "SELECT code_sha256 FROM team_invitations")
    assert hash_code(code) in codes and not any(code in value for value in codes)
    # Joining again changes nothing.
    assert members["ana"].join_team(code, "Other", "me", "nothing") == team
    assert members["ana"].my_teams()[0].share == "pillars"
    coach.revoke_invitation(team, coach.invitations(team)[0].id)
    assert coach.invitations(team)[0].revoked
    with pytest.raises(SSIError, match="not valid"):
        members["ana"].join_team(code, "Ana", "me")
    with pytest.raises(SSIError, match="not valid"):
        members["ana"].join_team("guess", "Ana", "me")
    with pytest.raises(SSIError, match="only coach"):
        coach.leave_team(team)
    coach.name_coach(team, int(row_of(coach, team, "Ana")["member_id"]))
    assert members["ana"].my_teams()[0].is_coach
    assert set(members["ana"].team_rows(team, TODAY)["label"]) == {"Coach", "Ana"}
    coach.leave_team(team)
    assert [m.team_name for m in members["ana"].my_teams()] == ["Sales"]


def test_the_only_coach_deleting_their_account_takes_the_team_but_no_members_data(store_db):
    coach, members, team = team_of(store_db, {"ana": "pillars", "bea": "total"})
    # A second team, where the coach is a member: it stays.
    other = members["ana"].create_team("North", "Ana", "me")
    coach.join_team(members["ana"].new_invitation(other), "Coach", "me", "total")
    assert coach.sole_coach_teams() == ["Sales"]
    assert (
        members["ana"].sole_coach_teams() == ["North"] and members["bea"].sole_coach_teams() == []
    )
    coach.delete_account()
    assert members["ana"].my_teams()[0].team_name == "North" and members["bea"].my_teams() == []
    assert members["ana"].team_rows(other, TODAY)["label"].tolist() == ["Ana"]
    assert stored(store_db, "SELECT name FROM teams") == ["North"]
    assert team not in stored(store_db, "SELECT team_id FROM team_members")
    assert team not in stored(store_db, "SELECT team_id FROM team_invitations")
    assert len(members["ana"].snapshots("me")) == 60 and len(members["bea"].snapshots("me")) == 60
    # With another coach named first, the team stays with them.
    ana_team = members["ana"].my_teams()[0].team_id
    members["bea"].join_team(members["ana"].new_invitation(ana_team), "Bea", "me", "total")
    members["ana"].name_coach(ana_team, int(row_of(members["ana"], ana_team, "Bea")["member_id"]))
    assert members["ana"].sole_coach_teams() == []
    members["ana"].delete_account()
    assert [m.team_name for m in members["bea"].my_teams()] == ["North"]


def test_two_coaches_deleting_their_accounts_at_once_leave_no_team_without_a_coach(pg_url):
    """On PostgreSQL, where two transactions run side by side: the team's version row is held
    (as by a third change of the team in progress) while both coaches delete their accounts, so
    both deletions are under way together; once it is let go, the team must not outlive them."""
    coach, members, team = team_of(pg_url, {"ana": "pillars", "bea": "total"})
    coach.name_coach(team, int(row_of(coach, team, "Ana")["member_id"]))
    held = open_backend(pg_url)
    deletions = []
    with held.connect(write=True) as con:
        con.execute(
            "SELECT version FROM data_versions WHERE owner = :key FOR UPDATE",
            {"key": f"team:{team}"},
        )
        for store in (coach, members["ana"]):
            deletions.append(threading.Thread(target=store.delete_account))
            deletions[-1].start()
        waiting = 0
        for _ in range(200):  # until both deletions wait for the row (at most 10 s)
            with held.connect(write=False) as look:
                waiting = look.execute("SELECT count(*) FROM pg_locks WHERE NOT granted").scalar()
            if waiting == 2:
                break
            time.sleep(0.05)
        assert waiting == 2
        con.commit()
    for deletion in deletions:
        deletion.join(timeout=30)
    assert stored(pg_url, f"SELECT count(*) FROM team_members WHERE team_id = {team}") == [0]
    assert members["bea"].my_teams() == [] and len(members["bea"].snapshots("me")) == 60


def goal(target_ssi: float, days_ahead: int, **more) -> dict:
    return {"target_ssi": target_ssi, "target_date": TODAY + timedelta(days=days_ahead), **more}


def test_the_local_team_is_every_profile_of_the_owner(store_db, monkeypatch):
    from ssi_core.store import teams

    store = Store(store_db)
    store.import_snapshots("ana", history(50.0))
    store.import_snapshots("bea", history(30.0, last=TODAY - timedelta(days=20)))
    store.ensure_profile("empty")
    Store(store_db, owner="stranger").import_snapshots("theirs", history(99.0))
    store.set_goal("ana", goal(60.0, 14))
    # Bea's SSI meets her target, but her rank in the industry is unknown: not reached.
    store.set_goal("bea", goal(20.0, 14, rank_group="industry", rank_top_pct=5.0))
    rows = store.local_rows(TODAY).set_index("label")
    assert list(rows.index) == ["ana", "bea", "empty"]
    assert rows["goal_status"].tolist() == ["behind", "on_track", None]
    assert rows.loc["bea", "days_since"] == 20
    assert rows.loc["ana", "change_4w"] == pytest.approx(2.8)
    summary = store.local_summary(TODAY)
    assert summary.averages["ssi"] == 40.0 and summary.withheld is None
    kind, lines = store.local_history(TODAY)
    assert kind == "lines" and set(lines["label"]) == {"ana", "bea"}
    # Many members: the weekly median and middle half, weeks of fewer than five left out.
    monkeypatch.setattr(teams, "LINES_MAX", 1)
    monkeypatch.setattr(teams, "MIN_SHARING", 2)
    kind, band = store.local_history(TODAY)
    assert kind == "band" and list(band.columns[:2]) == ["week", "members"]
    assert (band["low"] <= band["high"]).all() and len(band) > 0


def test_the_team_token_changes_when_a_member_leaves_whatever_their_version(store_db):
    """A member who only joined has written once: a token summing the members' versions and
    the team's would lose that one and gain one for the team, and stay the same; cached team
    numbers would then still show the member who left."""
    coach, members, team = team_of(store_db, {})
    code = coach.new_invitation(team)
    newcomer = Store(store_db, owner="https://issuer#newcomer")
    newcomer.join_team(code, "Newcomer", "me", "nothing")
    before = coach.team_version(team)
    newcomer.leave_team(team)
    assert coach.team_version(team) != before
