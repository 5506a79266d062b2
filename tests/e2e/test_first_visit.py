"""A first-time visitor in each language: what the SSI is, how to get it, an import, and each
pillar's note from My SSI. On the shared local server; each language is a new browser context."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from ssi_core.i18n import t
from ssi_core.pillars import PILLARS
from tests.e2e.conftest import TIMEOUT_MS, open_app, open_page, pages_nav, settled, upload
from tests.e2e.test_journeys import TRACKER_CSV

LOCALES = {"en": "en-US", "es": "es-ES", "pt": "pt-BR"}


@pytest.mark.parametrize("lang", list(LOCALES))
def test_a_first_visit_explains_the_ssi_and_how_to_get_it(server, browser, lang):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale=LOCALES[lang])
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    try:
        # A profile of its own, so each language's visit is a first one.
        open_app(page, f"{server.url}/?profile=visitor-{lang}")
        # The browser's language is the app's; the explainer is in the navigation.
        expect(pages_nav(page).get_by_role("link", name=t("nav.about", lang))).to_be_visible()

        # What the SSI is, from the first page.
        page.get_by_role("link", name=t("empty.about", lang)).click()
        expect(page.get_by_role("heading", level=1, name=t("about.title", lang))).to_be_visible()
        settled(page)
        for pillar in PILLARS:
            expect(page.get_by_role("heading", name=pillar.label(lang))).to_be_visible()
        # Top 3% means ahead of 97% of the group (each language writes its own percent sign).
        expect(page.get_by_text(re.compile(r"Top 3\s?%.*97\s?%")).first).to_be_visible()

        # How to get your SSI: on to Import, where the guide is open.
        page.get_by_role("link", name=t("about.to_guide", lang)).click()
        title = t("import_page.title", lang)
        expect(page.get_by_role("heading", level=1, name=title)).to_be_visible()
        expect(page.get_by_text("salesApiSsi").first).to_be_visible()
        expect(page.get_by_text("linkedin.com/sales/ssi").first).to_be_visible()
        settled(page)

        # Import a tracker's file.
        upload(page, t("import_page.file_label", lang, mb="20").split(" (")[0], TRACKER_CSV)
        confirm = t("import_page.confirm", lang, profile=f"visitor-{lang}")
        page.get_by_role("button", name=confirm).click()
        done = t("import_page.done", lang, new=11, replaced=0, unchanged=0)
        expect(page.get_by_text(done)).to_be_visible()
        settled(page)

        # Each pillar's note, one click away on My SSI.
        open_page(page, t("nav.overview", lang), t("overview.title", lang))
        for pillar in PILLARS:
            page.get_by_role("button", name=pillar.short(lang), exact=True).click()
            expect(page.get_by_text(t(f"explain.{pillar.id}.summary", lang))).to_be_visible()
            page.keyboard.press("Escape")  # closes the note
    finally:
        context.close()
