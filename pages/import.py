"""Import: upload a file or paste page text, read the report, confirm, see past imports."""

import app_state

app_state.guard()

import hashlib  # noqa: E402
from datetime import date  # noqa: E402

import pandas as pd  # noqa: E402
import streamlit as st  # noqa: E402

from ssi_core import charts, importers  # noqa: E402
from ssi_core.errors import SSIError  # noqa: E402
from ssi_core.i18n import fmt_date  # noqa: E402
from ssi_core.importers import report  # noqa: E402
from ssi_core.importers.messages import text as import_text  # noqa: E402
from ssi_core.importers.model import ImportRejected  # noqa: E402
from ssi_core.importers.report import plan_against  # noqa: E402

tr, lang = app_state.tr, app_state.lang()
store = app_state.get_store()
profile = app_state.profile()


def issue_text(issue) -> str:
    """A skipped row or a warning in the session's language."""
    return report.issue_text(issue, lang)


st.title(tr("import_page.title"))
st.markdown(tr("import_page.intro"))

# --- the input: a file or pasted text ----------------------------------------------------------

upload_tab, paste_tab = st.tabs([tr("import_page.tab_file"), tr("import_page.tab_paste")])
with upload_tab:
    uploaded = st.file_uploader(
        tr("import_page.file_label"),
        type=None,
        key="import_file",
        help=tr("import_page.file_help"),
    )
with paste_tab:
    pasted = st.text_area(
        tr("import_page.paste_label"),
        key="import_text",
        height=180,
        placeholder=tr("import_page.paste_placeholder"),
    )
capture_day = st.date_input(
    tr("import_page.capture_day"),
    value=date.today(),
    max_value=date.today(),
    help=tr("import_page.capture_day_help"),
    format="DD/MM/YYYY" if lang == "es" else "YYYY-MM-DD",
    key="import_capture_day",
)

if uploaded is not None:
    raw, file_name = uploaded.getvalue(), uploaded.name
elif pasted.strip():
    raw, file_name = pasted.encode("utf-8"), tr("import_page.pasted_name")
else:
    raw, file_name = None, None

# --- read and report (nothing is written yet) -------------------------------------------------

digest = hashlib.sha256(raw).hexdigest() if raw is not None else None
committed = st.session_state.get("import_committed")
if committed is not None and committed[0] == digest:
    # Just saved: show the outcome, not the same report again.
    st.success(tr("import_page.done", **committed[1]), icon=":material/check_circle:")
    st.page_link(
        "pages/history.py", label=tr("import_page.see_history"), icon=":material/show_chart:"
    )
elif raw is not None:
    cache_key = (digest, capture_day.isoformat())
    if st.session_state.get("import_parsed_key") != cache_key:
        progress = st.progress(0.0, text=tr("import_page.reading"))
        try:
            result = importers.parse_bytes(
                raw,
                file_name,
                default_date=capture_day,
                progress=lambda share: progress.progress(
                    min(1.0, share), text=tr("import_page.reading")
                ),
            )
            error = None
        except ImportRejected as failure:
            result, error = None, import_text(failure.code, lang, **failure.params)
        except SSIError as failure:
            result, error = None, str(failure)
        progress.empty()
        st.session_state["import_parsed_key"] = cache_key
        st.session_state["import_parsed"] = (result, error)
    result, error = st.session_state["import_parsed"]

    if error is not None:
        st.error(error, icon=":material/block:")
    else:
        plan = plan_against(result, app_state.snapshots())
        with st.container(border=True, key="import_report"):
            st.subheader(tr("import_page.report"), anchor=False)
            st.caption(
                tr(
                    "import_page.detected",
                    format=import_text(f"format.{result.format}", lang),
                    encoding=result.encoding or "—",
                )
            )
            read_col, ok_col, skip_col, range_col = st.columns(4)
            read_col.metric(tr("import_page.rows_read"), result.rows_read)
            ok_col.metric(tr("import_page.rows_accepted"), result.rows_accepted)
            skip_col.metric(tr("import_page.rows_skipped"), len(result.skipped))
            span = result.date_range()
            range_col.metric(
                tr("import_page.date_range"),
                "—"
                if span is None
                else (
                    fmt_date(span[0], lang)
                    if span[0] == span[1]
                    else f"{fmt_date(span[0], lang)} – {fmt_date(span[1], lang)}"
                ),
            )
            st.markdown(
                tr(
                    "import_page.plan",
                    new=len(plan.new_dates),
                    replaced=len(plan.replaced_dates),
                    unchanged=len(plan.unchanged_dates),
                )
            )
            if result.skipped:
                with st.expander(
                    tr("import_page.skipped_rows", count=len(result.skipped)),
                    expanded=len(result.skipped) <= 10,
                ):
                    if len(result.skipped) <= 50:
                        st.markdown("\n".join(f"- {issue_text(i)}" for i in result.skipped))
                    else:
                        st.dataframe(
                            pd.DataFrame(
                                {
                                    tr("import_page.row"): [i.row for i in result.skipped],
                                    tr("import_page.reason"): [
                                        issue_text(i) for i in result.skipped
                                    ],
                                }
                            ),
                            hide_index=True,
                            width="stretch",
                        )
            for warning in result.warnings[:20]:
                st.warning(issue_text(warning), icon=":material/warning:")
            if len(result.warnings) > 20:
                st.caption(tr("import_page.more_warnings", count=len(result.warnings) - 20))
            if result.ignored_columns:
                st.caption(tr("import_page.ignored", columns=", ".join(result.ignored_columns)))
            app_state.chart(
                "import_preview",
                lambda: charts.preview_chart(result.snapshots, app_state.chart_labels(), lang),
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
            tr("import_page.confirm", profile=profile),
            type="primary",
            key="import_confirm",
            disabled=nothing_new,
            icon=":material/save:",
        ):
            with st.spinner(tr("import_page.saving")):
                counts = store.import_snapshots(
                    profile,
                    result.snapshots,
                    file_name=file_name,
                    sha256=digest,
                    format=result.format,
                    rows_read=result.rows_read,
                    rows_accepted=result.rows_accepted,
                    rows_skipped=len(result.skipped),
                )
            app_state.written()
            st.session_state.pop("import_parsed_key", None)
            st.session_state["import_committed"] = (digest, counts)
            st.rerun()

# --- past imports ------------------------------------------------------------------------------

st.subheader(tr("import_page.past"), anchor=False)
past = app_state.imports()
if past.empty:
    st.caption(tr("import_page.no_past"))
else:
    table = pd.DataFrame(
        {
            tr("import_page.col_when"): past["imported_at"],
            tr("import_page.col_file"): past["file_name"],
            tr("import_page.col_format"): [
                import_text(f"format.{f}", lang) if f else "—" for f in past["format"]
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
                format="DD/MM/YYYY HH:mm" if lang == "es" else "YYYY-MM-DD HH:mm"
            )
        },
    )
