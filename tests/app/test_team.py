"""The Team page through the real app: every local profile side by side, and a hosted team seen
by its coach and by a member, each with only what the store lets them see."""

from datetime import date, timedelta

import pandas as pd
from streamlit.testing.v1 import AppTest

from ssi_app.widgets import escape_markdown
from ssi_core.store import Store
from tests.app.conftest import APP, open_page
from tests.app.test_login import AUTH, ISSUER, owner_of

PILLARS = ("professional_brand", "find_right_people", "insight_engagement", "strong_relationship")


def days(ssi: float, count: int = 40, ago: int = 0) -> pd.DataFrame:
    last = date.today() - timedelta(days=ago)
    frame = pd.DataFrame(
        {"date": [last - timedelta(days=n) for n in range(count)][::-1], "ssi": ssi}
    )
    for pid in PILLARS:
        frame[pid] = ssi / 4
    return frame


def shown(at: AppTest) -> str:
    parts = [*at.markdown, *at.caption, *at.title, *at.info, *at.warning, *at.get("metric")]
    words = "\n".join(str(getattr(p, "value", "")) + str(getattr(p, "label", "")) for p in parts)
    return words + "\n".join(d.value.to_string() for d in at.dataframe)


def test_every_local_profile_side_by_side_and_a_row_opens_it(app, app_db):
    store = Store(app_db)
    store.import_snapshots("Ana Client", days(60.0))
    store.import_snapshots("Bea Client", days(40.0, ago=20))
    store.set_goal("Ana Client", {"target_ssi": 55.0, "target_date": date.today() + timedelta(30)})
    at = open_page(app.run(), "team")
    table = at.dataframe[0].value
    assert list(table.iloc[:, 0]) == ["Ana Client", "Bea Client"]
    assert table.iloc[0, 1].strip() == "60.0"
    assert list(table["goal_status"]) == ["Reached", "—"]
    assert "Not measured for 20 days" in table.to_string()
    assert any("1 member without a measured SSI" in w.value for w in at.warning)
    metrics = {m.label: m.value for m in at.get("metric")}
    assert metrics["Average SSI"] == "50.0"
    # Selecting Bea's row opens her profile on My SSI.
    at.session_state["team_table_en"] = {"selection": {"rows": [1], "columns": [], "cells": []}}
    at.run()
    assert at.session_state["profile"] == "Bea Client"
    assert at.title[0].value == "My SSI"
    # In Spanish.
    at.session_state["language"] = "es"
    at = open_page(at, "team")
    assert at.title[0].value == "Equipo" and "SSI promedio" in shown(at)


def hosted(user: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    at.session_state["language"] = "en"
    at.secrets["auth"] = AUTH
    at.user = {"is_logged_in": True, "iss": ISSUER, "sub": user, "name": user.title()}
    return at


def test_a_coach_sees_what_each_shares_a_member_only_averages_and_place_leaving_counts(app_db):
    # A coach and six members: five share (SSI 41-45, the 43 one only the total), one (SSI 99)
    # shares nothing. One Store plays every user (its owner changed): no migration check each.
    store = Store(app_db, owner=owner_of({"iss": ISSUER, "sub": "coach"}))
    store.import_snapshots("default", days(70.0))
    team_id = store.create_team("Sales", "Coach", "default")
    code = store.new_invitation(team_id)
    for n, share in enumerate(["pillars", "pillars", "total", "pillars", "pillars", "nothing"]):
        store.owner = owner_of({"iss": ISSUER, "sub": f"m{n}"})
        store.import_snapshots("default", days(99.0 if share == "nothing" else 41.0 + n))
        store.join_team(code, f"Member {n}", "default", share, share_history=True)

    coach = open_page(hosted("coach").run(), "team")
    page = shown(coach)
    assert "Member 0" in page and "Shares nothing" in page
    assert "99" not in page  # the member who shares nothing
    assert {m.label: m.value for m in coach.get("metric")}["Average SSI"] == "43.0"

    member = open_page(hosted("m1").run(), "team")
    page = shown(member)
    assert "Member 0" not in page and "99" not in page
    metrics = {m.label: m.value for m in member.get("metric")}
    assert metrics["Average SSI"] == "43.0" and metrics["Your place in the team"] == "4 of 5"

    # A member leaves: the coach's next run shows four sharing, and no averages.
    member.button(key="team_leave").click().run()
    coach.run()
    assert "Member 1" not in shown(coach) and "Average SSI" not in shown(coach)
    assert any("only 4 members share" in i.value for i in coach.info)


def coach_and_ana(app_db, team: str) -> tuple[Store, int]:
    """A team (its coach, "coach") that Ana joined sharing her pillars and history; the store is
    left as Ana's, and the team's id."""
    store = Store(app_db, owner=owner_of({"iss": ISSUER, "sub": "coach"}))
    team_id = store.create_team(team, "Coach", "default")
    code = store.new_invitation(team_id)
    store.owner = owner_of({"iss": ISSUER, "sub": "ana"})
    store.import_snapshots("default", days(50.0))
    store.join_team(code, "Ana", "default", "pillars", share_history=True)
    return store, team_id


def test_deleting_ones_account_takes_them_out_of_the_team_at_once_and_logs_out(app_db):
    store, team_id = coach_and_ana(app_db, "Sales")

    at = open_page(hosted("ana").run(), "settings")
    button = at.button(key="delete_account")
    assert button.label == "Delete my account and all my data" and button.disabled
    at.text_input(key="delete_account_text").input("delete").run()
    at.button(key="delete_account").click().run()
    assert at.user == {"is_logged_in": False}
    assert store.profiles() == [] and store.my_teams() == []
    store.owner = owner_of({"iss": ISSUER, "sub": "coach"})
    assert store.team_rows(team_id)["label"].tolist() == ["Coach"]


def test_the_only_coach_is_told_their_account_takes_the_team_and_it_does(app_db):
    store, _ = coach_and_ana(app_db, "*North* [x](https://e.example)")

    member = open_page(hosted("ana").run(), "settings")
    assert not member.warning  # a member's account takes no team
    coach = open_page(hosted("coach").run(), "settings")
    [warning] = coach.warning
    assert "only coach of the team" in warning.value
    # The team's name is the coach's text: shown as written, never as Markdown.
    name = "*North* [x](https://e.example)"
    assert f"“{escape_markdown(name)}”" in warning.value and name not in warning.value
    coach.text_input(key="delete_account_text").input("DELETE").run()
    coach.button(key="delete_account").click().run()
    assert coach.user == {"is_logged_in": False}
    assert store.my_teams() == [] and len(store.snapshots("default")) == 40
