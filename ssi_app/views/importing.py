"""Import: upload a file or paste page text, read the report, confirm, see past imports."""

from __future__ import annotations

import hashlib
from datetime import date

import pandas as pd
import streamlit as st

from ssi_app import charts, data, explain
from ssi_app.charts.preview import preview_chart
from ssi_app.session import lang, profile, tr
from ssi_app.widgets import escape_markdown
from ssi_core.errors import SSIError
from ssi_core.i18n import date_input_format, datetime_column_format, fmt_date, fmt_number
from ssi_core.importers import MAX_UPLOAD_BYTES, isolated, report
from ssi_core.importers.isolated import parse_isolated
from ssi_core.importers.messages import text as import_text
from ssi_core.importers.model import ImportRejected, ImportResult
from ssi_core.importers.report import plan_against

# Skipped rows up to this many are a list; more are a table, of the first SKIPPED_KEPT only:
# the session keeps no more (a file of a million bad rows must not stay in memory or be sent
# to the browser on every rerun).
SKIPPED_AS_LIST = 50
SKIPPED_KEPT = 500
WARNINGS_SHOWN = 20
MEGABYTE = 1024 * 1024


def render() -> None:
    isolated.start()  # the reader of uploads gets ready while the user picks a file
    st.title(tr("import_page.title"))
    st.markdown(tr("import_page.intro"))
    # Open for a profile with no measured day yet: the guide is what a newcomer needs first.
    explain.ssi_guide(expanded=data.date_span() is None)
    raw, file_name, capture_day = _input()
    digest = hashlib.sha256(raw).hexdigest() if raw is not None else None
    committed = st.session_state.get("import_committed")
    if committed is not None and committed[0] == digest:
        # Just saved: show the outcome, not the same report again.
        st.success(tr("import_page.done", **committed[1]), icon=":material/check_circle:")
        st.page_link(
            "pages/history.py", label=tr("import_page.see_history"), icon=":material/show_chart:"
        )
    elif raw is not None and len(raw) > MAX_UPLOAD_BYTES:
        st.error(
            tr(
                "import_page.too_large",
                size=fmt_number(len(raw) / MEGABYTE, lang(), 1),
                mb=fmt_number(MAX_UPLOAD_BYTES / MEGABYTE, lang(), 0),
            ),
            icon=":material/block:",
        )
    elif raw is not None:
        cache_key = (digest, capture_day.isoformat())
        result, skipped, error = _parsed(raw, file_name, capture_day, cache_key)
        if error is not None:
            st.error(escape_markdown(error), icon=":material/block:")
        else:
            _report_and_confirm(result, skipped, file_name, digest, cache_key)
    else:  # nothing to import (cancelled): the last file read is let go
        for key in ("import_parsed_key", "import_parsed", "import_seen_plan"):
            st.session_state.pop(key, None)
    _past_imports()


# --- the input: a file or pasted text ----------------------------------------------------------


