"""Self-assessment filled from a LinkedIn data archive in the browser; a changed answer wins."""

from playwright.sync_api import expect

from ssi_core.store import Store
from tests.e2e.conftest import open_app, open_page, settled, shot, upload
from tests.support.archive import archive_bytes


def test_an_archive_fills_the_questionnaire_and_a_changed_answer_overrides(server, page, tmp_path):
    archive = tmp_path / "linkedin-data.zip"
    archive.write_bytes(archive_bytes())
    open_app(page, f"{server.url}/?profile=Archive")
    open_page(page, "Self-assessment", "Self-assessment")
    expect(page.get_by_text("never stored", exact=False)).to_be_visible()
    upload(page, "LinkedIn data archive (ZIP)", archive)
    expect(page.get_by_text("Filled 10 answers from your LinkedIn data")).to_be_visible()
    settled(page)

    headline = page.locator(".st-key-q_profile_headline").get_by_role("checkbox")
    expect(headline).to_be_checked()
    expect(page.get_by_text("From your LinkedIn data: endorsements received: 7")).to_be_visible()
    shot(page, "archive-filled")

    # The member moves an answer the archive gave: theirs wins.
    slider = page.locator(".st-key-q_skill_endorsements").get_by_role("slider")
    expect(slider).to_have_value("7")
    slider.press("ArrowRight")
    expect(slider).to_have_value("8")
    expect(page.get_by_text("You changed this answer; your LinkedIn data said 7.")).to_be_visible()
    settled(page)
    page.get_by_role("button", name="Save this assessment").click()
    expect(page.get_by_text("Assessment saved")).to_be_visible()

    saved = Store(server.db).assessments("Archive").iloc[-1]  # the server's own file
    assert saved["answers"]["skill_endorsements"] == 8
    assert "skill_endorsements" not in saved["sources"]
    assert saved["sources"]["connections"] == {"fact": "connections", "value": 40}
