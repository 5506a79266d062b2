"""Owners never meet: every store call, on both backends, with alice and bob using the same names.

Isolation lives in the store, not in the pages: whatever name a page, URL or command passes,
one owner's store can neither see nor change another owner's profiles.
"""

from datetime import date, timedelta

import pandas as pd
import pytest

from ssi_core.export import to_csv, to_json
from ssi_core.store import Store

PILLARS = {
    "professional_brand": 10.0,
    "find_right_people": 10.0,
    "insight_engagement": 10.0,
    "strong_relationship": 10.0,
}
DAYS = [date(2026, 1, 1) + timedelta(days=n) for n in range(5)]


@pytest.fixture
def alice(store_db) -> Store:
    return Store(store_db, owner="https://id.example.com#alice")


@pytest.fixture
def bob(store_db) -> Store:
    return Store(store_db, owner="https://id.example.com#bob")


def history(ssi: float) -> pd.DataFrame:
    return pd.DataFrame({"date": DAYS, "ssi": ssi, "industry": "Sales"})


def fill(store: Store, ssi: float, sha256: str) -> None:
    """One of everything the store keeps, in the profile every user starts with."""
    store.import_snapshots("default", history(ssi), file_name="ssi.csv", sha256=sha256)
    store.save_assessment("default", {"ssi": ssi}, PILLARS, "v1")
    store.set_action_done("default", "post_weekly", True)
    store.update_profile("default", industry=f"industry {ssi:g}", industry_ssi=ssi / 2)


def test_each_owner_reads_only_their_own_data(alice, bob):
    fill(alice, 70.0, "sha-alice")
    fill(bob, 30.0, "sha-bob")
    for store, ssi, sha, other_sha in (
        (alice, 70.0, "sha-alice", "sha-bob"),
        (bob, 30.0, "sha-bob", "sha-alice"),
    ):
        assert [p.name for p in store.profiles()] == ["default"]
        assert store.profile("default").industry == f"industry {ssi:g}"
        assert set(store.snapshots("default")["ssi"]) == {ssi}
        assert list(store.imports("default")["sha256"]) == [sha]
        assert store.import_seen("default", sha) and not store.import_seen("default", other_sha)
        assert list(store.assessments("default")["answers"]) == [{"ssi": ssi}]
        assert list(store.done_actions("default")) == ["post_weekly"]
        assert f"{ssi:g}" in to_csv(store.snapshots("default"))


def test_another_owners_profile_is_unknown_by_any_name(alice, bob):
    fill(alice, 70.0, "sha-alice")
    alice.ensure_profile("Ana")
    assert bob.profiles() == [] and bob.profile("default") is None and bob.profile("Ana") is None
    for name in ("default", "Ana"):
        assert bob.snapshots(name).empty and bob.imports(name).empty
        assert bob.assessments(name).empty
        assert bob.done_actions(name) == {} and not bob.import_seen(name, "sha-alice")
        assert to_json(bob.snapshots(name)) == "[]\n"
        assert bob.delete_profile(name) is False
    assert [p.name for p in alice.profiles()] == ["default", "Ana"]
    assert len(alice.snapshots("default")) == len(DAYS)


def test_writes_under_the_same_name_never_touch_another_owner(alice, bob):
    fill(alice, 70.0, "sha-alice")
    # Bob writes the same days into the same profile name: new days for him, not replacements.
    assert bob.import_snapshots("default", history(30.0))["new"] == len(DAYS)
    assert bob.import_snapshots("default", history(31.0))["replaced"] == len(DAYS)
    bob.save_assessment("default", {"ssi": 30.0}, PILLARS, "v1")
    bob.set_action_done("default", "post_weekly", True)
    bob.set_action_done("default", "post_weekly", False)
    bob.ensure_profile("Ana")
    bob.update_profile("default", new_name="Ana's", industry="Hiring", industry_ssi=5)
    assert bob.delete_profile("Ana's") is True and bob.delete_profile("Ana") is True
    assert bob.profiles() == []

    (profile,) = alice.profiles()
    assert (profile.name, profile.industry, profile.industry_ssi) == ("default", "industry 70", 35)
    assert set(alice.snapshots("default")["ssi"]) == {70.0}
    assert len(alice.assessments("default")) == 1 and len(alice.imports("default")) == 1
    assert list(alice.done_actions("default")) == ["post_weekly"]


def test_a_rename_may_take_a_name_another_owner_uses(alice, bob):
    alice.ensure_profile("Team")
    bob.ensure_profile("Mine")
    assert bob.update_profile("Mine", new_name="Team") == "Team"
    assert [p.name for p in alice.profiles()] == ["Team"]
    assert [p.name for p in bob.profiles()] == ["Team"]