def _input() -> tuple[bytes | None, str | None, date]:
    upload_tab, paste_tab = st.tabs([tr("import_page.tab_file"), tr("import_page.tab_paste")])
    with upload_tab:
        uploaded = st.file_uploader(
            tr("import_page.file_label", mb=fmt_number(MAX_UPLOAD_BYTES / MEGABYTE, lang(), 0)),
            type=None,
            key="import_file",
            help=tr("import_page.file_help"),
            max_upload_size=max(1, MAX_UPLOAD_BYTES // MEGABYTE),
        )
    with paste_tab:
        pasted = st.text_area(
            tr("import_page.paste_label"),
            key="import_text",
            height=180,
            max_chars=MAX_UPLOAD_BYTES,
            placeholder=tr("import_page.paste_placeholder"),
        )
    capture_day = st.date_input(
        tr("import_page.capture_day"),
        value=date.today(),
        max_value=date.today(),
        help=tr("import_page.capture_day_help"),
        format=date_input_format(lang()),
        key="import_capture_day",
    )
    if uploaded is not None:
        return uploaded.getvalue(), uploaded.name, capture_day
    if pasted.strip():
        return pasted.encode("utf-8"), tr("import_page.pasted_name"), capture_day
    return None, None, capture_day


def _parsed(
    raw: bytes, file_name: str, capture_day: date, cache_key: tuple
) -> tuple[ImportResult | None, int, str | None]:
    """The file read (once per file and capture day): the result with its first skipped rows,
    how many rows were skipped in all, or the reason the file was refused."""
    if st.session_state.get("import_parsed_key") != cache_key:
        progress = st.progress(0.0, text=tr("import_page.reading"))
        try:
            result = parse_isolated(
                raw,
                file_name,
                default_date=capture_day,
                progress=lambda share: progress.progress(
                    min(1.0, share), text=tr("import_page.reading")
                ),
            )
            error = None
        except ImportRejected as failure:
            result, error = None, import_text(failure.code, lang(), **failure.params)
        except SSIError as failure:
            result, error = None, str(failure)
        progress.empty()
        skipped = 0
        if result is not None:
            skipped = result.rows_skipped
            result.skipped = result.skipped[:SKIPPED_KEPT]
        st.session_state["import_parsed_key"] = cache_key
        st.session_state["import_parsed"] = (result, skipped, error)
    return st.session_state["import_parsed"]


# --- the report, then the confirmation (nothing is written before) ----------------------------


def _report_and_confirm(
    result: ImportResult, skipped: int, file_name: str, digest: str, cache_key
) -> None:
    plan = plan_against(result, data.snapshots())
    # The plan the user saw is the one drawn in the previous run: a click reruns the page, and
    # by then another tab or the command line may have changed the stored days.
    seen_key, seen_plan = st.session_state.get("import_seen_plan", (None, None))
    seen = seen_plan if seen_key == cache_key else plan
    st.session_state["import_seen_plan"] = (cache_key, plan)
    if st.session_state.pop("import_plan_changed", False):
        st.warning(tr("import_page.plan_changed"), icon=":material/sync_problem:")
    with st.container(border=True, key="import_report"):
        _report(result, skipped, plan)
        charts.draw(
            "import_preview",
            lambda: preview_chart(result.snapshots, charts.labels(), lang()),
            cache_key,
            width="stretch",
        )
    nothing_new = not plan.new_dates and not plan.replaced_dates
    if nothing_new:
        st.info(tr("import_page.nothing_changes"), icon=":material/info:")
    if plan.replaced_dates:
        st.warning(
            tr("import_page.will_replace", count=len(plan.replaced_dates)),
            icon=":material/sync_problem:",
        )
    if st.button(
        tr("import_page.confirm", profile=escape_markdown(profile())),
        type="primary",
        key="import_confirm",
        disabled=nothing_new,
        icon=":material/save:",
    ):
        try:
            with st.spinner(tr("import_page.saving")):
                counts = data.import_snapshots(result, file_name, digest, skipped, expected=seen)
        except data.PlanChanged:
            st.session_state["import_plan_changed"] = True
            st.rerun()
        st.session_state.pop("import_parsed_key", None)
        st.session_state.pop("import_parsed", None)
        st.session_state["import_committed"] = (digest, counts)
        st.rerun()


def _report(result: ImportResult, skipped: int, plan) -> None:
    language = lang()
    st.header(tr("import_page.report"), anchor=False)
    st.caption(
        tr(
            "import_page.detected",
            format=import_text(f"format.{result.format}", language),
            encoding=result.encoding or "—",
        )
    )
    read_col, ok_col, skip_col, range_col = st.columns(4)
    read_col.metric(tr("import_page.rows_read"), result.rows_read)
    ok_col.metric(tr("import_page.rows_accepted"), result.rows_accepted)
    skip_col.metric(tr("import_page.rows_skipped"), skipped)
    span = result.date_range()
    if span is None:
        shown_span = "—"
    elif span[0] == span[1]:
        shown_span = fmt_date(span[0], language)
    else:
        shown_span = f"{fmt_date(span[0], language)} – {fmt_date(span[1], language)}"
    range_col.metric(tr("import_page.date_range"), shown_span)
    st.markdown(
        tr(
            "import_page.plan",
            new=len(plan.new_dates),
            replaced=len(plan.replaced_dates),
            unchanged=len(plan.unchanged_dates),
        )
    )
    groups = report.groups_text(result, language)
    if groups is not None:
        st.caption(groups)
    if skipped:
        _skipped_rows(result, skipped)
    for warning in result.warnings[:WARNINGS_SHOWN]:
        st.warning(escape_markdown(report.issue_text(warning, language)), icon=":material/warning:")
    if len(result.warnings) > WARNINGS_SHOWN:
        st.caption(tr("import_page.more_warnings", count=len(result.warnings) - WARNINGS_SHOWN))
    if result.ignored_columns:
        columns = ", ".join(escape_markdown(name) for name in result.ignored_columns)
        st.caption(tr("import_page.ignored", columns=columns))


def _skipped_rows(result: ImportResult, skipped: int) -> None:
    """Each skipped row and why: a list when there are few, else a table of the first ones."""
    language = lang()
    reasons = [escape_markdown(report.issue_text(i, language)) for i in result.skipped]
    with st.expander(tr("import_page.skipped_rows", count=skipped), expanded=skipped <= 10):
        if skipped <= SKIPPED_AS_LIST:
            st.markdown("\n".join(f"- {reason}" for reason in reasons))
            return
        if skipped > len(result.skipped):
            st.caption(tr("import_page.skipped_shown", shown=len(result.skipped), count=skipped))
        st.dataframe(
            pd.DataFrame(
                {
                    tr("import_page.row"): [i.row for i in result.skipped],
                    tr("import_page.reason"): [
                        report.issue_text(i, language) for i in result.skipped
                    ],
                }
            ),
            hide_index=True,
            width="stretch",
        )


# --- past imports ------------------------------------------------------------------------------


def _past_imports() -> None:
    language = lang()
    st.header(tr("import_page.past"), anchor=False)
    past = data.imports()
    if past.empty:
        st.caption(tr("import_page.no_past"))
        return
    table = pd.DataFrame(
        {
            tr("import_page.col_when"): past["imported_at"],
            tr("import_page.col_file"): past["file_name"],
            tr("import_page.col_format"): [
                import_text(f"format.{f}", language) if f else "—" for f in past["format"]
            ],
            tr("import_page.rows_accepted"): past["rows_accepted"],
            tr("import_page.rows_skipped"): past["rows_skipped"].fillna(0).astype(int),
            tr("import_page.col_new"): past["new_days"],
            tr("import_page.col_replaced"): past["replaced_days"],
        }
    )
    st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        placeholder="—",
        column_config={
            tr("import_page.col_when"): st.column_config.DatetimeColumn(
                format=datetime_column_format(language)
            )
        },
    )
