"""A real-browser journey: open the demo, set a goal, read its status, download the report."""

from playwright.sync_api import expect

from tests.e2e.conftest import open_app, settled, shot


def test_set_a_goal_and_download_the_report(server, page):
    open_app(page, f"{server.url}/?profile=Goals")
    page.get_by_role("button", name="Open the demo profile").click()
    expect(page.get_by_text("No goal yet")).to_be_visible()
    settled(page)

    page.get_by_text("Set a goal", exact=True).click()
    target = page.get_by_role("spinbutton", name="Target SSI")
    target.fill("85")
    page.get_by_role("button", name="Save the goal").click()
    status = page.locator(".st-key-goal_status")
    expect(status).to_contain_text("for 85 by")
    expect(status).to_contain_text("points a week")
    expect(page.get_by_text("Change the goal", exact=True)).to_be_visible()
    settled(page)
    status.scroll_into_view_if_needed()
    shot(page, "goals-01-status")

    page.get_by_text("One-page report", exact=True).click()
    download_button = page.get_by_role("button", name="Download the report")
    download_button.scroll_into_view_if_needed()
    with page.expect_download() as made:
        download_button.click()
    report = made.value
    assert report.suggested_filename.endswith(".pdf")
    with open(report.path(), "rb") as handle:
        assert handle.read(5) == b"%PDF-"
