"""What the SSI and its pillars are, where a page needs it: each pillar's note as a tooltip or
a popover, and the guides to getting one's SSI and data archive out of LinkedIn."""

from __future__ import annotations

import streamlit as st

from ssi_app.session import lang, tr
from ssi_core.pillars import PILLAR_BY_ID, PILLARS

ABOUT_PAGE = "pages/about.py"
IMPORT_PAGE = "pages/import.py"


# The sections of the import guide: three ways to take the SSI page's numbers here.
GUIDE_WAYS = ("save", "paste", "json")


def pillar_summary(pillar_id: str) -> str:
    """What a pillar measures, in one sentence."""
    return tr(f"explain.{pillar_id}.summary")


def pillar_looks_at(pillar_id: str) -> str:
    """What LinkedIn looks at for a pillar, as a Markdown list."""
    return tr(f"explain.{pillar_id}.looks_at")


def pillar_help(pillar_id: str) -> str:
    """A pillar's note for a `help=` tooltip: what it measures and what LinkedIn looks at."""
    return f"{pillar_summary(pillar_id)}\n\n{pillar_looks_at(pillar_id)}"


def pillar_notes(key: str) -> None:
    """A row of the four pillars, each opening its note (one click from wherever it is shown).

    A note is drawn only while it is open: closed, the four cost a page's reruns (a What-if
    answer's among them) and the browser's drawing of the page twelve elements less.
    """
    language = lang()
    st.caption(tr("explain.notes"))
    # A row that wraps, so each name stays whole in a narrow column (What-if's).
    row = st.container(horizontal=True, gap="small")
    for pillar in PILLARS:
        note = row.popover(
            pillar.short(language),
            icon=":material/help:",
            type="tertiary",
            key=f"{key}_{pillar.id}",
            on_change="rerun",
        )
        if note.open:
            with note:
                st.markdown(f"**{PILLAR_BY_ID[pillar.id].label(language)}**")
                st.markdown(pillar_help(pillar.id))
                st.page_link(ABOUT_PAGE, label=tr("explain.more"), icon=":material/menu_book:")


def about_link() -> None:
    """The way to the "What is the SSI" page."""
    st.page_link(ABOUT_PAGE, label=tr("about.link"), icon=":material/menu_book:")


def ssi_guide(expanded: bool) -> None:
    """How to get one's SSI out of LinkedIn: the page's address, three ways, tracker files.

    Drawn only while open: closed, it costs Import's reruns nothing.
    """
    guide = st.expander(
        tr("guide.title"),
        expanded=expanded,
        icon=":material/help:",
        key="import_guide",
        on_change="rerun",
    )
    if not guide.open:
        return
    with guide:
        st.markdown(tr("guide.intro"))
        for column, way in zip(st.columns(3, border=True), GUIDE_WAYS, strict=True):
            with column:
                st.markdown(f"**{tr(f'guide.{way}_title')}**")
                st.markdown(tr(f"guide.{way}"))
        st.markdown(f"**{tr('guide.trackers_title')}**")
        st.markdown(tr("guide.trackers"))


def archive_guide() -> None:
    """How to get LinkedIn's data archive (Settings → Data privacy → Get a copy of your data)."""
    # Drawn only when opened (every answer reruns Self-assessment, and most runs keep it shut).
    guide = st.expander(
        tr("archive_guide.title"), icon=":material/folder_zip:", key="archive_guide_open",
        on_change="rerun",
    )  # fmt: skip
    if guide.open:
        with guide, st.container(key="archive_guide"):
            st.markdown(tr("archive_guide.intro"))
            st.markdown(tr("archive_guide.steps"))
            st.caption(tr("archive_guide.privacy"))
