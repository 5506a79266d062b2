"""A hosted team in a real browser, three users logged in through the local OpenID provider: a
coach (alice), a member who shares her total and pillars (bob), and one who shares nothing
(carol). What each sees, and that carol's numbers reach nobody else's browser at all: every
message the server sends a user is searched for them (the member table is a canvas, so its
numbers are not page text), before and after bob leaves.
"""

import struct
from datetime import date, timedelta

import pandas as pd
import pytest
from playwright.sync_api import Page, expect

from ssi_core.i18n import fmt_number
from ssi_core.store import Store
from tests.e2e.conftest import (
    ONLY_THIS_MACHINE,
    TIMEOUT_MS,
    log_in,
    open_page,
    settled,
    shot,
)

pytestmark = pytest.mark.filterwarnings("ignore:.*deprecated")

PILLARS = ("professional_brand", "find_right_people", "insight_engagement", "strong_relationship")
BOB = (12.5, 14.25, 11.75, 16.5)  # SSI 55
CAROL = (23.7, 19.3, 22.9, 21.6)  # SSI 87.5


def measured(store: Store, pillars: tuple[float, ...]) -> None:
    days = [date.today() - timedelta(days=n) for n in range(35)]
    frame = pd.DataFrame({"date": days, "ssi": round(sum(pillars), 2)})
    for pid, value in zip(PILLARS, pillars, strict=True):
        frame[pid] = value
    store.import_snapshots("default", frame)


def traces(values: tuple[float, ...]) -> list[bytes]:
    """How a number can travel to the browser: as a float64 (Arrow columns, chart data), or as
    text, written as the app writes it (one decimal, either decimal mark) or with two."""
    numbers = (*values, round(sum(values), 2))
    found = [struct.pack("<d", v) for v in numbers]
    texts = {fmt_number(v, "en", 1) for v in numbers} | {f"{v:.2f}" for v in numbers}
    for text in texts:
        found += [text.encode(), text.replace(".", ",").encode()]
    return found


def received(frames: list[bytes], values: tuple[float, ...]) -> list[bytes]:
    """The traces of `values` found in what the server sent."""
    return [trace for trace in traces(values) if any(trace in frame for frame in frames)]


def user_tab(browser, server, name: str) -> tuple[Page, list[bytes]]:
    """A browser context of its own for `name`, logged in, with every websocket message the
    server sends it recorded."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="en-US")
    tab = context.new_page()
    tab.set_default_timeout(TIMEOUT_MS)
    tab.route(ONLY_THIS_MACHINE, lambda route: route.abort())
    frames: list[bytes] = []

    def record(socket) -> None:
        socket.on(
            "framereceived",
            lambda payload: frames.append(
                payload if isinstance(payload, bytes) else payload.encode()
            ),
        )

    tab.on("websocket", record)
    tab.goto(server.url)
    log_in(tab, name)
    open_page(tab, "Team", "Team")
    return tab, frames


def join(tab: Page, code: str, share: str) -> None:
    box = tab.get_by_test_id("stExpander").filter(has_text="Join a team")
    box.get_by_label("Invitation code").fill(code)
    box.get_by_role("radio", name=share, exact=True).press("Space")
    expect(box.get_by_role("radio", name=share, exact=True)).to_be_checked()
    box.get_by_role("button", name="Join").click()
    expect(tab.get_by_role("heading", name="North", exact=True)).to_be_visible()
    settled(tab)


def rerun(tab: Page) -> None:
    """Open the Team page afresh (a new run) and wait for it."""
    open_page(tab, "My SSI", "My SSI")
    open_page(tab, "Team", "Team")


def test_a_coach_sees_what_each_member_shares_and_a_non_sharing_member_is_never_sent(
    hosted, browser
):
    measured(Store(hosted.server.db, owner=hosted.owner("bob")), BOB)
    measured(Store(hosted.server.db, owner=hosted.owner("carol")), CAROL)
    _journey(browser, hosted.server)


def _journey(browser, server) -> None:
    # Alice creates the team and makes an invitation code.
    alice, alice_frames = user_tab(browser, server, "alice")
    alice.get_by_label("Team name").fill("North")
    alice.get_by_role("button", name="Create the team").click()
    expect(alice.get_by_role("heading", name="North", exact=True)).to_be_visible()
    alice.get_by_role("button", name="New invitation code").click()
    code = alice.get_by_test_id("stCode").inner_text().strip()
    assert len(code) >= 20

    # Bob joins sharing his total and pillars; carol joins sharing nothing.
    bob, bob_frames = user_tab(browser, server, "bob")
    join(bob, code, "My SSI total and pillars")
    expect(bob.get_by_text("only 1 member shares their numbers").first).to_be_visible()
    carol, _ = user_tab(browser, server, "carol")
    join(carol, code, "Nothing")

    # The coach: bob's numbers, carol's none; fewer than five share, so no averages.
    alice_frames.clear()
    rerun(alice)
    expect(alice.get_by_text("only 1 member shares their numbers").first).to_be_visible()
    expect(alice.locator(".st-key-team_table_box")).to_be_visible()
    shot(alice, "30-team-coach")
    assert received(alice_frames, BOB)
    assert not received(alice_frames, CAROL)
    # Bob, a member: his own place is withheld too, and nothing of carol's.
    rerun(bob)
    shot(bob, "31-team-member")
    assert not received(bob_frames, CAROL)

    # Bob leaves: at once, the coach gets neither his numbers nor carol's.
    bob.get_by_role("button", name="Leave this team").click()
    expect(bob.get_by_text("Create a team")).to_be_visible()
    alice_frames.clear()
    rerun(alice)
    expect(alice.get_by_text("only 0 members share their numbers").first).to_be_visible()
    assert not received(alice_frames, BOB) and not received(alice_frames, CAROL)
    assert not received(bob_frames, CAROL)
