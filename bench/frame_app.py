"""The app's frame with title-only pages: a second yardstick for the page switch.

The real app.py router (session, login check, navigation, the sidebar with its language and
profile pickers), with each page drawing only its own title in the session's language: what a
switch to any page costs before the page's content. bench/browser.py runs it beside the app.
"""

import sys
from pathlib import Path

import streamlit as st

ROOT = Path(__file__).resolve().parent.parent
# Each page's title by its URL path ("" for My SSI, the default page).
TITLES = {
    "": "overview.title",
    "about": "about.title",
    "assessment": "assessment.title",
    "what-if": "what_if.title",
    "history": "history.title",
    "import": "import_page.title",
    "plan": "plan.title",
    "team": "team.title",
    "settings": "settings.title",
}


def main() -> None:
    # Streamlit puts this file's folder on the path, not the project's.
    sys.path.insert(0, str(ROOT))
    from ssi_app import navigation
    from ssi_app.session import tr

    # The page files are named from the project's folder, not from this one.
    navigation.PAGES = tuple((str(ROOT / path), *rest) for path, *rest in navigation.PAGES)
    navigation.draw_page = lambda page: st.title(tr(TITLES[page.url_path]))
    navigation.run()


main()
