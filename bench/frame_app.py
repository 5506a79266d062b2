"""The app's frame with title-only pages: a second yardstick for the page switch.

The real app.py router (session, login check, navigation, the sidebar with its language and
profile pickers), with each page drawing only its own title in the session's language: what a
switch to any page costs before the page's content. bench/browser.py runs it beside the app.
"""

import sys
from pathlib import Path

import streamlit as st

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    # Streamlit puts this file's folder on the path, not the project's.
    sys.path.insert(0, str(ROOT))
    from ssi_app import navigation
    from ssi_app.session import tr
    from tests.support import PAGE_TITLES

    # The page files are named from the project's folder, not from this one.
    navigation.PAGES = tuple((str(ROOT / path), *rest) for path, *rest in navigation.PAGES)
    navigation.draw_page = lambda page: st.title(tr(PAGE_TITLES[page.url_path or None]))
    navigation.run()


main()
